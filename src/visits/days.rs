//! Opening days of a location (`--open-days Mon-Sat`) and closed dates (`--closed
//! 2026-12-24,2026-12-25`), which `visit plan` never schedules a visit on.

use chrono::{Datelike, NaiveDate, Weekday};

const NAMES: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// The days of the week a location opens; stored as `Mon,Tue,...` in week order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDays([bool; 7]);

impl OpenDays {
    /// Every day of the week (a location with no opening days recorded).
    pub fn every_day() -> Self {
        OpenDays([true; 7])
    }

    /// Reads `Mon-Sat`, `Mon-Fri,Sun`, `tue,thu` (English day names or their first three
    /// letters, any case; a range wraps over Sunday, so `Fri-Mon` is Fri, Sat, Sun, Mon).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut days = [false; 7];
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (day(a)?, day(b)?),
                None => (day(part)?, day(part)?),
            };
            let mut d = a;
            loop {
                days[d] = true;
                if d == b {
                    break;
                }
                d = (d + 1) % 7;
            }
        }
        if !days.iter().any(|&d| d) {
            return Err(format!("`{text}` names no day of the week"));
        }
        Ok(OpenDays(days))
    }

    /// The stored form, `None` meaning every day.
    pub fn stored(text: Option<&str>) -> Self {
        text.and_then(|t| Self::parse(t).ok()).unwrap_or_else(Self::every_day)
    }

    /// `Mon,Tue,Wed,Thu,Fri,Sat`.
    pub fn label(&self) -> String {
        NAMES
            .iter()
            .zip(self.0)
            .filter(|(_, open)| *open)
            .map(|((n, _), _)| {
                let mut c = n.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Whether the location opens on `date`'s day of the week.
    pub fn opens_on(&self, date: NaiveDate) -> bool {
        self.0[date.weekday().num_days_from_monday() as usize]
    }
}

fn day(text: &str) -> Result<usize, String> {
    let t = text.trim().to_lowercase();
    NAMES
        .iter()
        .position(|(n, w)| t == *n || t == format!("{w:?}").to_lowercase() || full(*w) == t)
        .ok_or_else(|| {
            format!(
                "`{}` is not a day of the week (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
                text.trim()
            )
        })
}

fn full(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// Reads `2026-12-24,2026-12-25` (each `YYYY-MM-DD`).
pub fn parse_closed(items: &[String]) -> Result<Vec<NaiveDate>, String> {
    let mut out = Vec::new();
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let d =
            NaiveDate::parse_from_str(item, "%Y-%m-%d").map_err(|_| format!("`{item}` is not a date (YYYY-MM-DD)"))?;
        out.push(d);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ranges_lists_and_wrapping() {
        assert_eq!(OpenDays::parse("Mon-Sat").unwrap().label(), "Mon,Tue,Wed,Thu,Fri,Sat");
        assert_eq!(OpenDays::parse("tue, Thursday").unwrap().label(), "Tue,Thu");
        assert_eq!(OpenDays::parse("Fri-Mon").unwrap().label(), "Mon,Fri,Sat,Sun");
        assert!(OpenDays::parse("Mon-Funday").unwrap_err().contains("Funday"));
        assert!(OpenDays::parse(" , ").is_err());
        let sat = OpenDays::parse("Mon-Sat").unwrap();
        assert!(sat.opens_on(d("2026-12-26"))); // a Saturday
        assert!(!sat.opens_on(d("2026-12-27"))); // a Sunday
        assert_eq!(OpenDays::stored(None), OpenDays::every_day());
    }

    #[test]
    fn closed_dates() {
        let c = parse_closed(&["2026-12-25".into(), " 2026-12-24".into(), "2026-12-25".into()]).unwrap();
        assert_eq!(c, vec![d("2026-12-24"), d("2026-12-25")]);
        assert!(parse_closed(&["24/12".into()]).unwrap_err().contains("24/12"));
    }
}
