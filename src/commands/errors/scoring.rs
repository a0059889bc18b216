//! Hints for refused answers sheets and scorings.

use super::Hint;
use crate::rubric::Subject;
use crate::scoring::{Ineligible, ScoringError, SheetError};

pub(super) fn sheet(e: &SheetError) -> Hint {
    let hint = match e {
        SheetError::Unreadable { .. } => "check the path of the answers file",
        SheetError::TooLarge { .. } => {
            "an answers file holds one evaluation's answers; check that this is the right file"
        }
        SheetError::NotText { .. } => "save the answers file as UTF-8 text",
        SheetError::Invalid { problems, .. } => {
            return ("see the answers file format in the README".into(), problems.clone());
        }
    };
    (hint.into(), Vec::new())
}

pub(super) fn scoring(e: &ScoringError) -> Hint {
    match e {
        ScoringError::Misfit { problems, .. } => (
            "fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes".into(),
            problems.iter().map(|p| format!("  {p}")).collect(),
        ),
        ScoringError::NothingApplicable => (
            "answer at least one criterion with a value other than na".into(),
            Vec::new(),
        ),
        ScoringError::Missing(_) => ("answer every criterion".into(), Vec::new()),
    }
}

pub(super) fn ineligible(e: &Ineligible) -> Hint {
    let hint = match e {
        Ineligible::Withdrawn { .. } => {
            "a withdrawn interaction is no longer scored; `qaudit queue` lists what is to score".into()
        }
        Ineligible::OwnInteraction { .. } => "ask another evaluator to score it".into(),
        Ineligible::WrongSubject { wanted: Subject::Interaction, .. } => "score calls, chats and emails with an interaction rubric such as call-quality; visits are logged with `qaudit visit log`".into(),
        Ineligible::WrongSubject { wanted: Subject::Visit, .. } => {
            "log visits with a visit rubric such as store-visit or visita-tienda".into()
        }
        Ineligible::WrongChannel { channel, .. } => {
            format!("choose a rubric whose channels include {channel} (`qaudit rubric list`)")
        }
        Ineligible::AlreadyScored { evaluation, .. } => {
            format!("change it with `qaudit evaluation amend {evaluation} --set KEY=VALUE --reason TEXT`")
        }
        Ineligible::NotASecondOpinion { interaction, rubric } => format!(
            "score it without --second-opinion: `qaudit score --interaction {interaction} --rubric {rubric} ...`"
        ),
        Ineligible::CountedElsewhere { interaction, rubric, .. } => format!(
            "to score it anyway as a second opinion (never counted, compared in `qaudit report evaluators`), add --second-opinion: `qaudit score --interaction {interaction} --rubric {rubric} --second-opinion ...`"
        ),
    };
    (hint, Vec::new())
}
