//! `qaudit calibrate status ID`: who has scored which subject, never what they scored.

use super::{find_session, session_fields};
use crate::calibration::{self, Progress};
use crate::commands::Context;
use crate::output::{Output, Table};
use crate::store::calibration::SessionStatus;
use crate::store::evaluations::Status;
use anyhow::Result;

pub(super) fn status(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    let session = find_session(&store, id)?;
    // Who has scored what: never a score, so this is safe while the session is open.
    let progress = store.calibration_progress(&session)?;
    let mut headers = vec!["subject".to_string()];
    headers.extend(session.participants.iter().cloned());
    let mut t = Table {
        title: None,
        headers,
        rows: Vec::new(),
    };
    for subject in &session.subjects {
        let mut row = vec![subject.name.clone()];
        for p in &session.participants {
            let cell = progress
                .iter()
                .find(|s| s.position == subject.position && &s.participant == p)
                .map_or("-", |s| match s.status {
                    Status::Draft => "draft",
                    _ => "scored",
                });
            row.push(cell.to_string());
        }
        t.row(row);
    }
    let Progress {
        expected,
        submitted,
        drafts,
    } = calibration::progress(&session, &progress);
    let mut fields = session_fields(&session);
    fields.push((
        "Progress",
        format!(
            "{submitted} of {expected} scored{}",
            if drafts > 0 {
                format!(", {drafts} draft(s)")
            } else {
                String::new()
            }
        ),
    ));
    let json = serde_json::json!({
        "session": session,
        "scored": progress,
        "expected": expected,
        "submitted": submitted,
    });
    let out = Output::new(&json).fields(fields).table(t);
    Ok(match session.status {
        SessionStatus::Open => out.line(format!(
            "Scores stay sealed until a lead closes the session: `qaudit calibrate close {id}`."
        )),
        SessionStatus::Closed => out.line(format!(
            "Closed{}: `qaudit calibrate report {id}` compares the scores.",
            session
                .closed_by
                .as_ref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default()
        )),
    })
}
