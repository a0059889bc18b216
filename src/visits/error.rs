//! The refusals of the visit rules; the message is the whole sentence a person reads, the front
//! end adds its hint (`commands::errors::visits` for the CLI).

/// A refusal by the rules of [`access`](super::access) or [`review`](super::review).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    /// No such visit, or one the actor may not see (its existence is not revealed).
    #[error("no visit {id}")]
    NotFound { id: i64 },
    /// Only a complete visit waits for review (`status` is what it is instead).
    #[error("visit {id} is {status}; only complete visits wait for review")]
    NotComplete { id: i64, status: String },
    /// Nobody reviews a visit they logged.
    #[error("`{lead}` logged visit {id} and may not review it")]
    OwnVisit { lead: String, id: i64 },
    /// A returned visit says what to fix.
    #[error("a returned visit needs a note")]
    NoteNeeded,
    /// Notes on questions of a visit that has no answers.
    #[error("visit {id} has no answers to comment on")]
    NoAnswers { id: i64 },
    /// A note on a question the visit's rubric does not ask (`keys`: those it asks).
    #[error("`{key}` is not a question of {rubric}")]
    UnknownQuestion {
        key: String,
        rubric: String,
        keys: Vec<String>,
    },
    /// A note on a question, without text.
    #[error("the note on `{key}` has no text")]
    EmptyNote { key: String },
    /// Purging says why.
    #[error("the reason for purging is empty")]
    NoPurgeReason,
    /// No evidence of that name on the visit.
    #[error("visit {id} has no evidence named `{name}`")]
    NoSuchEvidence { id: i64, name: String },
    /// Only removed evidence is purged.
    #[error("`{name}` is still evidence of visit {id}; only removed evidence is purged")]
    StillEvidence { id: i64, name: String },
    /// Purging twice.
    #[error("`{name}` was already purged")]
    AlreadyPurged { name: String },
    /// Logging a visit again at another location than its own (`at`).
    #[error("visit {id} is at {at}, not {given}")]
    ElsewhereLocated { id: i64, at: String, given: String },
    /// Only planned or returned visits are logged again.
    #[error("visit {id} is {status}; only planned or returned visits can be logged again")]
    NotLoggable { id: i64, status: String },
    /// Logging again a visit that another shopper (`owner`) holds.
    #[error("visit {id} is {owner}'s, not {shopper}'s")]
    OtherShoppers { id: i64, owner: String, shopper: String },
    /// Integrity thresholds that are negative, not numbers, or a shortest stay over the longest.
    #[error("the integrity thresholds must be numbers from 0, with the shortest stay at most the longest")]
    BadThresholds,
}
