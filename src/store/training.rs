//! Training sessions of coaching plans (issue 20, part 4): kept as recorded (a verified record
//! kind, `training-session:N`; triggers refuse changing, deleting or replacing one), and the
//! per-criterion figures `coach review` compares before and after each session.

use super::reports::n;
use super::{Store, Tx};
use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

/// A training session to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTrainingSession {
    pub plan: i64,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// `simulation`, `workshop`, `e-learning` or `shadowing`.
    pub kind: String,
    pub criteria: Vec<String>,
    pub note: Option<String>,
}

/// A recorded training session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredSession {
    pub id: i64,
    pub plan: i64,
    pub held_on: String,
    pub kind: String,
    pub criteria: Vec<String>,
    pub note: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

/// One criterion's counted answers (N/A left out) on one side of a session day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Side {
    pub n: u64,
    /// Mean normalised score, 0..1.
    pub mean: Option<f64>,
}

/// One practice evaluation of an agent, as training evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeEvaluation {
    pub id: i64,
    pub subject: String,
    pub occurred_at: String,
    pub evaluator: String,
    pub overall: f64,
    pub passed: bool,
    /// The simulated contact's scenario, when it had one.
    pub scenario: Option<String>,
}

impl Store {
    /// The training sessions of a plan, by day then number.
    pub fn training_sessions(&self, plan: i64) -> Result<Vec<StoredSession>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, plan_id, held_on, kind, criteria, note, created_by, created_at FROM training_sessions
             WHERE plan_id = ?1 ORDER BY held_on, id",
        )?;
        let rows = stmt.query_map([plan], |r| {
            let criteria: String = r.get(4)?;
            Ok(StoredSession {
                id: r.get(0)?,
                plan: r.get(1)?,
                held_on: r.get(2)?,
                kind: r.get(3)?,
                criteria: serde_json::from_str(&criteria).unwrap_or_default(),
                note: r.get(5)?,
                created_by: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An agent's counted answers to `criterion` of `rubric` for work in `[from, to)` (stored
    /// times): how many were observed (not N/A) and their mean normalised score.
    pub fn criterion_side(&self, agent: &str, rubric: &str, criterion: &str, from: &str, to: &str) -> Result<Side> {
        Ok(self.conn().query_row(
            "SELECT count(*), avg(c.norm) FROM counted_evaluations e
             JOIN criterion_scores c ON c.evaluation_id = e.id AND c.revision = e.revision
             WHERE e.agent_id = ?1 AND e.rubric_id = ?2 AND c.criterion_key = ?3 AND c.answer != 'na'
               AND e.occurred_at >= ?4 AND e.occurred_at < ?5",
            params![agent, rubric, criterion, from, to],
            |r| {
                Ok(Side {
                    n: n(r, 0)?,
                    mean: r.get(1)?,
                })
            },
        )?)
    }

    /// An agent's submitted practice evaluations of work in `[from, to)`, oldest first.
    pub fn practice_evaluations(&self, agent: &str, from: &str, to: &str) -> Result<Vec<PracticeEvaluation>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, i.external_id, e.occurred_at, e.evaluator_id, e.overall, e.passed,
                    CASE WHEN json_valid(i.extra) THEN json_extract(i.extra, '$.scenario') END
             FROM evaluations e JOIN interactions i ON i.id = e.interaction_id
             WHERE e.agent_id = ?1 AND e.practice = 1 AND e.status = 'submitted' AND e.calibration_id IS NULL
               AND e.occurred_at >= ?2 AND e.occurred_at < ?3
             ORDER BY e.occurred_at, e.id",
        )?;
        let rows = stmt.query_map(params![agent, from, to], |r| {
            Ok(PracticeEvaluation {
                id: r.get(0)?,
                subject: r.get(1)?,
                occurred_at: r.get(2)?,
                evaluator: r.get(3)?,
                overall: r.get(4)?,
                passed: r.get(5)?,
                scenario: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Records a training session of a plan and audits it (`coaching.session`); returns its id.
    pub fn insert_training_session(&mut self, new: &NewTrainingSession) -> Result<i64> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO training_sessions (plan_id, held_on, kind, criteria, note, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.plan,
                new.held_on,
                new.kind,
                serde_json::to_string(&new.criteria)?,
                new.note,
                self.actor(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        self.audit(
            "coaching.session",
            &format!("coaching:{}", new.plan),
            &serde_json::json!({
                "session": id, "held_on": new.held_on, "kind": new.kind, "criteria": new.criteria,
                "note": new.note,
            }),
        )?;
        Ok(id)
    }
}
