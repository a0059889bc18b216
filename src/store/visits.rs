//! Mystery-shopper visits and their evidence.
//!
//! A visit is `planned` (by `visit plan`), `complete` once logged, then `approved` or
//! `returned` by a lead; a returned visit is logged again and is `complete` once more. Only
//! approved visits count in reports and flags. Attachments are stored in the database with
//! their size and sha256, so the evidence travels with the store and its backups.

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A visit as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    pub id: i64,
    pub location: String,
    pub shopper: Option<String>,
    pub staff_agent: Option<String>,
    pub status: String,
    pub planned_for: Option<String>,
    pub visited_at: Option<String>,
    pub departed_at: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    pub review_note: Option<String>,
    pub reviewed_by: Option<String>,
    /// The current evaluation of the visit, with its overall score.
    pub evaluation: Option<i64>,
    pub overall: Option<f64>,
    pub attachments: Vec<AttachmentInfo>,
}

/// An attachment's description (its bytes stay in the store).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
}

/// A file to attach.
pub struct NewAttachment {
    pub file_name: String,
    pub content: Vec<u8>,
    pub sha256: String,
}

/// The details of a logged visit.
pub struct VisitReport {
    pub location: String,
    pub shopper: String,
    pub staff_agent: Option<String>,
    pub visited_at: String,
    pub departed_at: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
}

impl Tx<'_> {
    /// Records a logged visit: a new one, or an existing planned or returned one (`existing`).
    pub fn log_visit(&mut self, existing: Option<i64>, v: &VisitReport, attachments: &[NewAttachment]) -> Result<i64> {
        let now = super::audit::now();
        let id = match existing {
            Some(id) => {
                self.conn().execute(
                    "UPDATE visits SET shopper_id = ?2, staff_agent_id = ?3, status = 'complete', visited_at = ?4,
                         departed_at = ?5, wait_minutes = ?6, narrative = ?7 WHERE id = ?1",
                    params![
                        id,
                        v.shopper,
                        v.staff_agent,
                        v.visited_at,
                        v.departed_at,
                        v.wait_minutes,
                        v.narrative
                    ],
                )?;
                id
            }
            None => {
                self.conn().execute(
                    "INSERT INTO visits (location_id, shopper_id, staff_agent_id, status, visited_at, departed_at,
                         wait_minutes, narrative, created_at)
                     VALUES (?1, ?2, ?3, 'complete', ?4, ?5, ?6, ?7, ?8)",
                    params![
                        v.location,
                        v.shopper,
                        v.staff_agent,
                        v.visited_at,
                        v.departed_at,
                        v.wait_minutes,
                        v.narrative,
                        now
                    ],
                )?;
                self.conn().last_insert_rowid()
            }
        };
        let mut files = Vec::new();
        for a in attachments {
            self.conn().execute(
                "INSERT INTO attachments (visit_id, file_name, size, sha256, content, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, a.file_name, a.content.len() as i64, a.sha256, a.content, now],
            )?;
            files.push(serde_json::json!({ "file": a.file_name, "size": a.content.len(), "sha256": a.sha256 }));
        }
        self.audit(
            "visit.log",
            &format!("visit:{id}"),
            &serde_json::json!({
                "location": v.location, "shopper": v.shopper, "staff_agent": v.staff_agent,
                "visited_at": v.visited_at, "departed_at": v.departed_at, "wait_minutes": v.wait_minutes,
                "narrative": v.narrative, "attachments": files, "resubmitted": existing.is_some(),
            }),
        )?;
        Ok(id)
    }

    /// A lead's review: `approved` or `returned`, with an optional note.
    pub fn review_visit(&mut self, id: i64, status: &str, note: Option<&str>) -> Result<()> {
        self.conn().execute(
            "UPDATE visits SET status = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
            params![id, status, note, self.actor(), super::audit::now()],
        )?;
        self.audit(
            "visit.review",
            &format!("visit:{id}"),
            &serde_json::json!({ "status": status, "note": note }),
        )
    }
}

/// Filters of `visit list`.
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    pub status: Option<String>,
    pub location: Option<String>,
    pub limit: usize,
}

impl Store {
    /// One visit with its current evaluation and attachments.
    pub fn visit(&self, id: i64) -> Result<Option<Visit>> {
        Ok(self.visits_where("v.id = ?1", params![id], 1)?.into_iter().next())
    }

    /// Visits matching the filter, newest first (planned visits by their planned day).
    pub fn visits(&self, f: &VisitFilter) -> Result<Vec<Visit>> {
        self.visits_where(
            "(?1 IS NULL OR v.status = ?1) AND (?2 IS NULL OR v.location_id = ?2)",
            params![f.status, f.location],
            f.limit,
        )
    }

    fn visits_where(&self, condition: &str, args: impl rusqlite::Params, limit: usize) -> Result<Vec<Visit>> {
        let sql = format!(
            "SELECT v.id, v.location_id, v.shopper_id, v.staff_agent_id, v.status, v.planned_for, v.visited_at,
                    v.departed_at, v.wait_minutes, v.narrative, v.review_note, v.reviewed_by,
                    (SELECT e.id FROM evaluations e WHERE e.visit_id = v.id AND e.status != 'void'
                        AND e.calibration_id IS NULL ORDER BY e.id DESC LIMIT 1) AS eval
             FROM visits v WHERE {condition}
             ORDER BY coalesce(v.visited_at, v.planned_for) DESC, v.id DESC LIMIT {limit}"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut visits: Vec<Visit> = stmt
            .query_map(args, |r| {
                Ok(Visit {
                    id: r.get(0)?,
                    location: r.get(1)?,
                    shopper: r.get(2)?,
                    staff_agent: r.get(3)?,
                    status: r.get(4)?,
                    planned_for: r.get(5)?,
                    visited_at: r.get(6)?,
                    departed_at: r.get(7)?,
                    wait_minutes: r.get(8)?,
                    narrative: r.get(9)?,
                    review_note: r.get(10)?,
                    reviewed_by: r.get(11)?,
                    evaluation: r.get(12)?,
                    overall: None,
                    attachments: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut files = self
            .conn()
            .prepare("SELECT id, file_name, size, sha256 FROM attachments WHERE visit_id = ?1 ORDER BY id")?;
        for v in &mut visits {
            v.attachments = files
                .query_map([v.id], |r| {
                    Ok(AttachmentInfo {
                        id: r.get(0)?,
                        file_name: r.get(1)?,
                        size: r.get(2)?,
                        sha256: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            if let Some(e) = v.evaluation {
                v.overall = self
                    .conn()
                    .query_row("SELECT overall FROM evaluations WHERE id = ?1", [e], |r| r.get(0))
                    .optional()?;
            }
        }
        Ok(visits)
    }
}
