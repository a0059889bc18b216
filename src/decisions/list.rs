//! Who sees which decisions: a lead every one; an agent only their own (another agent's are
//! "not found", as everywhere, DESIGN.md section 9); evaluators and shoppers none, since a
//! decision on a person's pay or conduct is not theirs to read.

use super::DecisionError;
use crate::actor::{Actor, ActorKind};
use crate::flags::FlagsError;
use crate::store::Store;
use crate::store::decisions::{DecisionFilter, StoredDecision};
use anyhow::Result;
use chrono::NaiveDate;

/// Which decisions to list; days compare with each decision's as-of day, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub agent: Option<String>,
    pub team: Option<String>,
    pub rule: Option<String>,
}

/// The decisions `query` selects that `actor` may see, oldest first.
pub fn list(store: &Store, actor: &Actor, query: &DecisionQuery) -> Result<Vec<StoredDecision>> {
    let mut agent = query.agent.clone();
    if actor.kind == ActorKind::Agent {
        if agent.as_deref().is_some_and(|a| a != actor.id) {
            return Err(FlagsError::NoAgent {
                id: agent.unwrap_or_default(),
                known: vec![actor.id.clone()],
            }
            .into());
        }
        agent = Some(actor.id.clone());
    } else if !actor.is_lead() {
        return Err(DecisionError::NotAllowed {
            actor: actor.id.clone(),
        }
        .into());
    } else if let Some(a) = &agent
        && store.agent(a)?.is_none()
    {
        return Err(FlagsError::NoAgent {
            id: a.clone(),
            known: store.agents(None)?.into_iter().map(|a| a.id).collect(),
        }
        .into());
    }
    if let Some(t) = &query.team
        && actor.is_lead()
        && store.agents(Some(t))?.is_empty()
    {
        let mut teams: Vec<String> = store.agents(None)?.into_iter().filter_map(|a| a.team).collect();
        teams.sort();
        teams.dedup();
        return Err(FlagsError::NoTeam { team: t.clone(), teams }.into());
    }
    store.flag_decisions(&DecisionFilter {
        from: query.from.map(|d| d.to_string()),
        to: query.to.map(|d| d.to_string()),
        agent,
        team: query.team.clone(),
        rubric: None,
        rule: query.rule.clone(),
    })
}

/// Refuses anyone but a lead (the consistency report compares leads, so it is theirs).
pub fn require_lead(actor: &Actor) -> Result<(), DecisionError> {
    if actor.is_lead() {
        Ok(())
    } else {
        Err(DecisionError::NotAllowed {
            actor: actor.id.clone(),
        })
    }
}

/// The columns of a decision as a row (the listing's CSV and `export decisions`).
pub const COLUMNS: [&str; 22] = [
    "decision",
    "agent",
    "agent_name",
    "team",
    "rubric",
    "rubric_version",
    "rule",
    "kind",
    "action",
    "as_of",
    "window_from",
    "window_to",
    "n",
    "mean",
    "bound",
    "bound_confidence",
    "critical_failures",
    "evaluations",
    "note",
    "decided_by",
    "decided_at",
    "supersedes",
];

/// A decision as the cells of [`COLUMNS`], numbers at full precision; the evaluations joined
/// by spaces. Whether it was superseded shows in the row of the decision that supersedes it.
pub fn row(d: &StoredDecision) -> Vec<String> {
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        d.id.to_string(),
        d.decision.agent.clone(),
        d.agent_name.clone(),
        d.team.clone().unwrap_or_default(),
        d.decision.rubric.clone(),
        d.decision.rubric_version.to_string(),
        d.decision.rule.clone(),
        d.decision.kind.clone(),
        d.decision.action.clone(),
        d.decision.as_of.clone(),
        d.decision.window_from.clone(),
        d.decision.window_to.clone(),
        d.decision.n.to_string(),
        opt(d.decision.mean),
        opt(d.decision.bound),
        opt(d.decision.bound_confidence),
        d.decision.critical_failures.to_string(),
        d.decision
            .evaluations
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        d.decision.note.clone(),
        d.decided_by.clone(),
        d.decided_at.clone(),
        d.decision.supersedes.map(|s| s.to_string()).unwrap_or_default(),
    ]
}
