//! The customer's voice as stored: the store's CSAT scale, satisfaction surveys of
//! interactions and staff-survey answers per agent (both verified record kinds, `survey` and
//! `agent-survey`, whose tables refuse UPDATE, DELETE and replacement).

use super::{Store, Tx};
use crate::voice::values::CsatScale;
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// The `meta` key holding the store's CSAT scale (`1-5` or `1-10`).
const CSAT_SCALE: &str = "csat_scale";

/// A satisfaction survey to store: the interaction's store number, the verbatim already
/// scrubbed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSurvey {
    pub interaction: i64,
    pub answered_at: String,
    pub csat: Option<i64>,
    pub nps: Option<i64>,
    pub verbatim: Option<String>,
}

/// A stored survey as `survey list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Survey {
    pub id: i64,
    pub interaction: String,
    pub agent: String,
    pub channel: String,
    pub answered_at: String,
    pub csat: Option<i64>,
    pub nps: Option<i64>,
    pub verbatim: Option<String>,
}

/// Which surveys `survey list` shows.
#[derive(Debug, Clone, Default)]
pub struct SurveyFilter {
    pub interaction: Option<String>,
    pub agent: Option<String>,
    /// Stored-time bounds `[from, to)` on `answered_at`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

/// One staff-survey answer to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgentSurvey {
    pub agent: String,
    pub answered_at: String,
    pub score: i64,
    pub scale_min: i64,
    pub scale_max: i64,
}

/// Whether a row was stored or was there already (imports are idempotent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New,
    AlreadyStored,
}

fn scale_of(text: Option<String>) -> Option<CsatScale> {
    text.and_then(|t| CsatScale::parse(&t).ok())
}

impl Store {
    /// The store's CSAT scale, `None` until an import carries CSAT.
    pub fn csat_scale(&self) -> Result<Option<CsatScale>> {
        Ok(scale_of(self.meta(CSAT_SCALE)?))
    }

    /// The surveys `filter` selects, newest first.
    pub fn surveys(&self, filter: &SurveyFilter) -> Result<Vec<Survey>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.id, i.external_id, i.agent_id, i.channel, s.answered_at, s.csat, s.nps, s.verbatim
             FROM surveys s JOIN interactions i ON i.id = s.interaction_id
             WHERE (?1 IS NULL OR i.external_id = ?1) AND (?2 IS NULL OR i.agent_id = ?2)
               AND (?3 IS NULL OR s.answered_at >= ?3) AND (?4 IS NULL OR s.answered_at < ?4)
             ORDER BY s.answered_at DESC, s.id DESC LIMIT ?5",
        )?;
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64);
        let rows = stmt.query_map(
            params![filter.interaction, filter.agent, filter.from, filter.to, limit],
            |r| {
                Ok(Survey {
                    id: r.get(0)?,
                    interaction: r.get(1)?,
                    agent: r.get(2)?,
                    channel: r.get(3)?,
                    answered_at: r.get(4)?,
                    csat: r.get(5)?,
                    nps: r.get(6)?,
                    verbatim: r.get(7)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// The store's CSAT scale as this transaction sees it.
    pub fn csat_scale(&self) -> Result<Option<CsatScale>> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [CSAT_SCALE], |r| r.get(0))
            .optional()?;
        Ok(scale_of(text))
    }

    /// Fixes the store's CSAT scale (audited as `meta.set`); done once, by the first import
    /// that stores a CSAT value.
    pub fn set_csat_scale(&mut self, scale: CsatScale) -> Result<()> {
        self.set_meta(CSAT_SCALE, scale.name())
    }

    /// The store number and withdrawal of the interaction imported as `external_id`.
    pub fn interaction_number(&self, external_id: &str) -> Result<Option<(i64, bool)>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id, withdrawn_at IS NOT NULL FROM interactions WHERE external_id = ?1")?
            .query_row([external_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Stores a survey unless one of the same interaction and answer time is stored (then the
    /// stored one is kept). Not audited per row: the import audits itself once.
    pub fn insert_survey(&self, s: &NewSurvey, imported_at: &str) -> Result<Inserted> {
        let exists: bool = self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM surveys WHERE interaction_id = ?1 AND answered_at = ?2)")?
            .query_row(params![s.interaction, s.answered_at], |r| r.get(0))?;
        if exists {
            return Ok(Inserted::AlreadyStored);
        }
        self.conn()
            .prepare_cached(
                "INSERT INTO surveys (interaction_id, answered_at, csat, nps, verbatim, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                s.interaction,
                s.answered_at,
                s.csat,
                s.nps,
                s.verbatim,
                imported_at
            ])?;
        Ok(Inserted::New)
    }

    /// Stores a staff-survey answer unless the agent's answer at that time is stored.
    pub fn insert_agent_survey(&self, s: &NewAgentSurvey, imported_at: &str) -> Result<Inserted> {
        let exists: bool = self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM agent_surveys WHERE agent_id = ?1 AND answered_at = ?2)")?
            .query_row(params![s.agent, s.answered_at], |r| r.get(0))?;
        if exists {
            return Ok(Inserted::AlreadyStored);
        }
        self.conn()
            .prepare_cached(
                "INSERT INTO agent_surveys (agent_id, answered_at, score, scale_min, scale_max, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                s.agent,
                s.answered_at,
                s.score,
                s.scale_min,
                s.scale_max,
                imported_at
            ])?;
        Ok(Inserted::New)
    }

    /// The one audit entry of a survey import (`survey.import` on `import:<file name>`).
    pub fn audit_survey_import(&mut self, file_name: &str, change: &serde_json::Value) -> Result<()> {
        self.audit_of(&["survey"], "survey.import", &format!("import:{file_name}"), change)
    }

    /// The one audit entry of a staff-survey import (`agent-survey.import`).
    pub fn audit_agent_survey_import(&mut self, file_name: &str, change: &serde_json::Value) -> Result<()> {
        self.audit_of(
            &["agent-survey"],
            "agent-survey.import",
            &format!("import:{file_name}"),
            change,
        )
    }
}
