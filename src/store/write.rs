//! Writing: [`Store::write`] runs an IMMEDIATE transaction acting as someone, refused on a
//! read-only store and without the store's key, and hands the closure a [`Tx`] whose audit
//! entries carry the digests of every record written (see [`super::records`]). Before the
//! commit the new head is recorded beside the key.

use super::{Pending, Store, StoreError, key, keying, records};
use anyhow::Result;
use rusqlite::{Connection, TransactionBehavior};
use std::sync::Arc;
use std::time::Duration;

/// How many times the start of a write transaction is retried when the store is busy.
const BUSY_RETRIES: u64 = 10;

impl Store {
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
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }
            .into());
        }
        keying::check_store_id(&self.store_id)?;
        let Some(secret) = self.key.as_ref().map(|k| k.bytes.clone()) else {
            return Err(self.missing_key(false).into());
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

    /// Like [`Store::write`], but with `rehearse` the transaction is always rolled back: a
    /// `--dry-run` does all the work of the real thing, reads back what it would store, and
    /// leaves the store (and the head beside the key) exactly as it was.
    pub fn write_or_rehearse<T>(
        &mut self,
        actor: &str,
        rehearse: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        if !rehearse {
            return self.write(actor, f);
        }
        if !self.read_only {
            self.check_actor(actor)?;
        }
        let key = self.key.as_ref().map(|k| k.bytes.clone()).unwrap_or_default();
        let pending = Arc::clone(&self.pending);
        let tx = self.begin_immediate()?;
        pending.lock().map(|mut p| p.clear()).ok();
        let mut wrapped = Tx {
            tx,
            actor: actor.to_string(),
            key,
            head: None,
            touched: Vec::new(),
            pending,
        };
        let value = f(&mut wrapped)?;
        wrapped.tx.rollback()?;
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

    /// The refusal of a write without the key (`keyed_log`: its log shows a key was used).
    pub(super) fn missing_key(&self, keyed_log: bool) -> StoreError {
        StoreError::KeyMissing {
            path: key::key_path(&self.store_id),
            keyed_log,
        }
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
                    return Err(StoreError::Busy {
                        path: self.path.clone(),
                    }
                    .into());
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// A write transaction and the person it acts for.
pub struct Tx<'a> {
    pub(super) tx: rusqlite::Transaction<'a>,
    pub(super) actor: String,
    /// The store's key: entries and record digests are HMACs under it.
    pub(super) key: Vec<u8>,
    /// The last entry this transaction wrote: `(seq, hash)`.
    pub(super) head: Option<(i64, String)>,
    /// Records named by [`Tx::touch`] since the last entry.
    pub(super) touched: Vec<(usize, Vec<rusqlite::types::Value>)>,
    pub(super) pending: Pending,
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
    pub(super) fn take_touched(&mut self) -> Result<Vec<(usize, Vec<rusqlite::types::Value>)>> {
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
