//! A session's life: a lead starts it (the lead decides what is calibrated, by whom, and whose
//! scores are the reference), participants score while it is open, a lead closes it, which is
//! final and unseals the scores. Progress (who has scored which subject) never carries a
//! score, so anyone may see it while the session is open.

use super::CalibrationError;
use crate::actor::Actor;
use crate::roles::Role;
use crate::store::calibration::{Scoring, Session, SessionStatus};
use crate::store::evaluations::Status;

/// Refuses unless the actor may start sessions: a lead.
pub fn may_start(actor: &Actor) -> Result<(), CalibrationError> {
    Ok(actor.require(Role::Lead, "start calibration sessions")?)
}

/// The session `id` the store found, or the refusal.
pub fn found(id: i64, session: Option<Session>) -> Result<Session, CalibrationError> {
    session.ok_or(CalibrationError::NoSession { id })
}

/// Checks that the actor may close session `id` (as the store `found` it): a lead, a session
/// that exists and is still open.
pub fn may_close(actor: &Actor, id: i64, session: Option<Session>) -> Result<Session, CalibrationError> {
    actor.require(Role::Lead, "close calibration sessions")?;
    let session = found(id, session)?;
    if session.status == SessionStatus::Closed {
        return Err(CalibrationError::AlreadyClosed { id });
    }
    Ok(session)
}

/// How far the participants are: scorings expected (subjects × participants), submitted, and
/// left as drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub expected: usize,
    pub submitted: usize,
    pub drafts: usize,
}

impl Progress {
    /// Scorings not submitted (never started, or left as drafts).
    pub fn missing(&self) -> usize {
        self.expected.saturating_sub(self.submitted)
    }
}

/// The progress of `session` from its scorings (void ones are already left out by the store).
pub fn progress(session: &Session, scorings: &[Scoring]) -> Progress {
    let submitted = scorings.iter().filter(|s| s.status == Status::Submitted).count();
    Progress {
        expected: session.subjects.len() * session.participants.len(),
        submitted,
        drafts: scorings.len() - submitted,
    }
}
