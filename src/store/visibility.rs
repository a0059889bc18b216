//! A [`Sight`] as SQL: the one condition every read of evaluations for a person applies
//! (`evaluation list`, `evaluation show` and so `report feedback`, the evaluation exports, and
//! the disputes on them). The rule itself, and why, is in `evaluations::visibility`.

use super::Store;
use crate::evaluations::visibility::Sight;
use anyhow::Result;
use rusqlite::types::Value;

/// The condition on the evaluation aliased `e` that keeps what `sight` may see, and the one
/// value it binds as parameter `?{param}` (none for the sights that name nobody).
pub(crate) fn condition(sight: &Sight, param: usize) -> (String, Option<Value>) {
    match sight {
        Sight::Everything => ("1 = 1".to_string(), None),
        Sight::Nothing => ("0 = 1".to_string(), None),
        // Another evaluator's work is hidden until the viewer has a submitted evaluation of the
        // same interaction or visit (any rubric, calibration included).
        Sight::Blind { evaluator } => (
            format!(
                "(e.evaluator_id = ?{param} OR EXISTS (SELECT 1 FROM evaluations own
                    WHERE own.evaluator_id = ?{param} AND own.status = 'submitted'
                      AND (own.interaction_id = e.interaction_id OR own.visit_id = e.visit_id)))"
            ),
            Some(Value::Text(evaluator.clone())),
        ),
        // `counted_evaluations` is the one definition of an evaluation that counts; the agent
        // also sees their submitted practice evaluations (issue 20), shown as practice.
        Sight::OwnCounted { agent } => (
            format!(
                "(e.agent_id = ?{param} AND (EXISTS (SELECT 1 FROM counted_evaluations c WHERE c.id = e.id)
                    OR (e.practice = 1 AND e.status = 'submitted' AND e.calibration_id IS NULL)))"
            ),
            Some(Value::Text(agent.clone())),
        ),
    }
}

/// The condition on the disputed evaluation aliased `e` that keeps the disputes `sight` may see:
/// those on an evaluation it may see, so that a dispute (its criteria, the answers scored) does
/// not reveal a first evaluation to a blind second evaluator. An agent sees every dispute on
/// their own work, even once the evaluation stopped counting (voided while under dispute): the
/// thread is theirs, and the evaluations they dispute are the ones they were shown.
pub(crate) fn dispute_condition(sight: &Sight, param: usize) -> (String, Option<Value>) {
    match sight {
        Sight::OwnCounted { agent } => (format!("e.agent_id = ?{param}"), Some(Value::Text(agent.clone()))),
        other => condition(other, param),
    }
}

impl Store {
    /// Whether evaluation `id` exists and `sight` may see it (the calibration seal aside).
    pub fn evaluation_visible(&self, id: i64, sight: &Sight) -> Result<bool> {
        let (condition, value) = condition(sight, 2);
        let sql = format!("SELECT EXISTS (SELECT 1 FROM evaluations e WHERE e.id = ?1 AND {condition})");
        let mut values = vec![Value::Integer(id)];
        values.extend(value);
        Ok(self
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(values), |r| r.get(0))?)
    }
}
