//! The rules of an evaluation once it is scored, for every front end (issue 13): who sees it
//! ([`scope`]), who changes it and how (amending and voiding, [`change`]), who acknowledges it
//! and which evaluation of a subject counts ([`standing`]).
//!
//! Every call takes the acting [`Actor`](crate::actor::Actor) and applies the rules itself. A
//! refusal by these rules is an [`EvaluationError`] (or an [`actor::Denied`](crate::actor::Denied)
//! when a role is missing) in the returned error; a store failure passes through as the store
//! reported it. The front end adds its own hint (`commands::errors::evaluations` for the CLI).

pub mod change;
pub mod scope;
pub mod standing;
pub mod visibility;

#[cfg(test)]
mod tests;

use crate::rubric::sheet::NotAPair;
use crate::store::Store;
use crate::store::evaluations::Detail;

pub use change::{Amended, Amendment, amend, void};
pub use scope::{Listing, list, show};
pub use standing::{Acknowledged, Counted, acknowledge, count};

/// The change asked of an evaluation, to say what was refused and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Amend,
    Void,
    Count,
}

impl Change {
    /// How the refusal words it: "it cannot be amended now".
    pub fn past(self) -> &'static str {
        match self {
            Change::Amend => "amended",
            Change::Void => "voided",
            Change::Count => "counted",
        }
    }
}

/// A refusal by the rules of this module; the message is the whole sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    /// No such evaluation, or one the actor may not see (its existence is not revealed).
    #[error("no evaluation {id}")]
    NotFound { id: i64 },
    /// Under an open dispute: it changes only through the dispute's resolution.
    #[error("evaluation {id} is under dispute {dispute}; it cannot be {} now", change.past())]
    Disputed { id: i64, dispute: i64, change: Change },
    /// A calibration score records how its evaluator scored blind, so it is never amended.
    #[error("evaluation {id} is a calibration score (session {session}) and is kept as scored")]
    CalibrationKept { id: i64, session: i64 },
    /// A void evaluation stays as it is.
    #[error("evaluation {id} is void")]
    VoidKept { id: i64 },
    /// A draft is finished by scoring, not amended.
    #[error("evaluation {id} is a draft")]
    Draft { id: i64 },
    /// Voiding what is already void.
    #[error("evaluation {id} is already void")]
    AlreadyVoid { id: i64 },
    /// Every change says why.
    #[error("the reason is empty")]
    NoReason { change: Change },
    /// A `section.criterion=value` change that does not parse.
    #[error(transparent)]
    BadSet(NotAPair),
    /// A `section.criterion=text` comment that does not parse.
    #[error(transparent)]
    BadNote(NotAPair),
    /// Only a submitted evaluation is acknowledged (`status` is "draft" or "void").
    #[error("evaluation {id} is {status}")]
    NotAcknowledgeable { id: i64, status: &'static str },
    /// A calibration score is not feedback to the agent.
    #[error("evaluation {id} is a calibration score (session {session}), not feedback to the agent")]
    CalibrationNotFeedback { id: i64, session: i64 },
    /// Only a submitted evaluation outside calibration counts (`what` it is instead).
    #[error("evaluation {id} is {what}, so it cannot count")]
    CannotCount { id: i64, what: &'static str },
}

/// The evaluation, whoever asks (the rule that calls it decides what the actor may do with it).
fn find(store: &Store, id: i64) -> anyhow::Result<Detail> {
    store
        .evaluation(id)?
        .ok_or_else(|| EvaluationError::NotFound { id }.into())
}

/// Refuses an empty reason for `change`.
fn reason_given(reason: &str, change: Change) -> Result<(), EvaluationError> {
    if reason.trim().is_empty() {
        return Err(EvaluationError::NoReason { change });
    }
    Ok(())
}
