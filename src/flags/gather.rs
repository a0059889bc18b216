//! The store reads behind a flags report, and the one call every front end makes: the agents
//! in scope, each rubric's latest rules, the counted evaluations of the longest window, and each
//! disputed evaluation projected as the agent proposed it. The checking itself is
//! [`super::report::compute`], a pure function of what is read here.
//!
//! - **What counts**: the rows of the `counted_evaluations` view (submitted, not void, not
//!   calibration, visits only once approved), each with its latest revision.
//! - **Windows** are `window_days` days ending at `as_of` inclusive, on the date of the work
//!   (`occurred_at`), not the date of scoring.
//! - **Scope**: staff see every agent's flags; an agent sees only their own (another agent is
//!   "not found", DESIGN.md section 9).
//! - **The customer's voice**: when a rule reads it, every real contact of the agents in scope
//!   over the longest such window (`Store::contact_voice`), whatever the rubric.

use super::error::FlagsError;
use super::model::{FlagsQuery, FlagsReport};
use super::report::{self, Gathered, Row, RuleSet, VoiceInput};
use super::rules::{Disputed, Scored, Window};
use super::scope::{self, Scopes};
use crate::actor::{Actor, ActorKind};
use crate::dates;
use crate::lang::Lang;
use crate::stats::Confidence;
use crate::store::Store;
use crate::store::contact_voice::{VoiceFilter, VoiceRow};
use crate::store::disputes::Proposal;
use crate::store::flags::FlagEvaluation;
use crate::store::people::Agent;
use crate::store::rubric_cache::RubricCache;
use crate::voice::kpi::KpiSettings;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The flags report for `query`, as `actor` may see it, with the language its rendering
/// defaults to. Unknown agents and teams are refused ([`FlagsError`]).
pub fn flags(store: &Store, actor: &Actor, query: &FlagsQuery) -> Result<(FlagsReport, Lang)> {
    flags_with(&mut RubricCache::new(store), actor, query)
}

/// [`flags`] reading rubrics through the caller's `rubrics`, so that a report that also reads
/// them (the team report) parses each version once.
pub fn flags_with(rubrics: &mut RubricCache<'_>, actor: &Actor, query: &FlagsQuery) -> Result<(FlagsReport, Lang)> {
    let store = rubrics.store();
    let agents = agents(store, actor, query.agent.as_deref(), query.team.as_deref())?;
    let mut gathered = Vec::new();
    for summary in store.rubric_summaries()? {
        let rubric = rubrics.get(&summary.id, None)?.clone();
        let rules: Vec<_> = rubric
            .flags
            .iter()
            .filter(|r| query.kind.is_none_or(|k| r.kind == k))
            .cloned()
            .collect();
        let Some(longest) = rules.iter().map(|r| r.window_days).max() else {
            continue;
        };
        let span = Window::ending(query.as_of, longest);
        let (from, to) = dates::day_range(Some(span.from), Some(span.to));
        let (from, to) = (from.expect("a from day"), to.expect("a to day"));
        let stored = store.flag_evaluations(&rubric.id, &from, &to)?;
        // Sections and criteria are read only when a rule reads one (issue 20).
        let scoped = scope::any_scoped(&rules);
        let mut parts = if scoped {
            Scopes::of_stored(
                &store.flag_criterion_scores(&rubric.id, &from, &to)?,
                &store.flag_section_scores(&rubric.id, &from, &to)?,
            )
        } else {
            HashMap::new()
        };
        let mut rows = Vec::new();
        for row in stored.iter().filter(|r| agents.contains_key(&r.agent)) {
            let (dispute, proposed_scopes) = match &row.open_dispute {
                None => (None, None),
                Some((dispute, proposals)) => {
                    let (d, proposed) = disputed(store, rubrics, row, *dispute, proposals)?;
                    (Some(d), proposed.filter(|_| scoped))
                }
            };
            rows.push(Row {
                agent: row.agent.clone(),
                scored: scored(row),
                dispute,
                scopes: parts.remove(&row.id).unwrap_or_default(),
                proposed_scopes,
            });
        }
        gathered.push(Gathered {
            rules: RuleSet {
                rubric: rubric.id.clone(),
                version: rubric.version,
                language: rubric.language,
                rules,
            },
            rows,
        });
    }
    let voice = voice_input(store, query.as_of, &agents, &gathered)?;
    Ok(report::compute(query, &agents, &gathered, voice.as_ref())?)
}

/// The contacts of the agents in scope over the longest window of a rule on the customer's
/// voice, with the store's KPI settings; `None` when no rule reads the customer's voice.
fn voice_input(
    store: &Store,
    as_of: NaiveDate,
    agents: &BTreeMap<String, Agent>,
    gathered: &[Gathered],
) -> Result<Option<VoiceInput>> {
    let longest = gathered
        .iter()
        .flat_map(|g| &g.rules.rules)
        .filter(|r| r.voice.any())
        .map(|r| r.window_days)
        .max();
    let Some(longest) = longest else {
        return Ok(None);
    };
    let span = Window::ending(as_of, longest);
    let (from, to) = dates::day_range(Some(span.from), Some(span.to));
    let filter = VoiceFilter {
        from: from.expect("a from day"),
        to: to.expect("a to day"),
        ..Default::default()
    };
    let mut rows: BTreeMap<String, Vec<VoiceRow>> = BTreeMap::new();
    for row in store.contact_voice(&filter)? {
        if agents.contains_key(&row.agent_id) {
            rows.entry(row.agent_id.clone()).or_default().push(row);
        }
    }
    let settings = KpiSettings::of_store(store, Confidence::NINETY_FIVE)?;
    Ok(Some(VoiceInput { rows, settings }))
}

/// Whether `actor` may see the flags of agent `agent`: staff (and, on the command line, anyone
/// not registered as an agent) see everyone's; an agent their own.
fn may_see(actor: &Actor, agent: &str) -> bool {
    actor.kind != ActorKind::Agent || actor.is_agent(agent)
}

/// The agents to check, by id, after `agent` and `team`; unknown ones (or out of scope) are
/// refused.
fn agents(store: &Store, actor: &Actor, agent: Option<&str>, team: Option<&str>) -> Result<BTreeMap<String, Agent>> {
    let visible: Vec<Agent> = store
        .agents(None)?
        .into_iter()
        .filter(|a| may_see(actor, &a.id))
        .collect();
    let in_team = |a: &Agent| team.is_none_or(|t| a.team.as_deref() == Some(t));
    if let Some(team) = team
        && !visible.iter().any(in_team)
    {
        let mut teams: Vec<String> = visible.iter().filter_map(|a| a.team.clone()).collect();
        teams.sort();
        teams.dedup();
        return Err(FlagsError::NoTeam {
            team: team.to_string(),
            teams,
        }
        .into());
    }
    if let Some(id) = agent {
        match visible.iter().find(|a| a.id == id) {
            None => {
                return Err(FlagsError::NoAgent {
                    id: id.to_string(),
                    known: visible.iter().map(|a| a.id.clone()).collect(),
                }
                .into());
            }
            Some(a) if !in_team(a) => {
                return Err(FlagsError::OtherTeam {
                    agent: id.to_string(),
                    team: a.team.clone(),
                    asked: team.unwrap_or_default().to_string(),
                }
                .into());
            }
            Some(_) => {}
        }
    }
    Ok(visible
        .into_iter()
        .filter(|a| in_team(a) && agent.is_none_or(|id| a.id == id))
        .map(|a| (a.id.clone(), a))
        .collect())
}

fn scored(row: &FlagEvaluation) -> Scored {
    Scored {
        id: row.id,
        day: crate::disputes::day_of(&row.occurred_at).unwrap_or(NaiveDate::MIN),
        overall: row.overall,
        critical_failed: row.critical_failed,
    }
}

/// The disputed evaluation as scored and as the agent proposed it, with its sections and
/// criteria as proposed (`None` when the proposals change nothing).
fn disputed(
    store: &Store,
    rubrics: &mut RubricCache<'_>,
    row: &FlagEvaluation,
    dispute: i64,
    proposals: &str,
) -> Result<(Disputed, Option<Scopes>)> {
    let as_scored = scored(row);
    let proposals: Vec<Proposal> = serde_json::from_str(proposals).unwrap_or_default();
    let mut as_proposed = as_scored;
    let mut proposed_scopes = None;
    if !proposals.is_empty()
        && let Some(detail) = store.evaluation(row.id)?
    {
        let rubric = rubrics.get(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
        if let Some(result) = crate::disputes::projected(rubric, &detail, &proposals) {
            as_proposed.overall = result.overall;
            as_proposed.critical_failed = !result.critical_failures.is_empty();
            proposed_scopes = Some(Scopes::of_result(&result));
        }
    }
    let disputed = Disputed {
        dispute,
        as_scored,
        as_proposed,
    };
    Ok((disputed, proposed_scopes))
}
