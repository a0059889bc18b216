//! The aggregate behind `report criteria`: criterion answers of counted evaluations, counted in
//! SQL by rubric version, criterion, period, heat-map column and answer value.
//!
//! SQL only counts: the answers are grouped by their normalised value (a scale has a handful),
//! so the report module ([`crate::report::criteria`]) applies the rule of what fails, once, to
//! a few rows, whatever the store's size. Only `counted_evaluations` (submitted, not void, not
//! calibration, not a second opinion, not practice, not a mystery contact, visits once approved)
//! and only answers that are not N/A are read. The period applies to the date of the work
//! (`occurred_at`), selected through the `evaluations_time` index as in [`super::reports`].

use super::Store;
use super::reports::{Window, n};
use anyhow::Result;
use rusqlite::named_params;

/// What the criteria report selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CriteriaFilter {
    pub rubric: Option<String>,
    /// Agents of this team (`agents.team`).
    pub team: Option<String>,
    /// Work at this location: a visit's location, or the location of the agent of a contact.
    pub location: Option<String>,
    /// Contacts in this channel (`interactions.channel`); visits are in no channel.
    pub channel: Option<String>,
}

/// The column of the heat map an answer of the period falls in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// By the agent's team (`None`: an agent without a team, or a visit without an agent).
    Team,
    /// By month: `[label, from, to)` stored-time bounds, in order, covering the period.
    Month(Vec<(String, String, String)>),
}

/// One group of answers: the same rubric version, criterion, period, column, normalised value
/// and critical verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerCount {
    pub rubric: String,
    pub version: u32,
    pub criterion: String,
    /// In the period (`false`: in the previous period of the same length).
    pub current: bool,
    /// The heat-map column (team or month label) for answers of the period; `None` for a team
    /// column means "no team", and is always `None` in the previous period.
    pub column: Option<String>,
    pub norm: f64,
    /// The critical verdict stored when the answer was scored.
    pub critical_failed: bool,
    pub count: u64,
}

const CRITERIA_SQL: &str = "
WITH months AS MATERIALIZED (
    SELECT json_extract(m.value, '$[0]') AS label, json_extract(m.value, '$[1]') AS start,
           json_extract(m.value, '$[2]') AS finish
    FROM json_each(coalesce(:months, '[]')) m
),
ev AS (
    SELECT e.id, e.revision, e.rubric_id, e.rubric_version, e.occurred_at >= :from AS cur,
        CASE WHEN e.occurred_at < :from THEN NULL
             WHEN :by_month THEN (SELECT label FROM months WHERE e.occurred_at >= start AND e.occurred_at < finish)
             ELSE a.team END AS col
    FROM counted_evaluations e
    LEFT JOIN agents a ON a.id = e.agent_id
    LEFT JOIN interactions i ON i.id = e.interaction_id
    WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :prev_from AND w.occurred_at < :to)
        AND (:rubric IS NULL OR e.rubric_id = :rubric)
        AND (:team IS NULL OR a.team = :team)
        AND (:location IS NULL OR coalesce(e.location_id, a.location) = :location)
        AND (:channel IS NULL OR i.channel = :channel)
)
SELECT ev.rubric_id, ev.rubric_version, c.criterion_key, ev.cur, ev.col, c.norm, c.critical_failed, count(*)
FROM ev
JOIN criterion_scores c ON c.evaluation_id = ev.id AND c.revision = ev.revision
WHERE c.answer != 'na' AND c.norm IS NOT NULL
GROUP BY ev.rubric_id, ev.rubric_version, c.criterion_key, ev.cur, ev.col, c.norm, c.critical_failed
ORDER BY ev.rubric_id, ev.rubric_version, c.criterion_key, ev.cur, ev.col, c.norm, c.critical_failed";

impl Store {
    /// Every non-N/A answer of the counted evaluations in the window that `filter` selects,
    /// counted by rubric version, criterion, period, heat-map column, value and verdict.
    pub fn criterion_answers(
        &self,
        window: &Window,
        filter: &CriteriaFilter,
        column: &Column,
    ) -> Result<Vec<AnswerCount>> {
        let (by_month, months) = match column {
            Column::Team => (false, None),
            Column::Month(months) => (true, Some(serde_json::to_string(months)?)),
        };
        let mut stmt = self.conn().prepare(CRITERIA_SQL)?;
        let rows = stmt.query_map(
            named_params! {
                ":from": window.from, ":to": window.to, ":prev_from": window.prev_from,
                ":rubric": filter.rubric, ":team": filter.team, ":location": filter.location,
                ":channel": filter.channel, ":by_month": by_month, ":months": months,
            },
            |r| {
                Ok(AnswerCount {
                    rubric: r.get(0)?,
                    version: r.get(1)?,
                    criterion: r.get(2)?,
                    current: r.get(3)?,
                    column: r.get(4)?,
                    norm: r.get(5)?,
                    critical_failed: r.get(6)?,
                    count: n(r, 7)?,
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
    fn the_criteria_aggregate_runs_on_an_empty_store() {
        let store = crate::store::open_in_memory().unwrap();
        let window = Window {
            from: "2026-11-01T00:00:00Z".into(),
            to: "2026-12-01T00:00:00Z".into(),
            prev_from: "2026-10-02T00:00:00Z".into(),
        };
        let months = Column::Month(vec![(
            "2026-11".into(),
            "2026-11-01T00:00:00Z".into(),
            "2026-12-01T00:00:00Z".into(),
        )]);
        for column in [Column::Team, months] {
            let filter = CriteriaFilter {
                channel: Some("phone".into()),
                ..CriteriaFilter::default()
            };
            assert!(store.criterion_answers(&window, &filter, &column).unwrap().is_empty());
        }
    }
}
