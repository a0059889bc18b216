//! A lead's review of a logged visit (approve, or return it with a note and per-question notes)
//! and the purging of removed evidence. Both need the lead role; nobody reviews a visit they
//! logged themselves.

use super::VisitError;
use super::access::find;
use crate::actor::Actor;
use crate::roles::Role;
use crate::store::Store;
use crate::store::visits::Visit;
use anyhow::Result;
use std::collections::BTreeMap;

/// A lead's decision on a visit: approved, or returned with a note (required) and notes on
/// single questions (`(criterion key, text)`).
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub approve: bool,
    pub note: Option<&'a str>,
    pub on_questions: &'a [(String, String)],
}

/// Refuses a review of `v` by `lead`: only a complete visit waits for review, and not by the
/// lead who logged it.
pub fn reviewable(lead: &Actor, v: &Visit) -> Result<(), VisitError> {
    if v.status != "complete" {
        return Err(VisitError::NotComplete {
            id: v.id,
            status: v.status.clone(),
        });
    }
    if v.shopper.as_deref() == Some(lead.id.as_str()) {
        return Err(VisitError::OwnVisit {
            lead: lead.id.clone(),
            id: v.id,
        });
    }
    Ok(())
}

/// Refuses a returned visit without a note: the shopper must learn what to fix.
pub fn note_given(decision: &Decision) -> Result<(), VisitError> {
    if !decision.approve && decision.note.is_none_or(|n| n.trim().is_empty()) {
        return Err(VisitError::NoteNeeded);
    }
    Ok(())
}

/// Records `decision` on visit `id` as `actor` (a lead); returns the visit as it now stands.
pub fn review(store: &mut Store, actor: &Actor, id: i64, decision: Decision) -> Result<Visit> {
    actor.require(Role::Lead, "review visits")?;
    let visit = find(store, id)?;
    reviewable(actor, &visit)?;
    note_given(&decision)?;
    let comments = question_notes(store, &visit, decision.on_questions)?;
    let status = if decision.approve { "approved" } else { "returned" };
    store.write(&actor.id, |tx| tx.review_visit(id, status, decision.note, &comments))?;
    find(store, id)
}

/// The notes on single questions, each key a criterion of the visit's rubric.
fn question_notes(store: &Store, visit: &Visit, given: &[(String, String)]) -> Result<BTreeMap<String, String>> {
    let mut notes = BTreeMap::new();
    if given.is_empty() {
        return Ok(notes);
    }
    let Some(eval) = visit.evaluation.map(|e| store.evaluation(e)).transpose()?.flatten() else {
        return Err(VisitError::NoAnswers { id: visit.id }.into());
    };
    let rubric = store.rubric(&eval.summary.rubric, Some(eval.summary.rubric_version))?;
    let keys: Vec<String> = rubric.criteria().map(|c| c.key.clone()).collect();
    for (key, text) in given {
        let (key, text) = (key.trim(), text.trim());
        if !keys.iter().any(|k| k == key) {
            return Err(VisitError::UnknownQuestion {
                key: key.to_string(),
                rubric: rubric.id.clone(),
                keys,
            }
            .into());
        }
        if text.is_empty() {
            return Err(VisitError::EmptyNote { key: key.to_string() }.into());
        }
        notes.insert(key.to_string(), text.to_string());
    }
    Ok(notes)
}

/// Purges the bytes of the removed evidence `name` of visit `id` as `actor` (a lead), with
/// `reason`; the tombstone keeps its name, its sha256, who and why.
pub fn purge(store: &mut Store, actor: &Actor, id: i64, name: &str, reason: &str) -> Result<()> {
    actor.require(Role::Lead, "purge evidence")?;
    if reason.trim().is_empty() {
        return Err(VisitError::NoPurgeReason.into());
    }
    let Some(detail) = store.visit_detail(id)? else {
        return Err(VisitError::NotFound { id }.into());
    };
    let Some(file) = detail.evidence.iter().find(|a| a.file_name == name) else {
        let name = name.to_string();
        return Err(VisitError::NoSuchEvidence { id, name }.into());
    };
    let name = name.to_string();
    match &file.removed {
        None => return Err(VisitError::StillEvidence { id, name }.into()),
        Some(r) if r.purged_at.is_some() => return Err(VisitError::AlreadyPurged { name }.into()),
        Some(_) => {}
    }
    let attachment = file.id;
    store.write(&actor.id, |tx| tx.purge_attachment(id, attachment, reason.trim()))
}
