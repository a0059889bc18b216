//! Dates and times as people type them, and as the store keeps them.
//!
//! Stored times are RFC 3339 in UTC with seconds (`2026-11-20T10:05:00Z`), so they sort and
//! compare as text. Days typed on the command line accept `2026-11-23`, `today`, `yesterday`
//! and `-7d` (seven days ago); day boundaries, `today` and the times tables show follow the
//! store's zone (`qaudit config set timezone`, UTC until set; see [`use_zone`]). Dates outside the plausible years
//! (2000 to 2100, or `QAUDIT_YEARS=FIRST..LAST`) are refused: a typo such as `0202-11-01` or
//! `-99999999999d` would otherwise select nothing, or overflow.

use crate::lang::Lang;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use std::sync::RwLock;

/// Formats a time the way the store keeps it.
pub fn store_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The zone people of this store read times in, set once the store is open.
///
/// A process-wide value rather than a parameter: every table, sheet and day range of a run
/// belongs to the one store it opened, and threading the zone through every command would
/// touch each of them for no gain. Unset (tests of the library, `init`) means UTC.
static ZONE: RwLock<Option<Tz>> = RwLock::new(None);

/// Makes `tz` the zone of [`short`], [`local`], [`today`] and [`day_range`] for this run.
pub fn use_zone(tz: Tz) {
    if let Ok(mut z) = ZONE.write() {
        *z = Some(tz);
    }
}

/// The store's zone for this run (UTC until [`use_zone`]).
pub fn zone() -> Tz {
    ZONE.read().ok().and_then(|z| *z).unwrap_or(chrono_tz::UTC)
}

/// A stored time in the store's zone, without naming it: `2026-11-20 19:05`. For sheets that
/// name the zone once (see [`zone`]).
pub fn local(stored: &str) -> String {
    in_zone(stored, zone())
}

/// A stored time in `tz`: `2026-11-20 19:05`; text that is not RFC 3339 is kept as it is.
pub fn in_zone(stored: &str, tz: Tz) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => stored.to_string(),
    }
}

/// A stored time as people read it in a table: `2026-11-20 10:05` in a UTC store, and with
/// the zone's abbreviation in any other (`2026-11-20 19:02 CET`), so a cell never leaves
/// the reader guessing which clock it is.
pub fn short(stored: &str) -> String {
    let tz = zone();
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) if tz != chrono_tz::UTC => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        _ => in_zone(stored, tz),
    }
}

/// [`short`] in a language's way: `03/12/2026 19:02 CET` in Spanish.
pub fn short_in(stored: &str, lang: Lang) -> String {
    let shown = short(stored);
    in_lang(&shown, lang).unwrap_or(shown)
}

/// A day or a time as shown (`2026-12-03`, `2026-12-03 19:02`, `2026-12-03 19:02 CET`), or a
/// stored time (RFC 3339, shown as [`short`]), written the language's way: day first with
/// slashes in Spanish (`03/12/2026 19:02 CET`). `None` when `text` is not one of those, or the
/// language writes it as shown (English keeps ISO days, which sort and which people type).
pub fn in_lang(text: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    if text.len() > 10 && DateTime::parse_from_rfc3339(text).is_ok() {
        return in_lang(&short(text), lang);
    }
    let day = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &text[10..];
    // `get`, not indexing: the text may hold any characters, and must never panic.
    let zone_ok =
        |zone: Option<&str>| zone.is_some_and(|z| z.chars().all(|c| c.is_ascii_alphanumeric() || "+-:/_".contains(c)));
    let time_ok = rest.is_empty()
        || (rest.starts_with(' ')
            && rest
                .get(1..6)
                .is_some_and(|t| NaiveTime::parse_from_str(t, "%H:%M").is_ok())
            && (rest.len() == 6 || (rest.get(6..7) == Some(" ") && zone_ok(rest.get(7..)))));
    time_ok.then(|| format!("{}{rest}", day.format("%d/%m/%Y")))
}

/// Today in the store's zone.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&zone()).date_naive()
}

/// The day a stored time falls on in the store's zone.
pub fn day_of(stored: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.with_timezone(&zone()).date_naive())
}

/// A time zone by its IANA name (`Europe/Madrid`), or an explanation.
pub fn parse_tz(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!("unknown time zone `{name}`; use an IANA name such as Europe/Madrid or America/Mexico_City")
    })
}

/// The first and last plausible years: 2000 and 2100, or `QAUDIT_YEARS=FIRST..LAST`.
pub fn plausible_years() -> (i32, i32) {
    std::env::var("QAUDIT_YEARS")
        .ok()
        .and_then(|v| {
            let (a, b) = v.split_once("..")?;
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        })
        .unwrap_or((2000, 2100))
}

/// Refuses a day outside [`plausible_years`].
fn plausible(text: &str, day: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    let (first, last) = plausible_years();
    if (first..=last).contains(&day.year()) {
        Ok(day)
    } else {
        Err(format!(
            "`{text}` is {day}, outside the years {first} to {last}; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)"
        ))
    }
}

/// A day: `YYYY-MM-DD`, `today`, `yesterday` or `-Nd` (N days before `today`), within
/// [`plausible_years`].
pub fn parse_day(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Some(n) = t.strip_prefix('-').and_then(|r| r.strip_suffix('d'))
        && let Ok(n) = n.parse::<u64>()
    {
        let (first, last) = plausible_years();
        let day = today.checked_sub_days(chrono::Days::new(n)).ok_or_else(|| {
            format!("`{text}` goes back further than any calendar, outside the years {first} to {last}")
        })?;
        return plausible(text, day);
    }
    let day = NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d"))?;
    plausible(text, day)
}

/// A day typed for an option (`--from`, `--to`) that does not read as one; the message names
/// the option so that the person sees which of two days is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{flag}: {problem}")]
pub struct BadDay {
    pub flag: String,
    pub problem: String,
}

/// The day given for option `flag` (see [`parse_day`], relative to [`today`]), if any.
pub fn day_option(flag: &str, value: Option<&str>) -> Result<Option<NaiveDate>, BadDay> {
    value
        .map(|v| {
            parse_day(v, today()).map_err(|problem| BadDay {
                flag: flag.to_string(),
                problem,
            })
        })
        .transpose()
}

/// Why a typed moment is refused; the command layer words it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not in any of the accepted forms.
    #[error("`{text}` is not a date and time; write RFC 3339 (2026-11-20T10:05:00+01:00) or YYYY-MM-DD HH:MM[:SS]")]
    Unreadable { text: String },
    /// A local time the zone skips (spring forward).
    #[error("`{text}` does not exist in {zone} (skipped by a daylight-saving change)")]
    Skipped { text: String, zone: String },
    /// A day outside [`plausible_years`].
    #[error(
        "`{text}` is {day}, outside the years {first} to {last}; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)"
    )]
    Implausible {
        text: String,
        day: NaiveDate,
        first: i32,
        last: i32,
    },
}

/// A moment: RFC 3339 (with its offset), or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]`
/// / `YYYY-MM-DD` read in `tz`.
pub fn parse_time(text: &str, tz: Tz) -> Result<DateTime<Utc>, TimeError> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    });
    let text = text.to_string();
    let Some(naive) = naive else {
        return Err(TimeError::Unreadable { text });
    };
    let utc = tz
        .from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.with_timezone(&Utc))
        .ok_or_else(|| TimeError::Skipped {
            text: text.clone(),
            zone: tz.to_string(),
        })?;
    let day = utc.date_naive();
    let (first, last) = plausible_years();
    if !(first..=last).contains(&chrono::Datelike::year(&day)) {
        return Err(TimeError::Implausible { text, day, first, last });
    }
    Ok(utc)
}

/// The stored-time bounds `[from, to)` of an inclusive range of days in the store's zone;
/// either end may be open.
pub fn day_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (Option<String>, Option<String>) {
    day_range_in(from, to, zone())
}

/// [`day_range`] with days that begin at midnight in `tz`.
pub fn day_range_in(from: Option<NaiveDate>, to: Option<NaiveDate>, tz: Tz) -> (Option<String>, Option<String>) {
    let start = |d: NaiveDate| store_time(day_start(d, tz));
    (from.map(start), to.map(|d| start(d + Duration::days(1))))
}

/// The first moment of `day` in `tz` (midnight, or the first time after a daylight-saving gap).
fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    (0..24 * 60)
        .find_map(|m| {
            tz.from_local_datetime(&(day.and_time(NaiveTime::MIN) + Duration::minutes(m)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)))
}

#[cfg(test)]
mod tests {

    #[test]
    fn spanish_writes_days_first_and_keeps_what_is_not_a_date() {
        assert_eq!(in_lang("2026-12-03", Lang::Es).as_deref(), Some("03/12/2026"));
        assert_eq!(
            in_lang("2026-12-03 19:02 CET", Lang::Es).as_deref(),
            Some("03/12/2026 19:02 CET")
        );
        assert_eq!(
            in_lang("2026-12-03 19:02", Lang::Es).as_deref(),
            Some("03/12/2026 19:02")
        );
        assert_eq!(
            in_lang("2026-12-03T18:02:00Z", Lang::Es).as_deref(),
            Some("03/12/2026 18:02")
        );
        assert_eq!(in_lang("2026-12-03", Lang::En), None);
        for not_a_date in [
            "2026-12-03 é19:02",
            "2026-12-03 19:02éé",
            "2026-12-03 and more",
            "2026-13-03",
            "a-103",
            "2026-12-03 19:02 CET!",
            "",
        ] {
            assert_eq!(in_lang(not_a_date, Lang::Es), None, "{not_a_date}");
        }
        assert_eq!(short_in("2026-12-03T18:02:00Z", Lang::En), "2026-12-03 18:02");
    }

    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_as_people_type_them() {
        let today = day("2026-11-23");
        assert_eq!(parse_day("2026-11-01", today), Ok(day("2026-11-01")));
        assert_eq!(parse_day("today", today), Ok(today));
        assert_eq!(parse_day("Yesterday", today), Ok(day("2026-11-22")));
        assert_eq!(parse_day("-7d", today), Ok(day("2026-11-16")));
        assert_eq!(parse_day("-0d", today), Ok(today));
        assert!(parse_day("23/11/2026", today).unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_day("-7w", today).is_err());
        assert!(
            parse_day("-99999999999d", today)
                .unwrap_err()
                .contains("outside the years")
        );
        assert!(parse_day("-99999999999999999d", today).is_err());
        assert!(
            parse_day("0202-11-01", today)
                .unwrap_err()
                .contains("outside the years")
        );
        assert!(parse_day("9999-12-31", today).unwrap_err().contains("2000 to 2100"));
        assert!(parse_time("1999-12-31 23:00", chrono_tz::UTC).is_err());
    }

    #[test]
    fn times_with_and_without_offsets() {
        let utc = chrono_tz::UTC;
        let madrid = parse_tz("Europe/Madrid").unwrap();
        assert_eq!(
            store_time(parse_time("2026-11-20T10:05:00+01:00", utc).unwrap()),
            "2026-11-20T09:05:00Z"
        );
        assert_eq!(
            store_time(parse_time("2026-11-20 10:05", utc).unwrap()),
            "2026-11-20T10:05:00Z"
        );
        assert_eq!(
            store_time(parse_time("2026-11-20 10:05:30", madrid).unwrap()),
            "2026-11-20T09:05:30Z"
        );
        // Summer time: Madrid is UTC+2 in July.
        assert_eq!(
            store_time(parse_time("2026-07-01T10:00", madrid).unwrap()),
            "2026-07-01T08:00:00Z"
        );
        assert_eq!(
            store_time(parse_time("2026-11-20", utc).unwrap()),
            "2026-11-20T00:00:00Z"
        );
        assert!(parse_time("20/11/2026", utc).is_err());
        // 02:30 on the last Sunday of March does not exist in Madrid.
        assert!(
            parse_time("2026-03-29 02:30", madrid)
                .unwrap_err()
                .to_string()
                .contains("does not exist")
        );
        assert!(parse_tz("Mars/Olympus").is_err());
    }

    #[test]
    fn day_ranges_are_inclusive_of_the_last_day() {
        let (from, to) = day_range(Some(day("2026-11-01")), Some(day("2026-11-30")));
        assert_eq!(from.as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(to.as_deref(), Some("2026-12-01T00:00:00Z"));
        assert_eq!(day_range(None, None), (None, None));
        let madrid = parse_tz("Europe/Madrid").unwrap();
        let (from, to) = day_range_in(Some(day("2026-11-20")), Some(day("2026-11-20")), madrid);
        assert_eq!(from.as_deref(), Some("2026-11-19T23:00:00Z"));
        assert_eq!(to.as_deref(), Some("2026-11-20T23:00:00Z"));
        // Santiago skips midnight when summer time begins: the day starts at 01:00.
        let santiago = parse_tz("America/Santiago").unwrap();
        let (from, _) = day_range_in(Some(day("2026-09-06")), None, santiago);
        assert_eq!(from.as_deref(), Some("2026-09-06T04:00:00Z"));
        assert_eq!(in_zone("2026-11-20T18:02:00Z", madrid), "2026-11-20 19:02");
    }
}
