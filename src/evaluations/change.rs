//! Amending and voiding: only the evaluator who scored it or a lead changes an evaluation, never
//! while a dispute on it is open, and always with a reason. An amendment is a new revision (the
//! old ones are kept); a void evaluation stays on record and counts nowhere.

use super::{Change, EvaluationError, find, reason_given};
use crate::actor::{Actor, Denied};
use crate::roles::Role;
use crate::rubric::Rubric;
use crate::rubric::sheet::Given;
use crate::scoring::{check, compute};
use crate::store::Store;
use crate::store::evaluations::{Detail, Status};
use anyhow::Result;

/// What an amendment changes: answers (`section.criterion=value`), comments
/// (`section.criterion=text`), and why.
#[derive(Debug, Clone, Copy)]
pub struct Amendment<'a> {
    /// The changed answers (`section.criterion=value`), each with where it was given.
    pub sets: &'a [Given],
    /// The changed comments (`section.criterion=text`).
    pub notes: &'a [Given],
    pub reason: &'a str,
}

/// An amended evaluation: its new state, the rubric it is scored with, and the overall score
/// before and after.
#[derive(Debug, Clone)]
pub struct Amended {
    pub detail: Detail,
    pub rubric: Rubric,
    pub before: f64,
    pub after: f64,
}

/// Refuses unless `actor` scored the evaluation or is a lead; `what` completes "may not ..."
/// ("amend another evaluator's evaluation").
pub fn may_change(actor: &Actor, detail: &Detail, what: &str) -> Result<(), Denied> {
    if actor.may_change_evaluation(&detail.summary.evaluator) {
        return Ok(());
    }
    actor.require(Role::Lead, what)
}

/// Refuses a change while a dispute on the evaluation is open (`dispute`): the agent's case is
/// heard before the score moves, and the resolution changes it.
pub fn not_disputed(id: i64, dispute: Option<i64>, change: Change) -> Result<(), EvaluationError> {
    match dispute {
        Some(dispute) => Err(EvaluationError::Disputed { id, dispute, change }),
        None => Ok(()),
    }
}

/// Refuses to amend what is kept as it is: a calibration score (it records how its evaluator
/// scored blind), a void evaluation, a draft (finished by scoring it).
pub fn amendable(detail: &Detail) -> Result<(), EvaluationError> {
    let id = detail.summary.id;
    if let Some(session) = detail.summary.calibration {
        return Err(EvaluationError::CalibrationKept { id, session });
    }
    match detail.summary.status {
        Status::Void => Err(EvaluationError::VoidKept { id }),
        Status::Draft => Err(EvaluationError::Draft { id }),
        Status::Submitted => Ok(()),
    }
}

/// Amends evaluation `id` as `actor`: the changed answers are checked against the rubric and
/// scored again, and the result is recorded as a new revision.
pub fn amend(store: &mut Store, actor: &Actor, id: i64, change: Amendment) -> Result<Amended> {
    let detail = find(store, id)?;
    may_change(actor, &detail, "amend another evaluator's evaluation")?;
    not_disputed(id, store.open_dispute_on(id)?, Change::Amend)?;
    amendable(&detail)?;
    reason_given(change.reason, Change::Amend)?;
    let rubric = store.rubric(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
    let mut sheet = detail.current().sheet();
    for given in change.sets {
        sheet.set(given).map_err(EvaluationError::BadSet)?;
    }
    for given in change.notes {
        sheet.note(given).map_err(EvaluationError::BadNote)?;
    }
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    store.write(&actor.id, |tx| {
        tx.revise_evaluation(id, &result, &checked, change.reason, Status::Submitted)
    })?;
    let detail = find(store, id)?;
    let before = detail.revisions[detail.revisions.len() - 2].overall;
    Ok(Amended {
        detail,
        rubric,
        before,
        after: result.overall,
    })
}

/// Voids evaluation `id` as `actor`, with `reason`; returns it as it now stands.
pub fn void(store: &mut Store, actor: &Actor, id: i64, reason: &str) -> Result<Detail> {
    let detail = find(store, id)?;
    may_change(actor, &detail, "void another evaluator's evaluation")?;
    not_disputed(id, store.open_dispute_on(id)?, Change::Void)?;
    if detail.summary.status == Status::Void {
        return Err(EvaluationError::AlreadyVoid { id }.into());
    }
    reason_given(reason, Change::Void)?;
    store.write(&actor.id, |tx| tx.void_evaluation(id, reason))?;
    find(store, id)
}
