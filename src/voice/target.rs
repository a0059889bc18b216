//! Response-time targets per channel (`config set target.response.email 24h`): a span, counted
//! in business time when business hours are set and the target is written in hours or days of
//! work, in clock time otherwise (the protocol "every email answered within 24 business hours").

use super::hours::BusinessHours;
use super::values::span;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The settings key prefix of a channel's response target.
pub const RESPONSE_PREFIX: &str = "target.response.";

/// A response target as written: the span in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub seconds: i64,
}

impl Target {
    /// `24h`, `30m`, `2d`, `1h30m` or seconds; a zero target is refused.
    pub fn parse(text: &str) -> Result<Self, String> {
        match span(text) {
            Some(s) if s > 0 => Ok(Self { seconds: s }),
            _ => Err(format!(
                "`{}` is not a time span; write e.g. 24h, 30m, 1h30m or 2d",
                text.trim()
            )),
        }
    }

    /// Whether a contact answered `from` → `to` met the target: counted in business seconds
    /// with business hours, in clock seconds without.
    pub fn met(&self, hours: Option<&BusinessHours>, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        elapsed(hours, tz, from, to) <= self.seconds
    }
}

/// The seconds from `from` to `to` the way targets count them: business seconds with business
/// hours, clock seconds without.
pub fn elapsed(hours: Option<&BusinessHours>, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    match hours {
        Some(h) => h.seconds_between(tz, from, to),
        None => (to - from).num_seconds().max(0),
    }
}

/// The channel a `target.response.CHANNEL` key names, checked like an imported channel.
pub fn response_channel(key: &str) -> Option<&str> {
    let channel = key.strip_prefix(RESPONSE_PREFIX)?;
    (!channel.is_empty()
        && channel
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'))
    .then_some(channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_count_business_time_when_hours_are_set() {
        assert_eq!(Target::parse("24h"), Ok(Target { seconds: 86_400 }));
        assert!(Target::parse("0").is_err());
        assert!(Target::parse("soon").is_err());
        let h = BusinessHours::parse("Mon-Fri 09:00-18:00").unwrap();
        let t = Target::parse("9h").unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Friday 17:00 UTC to Monday 17:00 UTC: 1 h + 8 h of business time, 72 h of clock time.
        let (a, b) = (at("2026-12-04T17:00:00Z"), at("2026-12-07T17:00:00Z"));
        assert!(t.met(Some(&h), chrono_tz::UTC, a, b));
        assert!(!t.met(None, chrono_tz::UTC, a, b));
        assert_eq!(response_channel("target.response.email"), Some("email"));
        assert_eq!(response_channel("target.response.E mail"), None);
        assert_eq!(response_channel("target.response."), None);
    }
}
