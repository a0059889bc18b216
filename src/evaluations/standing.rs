//! Where an evaluation stands with its agent and its subject: the agent's acknowledgement
//! ("seen by agent", their word: only they or a lead acting for them give it) and which of the
//! evaluations of one subject counts (a lead's choice, issue 15).

use super::{Change, EvaluationError, find, reason_given};
use crate::actor::{Actor, Denied};
use crate::roles::Role;
use crate::store::Store;
use crate::store::evaluations::{Detail, Status};
use anyhow::Result;

/// An acknowledged evaluation, and whether this call gave the acknowledgement.
#[derive(Debug, Clone)]
pub enum Acknowledged {
    /// Acknowledged now, at this stored time.
    Now { detail: Detail, at: String },
    /// It already was, at this stored time; nothing changed.
    Already { detail: Detail, at: String },
}

/// The evaluation that counts for its subject, and whether it already did.
#[derive(Debug, Clone)]
pub struct Counted {
    pub detail: Detail,
    pub already: bool,
}

/// Refuses to acknowledge what is not feedback to the agent: a draft, a void evaluation, a
/// calibration score.
pub fn acknowledgeable(detail: &Detail) -> Result<(), EvaluationError> {
    let id = detail.summary.id;
    if detail.summary.status != Status::Submitted {
        let status = detail.summary.status.as_str();
        return Err(EvaluationError::NotAcknowledgeable { id, status });
    }
    if let Some(session) = detail.summary.calibration {
        return Err(EvaluationError::CalibrationNotFeedback { id, session });
    }
    Ok(())
}

/// Refuses unless `actor` is the evaluation's agent or a lead (acting for them).
pub fn may_acknowledge(actor: &Actor, detail: &Detail) -> Result<(), Denied> {
    match detail.summary.agent.as_deref() {
        Some(agent) if actor.is_agent(agent) => Ok(()),
        agent => {
            let who = agent.unwrap_or("the agent");
            let what = format!("acknowledge evaluation {} for {who}", detail.summary.id);
            actor.require(Role::Lead, &what)
        }
    }
}

/// Records that the agent has seen evaluation `id` (once; a second call changes nothing).
pub fn acknowledge(store: &mut Store, actor: &Actor, id: i64) -> Result<Acknowledged> {
    let detail = find(store, id)?;
    acknowledgeable(&detail)?;
    may_acknowledge(actor, &detail)?;
    if let Some(at) = detail.summary.acknowledged_at.clone() {
        return Ok(Acknowledged::Already { detail, at });
    }
    let at = store.write(&actor.id, |tx| tx.acknowledge_evaluation(id))?;
    let detail = find(store, id)?;
    Ok(Acknowledged::Now { detail, at })
}

/// Refuses to count what never counts: a draft, a void evaluation, a calibration score.
pub fn countable(detail: &Detail) -> Result<(), EvaluationError> {
    let s = &detail.summary;
    let what = if s.calibration.is_some() {
        "a calibration score"
    } else if s.status != Status::Submitted {
        s.status.as_str()
    } else {
        return Ok(());
    };
    Err(EvaluationError::CannotCount { id: s.id, what })
}

/// A lead makes evaluation `id` the one that counts for its subject, with `reason`; the others
/// of the same subject become second opinions.
pub fn count(store: &mut Store, actor: &Actor, id: i64, reason: &str) -> Result<Counted> {
    actor.require(Role::Lead, "choose which evaluation counts")?;
    let detail = find(store, id)?;
    countable(&detail)?;
    reason_given(reason, Change::Count)?;
    if !detail.summary.second_opinion {
        return Ok(Counted { detail, already: true });
    }
    let subject = store.subject_of_evaluation(id)?;
    store.write(&actor.id, |tx| tx.switch_counted(id, subject, reason))?;
    Ok(Counted {
        detail: find(store, id)?,
        already: false,
    })
}
