//! Hints for refused disputes (opening, resolving, showing).

use super::Hint;
use crate::disputes::{DisputeError, Step};
use crate::rubric::validate::suggest_hint;

pub(super) fn dispute(e: &DisputeError) -> Hint {
    let hint = match e {
        DisputeError::NoEvaluation { .. } => {
            "`qaudit evaluation list --agent ID` shows an agent's evaluation numbers".to_string()
        }
        DisputeError::NoDispute { step: Step::Show, .. } => "`qaudit dispute list` shows every dispute".to_string(),
        DisputeError::NoDispute { .. } => {
            "`qaudit dispute list --open` shows the disputes waiting for a lead".to_string()
        }
        DisputeError::EmptyReason => {
            "say why the evaluation is wrong, e.g. --reason \"I apologised at 02:10\"".to_string()
        }
        DisputeError::NoAgent { evaluation } => {
            format!("if it was scored wrongly, its evaluator or a lead can `qaudit evaluation amend {evaluation}`")
        }
        DisputeError::NotTheirs { agent, .. } => {
            format!("the agent disputes it (--as {agent}), or a lead opens the dispute for them")
        }
        DisputeError::Void { .. } => "a void evaluation counts nowhere, so there is nothing to dispute".to_string(),
        DisputeError::Draft { .. } => "a draft is disputed once it is submitted".to_string(),
        DisputeError::Calibration { .. } => {
            "calibration scores count in no report or flag, so there is nothing to dispute".to_string()
        }
        DisputeError::AlreadyOpen { dispute, .. } => format!(
            "a lead resolves it with `qaudit dispute resolve {dispute} --accept | --partial KEY=VALUE | --reject --note TEXT`; add to it then, not now"
        ),
        DisputeError::WindowClosed { evaluation, .. } => format!(
            "if it was scored wrongly, its evaluator or a lead can still `qaudit evaluation amend {evaluation}`"
        ),
        DisputeError::ContestedTwice { .. } => {
            "give each criterion once, with the one answer proposed for it".to_string()
        }
        DisputeError::AlreadyDecided { dispute, .. } => {
            format!("`qaudit dispute show {dispute}` gives the lead's note; a decided point is not disputed again")
        }
        DisputeError::UnknownCriterion { key, rubric, keys, .. } => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            suggest_hint(key, &keys, &format!("`qaudit rubric show {rubric}` lists its criteria"))
        }
        DisputeError::BadAnswer {
            key,
            step: Step::Resolve,
            ..
        } => format!("e.g. --partial {key}=VALUE"),
        DisputeError::BadAnswer { key, .. } => format!("e.g. --criterion {key} --proposed VALUE"),
        DisputeError::SameAnswer { .. } => "propose a different answer, or leave the criterion out".to_string(),
        DisputeError::Scoring(e) => return super::scoring::scoring(e),
        DisputeError::ScoredIt { .. } => {
            "another lead resolves it (--as THEIR_ID): a dispute needs a second pair of eyes".to_string()
        }
        DisputeError::OpenedIt { .. } => {
            "another lead resolves it (--as THEIR_ID): whoever argues a dispute does not decide it".to_string()
        }
        DisputeError::IsTheAgent { .. } => "another lead resolves it (--as THEIR_ID)".to_string(),
        DisputeError::AlreadyResolved { evaluation: e, .. } => format!(
            "to change evaluation {e} now, amend it: `qaudit evaluation amend {e} --set KEY=VALUE --reason TEXT`"
        ),
        DisputeError::NothingToAccept { .. } => {
            "set the answers you decided with --partial KEY=VALUE..., or --reject --note TEXT".to_string()
        }
        DisputeError::GivenTwice { .. } => "give each criterion once, with the answer you decided".to_string(),
        DisputeError::NotAmendable { dispute, .. } => {
            format!("close the dispute with `qaudit dispute resolve {dispute} --reject --note TEXT`")
        }
        DisputeError::NothingChanged { dispute, .. } => {
            format!("to keep the evaluation as scored, `qaudit dispute resolve {dispute} --reject --note TEXT`")
        }
        DisputeError::NoteRequired { .. } => {
            "say why, e.g. --note \"The recording has no apology\" (with --accept, --partial or --reject)".to_string()
        }
    };
    (hint, Vec::new())
}
