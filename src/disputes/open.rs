//! Opening a dispute: who may, on what, until when, and with which proposals.

use super::{DisputeError, Step, changes_of, check_change, day_of, rescore};
use crate::actor::Actor;
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::disputes::{Dispute, DisputeStatus, NewDispute, Proposal};
use crate::store::evaluations::{Detail, Status, Summary};
use anyhow::Result;
use chrono::NaiveDate;

/// What the agent (or a lead for them) asks.
#[derive(Debug, Clone, Copy)]
pub struct OpenRequest<'a> {
    pub evaluation: i64,
    /// (criterion, proposed answer) pairs, possibly none.
    pub proposals: &'a [(String, String)],
    /// Why the evaluation is wrong; never empty.
    pub reason: &'a str,
}

/// Opens a dispute as `actor` on `today`; returns it as stored.
pub fn open(store: &mut Store, actor: &Actor, request: &OpenRequest<'_>, today: NaiveDate) -> Result<Dispute> {
    let reason = request.reason.trim();
    if reason.is_empty() {
        return Err(DisputeError::EmptyReason.into());
    }
    let id = request.evaluation;
    let detail = store
        .evaluation(id)?
        .ok_or(DisputeError::NoEvaluation { evaluation: id })?;
    let s = &detail.summary;
    let agent = may_open(actor, s)?;
    disputable(s)?;
    if let Some(open) = store.open_dispute_on(id)? {
        return Err(DisputeError::AlreadyOpen {
            evaluation: id,
            dispute: open,
        }
        .into());
    }
    let rubric = store.rubric(&s.rubric, Some(s.rubric_version))?;
    in_window(&rubric, s, today)?;
    // Points a lead already decided on this evaluation: the thread ends there.
    let resolved: Vec<Dispute> = store
        .disputes(false)?
        .into_iter()
        .filter(|d| d.evaluation == id && d.status != DisputeStatus::Open)
        .collect();
    let proposals = proposals(&rubric, &detail, &resolved, request.proposals)?;
    let dispute = store.write(&actor.id, |tx| {
        tx.open_dispute(&NewDispute {
            evaluation: id,
            reason,
            proposals: &proposals,
            agent: &agent,
        })
    })?;
    Ok(store.dispute(dispute)?.expect("just written"))
}

/// Who may dispute the evaluation: its agent, or a lead acting for them. Returns the agent.
pub fn may_open(actor: &Actor, s: &Summary) -> Result<String, DisputeError> {
    let Some(agent) = s.agent.clone() else {
        return Err(DisputeError::NoAgent { evaluation: s.id });
    };
    if !actor.is(&agent) && !actor.is_lead() {
        return Err(DisputeError::NotTheirs {
            actor: actor.id.clone(),
            evaluation: s.id,
            agent,
        });
    }
    Ok(agent)
}

/// Only a submitted evaluation outside calibration and practice counts, so only it may be
/// disputed.
pub fn disputable(s: &Summary) -> Result<(), DisputeError> {
    let evaluation = s.id;
    match s.status {
        Status::Void => return Err(DisputeError::Void { evaluation }),
        Status::Draft => return Err(DisputeError::Draft { evaluation }),
        Status::Submitted => {}
    }
    if s.practice {
        return Err(DisputeError::Practice { evaluation });
    }
    match s.calibration {
        Some(session) => Err(DisputeError::Calibration { evaluation, session }),
        None => Ok(()),
    }
}

/// The window: `dispute_days` of the rubric version from the day it was scored, inclusive.
pub fn in_window(rubric: &Rubric, s: &Summary, today: NaiveDate) -> Result<(), DisputeError> {
    let scored = day_of(&s.scored_at).unwrap_or(today);
    let last = scored + chrono::Duration::days(i64::from(rubric.dispute_days));
    if today > last {
        return Err(DisputeError::WindowClosed {
            evaluation: s.id,
            last,
            scored,
            rubric: rubric.id.clone(),
            days: rubric.dispute_days,
        });
    }
    Ok(())
}

/// The proposals checked against the rubric, the answers scored and the points already
/// decided in `resolved` disputes of the same evaluation; together they must still score.
pub fn proposals(
    rubric: &Rubric,
    detail: &Detail,
    resolved: &[Dispute],
    pairs: &[(String, String)],
) -> Result<Vec<Proposal>, DisputeError> {
    let id = detail.summary.id;
    let mut proposals: Vec<Proposal> = Vec::new();
    for (key, value) in pairs {
        let key = key.trim();
        if proposals.iter().any(|p| p.criterion == key) {
            return Err(DisputeError::ContestedTwice { key: key.to_string() });
        }
        if let Some(done) = resolved.iter().find(|d| d.proposals.iter().any(|p| p.criterion == key)) {
            return Err(DisputeError::AlreadyDecided {
                key: key.to_string(),
                evaluation: id,
                dispute: done.id,
                status: done.status,
            });
        }
        let (answer, current) = check_change(rubric, detail, key, value, Step::Open)?;
        if answer == current {
            return Err(DisputeError::SameAnswer {
                key: key.to_string(),
                current,
                evaluation: id,
            });
        }
        proposals.push(Proposal {
            criterion: key.to_string(),
            current,
            proposed: answer,
        });
    }
    if !proposals.is_empty() {
        rescore(rubric, detail, &changes_of(&proposals))?;
    }
    Ok(proposals)
}
