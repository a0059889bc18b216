//! Scoring in a session, as `score --calibration` and `visit log --calibration` do it: who may
//! score what, and the sealed receipt they get instead of a score.

use super::{find_session, list};
use crate::error::refuse;
use crate::output::Output;
use crate::store::Store;
use crate::store::calibration::{Session, SessionStatus};
use crate::store::evaluations::{Status, SubjectRef};
use anyhow::Result;

/// A participant's right to score a subject in a session, checked.
pub(in crate::commands) struct Participation {
    pub session: Session,
    /// The participant's unfinished calibration draft of this subject, to complete.
    pub draft: Option<i64>,
}

/// Checks that `participant` may score `subject` in session `id` with `rubric`: the session is
/// open, they take part, the subject is one of the session's and the rubric is the session's,
/// and they have not submitted a score for it yet (a draft is completed).
pub(in crate::commands) fn participation(
    store: &Store,
    id: i64,
    participant: &str,
    subject: SubjectRef,
    subject_name: &str,
    rubric: &str,
) -> Result<Participation> {
    let session = find_session(store, id)?;
    if session.status == SessionStatus::Closed {
        return refuse(
            format!("calibration session {id} is closed"),
            format!("`qaudit calibrate report {id}` shows its results; a lead can start a new session"),
        );
    }
    if !session.is_participant(participant) {
        return refuse(
            format!("`{participant}` is not a participant of calibration session {id}"),
            format!(
                "its participants are {}; act as one of them with --as",
                list(&session.participants)
            ),
        );
    }
    if session.subject(subject).is_none() {
        let subjects: Vec<String> = session.subjects.iter().map(|s| s.spec.clone()).collect();
        return refuse(
            format!("{subject_name} is not a subject of calibration session {id}"),
            format!("its subjects are {}", list(&subjects)),
        );
    }
    if rubric != session.rubric {
        return refuse(
            format!(
                "calibration session {id} scores with rubric {} (version {}), not {rubric}",
                session.rubric, session.rubric_version
            ),
            format!("pass --rubric {}", session.rubric),
        );
    }
    let draft = match store.calibration_evaluation_of(id, subject, participant)? {
        Some((evaluation, Status::Submitted)) => {
            return refuse(
                format!("you already scored {subject_name} in calibration session {id} (evaluation {evaluation})"),
                "each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind",
            );
        }
        Some((evaluation, _)) => Some(evaluation),
        None => None,
    };
    Ok(Participation { session, draft })
}

/// What scoring in a session prints: that it was recorded, never the score.
pub(in crate::commands) fn sealed_output(
    session: &Session,
    evaluation: i64,
    subject_name: &str,
    draft: bool,
    again: &str,
) -> Output {
    let status = if draft { "draft" } else { "submitted" };
    let out = Output::new(&serde_json::json!({
        "evaluation": evaluation,
        "calibration": session.id,
        "subject": subject_name,
        "status": status,
        "sealed": true,
    }))
    .fields(vec![
        (
            "Evaluation",
            format!("{evaluation} ({status}, calibration session {})", session.id),
        ),
        ("Subject", subject_name.to_string()),
        (
            "Rubric",
            format!("{} version {}", session.rubric, session.rubric_version),
        ),
    ]);
    if draft {
        out.line(format!("Saved as a draft. Finish it with `{again}`."))
    } else {
        out.line(format!(
            "Recorded. Scores stay sealed, from everyone, until a lead closes the session; `qaudit calibrate status {}` shows who has scored.",
            session.id
        ))
    }
}
