//! Hints for refused changes to evaluations and for evaluations out of reach.

use super::Hint;
use crate::evaluations::{Change, EvaluationError};

pub(super) fn evaluation(e: &EvaluationError) -> Hint {
    let hint = match e {
        EvaluationError::NotFound { .. } => "`qaudit evaluation list` shows evaluation numbers".into(),
        EvaluationError::Disputed { dispute, .. } => format!(
            "a lead resolves the dispute first: `qaudit dispute resolve {dispute} --accept | --partial KEY=VALUE | --reject --note TEXT`"
        ),
        EvaluationError::CalibrationKept { session, .. } => format!(
            "the session measures how the team scores blind; discuss the differences with `qaudit calibrate report {session}`"
        ),
        EvaluationError::VoidKept { .. } => {
            "a void evaluation stays as it is; score the subject again if needed".into()
        }
        EvaluationError::Draft { .. } => "finish a draft with `qaudit score` rather than amending it".into(),
        EvaluationError::AlreadyVoid { .. } => "nothing to do".into(),
        EvaluationError::NoReason { change } => match change {
            Change::Amend => "say why the evaluation changes, e.g. --reason \"Agreed in review with the agent\"",
            Change::Void => "say why, e.g. --reason \"Scored the wrong call\"",
            Change::Count => "say why, e.g. --reason \"eva scored the wrong recording\"",
        }
        .into(),
        EvaluationError::BadSet(_) => "write each change as --set section.criterion=value".into(),
        EvaluationError::BadNote(_) => "write each comment as --comment-on section.criterion=text".into(),
        EvaluationError::NotAcknowledgeable { .. } => "only submitted evaluations are acknowledged by the agent".into(),
        EvaluationError::CalibrationNotFeedback { .. } => {
            "agents acknowledge the evaluations that count; calibration scores count in no report".into()
        }
        EvaluationError::CannotCount { .. } => {
            "only a submitted evaluation outside calibration counts; `qaudit evaluation list --agent AGENT` shows them"
                .into()
        }
    };
    (hint, Vec::new())
}
