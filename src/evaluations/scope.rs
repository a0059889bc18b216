//! Listing and showing evaluations as the actor may see them ([`visibility`](super::visibility):
//! blind to another evaluator's work until one's own is submitted, an agent their own counted
//! evaluations). An evaluation out of sight is reported as not found, so that its existence is
//! not revealed.

use super::visibility::Sight;
use super::{EvaluationError, find};
use crate::actor::Actor;
use crate::store::Store;
use crate::store::evaluations::{Detail, Filter, Status, Summary};
use anyhow::Result;

/// What `evaluation list` asks for; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub agent: Option<String>,
    pub evaluator: Option<String>,
    pub rubric: Option<String>,
    /// Stored-time bounds `[from, to)` on the date of the work.
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: Option<Status>,
    pub limit: usize,
}

/// The evaluations matching `query` that `actor` may see, newest work first.
pub fn list(store: &Store, actor: &Actor, query: &Listing) -> Result<Vec<Summary>> {
    store.evaluations(&filter_for(actor, query))
}

/// The store's filter for `query` as `actor` asks it: the actor's sight goes into the query
/// itself, so the limit counts what they see.
pub fn filter_for(actor: &Actor, query: &Listing) -> Filter {
    Filter {
        agent: query.agent.clone(),
        evaluator: query.evaluator.clone(),
        rubric: query.rubric.clone(),
        from: query.from.clone(),
        to: query.to.clone(),
        status: query.status,
        sight: Sight::of(actor),
        limit: query.limit,
    }
}

/// One evaluation with every revision, if `actor` may see it (else "not found").
pub fn show(store: &Store, actor: &Actor, id: i64) -> Result<Detail> {
    // Scope first, without the calibration seal, so that an out-of-scope evaluation is "not
    // found" rather than "sealed"; then the sealed read refuses what is still blind.
    if !store.evaluation_visible(id, &Sight::of(actor))? {
        return Err(EvaluationError::NotFound { id }.into());
    }
    find(store, id)
}
