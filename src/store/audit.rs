//! The audit log: every write appends an entry chained by sha256 to the one before, so that
//! changing or removing any entry breaks the chain (`verify` walks it).

use super::{Store, Tx};
use crate::rubric::load::hex;
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub change: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry: sha256 over the previous hash and every field, each on its own line.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    change: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), at, actor, action, entity, change] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// The current time as stored: RFC 3339 in UTC with seconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Tx<'_> {
    /// Appends an entry for `action` on `entity` (e.g. `rubric:call-quality@2`).
    pub fn audit(&mut self, action: &str, entity: &str, change: &serde_json::Value) -> Result<()> {
        let conn = self.conn();
        let last: Option<(i64, String)> = conn
            .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (seq, prev) = match last {
            Some((s, h)) => (s + 1, h),
            None => (1, GENESIS.to_string()),
        };
        let at = now();
        let change = serde_json::to_string(change)?;
        let hash = entry_hash(&prev, seq, &at, self.actor(), action, entity, &change);
        conn.execute(
            "INSERT INTO audit_log (seq, at, actor, action, entity, change, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![seq, at, self.actor(), action, entity, change, prev, hash],
        )?;
        Ok(())
    }
}

/// Filters of `qaudit log`; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Entity prefix: `evaluation:12`, or `evaluation:` for all evaluations.
    pub entity: Option<String>,
    pub actor: Option<String>,
    /// Stored-time bounds `[from, to)`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
}

impl Store {
    /// Every entry, oldest first.
    pub fn audit_entries(&self) -> Result<Vec<Entry>> {
        self.audit_query(
            &LogFilter {
                limit: usize::MAX >> 1,
                ..LogFilter::default()
            },
            false,
        )
    }

    /// Entries matching `filter`, newest first.
    pub fn audit_log(&self, filter: &LogFilter) -> Result<Vec<Entry>> {
        self.audit_query(filter, true)
    }

    fn audit_query(&self, f: &LogFilter, newest_first: bool) -> Result<Vec<Entry>> {
        let order = if newest_first { "DESC" } else { "ASC" };
        let mut stmt = self.conn().prepare(&format!(
            "SELECT seq, at, actor, action, entity, change, prev_hash, hash FROM audit_log
             WHERE (?1 IS NULL OR entity = ?1 OR (substr(?1, -1) = ':' AND substr(entity, 1, length(?1)) = ?1)
                    OR substr(entity, 1, length(?1) + 1) = ?1 || '@')
               AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
             ORDER BY seq {order} LIMIT ?5"
        ))?;
        let rows = stmt.query_map(
            rusqlite::params![f.entity, f.actor, f.from, f.to, f.limit as i64],
            |r| {
                let change: String = r.get(5)?;
                Ok(Entry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    change: serde_json::from_str(&change).unwrap_or(serde_json::Value::String(change)),
                    prev_hash: r.get(6)?,
                    hash: r.get(7)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
