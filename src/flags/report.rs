//! Every rubric's flag rules checked for every agent asked for, as a pure function of rows
//! already read (`gather` reads them): the typed report with its evidence (the
//! evaluations counted, the disputes at stake), which every front end renders its own way.
//!
//! - **Rules** come from each rubric's latest version. An agent is checked per rubric, against
//!   that rubric's rules, over its evaluations of any version of that rubric (a rubric that gains
//!   a criterion does not wipe an agent's history).
//! - **Disputes.** An evaluation with an open dispute is left out. Its agent is listed as
//!   pending, with the flags that might change: those whose outcome differs if the disputes are
//!   rejected (the evaluations stand as scored) or accepted as proposed. A flag that fires now
//!   but might change names those disputes in its `pending_disputes`.
//! - **The customer's voice.** A rule with voice conditions is checked for every agent asked
//!   for, whether or not anyone scored them: its voice conditions against the agent's contacts
//!   ([`super::voice`]), ANDed with its conditions on evaluations. A rule with voice conditions
//!   only needs no evaluation (and its flag lists none); disputes cannot change it.
//! - **Language**: Spanish only when every rubric that contributed a flag or a pending agent is
//!   Spanish.

use super::model::{AtStake, Fired, FlagsQuery, FlagsReport, Pending, PendingDispute, RuleRef};
use super::rules::{self, Contested, Disputed, Scored};
use super::scope::{Scopes, project};
use super::text::{change_text, rule_terms, rule_text};
use super::voice::evaluate_voice;
use crate::lang::Lang;
use crate::rubric::{FlagKind, FlagRule, FlagScope};
use crate::stats::StatsError;
use crate::store::contact_voice::VoiceRow;
use crate::store::people::Agent;
use crate::voice::kpi::KpiSettings;
use serde::Serialize;
use std::collections::BTreeMap;

/// One rubric's rules (those of the kind asked for, from its latest version).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub rubric: String,
    pub version: u32,
    pub language: Lang,
    pub rules: Vec<FlagRule>,
}

/// One counted evaluation of an agent: as scored, and, under an open dispute, in the two forms
/// its resolution is most likely to take (then it is left out of what counts now).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub agent: String,
    pub scored: Scored,
    pub dispute: Option<Disputed>,
    /// Its sections and criteria as scored, for scoped rules (empty when no rule is scoped).
    pub scopes: Scopes,
    /// The same with the dispute's proposals applied; `None` when they change nothing.
    pub proposed_scopes: Option<Scopes>,
}

impl Row {
    /// The row as `rule` counts it now: `None` when under dispute or when the rule's scope is
    /// not applicable in it.
    fn counted(&self, rule: &FlagRule) -> Option<Scored> {
        match self.dispute {
            Some(_) => None,
            None => project(rule, self.scored, &self.scopes),
        }
    }

    /// The disputed row as `rule` reads it in both forms.
    fn contested(&self, rule: &FlagRule) -> Option<Contested> {
        let d = self.dispute?;
        let proposed = self.proposed_scopes.as_ref().unwrap_or(&self.scopes);
        Some(Contested {
            dispute: d.dispute,
            day: d.as_scored.day,
            as_scored: project(rule, d.as_scored, &self.scopes),
            as_proposed: project(rule, d.as_proposed, proposed),
        })
    }
}

/// The agents' real contacts for rules on the customer's voice, by agent id, with the settings
/// their figures are computed with.
#[derive(Debug, Clone)]
pub struct VoiceInput {
    pub rows: BTreeMap<String, Vec<VoiceRow>>,
    pub settings: KpiSettings,
}

/// A rubric's rules with the rows of its longest window, by agent, oldest work first.
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered {
    pub rules: RuleSet,
    pub rows: Vec<Row>,
}

/// Checks every rule of every rubric for every agent in `agents` (rows of other agents are
/// ignored); returns the report and the language its rendering defaults to. `voice` holds the
/// contacts when a rule reads the customer's voice (without it, such conditions see none).
pub fn compute(
    query: &FlagsQuery,
    agents: &BTreeMap<String, Agent>,
    rubrics: &[Gathered],
    voice: Option<&VoiceInput>,
) -> Result<(FlagsReport, Lang), StatsError> {
    let as_of = query.as_of;
    let mut rules_checked = Vec::new();
    // (kind order, agent, rubric, rule index) -> flag
    let mut fired: BTreeMap<(u8, String, String, usize), Fired> = BTreeMap::new();
    let mut pending = Vec::new();
    let mut held_back = Vec::new();
    let mut languages = Vec::new();
    for Gathered { rules: set, rows } in rubrics {
        for rule in &set.rules {
            rules_checked.push(RuleRef {
                rubric: set.rubric.clone(),
                version: set.version,
                flag: rule.id.clone(),
                kind: rule.kind,
                window_days: rule.window_days,
                scope: rule.scope.clone(),
                rule: rule_text(rule),
                terms: rule_terms(rule),
                description: rule.description.clone(),
            });
        }
        let mut by_agent: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
        for row in rows {
            if agents.contains_key(&row.agent) {
                by_agent.entry(row.agent.as_str()).or_default().push(row);
            }
        }
        let mut contributed = false;
        // Every agent asked for: a voice rule needs no evaluation to fire.
        for (agent_id, agent) in agents {
            let rows = by_agent.remove(agent_id.as_str()).unwrap_or_default();
            let contacts = voice.and_then(|v| v.rows.get(agent_id)).map_or(&[][..], Vec::as_slice);
            let under_dispute: Vec<Disputed> = rows.iter().filter_map(|r| r.dispute).collect();
            let left_out: Vec<PendingDispute> = under_dispute
                .iter()
                .map(|d| PendingDispute {
                    dispute: d.dispute,
                    evaluation: d.as_scored.id,
                    date: d.as_scored.day,
                })
                .collect();
            let mut at_stake = Vec::new();
            for (index, rule) in set.rules.iter().enumerate() {
                let counted: Vec<Scored> = rows.iter().filter_map(|r| r.counted(rule)).collect();
                let contested: Vec<Contested> = rows.iter().filter_map(|r| r.contested(rule)).collect();
                let outcome = rules::evaluate(rule, as_of, &counted)?;
                let voice_checked = match voice {
                    Some(v) => evaluate_voice(rule, as_of, contacts, &v.settings)?,
                    None => Vec::new(),
                };
                let voice_met = voice_checked.iter().all(|c| c.met) && (voice.is_some() || !rule.voice.any());
                // Unmet voice conditions hold the flag back whatever the disputes become.
                let stake = rules::stake(rule, as_of, &counted, &contested)?.filter(|_| voice_met);
                let held = !voice_met
                    && voice_checked.iter().all(|c| c.met || c.short_of_contacts)
                    && voice_checked.iter().any(|c| c.short_of_contacts);
                if outcome.fired && (voice_met || held) {
                    let order = match rule.kind {
                        FlagKind::Reward => 0,
                        FlagKind::Discipline => 1,
                    };
                    let pending_disputes = stake
                        .as_ref()
                        .filter(|s| s.might_change())
                        .map(|s| s.disputes.clone())
                        .unwrap_or_default();
                    let flag = Fired {
                        agent: agent.id.clone(),
                        agent_name: agent.name.clone(),
                        team: agent.team.clone(),
                        rubric: set.rubric.clone(),
                        rubric_version: set.version,
                        flag: rule.id.clone(),
                        kind: rule.kind,
                        description: rule.description.clone(),
                        scope: rule.scope.clone(),
                        rule: rule_text(rule),
                        window: outcome.window,
                        n: outcome.n,
                        mean: outcome.mean,
                        bound_shown: rules::bound_shown(&outcome),
                        bound: outcome.bound,
                        critical_failures: outcome.critical_failures,
                        evaluations: outcome.evaluations,
                        conditions: outcome.conditions,
                        pending_disputes,
                        voice: voice_checked,
                    };
                    if voice_met {
                        fired.insert((order, agent.id.clone(), set.rubric.clone(), index), flag);
                    } else {
                        held_back.push(flag);
                    }
                    contributed = true;
                }
                if let Some(stake) = stake
                    && stake.might_change()
                {
                    at_stake.push(AtStake {
                        flag: rule.id.clone(),
                        kind: rule.kind,
                        change: change_text(&stake),
                        stake,
                    });
                }
            }
            if !left_out.is_empty() {
                contributed = true;
                pending.push(Pending {
                    agent: agent.id.clone(),
                    agent_name: agent.name.clone(),
                    team: agent.team.clone(),
                    rubric: set.rubric.clone(),
                    disputes: left_out,
                    flags: at_stake,
                });
            }
        }
        if contributed {
            languages.push(set.language);
        }
    }
    let lang = if !languages.is_empty() && languages.iter().all(|l| *l == Lang::Es) {
        Lang::Es
    } else {
        Lang::En
    };
    let report = FlagsReport {
        as_of,
        agent: query.agent.clone(),
        team: query.team.clone(),
        kind: query.kind,
        rules: rules_checked,
        flags: fired.into_values().collect(),
        pending,
        held_back,
    };
    Ok((report, lang))
}

/// The flags firing for each agent: `rule-id (kind)` per flag, for the team report's flags
/// column.
pub fn fired_by_agent(report: &FlagsReport) -> BTreeMap<String, Vec<AgentFlag>> {
    let mut by_agent: BTreeMap<String, Vec<AgentFlag>> = BTreeMap::new();
    for f in &report.flags {
        by_agent.entry(f.agent.clone()).or_default().push(AgentFlag {
            flag: f.flag.clone(),
            kind: f.kind,
            scope: f.scope.clone(),
        });
    }
    by_agent
}

/// A flag that fires for an agent, as the team report lists it (the kind is worded by the
/// report's labels).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentFlag {
    pub flag: String,
    pub kind: FlagKind,
    /// The section or criterion a scoped rule reads; absent for the overall score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<FlagScope>,
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
