//! Mystery contacts (issue 20, part 6): a shopper's test contact, stored as an interaction with
//! origin `mystery`, its evaluation, and a `mystery_contacts` row with the shopper, the times
//! and the time to answer (migration 13). The rules are in `crate::mystery`.
//!
//! `interactions.agent_id` is NOT NULL and names an agent, but a shopper does not always know
//! who answered; such a contact's interaction names the reserved agent [`UNKNOWN_AGENT`] (made,
//! audited, on the first contact that needs it), while `mystery_contacts.agent_id` and the
//! evaluation's agent stay NULL, so nothing is ever attributed to it.

use super::evaluations::{NewEvaluation, Status, SubjectRef};
use super::{Store, Tx};
use crate::rubric::ScoreResult;
use crate::rubric::sheet::Checked;
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// The agent a mystery contact's interaction names when the shopper does not know who answered.
pub const UNKNOWN_AGENT: &str = "(unknown)";

/// A contact to log, checked by `crate::mystery`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMysteryContact {
    pub shopper: String,
    pub agent: Option<String>,
    pub channel: String,
    /// Stored times (RFC 3339, UTC).
    pub started_at: String,
    pub answered_at: String,
    pub answer_seconds: i64,
    pub reference: Option<String>,
    pub rubric_id: String,
    pub rubric_version: u32,
    pub logged_at: String,
}

/// What logging a contact stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedContact {
    pub contact: i64,
    /// The generated external id of its interaction.
    pub interaction: String,
    pub evaluation: i64,
}

/// One stored mystery contact with its current score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MysteryContact {
    pub id: i64,
    pub interaction: String,
    pub evaluation: i64,
    pub shopper: String,
    pub agent: Option<String>,
    pub channel: String,
    pub started_at: String,
    pub answered_at: String,
    pub answer_seconds: i64,
    pub reference: Option<String>,
    pub logged_at: String,
    pub rubric: String,
    pub rubric_version: u32,
    pub overall: f64,
    pub passed: bool,
    pub critical_failed: bool,
    /// The evaluation's status (a voided evaluation leaves the contact out of the report).
    pub status: String,
}

/// Which contacts a list or the report reads; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactFilter {
    pub shopper: Option<String>,
    pub agent: Option<String>,
    pub channel: Option<String>,
    pub rubric: Option<String>,
    /// Stored-time bounds `[from, to)` on the time the contact was started.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only contacts whose evaluation is submitted (the report).
    pub submitted_only: bool,
}

const SELECT: &str = "SELECT m.id, i.external_id, m.evaluation_id, m.shopper_id, m.agent_id, m.channel,
        m.started_at, m.answered_at, m.answer_seconds, m.reference, m.logged_at,
        e.rubric_id, e.rubric_version, e.overall, e.passed, e.critical_failed, e.status
    FROM mystery_contacts m
    JOIN interactions i ON i.id = m.interaction_id
    JOIN evaluations e ON e.id = m.evaluation_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MysteryContact> {
    Ok(MysteryContact {
        id: r.get(0)?,
        interaction: r.get(1)?,
        evaluation: r.get(2)?,
        shopper: r.get(3)?,
        agent: r.get(4)?,
        channel: r.get(5)?,
        started_at: r.get(6)?,
        answered_at: r.get(7)?,
        answer_seconds: r.get(8)?,
        reference: r.get(9)?,
        logged_at: r.get(10)?,
        rubric: r.get(11)?,
        rubric_version: r.get(12)?,
        overall: r.get(13)?,
        passed: r.get(14)?,
        critical_failed: r.get(15)?,
        status: r.get(16)?,
    })
}

impl Store {
    /// One mystery contact by its number.
    pub fn mystery_contact(&self, id: i64) -> Result<Option<MysteryContact>> {
        Ok(self
            .conn()
            .query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], from_row)
            .optional()?)
    }

    /// The contacts `filter` selects, newest first.
    pub fn mystery_contacts(&self, f: &ContactFilter) -> Result<Vec<MysteryContact>> {
        let sql = format!(
            "{SELECT} WHERE (?1 IS NULL OR m.shopper_id = ?1) AND (?2 IS NULL OR m.agent_id = ?2)
               AND (?3 IS NULL OR m.channel = ?3) AND (?4 IS NULL OR e.rubric_id = ?4)
               AND (?5 IS NULL OR m.started_at >= ?5) AND (?6 IS NULL OR m.started_at < ?6)
               AND (?7 = 0 OR e.status = 'submitted')
             ORDER BY m.started_at DESC, m.id DESC"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            params![f.shopper, f.agent, f.channel, f.rubric, f.from, f.to, f.submitted_only],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Stores a scored mystery contact: its interaction (origin `mystery`, a generated external
    /// id), its evaluation by the shopper, and its row, each audited.
    pub fn log_mystery_contact(
        &mut self,
        new: &NewMysteryContact,
        result: &ScoreResult,
        checked: &Checked,
    ) -> Result<LoggedContact> {
        let agent = match &new.agent {
            Some(a) => a.clone(),
            None => {
                self.reserve_unknown_agent()?;
                UNKNOWN_AGENT.to_string()
            }
        };
        let external = self.next_mystery_id()?;
        self.conn().execute(
            "INSERT INTO interactions (external_id, channel, agent_id, occurred_at, imported_at, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, 'mystery')",
            params![external, new.channel, agent, new.started_at, new.logged_at],
        )?;
        let interaction = self.conn().last_insert_rowid();
        self.audit(
            "interaction.mystery",
            &format!("interaction:{external}"),
            &serde_json::json!({
                "origin": "mystery", "channel": new.channel, "agent": new.agent, "occurred_at": new.started_at,
            }),
        )?;
        let evaluation = self.insert_evaluation(
            &NewEvaluation {
                subject: SubjectRef::Interaction(interaction),
                rubric_id: new.rubric_id.clone(),
                rubric_version: new.rubric_version,
                evaluator: new.shopper.clone(),
                agent: new.agent.clone(),
                location: None,
                occurred_at: new.started_at.clone(),
                status: Status::Submitted,
                calibration: None,
                external_ref: None,
                scored_at: new.logged_at.clone(),
                practice: false,
            },
            result,
            checked,
        )?;
        self.conn().execute(
            "INSERT INTO mystery_contacts (interaction_id, evaluation_id, shopper_id, agent_id, channel, started_at,
                 answered_at, answer_seconds, reference, logged_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                interaction,
                evaluation,
                new.shopper,
                new.agent,
                new.channel,
                new.started_at,
                new.answered_at,
                new.answer_seconds,
                new.reference,
                new.logged_at
            ],
        )?;
        let contact = self.conn().last_insert_rowid();
        self.audit(
            "contact.log",
            &format!("mystery-contact:{contact}"),
            &serde_json::json!({
                "interaction": external, "evaluation": evaluation, "shopper": new.shopper, "agent": new.agent,
                "channel": new.channel, "started_at": new.started_at, "answered_at": new.answered_at,
                "answer_seconds": new.answer_seconds, "reference": new.reference,
            }),
        )?;
        Ok(LoggedContact {
            contact,
            interaction: external,
            evaluation,
        })
    }

    /// Makes the reserved agent [`UNKNOWN_AGENT`] if the store does not hold it yet.
    fn reserve_unknown_agent(&mut self) -> Result<()> {
        let added = self.conn().execute(
            "INSERT INTO agents (id, name, created_at) VALUES (?1, 'Not known (mystery contacts)', ?2)
             ON CONFLICT (id) DO NOTHING",
            params![UNKNOWN_AGENT, super::audit::now()],
        )?;
        if added == 1 {
            self.audit(
                "agent.reserve",
                &format!("agent:{UNKNOWN_AGENT}"),
                &serde_json::json!({ "reason": "mystery contacts whose answering agent is not known" }),
            )?;
        }
        Ok(())
    }

    /// `mystery-N` for the next contact number, or with a suffix if an interaction already
    /// holds that id (`mystery-N-2`).
    fn next_mystery_id(&self) -> Result<String> {
        let n: i64 = self
            .conn()
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM mystery_contacts", [], |r| {
                r.get(0)
            })?;
        let taken = |id: &str| -> rusqlite::Result<bool> {
            self.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM interactions WHERE external_id = ?1)",
                [id],
                |r| r.get(0),
            )
        };
        let mut id = format!("mystery-{n}");
        let mut k = 2;
        while taken(&id)? {
            id = format!("mystery-{n}-{k}");
            k += 1;
        }
        Ok(id)
    }
}
