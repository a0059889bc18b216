//! Resolving a dispute: who may (a lead, not a party to it), how it ends, and the revision it
//! leaves.

use super::{DisputeError, Step, changes_of, check_change, rescore};
use crate::actor::Actor;
use crate::dates;
use crate::lang::Lang;
use crate::roles::Role;
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::disputes::{Dispute, DisputeStatus};
use crate::store::evaluations::{Detail, Status};
use anyhow::Result;

/// How a lead ends a dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Apply the agent's proposals.
    Accept,
    /// Set these (criterion, answer) pairs, as the lead decided.
    Partial(Vec<(String, String)>),
    /// Leave the evaluation as scored.
    Reject,
}

/// A resolved dispute and what it did to its evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The dispute as stored after resolving.
    pub dispute: Dispute,
    /// The evaluation's overall score before.
    pub before: f64,
    /// The overall score of the new revision, when answers changed.
    pub after: Option<f64>,
    /// The revision the dispute leaves in place (a new one when answers changed).
    pub revision: u32,
}

/// How an ending reads, in the revision's reason and in messages.
pub fn outcome_word(status: DisputeStatus) -> &'static str {
    match status {
        DisputeStatus::Accepted => "accepted",
        DisputeStatus::Partial => "partly accepted",
        _ => "rejected",
    }
}

/// The reason of the revision a resolution writes, in the rubric's language: it is printed on the
/// agent's feedback sheet ("Modificada (revisión 2): impugnación 3 aceptada: ...").
pub fn revision_reason(id: i64, outcome: DisputeStatus, note: &str, language: Lang) -> String {
    match language {
        Lang::Es => {
            let word = match outcome {
                DisputeStatus::Accepted => "aceptada",
                DisputeStatus::Partial => "aceptada en parte",
                _ => "rechazada",
            };
            format!("impugnación {id} {word}: {note}")
        }
        Lang::En => format!("dispute {id} {}: {note}", outcome_word(outcome)),
    }
}

/// Resolves dispute `id` as `actor` with `decision` and the note for the agent.
pub fn resolve(store: &mut Store, actor: &Actor, id: i64, decision: &Decision, note: Option<&str>) -> Result<Resolved> {
    let Some(dispute) = store.dispute(id)? else {
        return Err(DisputeError::NoDispute {
            dispute: id,
            step: Step::Resolve,
        }
        .into());
    };
    actor.require(Role::Lead, "resolve disputes")?;
    may_resolve(actor, &dispute)?;
    let e = dispute.evaluation;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let detail = store
        .evaluation(e)?
        .ok_or(DisputeError::NoEvaluation { evaluation: e })?;
    let rubric = store.rubric(&dispute.rubric, Some(dispute.rubric_version))?;
    let (outcome, changes) = changes(&dispute, &detail, decision, &rubric)?;
    let Some(note) = note else {
        return Err(DisputeError::NoteRequired { dispute: id }.into());
    };
    let before = detail.current().overall;
    let revised = if changes.is_empty() {
        None
    } else {
        Some(rescore(&rubric, &detail, &changes)?)
    };
    let reason = revision_reason(id, outcome, note, rubric.language);
    let revision = store.write(&actor.id, |tx| {
        let revision = match &revised {
            Some((checked, result)) => tx.revise_evaluation(e, result, checked, &reason, Status::Submitted)?,
            None => detail.summary.revision,
        };
        tx.resolve_dispute(id, outcome, Some(note), revision)?;
        Ok(revision)
    })?;
    Ok(Resolved {
        dispute: store.dispute(id)?.expect("just resolved"),
        before,
        after: revised.map(|(_, r)| r.overall),
        revision,
    })
}

/// Separation of duties: not the lead who scored the evaluation, who opened the dispute for the
/// agent, or who is its agent; and only an open dispute.
pub fn may_resolve(actor: &Actor, dispute: &Dispute) -> Result<(), DisputeError> {
    let (id, e) = (dispute.id, dispute.evaluation);
    let lead = actor.id.clone();
    if actor.is(&dispute.evaluator) {
        return Err(DisputeError::ScoredIt { lead, evaluation: e });
    }
    if actor.is(&dispute.opened_by) {
        return Err(DisputeError::OpenedIt {
            lead,
            dispute: id,
            agent: dispute.agent.clone(),
        });
    }
    if dispute.agent.as_deref().is_some_and(|a| actor.is(a)) {
        return Err(DisputeError::IsTheAgent { lead, evaluation: e });
    }
    if dispute.status != DisputeStatus::Open {
        return Err(DisputeError::AlreadyResolved {
            dispute: id,
            evaluation: e,
            status: dispute.status,
            by: dispute.resolved_by.clone().unwrap_or_default(),
            on: dispute.resolved_at.as_deref().map(dates::short).unwrap_or_default(),
        });
    }
    Ok(())
}

/// The ending and the answers it changes (those that differ from the current ones);
/// `rubric` is the dispute's rubric version.
pub fn changes(
    dispute: &Dispute,
    detail: &Detail,
    decision: &Decision,
    rubric: &Rubric,
) -> Result<(DisputeStatus, Vec<(String, String)>), DisputeError> {
    let (id, e) = (dispute.id, dispute.evaluation);
    let (outcome, changes) = match decision {
        Decision::Reject => (DisputeStatus::Rejected, Vec::new()),
        Decision::Accept => {
            if dispute.proposals.is_empty() {
                return Err(DisputeError::NothingToAccept { dispute: id });
            }
            (DisputeStatus::Accepted, changes_of(&dispute.proposals))
        }
        Decision::Partial(pairs) => {
            let mut changes: Vec<(String, String)> = Vec::new();
            for (key, value) in pairs {
                if changes.iter().any(|(k, _)| k == key) {
                    return Err(DisputeError::GivenTwice { key: key.clone() });
                }
                let (answer, _) = check_change(rubric, detail, key, value, Step::Resolve)?;
                changes.push((key.clone(), answer));
            }
            (DisputeStatus::Partial, changes)
        }
    };
    if outcome != DisputeStatus::Rejected && detail.summary.status != Status::Submitted {
        return Err(DisputeError::NotAmendable {
            evaluation: e,
            status: detail.summary.status,
            dispute: id,
        });
    }
    let current = detail.current();
    let changes: Vec<(String, String)> = changes
        .into_iter()
        .filter(|(k, v)| current.answers.iter().find(|a| &a.key == k).map(|a| &a.answer) != Some(v))
        .collect();
    if matches!(decision, Decision::Partial(_)) && changes.is_empty() {
        return Err(DisputeError::NothingChanged {
            evaluation: e,
            dispute: id,
        });
    }
    Ok((outcome, changes))
}
