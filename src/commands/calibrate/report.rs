//! `qaudit calibrate report ID`: how far the participants of a closed session agree.

use super::find_session;
use super::stats_error;
use crate::calibration;
use crate::commands::Context;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::stats::Metric;
use anyhow::Result;

pub(super) fn report(
    ctx: &Context,
    id: i64,
    metric: Option<Metric>,
    seed: u64,
    opts: &ReportOptions,
) -> Result<Output> {
    let store = ctx.open()?;
    let session = find_session(&store, id)?;
    // Refuses while the session is open: the report is where the scores are unsealed.
    let scores = store.calibration_scores(&session)?;
    let rubric = store.rubric(&session.rubric, Some(session.rubric_version))?;
    let input = calibration::session::report_input(&session, &scores, &rubric, metric, seed);
    let data = calibration::session_report(input).map_err(stats_error)?;
    let lang = rubric.language;
    crate::commands::report_output::emit(ctx.global.format, opts, "calibration", lang, &data)
}
