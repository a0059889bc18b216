//! Why a calibration action is refused, in words a person reads. The hints, which name commands,
//! are the front end's (`commands::errors::calibration` for the command line), so that the web
//! can give its own for the same error.

use crate::actor::Denied;
use thiserror::Error;

/// A refused calibration action: starting, scoring in or closing a session.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CalibrationError {
    /// The actor lacks the role the action needs (lead to start and close, evaluator or shopper
    /// to score).
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no calibration session {id}")]
    NoSession { id: i64 },
    /// Scoring in a session that a lead has closed.
    #[error("calibration session {id} is closed")]
    Closed { id: i64 },
    /// Closing a session twice.
    #[error("calibration session {id} is already closed")]
    AlreadyClosed { id: i64 },
    #[error("`{participant}` is not a participant of calibration session {id}")]
    NotParticipant {
        participant: String,
        id: i64,
        /// The session's participants, for the hint.
        participants: Vec<String>,
    },
    #[error("{subject} is not a subject of calibration session {id}")]
    NotASubject {
        subject: String,
        id: i64,
        /// How `--subject` spells each of the session's subjects.
        subjects: Vec<String>,
    },
    /// A session is scored with its own rubric version only.
    #[error("calibration session {id} scores with rubric {rubric} (version {version}), not {given}")]
    WrongRubric {
        id: i64,
        rubric: String,
        version: u32,
        given: String,
    },
    /// Each participant scores each subject once, and a submitted score is not amended.
    #[error("you already scored {subject} in calibration session {id} (evaluation {evaluation})")]
    AlreadyScored { subject: String, id: i64, evaluation: i64 },
    /// No visit was named and the session has none, or several, at the location.
    #[error("say which visit of calibration session {id} you score at {location}")]
    WhichVisit {
        id: i64,
        location: String,
        subjects: Vec<String>,
    },
    /// The shopper named another location than the visit's.
    #[error("visit {visit} was at {location}, not {given}")]
    WrongLocation {
        visit: i64,
        location: String,
        given: String,
    },
    /// The shopper named another day than the visit's.
    #[error("visit {visit} was on {logged}, not on the day of --visited-at {given}")]
    WrongDay { visit: i64, logged: String, given: String },
}
