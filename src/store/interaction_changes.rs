//! Correcting and withdrawing an imported interaction (`interaction amend | withdraw`).
//!
//! The interactions row keeps the current values; each change appends the values before and
//! after to `interaction_history` (never updated, never deleted) and one audit entry. Changing
//! the agent or the time moves the interaction's evaluations with it (they copy both, for
//! reports and flags), in the same transaction; samples point at the interaction itself and
//! follow it. A withdrawal voids the interaction's evaluations with the same reason.

use super::Tx;
use super::interactions::Interaction;
use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

/// The values of an interaction that `amend` may change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Editable {
    pub channel: String,
    pub agent: String,
    pub occurred_at: String,
    pub duration_s: Option<i64>,
    pub customer: Option<String>,
    pub extra: Option<serde_json::Value>,
}

impl Editable {
    pub fn of(i: &Interaction) -> Self {
        Editable {
            channel: i.channel.clone(),
            agent: i.agent.clone(),
            occurred_at: i.occurred_at.clone(),
            duration_s: i.duration_s,
            customer: i.customer.clone(),
            extra: i.extra.clone(),
        }
    }
}

/// What a change did besides the interaction itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Moved {
    /// Evaluations whose agent or time moved with the interaction (amend).
    pub evaluations_moved: Vec<i64>,
    /// Evaluations voided (withdraw).
    pub evaluations_voided: Vec<i64>,
}

impl Tx<'_> {
    /// Replaces the editable values of `before` with `after`, keeps the old ones in the history,
    /// moves its evaluations when the agent or time changed, and audits it all.
    pub fn amend_interaction(&mut self, before: &Interaction, after: &Editable, reason: &str) -> Result<Moved> {
        let old = Editable::of(before);
        let extra = after.extra.as_ref().map(|e| e.to_string());
        self.conn().execute(
            "UPDATE interactions SET channel = ?2, agent_id = ?3, occurred_at = ?4, duration_s = ?5,
                 customer = ?6, extra = ?7 WHERE id = ?1",
            params![
                before.rowid,
                after.channel,
                after.agent,
                after.occurred_at,
                after.duration_s,
                after.customer,
                extra
            ],
        )?;
        let mut moved = Moved::default();
        if old.agent != after.agent || old.occurred_at != after.occurred_at {
            moved.evaluations_moved = self.evaluations_of(before.rowid, false)?;
            self.conn().execute(
                "UPDATE evaluations SET agent_id = ?2, occurred_at = ?3 WHERE interaction_id = ?1",
                params![before.rowid, after.agent, after.occurred_at],
            )?;
        }
        self.record_change(before, "amend", &old, after, reason)?;
        self.audit(
            "interaction.amend",
            &format!("interaction:{}", before.id),
            &serde_json::json!({
                "before": old, "after": after, "reason": reason,
                "evaluations_moved": moved.evaluations_moved,
            }),
        )?;
        Ok(moved)
    }

    /// Withdraws an interaction: it stays on record but leaves work queues, reports and flags;
    /// its evaluations that still count are voided with `reason`.
    pub fn withdraw_interaction(&mut self, before: &Interaction, reason: &str) -> Result<Moved> {
        let now = super::audit::now();
        self.conn().execute(
            "UPDATE interactions SET withdrawn_at = ?2, withdraw_reason = ?3 WHERE id = ?1",
            params![before.rowid, now, reason],
        )?;
        let state = Editable::of(before);
        self.record_change(before, "withdraw", &state, &state, reason)?;
        let mut moved = Moved {
            evaluations_voided: self.evaluations_of(before.rowid, true)?,
            ..Moved::default()
        };
        for id in moved.evaluations_voided.clone() {
            self.void_evaluation(id, reason)?;
        }
        moved.evaluations_moved.clear();
        self.audit(
            "interaction.withdraw",
            &format!("interaction:{}", before.id),
            &serde_json::json!({ "reason": reason, "evaluations_voided": moved.evaluations_voided }),
        )?;
        Ok(moved)
    }

    /// The evaluations of an interaction (only those not void yet, with `live`).
    fn evaluations_of(&self, interaction: i64, live: bool) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT id FROM evaluations WHERE interaction_id = ?1 AND (NOT ?2 OR status != 'void') ORDER BY id",
        )?;
        let rows = stmt.query_map(params![interaction, live], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn record_change(
        &self,
        before: &Interaction,
        action: &str,
        old: &Editable,
        new: &Editable,
        reason: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO interaction_history (interaction_id, version, action, before, after, reason, changed_by, changed_at)
             VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM interaction_history WHERE interaction_id = ?1),
                     ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                before.rowid,
                action,
                serde_json::to_string(old)?,
                serde_json::to_string(new)?,
                reason,
                self.actor(),
                super::audit::now()
            ],
        )?;
        Ok(())
    }
}

/// One earlier change of an interaction, for `interaction show`-like listings and exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub version: i64,
    pub action: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: String,
}

impl super::Store {
    /// The changes of an interaction, oldest first.
    pub fn interaction_history(&self, rowid: i64) -> Result<Vec<Change>> {
        let mut stmt = self.conn().prepare(
            "SELECT version, action, before, after, reason, changed_by, changed_at FROM interaction_history
             WHERE interaction_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([rowid], |r| {
            let json = |s: String| serde_json::from_str(&s).unwrap_or(serde_json::Value::Null);
            Ok(Change {
                version: r.get(0)?,
                action: r.get(1)?,
                before: json(r.get(2)?),
                after: json(r.get(3)?),
                reason: r.get(4)?,
                changed_by: r.get(5)?,
                changed_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
