//! What flag rules read: the counted evaluations of one rubric in a period, with any open
//! dispute on them. Read-only; flags are computed, never stored.

use super::Store;
use anyhow::Result;
use rusqlite::params;

/// A counted evaluation of an agent, as the flags command needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagEvaluation {
    pub id: i64,
    pub agent: String,
    pub rubric_version: u32,
    /// When the work happened (stored time, UTC).
    pub occurred_at: String,
    /// The current revision's overall score.
    pub overall: f64,
    pub critical_failed: bool,
    /// The open dispute on it, if any, with its proposals as stored (JSON).
    pub open_dispute: Option<(i64, String)>,
}

impl Store {
    /// Evaluations of rubric `rubric` (any version) that count (the `counted_evaluations` view:
    /// submitted, not calibration, approved visits, each with its latest revision), of an agent,
    /// whose work happened in the stored-time range `[from, to)`; by agent, then oldest work first.
    pub fn flag_evaluations(&self, rubric: &str, from: &str, to: &str) -> Result<Vec<FlagEvaluation>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.agent_id, e.rubric_version, e.occurred_at, e.overall, e.critical_failed, d.id, d.proposals
             FROM counted_evaluations e
             LEFT JOIN disputes d ON d.evaluation_id = e.id AND d.status = 'open'
             WHERE e.rubric_id = ?1 AND e.agent_id IS NOT NULL AND e.occurred_at >= ?2 AND e.occurred_at < ?3
             ORDER BY e.agent_id, e.occurred_at, e.id",
        )?;
        let rows = stmt.query_map(params![rubric, from, to], |r| {
            let dispute: Option<i64> = r.get(6)?;
            let proposals: Option<String> = r.get(7)?;
            Ok(FlagEvaluation {
                id: r.get(0)?,
                agent: r.get(1)?,
                rubric_version: r.get(2)?,
                occurred_at: r.get(3)?,
                overall: r.get(4)?,
                critical_failed: r.get(5)?,
                open_dispute: dispute.map(|d| (d, proposals.unwrap_or_else(|| "[]".into()))),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// One section or criterion of a counted evaluation's current revision, as scoped flag rules
/// read it (issue 20).
#[derive(Debug, Clone, PartialEq)]
pub struct FlagPart {
    pub evaluation: i64,
    /// The section id, or the `section.criterion` key.
    pub key: String,
    /// The section score (0..100), or the criterion's normalised score (0..1); `None` when not
    /// applicable (a section whose criteria were all N/A, a criterion answered N/A and left out).
    pub score: Option<f64>,
    /// A criterion answered N/A (whatever the rubric's N/A policy scored it as).
    pub na: bool,
    /// A criterion that failed as critical; always false for a section row.
    pub critical_failed: bool,
}

impl Store {
    /// The section scores of the evaluations [`Store::flag_evaluations`] returns for the same
    /// arguments (their current revision).
    pub fn flag_section_scores(&self, rubric: &str, from: &str, to: &str) -> Result<Vec<FlagPart>> {
        self.flag_parts(
            "SELECT s.evaluation_id, s.section_id, s.score, 0, 0
             FROM counted_evaluations e
             JOIN section_scores s ON s.evaluation_id = e.id AND s.revision = e.revision
             WHERE e.rubric_id = ?1 AND e.agent_id IS NOT NULL AND e.occurred_at >= ?2 AND e.occurred_at < ?3",
            rubric,
            from,
            to,
        )
    }

    /// The criterion scores of the evaluations [`Store::flag_evaluations`] returns for the same
    /// arguments (their current revision).
    pub fn flag_criterion_scores(&self, rubric: &str, from: &str, to: &str) -> Result<Vec<FlagPart>> {
        self.flag_parts(
            "SELECT c.evaluation_id, c.criterion_key, c.norm, c.answer = 'na', c.critical_failed
             FROM counted_evaluations e
             JOIN criterion_scores c ON c.evaluation_id = e.id AND c.revision = e.revision
             WHERE e.rubric_id = ?1 AND e.agent_id IS NOT NULL AND e.occurred_at >= ?2 AND e.occurred_at < ?3",
            rubric,
            from,
            to,
        )
    }

    fn flag_parts(&self, sql: &str, rubric: &str, from: &str, to: &str) -> Result<Vec<FlagPart>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map(params![rubric, from, to], |r| {
            Ok(FlagPart {
                evaluation: r.get(0)?,
                key: r.get(1)?,
                score: r.get(2)?,
                na: r.get(3)?,
                critical_failed: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
