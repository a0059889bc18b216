//! Simulated contacts made to be scored as practice (issue 20, part 4): an interaction row with
//! `origin = 'practice'`, which nothing samples, counts or reports (`counted_evaluations`, the
//! draws and the team report's contact counts read `origin IS NULL` only).

use super::Tx;
use super::interactions::Interaction;
use anyhow::Result;
use rusqlite::{OptionalExtension, params};

/// A role-play or simulated contact to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPracticeContact {
    pub agent: String,
    pub channel: String,
    /// As the store keeps times.
    pub occurred_at: String,
    /// What was played, e.g. "angry customer, late refund".
    pub scenario: Option<String>,
}

impl Tx<'_> {
    /// Records a simulated contact as `practice-N` (the first number not taken) and audits it
    /// (`interaction.practice`); returns it as stored.
    pub fn insert_practice_contact(&mut self, new: &NewPracticeContact) -> Result<Interaction> {
        let mut n: i64 = self.conn().query_row(
            "SELECT count(*) + 1 FROM interactions WHERE origin = 'practice'",
            [],
            |r| r.get(0),
        )?;
        let external_id = loop {
            let id = format!("practice-{n}");
            let taken = self
                .conn()
                .query_row("SELECT 1 FROM interactions WHERE external_id = ?1", [&id], |_| Ok(()))
                .optional()?
                .is_some();
            if !taken {
                break id;
            }
            n += 1;
        };
        let extra = new
            .scenario
            .as_ref()
            .map(|s| serde_json::json!({ "scenario": s }).to_string());
        self.conn().execute(
            "INSERT INTO interactions (external_id, channel, agent_id, occurred_at, extra, imported_at, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'practice')",
            params![
                external_id,
                new.channel,
                new.agent,
                new.occurred_at,
                extra,
                super::audit::now()
            ],
        )?;
        self.audit(
            "interaction.practice",
            &format!("interaction:{external_id}"),
            &serde_json::json!({
                "agent": new.agent, "channel": new.channel, "occurred_at": new.occurred_at,
                "scenario": new.scenario, "origin": "practice",
            }),
        )?;
        self.interaction(&external_id)?
            .ok_or_else(|| anyhow::anyhow!("the practice contact {external_id} just recorded is missing"))
    }
}
