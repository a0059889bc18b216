//! Calibration sessions: several evaluators score the same subjects blind, then compare.
//!
//! A session names a rubric version, its subjects (interactions or visits), its participants,
//! an optional reference participant and a tolerance. It is `open` while participants score
//! (`score --calibration` / `visit log --calibration`, which record ordinary evaluations with
//! `calibration_id` set) and `closed` once a lead ends it; closing is final.
//!
//! Blindness is enforced here, at the store, so that every command inherits it: while a session
//! is open, [`Store::calibration_scores`] refuses, `Store::evaluation` refuses its evaluations
//! (see [`Store::sealing_session`]), `Store::evaluations` leaves them out, and
//! [`Store::seal_audit_entries`] hides the changes the audit log recorded for them. Only
//! [`Store::calibration_progress`] reads them, and it returns who scored which subject, never a
//! score. Calibration evaluations never count: the `counted_evaluations` view leaves out every
//! evaluation with a `calibration_id`.

use super::audit::Entry;
use super::evaluations::{Status, SubjectRef};
use super::{Store, StoreError, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub rubric_id: String,
    pub rubric_version: u32,
    /// The participant whose scores are the reference, if any.
    pub reference: Option<String>,
    /// Points within which an overall score counts as agreeing.
    pub tolerance: f64,
    /// In the order given; at least one.
    pub subjects: Vec<SubjectRef>,
    /// Staff ids; at least two.
    pub participants: Vec<String>,
}

/// Open while participants score; closed once a lead ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    Open,
    Closed,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Closed => "closed",
        }
    }
}

/// One subject of a session, with what people need to recognise it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSubject {
    /// 1-based, in the order the subjects were given.
    pub position: u32,
    #[serde(skip)]
    pub subject: SubjectRef,
    /// `interaction` or `visit`.
    pub kind: String,
    /// How people name it: the interaction's id (`CALL-1`) or `visit 3`.
    pub name: String,
    /// How `--subject` spells it: `interaction:CALL-1` or `visit:3`.
    pub spec: String,
    /// The agent who handled it (for a visit, the staff member who served the shopper).
    pub agent: Option<String>,
    /// A visit's location.
    pub location: Option<String>,
    /// When the work happened.
    pub occurred_at: Option<String>,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub id: i64,
    pub rubric: String,
    pub rubric_version: u32,
    pub reference: Option<String>,
    pub tolerance: f64,
    pub status: SessionStatus,
    pub created_by: String,
    pub created_at: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub subjects: Vec<SessionSubject>,
    /// Staff ids, alphabetically.
    pub participants: Vec<String>,
}

impl Session {
    /// The session's subject that is `subject`, if it is one.
    pub fn subject(&self, subject: SubjectRef) -> Option<&SessionSubject> {
        self.subjects.iter().find(|s| s.subject == subject)
    }

    pub fn is_participant(&self, staff: &str) -> bool {
        self.participants.iter().any(|p| p == staff)
    }
}

/// That a participant has scored (or started scoring) a subject: no score, ever.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoring {
    pub evaluation: i64,
    pub participant: String,
    /// The subject's position in the session.
    pub position: u32,
    /// Draft or submitted (void evaluations are left out).
    pub status: Status,
    pub scored_at: String,
}

/// A submitted calibration evaluation with its current answers, for the report of a closed session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredEvaluation {
    pub evaluation: i64,
    pub participant: String,
    pub position: u32,
    pub overall: f64,
    /// (criterion key, answer as stored: `yes`, `4`, `partly`, `na`) of the current revision.
    pub answers: Vec<(String, String)>,
}

impl Tx<'_> {
    /// Records a new open session; returns its number.
    pub fn create_calibration_session(&mut self, new: &NewSession) -> Result<i64> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO calibration_sessions (rubric_id, rubric_version, reference_id, tolerance, status, created_by,
                 created_at)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6)",
            params![
                new.rubric_id,
                new.rubric_version,
                new.reference,
                new.tolerance,
                self.actor(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        let mut subjects = Vec::new();
        for (i, subject) in new.subjects.iter().enumerate() {
            let (interaction, visit) = match *subject {
                SubjectRef::Interaction(rowid) => (Some(rowid), None),
                SubjectRef::Visit(visit) => (None, Some(visit)),
            };
            self.conn().execute(
                "INSERT INTO calibration_subjects (session_id, position, interaction_id, visit_id) VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64 + 1, interaction, visit],
            )?;
            subjects.push(subject);
        }
        for staff in &new.participants {
            self.conn().execute(
                "INSERT INTO calibration_participants (session_id, staff_id) VALUES (?1, ?2)",
                params![id, staff],
            )?;
        }
        self.audit(
            "calibration.new",
            &format!("calibration:{id}"),
            &serde_json::json!({
                "rubric": new.rubric_id, "version": new.rubric_version, "reference": new.reference,
                "tolerance": new.tolerance, "subjects": subjects, "participants": new.participants,
            }),
        )?;
        Ok(id)
    }

    /// Inside the write that records a calibration evaluation: the session is still open and
    /// the participant has no submitted evaluation of the subject yet. The command checked both
    /// before; this closes the window in which another qaudit could close the session or record
    /// the same scoring between that check and the write.
    pub fn check_calibration_scoring(&mut self, session: i64, subject: SubjectRef, participant: &str) -> Result<()> {
        let open: Option<String> = self
            .conn()
            .query_row(
                "SELECT status FROM calibration_sessions WHERE id = ?1",
                [session],
                |r| r.get(0),
            )
            .optional()?;
        if open.as_deref() != Some("open") {
            return Err(StoreError::SessionClosedMeanwhile { session }.into());
        }
        let (column, value) = match subject {
            SubjectRef::Interaction(id) => ("interaction_id", id),
            SubjectRef::Visit(id) => ("visit_id", id),
        };
        let scored: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM evaluations WHERE calibration_id = ?1 AND {column} = ?2 AND evaluator_id = ?3
                   AND status = 'submitted'"
            ),
            params![session, value, participant],
            |r| r.get(0),
        )?;
        if scored > 0 {
            return Err(StoreError::ScoredMeanwhile { session }.into());
        }
        Ok(())
    }

    /// Closes an open session: its scores become visible and its report available.
    pub fn close_calibration_session(&mut self, id: i64) -> Result<()> {
        let now = super::audit::now();
        let changed = self.conn().execute(
            "UPDATE calibration_sessions SET status = 'closed', closed_by = ?2, closed_at = ?3
             WHERE id = ?1 AND status = 'open'",
            params![id, self.actor(), now],
        )?;
        if changed != 1 {
            return Err(StoreError::SessionAlreadyClosed { session: id }.into());
        }
        self.audit(
            "calibration.close",
            &format!("calibration:{id}"),
            &serde_json::json!({ "closed_at": now }),
        )
    }
}

impl Store {
    /// One session with its subjects and participants, or `None`.
    pub fn calibration_session(&self, id: i64) -> Result<Option<Session>> {
        let Some(mut session) = self
            .conn()
            .query_row(
                "SELECT id, rubric_id, rubric_version, reference_id, tolerance, status, created_by, created_at,
                        closed_by, closed_at
                 FROM calibration_sessions WHERE id = ?1",
                [id],
                |r| {
                    Ok(Session {
                        id: r.get(0)?,
                        rubric: r.get(1)?,
                        rubric_version: r.get(2)?,
                        reference: r.get(3)?,
                        tolerance: r.get(4)?,
                        status: if r.get::<_, String>(5)? == "open" {
                            SessionStatus::Open
                        } else {
                            SessionStatus::Closed
                        },
                        created_by: r.get(6)?,
                        created_at: r.get(7)?,
                        closed_by: r.get(8)?,
                        closed_at: r.get(9)?,
                        subjects: Vec::new(),
                        participants: Vec::new(),
                    })
                },
            )
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare(
            "SELECT s.position, s.interaction_id, s.visit_id, i.external_id, i.agent_id, i.occurred_at,
                    v.location_id, v.staff_agent_id, v.visited_at
             FROM calibration_subjects s
             LEFT JOIN interactions i ON i.id = s.interaction_id
             LEFT JOIN visits v ON v.id = s.visit_id
             WHERE s.session_id = ?1 ORDER BY s.position",
        )?;
        session.subjects = stmt
            .query_map([id], |r| {
                let position: u32 = r.get(0)?;
                let interaction: Option<i64> = r.get(1)?;
                Ok(match interaction {
                    Some(rowid) => {
                        let external: String = r.get(3)?;
                        SessionSubject {
                            position,
                            subject: SubjectRef::Interaction(rowid),
                            kind: "interaction".into(),
                            spec: format!("interaction:{external}"),
                            name: external,
                            agent: r.get(4)?,
                            location: None,
                            occurred_at: r.get(5)?,
                        }
                    }
                    None => {
                        let visit: i64 = r.get(2)?;
                        SessionSubject {
                            position,
                            subject: SubjectRef::Visit(visit),
                            kind: "visit".into(),
                            name: format!("visit {visit}"),
                            spec: format!("visit:{visit}"),
                            agent: r.get(7)?,
                            location: r.get(6)?,
                            occurred_at: r.get(8)?,
                        }
                    }
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn()
            .prepare("SELECT staff_id FROM calibration_participants WHERE session_id = ?1 ORDER BY staff_id")?;
        session.participants = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(Some(session))
    }

    /// Who has scored (or started scoring) which subject of a session: drafts and submitted
    /// evaluations, never their scores. Safe to show while the session is open.
    pub fn calibration_progress(&self, session: &Session) -> Result<Vec<Scoring>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.evaluator_id, s.position, e.status, e.scored_at
             FROM evaluations e
             JOIN calibration_subjects s ON s.session_id = e.calibration_id
                  AND (s.interaction_id = e.interaction_id OR s.visit_id = e.visit_id)
             WHERE e.calibration_id = ?1 AND e.status != 'void'
             ORDER BY s.position, e.evaluator_id, e.id",
        )?;
        let rows = stmt.query_map([session.id], |r| {
            Ok(Scoring {
                evaluation: r.get(0)?,
                participant: r.get(1)?,
                position: r.get(2)?,
                status: if r.get::<_, String>(3)? == "draft" {
                    Status::Draft
                } else {
                    Status::Submitted
                },
                scored_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The submitted evaluations of a closed session with their current answers. Refuses while
    /// the session is open: this is the one read that carries the scores.
    pub fn calibration_scores(&self, session: &Session) -> Result<Vec<ScoredEvaluation>> {
        if session.status == SessionStatus::Open {
            return Err(StoreError::SealedSession { session: session.id }.into());
        }
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.evaluator_id, s.position, e.overall, e.revision
             FROM evaluations e
             JOIN calibration_subjects s ON s.session_id = e.calibration_id
                  AND (s.interaction_id = e.interaction_id OR s.visit_id = e.visit_id)
             WHERE e.calibration_id = ?1 AND e.status = 'submitted'
             ORDER BY s.position, e.evaluator_id, e.id",
        )?;
        let rows: Vec<(ScoredEvaluation, u32)> = stmt
            .query_map([session.id], |r| {
                Ok((
                    ScoredEvaluation {
                        evaluation: r.get(0)?,
                        participant: r.get(1)?,
                        position: r.get(2)?,
                        overall: r.get(3)?,
                        answers: Vec::new(),
                    },
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut answers = self.conn().prepare(
            "SELECT criterion_key, answer FROM criterion_scores WHERE evaluation_id = ?1 AND revision = ?2
             ORDER BY criterion_key",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (mut scored, revision) in rows {
            scored.answers = answers
                .query_map(params![scored.evaluation, revision], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            out.push(scored);
        }
        Ok(out)
    }

    /// The participant's evaluation (not void) of a subject in a session: its number and status.
    pub fn calibration_evaluation_of(
        &self,
        session: i64,
        subject: SubjectRef,
        participant: &str,
    ) -> Result<Option<(i64, Status)>> {
        let (column, value) = match subject {
            SubjectRef::Interaction(id) => ("interaction_id", id),
            SubjectRef::Visit(id) => ("visit_id", id),
        };
        let sql = format!(
            "SELECT id, status FROM evaluations WHERE calibration_id = ?1 AND {column} = ?2 AND evaluator_id = ?3
               AND status != 'void' ORDER BY id DESC LIMIT 1"
        );
        Ok(self
            .conn()
            .query_row(&sql, params![session, value, participant], |r| {
                let status: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    if status == "draft" {
                        Status::Draft
                    } else {
                        Status::Submitted
                    },
                ))
            })
            .optional()?)
    }

    /// The open session an evaluation belongs to, if any: its scores must not be shown.
    pub fn sealing_session(&self, evaluation: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT c.id FROM evaluations e JOIN calibration_sessions c ON c.id = e.calibration_id
                 WHERE e.id = ?1 AND c.status = 'open'",
                [evaluation],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every evaluation of an open session, with its session.
    pub fn sealed_evaluations(&self) -> Result<HashMap<i64, i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, c.id FROM evaluations e JOIN calibration_sessions c ON c.id = e.calibration_id
             WHERE c.status = 'open'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Audit entries as the log may show them: the change recorded for an evaluation of an
    /// open calibration session (its answers and score) is replaced by a note saying so. The
    /// entry's hashes are kept, so the entry is still recognisable; `verify` reads the log raw.
    pub fn seal_audit_entries(&self, mut entries: Vec<Entry>) -> Result<Vec<Entry>> {
        let sealed = self.sealed_evaluations()?;
        if sealed.is_empty() {
            return Ok(entries);
        }
        for entry in &mut entries {
            let Some(session) = entry
                .entity
                .strip_prefix("evaluation:")
                .and_then(|id| id.parse::<i64>().ok())
                .and_then(|id| sealed.get(&id))
            else {
                continue;
            };
            entry.change = serde_json::json!({
                "sealed": format!(
                    "calibration session {session} is open: this evaluation's answers and scores are shown once a lead closes it"
                ),
                "calibration": session,
            });
        }
        Ok(entries)
    }
}
