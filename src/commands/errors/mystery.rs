//! Hints for refusals by the mystery-contact rules.

use super::Hint;
use crate::mystery::MysteryError;

pub(super) fn mystery(e: &MysteryError) -> Hint {
    let hint = match e {
        MysteryError::AnsweredBeforeStarted { .. } => {
            "--answered-at is when the centre answered, after --started-at (when the call was placed or the message sent)"
                .into()
        }
        MysteryError::InTheFuture { .. } => "log a contact after it happened".into(),
        MysteryError::VisitRubric { .. } => {
            "give an interaction rubric such as call-quality or calidad-contacto; `qaudit rubric list` shows them".into()
        }
        MysteryError::WrongChannel { rubric, .. } => {
            format!("give a rubric for the channel, or check --channel; `qaudit rubric show {rubric}` shows its channels")
        }
        MysteryError::NoAgent { .. } => {
            "`qaudit agent list` shows the agents; leave --agent out if you do not know who answered".into()
        }
        MysteryError::OwnContact { .. } => "name the agent who answered, or leave --agent out".into(),
        MysteryError::NotFound { .. } => "`qaudit contact list` shows the contacts you may see".into(),
        MysteryError::NoRubric { .. } => {
            "give --rubric ID; `qaudit rubric list` shows the interaction rubrics".into()
        }
        MysteryError::SeveralRubrics { rubrics, .. } => format!(
            "choose one with --rubric {}",
            rubrics.first().map(String::as_str).unwrap_or("ID")
        ),
    };
    (hint, Vec::new())
}
