//! `verify`'s comparison of the tables with the log: every record in the tables must be the one
//! the latest audit entry naming it recorded (by digest, with the key), and every record the log
//! holds must still be in the tables. Also the attachments' bytes against their sha256.

use super::Store;
use super::chain::Latest;
use super::integrity::{Finding, RevisionBuilder, StoredRevision};
use super::records::{self, KINDS, Seen};
use crate::output::terminal::escape;
use anyhow::Result;
use sha2::{Digest, Sha256};

fn finding(entity: &str, problem: impl Into<String>) -> Finding {
    Finding {
        check: "records".to_string(),
        entity: escape(entity).into_owned(),
        problem: problem.into(),
    }
}

/// What [`Store::record_findings`] read and found.
pub struct RecordScan {
    /// Records read from the tables.
    pub records: usize,
    /// Evaluation revisions handed to the caller.
    pub revisions: usize,
    /// Whether the log records the `meta` table (see [`Store::meta_covered`]); when it does
    /// not, its rows were not compared.
    pub meta_covered: bool,
    pub findings: Vec<Finding>,
}

impl Store {
    /// Compares every record of every kind with `latest`, and hands `each_revision` every
    /// stored revision of every evaluation (read in the same pass, see
    /// [`super::integrity::RevisionBuilder`]).
    pub fn record_findings(
        &self,
        mut latest: Latest,
        mut each_revision: impl FnMut(StoredRevision) -> Result<()>,
    ) -> Result<RecordScan> {
        let secret = self.key.as_ref().map(|k| k.bytes.clone());
        let mut out = Vec::new();
        let (mut count, mut revisions) = (0usize, 0usize);
        let evaluations = records::kind("evaluation");
        let mut builder = RevisionBuilder::default();
        let meta_covered = self.meta_covered()?;
        let meta = records::kind("meta");
        for (k, kind) in KINDS.iter().enumerate() {
            if meta == Some(k) && !meta_covered {
                continue;
            }
            let tables: Vec<&str> = kind.parts.iter().map(|p| p.table).collect();
            let tables = tables.join(", ");
            let building = evaluations == Some(k);
            records::scan(self.conn(), secret.as_deref(), k, |seen| {
                let (key, name, digest) = match seen {
                    Seen::Row {
                        part,
                        row,
                        skip,
                        columns,
                    } => {
                        if building {
                            builder.row(part, row, skip, columns)?;
                        }
                        return Ok(());
                    }
                    Seen::Record { key, name, digest } => (key, name, digest),
                };
                count += 1;
                match latest.remove(name) {
                    None => out.push(finding(
                        name,
                        format!(
                            "is in the tables ({tables}) but no audit entry records it: it was inserted outside qaudit"
                        ),
                    )),
                    Some((seq, None)) => out.push(finding(
                        name,
                        format!("is in the tables ({tables}) although audit entry {seq} recorded it removed"),
                    )),
                    Some((seq, Some(logged))) => {
                        if digest.is_some_and(|d| d != logged) {
                            out.push(finding(
                                name,
                                format!("was changed outside qaudit: its rows in {tables} differ from what audit entry {seq} recorded"),
                            ));
                        }
                    }
                }
                if building {
                    for rev in builder.finish(key) {
                        revisions += 1;
                        each_revision(rev)?;
                    }
                }
                Ok(())
            })?;
        }
        let mut gone: Vec<(String, i64)> = latest
            .into_iter()
            .filter_map(|(name, (seq, digest))| digest.map(|_| (name, seq)))
            .filter(|(name, _)| {
                name.split_once(':')
                    .is_some_and(|(kind, _)| records::kind(kind).is_some() && (meta_covered || kind != "meta"))
            })
            .collect();
        gone.sort();
        for (name, seq) in gone {
            out.push(finding(
                &name,
                format!("was deleted outside qaudit: audit entry {seq} recorded it, the tables no longer hold it"),
            ));
        }
        out.extend(self.attachment_findings()?);
        Ok(RecordScan {
            records: count,
            revisions,
            meta_covered,
            findings: out,
        })
    }

    /// Each attachment's bytes against its stored size and sha256.
    fn attachment_findings(&self) -> Result<Vec<Finding>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, a.visit_id, a.file_name, a.size, a.sha256, a.content, r.purged_at IS NOT NULL
                 FROM attachments a LEFT JOIN attachment_removals r ON r.attachment_id = a.id ORDER BY a.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (id, visit, file, size, sha): (i64, i64, String, i64, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let content = r.get_ref(5)?.as_bytes_or_null()?.unwrap_or_default();
            // A lead purged these bytes (audited, with its tombstone): nothing is left to check,
            // and the purge itself is covered by the attachment's record digest.
            let purged: bool = r.get(6)?;
            if purged && content.is_empty() {
                continue;
            }
            let actual = crate::rubric::load::hex(&Sha256::digest(content));
            let name = format!("attachment:{id} ({file} of visit {visit})");
            if actual != sha {
                out.push(finding(
                    &name,
                    "its bytes do not match its stored sha256: the file was changed",
                ));
            }
            if content.len() as i64 != size {
                out.push(finding(
                    &name,
                    format!("holds {} bytes, its stored size is {size}", content.len()),
                ));
            }
        }
        Ok(out)
    }
}
