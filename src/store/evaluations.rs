//! Evaluations: one scoring of one subject with one rubric version by one evaluator.
//!
//! An evaluation row carries its current revision's results (so reports read one row per
//! evaluation); every revision's results, answers and section scores are kept in their own
//! tables and never changed. Amending adds a revision, voiding keeps the row.

use super::{Store, Tx};
use crate::rubric::sheet::Checked;
use crate::rubric::{Answer, ScoreResult};
use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// What an evaluation scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum SubjectRef {
    /// The store's row number of an interaction.
    Interaction(i64),
    /// A visit number.
    Visit(i64),
}

/// Draft (answers may be incomplete), submitted, or void (kept, never counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
    Void,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Void => "void",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "draft" => Status::Draft,
            "void" => Status::Void,
            _ => Status::Submitted,
        }
    }
}

/// Everything needed to record a new evaluation besides its scores.
#[derive(Debug, Clone)]
pub struct NewEvaluation {
    pub subject: SubjectRef,
    pub rubric_id: String,
    pub rubric_version: u32,
    pub evaluator: String,
    pub agent: Option<String>,
    pub location: Option<String>,
    /// When the scored work happened (an interaction's time, a visit's time).
    pub occurred_at: String,
    pub status: Status,
    pub calibration: Option<i64>,
    /// An outside reference (from `evaluation import`), unique.
    pub external_ref: Option<String>,
    /// When it was scored; now unless imported.
    pub scored_at: String,
    /// Scored as practice (`score --practice`): counts in no report, flag, sample or
    /// calibration (stored as `practice = 1`, NULL otherwise).
    pub practice: bool,
}

/// A row of `evaluation list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub id: i64,
    pub subject: String,
    pub rubric: String,
    pub rubric_version: u32,
    pub evaluator: String,
    pub agent: Option<String>,
    pub location: Option<String>,
    pub occurred_at: String,
    pub scored_at: String,
    pub status: Status,
    pub revision: u32,
    pub overall: f64,
    pub passed: bool,
    pub critical_failed: bool,
    pub band: Option<String>,
    pub acknowledged_at: Option<String>,
    pub calibration: Option<i64>,
    /// Another evaluation of the same subject counts; this one never does (`store::counting`).
    pub second_opinion: bool,
    /// Scored as practice (training evidence): counts in no report, flag, sample or calibration.
    pub practice: bool,
}

/// One criterion's stored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAnswer {
    pub key: String,
    pub answer: String,
    pub norm: Option<f64>,
    pub critical_failed: bool,
    pub comment: Option<String>,
}

/// One revision of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub revision: u32,
    pub overall: f64,
    pub passed: bool,
    pub critical_failed: bool,
    pub band: Option<String>,
    pub comment: Option<String>,
    pub reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub answers: Vec<StoredAnswer>,
    pub sections: Vec<(String, Option<f64>, bool)>,
}

/// An evaluation with all its revisions, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub summary: Summary,
    pub void_reason: Option<String>,
    pub revisions: Vec<Revision>,
}

impl Revision {
    /// This revision's answers and comments as a sheet, to change and score again (amending,
    /// resolving a dispute, completing a draft).
    pub fn sheet(&self) -> crate::rubric::sheet::Sheet {
        crate::rubric::sheet::Sheet {
            answers: self.answers.iter().map(|a| (a.key.clone(), a.answer.clone())).collect(),
            comments: self
                .answers
                .iter()
                .filter_map(|a| a.comment.clone().map(|c| (a.key.clone(), c)))
                .collect(),
            comment: self.comment.clone(),
            origin: Default::default(),
            practice: false,
        }
    }
}

impl Detail {
    /// The current revision.
    pub fn current(&self) -> &Revision {
        self.revisions.last().expect("an evaluation has at least one revision")
    }
}

/// Filters of `evaluation list`; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub agent: Option<String>,
    pub evaluator: Option<String>,
    pub rubric: Option<String>,
    /// Stored-time bounds `[from, to)` on the date of the work.
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: Option<Status>,
    /// What the person asking may see (`evaluations::visibility`).
    pub sight: crate::evaluations::visibility::Sight,
    pub limit: usize,
}

impl Tx<'_> {
    /// Records a new evaluation with its first revision and audits it; returns its id.
    pub fn insert_evaluation(&mut self, new: &NewEvaluation, result: &ScoreResult, sheet: &Checked) -> Result<i64> {
        let id = self.record_evaluation(new, result, sheet)?;
        self.audit(
            "evaluation.create",
            &format!("evaluation:{id}"),
            &serde_json::json!({
                "subject": new.subject, "rubric": new.rubric_id, "version": new.rubric_version,
                "evaluator": new.evaluator, "agent": new.agent, "status": new.status,
                "overall": result.overall, "passed": result.passed, "critical_failures": result.critical_failures,
                "answers": answers_json(&sheet.answers), "comments": sheet.comments, "comment": sheet.comment,
                "external_ref": new.external_ref, "practice": new.practice.then_some(true),
            }),
        )?;
        Ok(id)
    }

    /// Records a new evaluation with its first revision without an audit entry of its own: for
    /// bulk builders (the demo) that audit each batch once. Everything else calls
    /// [`Tx::insert_evaluation`].
    pub fn record_evaluation(&mut self, new: &NewEvaluation, result: &ScoreResult, sheet: &Checked) -> Result<i64> {
        let (interaction, visit) = match new.subject {
            SubjectRef::Interaction(id) => (Some(id), None),
            SubjectRef::Visit(id) => (None, Some(id)),
        };
        self.conn().prepare_cached(
            "INSERT INTO evaluations (subject_kind, interaction_id, visit_id, rubric_id, rubric_version, evaluator_id,
                 agent_id, location_id, occurred_at, scored_at, status, calibration_id, revision, overall, passed,
                 critical_failed, band, comment, external_ref, practice)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?
        .execute(params![
                if interaction.is_some() { "interaction" } else { "visit" },
                interaction,
                visit,
                new.rubric_id,
                new.rubric_version,
                new.evaluator,
                new.agent,
                new.location,
                new.occurred_at,
                new.scored_at,
                new.status.as_str(),
                new.calibration,
                result.overall,
                result.passed,
                !result.critical_failures.is_empty(),
                result.band,
                sheet.comment,
                new.external_ref,
                new.practice.then_some(1),
            ])?;
        let id = self.conn().last_insert_rowid();
        self.insert_revision(id, 1, result, sheet, None)?;
        Ok(id)
    }

    /// Adds a revision (an amendment, a completed draft, a resolved dispute) and makes it current.
    pub fn revise_evaluation(
        &mut self,
        id: i64,
        result: &ScoreResult,
        sheet: &Checked,
        reason: &str,
        status: Status,
    ) -> Result<u32> {
        let current: u32 = self
            .conn()
            .query_row("SELECT revision FROM evaluations WHERE id = ?1", [id], |r| r.get(0))?;
        let revision = current + 1;
        self.insert_revision(id, revision, result, sheet, Some(reason))?;
        self.conn().execute(
            "UPDATE evaluations SET revision = ?2, overall = ?3, passed = ?4, critical_failed = ?5, band = ?6,
                 comment = ?7, status = ?8, acknowledged_at = NULL WHERE id = ?1",
            params![
                id,
                revision,
                result.overall,
                result.passed,
                !result.critical_failures.is_empty(),
                result.band,
                sheet.comment,
                status.as_str()
            ],
        )?;
        self.audit(
            "evaluation.amend",
            &format!("evaluation:{id}"),
            &serde_json::json!({
                "revision": revision, "reason": reason, "status": status, "overall": result.overall,
                "passed": result.passed, "critical_failures": result.critical_failures,
                "answers": answers_json(&sheet.answers), "comments": sheet.comments, "comment": sheet.comment,
            }),
        )?;
        Ok(revision)
    }

    fn insert_revision(
        &mut self,
        id: i64,
        revision: u32,
        result: &ScoreResult,
        sheet: &Checked,
        reason: Option<&str>,
    ) -> Result<()> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO evaluation_revisions (evaluation_id, revision, overall, passed, critical_failed, band, comment,
                 reason, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                revision,
                result.overall,
                result.passed,
                !result.critical_failures.is_empty(),
                result.band,
                sheet.comment,
                reason,
                self.actor(),
                super::audit::now()
            ],
        )?;
        let mut answer = conn.prepare_cached(
            "INSERT INTO criterion_scores (evaluation_id, revision, criterion_key, answer, norm, critical_failed, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for c in &result.criteria {
            answer.execute(params![
                id,
                revision,
                c.key,
                c.answer.to_string(),
                c.norm,
                c.critical_failed,
                sheet.comments.get(&c.key)
            ])?;
        }
        let mut section = conn.prepare_cached(
            "INSERT INTO section_scores (evaluation_id, revision, section_id, score, zeroed) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for s in &result.sections {
            section.execute(params![id, revision, s.id, s.score, s.zeroed])?;
        }
        Ok(())
    }

    /// Voids an evaluation: it stays, but no longer counts anywhere.
    /// When it was the evaluation of its subject that counted, the earliest remaining submitted
    /// one takes over (`store::counting`), audited.
    pub fn void_evaluation(&mut self, id: i64, reason: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE evaluations SET status = 'void', void_reason = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        self.audit(
            "evaluation.void",
            &format!("evaluation:{id}"),
            &serde_json::json!({ "reason": reason }),
        )?;
        let subject = self.conn().query_row(
            "SELECT interaction_id, visit_id FROM evaluations WHERE id = ?1",
            [id],
            |r| Ok(subject_of(r.get(0)?, r.get(1)?)),
        )?;
        self.settle_counted(subject, &format!("evaluation {id} was voided"))?;
        Ok(())
    }

    /// Records the agent's acknowledgement of the current revision. A new revision (an amend, a
    /// dispute's outcome) clears it, so "seen by agent" always means the scores now on record;
    /// the audit entry keeps which revision each acknowledgement was for.
    pub fn acknowledge_evaluation(&mut self, id: i64) -> Result<String> {
        let now = super::audit::now();
        self.conn().execute(
            "UPDATE evaluations SET acknowledged_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        let revision: i64 =
            self.conn()
                .query_row("SELECT revision FROM evaluations WHERE id = ?1", params![id], |r| {
                    r.get(0)
                })?;
        self.audit(
            "evaluation.ack",
            &format!("evaluation:{id}"),
            &serde_json::json!({ "at": now, "revision": revision }),
        )?;
        Ok(now)
    }
}

/// The subject named by an evaluation's `interaction_id` and `visit_id` columns.
pub(crate) fn subject_of(interaction: Option<i64>, visit: Option<i64>) -> SubjectRef {
    match (interaction, visit) {
        (Some(i), _) => SubjectRef::Interaction(i),
        (None, v) => SubjectRef::Visit(v.unwrap_or_default()),
    }
}

fn answers_json(answers: &BTreeMap<String, Answer>) -> BTreeMap<&str, String> {
    answers.iter().map(|(k, v)| (k.as_str(), v.to_string())).collect()
}

const SUMMARY_COLUMNS: &str = "e.id, e.subject_kind, coalesce(i.external_id, 'visit ' || e.visit_id), e.rubric_id,
    e.rubric_version, e.evaluator_id, e.agent_id, e.location_id, e.occurred_at, e.scored_at, e.status, e.revision,
    e.overall, e.passed, e.critical_failed, e.band, e.acknowledged_at, e.calibration_id, e.second_opinion,
    e.practice IS NOT NULL";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<Summary> {
    let kind: String = r.get(1)?;
    let subject: String = r.get(2)?;
    Ok(Summary {
        id: r.get(0)?,
        subject: if kind == "interaction" {
            subject
        } else {
            format!("visit {}", subject.trim_start_matches("visit "))
        },
        rubric: r.get(3)?,
        rubric_version: r.get(4)?,
        evaluator: r.get(5)?,
        agent: r.get(6)?,
        location: r.get(7)?,
        occurred_at: r.get(8)?,
        scored_at: r.get(9)?,
        status: Status::parse(&r.get::<_, String>(10)?),
        revision: r.get(11)?,
        overall: r.get(12)?,
        passed: r.get(13)?,
        critical_failed: r.get(14)?,
        band: r.get(15)?,
        acknowledged_at: r.get(16)?,
        calibration: r.get(17)?,
        second_opinion: r.get(18)?,
        practice: r.get(19)?,
    })
}

impl Store {
    /// Evaluations matching `filter` that its sight may see, newest work first (so the limit
    /// counts what the reader sees).
    pub fn evaluations(&self, filter: &Filter) -> Result<Vec<Summary>> {
        let (visible, sight_value) = super::visibility::condition(&filter.sight, 8);
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM evaluations e LEFT JOIN interactions i ON i.id = e.interaction_id
             WHERE (?1 IS NULL OR e.agent_id = ?1) AND (?2 IS NULL OR e.evaluator_id = ?2)
               AND (?3 IS NULL OR e.rubric_id = ?3) AND (?4 IS NULL OR e.occurred_at >= ?4)
               AND (?5 IS NULL OR e.occurred_at < ?5) AND (?6 IS NULL OR e.status = ?6)
               AND {visible}
               -- Calibration blindness (issue 7): evaluations of open sessions are never listed.
               AND NOT EXISTS (SELECT 1 FROM calibration_sessions c WHERE c.id = e.calibration_id AND c.status = 'open')
             ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?7"
        );
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
        let mut values = vec![
            text(&filter.agent),
            text(&filter.evaluator),
            text(&filter.rubric),
            text(&filter.from),
            text(&filter.to),
            filter
                .status
                .map_or(Value::Null, |s| Value::Text(s.as_str().to_string())),
            Value::Integer(filter.limit as i64),
        ];
        values.extend(sight_value);
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One evaluation with every revision, or `None`. An evaluation of a calibration session that
    /// is still open is refused (a user error): nothing may show its answers or scores before the
    /// session closes (issue 7, see `store::calibration`).
    pub fn evaluation(&self, id: i64) -> Result<Option<Detail>> {
        if let Some(session) = self.sealing_session(id)? {
            return Err(super::StoreError::SealedEvaluation {
                evaluation: id,
                session,
            }
            .into());
        }
        self.evaluation_unsealed(id)
    }

    /// [`Store::evaluation`] without the calibration seal, for code that never shows the result
    /// while the session is open (completing one's own calibration draft).
    pub fn evaluation_unsealed(&self, id: i64) -> Result<Option<Detail>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, e.void_reason FROM evaluations e
             LEFT JOIN interactions i ON i.id = e.interaction_id WHERE e.id = ?1"
        );
        let Some((summary, void_reason)) = self
            .conn()
            .query_row(&sql, [id], |r| Ok((summary(r)?, r.get::<_, Option<String>>(20)?)))
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare(
            "SELECT revision, overall, passed, critical_failed, band, comment, reason, created_by, created_at
             FROM evaluation_revisions WHERE evaluation_id = ?1 ORDER BY revision",
        )?;
        let mut revisions: Vec<Revision> = stmt
            .query_map([id], |r| {
                Ok(Revision {
                    revision: r.get(0)?,
                    overall: r.get(1)?,
                    passed: r.get(2)?,
                    critical_failed: r.get(3)?,
                    band: r.get(4)?,
                    comment: r.get(5)?,
                    reason: r.get(6)?,
                    created_by: r.get(7)?,
                    created_at: r.get(8)?,
                    answers: Vec::new(),
                    sections: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut answers = self.conn().prepare(
            "SELECT criterion_key, answer, norm, critical_failed, comment FROM criterion_scores
             WHERE evaluation_id = ?1 AND revision = ?2",
        )?;
        let mut sections = self.conn().prepare(
            "SELECT section_id, score, zeroed FROM section_scores WHERE evaluation_id = ?1 AND revision = ?2",
        )?;
        for rev in &mut revisions {
            rev.answers = answers
                .query_map(params![id, rev.revision], |r| {
                    Ok(StoredAnswer {
                        key: r.get(0)?,
                        answer: r.get(1)?,
                        norm: r.get(2)?,
                        critical_failed: r.get(3)?,
                        comment: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            rev.sections = sections
                .query_map(params![id, rev.revision], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(Some(Detail {
            summary,
            void_reason,
            revisions,
        }))
    }

    /// The evaluation (not void) this evaluator already has for this subject and rubric.
    pub fn existing_evaluation(
        &self,
        subject: SubjectRef,
        rubric: &str,
        evaluator: &str,
    ) -> Result<Option<(i64, Status)>> {
        self.existing_of(subject, rubric, evaluator, false)
    }

    /// Like [`Store::existing_evaluation`], among the evaluator's practice evaluations (with
    /// `practice`) or their real ones (without): the two never continue or block each other.
    pub fn existing_of(
        &self,
        subject: SubjectRef,
        rubric: &str,
        evaluator: &str,
        practice: bool,
    ) -> Result<Option<(i64, Status)>> {
        let (column, value) = match subject {
            SubjectRef::Interaction(id) => ("interaction_id", id),
            SubjectRef::Visit(id) => ("visit_id", id),
        };
        let sql = format!(
            "SELECT id, status FROM evaluations WHERE {column} = ?1 AND rubric_id = ?2 AND evaluator_id = ?3
               AND status != 'void' AND calibration_id IS NULL AND (practice IS NOT NULL) = ?4
             ORDER BY id DESC LIMIT 1"
        );
        Ok(self
            .conn()
            .query_row(&sql, params![value, rubric, evaluator, practice], |r| {
                Ok((r.get(0)?, Status::parse(&r.get::<_, String>(1)?)))
            })
            .optional()?)
    }
}

impl Store {
    /// Whether an evaluation was already imported under this outside reference.
    pub fn external_ref_exists(&self, external_ref: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM evaluations WHERE external_ref = ?1)",
            [external_ref],
            |r| r.get(0),
        )?)
    }
}
