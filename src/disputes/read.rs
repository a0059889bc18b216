//! Reading disputes: the list with each one's age and whether it is overdue, and one thread;
//! both within what the actor may see (the evaluations' [`Sight`], so that double scoring stays
//! blind: a dispute names the criteria and the answers scored).

use super::{DisputeError, Step, day_of};
use crate::actor::Actor;
use crate::evaluations::visibility::Sight;
use crate::store::Store;
use crate::store::disputes::{Dispute, DisputeStatus};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// A dispute as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub dispute: Dispute,
    /// Days open so far (open), or days it was open (resolved).
    pub age_days: i64,
    /// The rubric version's `dispute_days`.
    pub dispute_days: u32,
    /// Open longer than `dispute_days`.
    pub overdue: bool,
}

/// The disputes `actor` may see (only the open ones when `open_only`), oldest first, aged as of
/// `today`.
pub fn list(store: &Store, actor: &Actor, open_only: bool, today: NaiveDate) -> Result<Vec<Listed>> {
    let mut windows: HashMap<(String, u32), u32> = HashMap::new();
    let mut rows = Vec::new();
    for d in store.disputes_in_sight(open_only, &Sight::of(actor))? {
        let key = (d.rubric.clone(), d.rubric_version);
        let dispute_days = match windows.get(&key) {
            Some(days) => *days,
            None => {
                let days = store.rubric(&d.rubric, Some(d.rubric_version))?.dispute_days;
                windows.insert(key, days);
                days
            }
        };
        rows.push(aged(d, dispute_days, today));
    }
    Ok(rows)
}

/// How long a dispute has been (or was) open, and whether that is longer than `dispute_days`.
pub fn aged(dispute: Dispute, dispute_days: u32, today: NaiveDate) -> Listed {
    let opened = day_of(&dispute.opened_at).unwrap_or(today);
    let until = match dispute.status {
        DisputeStatus::Open => today,
        _ => dispute.resolved_at.as_deref().and_then(day_of).unwrap_or(today),
    };
    let age_days = (until - opened).num_days().max(0);
    let overdue = dispute.status == DisputeStatus::Open && age_days > i64::from(dispute_days);
    Listed {
        dispute,
        age_days,
        dispute_days,
        overdue,
    }
}

/// One dispute, the whole thread; one `actor` may not see is not found, exactly as a missing
/// one.
pub fn show(store: &Store, actor: &Actor, id: i64) -> Result<Dispute> {
    match store.dispute_in_sight(id, &Sight::of(actor))? {
        Some(d) => Ok(d),
        None => Err(DisputeError::NoDispute {
            dispute: id,
            step: Step::Show,
        }
        .into()),
    }
}
