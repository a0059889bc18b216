//! `qaudit sample draw`: the flags as a draw request for [`crate::sampling::draw`], and the
//! sample drawn as fields and tables.

use super::{occurred, shortfall_table};
use crate::cli::SampleDrawArgs;
use crate::commands::Context;
use crate::commands::listing::lang_of;
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::output::{Output, Table};
use crate::sampling::draw::{self as sampling_draw, Drawn, Sampled};
use crate::sampling::new_hires::NewHireQuota;
use crate::sampling::params::{DrawParams, DrawRequest, Shortfall};
use crate::store::samples::Brief;
use anyhow::Result;
use serde::Serialize;

pub(super) fn draw(ctx: &Context, args: &SampleDrawArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let req = DrawRequest {
        from: args.from.clone(),
        to: args.to.clone(),
        per_agent: args.per_agent,
        rubric: args.rubric.clone(),
        channels: args.channels.clone(),
        team: args.team.clone(),
        agents: args.agents.clone(),
        evaluators: args.evaluators.clone(),
        stratify: args.stratify,
        include_evaluated: args.include_evaluated,
        double: args.double,
        new_hire: args
            .new_hire_weeks
            .zip(args.new_hire_per_agent)
            .map(|(weeks, per_agent)| NewHireQuota { weeks, per_agent }),
        seed: args.seed,
        dry_run: args.dry_run,
    };
    let l = Labels::of("people", lang_of(&store, args.lang, args.rubric.as_deref())?);
    let Sampled { sample, params, drawn } = sampling_draw::draw(&mut store, &actor, &req, dates::today())?;
    if params.seed_chosen {
        ctx.notice(&fill!(l, "sd_seed_chosen", seed = params.seed));
    }
    if !drawn.assignment.on_target() {
        ctx.notice(&l.get("sd_shares_missed"));
    }
    Ok(draw_output(sample, &params, &drawn, &l))
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
    shortfall: Vec<Shortfall<'a>>,
    items: Vec<ItemOut<'a>>,
}

/// The sample drawn, worded in `l`'s language.
fn draw_output(sample: Option<i64>, params: &DrawParams, drawn: &Drawn, l: &Labels) -> Output {
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
        l.get("ss_sample"),
        sample.map_or(l.get("sd_not_recorded"), |id| id.to_string()),
    )];
    fields.extend(params.describe(l));
    fields.push((
        l.get("ss_drawn"),
        fill!(
            l,
            "sd_drawn_value",
            items = drawn.items.len(),
            candidates = available,
            agents = params.agents.len()
        ),
    ));
    fields.push((
        l.get("sd_assigned"),
        loads
            .iter()
            .map(|load| format!("{} {}", load.evaluator, load.assigned))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let heads = [
        "#",
        "ss_col_interaction",
        "ss_col_channel",
        "ss_col_agent",
        "ss_col_occurred",
        "ss_col_evaluator",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&heads.each_ref().map(String::as_str));
    for (i, (b, e)) in drawn.items.iter().enumerate() {
        let when = occurred(b);
        t.row(vec![
            (i + 1).to_string(),
            b.interaction.clone(),
            l.channel(&b.channel),
            b.agent.clone(),
            dates::in_lang(&when, l.lang()).unwrap_or(when),
            e.clone(),
        ]);
    }
    let data = DrawOut {
        sample,
        dry_run: sample.is_none(),
        params,
        evaluators: loads,
        shortfall: params.shortfall(),
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
    let mut out = Output::new(&data)
        .fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .table(t);
    if let Some(short) = shortfall_table(params, l) {
        out = out.table(short);
    }
    match sample {
        Some(id) => {
            out.line(fill!(l, "sd_next_queue", id = id))
                .line(fill!(l, "sd_next_verify", id = id, seed = params.seed))
        }
        None => out.line(l.get("sd_dry_run")),
    }
}
