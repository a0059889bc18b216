//! Hints for refusals by the visit rules, and the refusals of `visit purge` and of logging a
//! visit again in another language.

use super::Hint;
use crate::error::UserError;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::suggest::closest;
use crate::visits::VisitError;

pub(super) fn visit(e: &VisitError) -> Hint {
    let hint = match e {
        VisitError::NotFound { .. } => "`qaudit visit list` shows the visit numbers".into(),
        VisitError::NotComplete { .. } => {
            "`qaudit visit list --status complete` shows visits waiting for review".into()
        }
        VisitError::OwnVisit { .. } => "ask another lead to review it".into(),
        VisitError::NoteNeeded => "say what the shopper should fix, e.g. --note \"Receipt photo is unreadable\"".into(),
        VisitError::NoAnswers { .. } => "return it with --note only".into(),
        VisitError::UnknownQuestion { key, rubric, keys } => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            match closest(key, &keys) {
                Some(k) => format!("did you mean `{k}`? `qaudit rubric show {rubric}` lists the keys"),
                None => format!("`qaudit rubric show {rubric}` lists the keys"),
            }
        }
        VisitError::EmptyNote { .. } => "say what the shopper should fix".into(),
        VisitError::NoPurgeReason => "say why the bytes must go, e.g. --reason \"Shows a customer's card\"".into(),
        VisitError::NoSuchEvidence { id, .. } => format!("`qaudit visit show {id}` lists its evidence"),
        VisitError::StillEvidence { id, name } => format!(
            "the shopper removes it first: `qaudit visit log --visit {id} --remove-evidence {name} --reason ...`"
        ),
        VisitError::AlreadyPurged { .. } => "nothing is left to purge".into(),
        VisitError::ElsewhereLocated { at, .. } => format!("give --location {at}"),
        VisitError::NotLoggable { .. } => "log a new visit without --visit".into(),
        VisitError::BadThresholds => {
            "e.g. --photo-hours 2 --min-dwell 3 --max-dwell 240 --late-hours 72 (the defaults)".into()
        }
        VisitError::OtherShoppers { owner, .. } => {
            format!("log it as its shopper (--as {owner}), or log a new visit without --visit")
        }
    };
    (hint, Vec::new())
}

/// A refusal of `visit review`, `visit purge` or of `visit log --visit ID` reworded in `lang` (from
/// `visit.yaml`); English, and any other error, as it is (the English wording stays the error's
/// own, with its hint above).
pub fn in_language(e: anyhow::Error, lang: Lang) -> anyhow::Error {
    if lang == Lang::En {
        return e;
    }
    let Some(v) = e.chain().find_map(|c| c.downcast_ref::<VisitError>()) else {
        return e;
    };
    let l = Labels::of("visit", lang);
    let (message, hint) = match v {
        VisitError::NotFound { id } => (fill!(l, "p_not_found", id = id), l.get("p_not_found_hint")),
        VisitError::NoPurgeReason => (l.get("p_no_reason"), l.get("p_no_reason_hint")),
        VisitError::NoSuchEvidence { id, name } => (
            fill!(l, "p_no_such_evidence", id = id, name = name),
            fill!(l, "p_no_such_evidence_hint", id = id),
        ),
        VisitError::StillEvidence { id, name } => (
            fill!(l, "p_still_evidence", id = id, name = name),
            fill!(l, "p_still_evidence_hint", id = id, name = name),
        ),
        VisitError::AlreadyPurged { name } => (
            fill!(l, "p_already_purged", name = name),
            l.get("p_already_purged_hint"),
        ),
        VisitError::ElsewhereLocated { id, at, given } => (
            fill!(l, "p_elsewhere", id = id, at = at, given = given),
            fill!(l, "p_elsewhere_hint", at = at),
        ),
        VisitError::NotLoggable { id, status } => (
            fill!(l, "p_not_loggable", id = id, status = l.get(&format!("st_{status}"))),
            l.get("p_not_loggable_hint"),
        ),
        VisitError::OtherShoppers { id, owner, shopper } => (
            fill!(l, "p_other_shoppers", id = id, owner = owner, shopper = shopper),
            fill!(l, "p_other_shoppers_hint", owner = owner),
        ),
        VisitError::NotComplete { id, status } => (
            fill!(l, "r_not_complete", id = id, status = l.get(&format!("st_{status}"))),
            l.get("r_not_complete_hint"),
        ),
        VisitError::OwnVisit { lead, id } => (fill!(l, "r_own_visit", lead = lead, id = id), l.get("r_own_visit_hint")),
        VisitError::NoteNeeded => (l.get("r_note_needed"), l.get("r_note_needed_hint")),
        VisitError::NoAnswers { id } => (fill!(l, "r_no_answers", id = id), l.get("r_no_answers_hint")),
        VisitError::UnknownQuestion { key, rubric, keys } => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let hint = match closest(key, &keys) {
                Some(near) => fill!(l, "r_unknown_question_near", near = near, rubric = rubric),
                None => fill!(l, "r_unknown_question_hint", rubric = rubric),
            };
            (fill!(l, "r_unknown_question", key = key, rubric = rubric), hint)
        }
        VisitError::EmptyNote { key } => (fill!(l, "r_empty_note", key = key), l.get("r_empty_note_hint")),
        _ => return e,
    };
    UserError::new(message, hint).into()
}
