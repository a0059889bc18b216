//! `qaudit sample draw | show | list | size`: reproducible random samples of interactions to
//! score, who scores them, and how large a sample needs to be. One file per subcommand; this
//! file dispatches and holds what a draw records and how its parameters are shown.
//!
//! The draw itself (seeded streams, the partial Fisher–Yates choice, stratification, balanced
//! assignment) lives in [`crate::sampling`]; the subcommands gather the inputs from the store,
//! check them, and record and show the result. Everything that decides a draw is recorded with
//! the sample as [`DrawParams`], including a [`Watermark`] of the store, so `sample show ID
//! --verify` can run the same draw again as of that moment.

mod draw;
mod list;
mod show;
mod size;

use crate::cli::SampleCommand;
use crate::commands::Context;
use crate::dates;
use crate::output::{Output, Table};
use crate::sampling::EvaluatorShare;
use crate::store::samples::{Brief, Watermark};
use anyhow::Result;
use serde::{Deserialize, Serialize};

pub fn run(ctx: &Context, cmd: SampleCommand) -> Result<Output> {
    match cmd {
        SampleCommand::Draw(args) => draw::draw(ctx, &args),
        SampleCommand::Show { id, verify } => show::show(ctx, id, verify),
        SampleCommand::List => list::list(ctx),
        SampleCommand::Size(args) => size::size(&args),
    }
}

/// The rubric a sample is meant to be scored with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricRef {
    pub id: String,
    pub version: u32,
}

/// How one agent fared in a draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentOutcome {
    pub agent: String,
    /// Candidates in the period: not evaluated (unless included) and not in another open sample.
    pub available: u64,
    pub drawn: u64,
}

/// Everything that decides a draw, recorded as the sample's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawParams {
    pub algorithm: String,
    /// The period, inclusive days.
    pub from: String,
    pub to: String,
    pub per_agent: u32,
    /// The channels drawn from; empty for every channel.
    pub channels: Vec<String>,
    pub team: Option<String>,
    /// The agents asked for with --agent, if any.
    pub agent_filter: Vec<String>,
    pub rubric: Option<RubricRef>,
    pub evaluators: Vec<EvaluatorShare>,
    /// True when every evaluator has the same share.
    pub balanced: bool,
    /// `channel` when each agent's quota was spread over channels.
    pub stratify: Option<String>,
    pub include_evaluated: bool,
    /// `--double PERCENT`: the share of items given a second, blind evaluator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double: Option<u32>,
    pub seed: u64,
    /// True when qaudit chose the seed (no --seed).
    pub seed_chosen: bool,
    /// The store as it was: what a re-draw ignores.
    pub as_of: Watermark,
    /// Every agent in scope, in draw order, with what they had and what was drawn.
    pub agents: Vec<AgentOutcome>,
}

impl DrawParams {
    fn shortfall(&self) -> impl Iterator<Item = &AgentOutcome> {
        self.agents.iter().filter(|a| a.drawn < self.per_agent as u64)
    }
}

#[derive(Serialize)]
struct Short<'a> {
    agent: &'a str,
    available: u64,
    drawn: u64,
    short: u64,
}

fn shortfall(params: &DrawParams) -> Vec<Short<'_>> {
    params
        .shortfall()
        .map(|a| Short {
            agent: &a.agent,
            available: a.available,
            drawn: a.drawn,
            short: params.per_agent as u64 - a.drawn,
        })
        .collect()
}

fn shortfall_table(params: &DrawParams) -> Option<Table> {
    let short = shortfall(params);
    if short.is_empty() {
        return None;
    }
    let mut t = Table::new(&["agent", "available", "drawn", "short"]).titled(format!(
        "Short of the quota of {} ({} agent(s))",
        params.per_agent,
        short.len()
    ));
    for s in short {
        t.row(vec![
            s.agent.to_string(),
            s.available.to_string(),
            s.drawn.to_string(),
            s.short.to_string(),
        ]);
    }
    Some(t)
}

fn parameter_fields(params: &DrawParams) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("Period", format!("{} to {}", params.from, params.to)),
        (
            "Per agent",
            format!(
                "{}{}",
                params.per_agent,
                if params.stratify.is_some() {
                    ", spread over channels by volume"
                } else {
                    ""
                }
            ),
        ),
        (
            "Channels",
            if params.channels.is_empty() {
                "all".to_string()
            } else {
                params.channels.join(", ")
            },
        ),
    ];
    if let Some(team) = &params.team {
        fields.push(("Team", team.clone()));
    }
    if !params.agent_filter.is_empty() {
        fields.push(("Agents", params.agent_filter.join(", ")));
    }
    fields.push((
        "Rubric",
        params
            .rubric
            .as_ref()
            .map_or("not set".to_string(), |r| format!("{} v{}", r.id, r.version)),
    ));
    let evaluators: Vec<String> = params
        .evaluators
        .iter()
        .map(|e| {
            if params.balanced {
                e.id.clone()
            } else {
                format!("{}:{}", e.id, e.share)
            }
        })
        .collect();
    fields.push((
        "Evaluators",
        format!(
            "{} ({})",
            evaluators.join(", "),
            if params.balanced { "equal shares" } else { "by share" }
        ),
    ));
    fields.push((
        "Evaluated",
        if params.include_evaluated {
            "included".to_string()
        } else {
            "left out".to_string()
        },
    ));
    fields.push((
        "Seed",
        if params.seed_chosen {
            format!("{} (chosen at random)", params.seed)
        } else {
            params.seed.to_string()
        },
    ));
    fields
}

fn occurred(b: &Brief) -> String {
    dates::short(&b.occurred_at)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}
