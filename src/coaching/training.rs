//! Training sessions of a coaching plan (issue 20, part 4): a simulation, workshop, e-learning
//! module or shadowing session on a day, aimed at some of the plan's rubric criteria, recorded
//! by a lead and kept as recorded (`store::training`). `coach review` says, per targeted
//! criterion, whether the agent's counted work improved after the day
//! ([`crate::report::training`]).

use crate::actor::Actor;
use crate::dates;
use crate::report::coaching::SavedPlan;
use crate::report::common::Period;
use crate::report::training::{SessionEffect, effect};
use crate::roles::Role;
use crate::rubric::suggest::closest;
use crate::store::Store;
use crate::store::training::{NewTrainingSession, PracticeEvaluation, Side, StoredSession};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

/// How the agent was trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum Kind {
    /// A simulated contact or role-play of a real scenario.
    Simulation,
    /// A group workshop.
    Workshop,
    /// An e-learning module.
    #[value(name = "e-learning")]
    #[serde(rename = "e-learning")]
    ELearning,
    /// Listening to or sitting beside an experienced colleague.
    Shadowing,
}

impl Kind {
    /// As the store keeps it (and the CHECK of its column allows).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Simulation => "simulation",
            Kind::Workshop => "workshop",
            Kind::ELearning => "e-learning",
            Kind::Shadowing => "shadowing",
        }
    }
}

/// A training session that cannot be recorded as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrainingError {
    #[error("no coaching plan {0}")]
    NoPlan(i64),
    /// A targeted key that is not a criterion of the plan's rubric version.
    #[error("`{key}` is not a criterion of {rubric} version {version}{}", closest.as_ref().map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default())]
    UnknownCriterion {
        key: String,
        rubric: String,
        version: u32,
        closest: Option<String>,
    },
    #[error("a training session targets at least one criterion")]
    NoCriteria,
    /// The day cannot be read; the text says why.
    #[error("the session day: {0}")]
    BadDay(String),
}

/// A session as asked for: the plan, the day as typed, the kind, the criteria, a note.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRequest {
    pub plan: i64,
    pub date: String,
    pub kind: Kind,
    pub criteria: Vec<String>,
    pub note: Option<String>,
}

/// What `coach review` adds to a plan's review: each training session's effect, and the
/// agent's practice evaluations from the plan's period on.
pub fn evidence(
    store: &Store,
    plan: &crate::store::coaching::StoredPlan,
    rubric: &crate::rubric::Rubric,
    today: NaiveDate,
) -> Result<(Vec<SessionEffect>, Vec<PracticeEvaluation>)> {
    let starts = NaiveDate::parse_from_str(&plan.period_from, "%Y-%m-%d")
        .with_context(|| format!("the saved plan's period `{}`", plan.period_from))?;
    let mut effects = Vec::new();
    for session in store.training_sessions(plan.id)? {
        let day = NaiveDate::parse_from_str(&session.held_on, "%Y-%m-%d")
            .with_context(|| format!("training session {}'s day `{}`", session.id, session.held_on))?;
        // Before: from the plan's period to the day before; after: from the day to today.
        let (before_from, _) = Period {
            from: starts,
            to: starts,
        }
        .bounds();
        let (after_from, after_to) = Period {
            from: day,
            to: today.max(day),
        }
        .bounds();
        let mut sides = Vec::new();
        for key in &session.criteria {
            let before = if day > starts {
                store.criterion_side(&plan.agent, &plan.rubric, key, &before_from, &after_from)?
            } else {
                Side::default()
            };
            let after = store.criterion_side(&plan.agent, &plan.rubric, key, &after_from, &after_to)?;
            sides.push((before, after));
        }
        effects.push(effect(&session, rubric, &sides));
    }
    let (from, _) = Period {
        from: starts,
        to: starts,
    }
    .bounds();
    let (_, to) = Period { from: today, to: today }.bounds();
    let practice = store
        .practice_evaluations(&plan.agent, &from, &to)?
        .into_iter()
        .map(|p| PracticeEvaluation {
            occurred_at: dates::short(&p.occurred_at),
            ..p
        })
        .collect();
    Ok((effects, practice))
}

/// A plan's sessions as `coach show` lists them (times shortened).
pub fn sessions_view(store: &Store, plan: i64) -> Result<Vec<StoredSession>> {
    Ok(store
        .training_sessions(plan)?
        .into_iter()
        .map(|s| StoredSession {
            created_at: dates::short(&s.created_at),
            ..s
        })
        .collect())
}

/// The plan's rubric id and version, as saved with the plan.
pub fn plan_rubric(saved: &serde_json::Value, id: i64) -> Result<(String, u32)> {
    let plan: SavedPlan =
        serde_json::from_value(saved.clone()).with_context(|| format!("reading coaching plan {id}"))?;
    Ok((plan.rubric.id, plan.rubric.version))
}

/// Records a training session of plan `req.plan` (lead role): every criterion must be one of the
/// plan's rubric version, named once. Returns it as stored.
pub fn record(store: &mut Store, actor: &Actor, req: &SessionRequest, today: NaiveDate) -> Result<StoredSession> {
    actor.require(Role::Lead, "record training sessions")?;
    let plan = store.coaching_plan(req.plan)?.ok_or(TrainingError::NoPlan(req.plan))?;
    let day = dates::parse_day(&req.date, today).map_err(TrainingError::BadDay)?;
    let (rubric_id, version) = plan_rubric(&plan.plan, plan.id)?;
    let rubric = store.rubric(&rubric_id, Some(version))?;
    let known: Vec<&str> = rubric.criteria().map(|c| c.key.as_str()).collect();
    let mut criteria: Vec<String> = Vec::new();
    for key in req.criteria.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if !known.contains(&key) {
            return Err(TrainingError::UnknownCriterion {
                key: key.to_string(),
                rubric: rubric.id.clone(),
                version: rubric.version,
                closest: closest(key, &known).map(str::to_string),
            }
            .into());
        }
        if !criteria.iter().any(|c| c == key) {
            criteria.push(key.to_string());
        }
    }
    if criteria.is_empty() {
        return Err(TrainingError::NoCriteria.into());
    }
    let new = NewTrainingSession {
        plan: plan.id,
        held_on: day.to_string(),
        kind: req.kind.as_str().to_string(),
        criteria,
        note: req
            .note
            .as_ref()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
    };
    let id = store.write(&actor.id, |tx| tx.insert_training_session(&new))?;
    store
        .training_sessions(plan.id)?
        .into_iter()
        .find(|s| s.id == id)
        .context("the training session just recorded is missing")
}
