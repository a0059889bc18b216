//! Why a cell is not a plausible time, typed, so that each front end says how to read it after
//! all: the command line names its options (`--date-format`, `--ambiguous`, `--earliest`), the
//! web its own fields. `Display` says what is wrong and nothing more.

use chrono::NaiveDate;
use chrono_tz::Tz;
use std::fmt;

/// A time cell refused by [`super::TimeRules::parse`]; `text` is the cell as written (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeProblem {
    /// No format read it; `format` is the import's own, when one was given.
    NotATime { text: String, format: Option<String> },
    /// A daylight-saving change repeats that local hour and no choice was given.
    Repeated { text: String, tz: Tz },
    /// A daylight-saving change skips that local hour and no choice was given.
    Skipped { text: String, tz: Tz },
    /// The hour is skipped and no offset around the change reads it either.
    Nonexistent { text: String, tz: Tz },
    /// Before the first plausible day.
    TooEarly { text: String, earliest: NaiveDate },
    /// After the last plausible day.
    TooLate { text: String, latest: NaiveDate },
    /// More than a day after now.
    Future { text: String },
}

impl fmt::Display for TimeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotATime { text, format } => write!(
                f,
                "`{text}` is not a date and time; the formats read are RFC 3339 (2026-11-20T10:05:00+01:00), YYYY-MM-DD HH:MM[:SS]{}",
                format.as_ref().map(|f| format!(", {f:?}")).unwrap_or_default()
            ),
            Self::Repeated { text, tz } => write!(
                f,
                "`{text}` happens twice in {tz} (a daylight-saving change repeats that hour)"
            ),
            Self::Skipped { text, tz } => write!(
                f,
                "`{text}` does not exist in {tz} (skipped by a daylight-saving change)"
            ),
            Self::Nonexistent { text, tz } => write!(f, "`{text}` does not exist in {tz}"),
            Self::TooEarly { text, earliest } => write!(f, "`{text}` is before {earliest} (implausible)"),
            Self::TooLate { text, latest } => write!(f, "`{text}` is after {latest} (implausible)"),
            Self::Future { text } => write!(f, "`{text}` is more than a day in the future"),
        }
    }
}

impl std::error::Error for TimeProblem {}

/// A refused cell: a value that does not read, with the parser's reason, or a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    Value(String),
    Time(TimeProblem),
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(why) => f.write_str(why),
            Self::Time(t) => t.fmt(f),
        }
    }
}

impl From<String> for CellProblem {
    fn from(why: String) -> Self {
        CellProblem::Value(why)
    }
}

impl From<TimeProblem> for CellProblem {
    fn from(t: TimeProblem) -> Self {
        CellProblem::Time(t)
    }
}
