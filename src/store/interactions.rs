//! Interactions: the calls, chats and emails imported from contact-centre exports.

use super::Store;
use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// One imported interaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// The store's own number.
    #[serde(skip)]
    pub rowid: i64,
    /// The id in the exporting system, which people use.
    pub id: String,
    pub channel: String,
    pub agent: String,
    pub occurred_at: String,
    pub duration_s: Option<i64>,
    /// Pseudonymised unless imported with --keep-customer.
    pub customer: Option<String>,
    /// Other columns of the export, as JSON.
    pub extra: Option<serde_json::Value>,
}

impl Store {
    /// One interaction by the id it was imported with.
    pub fn interaction(&self, external_id: &str) -> Result<Option<Interaction>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, external_id, channel, agent_id, occurred_at, duration_s, customer, extra
                 FROM interactions WHERE external_id = ?1",
                [external_id],
                |r| {
                    let extra: Option<String> = r.get(7)?;
                    Ok(Interaction {
                        rowid: r.get(0)?,
                        id: r.get(1)?,
                        channel: r.get(2)?,
                        agent: r.get(3)?,
                        occurred_at: r.get(4)?,
                        duration_s: r.get(5)?,
                        customer: r.get(6)?,
                        extra: extra.and_then(|e| serde_json::from_str(&e).ok()),
                    })
                },
            )
            .optional()?)
    }
}
