//! A session's life: a lead starts it (the lead decides what is calibrated, by whom, and whose
//! scores are the reference), participants score while it is open, a lead closes it, which is
//! final and unseals the scores. Progress (who has scored which subject) never carries a
//! score, so anyone may see it while the session is open; the report's input is assembled here
//! from the scores the store gives only for a closed session.

use super::CalibrationError;
use super::{Scored, SessionHeader, SessionInput, SubjectInput};
use crate::actor::Actor;
use crate::roles::Role;
use crate::rubric::Rubric;
use crate::stats::Metric;
use crate::store::calibration::{ScoredEvaluation, Scoring, Session, SessionStatus};
use crate::store::evaluations::Status;
use std::collections::BTreeMap;

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

/// What the report of a closed session is computed from: each subject with each participant's
/// submitted evaluation (`None` where they did not submit one), in the order of the
/// participants; `scores` are the session's, which the store gives only once it is closed.
pub fn report_input<'a>(
    session: &Session,
    scores: &[ScoredEvaluation],
    rubric: &'a Rubric,
    metric: Option<Metric>,
    seed: u64,
) -> SessionInput<'a> {
    let subjects = session
        .subjects
        .iter()
        .map(|s| SubjectInput {
            name: s.name.clone(),
            agent: s.agent.clone(),
            location: s.location.clone(),
            scores: session
                .participants
                .iter()
                .map(|p| {
                    scores
                        .iter()
                        .find(|e| e.position == s.position && &e.participant == p)
                        .map(|e| Scored {
                            evaluation: e.evaluation,
                            overall: e.overall,
                            answers: e.answers.iter().cloned().collect::<BTreeMap<_, _>>(),
                        })
                })
                .collect(),
        })
        .collect();
    SessionInput {
        header: SessionHeader {
            id: session.id,
            rubric: rubric.id.clone(),
            rubric_version: rubric.version,
            rubric_title: rubric.title.clone(),
            created_by: session.created_by.clone(),
            created_at: session.created_at.clone(),
            closed_by: session.closed_by.clone(),
            closed_at: session.closed_at.clone(),
        },
        rubric,
        participants: session.participants.clone(),
        reference: session.reference.clone(),
        tolerance: session.tolerance,
        subjects,
        metric,
        seed,
    }
}
