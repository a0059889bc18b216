//! Business hours (`config set business-hours "Mon-Fri 09:00-18:00"`) and the business seconds
//! between two instants, in the store's zone. Response targets written in hours count business
//! hours when business hours are set (`voice::target`); a working day is a day with business
//! hours.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::fmt;

/// The opening window of each weekday (Monday first); `None` is a closed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    days: [Option<(NaiveTime, NaiveTime)>; 7],
}

const NAMES: [[&str; 3]; 7] = [
    ["mon", "lun", "l"],
    ["tue", "mar", "m"],
    ["wed", "mié", "mie"],
    ["thu", "jue", "j"],
    ["fri", "vie", "v"],
    ["sat", "sáb", "sab"],
    ["sun", "dom", "d"],
];

fn day_index(word: &str) -> Option<usize> {
    let w = word.trim().to_lowercase();
    let w = w
        .get(..w.char_indices().nth(3).map_or(w.len(), |(i, _)| i))
        .unwrap_or(&w);
    NAMES.iter().position(|names| names.contains(&w))
}

impl BusinessHours {
    /// Reads groups like `Mon-Fri 09:00-18:00` separated by commas or semicolons (`Mon-Fri
    /// 09:00-18:00, Sat 10:00-14:00`); English or Spanish day names (`Lun-Vie 09:00-18:00`).
    /// A day named twice, an end not after its start, or no open day is refused.
    pub fn parse(text: &str) -> Result<Self, String> {
        let example = "write e.g. \"Mon-Fri 09:00-18:00\" or \"Mon-Fri 09:00-18:00, Sat 10:00-14:00\"";
        let mut days = [None; 7];
        for group in text.split([',', ';']).map(str::trim).filter(|g| !g.is_empty()) {
            let (names, times) = group
                .rsplit_once(char::is_whitespace)
                .ok_or_else(|| format!("`{group}` names no days and hours; {example}"))?;
            let (start, end) = times
                .split_once('-')
                .and_then(|(a, b)| Some((time(a)?, time(b)?)))
                .ok_or_else(|| format!("`{times}` is not HH:MM-HH:MM; {example}"))?;
            if end <= start {
                return Err(format!("`{times}` ends before it starts"));
            }
            for range in names.split('+').map(str::trim) {
                let (a, b) = range.split_once('-').unwrap_or((range, range));
                let (Some(a), Some(b)) = (day_index(a), day_index(b)) else {
                    return Err(format!(
                        "`{range}` is not a day or a range of days (Mon-Fri); {example}"
                    ));
                };
                let mut d = a;
                loop {
                    if days[d].is_some() {
                        return Err(format!("{} is given twice", NAMES[d][0]));
                    }
                    days[d] = Some((start, end));
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
        }
        if days.iter().all(Option::is_none) {
            return Err(format!("no open day is given; {example}"));
        }
        Ok(Self { days })
    }

    /// The window of `day`, if it is a working day.
    pub fn window(&self, day: Weekday) -> Option<(NaiveTime, NaiveTime)> {
        self.days[day.num_days_from_monday() as usize]
    }

    /// Whether `date` is a working day (a day with business hours).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.window(date.weekday()).is_some()
    }

    /// The business seconds between `from` and `to` (0 when `to` is not after `from`): the
    /// time inside each working day's window, the windows read in `tz` (a window a DST change
    /// shortens or lengthens counts as the clock says).
    pub fn seconds_between(&self, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let mut day = from.with_timezone(&tz).date_naive();
        let last = to.with_timezone(&tz).date_naive();
        let mut total = 0;
        while day <= last {
            if let Some((open, close)) = self.window(day.weekday()) {
                let at = |t: NaiveTime| {
                    tz.from_local_datetime(&day.and_time(t))
                        .earliest()
                        .map(|d| d.with_timezone(&Utc))
                };
                if let (Some(a), Some(b)) = (at(open), at(close)) {
                    let (a, b) = (a.max(from), b.min(to));
                    if b > a {
                        total += (b - a).num_seconds();
                    }
                }
            }
            day += Duration::days(1);
        }
        total
    }
}

impl fmt::Display for BusinessHours {
    /// Canonical spelling: consecutive days with the same window joined, `Mon-Fri 09:00-18:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = |i: usize| {
            let n = NAMES[i][0];
            format!("{}{}", n[..1].to_uppercase(), &n[1..])
        };
        let mut groups = Vec::new();
        let mut i = 0;
        while i < 7 {
            let Some(w) = self.days[i] else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < 7 && self.days[j + 1] == Some(w) {
                j += 1;
            }
            let names = if i == j {
                title(i)
            } else {
                format!("{}-{}", title(i), title(j))
            };
            groups.push(format!("{names} {}-{}", w.0.format("%H:%M"), w.1.format("%H:%M")));
            i = j + 1;
        }
        f.write_str(&groups.join(", "))
    }
}

fn time(t: &str) -> Option<NaiveTime> {
    let t = t.trim();
    if t == "24:00" {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn hours_are_read_and_spelled_canonically() {
        let h = BusinessHours::parse("mon-fri 9:00-18:00").unwrap();
        assert_eq!(h.to_string(), "Mon-Fri 09:00-18:00");
        let es = BusinessHours::parse("Lun-Vie 09:00-14:00; sáb 10:00-13:00").unwrap();
        assert_eq!(es.to_string(), "Mon-Fri 09:00-14:00, Sat 10:00-13:00");
        assert!(es.is_working_day(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()));
        assert!(!es.is_working_day(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()));
        for bad in [
            "",
            "Mon-Fri",
            "Mon-Fri 18:00-09:00",
            "Funday 09:00-18:00",
            "Mon-Fri 9-18",
            "Mon 09:00-10:00, Mon 11:00-12:00",
        ] {
            assert!(BusinessHours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn business_seconds_skip_nights_and_weekends() {
        let h = BusinessHours::parse("Mon-Fri 09:00-18:00").unwrap();
        let tz: Tz = "Europe/Madrid".parse().unwrap();
        // Thursday 2026-12-03 17:00 Madrid (16:00 UTC) to Friday 10:00 Madrid: 1 h + 1 h.
        let night = h.seconds_between(tz, utc("2026-12-03T16:00:00Z"), utc("2026-12-04T09:00:00Z"));
        assert_eq!(night, 2 * 3600);
        // Friday 17:30 Madrid to Monday 09:30 Madrid: 30 min + 30 min across the weekend.
        let weekend = h.seconds_between(tz, utc("2026-12-04T16:30:00Z"), utc("2026-12-07T08:30:00Z"));
        assert_eq!(weekend, 3600);
        // A Saturday-only span counts nothing; a reversed span counts nothing.
        assert_eq!(
            h.seconds_between(tz, utc("2026-12-05T08:00:00Z"), utc("2026-12-05T20:00:00Z")),
            0
        );
        assert_eq!(
            h.seconds_between(tz, utc("2026-12-07T10:00:00Z"), utc("2026-12-07T09:00:00Z")),
            0
        );
        // A whole working week: 5 x 9 h.
        let week = h.seconds_between(tz, utc("2026-11-30T00:00:00Z"), utc("2026-12-07T00:00:00Z"));
        assert_eq!(week, 5 * 9 * 3600);
        // The zone matters: 09:00 UTC is 10:00 in Madrid, already an hour in.
        let utc_day = h.seconds_between(chrono_tz::UTC, utc("2026-12-03T09:00:00Z"), utc("2026-12-03T10:00:00Z"));
        let madrid = h.seconds_between(tz, utc("2026-12-03T07:00:00Z"), utc("2026-12-03T08:30:00Z"));
        assert_eq!((utc_day, madrid), (3600, 1800));
    }
}
