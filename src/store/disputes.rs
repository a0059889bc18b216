//! Disputes: an agent contests an evaluation (optionally proposing other answers); a lead
//! resolves it. At most one dispute per evaluation is open at a time (a partial unique index);
//! a resolved dispute keeps its outcome, note and the evaluation revision it left in place.

use super::{Store, StoreError, Tx, visibility};
use crate::evaluations::visibility::Sight;
use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::{Deserialize, Serialize};

/// One answer the agent proposes instead of the one scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// `section.criterion`.
    pub criterion: String,
    /// The answer scored when the dispute was opened.
    pub current: String,
    /// The answer the agent proposes.
    pub proposed: String,
}

/// Open, or how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DisputeStatus {
    Open,
    /// The proposals were applied.
    Accepted,
    /// Some answers were changed, as the lead decided.
    Partial,
    /// The evaluation stands as scored.
    Rejected,
}

impl DisputeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::Open => "open",
            DisputeStatus::Accepted => "accepted",
            DisputeStatus::Partial => "partial",
            DisputeStatus::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> DisputeStatus {
        match s {
            "accepted" => DisputeStatus::Accepted,
            "partial" => DisputeStatus::Partial,
            "rejected" => DisputeStatus::Rejected,
            _ => DisputeStatus::Open,
        }
    }
}

/// A dispute with what it needs from its evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispute {
    pub id: i64,
    pub evaluation: i64,
    pub opened_by: String,
    pub opened_at: String,
    pub reason: String,
    pub proposals: Vec<Proposal>,
    pub status: DisputeStatus,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    pub resolution_note: Option<String>,
    /// The evaluation's revision once resolved (a new one when answers changed).
    pub revision_after: Option<u32>,
    /// The evaluation's agent, evaluator, subject and rubric version.
    pub agent: Option<String>,
    pub evaluator: String,
    pub subject: String,
    pub rubric: String,
    pub rubric_version: u32,
    pub scored_at: String,
}

/// What to record when a dispute is opened.
#[derive(Debug, Clone)]
pub struct NewDispute<'a> {
    pub evaluation: i64,
    pub reason: &'a str,
    pub proposals: &'a [Proposal],
    /// The agent the dispute is for (the actor, or the agent a lead acts for).
    pub agent: &'a str,
}

impl Tx<'_> {
    /// The open dispute on an evaluation, read inside the transaction.
    pub fn open_dispute_on(&self, evaluation: i64) -> Result<Option<i64>> {
        open_dispute_on(self.conn(), evaluation)
    }

    /// Opens a dispute; refuses (as a user error) when one is already open on the evaluation.
    pub fn open_dispute(&mut self, new: &NewDispute<'_>) -> Result<i64> {
        if let Some(id) = self.open_dispute_on(new.evaluation)? {
            return Err(already_open(new.evaluation, id).into());
        }
        let proposals = serde_json::to_string(new.proposals)?;
        self.conn().execute(
            "INSERT INTO disputes (evaluation_id, opened_by, opened_at, reason, proposals, status)
             VALUES (?1, ?2, ?3, ?4, ?5, 'open')",
            params![new.evaluation, self.actor(), super::audit::now(), new.reason, proposals],
        )?;
        let id = self.conn().last_insert_rowid();
        self.audit(
            "dispute.open",
            &format!("dispute:{id}"),
            &serde_json::json!({
                "evaluation": new.evaluation, "agent": new.agent, "reason": new.reason,
                "proposals": new.proposals,
            }),
        )?;
        Ok(id)
    }

    /// Records how a dispute ended; refuses (as a user error) a dispute no longer open.
    pub fn resolve_dispute(
        &mut self,
        id: i64,
        outcome: DisputeStatus,
        note: Option<&str>,
        revision_after: u32,
    ) -> Result<()> {
        let status: Option<String> = self
            .conn()
            .query_row("SELECT status FROM disputes WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if status.as_deref() != Some("open") {
            return Err(StoreError::DisputeNotOpen { dispute: id }.into());
        }
        self.conn().execute(
            "UPDATE disputes SET status = ?2, resolved_by = ?3, resolved_at = ?4, resolution_note = ?5,
                 revision_after = ?6 WHERE id = ?1",
            params![
                id,
                outcome.as_str(),
                self.actor(),
                super::audit::now(),
                note,
                revision_after
            ],
        )?;
        self.audit(
            "dispute.resolve",
            &format!("dispute:{id}"),
            &serde_json::json!({ "outcome": outcome, "note": note, "revision_after": revision_after }),
        )
    }
}

/// The refusal for a second dispute on the same evaluation.
pub fn already_open(evaluation: i64, dispute: i64) -> StoreError {
    StoreError::AlreadyOpen { evaluation, dispute }
}

fn open_dispute_on(conn: &rusqlite::Connection, evaluation: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM disputes WHERE evaluation_id = ?1 AND status = 'open'",
            [evaluation],
            |r| r.get(0),
        )
        .optional()?)
}

const COLUMNS: &str = "d.id, d.evaluation_id, d.opened_by, d.opened_at, d.reason, d.proposals, d.status,
    d.resolved_by, d.resolved_at, d.resolution_note, d.revision_after, e.agent_id, e.evaluator_id,
    coalesce(i.external_id, 'visit ' || e.visit_id), e.rubric_id, e.rubric_version, e.scored_at";

fn dispute(r: &rusqlite::Row<'_>) -> rusqlite::Result<Dispute> {
    let proposals: String = r.get(5)?;
    Ok(Dispute {
        id: r.get(0)?,
        evaluation: r.get(1)?,
        opened_by: r.get(2)?,
        opened_at: r.get(3)?,
        reason: r.get(4)?,
        proposals: serde_json::from_str(&proposals).unwrap_or_default(),
        status: DisputeStatus::parse(&r.get::<_, String>(6)?),
        resolved_by: r.get(7)?,
        resolved_at: r.get(8)?,
        resolution_note: r.get(9)?,
        revision_after: r.get(10)?,
        agent: r.get(11)?,
        evaluator: r.get(12)?,
        subject: r.get(13)?,
        rubric: r.get(14)?,
        rubric_version: r.get(15)?,
        scored_at: r.get(16)?,
    })
}

impl Store {
    /// One dispute, or `None`.
    pub fn dispute(&self, id: i64) -> Result<Option<Dispute>> {
        self.dispute_in_sight(id, &Sight::Everything)
    }

    /// One dispute if `sight` may see it (see [`visibility::dispute_condition`]), else `None`.
    pub fn dispute_in_sight(&self, id: i64, sight: &Sight) -> Result<Option<Dispute>> {
        let (seen, value) = visibility::dispute_condition(sight, 2);
        let sql = format!(
            "SELECT {COLUMNS} FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id
             LEFT JOIN interactions i ON i.id = e.interaction_id WHERE d.id = ?1 AND {seen}"
        );
        let mut values = vec![Value::Integer(id)];
        values.extend(value);
        Ok(self
            .conn()
            .query_row(&sql, params_from_iter(values), dispute)
            .optional()?)
    }

    /// Disputes, open ones first (oldest first), then resolved ones (newest first).
    pub fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        self.disputes_in_sight(open_only, &Sight::Everything)
    }

    /// The disputes `sight` may see, in the order of [`Store::disputes`].
    pub fn disputes_in_sight(&self, open_only: bool, sight: &Sight) -> Result<Vec<Dispute>> {
        let (seen, value) = visibility::dispute_condition(sight, 2);
        let sql = format!(
            "SELECT {COLUMNS} FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id
             LEFT JOIN interactions i ON i.id = e.interaction_id
             WHERE (?1 = 0 OR d.status = 'open') AND {seen}
             ORDER BY d.status != 'open', CASE WHEN d.status = 'open' THEN d.opened_at END,
                 CASE WHEN d.status = 'open' THEN d.id ELSE -d.id END"
        );
        let mut values = vec![Value::Integer(i64::from(open_only))];
        values.extend(value);
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), dispute)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open dispute on an evaluation, if any.
    pub fn open_dispute_on(&self, evaluation: i64) -> Result<Option<i64>> {
        open_dispute_on(self.conn(), evaluation)
    }
}
