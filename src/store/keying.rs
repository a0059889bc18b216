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
            for k in 0..KINDS.len() {
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
        Ok(KeyState::Created)
    }
}

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
        let entries = store.audit_entries().unwrap();
        let start = entries.last().unwrap();
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
