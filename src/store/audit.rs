//! The audit log: every write appends an entry chained to the one before, so that changing or
//! removing any entry breaks the chain (`verify` walks it).
//!
//! Entries from the keyed chain on (meta `keyed_from`, the first sequence number written under a
//! key) are chained with HMAC-SHA256 under the store's key (see [`super::key`]); entries written
//! before, by a qaudit without keys, keep their plain sha256 chain. Each entry also carries the
//! digest of every record the write stored (table `audit_records`, see [`super::records`]); the
//! entry's hash covers them through `records_hash`.

use super::{Store, Tx, records};
use crate::rubric::load::hex;
use anyhow::Result;
use hmac::{Hmac, KeyInit, Mac};
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
    /// The operating-system user who ran qaudit (absent on entries from before keys).
    pub os_user: Option<String>,
    pub action: String,
    pub entity: String,
    pub change: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields an entry's hash covers.
pub struct Fields<'a> {
    pub prev_hash: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub os_user: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub change: &'a str,
    pub records_hash: &'a str,
}

/// The hash of an unkeyed entry (written before the keyed chain): sha256 over the previous hash
/// and every field, each on its own line.
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

/// The hash of a keyed entry: HMAC-SHA256 under the store's key over every field, each
/// followed by a NUL (fields never contain one: ids and names refuse control characters and
/// JSON escapes them).
pub fn entry_mac(key: &[u8], f: &Fields<'_>) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"qaudit-entry-v1\0");
    let seq = f.seq.to_string();
    for part in [
        f.prev_hash,
        &seq,
        f.at,
        f.actor,
        f.os_user,
        f.action,
        f.entity,
        f.change,
        f.records_hash,
    ] {
        mac.update(part.as_bytes());
        mac.update(b"\0");
    }
    hex(&mac.finalize().into_bytes())
}

/// The hash over an entry's record digests, in the order written: what the entry's own hash
/// covers of them. Empty when the entry names no record.
pub struct RecordsHash {
    h: Sha256,
    any: bool,
}

impl RecordsHash {
    pub fn new() -> Self {
        RecordsHash {
            h: Sha256::new(),
            any: false,
        }
    }

    pub fn add(&mut self, record: &str, digest: Option<&[u8]>) {
        self.any = true;
        self.h.update(record.as_bytes());
        self.h.update(b"\0");
        match digest {
            Some(d) => self.h.update(hex(d).as_bytes()),
            None => self.h.update(b"-"),
        }
        self.h.update(b"\n");
    }

    pub fn finish(self) -> String {
        if self.any {
            hex(&self.h.finalize())
        } else {
            String::new()
        }
    }
}

impl Default for RecordsHash {
    fn default() -> Self {
        Self::new()
    }
}

/// The current time as stored: RFC 3339 in UTC with seconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The operating-system user running qaudit, as recorded beside `--as`.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(|u| crate::output::terminal::escape(&u).into_owned())
        .unwrap_or_else(|| "unknown".to_string())
}

impl Tx<'_> {
    /// Appends an entry for `action` on `entity` (e.g. `rubric:call-quality@2`), with the
    /// digest of every record written since the previous entry of this transaction.
    pub fn audit(&mut self, action: &str, entity: &str, change: &serde_json::Value) -> Result<()> {
        let touched = self.take_touched()?;
        self.append(touched, action, entity, change)
    }

    /// Like [`Tx::audit`], carrying only the records of `kinds` (e.g. `["interaction"]`); the
    /// others written so far go to a later entry of the same transaction. For bulk builders
    /// that write several kinds at once and audit each kind in its own entry.
    pub fn audit_of(&mut self, kinds: &[&str], action: &str, entity: &str, change: &serde_json::Value) -> Result<()> {
        let touched = self.take_touched_of(Some(kinds))?;
        self.append(touched, action, entity, change)
    }

    fn append(
        &mut self,
        mut touched: Vec<(usize, Vec<rusqlite::types::Value>)>,
        action: &str,
        entity: &str,
        change: &serde_json::Value,
    ) -> Result<()> {
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
        if seq == 1 {
            // The first entry records every row of `meta` (those the migrations wrote among
            // them), so the store's settings are records from the start (see `Store::meta_covered`).
            let meta = records::kind("meta").ok_or_else(|| anyhow::anyhow!("no record kind `meta`"))?;
            for key in super::keying::meta_keys(conn)? {
                let key = vec![rusqlite::types::Value::Text(key)];
                if !touched.iter().any(|(k, v)| *k == meta && *v == key) {
                    touched.push((meta, key));
                }
            }
        }
        let mut digests = Vec::with_capacity(touched.len());
        let mut records_hash = RecordsHash::new();
        for (kind, key) in &touched {
            let name = records::record_name(*kind, key);
            let digest = records::digest_of(conn, &self.key, *kind, key)?;
            records_hash.add(&name, digest.as_ref().map(|d| &d[..]));
            digests.push((name, digest));
        }
        let records_hash = records_hash.finish();
        let at = now();
        let change = serde_json::to_string(change)?;
        let os_user = os_user();
        let hash = entry_mac(
            &self.key,
            &Fields {
                prev_hash: &prev,
                seq,
                at: &at,
                actor: self.actor(),
                os_user: &os_user,
                action,
                entity,
                change: &change,
                records_hash: &records_hash,
            },
        );
        conn.execute(
            "INSERT INTO audit_log (seq, at, actor, action, entity, change, prev_hash, hash, os_user, records_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                seq,
                at,
                self.actor(),
                action,
                entity,
                change,
                prev,
                hash,
                os_user,
                records_hash
            ],
        )?;
        {
            let mut insert =
                conn.prepare_cached("INSERT INTO audit_records (seq, record, digest) VALUES (?1, ?2, ?3)")?;
            for (name, digest) in &digests {
                insert.execute(params![seq, name, digest.as_ref().map(|d| &d[..])])?;
            }
        }
        self.head = Some((seq, hash));
        Ok(())
    }
}

/// Filters of the audit log as it is listed; `None` matches everything.
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
            "SELECT seq, at, actor, action, entity, change, prev_hash, hash, os_user FROM audit_log
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
                    os_user: r.get(8)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
