//! Hints for refused answers sheets and scorings.

use super::Hint;
use crate::error::UserError;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::scoring::{Ineligible, ScoringError, SheetError, words};

pub(super) fn sheet(e: &SheetError) -> Hint {
    sheet_in(e, &Labels::of("scoring", Lang::En))
}

/// The hint for a refused answers file, and its problems (the parser's own lines).
fn sheet_in(e: &SheetError, l: &Labels) -> Hint {
    match e {
        SheetError::Unreadable { .. } => (l.get("sheet_unreadable_hint"), Vec::new()),
        SheetError::TooLarge { .. } => (l.get("sheet_too_large_hint"), Vec::new()),
        SheetError::NotText { .. } => (l.get("sheet_not_text_hint"), Vec::new()),
        SheetError::Invalid { problems, .. } => (l.get("sheet_invalid_hint"), problems.clone()),
    }
}

/// A refused answers file's message in the labels' language.
fn sheet_message(e: &SheetError, l: &Labels) -> String {
    match e {
        // The system's reason is English: in another language, the reasons people meet most
        // are worded from the labels.
        SheetError::Unreadable { name, error, kind } => {
            let reason = match kind {
                _ if l.lang() == Lang::En => error.clone(),
                std::io::ErrorKind::NotFound => l.get("io_not_found"),
                std::io::ErrorKind::PermissionDenied => l.get("io_denied"),
                _ => error.clone(),
            };
            fill!(l, "sheet_unreadable", name = name, error = reason)
        }
        SheetError::NotText { name, error } => fill!(l, "sheet_unreadable", name = name, error = error),
        SheetError::TooLarge { name, len, limit } => fill!(l, "sheet_too_large", name = name, len = len, limit = limit),
        SheetError::Invalid { name, .. } => fill!(l, "sheet_invalid", name = name),
    }
}

pub(super) fn scoring(e: &ScoringError) -> Hint {
    scoring_in(e, &Labels::of("scoring", Lang::En))
}

fn scoring_in(e: &ScoringError, l: &Labels) -> Hint {
    match e {
        ScoringError::Misfit { problems, .. } => (
            l.get("misfit_hint"),
            problems
                .iter()
                .map(|p| format!("  {}", words::problem_pointing(p, l, &l.get("cli_lists_criteria"))))
                .collect(),
        ),
        ScoringError::NothingApplicable => (l.get("nothing_applicable_hint"), Vec::new()),
        ScoringError::Missing(_) => (l.get("missing_hint"), Vec::new()),
    }
}

pub(super) fn ineligible(e: &Ineligible) -> Hint {
    (ineligible_hint(e, &Labels::of("scoring", Lang::En)), Vec::new())
}

fn ineligible_hint(e: &Ineligible, l: &Labels) -> String {
    match e {
        Ineligible::Withdrawn { .. } => l.get("withdrawn_hint"),
        Ineligible::MysteryContact { .. } => l.get("mystery_contact_hint"),
        Ineligible::OwnInteraction { .. } => l.get("own_interaction_hint"),
        Ineligible::WrongSubject { wanted, .. } => l.get(&format!("wrong_subject_{}_hint", wanted.as_str())),
        Ineligible::WrongChannel { channel, .. } => fill!(l, "wrong_channel_hint", channel = channel),
        Ineligible::AlreadyScored { evaluation, .. } => fill!(l, "already_scored_hint", evaluation = evaluation),
        Ineligible::NotASecondOpinion { interaction, rubric } => fill!(
            l,
            "not_a_second_opinion_hint",
            interaction = interaction,
            rubric = rubric
        ),
        Ineligible::CountedElsewhere {
            interaction, rubric, ..
        } => fill!(l, "counted_elsewhere_hint", interaction = interaction, rubric = rubric),
    }
}

/// A refused scoring (answers that do not fit, nothing applicable, answers missing) in the labels'
/// language: its message, hint and detail lines.
pub(super) fn scoring_refusal(s: &ScoringError, l: &Labels) -> UserError {
    let (message, _) = words::scoring(s, l);
    let (hint, details) = scoring_in(s, l);
    UserError::new(message, hint).with_details(details)
}

/// A scoring refusal in the rubric's language: for Spanish, a refusal of the answers file, of the
/// answers or of the evaluator anywhere in the chain becomes a Spanish message, details and hint (issue 15);
/// anything else, and English, pass unchanged to [`super::for_cli`].
pub fn in_language(e: anyhow::Error, lang: Lang) -> anyhow::Error {
    if lang == Lang::En || e.chain().any(|c| c.is::<UserError>()) {
        return e;
    }
    let l = Labels::of("scoring", lang);
    let worded = e.chain().find_map(|c| {
        c.downcast_ref::<ScoringError>()
            .map(|s| scoring_refusal(s, &l))
            .or_else(|| {
                c.downcast_ref::<Ineligible>()
                    .map(|i| UserError::new(words::ineligible(i, &l), ineligible_hint(i, &l)))
            })
            .or_else(|| {
                c.downcast_ref::<SheetError>().map(|e| {
                    let (hint, details) = sheet_in(e, &l);
                    UserError::new(sheet_message(e, &l), hint).with_details(details)
                })
            })
    });
    match worded {
        Some(refusal) => refusal.into(),
        None => e,
    }
}
