//! The one place where the library's typed errors become refusals for the command line: the
//! message is the library's, the `hint:` (which may name a command) is the CLI's own, so the web
//! and the API can give theirs for the same error.
//!
//! [`for_cli`] runs over every error a command returns (see `commands::run`) and over the errors
//! a command collects itself (the per-row problems of an import).

use crate::error::UserError;
use crate::rubric::Subject;
use crate::scoring::{Ineligible, ScoringError, SheetError};

/// Turns a typed library error anywhere in the chain into a [`UserError`] with its CLI hint; the
/// message keeps every context added around it. Other errors pass unchanged.
pub fn for_cli(e: anyhow::Error) -> anyhow::Error {
    if e.chain().any(|c| c.is::<UserError>()) {
        return e;
    }
    let found = e.chain().find_map(|c| {
        c.downcast_ref::<SheetError>()
            .map(sheet)
            .or_else(|| c.downcast_ref::<ScoringError>().map(scoring))
            .or_else(|| c.downcast_ref::<Ineligible>().map(ineligible))
    });
    match found {
        Some((hint, details)) => UserError::new(format!("{e:#}"), hint).with_details(details).into(),
        None => e,
    }
}

type Hint = (String, Vec<String>);

fn sheet(e: &SheetError) -> Hint {
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

fn scoring(e: &ScoringError) -> Hint {
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

fn ineligible(e: &Ineligible) -> Hint {
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
