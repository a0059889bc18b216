//! The SQLite store: the one place that opens the database and the only module with SQL.
//!
//! Commands call typed functions here. Writes go through [`Store::write`], which runs an
//! IMMEDIATE transaction (so concurrent writers queue on the busy timeout instead of failing
//! half-way) and gives the closure a [`Tx`] that appends to the audit log.

pub mod attachments;
pub mod audit;
pub mod calibration;
mod chain;
pub mod coaching;
pub mod contact_voice;
pub mod counting;
pub mod criteria_report;
pub mod decisions;
pub mod disputes;
pub mod doubles;
pub mod error;
pub mod evaluations;
pub mod exports;
mod fixups;
pub mod flags;
pub mod integrity;
pub mod interaction_changes;
pub mod interactions;
pub mod key;
mod keying;
mod migrations;
pub mod mystery;
pub mod people;
pub mod practice;
pub mod ramp_up;
mod record_check;
pub mod records;
pub mod reliability;
pub mod reports;
pub mod rubric_cache;
pub mod rubrics;
pub mod samples;
pub mod settings;
pub mod status;
pub mod training;
pub mod validity;
pub mod visibility;
pub mod visits;
pub mod voice;
mod write;

use anyhow::{Context, Result};
pub use error::{Fault, StoreError, fault_of};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use chain::{BackupEnd, ChainReport};
pub use keying::KeyState;
pub use migrations::latest as schema_version;
pub use write::Tx;

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `open` may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// `init`: create the file when it does not exist.
    Create,
    /// Every other command: a missing file is refused (the store is made by initialising it).
    Existing,
}

/// Rows written since the last audit entry, as SQLite's update hook reports them:
/// (kind, part, rowid) of tables holding records (see [`records`]).
type Pending = Arc<Mutex<Vec<(usize, usize, i64)>>>;

/// An open, migrated store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The schema version the file had before `open` migrated it.
    pub upgraded_from: i64,
    /// The store's id (meta `store_id`), naming its key and head files.
    store_id: String,
    /// The store's key, when its file is here.
    key: Option<key::StoreKey>,
    /// Opened read-only (the file or its folder may not be written).
    read_only: bool,
    pending: Pending,
    /// How a second, read-only connection opens the same file ([`Store::reader`]); empty for
    /// an in-memory store.
    reader_target: std::ffi::OsString,
}

/// Opens (and if needed creates and migrates) the store at `path`.
///
/// The schema version is read before anything is written, so a file from a newer qaudit is
/// refused without being touched.
pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
    let exists = path.exists();
    if !exists && mode == OpenMode::Existing {
        return Err(StoreError::NoStore {
            path: path.to_path_buf(),
        }
        .into());
    }
    if exists && path.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_path_buf(),
        }
        .into());
    }
    let (file_ok, dir_ok) = if exists { writable(path) } else { (true, true) };
    let read_only = exists && (forced_read_only() || !file_ok || !dir_ok);
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
    } else if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    // On a read-only file system SQLite cannot make the `-shm` file a WAL store needs even for
    // reading; opened as immutable it reads the main file as it is (qaudit checkpoints the WAL
    // into it whenever the last connection closes).
    let target = if read_only && !dir_ok {
        std::ffi::OsString::from(format!("file:{}?immutable=1", uri_path(path)))
    } else if read_only {
        std::ffi::OsString::from(format!("file:{}?mode=ro", uri_path(path)))
    } else {
        path.as_os_str().to_os_string()
    };
    let conn = Connection::open_with_flags(&target, flags).map_err(|e| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let read_only = read_only || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
    let mut store = configure(conn, path.to_path_buf(), read_only)?;
    store.reader_target = if read_only {
        target
    } else {
        std::ffi::OsString::from(format!("file:{}?mode=ro", uri_path(path)))
    };
    Ok(store)
}

/// `QAUDIT_READ_ONLY=1` opens every store read-only: for looking at a store that must not
/// change (an auditor's copy), and for testing what a read-only store does.
fn forced_read_only() -> bool {
    std::env::var("QAUDIT_READ_ONLY").is_ok_and(|v| v == "1")
}

/// `path` as the path of an SQLite `file:` URI (characters with a meaning there escaped).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Whether the store file, and its folder (where SQLite keeps the `-wal` and `-shm` files),
/// may be written: opening for writing on a read-only file system fails late and obscurely
/// otherwise.
fn writable(path: &Path) -> (bool, bool) {
    let file_ok = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".qaudit-probe-{}", std::process::id()));
    let dir_ok = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map(|_| {
            let _ = std::fs::remove_file(&probe);
        })
        .is_ok();
    (file_ok, dir_ok)
}

/// An empty in-memory store with the full schema, for tests.
pub fn open_in_memory() -> Result<Store> {
    let mut store = configure(Connection::open_in_memory()?, PathBuf::from(":memory:"), false)?;
    let bytes = store.random_key()?;
    store.key = Some(key::StoreKey {
        bytes,
        path: PathBuf::from(":memory:"),
    });
    Ok(store)
}

fn configure(mut conn: Connection, path: PathBuf, read_only: bool) -> Result<Store> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| not_a_store(&path, e))?;
    if version > migrations::latest() {
        return Err(StoreError::NewerSchema {
            path,
            version,
            known: migrations::latest(),
        }
        .into());
    }
    if version > 0 || path.as_os_str() == ":memory:" || is_empty_file(&path) {
        // Ours (or new): safe to configure.
    } else {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| not_a_store(&path, e))?;
        if tables > 0 {
            return Err(StoreError::ForeignDatabase { path }.into());
        }
    }
    if read_only {
        if version < migrations::latest() {
            return Err(StoreError::OlderSchemaReadOnly { path, version }.into());
        }
    } else {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| not_a_store(&path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 64 MB of page cache: reports over large stores read far fewer pages from disk.
    conn.pragma_update(None, "cache_size", -64_000)?;
    if let Some(pages) = std::env::var("QAUDIT_MAX_PAGE_COUNT")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
    {
        // A ceiling on the store's size, in pages: a write beyond it fails as on a full disk.
        conn.pragma_update(None, "max_page_count", pages)?;
    }
    let pending: Pending = Arc::default();
    let hook = Arc::clone(&pending);
    conn.update_hook(Some(move |action, _db: &str, table: &str, rowid| {
        if action != rusqlite::hooks::Action::SQLITE_DELETE {
            if let Some((kind, part)) = records::part_of(table) {
                if let Ok(mut rows) = hook.lock() {
                    rows.push((kind, part, rowid));
                }
            }
        }
    }))?;
    let mut store = Store {
        conn,
        path,
        upgraded_from: version,
        store_id: String::new(),
        key: None,
        read_only,
        pending,
        reader_target: std::ffi::OsString::new(),
    };
    if !read_only {
        store.migrate(version)?;
    }
    store.store_id = store.meta("store_id")?.unwrap_or_default();
    crate::dates::use_zone(store.timezone()?);
    if store.path.as_os_str() != ":memory:" && keying::check_store_id(&store.store_id).is_ok() {
        store.key = key::load(&store.store_id)?;
    }
    // Data work a migration asked for (`fixups`) is audited, so it waits for the store's key.
    if !read_only && store.key.is_some() {
        store.cover_meta("qaudit-upgrade")?;
        store.run_pending()?;
    }
    Ok(store)
}

fn is_empty_file(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true)
}

fn not_a_store(path: &Path, e: rusqlite::Error) -> anyhow::Error {
    StoreError::NotAStore {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
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

    /// The connection, for read queries in this module's submodules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
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
    fn audit_entries_chain_by_keyed_hash() {
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
        let change = e.change.to_string();
        let fields = audit::Fields {
            prev_hash: &e.prev_hash,
            seq: e.seq,
            at: &e.at,
            actor: &e.actor,
            os_user: e.os_user.as_deref().unwrap_or(""),
            action: &e.action,
            entity: &e.entity,
            change: &change,
            records_hash: "",
        };
        let key = store.key.as_ref().unwrap().bytes.clone();
        assert_eq!(audit::entry_mac(&key, &fields), e.hash);
        // Under another key the same entry has another hash: it cannot be forged without it.
        assert_ne!(audit::entry_mac(b"another key", &fields), e.hash);
        // The log refuses to be rewritten.
        assert!(store.conn().execute("UPDATE audit_log SET actor = 'eve'", []).is_err());
        assert!(store.conn().execute("DELETE FROM audit_log", []).is_err());
    }
}
