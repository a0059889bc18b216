//! Starting a store's keyed chain: the key is made once, at `init`, for a store that has never
//! had one; a store whose log already holds keyed entries never gets a new key (that would let
//! whoever lost or stole the old one start afresh).

use super::records::{self, KINDS};
use super::{Store, StoreError, key};
use anyhow::Result;

/// What [`Store::ensure_key`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// The key was already here.
    Present,
    /// A key was made for this store (and, for a store that already held records, an entry
    /// recording every record and the unkeyed chain's head was written).
    Created,
}

impl Store {
    /// 32 random bytes from SQLite's generator (seeded from the operating system).
    pub(super) fn random_key(&self) -> Result<Vec<u8>> {
        Ok(self.conn().query_row("SELECT randomblob(32)", [], |r| r.get(0))?)
    }

    /// Makes the store's key when it has none and never had one; refuses when its log shows a
    /// key was used and the key file is missing.
    pub fn ensure_key(&mut self, actor: &str) -> Result<KeyState> {
        if self.key.is_some() || self.path.as_os_str() == ":memory:" {
            return Ok(KeyState::Present);
        }
        if self.read_only {
            return Err(self.missing_key(false).into());
        }
        let keyed_from: i64 = self.meta("keyed_from")?.and_then(|v| v.parse().ok()).unwrap_or(1);
        let last = self.log_head()?.map(|(s, _)| s).unwrap_or(0);
        if last >= keyed_from {
            return Err(self.missing_key(true).into());
        }
        let bytes = self.random_key()?;
        self.key = Some(key::create(&self.store_id, bytes)?);
        if last > 0 || self.has_records()? {
            let unkeyed_head = self.meta("unkeyed_head")?;
            let mut every = Vec::new();
            // `meta` is recorded by its own entry, just after (see `cover_meta`).
            for k in (0..KINDS.len()).filter(|k| KINDS[*k].name != "meta") {
                records::scan(self.conn(), None, k, |seen| {
                    if let records::Seen::Record { key, .. } = seen {
                        every.push((k, key.to_vec()));
                    }
                    Ok(())
                })?;
            }
            let count = every.len();
            let written = self.write_as_qaudit(actor, |tx| {
                for (k, key) in every {
                    tx.touch(KINDS[k].name, key)?;
                }
                tx.audit(
                    "audit.keyed",
                    "audit",
                    &serde_json::json!({ "unkeyed_head": unkeyed_head, "records": count }),
                )
            });
            if let Err(e) = written {
                // Nothing was written under the new key: take it back, so `init` can run again.
                let _ = std::fs::remove_file(key::key_path(&self.store_id));
                self.key = None;
                return Err(e);
            }
        }
        // An old store's settings get their entry; then the upgrade work, which waited for the
        // key, is done now: on a new store before its first entry, so the `pending.*` rows its
        // migrations wrote are gone when that entry records `meta`.
        self.cover_meta(actor)?;
        self.run_pending()?;
        Ok(KeyState::Created)
    }

    /// Whether the log has recorded every row of `meta`: the first entry of a store made since
    /// `meta` is a record kind carries them (see `Tx::append`), and an older store gets an entry
    /// of its own when it is first opened writable with its key ([`Store::cover_meta`]). Both
    /// are read from the log alone, which cannot be changed without breaking the chain, so an
    /// absent record is a store not yet upgraded (or an empty log), never a way to hide a
    /// changed setting.
    pub(super) fn meta_covered(&self) -> Result<bool> {
        meta_covered(self.conn())
    }

    /// Records every row of `meta` once, in an entry of its own, on a store whose log began
    /// before `meta` was a record kind: the rows migrations wrote (the store id, where the
    /// keyed chain starts, pending upgrade work) and the settings. From then on every change
    /// to `meta` is audited with its digest, and `verify` names a change made behind
    /// qaudit's back. A store with an empty log waits for its first entry, which carries them.
    pub(super) fn cover_meta(&mut self, actor: &str) -> Result<()> {
        if self.read_only || self.key.is_none() || self.log_head()?.is_none() || self.meta_covered()? {
            return Ok(());
        }
        let keys = self.meta_keys()?;
        self.write_as_qaudit(actor, |tx| {
            let count = keys.len();
            for key in keys {
                tx.touch("meta", vec![rusqlite::types::Value::Text(key)])?;
            }
            tx.audit(COVER, "meta", &serde_json::json!({ "rows": count }))
        })
    }

    fn meta_keys(&self) -> Result<Vec<String>> {
        meta_keys(self.conn())
    }
}

/// [`Store::meta_covered`] on a connection (inside a write, too).
pub(super) fn meta_covered(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_records WHERE seq = 1 AND record >= 'meta:' AND record < 'meta;')
             OR EXISTS (SELECT 1 FROM audit_log WHERE entity = 'meta' AND action = ?1)",
        [COVER],
        |r| r.get(0),
    )?)
}

/// Every key of the `meta` table, in order.
pub(super) fn meta_keys(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT key FROM meta ORDER BY key")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The action of the entry that first records every row of `meta`.
const COVER: &str = "meta.cover";

/// A store id names files, so it must be what the migration made (hex digits): a damaged one
/// names no key rather than a path elsewhere.
pub(super) fn check_store_id(id: &str) -> Result<()> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::StoreIdDamaged.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::audit::{GENESIS, entry_hash};
    use crate::store::migrations::MIGRATIONS;
    use crate::store::{OpenMode, open};
    use rusqlite::{Connection, params};

    #[test]
    fn an_old_store_starts_its_keyed_chain_with_the_unkeyed_head_and_every_record() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("old.db");
        // A store as the qaudit before keys left it: the schema up to the keyed log's
        // migration, one agent and its (unkeyed, sha256-chained) entry.
        let keyed = MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE audit_records"))
            .unwrap();
        {
            let conn = Connection::open(&db).unwrap();
            for sql in &MIGRATIONS[..keyed] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", keyed as i64).unwrap();
            let at = "2026-01-01T00:00:00Z";
            let hash = entry_hash(GENESIS, 1, at, "ana", "agent.add", "agent:a-1", "{}");
            conn.execute(
                "INSERT INTO audit_log (seq, at, actor, action, entity, change, prev_hash, hash)
                 VALUES (1, ?1, 'ana', 'agent.add', 'agent:a-1', '{}', ?2, ?3)",
                params![at, GENESIS, hash],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO agents (id, name, created_at) VALUES ('a-1', 'Ana', ?1)",
                [at],
            )
            .unwrap();
        }
        // SAFETY: no other test of this binary reads QAUDIT_KEY_FILE (in-memory stores never
        // look for a key file).
        unsafe { std::env::set_var("QAUDIT_KEY_FILE", dir.path().join("old.key")) };
        let mut store = open(&db, OpenMode::Existing).unwrap();
        assert!(!store.has_key());
        let refused = store.write("ana", |tx| tx.audit("x.y", "x", &serde_json::json!({})));
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("this store's key is not here")
        );
        assert_eq!(store.ensure_key("ana").unwrap(), KeyState::Created);
        assert!(dir.path().join("old.key").exists());
        let chain = store.check_chain(None).unwrap();
        assert!(chain.findings.is_empty(), "{:?}", chain.findings);
        let scan = store.record_findings(chain.latest, |_| Ok(())).unwrap();
        assert!(scan.findings.is_empty(), "{:?}", scan.findings);
        assert!(scan.records >= 1);
        assert!(scan.meta_covered, "the keyed start records the settings too");
        let entries = store.audit_entries().unwrap();
        // The keyed chain starts right after the unkeyed head (the upgrade work follows it).
        let start = &entries[1];
        assert_eq!(start.action, "audit.keyed");
        assert_eq!(start.change["unkeyed_head"], format!("1:{}", entries[0].hash));
        assert_eq!(start.prev_hash, entries[0].hash);
        // Once keyed, a lost key is never replaced.
        std::fs::remove_file(dir.path().join("old.key")).unwrap();
        drop(store);
        let mut store = open(&db, OpenMode::Existing).unwrap();
        assert!(
            store
                .ensure_key("ana")
                .unwrap_err()
                .to_string()
                .contains("no new key is made")
        );
    }
}
