//! Evidence of visits: the files, their facts (size, sha256, media type, EXIF time and
//! position), and their removal. A file removed from a visit keeps its row and bytes, with a
//! tombstone in `attachment_removals` (who, when, why); a lead may purge the bytes later, which
//! the tombstone records too. Nothing here deletes a row.

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

/// An attachment's description (its bytes stay in the store).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    /// From the file's first bytes; `None` for evidence stored before types were recorded.
    pub media_type: Option<String>,
    /// EXIF DateTimeOriginal, as [`crate::visits::photo::PhotoFacts::taken_at`].
    pub taken_at: Option<String>,
    /// EXIF GPS `lat,lon`. Never serialised with listings: only leads see it, through
    /// `visit show`.
    #[serde(skip)]
    pub gps: Option<String>,
    /// The visit revision that added it.
    pub revision: Option<u32>,
    pub added_by: Option<String>,
    pub added_at: String,
    pub removed: Option<Removal>,
}

/// The tombstone of removed evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removal {
    pub by: String,
    pub at: String,
    pub reason: String,
    /// Set once a lead purged the bytes.
    pub purged_by: Option<String>,
    pub purged_at: Option<String>,
}

/// A file to attach.
pub struct NewAttachment {
    pub file_name: String,
    pub content: Vec<u8>,
    pub sha256: String,
    pub media_type: String,
    pub taken_at: Option<String>,
    pub gps: Option<String>,
}

impl Tx<'_> {
    /// Removes evidence from a visit: a tombstone with who, when and why; the bytes stay.
    pub fn remove_attachment(&mut self, visit: i64, attachment: i64, reason: &str) -> Result<()> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO attachment_removals (attachment_id, removed_by, removed_at, reason) VALUES (?1, ?2, ?3, ?4)",
            params![attachment, self.actor(), now, reason],
        )?;
        self.audit(
            "visit.evidence.remove",
            &format!("visit:{visit}"),
            &serde_json::json!({ "attachment": attachment, "reason": reason }),
        )
    }

    /// Purges the bytes of removed evidence (its description and tombstone stay).
    pub fn purge_attachment(&mut self, visit: i64, attachment: i64, reason: &str) -> Result<()> {
        let now = super::audit::now();
        self.conn()
            .execute("UPDATE attachments SET content = x'' WHERE id = ?1", [attachment])?;
        self.conn().execute(
            "UPDATE attachment_removals SET purged_by = ?2, purged_at = ?3 WHERE attachment_id = ?1",
            params![attachment, self.actor(), now],
        )?;
        self.audit(
            "visit.evidence.purge",
            &format!("visit:{visit}"),
            &serde_json::json!({ "attachment": attachment, "reason": reason }),
        )
    }
}

impl Store {
    /// The bytes of one attachment (empty once purged).
    pub fn attachment_content(&self, attachment: i64) -> Result<Vec<u8>> {
        Ok(self
            .conn()
            .query_row("SELECT content FROM attachments WHERE id = ?1", [attachment], |r| {
                r.get(0)
            })?)
    }

    /// Other visits holding a file with this sha256 (removed files count too: a reused photo
    /// stays a reason to doubt even after it is taken off).
    pub fn visits_with_file(&self, sha256: &str, except: i64) -> Result<Vec<i64>> {
        Ok(self
            .conn()
            .prepare(
                "SELECT DISTINCT visit_id FROM attachments WHERE sha256 = ?1 AND visit_id != ?2 ORDER BY visit_id",
            )?
            .query_map(params![sha256, except], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn attachments_of(&self, visit: i64, with_removed: bool) -> Result<Vec<AttachmentInfo>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id, a.file_name, a.size, a.sha256, a.media_type, a.exif_time, a.exif_gps, a.revision, a.added_by,
                    a.added_at, r.removed_by, r.removed_at, r.reason, r.purged_by, r.purged_at
             FROM attachments a LEFT JOIN attachment_removals r ON r.attachment_id = a.id
             WHERE a.visit_id = ?1 AND (?2 OR r.attachment_id IS NULL) ORDER BY a.id",
        )?;
        let rows = stmt
            .query_map(params![visit, with_removed], |r| {
                let removed_by: Option<String> = r.get(10)?;
                Ok(AttachmentInfo {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    size: r.get(2)?,
                    sha256: r.get(3)?,
                    media_type: r.get(4)?,
                    taken_at: r.get(5)?,
                    gps: r.get(6)?,
                    revision: r.get(7)?,
                    added_by: r.get(8)?,
                    added_at: r.get(9)?,
                    removed: match removed_by {
                        Some(by) => Some(Removal {
                            by,
                            at: r.get(11)?,
                            reason: r.get(12)?,
                            purged_by: r.get(13)?,
                            purged_at: r.get(14)?,
                        }),
                        None => None,
                    },
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
