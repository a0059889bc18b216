//! The counts behind the status overview: what is in the store and what is waiting for someone.

use super::Store;
use anyhow::Result;
use serde::Serialize;

/// What the store holds and what is waiting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub schema_version: i64,
    pub rubrics: i64,
    pub agents: i64,
    pub staff: i64,
    pub locations: i64,
    pub interactions: i64,
    pub evaluations: i64,
    pub drafts: i64,
    /// Samples with items not yet scored, and those items.
    pub open_samples: i64,
    pub queued_items: i64,
    pub open_disputes: i64,
    /// Visits logged and waiting for a lead's review, and returned to their shopper.
    pub visits_to_review: i64,
    pub visits_returned: i64,
    pub visits_planned: i64,
    pub open_calibrations: i64,
    /// Saved coaching plans not yet acknowledged by their agent.
    pub coaching_unacknowledged: i64,
}

impl Store {
    /// Counts everything `status` shows, in one read transaction.
    pub fn status(&self) -> Result<Status> {
        let n = |sql: &str| -> Result<i64> { Ok(self.conn().query_row(sql, [], |r| r.get(0))?) };
        Ok(Status {
            schema_version: self.schema_version()?,
            rubrics: n("SELECT count(DISTINCT rubric_id) FROM rubric_versions")?,
            agents: n("SELECT count(*) FROM agents")?,
            staff: n("SELECT count(*) FROM staff")?,
            locations: n("SELECT count(*) FROM locations")?,
            interactions: n("SELECT count(*) FROM interactions")?,
            evaluations: n(
                "SELECT count(*) FROM evaluations WHERE status = 'submitted' AND calibration_id IS NULL AND practice IS NULL",
            )?,
            drafts: n("SELECT count(*) FROM evaluations WHERE status = 'draft'")?,
            open_samples: n("SELECT count(DISTINCT sample_id) FROM sample_items WHERE evaluation_id IS NULL")?,
            queued_items: n("SELECT count(*) FROM sample_items WHERE evaluation_id IS NULL")?,
            open_disputes: n("SELECT count(*) FROM disputes WHERE status = 'open'")?,
            visits_to_review: n("SELECT count(*) FROM visits WHERE status = 'complete'")?,
            visits_returned: n("SELECT count(*) FROM visits WHERE status = 'returned'")?,
            visits_planned: n("SELECT count(*) FROM visits WHERE status = 'planned'")?,
            open_calibrations: n("SELECT count(*) FROM calibration_sessions WHERE status = 'open'")?,
            coaching_unacknowledged: n("SELECT count(*) FROM coaching_plans WHERE acknowledged_at IS NULL")?,
        })
    }
}
