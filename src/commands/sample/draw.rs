//! `qaudit sample draw`: the flags as a draw request for [`crate::sampling::draw`], and the
//! sample drawn as fields and tables.

use super::{occurred, shortfall_table};
use crate::cli::SampleDrawArgs;
use crate::commands::Context;
use crate::dates;
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
    let Sampled { sample, params, drawn } = sampling_draw::draw(&mut store, &actor, &req, dates::today())?;
    if params.seed_chosen {
        let seed = params.seed;
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
    // `sample draw` speaks English; `sample show` words the same parameters in `--lang`.
    let english = crate::labels::Labels::of("people", crate::lang::Lang::En);
    let described = params.describe(&english);
    let mut fields = vec![(
        "Sample",
        sample.map_or("not recorded (--dry-run)".to_string(), |id| id.to_string()),
    )];
    fields.extend(described.iter().map(|(k, v)| (k.as_str(), v.clone())));
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
    let mut out = Output::new(&data).fields(fields).table(t);
    if let Some(short) = shortfall_table(params, &english) {
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
