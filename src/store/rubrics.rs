//! Rubric versions: each (id, version) is stored once, with its YAML and content hash, and never
//! changed, so every evaluation can always be re-read against the exact rubric it was scored on.

use super::{Store, StoreError, Tx};
use crate::rubric::{LoadedRubric, Rubric, load_str};
use anyhow::{Result, anyhow};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// What storing a rubric did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreOutcome {
    /// A new version was stored.
    Stored,
    /// This exact content is already stored as this version.
    Unchanged,
}

/// A stored version's summary, for listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionSummary {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub subject: String,
    pub language: String,
    pub sha256: String,
    pub loaded_at: String,
    /// How many versions of this rubric the store holds.
    pub versions: u32,
}

impl Tx<'_> {
    /// Stores `loaded` as a new version, or recognises it as already stored.
    ///
    /// The author's `version` number is the version: changed content under a version number
    /// that is already stored is refused, because evaluations scored on that version must keep
    /// meaning what they meant.
    pub fn store_rubric(&mut self, loaded: &LoadedRubric, source: &str) -> Result<StoreOutcome> {
        let r = &loaded.rubric;
        let existing: Option<String> = self
            .conn()
            .query_row(
                "SELECT sha256 FROM rubric_versions WHERE rubric_id = ?1 AND version = ?2",
                params![r.id, r.version],
                |row| row.get(0),
            )
            .optional()?;
        match existing {
            Some(hash) if hash == loaded.sha256 => return Ok(StoreOutcome::Unchanged),
            Some(_) => {
                let latest = self.latest_version(&r.id)?.unwrap_or(r.version);
                return Err(StoreError::RubricConflict {
                    file: source.to_string(),
                    id: r.id.clone(),
                    version: r.version,
                    next: latest + 1,
                }
                .into());
            }
            None => {}
        }
        if let Some(latest) = self.latest_version(&r.id)?
            && latest > r.version
        {
            return Err(StoreError::RubricOlder {
                file: source.to_string(),
                id: r.id.clone(),
                version: r.version,
                latest,
            }
            .into());
        }
        self.conn().execute(
            "INSERT INTO rubric_versions (rubric_id, version, title, subject, language, sha256, yaml, source, loaded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.id,
                r.version,
                r.title,
                r.subject.as_str(),
                serde_json::to_value(r.language)?.as_str().unwrap_or("en"),
                loaded.sha256,
                loaded.yaml,
                source,
                super::audit::now()
            ],
        )?;
        self.audit(
            "rubric.import",
            &format!("rubric:{}@{}", r.id, r.version),
            &serde_json::json!({ "id": r.id, "version": r.version, "sha256": loaded.sha256, "source": source }),
        )?;
        Ok(StoreOutcome::Stored)
    }

    fn latest_version(&self, id: &str) -> Result<Option<u32>> {
        Ok(self.conn().query_row(
            "SELECT max(version) FROM rubric_versions WHERE rubric_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }
}

impl Store {
    /// The latest version of every rubric, by id.
    pub fn rubric_summaries(&self) -> Result<Vec<VersionSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT v.rubric_id, v.version, v.title, v.subject, v.language, v.sha256, v.loaded_at, c.n
             FROM rubric_versions v
             JOIN (SELECT rubric_id, max(version) AS latest, count(*) AS n FROM rubric_versions GROUP BY rubric_id) c
               ON c.rubric_id = v.rubric_id AND c.latest = v.version
             ORDER BY v.rubric_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(VersionSummary {
                id: r.get(0)?,
                version: r.get(1)?,
                title: r.get(2)?,
                subject: r.get(3)?,
                language: r.get(4)?,
                sha256: r.get(5)?,
                loaded_at: r.get(6)?,
                versions: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored versions of one rubric, newest first.
    pub fn rubric_versions(&self, id: &str) -> Result<Vec<u32>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT version FROM rubric_versions WHERE rubric_id = ?1 ORDER BY version DESC")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A stored rubric, the latest version unless `version` is given. A user error names the
    /// rubrics or versions that do exist.
    /// Whether version `version` of rubric `id` is stored with content `sha256`.
    pub fn has_rubric_version(&self, id: &str, version: u32, sha256: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM rubric_versions WHERE rubric_id = ?1 AND version = ?2 AND sha256 = ?3)",
            params![id, version, sha256],
            |r| r.get(0),
        )?)
    }

    pub fn rubric(&self, id: &str, version: Option<u32>) -> Result<Rubric> {
        let versions = self.rubric_versions(id)?;
        let Some(&latest) = versions.first() else {
            let known = self.rubric_summaries()?.into_iter().map(|s| s.id).collect();
            return Err(StoreError::RubricNotFound {
                id: id.to_string(),
                known,
            }
            .into());
        };
        let version = version.unwrap_or(latest);
        if !versions.contains(&version) {
            return Err(StoreError::RubricVersionNotFound {
                id: id.to_string(),
                version,
                stored: versions,
            }
            .into());
        }
        let (yaml, source): (String, String) = self.conn().query_row(
            "SELECT yaml, source FROM rubric_versions WHERE rubric_id = ?1 AND version = ?2",
            params![id, version],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // A stored rubric validated when it was stored; failing now means the store was edited.
        load_str(&source, &yaml).map(|l| l.rubric).map_err(|d| {
            anyhow!(
                "stored rubric {id} version {version} no longer validates: {}",
                d[0].message
            )
        })
    }
}
