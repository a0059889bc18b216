//! The contact-level rows behind every customer-voice figure (issue 19): CSAT, NPS, complaints,
//! response, resolution and escalation of each real customer contact of a period.
//!
//! Pinned: these KPIs are computed over every contact that carries them, evaluated or not, and
//! independent of rubric. So the rows come from `interactions` alone, real contacts only
//! (`origin IS NULL`: no practice, no mystery contact), selected through the `interactions_time`
//! index by when the contact happened.
//!
//! A contact's CSAT and NPS are its latest survey answer when a survey carries one (surveys are
//! the customer's own answer, and arrive after the export), else the export's column.

use super::Store;
use anyhow::Result;
use rusqlite::named_params;

/// Which contacts the voice rows cover: stored-time bounds `[from, to)` of `occurred_at`, and
/// optionally one agent, one team and one channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoiceFilter {
    pub from: String,
    pub to: String,
    pub agent: Option<String>,
    /// Agents of this team (`agents.team`).
    pub team: Option<String>,
    pub channel: Option<String>,
}

/// One real customer contact and what it says of the customer's voice. Every figure is
/// optional: an export that does not carry a column leaves it `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceRow {
    pub interaction_id: i64,
    pub agent_id: String,
    pub channel: String,
    /// When the contact happened, as the store keeps times (UTC RFC 3339).
    pub occurred_at: String,
    /// The pseudonymised customer, for the repeat-contact rate.
    pub customer: Option<String>,
    /// On the store's CSAT scale (meta `csat_scale`).
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    pub complaint: Option<bool>,
    pub complaint_reason: Option<String>,
    pub response_s: Option<i64>,
    pub resolved: Option<bool>,
    pub reopened: Option<bool>,
    pub complaint_opened_at: Option<String>,
    pub complaint_closed_at: Option<String>,
    pub escalated_at: Option<String>,
    pub reason: Option<String>,
}

/// A contact's CSAT (over `interactions i`): its latest survey answer, else the export's column.
/// The one place this rule is written; `report validity` reads it too ([`super::validity`]).
pub(super) const LATEST_CSAT: &str = "coalesce((SELECT s.csat FROM surveys s WHERE s.interaction_id = i.id
    AND s.csat IS NOT NULL ORDER BY s.answered_at DESC, s.id DESC LIMIT 1), i.csat)";
/// A contact's NPS answer, by the same rule as [`LATEST_CSAT`].
pub(super) const LATEST_NPS: &str = "coalesce((SELECT s.nps FROM surveys s WHERE s.interaction_id = i.id
    AND s.nps IS NOT NULL ORDER BY s.answered_at DESC, s.id DESC LIMIT 1), i.nps)";

impl VoiceRow {
    /// A contact that carries no voice figure yet, for unit tests to fill in.
    #[cfg(test)]
    pub(crate) fn bare(interaction_id: i64, agent: &str, channel: &str, occurred_at: &str) -> VoiceRow {
        VoiceRow {
            interaction_id,
            agent_id: agent.into(),
            channel: channel.into(),
            occurred_at: occurred_at.into(),
            customer: None,
            csat: None,
            nps: None,
            complaint: None,
            complaint_reason: None,
            response_s: None,
            resolved: None,
            reopened: None,
            complaint_opened_at: None,
            complaint_closed_at: None,
            escalated_at: None,
            reason: None,
        }
    }
}

const CONTACT_VOICE_SQL: &str = "
SELECT i.id, i.agent_id, i.channel, i.occurred_at, i.customer, {csat}, {nps},
    i.complaint, i.complaint_reason, i.response_s, i.resolved, i.reopened,
    i.complaint_opened_at, i.complaint_closed_at, i.escalated_at, i.reason
FROM interactions i
LEFT JOIN agents a ON a.id = i.agent_id
WHERE i.occurred_at >= :from AND i.occurred_at < :to AND i.origin IS NULL
    AND (:agent IS NULL OR i.agent_id = :agent)
    AND (:team IS NULL OR a.team = :team)
    AND (:channel IS NULL OR i.channel = :channel)
ORDER BY i.occurred_at, i.id";

/// One staff-survey answer (`agent survey import`): an agent's own satisfaction, on the scale
/// the import declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAnswer {
    pub agent_id: String,
    pub answered_at: String,
    pub score: i64,
    pub scale_min: i64,
    pub scale_max: i64,
}

impl Store {
    /// The staff-survey answers given in the stored-time bounds `[from, to)`, by agent and then
    /// oldest first.
    pub fn staff_answers(&self, from: &str, to: &str) -> Result<Vec<StaffAnswer>> {
        let mut stmt = self.conn().prepare(
            "SELECT agent_id, answered_at, score, scale_min, scale_max FROM agent_surveys
             WHERE answered_at >= ?1 AND answered_at < ?2 ORDER BY agent_id, answered_at, id",
        )?;
        let rows = stmt.query_map(rusqlite::params![from, to], |r| {
            Ok(StaffAnswer {
                agent_id: r.get(0)?,
                answered_at: r.get(1)?,
                score: r.get(2)?,
                scale_min: r.get(3)?,
                scale_max: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every real customer contact `filter` selects, oldest first, with its voice figures.
    pub fn contact_voice(&self, filter: &VoiceFilter) -> Result<Vec<VoiceRow>> {
        let sql = CONTACT_VOICE_SQL
            .replace("{csat}", LATEST_CSAT)
            .replace("{nps}", LATEST_NPS);
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            named_params! {
                ":from": filter.from, ":to": filter.to, ":agent": filter.agent,
                ":team": filter.team, ":channel": filter.channel,
            },
            |r| {
                Ok(VoiceRow {
                    interaction_id: r.get(0)?,
                    agent_id: r.get(1)?,
                    channel: r.get(2)?,
                    occurred_at: r.get(3)?,
                    customer: r.get(4)?,
                    csat: r.get(5)?,
                    nps: r.get(6)?,
                    complaint: r.get(7)?,
                    complaint_reason: r.get(8)?,
                    response_s: r.get(9)?,
                    resolved: r.get(10)?,
                    reopened: r.get(11)?,
                    complaint_opened_at: r.get(12)?,
                    complaint_closed_at: r.get(13)?,
                    escalated_at: r.get(14)?,
                    reason: r.get(15)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_voice_rows_run_on_an_empty_store() {
        let store = crate::store::open_in_memory().unwrap();
        let filter = VoiceFilter {
            from: "2026-11-01T00:00:00Z".into(),
            to: "2026-12-01T00:00:00Z".into(),
            agent: Some("a-1".into()),
            team: Some("north".into()),
            channel: Some("email".into()),
        };
        assert!(store.contact_voice(&filter).unwrap().is_empty());
        assert!(store.staff_answers(&filter.from, &filter.to).unwrap().is_empty());
    }
}
