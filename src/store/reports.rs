//! The aggregates behind the reports: team, locations and evaluators.
//!
//! Everything here reads `counted_evaluations` (submitted, not calibration, visits only once
//! approved) and aggregates in SQL, so a report over a million evaluations never loads them into
//! Rust: each query returns one row per agent, location or evaluator.
//!
//! The period is selected as `e.id IN (SELECT id FROM evaluations WHERE occurred_at ...)` rather
//! than with `e.occurred_at` directly: without table statistics SQLite takes the view's
//! `calibration_id IS NULL` for the most selective condition and walks the calibration index
//! over every evaluation ever scored; the subquery reads the period from the `evaluations_time`
//! index instead, so a 30-day report costs the same in a year-old store as in a new one. Periods are stored-time
//! bounds `[from, to)` on the date of the work (`occurred_at`), as [`crate::dates::day_range`]
//! makes them; the previous period of the same length is `[prev_from, from)`.

use super::Store;
use anyhow::Result;
use rusqlite::{named_params, params};
use serde::Serialize;

/// The team report's aggregate: one row per agent, in the report's order.
///
/// One statement, so that its cost can be measured on its own: the benchmark runs this very
/// text in the `sqlite3` command-line tool against the same store, with the parameters set, e.g.
///
/// ```text
/// .parameter set :from      '2026-11-01T00:00:00Z'   -- first day of the period
/// .parameter set :to        '2026-12-01T00:00:00Z'   -- the day after the last day
/// .parameter set :prev_from '2026-10-02T00:00:00Z'   -- first day of the previous period
/// .parameter set :team      NULL                     -- or a team id
/// .parameter set :rubric    NULL                     -- or a rubric id
/// .parameter set :channel   NULL                     -- or a channel: only contacts in it
/// .parameter set :kpis      '[["call-quality",1,"resolution.resolved","resolution"]]'
/// ```
///
/// `:kpis` lists the criteria marked `kpi:` in the rubrics, as JSON `[rubric, version, key,
/// kpi]` rows; `CROSS JOIN` keeps SQLite looking each one up by the primary key of
/// `criterion_scores` rather than reading all of an evaluation's answers. Columns, in order: agent id, name, team; in the period: evaluations, average
/// overall, passed, critical failures, acknowledged by the agent; in the previous period:
/// evaluations, average; in the period again: evaluations with a resolution failure (a
/// `kpi: resolution` criterion answered below full marks) and evaluations where one was answered,
/// evaluations resolved at first contact (`kpi: first_contact` at full marks) and evaluations
/// where it was answered, evaluations under an open dispute; the languages of the rubrics
/// (smallest and largest, to tell whether all are Spanish); contacts handled (all interactions,
/// evaluated or not), the sum and count of their `duration_s`; the weakest section (rubric,
/// section, average: the lowest section average, ties by rubric and section id); coaching plans
/// about the period (their period overlaps it) and how many the agent acknowledged; then ten
/// counts of overall scores in the period by ten-point bins (0-10, ..., 90-100); the smallest and
/// largest rubric id (to tell whether a single rubric is involved).
///
/// Agents listed: with `:team`, every agent of the team; without, every agent with a counted
/// evaluation in the period or the previous one. Order: highest average first, agents without
/// evaluations in the period last, then by name and id.
pub const TEAM_AGGREGATE_SQL: &str = include_str!("sql/team_aggregate.sql");

/// Stored-time bounds of a report: the period `[from, to)` and the previous period of the same
/// length, `[prev_from, from)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub from: String,
    pub to: String,
    pub prev_from: String,
}

/// What the team report selects.
#[derive(Debug, Clone, Default)]
pub struct TeamFilter {
    pub team: Option<String>,
    pub rubric: Option<String>,
    /// Only evaluations of contacts in this channel, and only its contacts handled.
    pub channel: Option<String>,
    /// `[rubric, version, criterion key, kpi]` rows as JSON, see [`TEAM_AGGREGATE_SQL`].
    pub kpis: String,
}

/// A section average: the weakest section of an agent or a location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionAverage {
    pub rubric: String,
    pub section: String,
    pub average: f64,
}

/// One agent's aggregates (a row of [`TEAM_AGGREGATE_SQL`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentAggregate {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub evaluations: u64,
    pub average: Option<f64>,
    pub passed: u64,
    pub critical_failures: u64,
    pub acknowledged: u64,
    pub previous_evaluations: u64,
    pub previous_average: Option<f64>,
    pub resolution_failures: u64,
    pub resolution_checked: u64,
    pub first_contact_yes: u64,
    pub first_contact_answered: u64,
    pub open_disputes: u64,
    /// Smallest and largest language of the rubrics the agent's evaluations use.
    pub languages: Option<(String, String)>,
    pub contacts: u64,
    pub duration_sum: Option<f64>,
    pub duration_n: u64,
    pub weakest: Option<SectionAverage>,
    pub plans: u64,
    pub plans_acknowledged: u64,
    /// Overall scores in the period by ten-point bins.
    pub bins: [u64; 10],
    /// Smallest and largest rubric id of the agent's evaluations.
    pub rubrics: Option<(String, String)>,
}

/// One location's aggregates over approved visits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationAggregate {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub visits: u64,
    pub average: Option<f64>,
    pub passed: u64,
    pub critical_failures: u64,
    pub previous_visits: u64,
    pub previous_average: Option<f64>,
    pub languages: Option<(String, String)>,
    pub weakest: Option<SectionAverage>,
}

/// One evaluator's scores with one rubric in a period: enough to place them against everyone's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorRubricAggregate {
    pub evaluator: String,
    pub name: Option<String>,
    pub rubric: String,
    pub language: Option<String>,
    pub n: u64,
    pub sum: f64,
    /// The sum of squared overall scores (for the leniency with the evaluator's own scores
    /// left out of the reference).
    pub sum_sq: f64,
    pub passed: u64,
    pub critical_failures: u64,
}

/// Every evaluation of one rubric in a period: count, mean and (sample) standard deviation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricSpread {
    pub rubric: String,
    pub n: u64,
    pub mean: f64,
    pub sd: Option<f64>,
}

/// A count from SQL (an integer, never negative) as `u64`.
pub(crate) fn n(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
}

fn pair(min: Option<String>, max: Option<String>) -> Option<(String, String)> {
    Some((min?, max?))
}

fn weakest(rubric: Option<String>, section: Option<String>, average: Option<f64>) -> Option<SectionAverage> {
    Some(SectionAverage {
        rubric: rubric?,
        section: section?,
        average: average?,
    })
}

impl Store {
    /// The team report's rows, see [`TEAM_AGGREGATE_SQL`].
    /// The rubrics with counted evaluations of agents in the window (of one team, if given), most
    /// evaluations first: the team report makes one table per rubric, so that pass marks and
    /// sections of different rubrics are never ranked side by side.
    pub fn team_rubrics(&self, window: &Window, team: Option<&str>, channel: Option<&str>) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.rubric_id FROM counted_evaluations e
             WHERE e.occurred_at >= :from AND e.occurred_at < :to AND e.agent_id IS NOT NULL
               AND (:team IS NULL OR e.agent_id IN (SELECT a.id FROM agents a WHERE a.team = :team))
               AND (:channel IS NULL OR e.interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = :channel))
             GROUP BY e.rubric_id ORDER BY count(*) DESC, e.rubric_id",
        )?;
        let rows = stmt.query_map(
            named_params! { ":from": window.from, ":to": window.to, ":team": team, ":channel": channel },
            |r| r.get(0),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn team_aggregate(&self, window: &Window, filter: &TeamFilter) -> Result<Vec<AgentAggregate>> {
        let mut stmt = self.conn().prepare(TEAM_AGGREGATE_SQL)?;
        let rows = stmt.query_map(
            named_params! {
                ":from": window.from, ":to": window.to, ":prev_from": window.prev_from,
                ":team": filter.team, ":rubric": filter.rubric, ":kpis": filter.kpis,
                ":channel": filter.channel,
            },
            |r| {
                let mut bins = [0u64; 10];
                for (i, bin) in bins.iter_mut().enumerate() {
                    *bin = n(r, 25 + i)?;
                }
                Ok(AgentAggregate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    team: r.get(2)?,
                    evaluations: n(r, 3)?,
                    average: r.get(4)?,
                    passed: n(r, 5)?,
                    critical_failures: n(r, 6)?,
                    acknowledged: n(r, 7)?,
                    previous_evaluations: n(r, 8)?,
                    previous_average: r.get(9)?,
                    resolution_failures: n(r, 10)?,
                    resolution_checked: n(r, 11)?,
                    first_contact_yes: n(r, 12)?,
                    first_contact_answered: n(r, 13)?,
                    open_disputes: n(r, 14)?,
                    languages: pair(r.get(15)?, r.get(16)?),
                    contacts: n(r, 17)?,
                    duration_sum: r.get(18)?,
                    duration_n: n(r, 19)?,
                    weakest: weakest(r.get(20)?, r.get(21)?, r.get(22)?),
                    plans: n(r, 23)?,
                    plans_acknowledged: n(r, 24)?,
                    bins,
                    rubrics: pair(r.get(35)?, r.get(36)?),
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every (rubric, version) that has criteria, for building the team report's `:kpis`.
    pub fn rubric_version_ids(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rubric_id, version FROM rubric_versions ORDER BY rubric_id, version")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The locations league: one row per location over approved visits, highest average first,
    /// locations without visits in the period last. With `region`, only that region's locations
    /// (all of them, visited or not); without, every location.
    pub fn location_aggregate(
        &self,
        window: &Window,
        region: Option<&str>,
        rubric: Option<&str>,
    ) -> Result<Vec<LocationAggregate>> {
        let mut stmt = self.conn().prepare(
            "WITH ev AS (
                SELECT e.location_id, e.overall, e.passed, e.critical_failed, e.occurred_at >= :from AS cur,
                    r.language AS lang
                FROM counted_evaluations e
                LEFT JOIN rubric_versions r ON r.rubric_id = e.rubric_id AND r.version = e.rubric_version
                WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :prev_from AND w.occurred_at < :to)
                    AND e.subject_kind = 'visit' AND e.location_id IS NOT NULL
                    AND (:rubric IS NULL OR e.rubric_id = :rubric)
            ),
            agg AS (
                SELECT location_id, sum(cur) AS n, avg(CASE WHEN cur THEN overall END) AS average,
                    sum(CASE WHEN cur THEN passed END) AS passed,
                    sum(CASE WHEN cur THEN critical_failed END) AS critical,
                    sum(NOT cur) AS prev_n, avg(CASE WHEN NOT cur THEN overall END) AS prev_average,
                    min(lang) AS lang_min, max(lang) AS lang_max
                FROM ev GROUP BY location_id
            ),
            sec AS (
                SELECT e.location_id, e.rubric_id, s.section_id, avg(s.score) AS average
                FROM counted_evaluations e
                JOIN section_scores s ON s.evaluation_id = e.id AND s.revision = e.revision
                WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :from AND w.occurred_at < :to)
                    AND e.subject_kind = 'visit' AND e.location_id IS NOT NULL AND s.score IS NOT NULL
                    AND (:rubric IS NULL OR e.rubric_id = :rubric)
                GROUP BY e.location_id, e.rubric_id, s.section_id
            ),
            weakest AS (
                SELECT location_id, rubric_id, section_id, average FROM (
                    SELECT sec.*, row_number() OVER (PARTITION BY location_id
                        ORDER BY average, rubric_id, section_id) AS pos FROM sec)
                WHERE pos = 1
            )
            SELECT l.id, l.name, l.region, coalesce(g.n, 0), g.average, coalesce(g.passed, 0),
                coalesce(g.critical, 0), coalesce(g.prev_n, 0), g.prev_average, g.lang_min, g.lang_max,
                w.rubric_id, w.section_id, w.average
            FROM locations l
            LEFT JOIN agg g ON g.location_id = l.id
            LEFT JOIN weakest w ON w.location_id = l.id
            WHERE :region IS NULL OR l.region = :region
            ORDER BY g.average IS NULL OR g.n = 0, g.average DESC, l.name, l.id",
        )?;
        let rows = stmt.query_map(
            named_params! {
                ":from": window.from, ":to": window.to, ":prev_from": window.prev_from, ":region": region,
                ":rubric": rubric,
            },
            |r| {
                Ok(LocationAggregate {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    region: r.get(2)?,
                    visits: n(r, 3)?,
                    average: r.get(4)?,
                    passed: n(r, 5)?,
                    critical_failures: n(r, 6)?,
                    previous_visits: n(r, 7)?,
                    previous_average: r.get(8)?,
                    languages: pair(r.get(9)?, r.get(10)?),
                    weakest: weakest(r.get(11)?, r.get(12)?, r.get(13)?),
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The rubrics of the counted visit evaluations in `[from, to)`, by id.
    pub fn visit_rubrics(&self, from: &str, to: &str) -> Result<Vec<String>> {
        Ok(self
            .conn()
            .prepare(
                "SELECT DISTINCT rubric_id FROM counted_evaluations
                 WHERE subject_kind = 'visit' AND occurred_at >= ?1 AND occurred_at < ?2 ORDER BY rubric_id",
            )?
            .query_map([from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The approved visits scored with `rubric` in `[from, to)`: (visit, location).
    pub fn counted_visits(&self, rubric: &str, from: &str, to: &str) -> Result<Vec<(i64, String)>> {
        Ok(self
            .conn()
            .prepare(
                "SELECT visit_id, location_id FROM counted_evaluations
                 WHERE subject_kind = 'visit' AND rubric_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
                 ORDER BY visit_id",
            )?
            .query_map([rubric, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Each evaluator's counted evaluations in `[from, to)`, by rubric (of contacts in
    /// `channel` only, when given).
    pub fn evaluator_aggregate(
        &self,
        from: &str,
        to: &str,
        channel: Option<&str>,
    ) -> Result<Vec<EvaluatorRubricAggregate>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.evaluator_id, s.name, e.rubric_id,
                (SELECT r.language FROM rubric_versions r WHERE r.rubric_id = e.rubric_id
                  ORDER BY r.version DESC LIMIT 1),
                count(*), sum(e.overall), sum(e.passed), sum(e.critical_failed), sum(e.overall * e.overall)
             FROM counted_evaluations e LEFT JOIN staff s ON s.id = e.evaluator_id
             WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= ?1 AND w.occurred_at < ?2)
               AND (?3 IS NULL OR e.interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = ?3))
             GROUP BY e.evaluator_id, e.rubric_id
             ORDER BY e.evaluator_id, e.rubric_id",
        )?;
        let rows = stmt.query_map(params![from, to, channel], |r| {
            Ok(EvaluatorRubricAggregate {
                evaluator: r.get(0)?,
                name: r.get(1)?,
                rubric: r.get(2)?,
                language: r.get(3)?,
                n: n(r, 4)?,
                sum: r.get(5)?,
                passed: n(r, 6)?,
                critical_failures: n(r, 7)?,
                sum_sq: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Mean and standard deviation of the overall scores of every counted evaluation of each
    /// rubric in `[from, to)` (of contacts in `channel` only, when given), the reference for
    /// evaluators' leniency.
    pub fn rubric_spread(&self, from: &str, to: &str, channel: Option<&str>) -> Result<Vec<RubricSpread>> {
        let mut stmt = self.conn().prepare(
            "SELECT rubric_id, count(*), avg(overall), avg(overall * overall)
             FROM counted_evaluations
             WHERE id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= ?1 AND w.occurred_at < ?2)
               AND (?3 IS NULL OR interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = ?3))
             GROUP BY rubric_id ORDER BY rubric_id",
        )?;
        let rows = stmt.query_map(params![from, to, channel], |r| {
            let n = n(r, 1)?;
            let mean: f64 = r.get(2)?;
            let mean_sq: f64 = r.get(3)?;
            Ok(RubricSpread {
                rubric: r.get(0)?,
                n,
                mean,
                sd: sample_sd(n, mean, mean_sq),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The sample standard deviation from a count, a mean and a mean of squares; `None` below two
/// values. Rounding can make the variance a hair negative for identical values: that is 0.
pub fn sample_sd(n: u64, mean: f64, mean_sq: f64) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let n = n as f64;
    let variance = (mean_sq - mean * mean) * n / (n - 1.0);
    Some(variance.max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_sd_of_known_values() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mean = v.iter().sum::<f64>() / 8.0;
        let mean_sq = v.iter().map(|x| x * x).sum::<f64>() / 8.0;
        let sd = sample_sd(8, mean, mean_sq).unwrap();
        assert!((sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(sample_sd(1, 3.0, 9.0), None);
        // Identical values: variance 0, also when rounding makes it a hair negative.
        assert_eq!(sample_sd(3, 80.0, 6400.0 - 1e-9), Some(0.0));
    }

    #[test]
    fn the_team_aggregate_runs_on_an_empty_store() {
        let store = crate::store::open_in_memory().unwrap();
        let window = Window {
            from: "2026-11-01T00:00:00Z".into(),
            to: "2026-12-01T00:00:00Z".into(),
            prev_from: "2026-10-02T00:00:00Z".into(),
        };
        assert!(
            store
                .team_aggregate(&window, &TeamFilter::default())
                .unwrap()
                .is_empty()
        );
        assert!(store.location_aggregate(&window, None, None).unwrap().is_empty());
        assert!(
            store
                .evaluator_aggregate(&window.from, &window.to, None)
                .unwrap()
                .is_empty()
        );
    }
}
