//! The criteria report (`report criteria`): which criteria a team fails most, the view a lead
//! takes to a training meeting.
//!
//! Per rubric (criterion keys belong to one), every criterion's mean normalised score, the
//! share of answers failing and n (answers counted; N/A never counts), the same in the previous
//! period of the same length, and the trend; worst first. Beside them a heat map: the mean per
//! criterion and team (or month), with the n of each cell.
//!
//! The rule of what fails lives here, once ([`fails`]): a critical criterion fails by its
//! `fail_below` rule (the verdict scoring stored with the answer, so a later change of the
//! rubric does not rewrite history); any other answer fails when its normalised score is below
//! [`FAIL_BELOW`] (a "no" on a yes/no scale, "not met", 1 or 2 on a 1..5 scale), compared by the
//! threshold rule every report shares ([`crate::rubric::score::below`]). A trend needs at least
//! `min_n` answers in both periods; below that it reads "n too small".

use super::common::{Period, PeriodView, RubricRef, Trend, share, trend_counted};
use crate::rubric::Rubric;
use crate::rubric::score::{below, meets};
use crate::store::criteria_report::AnswerCount;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// A non-critical answer fails below this normalised score.
pub const FAIL_BELOW: f64 = 0.5;

/// The lower ends of the heat map's colour steps, in percent: a cell's step is the number of
/// them its mean meets (0: below 50 %, 4: 95 % and above).
pub const HEAT_STEPS: [f64; 4] = [50.0, 70.0, 85.0, 95.0];

/// What the heat map's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Breakdown {
    /// One column per team of the agents (visits without an agent: "no team").
    Team,
    /// One column per calendar month of the period.
    Month,
}

/// The filters the report was run with, as it prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    pub team: Option<String>,
    pub location: Option<String>,
    pub channel: Option<String>,
}

/// One calendar month of a period (clipped to it), a heat-map column with `--by month`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSpan {
    /// `2026-11`.
    pub label: String,
    pub period: Period,
}

/// The months a period touches, each clipped to the period, in order.
pub fn months(period: &Period) -> Vec<MonthSpan> {
    let mut out = Vec::new();
    let mut from = period.from;
    while from <= period.to {
        let next = first_of_next_month(from);
        let to = (next - Duration::days(1)).min(period.to);
        out.push(MonthSpan {
            label: format!("{:04}-{:02}", from.year(), from.month()),
            period: Period { from, to },
        });
        from = next;
    }
    out
}

fn first_of_next_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
}

/// Whether answers with this value and stored critical verdict fail, for a criterion that is
/// (or is not) critical in the rubric version they were scored with.
pub fn fails(critical: bool, norm: f64, critical_failed: bool) -> bool {
    if critical {
        critical_failed
    } else {
        below(norm, FAIL_BELOW)
    }
}

/// The heat map's colour step of a mean in percent (see [`HEAT_STEPS`]).
pub fn heat_step(mean_pct: f64) -> u8 {
    HEAT_STEPS.iter().filter(|s| meets(mean_pct, **s)).count() as u8
}

/// Answers counted together: n, mean normalised score and failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stat {
    pub n: u64,
    /// Mean normalised score as a percentage (0..100); `None` without answers.
    pub mean: Option<f64>,
    pub failing: u64,
    /// Share of the answers failing (0..1).
    pub failing_share: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    n: u64,
    norm: f64,
    failing: u64,
}

impl Sum {
    fn add(&mut self, count: u64, norm: f64, failing: bool) {
        self.n += count;
        self.norm += norm * count as f64;
        if failing {
            self.failing += count;
        }
    }

    fn stat(&self) -> Stat {
        Stat {
            n: self.n,
            mean: (self.n > 0).then(|| 100.0 * self.norm / self.n as f64),
            failing: self.failing,
            failing_share: share(self.failing, self.n),
        }
    }
}

/// A heat-map column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnHead {
    /// The team id, or the month (`2026-11`); `None`: agents without a team.
    pub key: Option<String>,
    /// For months, the year and month number, for the template's month names.
    pub year: Option<i32>,
    pub month: Option<u32>,
}

/// A heat-map cell: one criterion in one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub n: u64,
    pub mean: Option<f64>,
    /// The colour step (see [`HEAT_STEPS`]); `None` without answers.
    pub heat: Option<u8>,
    /// Fewer answers than `min_n`: shown, but marked as too few to read much into.
    pub few: bool,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionRow {
    pub key: String,
    pub section: String,
    pub section_title: String,
    pub text: String,
    pub critical: bool,
    pub current: Stat,
    pub previous: Stat,
    /// The change in mean (percentage points) against the previous period.
    pub trend: Trend,
    /// The change in the share failing (as a share, e.g. -0.1), under the same minimum n.
    pub failing_change: Option<f64>,
    /// One per column of [`CriteriaReport::columns`].
    pub cells: Vec<Cell>,
}

/// The report for one rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaReport {
    pub rubric: Option<RubricRef>,
    pub period: PeriodView,
    pub previous_period: PeriodView,
    pub filters: Filters,
    pub by: Breakdown,
    pub columns: Vec<ColumnHead>,
    /// Worst first: lowest mean, then the largest share failing, then by key; criteria without
    /// answers in the period last.
    pub criteria: Vec<CriterionRow>,
    /// Answers counted in the period, over every criterion.
    pub answers: u64,
    pub previous_answers: u64,
    pub min_n: u64,
    pub fail_below: f64,
    pub heat_steps: [f64; 4],
    /// True when some trend reads "n too small".
    pub small_trends: bool,
}

/// What [`build`] takes beside the answers.
pub struct Input<'a> {
    /// The latest version of the rubric (names, sections and the criteria listed).
    pub rubric: Option<&'a Rubric>,
    /// Every version the answers were scored with: whether a criterion was critical.
    pub versions: &'a BTreeMap<u32, Rubric>,
    pub period: &'a Period,
    pub filters: Filters,
    pub by: Breakdown,
    pub min_n: u64,
}

/// The report for one rubric from its answer counts (all of one rubric id).
pub fn build(answers: &[AnswerCount], input: Input<'_>) -> CriteriaReport {
    let columns = column_heads(answers, &input);
    let mut current: BTreeMap<&str, Sum> = BTreeMap::new();
    let mut previous: BTreeMap<&str, Sum> = BTreeMap::new();
    let mut cells: BTreeMap<(&str, Option<&str>), Sum> = BTreeMap::new();
    for a in answers {
        let critical = input
            .versions
            .get(&a.version)
            .and_then(|r| r.criterion(&a.criterion))
            .is_some_and(|c| c.critical);
        let failing = fails(critical, a.norm, a.critical_failed);
        let side = if a.current { &mut current } else { &mut previous };
        side.entry(&a.criterion).or_default().add(a.count, a.norm, failing);
        if a.current {
            cells
                .entry((&a.criterion, a.column.as_deref()))
                .or_default()
                .add(a.count, a.norm, failing);
        }
    }
    let mut keys: Vec<String> = input
        .rubric
        .map(|r| r.criteria().map(|c| c.key.clone()).collect())
        .unwrap_or_default();
    for a in answers {
        if !keys.contains(&a.criterion) {
            keys.push(a.criterion.clone());
        }
    }
    let mut criteria: Vec<CriterionRow> = keys
        .iter()
        .map(|key| {
            let now = current.get(key.as_str()).copied().unwrap_or_default().stat();
            let before = previous.get(key.as_str()).copied().unwrap_or_default().stat();
            let trend = trend_counted(now.mean, now.n, before.mean, before.n, input.min_n);
            let failing_change = match (now.failing_share, before.failing_share) {
                (Some(a), Some(b)) if now.n >= input.min_n && before.n >= input.min_n => Some(a - b),
                _ => None,
            };
            let row_cells = columns
                .iter()
                .map(|c| {
                    let s = cells
                        .get(&(key.as_str(), c.key.as_deref()))
                        .copied()
                        .unwrap_or_default()
                        .stat();
                    Cell {
                        n: s.n,
                        mean: s.mean,
                        heat: s.mean.map(heat_step),
                        few: s.n > 0 && s.n < input.min_n,
                    }
                })
                .collect();
            let (section, section_title, text, critical) = describe(key, &input);
            CriterionRow {
                key: key.clone(),
                section,
                section_title,
                text,
                critical,
                current: now,
                previous: before,
                trend,
                failing_change,
                cells: row_cells,
            }
        })
        .collect();
    criteria.sort_by(|a, b| {
        let mean = |r: &CriterionRow| r.current.mean.unwrap_or(f64::INFINITY);
        mean(a)
            .total_cmp(&mean(b))
            .then(
                b.current
                    .failing_share
                    .unwrap_or(0.0)
                    .total_cmp(&a.current.failing_share.unwrap_or(0.0)),
            )
            .then_with(|| a.key.cmp(&b.key))
    });
    let small_trends = criteria
        .iter()
        .any(|c| c.trend.direction == super::common::Direction::Small);
    CriteriaReport {
        rubric: input.rubric.map(RubricRef::of),
        period: input.period.view(),
        previous_period: input.period.previous().view(),
        filters: input.filters,
        by: input.by,
        columns,
        answers: criteria.iter().map(|c| c.current.n).sum(),
        previous_answers: criteria.iter().map(|c| c.previous.n).sum(),
        criteria,
        min_n: input.min_n,
        fail_below: FAIL_BELOW,
        heat_steps: HEAT_STEPS,
        small_trends,
    }
}

/// The heat map's columns: every month of the period, or the teams with answers in it (the
/// team filtered on, if any), by id, "no team" last.
fn column_heads(answers: &[AnswerCount], input: &Input<'_>) -> Vec<ColumnHead> {
    match input.by {
        Breakdown::Month => months(input.period)
            .into_iter()
            .map(|m| ColumnHead {
                key: Some(m.label),
                year: Some(m.period.from.year()),
                month: Some(m.period.from.month()),
            })
            .collect(),
        Breakdown::Team => {
            let mut teams: Vec<Option<String>> =
                answers.iter().filter(|a| a.current).map(|a| a.column.clone()).collect();
            if let Some(t) = &input.filters.team
                && teams.is_empty()
            {
                teams.push(Some(t.clone()));
            }
            // `None` sorts first; "no team" goes last.
            teams.sort_by(|a, b| a.is_none().cmp(&b.is_none()).then(a.cmp(b)));
            teams.dedup();
            teams
                .into_iter()
                .map(|key| ColumnHead {
                    key,
                    year: None,
                    month: None,
                })
                .collect()
        }
    }
}

/// A criterion's section, section title, text and criticality: from the latest version, else
/// from the newest version that has it (a criterion since removed), else its key.
fn describe(key: &str, input: &Input<'_>) -> (String, String, String, bool) {
    let found = input
        .rubric
        .into_iter()
        .chain(input.versions.values().rev())
        .find_map(|r| {
            r.sections.iter().find_map(|s| {
                s.criteria
                    .iter()
                    .find(|c| c.key == key)
                    .map(|c| (s.id.clone(), s.title.clone(), c.text.clone(), c.critical))
            })
        });
    found.unwrap_or_else(|| {
        let section = key.split('.').next().unwrap_or(key).to_string();
        (section.clone(), section, key.to_string(), false)
    })
}

#[cfg(test)]
#[path = "criteria_tests.rs"]
mod tests;
