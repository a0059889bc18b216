//! What `verify` proves about the audit log: every entry follows the one before, its hash is
//! what its fields (and its record digests) give under the store's key, nothing is missing
//! from the newest entries (the head kept beside the key, and `--expect-head`), and which digest
//! the log holds last for every record.

use super::audit::{Fields, GENESIS, RecordsHash, entry_hash, entry_mac};
use super::integrity::Finding;
use super::{Store, key};
use anyhow::Result;
use std::collections::HashMap;

/// The latest digest the log holds for each record: (entry, digest; `None` = recorded removed).
pub type Latest = HashMap<String, (i64, Option<[u8; 32]>)>;

/// What walking the log found.
pub struct ChainReport {
    pub entries: usize,
    /// Whether the key was here, so that hashes (not only links) were checked.
    pub keyed: bool,
    pub key_path: String,
    /// The last entry: `(seq, hash)`.
    pub head: Option<(i64, String)>,
    pub findings: Vec<Finding>,
    pub latest: Latest,
    /// Said beside the result: this file is a backup, whose log ends where it was made.
    pub backup: Option<BackupEnd>,
}

/// A log that ends at the head of a backup made of the store: that backup, not a loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupEnd {
    /// The backup's last entry.
    pub entry: i64,
    /// The store's head recorded beside the key (where the store has moved on to).
    pub store_head: i64,
}

fn finding(entity: impl Into<String>, problem: impl Into<String>) -> Finding {
    Finding {
        check: "audit-log".to_string(),
        entity: entity.into(),
        problem: problem.into(),
    }
}

impl Store {
    /// The first sequence number of the keyed chain.
    fn keyed_from(&self) -> Result<i64> {
        Ok(self.meta("keyed_from")?.and_then(|v| v.parse().ok()).unwrap_or(1))
    }

    /// The store's id (naming its key and head files).
    pub fn store_id(&self) -> &str {
        &self.store_id
    }

    /// Where the store's key is (or should be).
    pub fn key_path(&self) -> std::path::PathBuf {
        key::key_path(&self.store_id)
    }

    /// Whether the store's key is here.
    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }

    /// The last entry of the log: `(seq, hash)`.
    pub fn log_head(&self) -> Result<Option<(i64, String)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Walks the log oldest first, with each entry's record digests beside it.
    pub fn check_chain(&self, expect_head: Option<&(i64, String)>) -> Result<ChainReport> {
        let keyed_from = self.keyed_from()?;
        let secret = self.key.as_ref().map(|k| k.bytes.clone());
        let mut stmt = self.conn().prepare(
            "SELECT seq, at, actor, action, entity, change, prev_hash, hash, os_user, records_hash FROM audit_log ORDER BY seq",
        )?;
        let mut digests = self
            .conn()
            .prepare("SELECT seq, record, digest FROM audit_records ORDER BY seq, rowid")?;
        let mut digest_rows = digests.query([])?;
        let mut next_digest: Option<DigestRow> = read_digest(&mut digest_rows)?;
        let mut rows = stmt.query([])?;
        let (mut expected_prev, mut expected_seq, mut count) = (GENESIS.to_string(), 1i64, 0usize);
        let mut findings = Vec::new();
        let mut latest: Latest = HashMap::new();
        let mut last: Option<(i64, String)> = None;
        let mut expected_seen = false;
        while let Some(r) = rows.next()? {
            count += 1;
            let seq: i64 = r.get(0)?;
            let [at, actor, action, entity, change, prev, hash]: [String; 7] = [
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ];
            let os_user: Option<String> = r.get(8)?;
            let stored_records: Option<String> = r.get(9)?;
            let name = format!(
                "audit entry {seq} ({} {})",
                crate::output::terminal::escape(&action),
                crate::output::terminal::escape(&entity)
            );
            // The digests of this entry (and any of entries that do not exist, which are named).
            let mut records = RecordsHash::new();
            while let Some((s, record, digest)) = next_digest.take() {
                if s > seq {
                    next_digest = Some((s, record, digest));
                    break;
                }
                let digest: Option<[u8; 32]> = digest.and_then(|d| d.try_into().ok());
                if s == seq {
                    records.add(&record, digest.as_ref().map(|d| &d[..]));
                    latest.insert(record, (seq, digest));
                } else {
                    findings.push(finding(
                        format!("record digest of {}", crate::output::terminal::escape(&record)),
                        format!("belongs to audit entry {s}, which does not exist"),
                    ));
                }
                next_digest = read_digest(&mut digest_rows)?;
            }
            let records = records.finish();
            if seq != expected_seq {
                let missing = if seq == expected_seq + 1 {
                    format!("entry {expected_seq} is missing before it")
                } else {
                    format!("entries {expected_seq} to {} are missing before it", seq - 1)
                };
                findings.push(finding(&name, missing));
            }
            if prev != expected_prev {
                findings.push(finding(
                    &name,
                    "does not follow the entry before it (the chain is broken here)",
                ));
            }
            if seq < keyed_from {
                if stored_records.is_some_and(|r| !r.is_empty()) || !records.is_empty() {
                    findings.push(finding(
                        &name,
                        "an entry from before the keyed chain carries record digests",
                    ));
                }
                if entry_hash(&prev, seq, &at, &actor, &action, &entity, &change) != hash {
                    findings.push(finding(
                        &name,
                        "its content does not match its hash: it was changed after it was written",
                    ));
                }
            } else {
                if stored_records.as_deref().unwrap_or("") != records {
                    findings.push(finding(&name, "its record digests were changed after it was written"));
                }
                if let Some(secret) = &secret {
                    let fields = Fields {
                        prev_hash: &prev,
                        seq,
                        at: &at,
                        actor: &actor,
                        os_user: os_user.as_deref().unwrap_or(""),
                        action: &action,
                        entity: &entity,
                        change: &change,
                        records_hash: &records,
                    };
                    if entry_mac(secret, &fields) != hash {
                        findings.push(finding(
                            &name,
                            "its content does not match its keyed hash: it was changed or forged without the store's key",
                        ));
                    }
                }
            }
            if let Some((s, h)) = expect_head {
                if *s == seq {
                    expected_seen = true;
                    if *h != hash {
                        findings.push(finding(
                            &name,
                            format!("its hash is not the expected head {s}:{h}: the log was rewritten up to here"),
                        ));
                    }
                }
            }
            expected_prev = hash.clone();
            expected_seq = seq + 1;
            last = Some((seq, hash));
        }
        while let Some((s, record, _)) = next_digest.take() {
            findings.push(finding(
                format!("record digest of {}", crate::output::terminal::escape(&record)),
                format!("belongs to audit entry {s}, which does not exist"),
            ));
            next_digest = read_digest(&mut digest_rows)?;
        }
        if let Some((s, _)) = expect_head {
            if !expected_seen {
                findings.push(finding(
                    format!("audit entry {s}"),
                    "the expected head is not in the log: entries were removed",
                ));
            }
        }
        let mut backup = None;
        if secret.is_some() {
            let (head, end) = self.head_findings(last.as_ref(), keyed_from);
            findings.extend(head);
            backup = end;
        }
        Ok(ChainReport {
            entries: count,
            keyed: secret.is_some(),
            key_path: self.key_path().display().to_string(),
            head: last,
            findings,
            latest,
            backup,
        })
    }

    /// Compares the log's last entry with the head recorded beside the key; a log ending at
    /// the head of a backup made of the store is that backup (a note, not a finding).
    fn head_findings(&self, last: Option<&(i64, String)>, keyed_from: i64) -> (Vec<Finding>, Option<BackupEnd>) {
        let path = key::head_path(&self.store_id);
        let recorded = key::read_head(&self.store_id);
        if let (Some((hs, _)), Some(l)) = (&recorded, last) {
            if *hs > l.0 && key::backup_heads(&self.store_id).contains(l) {
                return (
                    Vec::new(),
                    Some(BackupEnd {
                        entry: l.0,
                        store_head: *hs,
                    }),
                );
            }
        }
        let mut out = Vec::new();
        match (recorded, last) {
            (None, Some((seq, _))) if *seq >= keyed_from => out.push(finding(
                "the head",
                format!(
                    "no head is recorded in {} although the log has keyed entries",
                    path.display()
                ),
            )),
            (None, _) => {}
            (Some((hs, _)), None) => out.push(finding(
                "the head",
                format!(
                    "the log is empty, but {} records entry {hs}: every entry was removed",
                    path.display()
                ),
            )),
            (Some((hs, hh)), Some((ls, lh))) => {
                if hs > *ls {
                    out.push(finding(
                        "the head",
                        format!(
                            "entries {} to {hs} were removed: the log ends at {ls}, the head beside the key is {hs}",
                            ls + 1
                        ),
                    ));
                } else if hs < *ls {
                    out.push(finding(
                        "the head",
                        format!("entries {} to {ls} were not written by qaudit with this key (the head beside the key is {hs})", hs + 1),
                    ));
                } else if hh != *lh {
                    out.push(finding(
                        "the head",
                        format!("entry {ls} is not the one recorded beside the key: the log was rewritten"),
                    ));
                }
            }
        }
        (out, None)
    }
}

/// One row of `audit_records`: (entry, record, digest).
type DigestRow = (i64, String, Option<Vec<u8>>);

fn read_digest(rows: &mut rusqlite::Rows<'_>) -> Result<Option<DigestRow>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
        None => None,
    })
}
