//! What a draw is asked for and what it records: the request checked against the store (the
//! period, the rubric, the channels, the agents and the evaluators in scope), and
//! [`DrawParams`], everything that decides a draw, kept with the sample (including a
//! [`Watermark`] of the store) so that the draw can be run again as of that moment.

use super::error::SamplingError;
use super::new_hires::{NewHireQuota, quota_of};
use super::{EvaluatorShare, Stratify, parse_evaluators};
use crate::fill;
use crate::labels::Labels;
use crate::roles::Role;
use crate::rubric::{Rubric, Subject};
use crate::store::Store;
use crate::store::samples::Watermark;
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The rubric a sample is meant to be scored with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricRef {
    pub id: String,
    pub version: u32,
}

/// How one agent fared in a draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentOutcome {
    pub agent: String,
    /// Candidates in the period: not evaluated (unless included) and not in another open sample.
    pub available: u64,
    pub drawn: u64,
    /// True when the agent was drawn at the new hires' quota (`--new-hire-weeks`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_hire: bool,
    /// A new hire's hire date as it was stored at the draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hired_on: Option<String>,
}

/// Everything that decides a draw, recorded as the sample's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawParams {
    pub algorithm: String,
    /// The period, inclusive days.
    pub from: String,
    pub to: String,
    pub per_agent: u32,
    /// The channels drawn from; empty for every channel.
    pub channels: Vec<String>,
    pub team: Option<String>,
    /// The agents asked for with --agent, if any.
    pub agent_filter: Vec<String>,
    pub rubric: Option<RubricRef>,
    pub evaluators: Vec<EvaluatorShare>,
    /// True when every evaluator has the same share.
    pub balanced: bool,
    /// `channel` when each agent's quota was spread over channels.
    pub stratify: Option<String>,
    pub include_evaluated: bool,
    /// `--double PERCENT`: the share of items given a second, blind evaluator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub double: Option<u32>,
    /// `--new-hire-weeks N --new-hire-per-agent K`: new hires' heavier quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_hire: Option<NewHireQuota>,
    pub seed: u64,
    /// True when qaudit chose the seed (no --seed).
    pub seed_chosen: bool,
    /// The store as it was: what a re-draw ignores.
    pub as_of: Watermark,
    /// Every agent in scope, in draw order, with what they had and what was drawn.
    pub agents: Vec<AgentOutcome>,
}

/// An agent who had fewer candidates than the quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall<'a> {
    pub agent: &'a str,
    pub available: u64,
    pub drawn: u64,
    pub short: u64,
}

impl DrawParams {
    /// The quota `agent` was drawn at: the new hires' for a new hire, else `per_agent`.
    pub fn quota(&self, agent: &AgentOutcome) -> u32 {
        quota_of(agent.new_hire, self.per_agent, self.new_hire)
    }

    /// The agents drawn at the new hires' quota, in draw order.
    pub fn new_hires(&self) -> Vec<&AgentOutcome> {
        self.agents.iter().filter(|a| a.new_hire).collect()
    }

    /// The agents drawn short of their quota, in draw order.
    pub fn shortfall(&self) -> Vec<Shortfall<'_>> {
        self.agents
            .iter()
            .filter_map(|a| {
                let quota = u64::from(self.quota(a));
                (a.drawn < quota).then(|| Shortfall {
                    agent: &a.agent,
                    available: a.available,
                    drawn: a.drawn,
                    short: quota - a.drawn,
                })
            })
            .collect()
    }

    /// The parameters as a person reads them, label and value, in the order every front end
    /// shows them (a draw and `sample show` alike), worded by `l` (`sp_*` of `people.yaml`).
    pub fn describe(&self, l: &Labels) -> Vec<(String, String)> {
        let mut fields = vec![
            (
                l.get("sp_period"),
                fill!(l, "ss_period_value", from = day(l, &self.from), to = day(l, &self.to)),
            ),
            (
                l.get("sp_per_agent"),
                if self.stratify.is_some() {
                    fill!(l, "sp_per_agent_spread", n = self.per_agent)
                } else {
                    self.per_agent.to_string()
                },
            ),
            (
                l.get("sp_channels"),
                if self.channels.is_empty() {
                    l.get("sp_all")
                } else {
                    self.channels
                        .iter()
                        .map(|c| l.channel(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
        ];
        if let Some(q) = &self.new_hire {
            let hires = self.new_hires();
            let names: Vec<String> = hires
                .iter()
                .map(|a| match &a.hired_on {
                    Some(h) => fill!(l, "sp_hired", agent = a.agent, day = day(l, &h.to_string())),
                    None => a.agent.clone(),
                })
                .collect();
            fields.push((
                l.get("sp_new_hires"),
                fill!(
                    l,
                    "sp_new_hires_value",
                    per_agent = q.per_agent,
                    weeks = q.weeks,
                    count = hires.len(),
                    names = if names.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", names.join(", "))
                    }
                ),
            ));
        }
        if let Some(team) = &self.team {
            fields.push((l.get("sp_team"), team.clone()));
        }
        if !self.agent_filter.is_empty() {
            fields.push((l.get("sp_agents"), self.agent_filter.join(", ")));
        }
        fields.push((
            l.get("sp_rubric"),
            self.rubric
                .as_ref()
                .map_or(l.get("sp_not_set"), |r| format!("{} v{}", r.id, r.version)),
        ));
        let evaluators: Vec<String> = self
            .evaluators
            .iter()
            .map(|e| {
                if self.balanced {
                    e.id.clone()
                } else {
                    format!("{}:{}", e.id, e.share)
                }
            })
            .collect();
        let shares = l.get(if self.balanced {
            "sp_equal_shares"
        } else {
            "sp_by_share"
        });
        fields.push((l.get("sp_evaluators"), format!("{} ({shares})", evaluators.join(", "))));
        fields.push((
            l.get("sp_evaluated"),
            l.get(if self.include_evaluated {
                "sp_included"
            } else {
                "sp_left_out"
            }),
        ));
        fields.push((
            l.get("sp_seed"),
            if self.seed_chosen {
                fill!(l, "sp_seed_chosen", seed = self.seed)
            } else {
                self.seed.to_string()
            },
        ));
        fields
    }
}

/// A day as the language writes it (ISO in English).
fn day(l: &Labels, text: &str) -> String {
    crate::dates::in_lang(text, l.lang()).unwrap_or_else(|| text.to_string())
}

/// A draw as asked for, before it is checked against the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrawRequest {
    /// The period's first and last day, as typed (`2026-11-01`, `today`, ...).
    pub from: String,
    pub to: String,
    pub per_agent: u32,
    pub rubric: Option<String>,
    /// The channels asked for; none for the rubric's, or every channel.
    pub channels: Vec<String>,
    pub team: Option<String>,
    /// The agents asked for; none for the team's, or everyone.
    pub agents: Vec<String>,
    /// `eva,lea` or `eva:60,lea:40`; none for every evaluator, equally.
    pub evaluators: Option<String>,
    pub stratify: Option<Stratify>,
    pub include_evaluated: bool,
    pub double: Option<u32>,
    /// `--new-hire-weeks N --new-hire-per-agent K`.
    pub new_hire: Option<NewHireQuota>,
    /// None: one is chosen at random (and recorded).
    pub seed: Option<u64>,
    /// Draw and show, but record nothing (and need no role).
    pub dry_run: bool,
}

/// The period's days, first before last.
pub fn period(req: &DrawRequest, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), SamplingError> {
    let day = |field: &'static str, text: &str| {
        crate::dates::parse_day(text, today).map_err(|why| SamplingError::NotADay {
            field,
            text: text.to_string(),
            why,
        })
    };
    let (first, last) = (day("from", &req.from)?, day("to", &req.to)?);
    if first > last {
        return Err(SamplingError::PeriodReversed {
            from: first.to_string(),
            to: last.to_string(),
        });
    }
    Ok((first, last))
}

/// A sample is scored with an interaction rubric, never a visit one.
pub fn fits_sample(rubric: &Rubric) -> Result<(), SamplingError> {
    if rubric.subject != Subject::Interaction {
        return Err(SamplingError::VisitRubric {
            rubric: rubric.id.clone(),
        });
    }
    Ok(())
}

/// The channels to draw from: those asked for (each known, and covered by the rubric if one is
/// given), else the rubric's channels, else every channel (empty).
pub fn channels(store: &Store, asked: &[String], rubric: Option<&Rubric>) -> Result<Vec<String>> {
    let asked: BTreeSet<String> = asked.iter().map(|c| c.trim().to_string()).collect();
    if asked.is_empty() {
        let mut from_rubric: Vec<String> = rubric.map(|r| r.channels.clone()).unwrap_or_default();
        from_rubric.sort();
        from_rubric.dedup();
        return Ok(from_rubric);
    }
    if let Some(r) = rubric
        && !r.channels.is_empty()
        && let Some(c) = asked.iter().find(|c| !r.channels.contains(c))
    {
        return Err(SamplingError::ChannelOutsideRubric {
            rubric: r.id.clone(),
            channels: r.channels.clone(),
            channel: c.clone(),
        }
        .into());
    }
    for c in &asked {
        if !store.has_channel(c)? {
            return Err(SamplingError::UnknownChannel {
                channel: c.clone(),
                known: store.channels()?,
            }
            .into());
        }
    }
    Ok(asked.into_iter().collect())
}

/// The agents in scope, by id and in id order: those asked for (each must exist, and be in the
/// team if one is given), else the team's, else everyone.
pub fn agents(store: &Store, team: Option<&str>, asked: &[String]) -> Result<Vec<String>> {
    if let Some(team) = team
        && store.agents(Some(team))?.is_empty()
    {
        return Err(SamplingError::EmptyTeam { team: team.to_string() }.into());
    }
    if asked.is_empty() {
        let all = store.agents(team)?;
        if all.is_empty() {
            return Err(SamplingError::NoAgents.into());
        }
        return Ok(all.into_iter().map(|a| a.id).collect());
    }
    let mut ids = BTreeSet::new();
    for id in asked {
        let Some(agent) = store.agent(id)? else {
            return Err(SamplingError::UnknownAgent { agent: id.clone() }.into());
        };
        if let Some(team) = team
            && agent.team.as_deref() != Some(team)
        {
            return Err(SamplingError::NotInTeam {
                agent: id.clone(),
                team: team.to_string(),
            }
            .into());
        }
        ids.insert(agent.id);
    }
    Ok(ids.into_iter().collect())
}

/// The evaluators and their shares: those listed (each a staff member with the evaluator role),
/// else every evaluator, equally.
pub fn evaluators(store: &Store, text: Option<&str>) -> Result<Vec<EvaluatorShare>> {
    let Some(text) = text else {
        let all = store.staff(Some(Role::Evaluator))?;
        if all.is_empty() {
            return Err(SamplingError::NoEvaluators.into());
        }
        return Ok(all.into_iter().map(|s| EvaluatorShare { id: s.id, share: 1 }).collect());
    };
    let list = parse_evaluators(text).map_err(SamplingError::EvaluatorList)?;
    for e in &list {
        match store.staff_member(&e.id)? {
            Some(member) if member.has(Role::Evaluator) => {}
            Some(_) => return Err(SamplingError::NotAnEvaluator { id: e.id.clone() }.into()),
            None => return Err(SamplingError::NotStaff { id: e.id.clone() }.into()),
        }
    }
    Ok(list)
}

/// Double scoring takes a second evaluator besides the first.
pub fn double_fits(double: Option<u32>, evaluators: &[EvaluatorShare]) -> Result<(), SamplingError> {
    if double.is_some_and(|p| p > 0) && evaluators.len() < 2 {
        return Err(SamplingError::DoubleNeedsTwo);
    }
    Ok(())
}
