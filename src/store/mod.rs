//! The SQLite store: the one place that opens the database and the only module with SQL.
//!
//! Commands call typed functions here. Writes go through [`Store::write`], which runs an
//! IMMEDIATE transaction (so concurrent writers queue on the busy timeout instead of failing
//! half-way) and gives the closure a [`Tx`] that appends to the audit log.

pub mod audit;
pub mod calibration;
mod chain;
pub mod coaching;
pub mod disputes;
pub mod evaluations;
pub mod flags;
pub mod integrity;
pub mod interactions;
pub mod key;
mod keying;
mod migrations;
pub mod people;
mod record_check;
pub mod records;
pub mod reports;
pub mod rubrics;
pub mod samples;
pub mod status;
pub mod visits;

use crate::error::UserError;
use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use chain::ChainReport;
pub use keying::KeyState;
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
    let conn = Connection::open_with_flags(&target, flags).map_err(|e| {
        UserError::new(
            format!("cannot open {}: {e}", path.display()),
            "check the path and its permissions",
        )
    })?;
    let read_only = read_only || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
    let store = configure(conn, path.to_path_buf(), read_only)?;
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
    if read_only {
        if version < migrations::latest() {
            return Err(UserError::new(
                format!(
                    "the store {} is read-only and was written by an older qaudit (schema {version})",
                    path.display()
                ),
                "upgrade it once where it may be written (`qaudit init`), or read it with the qaudit that wrote it",
            )
            .into());
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
    };
    if !read_only {
        store.migrate(version)?;
    }
    store.store_id = store.meta("store_id")?.unwrap_or_default();
    if store.path.as_os_str() != ":memory:" && keying::check_store_id(&store.store_id).is_ok() {
        store.key = key::load(&store.store_id)?;
    }
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
    ///
    /// Refused on a read-only store and without the store's key. Before committing, the new head
    /// is recorded beside the key (and put back when the commit fails), while this writer holds
    /// the lock, so heads of concurrent writers never go backwards.
    pub fn write<T>(&mut self, actor: &str, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if !self.read_only {
            self.check_actor(actor)?;
        }
        self.write_as_qaudit(actor, f)
    }

    /// [`Store::write`] without the check of the actor: for qaudit's own entries (starting the
    /// keyed chain of a store whose staff may not include the OS user running `init`).
    pub(crate) fn write_as_qaudit<T>(&mut self, actor: &str, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(UserError::new(
                format!("the store {} is read-only: nothing was changed", self.path.display()),
                "write on a copy that may be written (e.g. `qaudit backup`), or ask who owns the file for write access",
            )
            .into());
        }
        keying::check_store_id(&self.store_id)?;
        let Some(secret) = self.key.as_ref().map(|k| k.bytes.clone()) else {
            return Err(self.missing_key().into());
        };
        let in_memory = self.path.as_os_str() == ":memory:";
        let store_id = self.store_id.clone();
        let pending = Arc::clone(&self.pending);
        let tx = self.begin_immediate()?;
        pending.lock().map(|mut p| p.clear()).ok();
        let mut wrapped = Tx {
            tx,
            actor: actor.to_string(),
            key: secret,
            head: None,
            touched: Vec::new(),
            pending,
        };
        let value = f(&mut wrapped)?;
        if !wrapped.take_touched()?.is_empty() {
            anyhow::bail!("a write stored records without an audit entry (a defect in qaudit); nothing was changed");
        }
        let head = wrapped.head.take();
        let previous = key::read_head(&store_id);
        let record_head = head.is_some() && !in_memory;
        if record_head {
            key::write_head(&store_id, head.as_ref())?;
        }
        if let Err(e) = wrapped.tx.commit() {
            if record_head {
                let _ = key::write_head(&store_id, previous.as_ref());
            }
            return Err(e.into());
        }
        Ok(value)
    }

    /// Runs `f` in a transaction that must write nothing (it is rolled back, and any record
    /// written would be an error): for commands that check what a write would do.
    pub fn write_nothing<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let pending = Arc::clone(&self.pending);
        let tx = self.begin_immediate()?;
        pending.lock().map(|mut p| p.clear()).ok();
        let mut wrapped = Tx {
            tx,
            actor: String::new(),
            key: Vec::new(),
            head: None,
            touched: Vec::new(),
            pending,
        };
        let value = f(&mut wrapped)?;
        if wrapped.head.is_some() || !wrapped.take_touched()?.is_empty() {
            anyhow::bail!("a check wrote to the store (a defect in qaudit); nothing was changed");
        }
        wrapped.tx.rollback()?;
        Ok(value)
    }

    /// The refusal of a write without the key.
    fn missing_key(&self) -> UserError {
        let path = key::key_path(&self.store_id);
        UserError::new(
            format!("this store's key is not here: {}", path.display()),
            "restore the key file from where you keep its backup (or set QAUDIT_KEY_FILE to it); a store made by an older qaudit gets its key from `qaudit init`",
        )
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
    /// The store's key: entries and record digests are HMACs under it.
    key: Vec<u8>,
    /// The last entry this transaction wrote: `(seq, hash)`.
    head: Option<(i64, String)>,
    /// Records named by [`Tx::touch`] since the last entry.
    touched: Vec<(usize, Vec<rusqlite::types::Value>)>,
    pending: Pending,
}

impl Tx<'_> {
    /// The acting staff member, recorded in the audit log.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Names a record this write changed where SQLite's update hook cannot see it (rows of a
    /// `WITHOUT ROWID` table, deleted rows), so the next audit entry carries its digest.
    pub(crate) fn touch(&mut self, kind: &str, key: Vec<rusqlite::types::Value>) -> Result<()> {
        let kind = records::kind(kind).ok_or_else(|| anyhow::anyhow!("no record kind `{kind}`"))?;
        self.touched.push((kind, key));
        Ok(())
    }

    /// Every record written since the last entry, once each, in the order first written.
    fn take_touched(&mut self) -> Result<Vec<(usize, Vec<rusqlite::types::Value>)>> {
        self.take_touched_of(None)
    }

    /// Like [`Tx::take_touched`], only records of `kinds` (the others stay for a later entry).
    pub(crate) fn take_touched_of(
        &mut self,
        kinds: Option<&[&str]>,
    ) -> Result<Vec<(usize, Vec<rusqlite::types::Value>)>> {
        let wanted = |k: usize| kinds.is_none_or(|ks| ks.contains(&records::KINDS[k].name));
        let mut guard = self.pending.lock().map_err(|_| anyhow::anyhow!("poisoned lock"))?;
        let (rows, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut *guard).into_iter().partition(|r| wanted(r.0));
        *guard = kept;
        drop(guard);
        let (mut out, kept): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.touched).into_iter().partition(|r| wanted(r.0));
        self.touched = kept;
        for (kind, part, rowid) in rows {
            if let Some(key) = records::key_of_row(&self.tx, kind, part, rowid)? {
                out.push((kind, key));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|(kind, key)| seen.insert(records::record_name(*kind, key)));
        Ok(out)
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
