//! `qaudit calibrate close ID`: a lead closes a session, which unseals its scores.

use super::find_session;
use crate::commands::Context;
use crate::error::refuse;
use crate::output::Output;
use crate::roles::Role;
use crate::store::calibration::SessionStatus;
use crate::store::evaluations::Status;
use anyhow::Result;

pub(super) fn close(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "close calibration sessions")?;
    let session = find_session(&store, id)?;
    if session.status == SessionStatus::Closed {
        return refuse(
            format!("calibration session {id} is already closed"),
            format!("`qaudit calibrate report {id}` compares its scores"),
        );
    }
    let progress = store.calibration_progress(&session)?;
    let expected = session.subjects.len() * session.participants.len();
    let submitted = progress.iter().filter(|s| s.status == Status::Submitted).count();
    let drafts = progress.len() - submitted;
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
