//! `qaudit sample draw | show | list | size`: reproducible random samples of interactions to
//! score, who scores them, and how large a sample needs to be.
//!
//! The draw itself (seeded streams, the partial Fisher–Yates choice, stratification, balanced
//! assignment) lives in [`crate::sampling`]; this file gathers the inputs from the store, checks
//! them, and records and shows the result. Everything that decides a draw is recorded with the
//! sample as [`DrawParams`], including a [`Watermark`] of the store, so `sample show ID --verify`
//! can run the same draw again as of that moment.

use super::Context;
use crate::cli::{SampleCommand, SampleDrawArgs, SampleSizeArgs};
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table, score};
use crate::roles::Role;
use crate::rubric::Subject;
use crate::sampling::Stratify;
use crate::sampling::{self, ALGORITHM, EvaluatorShare};
use crate::stats::{self, Confidence, SampleSize, StatsError};
use crate::store::Store;
use crate::store::samples::{Brief, DrawScope, ItemStatus, NewSample, SampleRecord, Watermark};
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub fn run(ctx: &Context, cmd: SampleCommand) -> Result<Output> {
    match cmd {
        SampleCommand::Draw(args) => draw(ctx, &args),
        SampleCommand::Show { id, verify } => show(ctx, id, verify),
        SampleCommand::List => list(ctx),
        SampleCommand::Size(args) => size(&args),
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

/// The result of running a draw.
struct Drawn {
    /// In position order: the interaction and its evaluator.
    items: Vec<(Brief, String)>,
    /// The double-scoring items: the interaction and its second evaluator.
    doubles: Vec<(Brief, String)>,
    agents: Vec<AgentOutcome>,
    assignment: sampling::Assignment,
}

/// Runs a draw: per agent (in the order given), the candidates from the store in stable order,
/// then [`sampling::draw_agent`] with the agent's own stream; then the assignment. Only one
/// agent's candidates (their store numbers, and channels when stratifying) are in memory at a
/// time.
/// How a draw picks and assigns, beside the scope and the agents.
struct DrawPlan<'a> {
    per_agent: u32,
    stratify: bool,
    seed: u64,
    evaluators: &'a [EvaluatorShare],
    /// `--double PERCENT`.
    double: Option<u32>,
}

fn execute(store: &Store, scope: &DrawScope, agents: &[String], plan: &DrawPlan<'_>) -> Result<Drawn> {
    let DrawPlan {
        per_agent,
        stratify,
        seed,
        evaluators,
        double,
    } = *plan;
    let mut candidates = store.candidates(scope, stratify)?;
    let (mut rowids, mut channels) = (Vec::new(), Vec::new());
    let mut chosen = Vec::new();
    let mut outcomes = Vec::with_capacity(agents.len());
    for agent in agents {
        candidates.of_agent(agent, &mut rowids, &mut channels)?;
        let names: Vec<&str> = if stratify {
            channels.iter().map(|&c| candidates.channel(c)).collect()
        } else {
            vec![""; rowids.len()]
        };
        let mut rng = sampling::agent_rng(seed, agent);
        let picked = sampling::draw_agent(&mut rng, &names, per_agent as usize, stratify);
        outcomes.push(AgentOutcome {
            agent: agent.clone(),
            available: rowids.len() as u64,
            drawn: picked.len() as u64,
        });
        chosen.extend(picked.into_iter().map(|i| rowids[i]));
    }
    drop(candidates);
    let briefs = store.briefs(&chosen)?;
    let mut excluded = Vec::with_capacity(briefs.len());
    for b in &briefs {
        let already = if scope.include_evaluated {
            store.evaluators_of(b.rowid, scope.as_of.evaluation)?
        } else {
            Vec::new()
        };
        let out: Vec<usize> = evaluators
            .iter()
            .enumerate()
            .filter(|(_, e)| e.id == b.agent || already.contains(&e.id))
            .map(|(i, _)| i)
            .collect();
        excluded.push(out);
    }
    let shares: Vec<u32> = evaluators.iter().map(|e| e.share).collect();
    let assignment = sampling::assign(&excluded, &shares).map_err(|item| {
        let b = &briefs[item];
        let names: Vec<&str> = evaluators.iter().map(|e| e.id.as_str()).collect();
        UserError::new(
            format!(
                "no evaluator may score interaction {} of agent {}: the evaluators ({}) are its agent or already scored it",
                b.interaction,
                b.agent,
                names.join(", ")
            ),
            "add another evaluator with --evaluators, or leave that agent out with --agent",
        )
    })?;
    let doubles = sampling::double::assign_doubles(
        seed,
        double.unwrap_or(0),
        &assignment.evaluator_of,
        &excluded,
        evaluators.len(),
    )
    .into_iter()
    .map(|(item, e)| (briefs[item].clone(), evaluators[e].id.clone()))
    .collect();
    let items = briefs
        .into_iter()
        .zip(&assignment.evaluator_of)
        .map(|(b, &e)| (b, evaluators[e].id.clone()))
        .collect();
    Ok(Drawn {
        items,
        doubles,
        agents: outcomes,
        assignment,
    })
}

fn parse_day(flag: &str, text: &str) -> Result<NaiveDate> {
    dates::parse_day(text, dates::today())
        .map_err(|m| UserError::new(format!("--{flag} {text:?} is not a day"), m).into())
}

fn draw(ctx: &Context, args: &SampleDrawArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = if args.dry_run {
        ctx.actor()
    } else {
        ctx.require_role(&store, Role::Lead, "draw samples")?.id
    };
    let (first, last) = (parse_day("from", &args.from)?, parse_day("to", &args.to)?);
    if first > last {
        return refuse(
            format!("--from {first} is after --to {last}"),
            "give the first day of the period with --from and the last with --to",
        );
    }
    if args.per_agent == 0 {
        return refuse(
            "--per-agent 0 draws nothing",
            "give how many interactions to draw for each agent, e.g. --per-agent 4",
        );
    }
    let rubric = match &args.rubric {
        Some(id) => Some(store.rubric(id, None)?),
        None => None,
    };
    if let Some(r) = &rubric
        && r.subject != Subject::Interaction
    {
        return refuse(
            format!("rubric {} scores visits, not interactions", r.id),
            "draw samples for an interaction rubric such as call-quality; visits are planned with `qaudit visit plan`",
        );
    }
    let channels = channels(&store, args, rubric.as_ref())?;
    let agents = agents(&store, args)?;
    let evaluators = evaluators(&store, args.evaluators.as_deref())?;
    let (seed, seed_chosen) = match args.seed {
        Some(s) => (s, false),
        None => (sampling::os_seed(), true),
    };
    let (from, to) = dates::day_range(Some(first), Some(last));
    let scope = DrawScope {
        from: from.expect("a day was given"),
        to: to.expect("a day was given"),
        channels: channels.clone(),
        include_evaluated: args.include_evaluated,
        as_of: store.watermark()?,
    };
    let stratify = args.stratify == Some(Stratify::Channel);
    let state = store.draw_state()?;
    if args.double.is_some_and(|p| p > 0) && evaluators.len() < 2 {
        return refuse(
            "--double needs at least two evaluators: the second opinion comes from someone else",
            "name two or more with --evaluators, e.g. --evaluators eva,tom --double 10",
        );
    }
    let drawn = execute(
        &store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: args.per_agent,
            stratify,
            seed,
            evaluators: &evaluators,
            double: args.double,
        },
    )?;
    if drawn.items.is_empty() {
        let what = if args.include_evaluated {
            "no interactions"
        } else {
            "no interactions that are not yet evaluated"
        };
        return refuse(
            format!(
                "{what} in {first} to {last} for the {} agent(s) in scope{}; nothing was drawn",
                agents.len(),
                if channels.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", channels.join(", "))
                }
            ),
            "widen the period or the filters; interactions already in an open sample are not drawn again (`qaudit queue` lists them)",
        );
    }
    let params = DrawParams {
        algorithm: ALGORITHM.to_string(),
        from: first.to_string(),
        to: last.to_string(),
        per_agent: args.per_agent,
        channels,
        team: args.team.clone(),
        agent_filter: args.agents.clone(),
        rubric: rubric.as_ref().map(|r| RubricRef {
            id: r.id.clone(),
            version: r.version,
        }),
        balanced: evaluators.iter().all(|e| e.share == evaluators[0].share),
        evaluators,
        stratify: stratify.then(|| "channel".to_string()),
        include_evaluated: args.include_evaluated,
        double: args.double,
        seed,
        seed_chosen,
        as_of: scope.as_of,
        agents: drawn.agents.clone(),
    };
    let params_json = serde_json::to_value(&params)?;
    let sample = if args.dry_run {
        None
    } else {
        let new = NewSample {
            seed,
            params: params_json,
            period_from: params.from.clone(),
            period_to: params.to.clone(),
            rubric: params.rubric.as_ref().map(|r| r.id.clone()),
            items: drawn.items.clone(),
        };
        Some(store.write(&actor, |tx| {
            // The draw read the store outside this transaction: if someone scored or drew
            // meanwhile, an item could be scored already or be in their sample too.
            if tx.draw_state()? != state {
                return refuse(
                    "the store changed while the sample was drawn (an evaluation or a sample was added); nothing was recorded",
                    "run the same command again",
                );
            }
            let id = tx.insert_sample(&new)?;
            tx.insert_doubles(id, &drawn.doubles)?;
            Ok(id)
        })?)
    };
    if seed_chosen {
        ctx.notice(&format!(
            "Seed {seed} was chosen at random; it is recorded, and --seed {seed} repeats this draw."
        ));
    }
    if !drawn.assignment.on_target() {
        ctx.notice(
            "The evaluators' shares could not be met exactly: some evaluators are also agents in this sample, and nobody scores their own work.",
        );
    }
    Ok(draw_output(sample, &params, &drawn))
}

/// The channels to draw from: --channel (each known, and covered by the rubric if one is given),
/// else the rubric's channels, else every channel.
fn channels(store: &Store, args: &SampleDrawArgs, rubric: Option<&crate::rubric::Rubric>) -> Result<Vec<String>> {
    let asked: BTreeSet<String> = args.channels.iter().map(|c| c.trim().to_string()).collect();
    if asked.is_empty() {
        let mut from_rubric: Vec<String> = rubric.map(|r| r.channels.clone()).unwrap_or_default();
        from_rubric.sort();
        from_rubric.dedup();
        return Ok(from_rubric);
    }
    if let Some(r) = rubric
        && !r.channels.is_empty()
        && let Some(c) = asked.iter().find(|c| !r.channels.contains(c))
    {
        return refuse(
            format!("rubric {} is for {}, not {c}", r.id, r.channels.join(", ")),
            "draw only the channels the rubric scores, or choose another rubric (`qaudit rubric list`)",
        );
    }
    for c in &asked {
        if store.has_channel(c)? {
            continue;
        }
        let known = store.channels()?;
        return refuse(
            format!("no interaction in the store has channel `{c}`"),
            if known.is_empty() {
                "import interactions first with `qaudit interaction import FILE.csv`".to_string()
            } else {
                format!("channels in the store: {}", known.join(", "))
            },
        );
    }
    Ok(asked.into_iter().collect())
}

/// The agents in scope, by id: --agent (each must exist, and be in --team if given), else the
/// team's, else everyone.
fn agents(store: &Store, args: &SampleDrawArgs) -> Result<Vec<String>> {
    if let Some(team) = &args.team
        && store.agents(Some(team))?.is_empty()
    {
        return refuse(
            format!("no agents in team `{team}`"),
            "`qaudit agent list` shows the agents and their teams",
        );
    }
    if args.agents.is_empty() {
        let all = store.agents(args.team.as_deref())?;
        if all.is_empty() {
            return refuse(
                "there are no agents in the store",
                "add agents with `qaudit agent add` or `qaudit agent import FILE.csv`",
            );
        }
        return Ok(all.into_iter().map(|a| a.id).collect());
    }
    let mut ids = BTreeSet::new();
    for id in &args.agents {
        let Some(agent) = store.agent(id)? else {
            return refuse(
                format!("no agent `{id}` in the store"),
                "`qaudit agent list` shows the agents",
            );
        };
        if let Some(team) = &args.team
            && agent.team.as_deref() != Some(team.as_str())
        {
            return refuse(
                format!("agent {id} is not in team {team}"),
                "leave out --team, or name only agents of that team",
            );
        }
        ids.insert(agent.id);
    }
    Ok(ids.into_iter().collect())
}

/// The evaluators and their shares: --evaluators (each a staff member with the evaluator role),
/// else every evaluator, equally.
fn evaluators(store: &Store, text: Option<&str>) -> Result<Vec<EvaluatorShare>> {
    let Some(text) = text else {
        let all = store.staff(Some(Role::Evaluator))?;
        if all.is_empty() {
            return refuse(
                "there are no evaluators to assign the sample to",
                "add one with `qaudit staff add ID --name NAME --role evaluator`",
            );
        }
        return Ok(all.into_iter().map(|s| EvaluatorShare { id: s.id, share: 1 }).collect());
    };
    let list = sampling::parse_evaluators(text).map_err(|m| {
        UserError::new(
            format!("--evaluators: {m}"),
            "write --evaluators eva,lea for equal shares or --evaluators eva:60,lea:40",
        )
    })?;
    for e in &list {
        match store.staff_member(&e.id)? {
            Some(member) if member.has(Role::Evaluator) => {}
            Some(_) => {
                return refuse(
                    format!("`{}` does not have the evaluator role", e.id),
                    format!(
                        "a lead can add it with `qaudit staff add {} --name NAME --role evaluator`",
                        e.id
                    ),
                );
            }
            None => {
                return refuse(
                    format!("`{}` is not a staff member", e.id),
                    "`qaudit staff list --role evaluator` shows the evaluators",
                );
            }
        }
    }
    Ok(list)
}

/// What a sample's items look like in JSON.
#[derive(Serialize)]
struct ItemOut<'a> {
    position: usize,
    #[serde(flatten)]
    interaction: &'a Brief,
    evaluator: &'a str,
}

#[derive(Serialize)]
struct EvaluatorLoad<'a> {
    evaluator: &'a str,
    share: u32,
    target: u64,
    assigned: u64,
}

#[derive(Serialize)]
struct DrawOut<'a> {
    /// The sample number; none for a dry run.
    sample: Option<i64>,
    dry_run: bool,
    params: &'a DrawParams,
    evaluators: Vec<EvaluatorLoad<'a>>,
    shortfall: Vec<Short<'a>>,
    items: Vec<ItemOut<'a>>,
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

/// `to do`, `draft`, or `done` with the evaluation, its score, and who scored it when that was
/// not the assigned evaluator: `done: 12 (92.5)`, `done: 14 by lea (80.0)`.
fn item_status(item: &crate::store::samples::SampleItem) -> String {
    match (item.status, item.evaluation) {
        (ItemStatus::Done, Some(e)) => {
            let by = match &item.scored_by {
                Some(who) if *who != item.evaluator => format!(" by {who}"),
                _ => String::new(),
            };
            let overall = item.overall.map(|o| format!(" ({})", score(o))).unwrap_or_default();
            format!("done: {e}{by}{overall}")
        }
        (status, _) => status.label().to_string(),
    }
}

fn occurred(b: &Brief) -> String {
    dates::short(&b.occurred_at)
}

fn draw_output(sample: Option<i64>, params: &DrawParams, drawn: &Drawn) -> Output {
    let a = &drawn.assignment;
    let loads: Vec<EvaluatorLoad> = params
        .evaluators
        .iter()
        .enumerate()
        .map(|(i, e)| EvaluatorLoad {
            evaluator: &e.id,
            share: e.share,
            target: a.targets[i],
            assigned: a.counts[i],
        })
        .collect();
    let available: u64 = params.agents.iter().map(|a| a.available).sum();
    let mut fields = vec![(
        "Sample",
        sample.map_or("not recorded (--dry-run)".to_string(), |id| id.to_string()),
    )];
    fields.extend(parameter_fields(params));
    fields.push((
        "Drawn",
        format!(
            "{} of {} candidate(s), {} agent(s)",
            drawn.items.len(),
            available,
            params.agents.len()
        ),
    ));
    fields.push((
        "Assigned",
        loads
            .iter()
            .map(|l| format!("{} {}", l.evaluator, l.assigned))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let mut t = Table::new(&["#", "interaction", "channel", "agent", "occurred", "evaluator"]);
    for (i, (b, e)) in drawn.items.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            b.interaction.clone(),
            b.channel.clone(),
            b.agent.clone(),
            occurred(b),
            e.clone(),
        ]);
    }
    let data = DrawOut {
        sample,
        dry_run: sample.is_none(),
        params,
        evaluators: loads,
        shortfall: shortfall(params),
        items: drawn
            .items
            .iter()
            .enumerate()
            .map(|(i, (b, e))| ItemOut {
                position: i + 1,
                interaction: b,
                evaluator: e,
            })
            .collect(),
    };
    let mut out = Output::new(&data).fields(fields).table(t);
    if let Some(short) = shortfall_table(params) {
        out = out.table(short);
    }
    match sample {
        Some(id) => out
            .line(format!(
                "Each evaluator sees their items with `qaudit queue --evaluator NAME`; `qaudit sample show {id}` shows progress."
            ))
            .line(format!(
                "Anyone can re-run this draw: `qaudit sample show {id} --verify`, or --seed {} with the same parameters.",
                params.seed
            )),
        None => out.line("Dry run: nothing was recorded. Run it again without --dry-run to record the sample."),
    }
}

fn list(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let samples = store.samples()?;
    let mut t = Table::new(&["sample", "drawn", "by", "from", "to", "rubric", "seed", "done"]);
    for s in &samples {
        t.row(vec![
            s.id.to_string(),
            s.created_at.get(..10).unwrap_or(&s.created_at).to_string(),
            s.created_by.clone(),
            s.period_from.clone(),
            s.period_to.clone(),
            s.rubric.clone().unwrap_or_default(),
            s.seed.to_string(),
            format!("{}/{} ({})", s.done, s.items, percent(s.done, s.items)),
        ]);
    }
    let out = Output::new(&samples);
    Ok(if samples.is_empty() {
        out.line("No samples yet. Draw one with `qaudit sample draw --from DAY --to DAY --per-agent N`.")
    } else {
        out.table(t)
    })
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

#[derive(Serialize)]
struct ShowOut<'a> {
    #[serde(flatten)]
    sample: &'a SampleRecord,
    shortfall: Vec<Short<'a>>,
    verified: Option<bool>,
}

fn show(ctx: &Context, id: i64, verify: bool) -> Result<Output> {
    let store = ctx.open()?;
    let Some(record) = store.sample(id)? else {
        return refuse(format!("no sample {id}"), "`qaudit sample list` shows the samples");
    };
    let params: Option<DrawParams> = serde_json::from_value(record.params.clone()).ok();
    let verified = if verify {
        let Some(p) = &params else {
            return refuse(
                format!("sample {id} does not record the parameters this qaudit re-draws from"),
                "it was recorded by another tool or another version; its parameters are shown by `qaudit sample show`",
            );
        };
        verify_sample(&store, id, p, &record)?;
        Some(true)
    } else {
        None
    };
    let s = &record.summary;
    let mut fields = vec![
        ("Sample", s.id.to_string()),
        ("Drawn", format!("{} by {}", dates::short(&s.created_at), s.created_by)),
    ];
    match &params {
        Some(p) => {
            fields.extend(parameter_fields(p));
            fields.push(("Algorithm", p.algorithm.clone()));
        }
        None => {
            fields.push(("Period", format!("{} to {}", s.period_from, s.period_to)));
            fields.push(("Seed", s.seed.to_string()));
        }
    }
    fields.push((
        "Progress",
        format!("{} of {} done ({})", s.done, s.items, percent(s.done, s.items)),
    ));
    let doubles = store.doubles(id)?;
    if !doubles.is_empty() {
        let done = doubles.iter().filter(|d| d.evaluation.is_some()).count();
        fields.push((
            "Double scoring",
            format!(
                "{} item(s) with a second, blind evaluator; {done} second opinion(s) in",
                doubles.len()
            ),
        ));
    }
    let mut out = Output::new(&ShowOut {
        sample: &record,
        shortfall: params.as_ref().map(shortfall).unwrap_or_default(),
        verified,
    })
    .fields(fields);
    let mut by_evaluator: Vec<(&str, [u64; 3])> = Vec::new();
    for item in &record.items {
        let slot = match by_evaluator.iter().position(|(e, _)| *e == item.evaluator) {
            Some(i) => i,
            None => {
                by_evaluator.push((&item.evaluator, [0; 3]));
                by_evaluator.len() - 1
            }
        };
        let k = match item.status {
            ItemStatus::Done => 0,
            ItemStatus::Draft => 1,
            ItemStatus::Open => 2,
        };
        by_evaluator[slot].1[k] += 1;
    }
    by_evaluator.sort_by_key(|(e, _)| *e);
    let mut t = Table::new(&["evaluator", "assigned", "done", "draft", "to do"]).titled("By evaluator");
    for (e, [done, draft, open]) in &by_evaluator {
        t.row(vec![
            e.to_string(),
            (done + draft + open).to_string(),
            done.to_string(),
            draft.to_string(),
            open.to_string(),
        ]);
    }
    out = out.table(t);
    let mut items = Table::new(&[
        "#",
        "interaction",
        "channel",
        "agent",
        "occurred",
        "evaluator",
        "status",
    ])
    .titled("Items");
    for item in &record.items {
        items.row(vec![
            item.position.to_string(),
            item.interaction.interaction.clone(),
            item.interaction.channel.clone(),
            item.interaction.agent.clone(),
            occurred(&item.interaction),
            item.evaluator.clone(),
            item_status(item),
        ]);
    }
    out = out.table(items);
    if let Some(short) = params.as_ref().and_then(shortfall_table) {
        out = out.table(short);
    }
    if verified == Some(true) {
        out = out.line(format!(
            "Verified: drawing again from seed {} with the recorded parameters, against the store as it was, gives the same {} interaction(s) and evaluators.",
            s.seed,
            record.items.len()
        ));
    }
    Ok(out)
}

/// Runs the recorded draw again as of its watermark and refuses, listing the differences, when
/// it does not give the recorded items.
fn verify_sample(store: &Store, id: i64, p: &DrawParams, record: &SampleRecord) -> Result<()> {
    if p.algorithm != ALGORITHM {
        return refuse(
            format!(
                "sample {id} was drawn with {}; this qaudit draws with {ALGORITHM}",
                p.algorithm
            ),
            "verify it with the qaudit release that drew it",
        );
    }
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (from, to) = dates::day_range(day(&p.from), day(&p.to));
    let (Some(from), Some(to)) = (from, to) else {
        return refuse(
            format!(
                "sample {id} records a period that is not two days ({} to {})",
                p.from, p.to
            ),
            "the sample's parameters were changed outside qaudit",
        );
    };
    let scope = DrawScope {
        from,
        to,
        channels: p.channels.clone(),
        include_evaluated: p.include_evaluated,
        as_of: Watermark {
            before_sample: id,
            ..p.as_of
        },
    };
    let agents: Vec<String> = p.agents.iter().map(|a| a.agent.clone()).collect();
    let again = execute(
        store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: p.per_agent,
            stratify: p.stratify.is_some(),
            seed: p.seed,
            evaluators: &p.evaluators,
            double: p.double,
        },
    )?;
    let recorded: Vec<(&str, &str)> = record
        .items
        .iter()
        .map(|i| (i.interaction.interaction.as_str(), i.evaluator.as_str()))
        .collect();
    let redrawn: Vec<(&str, &str)> = again
        .items
        .iter()
        .map(|(b, e)| (b.interaction.as_str(), e.as_str()))
        .collect();
    // The double-scoring items (`--double`) are re-drawn too, as a set of (interaction, second
    // evaluator).
    let mut doubles_recorded: Vec<(String, String)> = store
        .doubles(id)?
        .into_iter()
        .map(|d| (d.interaction, d.evaluator))
        .collect();
    let mut doubles_redrawn: Vec<(String, String)> = again
        .doubles
        .iter()
        .map(|(b, e)| (b.interaction.clone(), e.clone()))
        .collect();
    doubles_recorded.sort();
    doubles_redrawn.sort();
    if doubles_recorded != doubles_redrawn {
        return refuse(
            format!(
                "sample {id} is not reproduced: drawing again from seed {} gives other double-scoring items ({} recorded, {} re-drawn)",
                p.seed,
                doubles_recorded.len(),
                doubles_redrawn.len()
            ),
            "the sample's double-scoring items were changed outside qaudit (`qaudit log --entity sample:ID` shows its history)",
        );
    }
    if recorded == redrawn {
        return Ok(());
    }
    let mut details = Vec::new();
    let find = |list: &[(&str, &str)], x: &str| list.iter().find(|(i, _)| *i == x).map(|(_, e)| e.to_string());
    for (i, e) in &recorded {
        match find(&redrawn, i) {
            None => details.push(format!("  {i}: recorded (for {e}), not drawn again")),
            Some(e2) if e2 != *e => details.push(format!("  {i}: recorded for {e}, drawn again for {e2}")),
            _ => {}
        }
    }
    for (i, e) in &redrawn {
        if find(&recorded, i).is_none() {
            details.push(format!("  {i}: drawn again (for {e}), not recorded"));
        }
    }
    if details.is_empty() {
        details.push("  the same interactions, in another order".to_string());
    }
    Err(UserError::new(
        format!(
            "sample {id} is not reproduced: drawing again from seed {} gives {} difference(s)",
            p.seed,
            details.len()
        ),
        "the store changed in a way the draw cannot see past: an evaluation voided or an agent's interactions changed since the draw, or the sample was edited outside qaudit (`qaudit log --entity sample:ID` shows its history)",
    )
    .with_details(details)
    .into())
}

/// `sample size`, in either form.
fn size(args: &SampleSizeArgs) -> Result<Output> {
    let confidence = Confidence::new(args.confidence).map_err(stats_refusal)?;
    let pct = |x: f64| format!("{}%", num(x * 100.0));
    match args.sd {
        Some(sd) => {
            let Some(margin) = args.margin else {
                return refuse(
                    "--sd needs --margin: how close to the true average, in points",
                    "e.g. qaudit sample size --sd 12 --margin 3",
                );
            };
            let s = stats::mean_sample_size(sd, margin, confidence, args.population).map_err(stats_refusal)?;
            let mut fields = vec![
                (
                    "Estimate",
                    format!(
                        "an agent's average score within ±{} points, at {} confidence",
                        num(margin),
                        pct(confidence.level())
                    ),
                ),
                (
                    "Method",
                    match args.population {
                        Some(_) => "Cochran, with the finite-population correction",
                        None => "Cochran, without population correction",
                    }
                    .to_string(),
                ),
                (
                    "Formula",
                    match args.population {
                        Some(_) => "n0 = (z × s / m)²,  n = ⌈n0 / (1 + n0/N)⌉",
                        None => "n = ⌈(z × s / m)²⌉",
                    }
                    .to_string(),
                ),
                (
                    "Inputs",
                    format!(
                        "s = {} (standard deviation of scores), m = {}, z = {:.4}{}",
                        num(sd),
                        num(margin),
                        s.z,
                        args.population.map(|n| format!(", N = {n}")).unwrap_or_default()
                    ),
                ),
            ];
            let working = match args.population {
                Some(big_n) => format!(
                    "n0 = ({:.4} × {} / {})² = {:.2}; {:.2} / (1 + {:.2}/{big_n}) = {:.2}",
                    s.z,
                    num(sd),
                    num(margin),
                    s.n0,
                    s.n0,
                    s.n0,
                    s.n0 / (1.0 + s.n0 / big_n as f64)
                ),
                None => format!("({:.4} × {} / {})² = {:.2}", s.z, num(sd), num(margin), s.n0),
            };
            fields.push(("Working", working));
            fields.push(("Evaluations", s.n.to_string()));
            Ok(Output::new(&SizeOut::new("mean", &s, args, confidence, Some(sd), margin)).fields(fields))
        }
        None => {
            let margin = args.margin.unwrap_or(0.05);
            let s = stats::proportion_sample_size(margin, confidence, args.proportion, args.population)
                .map_err(stats_refusal)?;
            let p = args.proportion;
            let mut fields = vec![
                (
                    "Estimate",
                    format!(
                        "a proportion (e.g. the pass rate) within ±{}, at {} confidence",
                        pct(margin),
                        pct(confidence.level())
                    ),
                ),
                (
                    "Method",
                    match args.population {
                        Some(_) => "Cochran, with the finite-population correction",
                        None => "Cochran, for an unlimited population",
                    }
                    .to_string(),
                ),
                (
                    "Formula",
                    match args.population {
                        Some(_) => "n0 = z² p(1−p) / e²,  n = ⌈n0 / (1 + (n0 − 1)/N)⌉",
                        None => "n = ⌈z² p(1−p) / e²⌉",
                    }
                    .to_string(),
                ),
                (
                    "Inputs",
                    format!(
                        "{}p = {}, e = {}, z = {:.4}",
                        args.population.map_or(String::new(), |n| format!("N = {n}, ")),
                        num(p),
                        num(margin),
                        s.z,
                    ),
                ),
                (
                    "Working",
                    format!(
                        "n0 = {:.4}² × {} × {} / {}² = {:.2}",
                        s.z,
                        num(p),
                        num(1.0 - p),
                        num(margin),
                        s.n0
                    ),
                ),
            ];
            if let Some(n) = args.population {
                fields.push((
                    "",
                    format!(
                        "n = {:.2} / (1 + {:.2}/{n}) = {:.2}",
                        s.n0,
                        s.n0 - 1.0,
                        s.n0 / (1.0 + (s.n0 - 1.0) / n as f64)
                    ),
                ));
            }
            fields.push(("Evaluations", s.n.to_string()));
            let out = Output::new(&SizeOut::new("proportion", &s, args, confidence, None, margin)).fields(fields);
            Ok(if args.population.is_none() {
                out.line(
                    "With --population N (the interactions in the period) the finite-population correction applies.",
                )
            } else {
                out
            })
        }
    }
}

/// `sample size` as JSON.
#[derive(Serialize)]
struct SizeOut {
    kind: &'static str,
    n: u64,
    n0: f64,
    z: f64,
    population: Option<u64>,
    margin: f64,
    confidence: f64,
    proportion: Option<f64>,
    sd: Option<f64>,
}

impl SizeOut {
    fn new(
        kind: &'static str,
        s: &SampleSize,
        args: &SampleSizeArgs,
        confidence: Confidence,
        sd: Option<f64>,
        margin: f64,
    ) -> SizeOut {
        SizeOut {
            kind,
            n: s.n,
            n0: s.n0,
            z: s.z,
            population: s.population,
            margin,
            confidence: confidence.level(),
            proportion: sd.is_none().then_some(args.proportion),
            sd,
        }
    }
}

/// A number without trailing zeros: 0.05, 12, 2.5.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

fn stats_refusal(e: StatsError) -> anyhow::Error {
    UserError::new(
        e.to_string(),
        "e.g. `qaudit sample size --population 10000 --margin 0.05 --confidence 0.95` or `qaudit sample size --sd 12 --margin 3`",
    )
    .into()
}
