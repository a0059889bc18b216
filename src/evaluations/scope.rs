//! What each actor may see of the evaluations: staff see every one, an agent only the
//! evaluations of their own work that count (never a second opinion, issue 15). An evaluation
//! out of scope is reported as not found, so that its existence is not revealed.

use super::{EvaluationError, find};
use crate::actor::{Actor, ActorKind, Channel};
use crate::store::Store;
use crate::store::evaluations::{Detail, Filter, Status, Summary};
use anyhow::Result;

/// Whether `actor` may see the evaluation summed up by `s`.
///
/// Someone registered as neither staff nor agent sees every evaluation on the command line:
/// whoever runs it holds the store file itself (setting a store up, a script reading it), so
/// hiding rows there would protect nothing. Through the web or the API they see none.
pub fn may_see(actor: &Actor, s: &Summary) -> bool {
    match actor.kind {
        ActorKind::Unregistered if actor.channel == Channel::Cli => true,
        _ => actor.may_see_evaluation(s.agent.as_deref(), s.second_opinion),
    }
}

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
    let Some(filter) = filter_for(actor, query) else {
        return Ok(Vec::new());
    };
    let rows = store.evaluations(&filter)?;
    Ok(rows.into_iter().filter(|s| may_see(actor, s)).collect())
}

/// The store's filter for `query` as `actor` asks it: an agent's own counted evaluations only,
/// so the limit counts what they see. `None` when nothing asked for is in their scope (an agent
/// asking for another agent's evaluations).
pub fn filter_for(actor: &Actor, query: &Listing) -> Option<Filter> {
    let agent = match actor.kind {
        ActorKind::Agent => match &query.agent {
            Some(other) if other != &actor.id => return None,
            _ => Some(actor.id.clone()),
        },
        _ => query.agent.clone(),
    };
    Some(Filter {
        agent,
        evaluator: query.evaluator.clone(),
        rubric: query.rubric.clone(),
        from: query.from.clone(),
        to: query.to.clone(),
        status: query.status,
        hide_second_opinions: actor.kind == ActorKind::Agent,
        limit: query.limit,
    })
}

/// One evaluation with every revision, if `actor` may see it (else "not found").
pub fn show(store: &Store, actor: &Actor, id: i64) -> Result<Detail> {
    // Scope first, without the calibration seal, so that an out-of-scope evaluation is "not
    // found" rather than "sealed"; then the sealed read refuses what is still blind.
    let visible = store
        .evaluation_unsealed(id)?
        .is_some_and(|d| may_see(actor, &d.summary));
    if !visible {
        return Err(EvaluationError::NotFound { id }.into());
    }
    find(store, id)
}
