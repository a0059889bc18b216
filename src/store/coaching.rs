//! Coaching: one agent's scores by criterion and section over a period, and saved coaching plans.
//!
//! The statistics read `counted_evaluations` through the `evaluations_agent_time` index, so a plan
//! for one agent costs the same whatever the size of the store. A saved plan keeps the whole plan
//! as JSON next to the columns that `coach list` and the team report need; saving and
//! acknowledging are audited.

use super::reports::n;
use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// An agent's overall results with one rubric in `[from, to)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OverallStats {
    pub evaluations: u64,
    pub average: Option<f64>,
    /// Mean of the squared overall scores (for the standard deviation).
    pub mean_square: Option<f64>,
    pub passed: u64,
    pub critical_failures: u64,
}

/// One criterion's answers by an agent in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionStats {
    pub key: String,
    /// Evaluations that answered it, N/A included.
    pub answered: u64,
    /// Answers other than N/A: the times the behaviour was observed.
    pub observed: u64,
    /// Mean normalised score (0..1) of the observed answers.
    pub mean: Option<f64>,
    /// Mean of the squared normalised scores of the observed answers.
    pub mean_square: Option<f64>,
    pub critical_failures: u64,
}

/// A coaching plan to record.
#[derive(Debug, Clone)]
pub struct NewCoachingPlan {
    pub agent: String,
    pub rubric: String,
    /// Days `YYYY-MM-DD`, inclusive.
    pub period_from: String,
    pub period_to: String,
    pub follow_up_on: String,
    pub sample_size: u32,
    pub plan: serde_json::Value,
}

/// A saved coaching plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPlan {
    pub id: i64,
    pub agent: String,
    pub rubric: String,
    pub period_from: String,
    pub period_to: String,
    pub follow_up_on: String,
    pub sample_size: u32,
    pub plan: serde_json::Value,
    pub created_by: String,
    pub created_at: String,
    pub acknowledged_at: Option<String>,
}

const PLAN_COLUMNS: &str = "id, agent_id, rubric_id, period_from, period_to, follow_up_on, sample_size, plan,
    created_by, created_at, acknowledged_at";

fn plan_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPlan> {
    let plan: String = r.get(7)?;
    Ok(StoredPlan {
        id: r.get(0)?,
        agent: r.get(1)?,
        rubric: r.get(2)?,
        period_from: r.get(3)?,
        period_to: r.get(4)?,
        follow_up_on: r.get(5)?,
        sample_size: r.get(6)?,
        plan: serde_json::from_str(&plan).unwrap_or(serde_json::Value::String(plan)),
        created_by: r.get(8)?,
        created_at: r.get(9)?,
        acknowledged_at: r.get(10)?,
    })
}

/// A comment on a saved plan by the agent or a lead (`coach note`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanComment {
    pub by: String,
    pub at: String,
    pub text: String,
}

impl Store {
    /// The comments on a plan, oldest first.
    pub fn coaching_comments(&self, plan: i64) -> Result<Vec<PlanComment>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT author, created_at, text FROM coaching_comments WHERE plan_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([plan], |r| {
            Ok(PlanComment {
                by: r.get(0)?,
                at: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counted evaluations of `agent` with `rubric` scored after `since` (a stored time): new
    /// data, which makes a plan saved again for the same period no longer a copy.
    pub fn evaluations_scored_since(&self, agent: &str, rubric: &str, since: &str) -> Result<u64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM counted_evaluations WHERE agent_id = ?1 AND rubric_id = ?2 AND scored_at > ?3",
            params![agent, rubric, since],
            |r| n(r, 0),
        )?)
    }

    /// The rubrics of an agent's counted evaluations in `[from, to)`, most used first.
    pub fn agent_rubrics(&self, agent: &str, from: &str, to: &str) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT rubric_id, count(*) FROM counted_evaluations
             WHERE agent_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
             GROUP BY rubric_id ORDER BY count(*) DESC, rubric_id",
        )?;
        let rows = stmt.query_map(params![agent, from, to], |r| Ok((r.get(0)?, n(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An agent's overall results with `rubric` in `[from, to)`.
    pub fn agent_overall(&self, agent: &str, rubric: &str, from: &str, to: &str) -> Result<OverallStats> {
        Ok(self.conn().query_row(
            "SELECT count(*), avg(overall), avg(overall * overall), coalesce(sum(passed), 0),
                 coalesce(sum(critical_failed), 0)
             FROM counted_evaluations
             WHERE agent_id = ?1 AND rubric_id = ?2 AND occurred_at >= ?3 AND occurred_at < ?4",
            params![agent, rubric, from, to],
            |r| {
                Ok(OverallStats {
                    evaluations: n(r, 0)?,
                    average: r.get(1)?,
                    mean_square: r.get(2)?,
                    passed: n(r, 3)?,
                    critical_failures: n(r, 4)?,
                })
            },
        )?)
    }

    /// An agent's section averages with `rubric` in `[from, to)`: (section id, average, number
    /// of evaluations where the section applied).
    pub fn agent_sections(&self, agent: &str, rubric: &str, from: &str, to: &str) -> Result<Vec<(String, f64, u64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.section_id, avg(s.score), count(*)
             FROM counted_evaluations e
             JOIN section_scores s ON s.evaluation_id = e.id AND s.revision = e.revision
             WHERE e.agent_id = ?1 AND e.rubric_id = ?2 AND e.occurred_at >= ?3 AND e.occurred_at < ?4
                 AND s.score IS NOT NULL
             GROUP BY s.section_id",
        )?;
        let rows = stmt.query_map(params![agent, rubric, from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, n(r, 2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An agent's answers to each criterion of `rubric` in `[from, to)`.
    pub fn agent_criteria(&self, agent: &str, rubric: &str, from: &str, to: &str) -> Result<Vec<CriterionStats>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.criterion_key, count(*), sum(c.answer != 'na'),
                 avg(CASE WHEN c.answer != 'na' THEN c.norm END),
                 avg(CASE WHEN c.answer != 'na' THEN c.norm * c.norm END),
                 sum(c.critical_failed)
             FROM counted_evaluations e
             JOIN criterion_scores c ON c.evaluation_id = e.id AND c.revision = e.revision
             WHERE e.agent_id = ?1 AND e.rubric_id = ?2 AND e.occurred_at >= ?3 AND e.occurred_at < ?4
             GROUP BY c.criterion_key ORDER BY c.criterion_key",
        )?;
        let rows = stmt.query_map(params![agent, rubric, from, to], |r| {
            Ok(CriterionStats {
                key: r.get(0)?,
                answered: n(r, 1)?,
                observed: n(r, 2)?,
                mean: r.get(3)?,
                mean_square: r.get(4)?,
                critical_failures: n(r, 5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One saved plan.
    pub fn coaching_plan(&self, id: i64) -> Result<Option<StoredPlan>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {PLAN_COLUMNS} FROM coaching_plans WHERE id = ?1"),
                [id],
                plan_from_row,
            )
            .optional()?)
    }

    /// Saved plans, newest first; of one agent when given.
    pub fn coaching_plans(&self, agent: Option<&str>) -> Result<Vec<StoredPlan>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {PLAN_COLUMNS} FROM coaching_plans WHERE ?1 IS NULL OR agent_id = ?1 ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([agent], plan_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Records a coaching plan; returns its id.
    pub fn insert_coaching_plan(&mut self, new: &NewCoachingPlan) -> Result<i64> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO coaching_plans (agent_id, rubric_id, period_from, period_to, follow_up_on, sample_size, plan,
                 created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.agent,
                new.rubric,
                new.period_from,
                new.period_to,
                new.follow_up_on,
                new.sample_size,
                serde_json::to_string(&new.plan)?,
                self.actor(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        self.audit(
            "coaching.plan",
            &format!("coaching:{id}"),
            &serde_json::json!({
                "agent": new.agent, "rubric": new.rubric, "period_from": new.period_from,
                "period_to": new.period_to, "follow_up_on": new.follow_up_on, "sample_size": new.sample_size,
                "plan": new.plan,
            }),
        )?;
        Ok(id)
    }

    /// Adds the agent's or a lead's comment to a plan; returns the time recorded.
    pub fn comment_coaching_plan(&mut self, id: i64, text: &str) -> Result<String> {
        let now = super::audit::now();
        let author = self.actor().to_string();
        self.conn().execute(
            "INSERT INTO coaching_comments (plan_id, author, created_at, text) VALUES (?1, ?2, ?3, ?4)",
            params![id, author, now, text],
        )?;
        self.audit(
            "coaching.note",
            &format!("coaching:{id}"),
            &serde_json::json!({ "at": now, "text": text }),
        )?;
        Ok(now)
    }

    /// Records that the agent has seen and agreed the plan; returns the time recorded.
    pub fn acknowledge_coaching_plan(&mut self, id: i64) -> Result<String> {
        let now = super::audit::now();
        self.conn().execute(
            "UPDATE coaching_plans SET acknowledged_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        self.audit(
            "coaching.ack",
            &format!("coaching:{id}"),
            &serde_json::json!({ "at": now }),
        )?;
        Ok(now)
    }
}
