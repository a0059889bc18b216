//! What the ramp-up report reads: one agent's counted evaluations over the first weeks of their
//! tenure (`report::ramp_up` counts the weeks).

use super::Store;
use anyhow::Result;

/// One counted evaluation of an agent's work.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentScore {
    pub evaluation: i64,
    /// When the work happened (stored time); its day decides the week of tenure.
    pub occurred_at: String,
    pub overall: f64,
    pub rubric: String,
}

impl Store {
    /// The counted evaluations (`counted_evaluations`: submitted, not practice, calibration or
    /// second opinions, real contacts and approved visits only) of `agent`'s work in the
    /// stored-time bounds `[from, to)`, with `rubric` only when given, in time order.
    pub fn counted_scores_of(
        &self,
        agent: &str,
        from: &str,
        to: &str,
        rubric: Option<&str>,
    ) -> Result<Vec<AgentScore>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.occurred_at, e.overall, e.rubric_id FROM counted_evaluations e
             WHERE e.id IN (SELECT w.id FROM evaluations w
                            WHERE w.agent_id = ?1 AND w.occurred_at >= ?2 AND w.occurred_at < ?3)
               AND (?4 IS NULL OR e.rubric_id = ?4)
             ORDER BY e.occurred_at, e.id",
        )?;
        let rows = stmt.query_map(rusqlite::params![agent, from, to, rubric], |r| {
            Ok(AgentScore {
                evaluation: r.get(0)?,
                occurred_at: r.get(1)?,
                overall: r.get(2)?,
                rubric: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
