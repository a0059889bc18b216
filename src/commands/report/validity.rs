//! `qaudit report validity`: the evaluated contacts and their customers' answers read from the
//! store (`store::validity`), the figures computed per rubric by `report::validity`, rendered
//! through `templates/validity.*`. Leads only; only reads.

use super::Context;
use crate::commands::report_output::{emit, emit_each};
use crate::dates;
use crate::error::refuse;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::common::{Period, shared_lang};
use crate::report::validity::build;
use crate::roles::Role;
use crate::stats::ValidityOptions;
use crate::store::validity::{EvaluationVoice, ValidityFilter};
use anyhow::Result;
use std::collections::BTreeMap;

/// The fewest resamples `--resamples` takes: below it the Monte-Carlo error of a bound cannot
/// be estimated (twenty batches of a few each).
pub const MIN_RESAMPLES: usize = 200;

/// What `report validity` selects beside the period.
pub struct Args {
    pub rubric: Option<String>,
    pub resamples: Option<usize>,
    pub seed: u64,
}

pub fn run(ctx: &Context, args: Args, from: Option<&str>, to: Option<&str>, opts: &ReportOptions) -> Result<Output> {
    if let Some(r) = args.resamples
        && r < MIN_RESAMPLES
    {
        return refuse(
            format!("--resamples {r} is too few to judge an interval"),
            format!("give at least {MIN_RESAMPLES}, or leave it out to draw as many as two decimals need"),
        );
    }
    let store = ctx.open()?;
    ctx.require_role(&store, Role::Lead, "read the validity report")?;
    let period = Period::from_options(from, to, dates::today())?;
    // An unknown rubric is refused here, with the rubrics there are.
    if let Some(id) = &args.rubric {
        store.rubric(id, None)?;
    }
    let (start, end) = period.bounds();
    let rows = store.evaluation_voice(&ValidityFilter {
        from: start,
        to: end,
        rubric: args.rubric.clone(),
    })?;
    let mut by_rubric: BTreeMap<String, Vec<EvaluationVoice>> = BTreeMap::new();
    if let Some(id) = &args.rubric {
        by_rubric.entry(id.clone()).or_default();
    }
    for r in rows {
        by_rubric.entry(r.rubric.clone()).or_default().push(r);
    }
    let options = ValidityOptions {
        resamples: args.resamples,
        ..ValidityOptions::new(args.seed)
    };
    // Most rated contacts first, then by id.
    let mut order: Vec<(&String, &Vec<EvaluationVoice>)> = by_rubric.iter().collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut reports = Vec::new();
    let mut langs = Vec::new();
    for (id, rows) in order {
        let rubric = store.rubric(id, None)?;
        reports.push(build(rows, &rubric, &period, options)?);
        langs.push(rubric.language);
    }
    let format = ctx.global.format;
    match reports.len() {
        0 => refuse(
            format!(
                "no counted evaluation of a contact with a CSAT or NPS answer from {} to {}",
                period.from, period.to
            ),
            "import the customers' answers with `qaudit interaction import --map csat=COLUMN` or `qaudit survey import`, or widen --from/--to",
        ),
        1 => emit(format, opts, "validity", langs[0], &reports[0]),
        _ => emit_each(format, opts, "validity", shared_lang(&langs), &reports),
    }
}
