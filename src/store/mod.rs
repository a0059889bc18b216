//! The SQLite store: the one place that opens the database and the only module with SQL.
//!
//! Commands call typed functions here. Writes go through [`Store::write`], which runs an
//! IMMEDIATE transaction (so concurrent writers queue on the busy timeout instead of failing
//! half-way) and gives the closure a [`Tx`] that appends to the audit log.

pub mod attachments;
pub mod audit;
pub mod calibration;
pub mod coaching;
pub mod counting;
pub mod disputes;
pub mod doubles;
pub mod evaluations;
pub mod exports;
mod fixups;
pub mod flags;
pub mod integrity;
pub mod interaction_changes;
pub mod interactions;
mod migrations;
pub mod people;
pub mod reliability;
pub mod reports;
pub mod rubrics;
pub mod samples;
pub mod status;
pub mod visits;

use crate::error::UserError;
use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use migrations::latest as schema_version;

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times the start of a write transaction is retried when the store is busy.
const BUSY_RETRIES: u64 = 10;

/// Whether `open` may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// `init`: create the file when it does not exist.
    Create,
    /// Every other command: a missing file is a user error pointing at `qaudit init`.
    Existing,
}

/// An open, migrated store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The schema version the file had before `open` migrated it.
    pub upgraded_from: i64,
}

/// Opens (and if needed creates and migrates) the store at `path`.
///
/// The schema version is read before anything is written, so a file from a newer qaudit is
/// refused without being touched.
pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
    let exists = path.exists();
    if !exists && mode == OpenMode::Existing {
        return Err(UserError::new(
            format!("no qaudit store at {}", path.display()),
            format!(
                "create one with `qaudit init --db {}`, or point --db (or QAUDIT_DB) at an existing store",
                path.display()
            ),
        )
        .into());
    }
    if exists && path.is_dir() {
        return Err(UserError::new(
            format!("{} is a directory, not a qaudit store", path.display()),
            "give --db the path of a file, e.g. ./qaudit.db",
        )
        .into());
    }
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        UserError::new(
            format!("cannot open {}: {e}", path.display()),
            "check the path and its permissions",
        )
    })?;
    let store = configure(conn, path.to_path_buf())?;
    Ok(store)
}

/// An empty in-memory store with the full schema, for tests.
pub fn open_in_memory() -> Result<Store> {
    configure(Connection::open_in_memory()?, PathBuf::from(":memory:"))
}

fn configure(conn: Connection, path: PathBuf) -> Result<Store> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| not_a_store(&path, e))?;
    if version > migrations::latest() {
        return Err(UserError::new(
            format!(
                "{} was written by a newer qaudit (schema {version}; this qaudit knows up to {})",
                path.display(),
                migrations::latest()
            ),
            "upgrade qaudit to open this store; it has not been changed",
        )
        .into());
    }
    if version > 0 || path.as_os_str() == ":memory:" || is_empty_file(&path) {
        // Ours (or new): safe to configure.
    } else {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| not_a_store(&path, e))?;
        if tables > 0 {
            return Err(UserError::new(
                format!("{} is an SQLite database but not a qaudit store", path.display()),
                "point --db at a qaudit store, or at a new file to create one with `qaudit init`",
            )
            .into());
        }
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| not_a_store(&path, e))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // 64 MB of page cache: reports over large stores read far fewer pages from disk.
    conn.pragma_update(None, "cache_size", -64_000)?;
    let mut store = Store {
        conn,
        path,
        upgraded_from: version,
    };
    store.migrate(version)?;
    Ok(store)
}

fn is_empty_file(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true)
}

fn not_a_store(path: &Path, e: rusqlite::Error) -> anyhow::Error {
    UserError::new(
        format!("{} is not a qaudit store ({e})", path.display()),
        "point --db at a qaudit store, or at a new file to create one with `qaudit init`",
    )
    .into()
}

impl Store {
    fn migrate(&mut self, from: i64) -> Result<()> {
        for (i, sql) in migrations::MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)
                .with_context(|| format!("applying schema migration {}", i + 1))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        // Data work a migration asked for (`fixups`): two `meta` look-ups when there is none.
        self.run_pending()?;
        Ok(())
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in an IMMEDIATE transaction acting as `actor`; commits when `f` succeeds, rolls
    /// back (leaving the store exactly as it was) when it fails.
    pub fn write<T>(&mut self, actor: &str, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.begin_immediate()?;
        let mut wrapped = Tx {
            tx,
            actor: actor.to_string(),
        };
        let value = f(&mut wrapped)?;
        wrapped.tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write`], but with `rehearse` the transaction is always rolled back: a
    /// `--dry-run` does all the work of the real thing, reads back what it would store, and
    /// leaves the store exactly as it was.
    pub fn write_or_rehearse<T>(
        &mut self,
        actor: &str,
        rehearse: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        if !rehearse {
            return self.write(actor, f);
        }
        let tx = self.begin_immediate()?;
        let mut wrapped = Tx {
            tx,
            actor: actor.to_string(),
        };
        let value = f(&mut wrapped)?;
        wrapped.tx.rollback()?;
        Ok(value)
    }

    /// Starts an IMMEDIATE transaction. The busy timeout already waits for other writers; a
    /// store under heavy concurrent writing can still answer "busy" at once in some cases
    /// (a checkpoint, a lock handover), so the start is retried a few times with a growing
    /// pause before the error reaches anyone.
    fn begin_immediate(&mut self) -> Result<rusqlite::Transaction<'_>> {
        let mut attempt = 0u64;
        loop {
            match rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Ok(tx) => return Ok(tx),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && attempt < BUSY_RETRIES =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempt));
                }
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                    return Err(UserError::new(
                        format!(
                            "the store {} stayed busy: another qaudit kept it locked",
                            self.path.display()
                        ),
                        "try again in a moment; if it persists, look for a stuck qaudit or sqlite3 process",
                    )
                    .into());
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The connection, for read queries in this module's submodules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// A write transaction and the person it acts for.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    actor: String,
}

impl Tx<'_> {
    /// The acting staff member, recorded in the audit log.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// Store-wide facts kept in the `meta` table.
impl Store {
    /// Gathers the query planner's statistics (`ANALYZE`), after a bulk load.
    pub fn analyze(&self) -> Result<()> {
        self.conn.execute_batch("ANALYZE")?;
        Ok(())
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// True when the store holds any agent, interaction, visit or evaluation.
    pub fn has_records(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM agents) OR EXISTS (SELECT 1 FROM interactions)
                 OR EXISTS (SELECT 1 FROM visits) OR EXISTS (SELECT 1 FROM evaluations)",
            [],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    /// Sets a value of the `meta` table (audited).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![key, value],
        )?;
        self.audit(
            "meta.set",
            &format!("meta:{key}"),
            &serde_json::json!({ "value": value }),
        )
    }
}

impl Tx<'_> {
    /// Records the rest of the transaction as `actor`'s work. For builders that write several
    /// people's work at once (the demo), so each entry names who did it.
    pub fn act_as(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_bring_an_empty_database_to_the_latest_schema() {
        let store = open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest());
        let tables: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for expected in ["audit_log", "meta", "rubric_versions"] {
            assert!(
                tables.iter().any(|t| t == expected),
                "{expected} missing from {tables:?}"
            );
        }
    }

    #[test]
    fn each_migration_applies_on_top_of_the_previous_ones() {
        let conn = Connection::open_in_memory().unwrap();
        for (i, sql) in migrations::MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        }
    }

    #[test]
    fn writes_roll_back_entirely_on_error() {
        let mut store = open_in_memory().unwrap();
        let result: Result<()> = store.write("tester", |tx| {
            tx.audit("test.write", "thing:1", &serde_json::json!({}))?;
            anyhow::bail!("refused half-way")
        });
        assert!(result.is_err());
        assert!(store.audit_entries().unwrap().is_empty());
    }

    #[test]
    fn audit_entries_chain_by_hash() {
        let mut store = open_in_memory().unwrap();
        store
            .write("ana", |tx| {
                tx.audit("a.one", "thing:1", &serde_json::json!({"n": 1}))?;
                tx.audit("a.two", "thing:2", &serde_json::json!({"n": 2}))
            })
            .unwrap();
        let entries = store.audit_entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].prev_hash, audit::GENESIS);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        let e = &entries[1];
        let recomputed = audit::entry_hash(
            &e.prev_hash,
            e.seq,
            &e.at,
            &e.actor,
            &e.action,
            &e.entity,
            &e.change.to_string(),
        );
        assert_eq!(recomputed, e.hash);
        // The log refuses to be rewritten.
        assert!(store.conn().execute("UPDATE audit_log SET actor = 'eve'", []).is_err());
        assert!(store.conn().execute("DELETE FROM audit_log", []).is_err());
    }
}
