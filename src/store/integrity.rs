//! What `verify` reads and `backup` copies: SQLite's own checks, the raw audit chain, every
//! stored evaluation revision with its answers, and the rubric texts.

use super::Store;
use super::StoreError;
use anyhow::Result;
use rusqlite::Connection;
use rusqlite::backup::Backup;
use rusqlite::backup::StepResult;
use std::path::Path;

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    /// What was checked: `sqlite`, `foreign-keys`, `audit-log`, `rubric`, `evaluation`.
    pub check: String,
    /// Which entry or row, e.g. `audit entry 12` or `evaluation 40 revision 2`.
    pub entity: String,
    pub problem: String,
}

fn finding(check: &str, entity: impl Into<String>, problem: impl Into<String>) -> Finding {
    Finding {
        check: check.to_string(),
        entity: entity.into(),
        problem: problem.into(),
    }
}

/// One stored revision of an evaluation with its answers, for recomputation.
pub struct StoredRevision {
    pub evaluation: i64,
    pub revision: u32,
    pub rubric: String,
    pub version: u32,
    pub overall: f64,
    pub passed: bool,
    pub critical_failed: bool,
    pub band: Option<String>,
    /// (criterion key, answer as written, norm, critical_failed)
    pub answers: Vec<(String, String, Option<f64>, bool)>,
    /// (section id, score, zeroed)
    pub sections: Vec<(String, Option<f64>, bool)>,
    /// For the current revision: whether the evaluation row agrees with it.
    pub row_matches: Option<bool>,
}

/// Rows of a child table sorted by (evaluation, revision), read alongside the revisions in
/// one merge pass. Child rows whose revision does not exist are skipped (the foreign-key check
/// reports them).
struct ChildRows<'s, T, F: Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>> {
    rows: rusqlite::Rows<'s>,
    read: F,
    pending: Option<((i64, u32), T)>,
}

impl<'s, T, F: Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>> ChildRows<'s, T, F> {
    fn new(rows: rusqlite::Rows<'s>, read: F) -> Self {
        ChildRows {
            rows,
            read,
            pending: None,
        }
    }

    /// Every child row of `key`.
    fn take(&mut self, key: (i64, u32)) -> rusqlite::Result<Vec<T>> {
        let mut out = Vec::new();
        loop {
            if self.pending.is_none() {
                self.pending = match self.rows.next()? {
                    Some(r) => Some(((r.get(0)?, r.get(1)?), (self.read)(r)?)),
                    None => None,
                };
            }
            match self.pending.take() {
                Some((k, v)) if k == key => out.push(v),
                Some((k, _)) if k < key => {}
                other => {
                    self.pending = other;
                    return Ok(out);
                }
            }
        }
    }
}

impl Store {
    /// SQLite's `integrity_check` and `foreign_key_check`.
    pub fn sqlite_checks(&self) -> Result<Vec<Finding>> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                out.push(finding("sqlite", "database file", row));
            }
        }
        let mut stmt = self.conn().prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (table, rowid, parent) = row?;
            let at = rowid.map(|r| format!("{table} row {r}")).unwrap_or(table);
            out.push(finding(
                "foreign-keys",
                at,
                format!("refers to a missing row of {parent}"),
            ));
        }
        Ok(out)
    }

    /// (id, version, sha256, yaml) of every stored rubric version.
    pub fn rubric_texts(&self) -> Result<Vec<(String, u32, String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rubric_id, version, sha256, yaml FROM rubric_versions ORDER BY rubric_id, version")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `each` with every stored revision of every evaluation, in order, reading the
    /// answers in one pass so that a large store is walked in bounded memory.
    pub fn for_each_revision(&self, mut each: impl FnMut(StoredRevision) -> Result<()>) -> Result<usize> {
        let mut revs = self.conn().prepare(
            "SELECT r.evaluation_id, r.revision, e.rubric_id, e.rubric_version, r.overall, r.passed, r.critical_failed,
                    r.band, CASE WHEN r.revision = e.revision THEN
                        (e.overall IS r.overall AND e.passed IS r.passed AND e.critical_failed IS r.critical_failed
                         AND e.band IS r.band) END
             FROM evaluation_revisions r JOIN evaluations e ON e.id = r.evaluation_id
             ORDER BY r.evaluation_id, r.revision",
        )?;
        let mut answers = self.conn().prepare(
            "SELECT evaluation_id, revision, criterion_key, answer, norm, critical_failed FROM criterion_scores
             ORDER BY evaluation_id, revision",
        )?;
        let mut sections = self.conn().prepare(
            "SELECT evaluation_id, revision, section_id, score, zeroed FROM section_scores ORDER BY evaluation_id, revision",
        )?;
        let mut answer_rows = ChildRows::new(answers.query([])?, |a| Ok((a.get(2)?, a.get(3)?, a.get(4)?, a.get(5)?)));
        let mut section_rows = ChildRows::new(sections.query([])?, |s| Ok((s.get(2)?, s.get(3)?, s.get(4)?)));
        let mut count = 0;
        let mut rows = revs.query([])?;
        while let Some(r) = rows.next()? {
            let mut rev = StoredRevision {
                evaluation: r.get(0)?,
                revision: r.get(1)?,
                rubric: r.get(2)?,
                version: r.get(3)?,
                overall: r.get(4)?,
                passed: r.get(5)?,
                critical_failed: r.get(6)?,
                band: r.get(7)?,
                answers: Vec::new(),
                sections: Vec::new(),
                row_matches: r.get(8)?,
            };
            let key = (rev.evaluation, rev.revision);
            rev.answers = answer_rows.take(key)?;
            rev.sections = section_rows.take(key)?;
            count += 1;
            each(rev)?;
        }
        Ok(count)
    }

    /// Copies the store to `dest` with SQLite's online backup (consistent even while others
    /// write), through a temporary file renamed into place.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let temp = crate::temp_files::TempFile::beside(dest);
        let tmp = temp.path().to_path_buf();
        let copy = || -> rusqlite::Result<()> {
            let mut out = Connection::open(&tmp)?;
            {
                let backup = Backup::new(self.conn(), &mut out)?;
                // All pages in one step: one read snapshot, so the copy is consistent. A
                // writer holding the lock makes the step report Busy: wait and try again.
                let mut tries = 0;
                while backup.step(-1)? != StepResult::Done {
                    tries += 1;
                    if tries > 200 {
                        return Err(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            Some("the store stayed busy".into()),
                        ));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            }
            out.pragma_update(None, "journal_mode", "DELETE")?;
            Ok(())
        };
        if let Err(e) = copy() {
            return Err(StoreError::BackupFailed {
                dest: dest.to_path_buf(),
                reason: e.to_string(),
            }
            .into());
        }
        temp.keep(dest).map_err(|e| StoreError::BackupNotPlaced {
            dest: dest.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(())
    }
}
