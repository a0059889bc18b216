//! Why a calibration action is refused, in words a person reads. The hints, which name commands,
//! are the front end's (`commands::errors::calibration` for the command line), so that the web
//! can give its own for the same error.

use crate::actor::Denied;
use crate::roles::Role;
use crate::rubric::Subject;
use thiserror::Error;

/// A refused calibration action: starting, scoring in or closing a session. The messages name
/// no command-line option; the command line words those that do (`commands::errors::words`).
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
    #[error("visit {visit} was on {logged}, not on the day given ({given})")]
    WrongDay { visit: i64, logged: String, given: String },

    // Starting a session.
    /// The tolerance is not a number of points (negative, infinite, not a number).
    #[error("the tolerance {tolerance} is not a number of points")]
    BadTolerance { tolerance: f64 },
    /// A subject written without its kind (`interaction:` or `visit:`).
    #[error("subject {spec:?} does not say what it is")]
    Unspecified { spec: String },
    /// A subject that cannot be calibrated with the rubric.
    #[error("subject {spec}: {problem}")]
    Subject { spec: String, problem: SubjectProblem },
    #[error("subject {spec} is given twice")]
    SubjectTwice { spec: String },
    #[error("the list of participants has an empty name")]
    EmptyName,
    #[error("the participants name `{name}` twice")]
    NamedTwice { name: String },
    #[error("participant `{name}` is not a staff member")]
    NotStaff { name: String },
    /// A participant must hold the role that scores the rubric's subjects.
    #[error(
        "participant `{name}` does not have the {} role, which scoring {}s with {rubric} needs",
        role.as_str(),
        subject.as_str()
    )]
    LacksRole {
        name: String,
        role: Role,
        subject: Subject,
        rubric: String,
    },
    /// Agreement needs at least two participants.
    #[error("a calibration session needs at least two participants, got {count}")]
    TooFew { count: usize },
    /// Nobody scores their own work, in a session either.
    #[error("`{agent}` handled interaction {interaction} and may not score it")]
    OwnInteraction { agent: String, interaction: String },
    /// The reference scores the subjects too, so must be a participant.
    #[error("the reference `{reference}` is not one of the participants")]
    ReferenceOutside {
        reference: String,
        participants: Vec<String>,
    },
}

/// Why one subject cannot be calibrated with the session's rubric.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SubjectProblem {
    #[error("no interaction `{id}` in the store")]
    NoInteraction { id: String },
    #[error("rubric {rubric} scores visits, not interactions")]
    NotAnInteractionRubric { rubric: String },
    #[error("rubric {rubric} is for {}; interaction {interaction} is a {channel}", channels.join(", "))]
    WrongChannel {
        rubric: String,
        channels: Vec<String>,
        interaction: String,
        channel: String,
    },
    #[error("`{id}` is not a visit number")]
    NotAVisitNumber { id: String },
    #[error("no visit {number}")]
    NoVisit { number: i64 },
    #[error("rubric {rubric} scores interactions, not visits")]
    NotAVisitRubric { rubric: String },
    /// A visit planned or cancelled: nothing was logged to score.
    #[error("visit {number} is {status}, so there is nothing to score yet")]
    NotLogged { number: i64, status: String },
    #[error("`{kind}` is not a kind of subject")]
    UnknownKind { kind: String },
}
