//! The consistency report: for each flag rule, the decisions taken on it in a period by each
//! lead, per action with the range of evidence it rested on (n and mean), so a reader sees
//! whether like cases were treated alike; and the flags nobody decided on.
//!
//! - **Period**: decisions whose as-of day falls in `[from, to]`; superseded decisions are left
//!   out of the counts (their successor stands for them) and counted apart.
//! - **Undecided**: the flags firing as of `to` minus `wait_days` days (default
//!   [`DEFAULT_WAIT_DAYS`]: a lead has had that long to decide) on which no decision, at any
//!   time, rests on any of the same evaluations (for a flag on the customer's voice alone, on a
//!   window sharing a day, `super::decide::shares_days`).

use super::Action;
use crate::actor::Actor;
use crate::flags::{FlagsQuery, FlagsReport, Window};
use crate::lang::Lang;
use crate::report::common::Period;
use crate::rubric::FlagKind;
use crate::store::Store;
use crate::store::decisions::{DecisionFilter, StoredDecision};
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many days a flag may wait for a decision before the report lists it.
pub const DEFAULT_WAIT_DAYS: u32 = 14;

/// What to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsistencyQuery {
    pub period: Period,
    pub wait_days: u32,
}

/// The report: what `--format json` prints and the templates render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsistencyReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub wait_days: u32,
    /// The day the undecided flags are checked as of (`to` minus `wait_days`).
    pub undecided_as_of: NaiveDate,
    /// Standing decisions in the period.
    pub decisions: usize,
    /// Decisions in the period that a later one superseded.
    pub superseded: usize,
    /// Rules with decisions, by rubric and rule id.
    pub rules: Vec<RuleDecisions>,
    /// Flags that fired with no decision, by agent.
    pub undecided: Vec<Undecided>,
}

/// The decisions on one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDecisions {
    pub rubric: String,
    pub rule: String,
    pub kind: String,
    pub decisions: usize,
    /// More than one action was taken on this rule: compare their evidence.
    pub mixed: bool,
    pub leads: Vec<LeadDecisions>,
}

/// One lead's decisions on a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadDecisions {
    pub lead: String,
    pub actions: Vec<ActionRange>,
}

/// One action taken by a lead on a rule: how often, for whom, and on what evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRange {
    pub action: Action,
    pub count: usize,
    pub agents: Vec<String>,
    pub decision_ids: Vec<i64>,
    pub n_min: u32,
    pub n_max: u32,
    pub mean_min: Option<f64>,
    pub mean_max: Option<f64>,
}

/// A flag that fired and has no decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undecided {
    pub agent: String,
    pub agent_name: String,
    pub team: Option<String>,
    pub rubric: String,
    pub rule: String,
    pub kind: FlagKind,
    pub window: Window,
    pub n: usize,
    pub mean: Option<f64>,
    pub critical_failures: u32,
    pub evaluations: Vec<i64>,
}

/// The report for `query` (a lead's: see [`super::list::require_lead`]), with the language its
/// rendering defaults to: Spanish when every rubric involved is Spanish.
pub fn report(store: &Store, actor: &Actor, query: &ConsistencyQuery) -> Result<(ConsistencyReport, Lang)> {
    super::list::require_lead(actor)?;
    let in_period = store.flag_decisions(&DecisionFilter {
        from: Some(query.period.from.to_string()),
        to: Some(query.period.to.to_string()),
        ..Default::default()
    })?;
    let all = store.flag_decisions(&DecisionFilter::default())?;
    let as_of = query.period.to - Duration::days(i64::from(query.wait_days));
    let flags_query = FlagsQuery {
        as_of,
        agent: None,
        team: None,
        kind: None,
    };
    let (flags, _) = crate::flags::flags(store, actor, &flags_query)?;
    let report = compute(query, as_of, &in_period, &all, &flags);
    let mut languages = Vec::new();
    let rubrics = report
        .rules
        .iter()
        .map(|r| &r.rubric)
        .chain(report.undecided.iter().map(|u| &u.rubric));
    for rubric in rubrics {
        languages.push(store.rubric(rubric, None)?.language);
    }
    Ok((report, crate::report::common::shared_lang(&languages)))
}

/// The report from what was read: decisions of the period, every decision, and the flags
/// firing as of `as_of`.
pub fn compute(
    query: &ConsistencyQuery,
    as_of: NaiveDate,
    in_period: &[StoredDecision],
    all: &[StoredDecision],
    flags: &FlagsReport,
) -> ConsistencyReport {
    let standing: Vec<&StoredDecision> = in_period.iter().filter(|d| d.superseded_by.is_none()).collect();
    let mut by_rule: BTreeMap<(&str, &str), (String, ByLead<'_>)> = BTreeMap::new();
    for d in &standing {
        let Some(action) = Action::parse(&d.decision.action) else {
            continue;
        };
        let entry = by_rule
            .entry((d.decision.rubric.as_str(), d.decision.rule.as_str()))
            .or_insert_with(|| (d.decision.kind.clone(), BTreeMap::new()));
        entry
            .1
            .entry(d.decided_by.as_str())
            .or_default()
            .entry(action)
            .or_default()
            .push(d);
    }
    let rules = by_rule
        .into_iter()
        .map(|((rubric, rule), (kind, leads))| {
            let mut actions_taken: Vec<Action> = leads.values().flat_map(|a| a.keys().copied()).collect();
            actions_taken.sort();
            actions_taken.dedup();
            let leads: Vec<LeadDecisions> = leads
                .into_iter()
                .map(|(lead, actions)| LeadDecisions {
                    lead: lead.to_string(),
                    actions: actions.into_iter().map(|(a, ds)| range(a, &ds)).collect(),
                })
                .collect();
            RuleDecisions {
                rubric: rubric.to_string(),
                rule: rule.to_string(),
                kind,
                decisions: leads.iter().flat_map(|l| &l.actions).map(|a| a.count).sum(),
                mixed: actions_taken.len() > 1,
                leads,
            }
        })
        .collect();
    let undecided = flags
        .flags
        .iter()
        .filter(|f| {
            !all.iter().any(|d| {
                d.decision.agent == f.agent
                    && d.decision.rubric == f.rubric
                    && d.decision.rule == f.flag
                    && (d.decision.evaluations.iter().any(|e| f.evaluations.contains(e))
                        || super::decide::shares_days(
                            d,
                            &super::decide::Firing {
                                evaluations: &f.evaluations,
                                from: &f.window.from.to_string(),
                                to: &f.window.to.to_string(),
                            },
                        ))
            })
        })
        .map(|f| Undecided {
            agent: f.agent.clone(),
            agent_name: f.agent_name.clone(),
            team: f.team.clone(),
            rubric: f.rubric.clone(),
            rule: f.flag.clone(),
            kind: f.kind,
            window: f.window,
            n: f.n,
            mean: f.mean,
            critical_failures: f.critical_failures,
            evaluations: f.evaluations.clone(),
        })
        .collect();
    ConsistencyReport {
        from: query.period.from,
        to: query.period.to,
        wait_days: query.wait_days,
        undecided_as_of: as_of,
        decisions: standing.len(),
        superseded: in_period.len() - standing.len(),
        rules,
        undecided,
    }
}

/// A rule's decisions: lead -> action -> decisions.
type ByLead<'a> = BTreeMap<&'a str, BTreeMap<Action, Vec<&'a StoredDecision>>>;

/// One action's count, agents and evidence range.
fn range(action: Action, decisions: &[&StoredDecision]) -> ActionRange {
    let means: Vec<f64> = decisions.iter().filter_map(|d| d.decision.mean).collect();
    let mut agents: Vec<String> = decisions.iter().map(|d| d.decision.agent.clone()).collect();
    agents.sort();
    agents.dedup();
    ActionRange {
        action,
        count: decisions.len(),
        agents,
        decision_ids: decisions.iter().map(|d| d.id).collect(),
        n_min: decisions.iter().map(|d| d.decision.n).min().unwrap_or(0),
        n_max: decisions.iter().map(|d| d.decision.n).max().unwrap_or(0),
        mean_min: means.iter().copied().reduce(f64::min),
        mean_max: means.iter().copied().reduce(f64::max),
    }
}
