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
