//! What several reports share: periods and their previous period, trends, people and rubrics as
//! reports name them, and the choice of a report's language.

use crate::dates;
use crate::lang::Lang;
use crate::rubric::Rubric;
use crate::store::reports::{SectionAverage, Window};
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many days a report covers when neither end of the period is given: the 30 days ending
/// today (today included).
pub const DEFAULT_DAYS: i64 = 30;

/// A change smaller than this many points shows as steady (`→`) rather than up or down.
pub const TREND_STEP: f64 = 1.0;

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why the two ends given do not make a period. The library's words name the first and the last
/// day; the command line names its `--from` and `--to` (`commands::errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The first day does not read as a day (`problem` says why).
    #[error("the first day of the period: {problem}")]
    BadFrom { problem: String },
    /// The last day does not read as a day.
    #[error("the last day of the period: {problem}")]
    BadTo { problem: String },
    #[error("the period starts on {from}, after its last day {to}")]
    Reversed { from: NaiveDate, to: NaiveDate },
}

impl Period {
    /// The period from the first day `from` to the last `to` (as people type days:
    /// `2026-11-01`, `today`, `-7d`). Missing ends default to a [`DEFAULT_DAYS`]-day period:
    /// ending today, starting `from`, or ending `to`.
    pub fn from_options(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, PeriodError> {
        let day = |v: Option<&str>| v.map(|v| dates::parse_day(v, today)).transpose();
        let first = day(from).map_err(|problem| PeriodError::BadFrom { problem })?;
        let last = day(to).map_err(|problem| PeriodError::BadTo { problem })?;
        let span = Duration::days(DEFAULT_DAYS - 1);
        let (from, to) = match (first, last) {
            (Some(f), Some(t)) => (f, t),
            (Some(f), None) => (f, today.max(f)),
            (None, Some(t)) => (t - span, t),
            (None, None) => (today - span, today),
        };
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period { from, to })
    }

    /// Days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        let to = self.from - Duration::days(1);
        Period {
            from: to - Duration::days(self.days() - 1),
            to,
        }
    }

    /// Stored-time bounds `[from, to)`.
    pub fn bounds(&self) -> (String, String) {
        let (from, to) = dates::day_range(Some(self.from), Some(self.to));
        (from.unwrap_or_default(), to.unwrap_or_default())
    }

    /// Stored-time bounds of this period and its previous one.
    pub fn window(&self) -> Window {
        let (from, to) = self.bounds();
        let (prev_from, _) = self.previous().bounds();
        Window { from, to, prev_from }
    }

    /// The period as reports show it.
    pub fn view(&self) -> PeriodView {
        PeriodView {
            from: self.from.to_string(),
            to: self.to.to_string(),
            days: self.days(),
        }
    }
}

/// A period as reports show it: first and last day (inclusive) and its length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodView {
    pub from: String,
    pub to: String,
    pub days: i64,
}

/// Which way an average moved against the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Steady,
    /// Nothing to compare with: no evaluations in the previous period.
    New,
    /// No evaluations in this period.
    None,
    /// One of the two periods has fewer evaluations than the minimum: "n too small".
    Small,
}

/// An average against the previous period's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    pub direction: Direction,
    /// Points gained (negative: lost); `None` without both averages.
    pub change: Option<f64>,
    /// `↑`, `↓`, `→`, or `·` when there is nothing to compare.
    pub arrow: &'static str,
}

/// The trend from `previous` to `current`: up or down by at least [`TREND_STEP`] points, else
/// steady.
pub fn trend(current: Option<f64>, previous: Option<f64>) -> Trend {
    match (current, previous) {
        (Some(c), Some(p)) => {
            let change = c - p;
            let (direction, arrow) = if change >= TREND_STEP {
                (Direction::Up, "↑")
            } else if change <= -TREND_STEP {
                (Direction::Down, "↓")
            } else {
                (Direction::Steady, "→")
            };
            Trend {
                direction,
                change: Some(change),
                arrow,
            }
        }
        (Some(_), None) => Trend {
            direction: Direction::New,
            change: None,
            arrow: "·",
        },
        (None, _) => Trend {
            direction: Direction::None,
            change: None,
            arrow: "·",
        },
    }
}

/// The default fewest evaluations each period needs before a trend is shown (issue 16).
pub const DEFAULT_TREND_MIN_N: u64 = 5;

/// [`trend`], but "n too small" (no arrow, no change) unless both periods have at least `min_n`
/// evaluations: a move between averages of one or two evaluations is noise, not a trend.
pub fn trend_counted(current: Option<f64>, n: u64, previous: Option<f64>, n_previous: u64, min_n: u64) -> Trend {
    let t = trend(current, previous);
    if t.change.is_some() && (n < min_n || n_previous < min_n) {
        return Trend {
            direction: Direction::Small,
            change: None,
            arrow: "·",
        };
    }
    t
}

/// A person or place with its id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A rubric version as reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricRef {
    pub id: String,
    pub version: u32,
    pub title: String,
}

impl RubricRef {
    pub fn of(rubric: &Rubric) -> RubricRef {
        RubricRef {
            id: rubric.id.clone(),
            version: rubric.version,
            title: rubric.title.clone(),
        }
    }
}

/// The weakest section of an agent or a location: the lowest section average in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weakest {
    pub rubric: String,
    pub id: String,
    pub title: String,
    pub average: f64,
}

impl Weakest {
    /// The section named by its rubric's title (its id when the rubric is not at hand).
    pub fn of(w: &SectionAverage, rubrics: &[Rubric]) -> Weakest {
        let title = rubrics
            .iter()
            .find(|r| r.id == w.rubric)
            .and_then(|r| r.sections.iter().find(|s| s.id == w.section))
            .map(|s| s.title.clone())
            .unwrap_or_else(|| w.section.clone());
        Weakest {
            rubric: w.rubric.clone(),
            id: w.section.clone(),
            title,
            average: w.average,
        }
    }
}

/// The language a report over one rubric is written in: `--lang`, else the rubric's.
pub fn rubric_lang(opts: &super::ReportOptions, rubric: &Rubric) -> Lang {
    opts.lang.unwrap_or(rubric.language)
}

/// The language of a report over several rubrics: Spanish when every rubric involved is
/// Spanish, English otherwise (also when none is involved). `languages` are the stored codes.
pub fn lang_of_all<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
    let mut any = false;
    for code in languages {
        any = true;
        if code != "es" {
            return Lang::En;
        }
    }
    if any { Lang::Es } else { Lang::En }
}

/// The language of a report whose parts are each in a language: the one they all share, else
/// English (also when there are none). The same rule as [`lang_of_all`], for parsed languages.
pub fn shared_lang(langs: &[Lang]) -> Lang {
    match langs.first() {
        Some(first) if langs.iter().all(|l| l == first) => *first,
        _ => Lang::En,
    }
}

/// A share, `None` when there is nothing to divide by.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The weight of a criterion within the whole rubric: its share of its section's criteria
/// weights times its section's share of the section weights.
pub fn weight_share(rubric: &Rubric, key: &str) -> f64 {
    let total: f64 = rubric.sections.iter().map(|s| s.weight).sum();
    for section in &rubric.sections {
        if let Some(c) = section.criteria.iter().find(|c| c.key == key) {
            let in_section: f64 = section.criteria.iter().map(|c| c.weight).sum();
            return (section.weight / total) * (c.weight / in_section);
        }
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_default_to_thirty_days_and_have_a_previous_period() {
        let today = day("2026-11-23");
        let p = Period::from_options(None, None, today).unwrap();
        assert_eq!((p.from, p.to, p.days()), (day("2026-10-25"), today, 30));
        let p = Period::from_options(Some("2026-11-01"), Some("2026-11-30"), today).unwrap();
        let prev = p.previous();
        assert_eq!((prev.from, prev.to), (day("2026-10-02"), day("2026-10-31")));
        let w = p.window();
        assert_eq!(w.from, "2026-11-01T00:00:00Z");
        assert_eq!(w.to, "2026-12-01T00:00:00Z");
        assert_eq!(w.prev_from, "2026-10-02T00:00:00Z");
        assert_eq!(
            Period::from_options(Some("2026-11-30"), Some("2026-11-01"), today),
            Err(PeriodError::Reversed {
                from: day("2026-11-30"),
                to: day("2026-11-01")
            })
        );
        let err = Period::from_options(Some("30/11/2026"), None, today).unwrap_err();
        assert!(matches!(err, PeriodError::BadFrom { .. }), "{err}");
        let err = Period::from_options(None, Some("soon"), today).unwrap_err();
        assert!(matches!(err, PeriodError::BadTo { .. }), "{err}");
    }

    #[test]
    fn trends_need_enough_evaluations_in_both_periods() {
        assert_eq!(trend_counted(Some(90.0), 5, Some(70.0), 5, 5).direction, Direction::Up);
        assert_eq!(
            trend_counted(Some(90.0), 2, Some(70.0), 9, 5).direction,
            Direction::Small
        );
        assert_eq!(
            trend_counted(Some(90.0), 9, Some(70.0), 1, 5).direction,
            Direction::Small
        );
        assert_eq!(trend_counted(Some(90.0), 9, None, 0, 5).direction, Direction::New);
    }

    #[test]
    fn trends_need_a_full_point() {
        assert_eq!(trend(Some(80.0), Some(78.9)).direction, Direction::Up);
        assert_eq!(trend(Some(80.0), Some(79.5)).direction, Direction::Steady);
        assert_eq!(trend(Some(80.0), Some(81.0)).direction, Direction::Down);
        assert_eq!(trend(Some(80.0), None).direction, Direction::New);
        assert_eq!(trend(None, Some(80.0)).direction, Direction::None);
    }

    #[test]
    fn languages_of_several_rubrics() {
        assert_eq!(lang_of_all(["es", "es"]), Lang::Es);
        assert_eq!(lang_of_all(["es", "en"]), Lang::En);
        assert_eq!(lang_of_all([]), Lang::En);
        assert_eq!(shared_lang(&[Lang::Es, Lang::Es]), Lang::Es);
        assert_eq!(shared_lang(&[Lang::Es, Lang::En]), Lang::En);
        assert_eq!(shared_lang(&[]), Lang::En);
    }
}
