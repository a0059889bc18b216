//! Scoring in a session (DESIGN.md section 6, issue 7): who may score what, and what the scorer
//! learns. A participant scores each subject of an open session once, with the session's rubric
//! version, blind: the receipt says the scoring was recorded, never the score. Evaluators score
//! interactions and shoppers visits, as outside a session.
//!
//! The checks are pure functions over what the store returned, so that the command line and
//! the web refuse the same things in the same order; [`participation_in`] reads the store for
//! them. The store checks the two that can change under a caller (still open, not yet scored)
//! again inside the write.

use super::CalibrationError;
use crate::actor::Actor;
use crate::roles::Role;
use crate::rubric::Subject;
use crate::store::Store;
use crate::store::calibration::{Session, SessionStatus};
use crate::store::evaluations::{Status, SubjectRef};
use serde::Serialize;

/// The role that scores a kind of subject, with what it lets one do (for the refusal):
/// evaluators score interactions, shoppers visits.
pub fn scorer_role(kind: Subject) -> (Role, &'static str) {
    match kind {
        Subject::Interaction => (Role::Evaluator, "score interactions"),
        Subject::Visit => (Role::Shopper, "score visits"),
    }
}

/// Refuses unless the actor holds the role that scores `kind`.
pub fn require_scorer(actor: &Actor, kind: Subject) -> Result<(), CalibrationError> {
    let (role, what) = scorer_role(kind);
    Ok(actor.require(role, what)?)
}

/// The kind of a stored subject.
pub fn kind_of(subject: SubjectRef) -> Subject {
    match subject {
        SubjectRef::Interaction(_) => Subject::Interaction,
        SubjectRef::Visit(_) => Subject::Visit,
    }
}

/// What a participant asks to score: a subject of a session, with a rubric.
#[derive(Debug, Clone, Copy)]
pub struct ScoringRequest<'a> {
    pub session: i64,
    pub subject: SubjectRef,
    /// How people name the subject (`CALL-1`, `visit 3`), for the refusals and the receipt.
    pub subject_name: &'a str,
    /// The rubric id the participant gave.
    pub rubric: &'a str,
}

/// A participant's right to score a subject in a session, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub session: Session,
    /// The participant's unfinished calibration draft of this subject, to complete.
    pub draft: Option<i64>,
}

/// Checks that the actor may score the subject: they hold the scoring role, the session exists
/// (`found`) and is open, they take part, the subject is one of the session's, the rubric is the
/// session's, and their evaluation of it in the session (`existing`) is at most a draft.
pub fn participation(
    actor: &Actor,
    request: &ScoringRequest<'_>,
    found: Option<Session>,
    existing: Option<(i64, Status)>,
) -> Result<Participation, CalibrationError> {
    require_scorer(actor, kind_of(request.subject))?;
    let id = request.session;
    let session = found.ok_or(CalibrationError::NoSession { id })?;
    if session.status == SessionStatus::Closed {
        return Err(CalibrationError::Closed { id });
    }
    if !session.is_participant(&actor.id) {
        return Err(CalibrationError::NotParticipant {
            participant: actor.id.clone(),
            id,
            participants: session.participants.clone(),
        });
    }
    if session.subject(request.subject).is_none() {
        return Err(CalibrationError::NotASubject {
            subject: request.subject_name.to_string(),
            id,
            subjects: session.subjects.iter().map(|s| s.spec.clone()).collect(),
        });
    }
    if request.rubric != session.rubric {
        return Err(CalibrationError::WrongRubric {
            id,
            rubric: session.rubric.clone(),
            version: session.rubric_version,
            given: request.rubric.to_string(),
        });
    }
    let draft = match existing {
        Some((evaluation, Status::Submitted)) => {
            return Err(CalibrationError::AlreadyScored {
                subject: request.subject_name.to_string(),
                id,
                evaluation,
            });
        }
        Some((evaluation, _)) => Some(evaluation),
        None => None,
    };
    Ok(Participation { session, draft })
}

/// [`participation`] with the session and the actor's evaluation read from the store.
pub fn participation_in(store: &Store, actor: &Actor, request: &ScoringRequest<'_>) -> anyhow::Result<Participation> {
    let found = store.calibration_session(request.session)?;
    let existing = match &found {
        Some(_) => store.calibration_evaluation_of(request.session, request.subject, &actor.id)?,
        None => None,
    };
    Ok(participation(actor, request, found, existing)?)
}

/// All that scoring in an open session reveals to the scorer: that the evaluation was recorded
/// (as a draft or submitted), for which subject and session; never an answer or a score.
/// Fields in alphabetical order, as the JSON has always shown them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    pub calibration: i64,
    pub evaluation: i64,
    /// Always true: the score stays sealed until a lead closes the session.
    pub sealed: bool,
    pub status: Status,
    pub subject: String,
    #[serde(skip)]
    pub rubric: String,
    #[serde(skip)]
    pub rubric_version: u32,
}

impl Participation {
    /// The receipt of evaluation `evaluation`, recorded as a draft or submitted.
    pub fn receipt(&self, evaluation: i64, subject_name: &str, draft: bool) -> Receipt {
        Receipt {
            calibration: self.session.id,
            evaluation,
            sealed: true,
            status: if draft { Status::Draft } else { Status::Submitted },
            subject: subject_name.to_string(),
            rubric: self.session.rubric.clone(),
            rubric_version: self.session.rubric_version,
        }
    }
}
