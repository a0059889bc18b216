//! Hints for refused calibration actions.

use super::Hint;
use crate::calibration::CalibrationError;

pub(super) fn calibration(e: &CalibrationError) -> Hint {
    let hint = match e {
        CalibrationError::Denied(denied) => return super::access::denied(denied),
        CalibrationError::NoSession { .. } => {
            "a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`"
                .into()
        }
        CalibrationError::Closed { id } => {
            format!("`qaudit calibrate report {id}` shows its results; a lead can start a new session")
        }
        CalibrationError::AlreadyClosed { id } => format!("`qaudit calibrate report {id}` compares its scores"),
        CalibrationError::NotParticipant { participants, .. } => format!(
            "its participants are {}; act as one of them with --as",
            participants.join(", ")
        ),
        CalibrationError::NotASubject { subjects, .. } => format!("its subjects are {}", subjects.join(", ")),
        CalibrationError::WrongRubric { rubric, .. } => format!("pass --rubric {rubric}"),
        CalibrationError::AlreadyScored { .. } => "each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind".into(),
        CalibrationError::WhichVisit { subjects, .. } => {
            format!("pass --visit NUMBER; the session's subjects are {}", subjects.join(", "))
        }
        CalibrationError::WrongLocation { location, .. } => format!("give --location {location}"),
        CalibrationError::WrongDay { .. } => {
            "check that you score the visit you mean; give its day with --visited-at".into()
        }
    };
    (hint, Vec::new())
}
