//! `qaudit calibrate close ID`: a lead closes a session, which unseals its scores.

use super::find_session;
use crate::calibration::{self, Progress};
use crate::commands::Context;
use crate::output::Output;
use anyhow::Result;

pub(super) fn close(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.actor_in(&store)?;
    let session = calibration::may_close(&lead, id, store.calibration_session(id)?)?;
    let Progress {
        expected,
        submitted,
        drafts,
    } = calibration::progress(&session, &store.calibration_progress(&session)?);
    store.write(&lead.id, |tx| tx.close_calibration_session(id))?;
    if drafts > 0 {
        ctx.notice(&format!(
            "note: {drafts} unfinished draft(s) are left out of the report"
        ));
    }
    if submitted < expected {
        ctx.notice(&format!(
            "note: {} of {expected} scorings are missing; the report treats them as missing values",
            expected - submitted
        ));
    }
    let session = find_session(&store, id)?;
    Ok(Output::new(&session).line(format!(
        "Calibration session {id} closed: {submitted} of {expected} scorings submitted. `qaudit calibrate report {id}` compares them."
    )))
}
