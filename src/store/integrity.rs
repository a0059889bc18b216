//! What `verify` reads and `backup` copies: SQLite's own checks, every stored evaluation
//! revision with its answers (built during the record scan), and the rubric texts.

use super::Store;
use super::StoreError;
use anyhow::Result;
use rusqlite::Connection;
use rusqlite::backup::Backup;
use rusqlite::backup::StepResult;
use rusqlite::types::Value;
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

/// (criterion key, answer as written, norm, critical_failed)
pub type StoredAnswer = (String, String, Option<f64>, bool);
/// (section id, score, zeroed)
pub type StoredSection = (String, Option<f64>, bool);

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
    pub answers: Vec<StoredAnswer>,
    pub sections: Vec<StoredSection>,
    /// For the current revision: whether the evaluation row agrees with it.
    pub row_matches: Option<bool>,
}

/// Builds each evaluation's [`StoredRevision`]s from the rows of its record as the record scan
/// ([`super::records::scan`]) reads them, so `verify` recomputes every revision from the same
/// single pass over the evaluation tables that checks their digests (the tables are the
/// largest in the store; reading them twice was most of `verify`'s time). As the old join
/// did, revisions of an evaluation whose row is missing, and answers of a revision that does
/// not exist, are not recomputed: the record and foreign-key checks name them.
#[derive(Default)]
pub(super) struct RevisionBuilder {
    /// Each part's column indices (looked up by name on its first row).
    columns: [Vec<usize>; 4],
    evaluation: Option<EvaluationRow>,
    revisions: Vec<(StoredRevision, [Value; 4])>,
    answers: Vec<(u32, StoredAnswer)>,
    sections: Vec<(u32, StoredSection)>,
}

/// What the evaluation row says of its current revision.
struct EvaluationRow {
    rubric: String,
    version: u32,
    revision: Value,
    /// overall, passed, critical_failed, band
    result: [Value; 4],
}

/// The columns each part of an evaluation is read by, in the order the builder uses them.
const COLUMNS: [&[&str]; 4] = [
    &[
        "rubric_id",
        "rubric_version",
        "revision",
        "overall",
        "passed",
        "critical_failed",
        "band",
    ],
    &["revision", "overall", "passed", "critical_failed", "band"],
    &["revision", "criterion_key", "answer", "norm", "critical_failed"],
    &["revision", "section_id", "score", "zeroed"],
];

/// `a IS b` for two columns of the same affinity: numbers by value, NULL equal to NULL.
fn same_sql(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Integer(p), Value::Real(q)) | (Value::Real(q), Value::Integer(p)) => *p as f64 == *q,
        _ => a == b,
    }
}

impl RevisionBuilder {
    /// Takes one row of part `part` of the current evaluation.
    pub(super) fn row(&mut self, part: usize, row: &rusqlite::Row<'_>, skip: usize, names: &[String]) -> Result<()> {
        if self.columns[part].is_empty() {
            for wanted in COLUMNS[part] {
                let at = names
                    .iter()
                    .position(|n| n == wanted)
                    .ok_or_else(|| anyhow::anyhow!("the store has no column {wanted} where verify reads it"))?;
                self.columns[part].push(skip + at);
            }
        }
        let c = &self.columns[part];
        match part {
            0 => {
                self.evaluation = Some(EvaluationRow {
                    rubric: row.get(c[0])?,
                    version: row.get(c[1])?,
                    revision: row.get(c[2])?,
                    result: [row.get(c[3])?, row.get(c[4])?, row.get(c[5])?, row.get(c[6])?],
                })
            }
            1 => self.revisions.push((
                StoredRevision {
                    evaluation: 0,
                    revision: row.get(c[0])?,
                    rubric: String::new(),
                    version: 0,
                    overall: row.get(c[1])?,
                    passed: row.get(c[2])?,
                    critical_failed: row.get(c[3])?,
                    band: row.get(c[4])?,
                    answers: Vec::new(),
                    sections: Vec::new(),
                    row_matches: None,
                },
                [row.get(c[1])?, row.get(c[2])?, row.get(c[3])?, row.get(c[4])?],
            )),
            2 => self.answers.push((
                row.get(c[0])?,
                (row.get(c[1])?, row.get(c[2])?, row.get(c[3])?, row.get(c[4])?),
            )),
            _ => self
                .sections
                .push((row.get(c[0])?, (row.get(c[1])?, row.get(c[2])?, row.get(c[3])?))),
        }
        Ok(())
    }

    /// The revisions of the evaluation whose rows were taken since the last call, in order of
    /// revision; the builder is then ready for the next evaluation.
    pub(super) fn finish(&mut self, key: &[Value]) -> Vec<StoredRevision> {
        let evaluation = self.evaluation.take();
        let revisions = std::mem::take(&mut self.revisions);
        let mut answers = std::mem::take(&mut self.answers).into_iter().peekable();
        let mut sections = std::mem::take(&mut self.sections).into_iter().peekable();
        let (Some(e), [Value::Integer(id)]) = (evaluation, key) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(revisions.len());
        for (mut rev, stored) in revisions {
            rev.evaluation = *id;
            rev.rubric = e.rubric.clone();
            rev.version = e.version;
            if same_sql(&e.revision, &Value::Integer(i64::from(rev.revision))) {
                rev.row_matches = Some(e.result.iter().zip(&stored).all(|(a, b)| same_sql(a, b)));
            }
            // Both lists are in order of revision: skip the rows of revisions that do not exist.
            while answers.next_if(|(r, _)| *r < rev.revision).is_some() {}
            while let Some((_, a)) = answers.next_if(|(r, _)| *r == rev.revision) {
                rev.answers.push(a);
            }
            while sections.next_if(|(r, _)| *r < rev.revision).is_some() {}
            while let Some((_, s)) = sections.next_if(|(r, _)| *r == rev.revision) {
                rev.sections.push(s);
            }
            out.push(rev);
        }
        out
    }
}

/// A read-only connection of its own to a store's file (see [`Store::reader`]); it may be
/// moved to another thread.
pub struct Reader {
    conn: Connection,
}

impl Reader {
    /// SQLite's `integrity_check` and `foreign_key_check`.
    pub fn sqlite_checks(&self) -> Result<Vec<Finding>> {
        sqlite_checks(&self.conn)
    }
}

fn sqlite_checks(conn: &Connection) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" {
            out.push(finding("sqlite", "database file", row));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
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

impl Store {
    /// SQLite's `integrity_check` and `foreign_key_check`.
    pub fn sqlite_checks(&self) -> Result<Vec<Finding>> {
        sqlite_checks(self.conn())
    }

    /// A second, read-only connection to the store's file, so that SQLite's whole-file checks
    /// (a fifth of `verify`'s work, and independent of the rest) run beside verify's own
    /// reading. `None` for an in-memory store, or when the file cannot be opened a second time
    /// (then the checks run on the store's own connection).
    pub fn reader(&self) -> Option<Reader> {
        if self.reader_target.is_empty() {
            return None;
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
            | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&self.reader_target, flags).ok()?;
        conn.busy_timeout(super::BUSY_TIMEOUT).ok()?;
        conn.pragma_update(None, "cache_size", -64_000).ok()?;
        Some(Reader { conn })
    }

    /// (id, version, sha256, yaml) of every stored rubric version.
    pub fn rubric_texts(&self) -> Result<Vec<(String, u32, String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rubric_id, version, sha256, yaml FROM rubric_versions ORDER BY rubric_id, version")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
