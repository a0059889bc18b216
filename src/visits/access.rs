//! Who may see and log which visit, for every front end (issue 13): a lead sees every visit, a
//! shopper the visits they logged or were given. A visit the actor may not see is reported as
//! not found (`no visit N`), like a missing one, so that its existence is not revealed.

use super::VisitError;
use crate::actor::{Actor, ActorKind, Channel};
use crate::store::Store;
use crate::store::visits::{Visit, VisitDetail};
use anyhow::Result;

/// Whether `actor` may see `visit`.
pub fn may_see(actor: &Actor, visit: &Visit) -> bool {
    actor.may_see_visit(visit.shopper.as_deref())
}

/// The visits of a list that `actor` may see: a lead all, a shopper their own, an agent none.
/// On the command line, someone registered as neither (a store being set up, a script) sees
/// every one, as with evaluations: they hold the store file anyway.
pub fn visible_in(actor: &Actor, visits: Vec<Visit>) -> Vec<Visit> {
    let everything = holds_the_file(actor);
    visits.into_iter().filter(|v| everything || may_see(actor, v)).collect()
}

/// Someone registered as neither staff nor agent, on the command line.
fn holds_the_file(actor: &Actor) -> bool {
    actor.kind == ActorKind::Unregistered && actor.channel == Channel::Cli
}

/// The rule of [`visible_in`] as data, for reads the store filters itself (the visits export
/// streams its rows, so it cannot filter them here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum VisitSight {
    /// A lead, or someone holding the store file; also what the store's own builders read.
    #[default]
    Everything,
    /// Staff without the lead role: the visits with this shopper.
    Shopper(String),
    /// An agent, or someone unregistered through the web or the API.
    Nothing,
}

impl VisitSight {
    /// The sight of `actor`, as [`Actor::may_see_visit`] decides it.
    pub fn of(actor: &Actor) -> VisitSight {
        if actor.is_lead() || holds_the_file(actor) {
            VisitSight::Everything
        } else if actor.kind == ActorKind::Staff {
            VisitSight::Shopper(actor.id.clone())
        } else {
            VisitSight::Nothing
        }
    }
}

/// The visit with its whole history, if `actor` may see it (else "not found").
pub fn visible(store: &Store, actor: &Actor, id: i64) -> Result<VisitDetail> {
    match store.visit_detail(id)? {
        Some(detail) if may_see(actor, &detail.visit) => Ok(detail),
        _ => Err(VisitError::NotFound { id }.into()),
    }
}

/// The visit, whoever asks (the rule that calls it decides what the actor may do with it).
pub(super) fn find(store: &Store, id: i64) -> Result<Visit> {
    store.visit(id)?.ok_or_else(|| VisitError::NotFound { id }.into())
}

/// The visit `id` that `shopper` logs again at `location`: a planned visit (theirs or nobody's
/// yet) or a returned one of theirs. Another shopper's visit is not found, unless the shopper
/// is a lead (who sees it, and is told whose it is).
pub fn to_log_again(store: &Store, shopper: &Actor, id: i64, location: &str) -> Result<Visit> {
    let v = find(store, id)?;
    if v.shopper.is_some() && !may_see(shopper, &v) {
        return Err(VisitError::NotFound { id }.into());
    }
    loggable(shopper, &v, location)?;
    Ok(v)
}

/// Refuses to log `v` again as `shopper` at `location`: the location must be the visit's, the
/// visit planned or returned, and the shopper its own (when it has one).
pub fn loggable(shopper: &Actor, v: &Visit, location: &str) -> Result<(), VisitError> {
    let id = v.id;
    if v.location != location {
        return Err(VisitError::ElsewhereLocated {
            id,
            at: v.location.clone(),
            given: location.to_string(),
        });
    }
    if v.status != "planned" && v.status != "returned" {
        return Err(VisitError::NotLoggable {
            id,
            status: v.status.clone(),
        });
    }
    match &v.shopper {
        Some(owner) if owner != &shopper.id => Err(VisitError::OtherShoppers {
            id,
            owner: owner.clone(),
            shopper: shopper.id.clone(),
        }),
        _ => Ok(()),
    }
}
