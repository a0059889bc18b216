//! Mystery-shopper visits and their evidence.
//!
//! A visit is `planned` (by `visit plan`), `complete` once logged, then `approved` or
//! `returned` by a lead; a returned visit is logged again and is `complete` once more. Only
//! approved visits count in reports and flags. Every submission is kept as a revision
//! (`visit_revisions`), every review with its notes (`visit_reviews`); neither is ever changed.
//! Attachments are stored in the database with their size, sha256, media type and EXIF facts;
//! a file is stored once per visit (by sha256); removing one leaves a tombstone with who, when
//! and why (`attachment_removals`), and its bytes stay until a lead purges them.

pub use super::attachments::{AttachmentInfo, NewAttachment, Removal};
use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// A visit as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    pub id: i64,
    pub location: String,
    pub shopper: Option<String>,
    pub staff_agent: Option<String>,
    pub status: String,
    pub planned_for: Option<String>,
    pub plan: Option<i64>,
    pub visited_at: Option<String>,
    pub departed_at: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    pub review_note: Option<String>,
    pub reviewed_by: Option<String>,
    /// The current evaluation of the visit, with its overall score.
    pub evaluation: Option<i64>,
    pub overall: Option<f64>,
    /// The evidence not removed.
    pub attachments: Vec<AttachmentInfo>,
}

/// The details of one submission of a visit (complete: fields not given again are kept by
/// the command before they reach the store).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitReport {
    pub location: String,
    pub shopper: String,
    pub staff_agent: Option<String>,
    pub visited_at: String,
    pub departed_at: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    /// When the shopper submitted it.
    pub logged_at: String,
}

/// One submission as kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitRevision {
    pub revision: u32,
    pub staff_agent: Option<String>,
    pub visited_at: String,
    pub departed_at: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    pub evaluation: Option<i64>,
    pub evaluation_revision: Option<u32>,
    pub submitted_by: String,
    pub submitted_at: String,
}

/// One review by a lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// The visit revision reviewed.
    pub revision: Option<u32>,
    pub status: String,
    pub note: Option<String>,
    /// Per-question notes, by criterion key.
    pub comments: BTreeMap<String, String>,
    pub by: String,
    pub at: String,
}

/// Everything stored about a visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitDetail {
    #[serde(flatten)]
    pub visit: Visit,
    pub created_at: String,
    pub revisions: Vec<VisitRevision>,
    pub reviews: Vec<Review>,
    /// Every attachment, removed ones too (with their tombstone).
    pub evidence: Vec<AttachmentInfo>,
}

/// What [`Tx::log_visit`] did with the evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Logged {
    pub visit: i64,
    pub revision: u32,
    pub added: Vec<String>,
    /// Files given again that the visit already holds (same sha256): `(given, stored as)`.
    pub already_stored: Vec<(String, String)>,
}

impl Tx<'_> {
    /// Records a submission: a new visit, or an existing planned or returned one (`existing`),
    /// with its new evidence (each sha256 stored once per visit). Audited as `visit.log`; the
    /// revision row follows with [`Tx::record_visit_revision`] once the evaluation is written.
    pub fn log_visit(
        &mut self,
        existing: Option<i64>,
        v: &VisitReport,
        attachments: &[NewAttachment],
    ) -> Result<Logged> {
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
                        v.logged_at
                    ],
                )?;
                self.conn().last_insert_rowid()
            }
        };
        let revision: u32 = self.conn().query_row(
            "SELECT coalesce(max(revision), 0) + 1 FROM visit_revisions WHERE visit_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut logged = Logged {
            visit: id,
            revision,
            ..Logged::default()
        };
        let mut files = Vec::new();
        for a in attachments {
            let held: Option<String> = self
                .conn()
                .query_row(
                    "SELECT a.file_name FROM attachments a LEFT JOIN attachment_removals r ON r.attachment_id = a.id
                     WHERE a.visit_id = ?1 AND a.sha256 = ?2 AND r.attachment_id IS NULL",
                    params![id, a.sha256],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(name) = held {
                logged.already_stored.push((a.file_name.clone(), name));
                continue;
            }
            self.conn().execute(
                "INSERT INTO attachments (visit_id, file_name, size, sha256, content, added_at, media_type, exif_time,
                     exif_gps, revision, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    a.file_name,
                    a.content.len() as i64,
                    a.sha256,
                    a.content,
                    v.logged_at,
                    a.media_type,
                    a.taken_at,
                    a.gps,
                    revision,
                    self.actor()
                ],
            )?;
            logged.added.push(a.file_name.clone());
            files.push(serde_json::json!({
                "file": a.file_name, "size": a.content.len(), "sha256": a.sha256, "type": a.media_type,
                "taken_at": a.taken_at, "gps": a.gps,
            }));
        }
        self.audit(
            "visit.log",
            &format!("visit:{id}"),
            &serde_json::json!({
                "revision": revision, "location": v.location, "shopper": v.shopper, "staff_agent": v.staff_agent,
                "visited_at": v.visited_at, "departed_at": v.departed_at, "wait_minutes": v.wait_minutes,
                "narrative": v.narrative, "attachments": files, "resubmitted": existing.is_some(),
                "already_stored": logged.already_stored,
            }),
        )?;
        Ok(logged)
    }

    /// Keeps a submission as a revision, with the evaluation revision it scored.
    pub fn record_visit_revision(
        &mut self,
        visit: i64,
        revision: u32,
        v: &VisitReport,
        evaluation: Option<(i64, u32)>,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO visit_revisions (visit_id, revision, staff_agent_id, visited_at, departed_at, wait_minutes,
                 narrative, evaluation_id, evaluation_revision, submitted_by, submitted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                visit,
                revision,
                v.staff_agent,
                v.visited_at,
                v.departed_at,
                v.wait_minutes,
                v.narrative,
                evaluation.map(|e| e.0),
                evaluation.map(|e| e.1),
                v.shopper,
                v.logged_at
            ],
        )?;
        // visit_revisions has no rowid, so the update hook cannot see it: name the visit.
        self.touch("visit", vec![rusqlite::types::Value::Integer(visit)])?;
        self.audit(
            "visit.revision",
            &format!("visit:{visit}"),
            &serde_json::json!({
                "revision": revision, "evaluation": evaluation.map(|e| e.0),
                "evaluation_revision": evaluation.map(|e| e.1),
            }),
        )
    }

    /// Keeps the visit's evaluation naming the employee and day the visit names.
    pub fn sync_visit_evaluation(&mut self, evaluation: i64, agent: Option<&str>, occurred_at: &str) -> Result<()> {
        let before: (Option<String>, String) = self.conn().query_row(
            "SELECT agent_id, occurred_at FROM evaluations WHERE id = ?1",
            [evaluation],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if before.0.as_deref() == agent && before.1 == occurred_at {
            return Ok(());
        }
        self.conn().execute(
            "UPDATE evaluations SET agent_id = ?2, occurred_at = ?3 WHERE id = ?1",
            params![evaluation, agent, occurred_at],
        )?;
        self.audit(
            "evaluation.subject",
            &format!("evaluation:{evaluation}"),
            &serde_json::json!({
                "agent": { "before": before.0, "after": agent },
                "occurred_at": { "before": before.1, "after": occurred_at },
            }),
        )
    }

    /// A lead's review: `approved` or `returned`, with an optional note and per-question notes.
    pub fn review_visit(
        &mut self,
        id: i64,
        status: &str,
        note: Option<&str>,
        comments: &BTreeMap<String, String>,
    ) -> Result<()> {
        let now = super::audit::now();
        let revision: Option<u32> = self.conn().query_row(
            "SELECT max(revision) FROM visit_revisions WHERE visit_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.conn().execute(
            "UPDATE visits SET status = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
            params![id, status, note, self.actor(), now],
        )?;
        self.conn().execute(
            "INSERT INTO visit_reviews (visit_id, revision, status, note, comments, reviewed_by, reviewed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                revision,
                status,
                note,
                serde_json::to_string(comments)?,
                self.actor(),
                now
            ],
        )?;
        self.audit(
            "visit.review",
            &format!("visit:{id}"),
            &serde_json::json!({ "status": status, "note": note, "comments": comments, "revision": revision }),
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

    /// Visits in `[from, to)` (by arrival), any status but planned, oldest first.
    pub fn visits_between(&self, from: &str, to: &str) -> Result<Vec<Visit>> {
        let mut v = self.visits_where(
            "v.visited_at >= ?1 AND v.visited_at < ?2 AND v.status != 'planned'",
            params![from, to],
            usize::MAX >> 1,
        )?;
        v.reverse();
        Ok(v)
    }

    /// Everything about one visit: its revisions, reviews and every attachment.
    pub fn visit_detail(&self, id: i64) -> Result<Option<VisitDetail>> {
        let Some(visit) = self.visit(id)? else {
            return Ok(None);
        };
        let created_at: String = self
            .conn()
            .query_row("SELECT created_at FROM visits WHERE id = ?1", [id], |r| r.get(0))?;
        let revisions = self
            .conn()
            .prepare(
                "SELECT revision, staff_agent_id, visited_at, departed_at, wait_minutes, narrative, evaluation_id,
                        evaluation_revision, submitted_by, submitted_at
                 FROM visit_revisions WHERE visit_id = ?1 ORDER BY revision",
            )?
            .query_map([id], |r| {
                Ok(VisitRevision {
                    revision: r.get(0)?,
                    staff_agent: r.get(1)?,
                    visited_at: r.get(2)?,
                    departed_at: r.get(3)?,
                    wait_minutes: r.get(4)?,
                    narrative: r.get(5)?,
                    evaluation: r.get(6)?,
                    evaluation_revision: r.get(7)?,
                    submitted_by: r.get(8)?,
                    submitted_at: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let reviews = self
            .conn()
            .prepare(
                "SELECT revision, status, note, comments, reviewed_by, reviewed_at FROM visit_reviews
                 WHERE visit_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| {
                let comments: String = r.get(3)?;
                Ok(Review {
                    revision: r.get(0)?,
                    status: r.get(1)?,
                    note: r.get(2)?,
                    comments: serde_json::from_str(&comments).unwrap_or_default(),
                    by: r.get(4)?,
                    at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let evidence = self.attachments_of(id, true)?;
        Ok(Some(VisitDetail {
            visit,
            created_at,
            revisions,
            reviews,
            evidence,
        }))
    }

    /// When the visit was first logged: its first revision, else (visits logged before
    /// revisions were kept) the time its row was written.
    pub fn visit_logged_at(&self, id: i64) -> Result<Option<String>> {
        Ok(self.conn().query_row(
            "SELECT coalesce((SELECT min(submitted_at) FROM visit_revisions WHERE visit_id = ?1),
                             (SELECT CASE WHEN plan_id IS NULL THEN created_at END FROM visits WHERE id = ?1))",
            [id],
            |r| r.get(0),
        )?)
    }

    /// A planned visit of `shopper` (any shopper with `None`) at `location` on a day in
    /// `[from, to]` (YYYY-MM-DD), still open: the one planned nearest `from`.
    pub fn planned_visit_for(
        &self,
        shopper: Option<&str>,
        location: &str,
        from: &str,
        to: &str,
    ) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, planned_for FROM visits WHERE status = 'planned' AND (?1 IS NULL OR shopper_id = ?1)
                   AND location_id = ?2
                   AND planned_for >= ?3 AND planned_for <= ?4 ORDER BY abs(julianday(planned_for) - julianday(?3)) LIMIT 1",
                params![shopper, location, from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn visits_where(&self, condition: &str, args: impl rusqlite::Params, limit: usize) -> Result<Vec<Visit>> {
        let sql = format!(
            "SELECT v.id, v.location_id, v.shopper_id, v.staff_agent_id, v.status, v.planned_for, v.plan_id,
                    v.visited_at, v.departed_at, v.wait_minutes, v.narrative, v.review_note, v.reviewed_by,
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
                    plan: r.get(6)?,
                    visited_at: r.get(7)?,
                    departed_at: r.get(8)?,
                    wait_minutes: r.get(9)?,
                    narrative: r.get(10)?,
                    review_note: r.get(11)?,
                    reviewed_by: r.get(12)?,
                    evaluation: r.get(13)?,
                    overall: None,
                    attachments: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for v in &mut visits {
            v.attachments = self.attachments_of(v.id, false)?;
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
