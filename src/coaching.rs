//! Coaching plans as a front end asks for them: a plan built from the store for an agent and a
//! period, saved by a lead (never twice the same), acknowledged by the agent (or a lead for
//! them), commented on by the agent or a lead, and reviewed after its follow-up date.
//!
//! How a plan's focus, goals and follow-up, and a review's verdicts, are computed from the
//! statistics is [`crate::report::coaching`]; this module gathers those statistics and applies
//! who may do what. Anyone may see a plan and its review. Errors say what is wrong; the hints,
//! which name commands, are the front end's (`commands::errors::coaching` for the CLI).

pub mod training;

use crate::actor::{Actor, ActorKind, Denied};
use crate::dates;
use crate::report::coaching::{self, Meeting, Plan, Review, Settings};
use crate::report::common::{Named, Period};
use crate::roles::Role;
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::coaching::{NewCoachingPlan, PlanComment, StoredPlan};
use crate::store::people::Agent;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use thiserror::Error;

/// What someone did to a plan that is not theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAct {
    Acknowledge,
    Comment,
}

/// A refused coaching request.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoachingError {
    #[error("no agent `{0}`")]
    NoAgent(String),
    #[error("no coaching plan {0}")]
    NoPlan(i64),
    /// The start day cannot be read; the text says why.
    #[error("the start day: {0}")]
    BadStart(String),
    /// No counted evaluation of the agent in the period, with any rubric.
    #[error("{agent} has no counted evaluation between {from} and {to}")]
    NoScoredWork { agent: String, from: String, to: String },
    /// None with the rubric asked for.
    #[error("{agent} has no counted evaluation with {rubric} between {from} and {to}")]
    NoScoredWorkWith {
        agent: String,
        rubric: String,
        from: String,
        to: String,
    },
    /// Saving would copy plan `copy`: same agent, period, rubric and focus, nothing newer.
    #[error(
        "coaching plan {copy} already covers {agent} with {rubric} for {from} to {to} and the same focus, and no evaluation is newer"
    )]
    AlreadySaved {
        copy: i64,
        agent: String,
        rubric: String,
        from: String,
        to: String,
    },
    /// Someone other than the plan's agent, and not a lead, acted on it.
    #[error("{denied}")]
    NotTheirs {
        denied: Denied,
        act: PlanAct,
        plan: i64,
        agent: String,
    },
    #[error("the comment is empty")]
    EmptyComment,
    /// A review before the follow-up date; `evaluations` of the agent since the plan started
    /// (`starts`), of the `sample_size` planned.
    #[error(
        "coaching plan {plan} is reviewed from {follow_up}, in {days} day{}",
        if *days == 1 { "" } else { "s" }
    )]
    TooEarly {
        plan: i64,
        follow_up: NaiveDate,
        days: i64,
        agent: String,
        starts: NaiveDate,
        evaluations: u64,
        sample_size: u32,
    },
}

/// The agent `id`.
pub fn find_agent(store: &Store, id: &str) -> Result<Agent> {
    Ok(store.agent(id)?.ok_or_else(|| CoachingError::NoAgent(id.to_string()))?)
}

/// The saved plan `id`.
pub fn find_plan(store: &Store, id: i64) -> Result<StoredPlan> {
    Ok(store.coaching_plan(id)?.ok_or(CoachingError::NoPlan(id))?)
}

/// A plan as asked for: whose, over which period (days as typed; the default period when
/// none), with which rubric (the agent's most scored one when none), how it is computed, when
/// it starts (today when none), what the meeting agreed, and whether to save it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    pub agent: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub rubric: Option<String>,
    pub settings: Settings,
    pub starts: Option<String>,
    pub meeting: Meeting,
    pub save: bool,
}

/// A plan built (and saved when asked, with its number, author and time set), with the rubric
/// it is over.
#[derive(Debug, Clone)]
pub struct Built {
    pub plan: Plan,
    pub rubric: Rubric,
}

/// Builds the plan from the agent's counted evaluations; saving it needs the lead role and is
/// refused when a saved plan already covers the same ground ([`same_plan`]).
pub fn build_plan(store: &mut Store, actor: &Actor, req: &PlanRequest, today: NaiveDate) -> Result<Built> {
    let agent = find_agent(store, &req.agent)?;
    // An agent builds plans about themselves only; another agent's is not found, so that a
    // plan's figures never reach a colleague and nobody learns which ids exist.
    if actor.kind == ActorKind::Agent && !actor.is_agent(&agent.id) {
        return Err(CoachingError::NoAgent(req.agent.clone()).into());
    }
    let period = Period::from_options(req.from.as_deref(), req.to.as_deref(), today)?;
    let starts_on = match &req.starts {
        Some(s) => dates::parse_day(s, today).map_err(CoachingError::BadStart)?,
        None => today,
    };
    let (from, to) = period.bounds();
    let rubric_id = match &req.rubric {
        Some(r) => r.clone(),
        None => match store.agent_rubrics(&agent.id, &from, &to)?.first() {
            Some((r, _)) => r.clone(),
            None => {
                return Err(CoachingError::NoScoredWork {
                    agent: agent.id,
                    from: period.from.to_string(),
                    to: period.to.to_string(),
                }
                .into());
            }
        },
    };
    let rubric = store.rubric(&rubric_id, None)?;
    let current = store.agent_overall(&agent.id, &rubric.id, &from, &to)?;
    if current.evaluations == 0 {
        return Err(CoachingError::NoScoredWorkWith {
            agent: agent.id,
            rubric: rubric.id,
            from: period.from.to_string(),
            to: period.to.to_string(),
        }
        .into());
    }
    let (prev_from, prev_to) = period.previous().bounds();
    let previous = store.agent_overall(&agent.id, &rubric.id, &prev_from, &prev_to)?;
    let input = coaching::Input {
        rubric: &rubric,
        agent: Named {
            id: agent.id.clone(),
            name: agent.name.clone(),
        },
        team: agent.team.clone(),
        period,
        current,
        previous,
        sections: store.agent_sections(&agent.id, &rubric.id, &from, &to)?,
        criteria: store.agent_criteria(&agent.id, &rubric.id, &from, &to)?,
        previous_criteria: store.agent_criteria(&agent.id, &rubric.id, &prev_from, &prev_to)?,
    };
    let mut plan = coaching::plan(input, req.settings.clone(), starts_on);
    plan.meeting = req.meeting.clone();
    plan.voice = crate::report::voice::agent_section(
        store,
        &agent.id,
        agent.team.clone(),
        period,
        (plan.average, plan.evaluations),
    )?;
    if req.save {
        actor.require(Role::Lead, "save coaching plans")?;
        if let Some(copy) = same_plan(store, &plan, &agent.id, &rubric.id)? {
            return Err(CoachingError::AlreadySaved {
                copy,
                agent: agent.id,
                rubric: rubric.id,
                from: plan.period.from.clone(),
                to: plan.period.to.clone(),
            }
            .into());
        }
        let new = NewCoachingPlan {
            agent: agent.id.clone(),
            rubric: rubric.id.clone(),
            period_from: period.from.to_string(),
            period_to: period.to.to_string(),
            follow_up_on: plan.follow_up.on.clone(),
            sample_size: plan.follow_up.sample,
            plan: serde_json::to_value(&plan)?,
        };
        let id = store.write(&actor.id, |tx| tx.insert_coaching_plan(&new))?;
        let saved = store
            .coaching_plan(id)?
            .context("the coaching plan just saved is missing")?;
        plan.id = Some(id);
        plan.created_by = Some(saved.created_by);
        plan.created_at = Some(dates::short(&saved.created_at));
    }
    Ok(Built { plan, rubric })
}

/// A saved plan this one would copy: same agent, period, rubric and focus criteria, and no
/// evaluation of the agent with that rubric scored since it was saved.
pub fn same_plan(store: &Store, plan: &Plan, agent: &str, rubric: &str) -> Result<Option<i64>> {
    let focus: Vec<&str> = plan.focus.iter().map(|f| f.key.as_str()).collect();
    for saved in store.coaching_plans(Some(agent))? {
        if saved.rubric == rubric
            && saved.period_from == plan.period.from
            && saved.period_to == plan.period.to
            && saved_focus(&saved) == focus
            && store.evaluations_scored_since(agent, rubric, &saved.created_at)? == 0
        {
            return Ok(Some(saved.id));
        }
    }
    Ok(None)
}

/// The focus criteria's keys of a saved plan, in the plan's order.
fn saved_focus(saved: &StoredPlan) -> Vec<&str> {
    saved.plan["focus"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["key"].as_str()).collect())
        .unwrap_or_default()
}

/// The agent acts on their own plan; anyone else must be a lead. `what` completes "may not ...".
pub fn may_act_on(actor: &Actor, plan: &StoredPlan, act: PlanAct, what: &str) -> Result<(), CoachingError> {
    if actor.is(&plan.agent) {
        return Ok(());
    }
    actor
        .require(Role::Lead, what)
        .map_err(|denied| CoachingError::NotTheirs {
            denied,
            act,
            plan: plan.id,
            agent: plan.agent.clone(),
        })
}

/// An acknowledgement: the plan as it stands, and when it was acknowledged now (none when it
/// already was, at `plan.acknowledged_at`).
#[derive(Debug, Clone)]
pub struct Acknowledged {
    pub plan: StoredPlan,
    pub now: Option<String>,
}

/// The agent confirms they saw plan `id` (or a lead does for them); once only.
pub fn acknowledge(store: &mut Store, actor: &Actor, id: i64) -> Result<Acknowledged> {
    let plan = find_plan(store, id)?;
    may_act_on(
        actor,
        &plan,
        PlanAct::Acknowledge,
        &format!("acknowledge coaching plan {id} for {}", plan.agent),
    )?;
    if plan.acknowledged_at.is_some() {
        return Ok(Acknowledged { plan, now: None });
    }
    let at = store.write(&actor.id, |tx| tx.acknowledge_coaching_plan(id))?;
    Ok(Acknowledged {
        plan: find_plan(store, id)?,
        now: Some(at),
    })
}

/// A comment's text, trimmed; refused when blank.
pub fn comment_text(text: &str) -> Result<&str, CoachingError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CoachingError::EmptyComment);
    }
    Ok(text)
}

/// The agent comments on their own plan, or a lead on any; returns when it was added.
pub fn comment(store: &mut Store, actor: &Actor, id: i64, text: &str) -> Result<String> {
    let text = comment_text(text)?;
    let saved = find_plan(store, id)?;
    may_act_on(
        actor,
        &saved,
        PlanAct::Comment,
        &format!("comment on {}'s coaching plan {id}", saved.agent),
    )?;
    store.write(&actor.id, |tx| tx.comment_coaching_plan(id, text))
}

/// The saved plan as it was made, with whether it was acknowledged and every comment since.
pub fn stored_view(store: &Store, saved: &StoredPlan) -> Result<serde_json::Value> {
    let mut view = saved.plan.clone();
    view["id"] = saved.id.into();
    view["created_by"] = saved.created_by.clone().into();
    view["created_at"] = dates::short(&saved.created_at).into();
    view["acknowledged_at"] = saved.acknowledged_at.as_deref().map(dates::short).into();
    let comments: Vec<_> = store
        .coaching_comments(saved.id)?
        .into_iter()
        .map(|c| PlanComment {
            at: dates::short(&c.at),
            ..c
        })
        .collect();
    view["comments"] = serde_json::to_value(comments)?;
    view["training"] = serde_json::to_value(training::sessions_view(store, saved.id)?)?;
    if view.get("meeting").is_none_or(|m| m.is_null()) {
        view["meeting"] = serde_json::to_value(Meeting::default())?;
    }
    Ok(view)
}

fn day(text: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| format!("the saved plan's {what} `{text}`"))
}

/// The review of plan `id` on `today`, with the rubric version the plan was made with:
/// before (the plan's period) against after (from the day it started); refused before the
/// follow-up date.
pub fn review(store: &Store, id: i64, today: NaiveDate) -> Result<(Review, Rubric)> {
    let stored = find_plan(store, id)?;
    let saved: coaching::SavedPlan =
        serde_json::from_value(stored.plan.clone()).with_context(|| format!("reading coaching plan {id}"))?;
    let follow_up = day(&stored.follow_up_on, "follow-up date")?;
    let starts = day(&saved.follow_up.starts_on, "start")?;
    let after = Period {
        from: starts,
        to: today.max(starts),
    };
    let (after_from, after_to) = after.bounds();
    let after_stats = store.agent_overall(&stored.agent, &stored.rubric, &after_from, &after_to)?;
    if today < follow_up {
        return Err(CoachingError::TooEarly {
            plan: id,
            follow_up,
            days: (follow_up - today).num_days(),
            agent: stored.agent,
            starts,
            evaluations: after_stats.evaluations,
            sample_size: stored.sample_size,
        }
        .into());
    }
    let before = Period {
        from: day(&stored.period_from, "period")?,
        to: day(&stored.period_to, "period")?,
    };
    let (before_from, before_to) = before.bounds();
    let rubric = store.rubric(&saved.rubric.id, Some(saved.rubric.version))?;
    let data = coaching::review(coaching::ReviewInput {
        plan_id: id,
        plan: &saved,
        created_at: stored.created_at.clone(),
        created_by: stored.created_by.clone(),
        acknowledged_at: stored.acknowledged_at.clone(),
        follow_up_on: stored.follow_up_on.clone(),
        sample_size: stored.sample_size,
        before_period: before,
        after_period: after,
        before: store.agent_overall(&stored.agent, &stored.rubric, &before_from, &before_to)?,
        after: after_stats,
        criteria_before: store.agent_criteria(&stored.agent, &stored.rubric, &before_from, &before_to)?,
        criteria_after: store.agent_criteria(&stored.agent, &stored.rubric, &after_from, &after_to)?,
    });
    let (effects, practice) = training::evidence(store, &stored, &rubric, today)?;
    let data = Review {
        training: effects,
        practice,
        ..data
    };
    Ok((data, rubric))
}

#[cfg(test)]
#[path = "coaching_tests.rs"]
mod tests;
