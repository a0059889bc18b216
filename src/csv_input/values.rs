//! Cell values as exports write them: times in a system's own format and time zone, durations
//! as seconds or clock readings, and the plausibility rules that keep a typo (a year 0026, a
//! duration in milliseconds) out of the store.

use chrono::offset::LocalResult;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub use super::time_problem::{CellProblem, TimeProblem};

/// What an import picks for a local time that a daylight-saving change repeats (or skips).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ambiguous {
    /// The first of the two moments (summer time); for a skipped time, the offset before the change.
    Earlier,
    /// The second of the two moments (winter time); for a skipped time, the offset after it.
    Later,
}

/// The longest plausible duration of one interaction: a day.
pub const MAX_DURATION_S: i64 = 86_400;

/// The default first plausible day of the work.
pub fn default_earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The default last plausible day of the work.
pub fn default_latest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// How an import reads times: RFC 3339 (with its offset) always; `format` (strftime) when
/// given; then `YYYY-MM-DD[ HH:MM[:SS]]`. Times without an offset are in `tz`. A time is
/// plausible from `earliest` to `latest` (days, inclusive) and at most a day after `now`.
#[derive(Debug, Clone)]
pub struct TimeRules {
    pub format: Option<String>,
    pub tz: Tz,
    pub ambiguous: Option<Ambiguous>,
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    pub now: DateTime<Utc>,
}

impl Default for TimeRules {
    fn default() -> Self {
        TimeRules {
            format: None,
            tz: chrono_tz::UTC,
            ambiguous: None,
            earliest: default_earliest(),
            latest: default_latest(),
            now: Utc::now(),
        }
    }
}

/// The formats every import reads, besides RFC 3339 and the import's own format.
const FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
];

impl TimeRules {
    /// A time read and checked, or why it is not one (for `file:line: FIELD ...`).
    pub fn parse(&self, text: &str) -> Result<DateTime<Utc>, TimeProblem> {
        let t = text.trim();
        let at = match DateTime::parse_from_rfc3339(t) {
            Ok(dt) => dt.with_timezone(&Utc),
            Err(_) => {
                let Some(naive) = self.naive(t) else {
                    return Err(TimeProblem::NotATime {
                        text: t.to_string(),
                        format: self.format.clone(),
                    });
                };
                self.local(t, naive)?
            }
        };
        self.plausible(t, at)?;
        Ok(at)
    }

    fn naive(&self, t: &str) -> Option<NaiveDateTime> {
        if let Some(f) = &self.format {
            if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
                return Some(n);
            }
            if let Ok(d) = NaiveDate::parse_from_str(t, f) {
                return Some(d.and_time(NaiveTime::MIN));
            }
        }
        FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .ok()
                    .map(|d| d.and_time(NaiveTime::MIN))
            })
    }

    /// A local time in `tz`: a time repeated or skipped by a daylight-saving change is refused
    /// unless [`Self::ambiguous`] says which to take.
    fn local(&self, t: &str, naive: NaiveDateTime) -> Result<DateTime<Utc>, TimeProblem> {
        let tz = self.tz;
        let text = t.to_string();
        match (tz.from_local_datetime(&naive), self.ambiguous) {
            (LocalResult::Single(dt), _) => Ok(dt.with_timezone(&Utc)),
            (LocalResult::Ambiguous(a, _), Some(Ambiguous::Earlier)) => Ok(a.with_timezone(&Utc)),
            (LocalResult::Ambiguous(_, b), Some(Ambiguous::Later)) => Ok(b.with_timezone(&Utc)),
            (LocalResult::Ambiguous(..), None) => Err(TimeProblem::Repeated { text, tz }),
            (LocalResult::None, Some(pick)) => {
                // The offset in force a few hours before (earlier) or after (later) the gap.
                let probe = match pick {
                    Ambiguous::Earlier => naive - Duration::hours(3),
                    Ambiguous::Later => naive + Duration::hours(3),
                };
                let offset = tz
                    .from_local_datetime(&probe)
                    .earliest()
                    .map(|d| d.offset().fix())
                    .ok_or_else(|| TimeProblem::Nonexistent { text: text.clone(), tz })?;
                offset
                    .from_local_datetime(&naive)
                    .single()
                    .map(|d| d.with_timezone(&Utc))
                    .ok_or(TimeProblem::Nonexistent { text, tz })
            }
            (LocalResult::None, None) => Err(TimeProblem::Skipped { text, tz }),
        }
    }

    fn plausible(&self, t: &str, at: DateTime<Utc>) -> Result<(), TimeProblem> {
        let day = at.date_naive();
        let text = t.to_string();
        if day < self.earliest {
            return Err(TimeProblem::TooEarly {
                text,
                earliest: self.earliest,
            });
        }
        if day > self.latest {
            return Err(TimeProblem::TooLate {
                text,
                latest: self.latest,
            });
        }
        if at > self.now + Duration::days(1) {
            return Err(TimeProblem::Future { text });
        }
        Ok(())
    }
}

/// A duration in seconds: `401`, `401.5` (`401,5` where the file's delimiter is `;`), `6:41`
/// (minutes and seconds) or `00:06:41` (hours, minutes, seconds); rounded to the second, at
/// most a day.
pub fn parse_duration(text: &str, decimal_comma: bool) -> Result<i64, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "`{t}` is not a duration; write seconds (401{}), mm:ss (6:41) or hh:mm:ss (00:06:41)",
            if decimal_comma { " or 401,5" } else { " or 401.5" }
        )
    };
    let number = |s: &str| -> Option<f64> {
        let s = if decimal_comma {
            s.replace(',', ".")
        } else {
            s.to_string()
        };
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    };
    let parts: Vec<&str> = t.split(':').collect();
    let seconds = match parts.as_slice() {
        [s] => number(s).ok_or_else(bad)?,
        [m, s] | [_, m, s] => {
            let whole = |p: &str| p.parse::<u32>().ok().filter(|_| p.chars().all(|c| c.is_ascii_digit()));
            let hours = if parts.len() == 3 {
                whole(parts[0]).ok_or_else(bad)?
            } else {
                0
            };
            let minutes = whole(m).ok_or_else(bad)?;
            let secs = number(s).filter(|v| *v < 60.0).ok_or_else(bad)?;
            if parts.len() == 3 && minutes >= 60 {
                return Err(bad());
            }
            f64::from(hours) * 3600.0 + f64::from(minutes) * 60.0 + secs
        }
        _ => return Err(bad()),
    };
    let rounded = seconds.round();
    if rounded > MAX_DURATION_S as f64 {
        return Err(format!(
            "`{t}` is over a day ({} s); is it in milliseconds?",
            if rounded < 1e15 {
                format!("{rounded}")
            } else {
                "far more than 86400".to_string()
            }
        ));
    }
    Ok(rounded as i64)
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Removes the `'` that qaudit's CSV writer puts before a cell a spreadsheet would run as a
/// formula, so a file qaudit wrote (an export, a rejects file) imports as it was stored.
pub fn unneutralise(cell: &mut String) {
    let mut chars = cell.chars();
    if chars.next() == Some('\'') && chars.next().is_some_and(|c| FORMULA_STARTS.contains(&c)) {
        cell.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(tz: &str, format: Option<&str>, ambiguous: Option<Ambiguous>) -> TimeRules {
        TimeRules {
            format: format.map(str::to_string),
            tz: tz.parse().unwrap(),
            ambiguous,
            now: Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap(),
            ..TimeRules::default()
        }
    }

    fn at(r: &TimeRules, t: &str) -> Result<String, TimeProblem> {
        r.parse(t).map(crate::dates::store_time)
    }

    #[test]
    fn own_formats_and_time_zones() {
        let r = rules("Europe/Madrid", Some("%d/%m/%Y %H:%M"), None);
        assert_eq!(at(&r, "03/11/2026 9:15").unwrap(), "2026-11-03T08:15:00Z");
        assert_eq!(at(&r, "2026-11-03 09:15").unwrap(), "2026-11-03T08:15:00Z");
        assert_eq!(at(&r, "2026-11-03T09:15:00Z").unwrap(), "2026-11-03T09:15:00Z");
        let d = rules("UTC", Some("%d/%m/%Y"), None);
        assert_eq!(at(&d, "03/11/2026").unwrap(), "2026-11-03T00:00:00Z");
        assert!(matches!(
            at(&rules("UTC", None, None), "03/11/2026 9:15"),
            Err(TimeProblem::NotATime { format: None, .. })
        ));
    }

    #[test]
    fn daylight_saving_changes_need_a_choice() {
        // 02:30 on 25 October 2026 happens twice in Madrid; 02:30 on 29 March does not happen.
        let none = rules("Europe/Madrid", None, None);
        assert!(matches!(
            at(&none, "2026-10-25 02:30"),
            Err(TimeProblem::Repeated { .. })
        ));
        assert!(matches!(
            at(&none, "2026-03-29 02:30"),
            Err(TimeProblem::Skipped { .. })
        ));
        let early = rules("Europe/Madrid", None, Some(Ambiguous::Earlier));
        let late = rules("Europe/Madrid", None, Some(Ambiguous::Later));
        assert_eq!(at(&early, "2026-10-25 02:30").unwrap(), "2026-10-25T00:30:00Z");
        assert_eq!(at(&late, "2026-10-25 02:30").unwrap(), "2026-10-25T01:30:00Z");
        assert_eq!(at(&early, "2026-03-29 02:30").unwrap(), "2026-03-29T01:30:00Z");
        assert_eq!(at(&late, "2026-03-29 02:30").unwrap(), "2026-03-29T00:30:00Z");
    }

    #[test]
    fn implausible_dates() {
        let r = rules("UTC", None, None);
        let refused = |t| at(&r, t).unwrap_err().to_string();
        assert_eq!(refused("0000-01-01"), "`0000-01-01` is before 2000-01-01 (implausible)");
        assert_eq!(refused("9999-12-31"), "`9999-12-31` is after 2100-12-31 (implausible)");
        assert!(refused("2026-12-03 12:00").contains("future"));
        assert!(at(&r, "2026-12-02 11:00").is_ok());
        let wide = TimeRules {
            earliest: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            ..r
        };
        assert!(at(&wide, "1995-05-05").is_ok());
    }

    #[test]
    fn durations_as_exports_write_them() {
        assert_eq!(parse_duration("401", false), Ok(401));
        assert_eq!(parse_duration("6:41", false), Ok(401));
        assert_eq!(parse_duration("00:06:41", false), Ok(401));
        assert_eq!(parse_duration("1:02:05", false), Ok(3725));
        assert_eq!(parse_duration("401.6", false), Ok(402));
        assert_eq!(parse_duration("401,4", true), Ok(401));
        assert!(parse_duration("401,4", false).is_err());
        assert!(parse_duration("6:75", false).is_err());
        assert!(parse_duration("-5", false).is_err());
        assert!(parse_duration("86401", false).unwrap_err().contains("over a day"));
        assert!(
            parse_duration("9223372036854775807", false)
                .unwrap_err()
                .contains("over a day")
        );
        assert!(parse_duration("1e3", false).is_err());
        assert!(parse_duration("", false).is_err());
    }

    #[test]
    fn neutralised_cells_come_back() {
        for (given, back) in [
            ("'=1+2", "=1+2"),
            ("'-3", "-3"),
            ("'@x", "@x"),
            ("'hello", "'hello"),
            ("'", "'"),
        ] {
            let mut cell = given.to_string();
            unneutralise(&mut cell);
            assert_eq!(cell, back);
        }
    }
}
