//! Tenure: how long an agent has been with the team, counted from their hire date
//! (`agents.hired_on`), and who counts as a new hire. One rule for every front end: heavier
//! sampling (`sample draw --new-hire-weeks`), the marker of `report team` and the weeks of
//! `report ramp-up` all read it here.
//!
//! - Week 1 of tenure is the hire day and the six days after it; week `w` is days
//!   `7(w-1)+1 ..= 7w` counting the hire day as day 1. Before the hire day there is no week.
//! - An agent is a *new hire in a period* (first and last day, inclusive) when some day of the
//!   period falls in their first `weeks` weeks: hired on or before the last day, and the first
//!   day before the end of week `weeks`. An agent without a hire date is never a new hire.

use chrono::{Days, NaiveDate};
use thiserror::Error;

/// The weeks `report team` and `report ramp-up` count as a new hire's first weeks when no
/// `--new-hire-weeks` / `--weeks` is given: about a quarter, the usual integration period.
pub const DEFAULT_NEW_HIRE_WEEKS: u32 = 12;

/// The most weeks a new-hire period may last: two years is tenure, not integration.
pub const MAX_NEW_HIRE_WEEKS: u32 = 104;

/// A count of weeks that cannot be a new-hire period. The messages name no option: a front end
/// says which of its own gave the weeks (`commands::errors::weeks_given_as` for the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WeeksError {
    #[error("0 new-hire weeks: no week would count as a new hire's")]
    Zero,
    #[error("{weeks} new-hire weeks is more than {max} weeks, which is tenure, not a new hire's first weeks", max = MAX_NEW_HIRE_WEEKS)]
    TooMany { weeks: u32 },
}

/// Checks a count of new-hire weeks.
pub fn check_weeks(weeks: u32) -> Result<u32, WeeksError> {
    match weeks {
        0 => Err(WeeksError::Zero),
        w if w > MAX_NEW_HIRE_WEEKS => Err(WeeksError::TooMany { weeks }),
        w => Ok(w),
    }
}

/// A hire date as typed (`YYYY-MM-DD`, `today`, `-30d`, see [`crate::dates::parse_day`]) in
/// its stored form, or why it is not a day.
pub fn parse_hire_date(text: &str, today: NaiveDate) -> Result<String, String> {
    crate::dates::parse_day(text, today).map(|d| d.format("%Y-%m-%d").to_string())
}

/// A hire date as stored (`YYYY-MM-DD`); `None` for anything else.
pub fn hired_on(stored: Option<&str>) -> Option<NaiveDate> {
    stored.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The week of tenure `day` falls in (1 for the hire day's week), or `None` before the hire.
pub fn week_of(hired: NaiveDate, day: NaiveDate) -> Option<u32> {
    let days = (day - hired).num_days();
    (days >= 0).then(|| u32::try_from(days / 7 + 1).unwrap_or(u32::MAX))
}

/// The last day of week `weeks` of tenure.
pub fn last_day_of_week(hired: NaiveDate, weeks: u32) -> NaiveDate {
    let days = u64::from(weeks) * 7 - 1;
    hired.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// Whether an agent hired on `hired` is a new hire in the period `first ..= last`: some day of
/// it falls in their first `weeks` weeks.
pub fn new_hire_in(hired: Option<NaiveDate>, first: NaiveDate, last: NaiveDate, weeks: u32) -> bool {
    hired.is_some_and(|h| h <= last && first <= last_day_of_week(h, weeks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_count_from_the_hire_day() {
        let h = d("2026-11-02");
        assert_eq!(week_of(h, d("2026-11-01")), None);
        assert_eq!(week_of(h, h), Some(1));
        assert_eq!(week_of(h, d("2026-11-08")), Some(1));
        assert_eq!(week_of(h, d("2026-11-09")), Some(2));
        assert_eq!(last_day_of_week(h, 2), d("2026-11-15"));
    }

    #[test]
    fn a_new_hire_has_a_day_of_the_period_in_their_first_weeks() {
        let h = Some(d("2026-11-02"));
        // Hired in the period, before it within the weeks, just after them, after the period.
        assert!(new_hire_in(h, d("2026-11-01"), d("2026-11-30"), 1));
        assert!(new_hire_in(h, d("2026-11-15"), d("2026-11-21"), 2));
        assert!(!new_hire_in(h, d("2026-11-16"), d("2026-11-22"), 2));
        assert!(!new_hire_in(h, d("2026-10-01"), d("2026-11-01"), 12));
        assert!(!new_hire_in(None, d("2026-11-01"), d("2026-11-30"), 12));
    }

    #[test]
    fn weeks_are_checked() {
        assert_eq!(check_weeks(12), Ok(12));
        assert_eq!(check_weeks(0), Err(WeeksError::Zero));
        assert_eq!(check_weeks(105), Err(WeeksError::TooMany { weeks: 105 }));
        assert!(!WeeksError::Zero.to_string().contains("--"));
    }
}
