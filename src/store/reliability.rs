//! What `report evaluators` measures evaluators with (issue 16): the reference evaluator of each
//! rubric, the scores of contacts that two or more evaluators scored (second opinions and the
//! evaluation that counts), and how their evaluations fared in disputes.

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One evaluation of a contact that has more than one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiScored {
    /// `interaction:12` or `visit:3`.
    pub subject: String,
    pub rubric: String,
    pub evaluator: String,
    pub evaluation: i64,
    pub overall: f64,
    pub scored_at: String,
}

/// How one evaluator's evaluations fared in disputes resolved in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeOutcomes {
    pub evaluator: String,
    pub resolved: u64,
    /// Accepted or partly accepted: the score was changed.
    pub overturned: u64,
}

impl Tx<'_> {
    /// Makes `staff` the reference evaluator of `rubric` (audited as `rubric.reference`).
    pub fn set_rubric_reference(&mut self, rubric: &str, staff: &str) -> Result<()> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO rubric_references (rubric_id, staff_id, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (rubric_id) DO UPDATE SET staff_id = excluded.staff_id, set_by = excluded.set_by,
                 set_at = excluded.set_at",
            params![rubric, staff, self.actor(), now],
        )?;
        self.audit(
            "rubric.reference",
            &format!("rubric:{rubric}"),
            &serde_json::json!({ "reference": staff }),
        )
    }
}

impl Store {
    /// The reference evaluator a lead designated for `rubric`, if any.
    pub fn rubric_reference(&self, rubric: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT staff_id FROM rubric_references WHERE rubric_id = ?1",
                [rubric],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every designated reference evaluator, by rubric.
    pub fn rubric_references(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rubric_id, staff_id FROM rubric_references ORDER BY rubric_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The submitted, non-calibration evaluations (counted or second opinions) of contacts
    /// whose work falls in `[from, to)` and that two or more evaluators scored with the same
    /// rubric, by subject and rubric, then scoring time; of contacts in `channel` only, when
    /// given.
    ///
    /// The subjects scored twice are found in one grouping pass over the period's rows and
    /// joined back (issue 21: a correlated count per row made this quadratic in the period).
    pub fn multi_scored(&self, from: &str, to: &str, channel: Option<&str>) -> Result<Vec<MultiScored>> {
        let mut stmt = self.conn().prepare(
            "WITH e AS (
                 SELECT id, coalesce('interaction:' || interaction_id, 'visit:' || visit_id) AS subject, rubric_id,
                        evaluator_id, overall, scored_at
                 FROM evaluations
                 WHERE status = 'submitted' AND calibration_id IS NULL AND practice IS NULL
                   AND occurred_at >= ?1 AND occurred_at < ?2
                   AND (?3 IS NULL OR interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = ?3)))
             , many AS (
                 SELECT subject, rubric_id FROM e WHERE subject IS NOT NULL
                 GROUP BY subject, rubric_id HAVING count(DISTINCT evaluator_id) >= 2)
             SELECT e.subject, e.rubric_id, e.evaluator_id, e.id, e.overall, e.scored_at
             FROM e JOIN many m ON m.subject = e.subject AND m.rubric_id = e.rubric_id
             ORDER BY e.subject, e.rubric_id, e.scored_at, e.id",
        )?;
        let rows = stmt.query_map(params![from, to, channel], |r| {
            Ok(MultiScored {
                subject: r.get(0)?,
                rubric: r.get(1)?,
                evaluator: r.get(2)?,
                evaluation: r.get(3)?,
                overall: r.get(4)?,
                scored_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per evaluator, disputes of their evaluations of work in `[from, to)` that a lead
    /// resolved, and how many of those changed the score; of contacts in `channel` only, when
    /// given.
    pub fn dispute_outcomes(&self, from: &str, to: &str, channel: Option<&str>) -> Result<Vec<DisputeOutcomes>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.evaluator_id, count(*), sum(d.status IN ('accepted', 'partial'))
             FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id
             WHERE d.status != 'open' AND e.practice IS NULL AND e.occurred_at >= ?1 AND e.occurred_at < ?2
               AND (?3 IS NULL OR e.interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = ?3))
             GROUP BY e.evaluator_id ORDER BY e.evaluator_id",
        )?;
        let rows = stmt.query_map(params![from, to, channel], |r| {
            Ok(DisputeOutcomes {
                evaluator: r.get(0)?,
                resolved: r.get::<_, i64>(1)?.max(0) as u64,
                overturned: r.get::<_, i64>(2)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
