//! Store settings people change with `qaudit config`: which keys exist, what each means and
//! which values it takes. The store keeps them (see `store::settings`); this module holds the
//! rules, so every front end refuses the same values with the same words.

use crate::dates;
use crate::voice::hours::BusinessHours;
use crate::voice::target::{RESPONSE_PREFIX, Target, response_channel};

/// A setting: its key, the value it has until set, and one line on what it changes.
pub struct Setting {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

/// Every setting, in the order `config list` shows them. A key ending in `CHANNEL` is a family:
/// one setting per channel (`target.response.email`).
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "timezone",
        default: "UTC",
        help: "the zone tables, sheets and reports show times in, and where the days of a period begin",
    },
    Setting {
        key: "business-hours",
        default: "none",
        help: "the opening hours, in the store's zone (e.g. Mon-Fri 09:00-18:00); targets in hours then count business hours, and a working day is a day with business hours",
    },
    Setting {
        key: "target.response.CHANNEL",
        default: "none",
        help: "the protocol's response time for a channel (e.g. target.response.email 24h): business hours when business-hours is set, clock hours otherwise",
    },
    Setting {
        key: ESCALATION,
        default: "none",
        help: "the protocol's time from a contact to its escalation (e.g. 4h), counted like the response targets",
    },
];

/// The key of the time-to-escalate target.
pub const ESCALATION: &str = "target.escalation";

/// The family key of per-channel response targets.
pub const RESPONSE_FAMILY: &str = "target.response.CHANNEL";

/// Why a setting or its value was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SettingError {
    /// No setting has this key.
    UnknownKey(String),
    /// The value does not fit the setting.
    BadValue { key: &'static str, problem: String },
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingError::UnknownKey(k) => write!(f, "there is no setting `{k}`"),
            SettingError::BadValue { key, problem } => write!(f, "{key}: {problem}"),
        }
    }
}

/// The setting named `key`, and the key as stored (`target.response.email` for the family).
pub fn find(key: &str) -> Result<(&'static Setting, String), SettingError> {
    let k = key.trim().to_lowercase();
    if let Some(s) = SETTINGS.iter().find(|s| s.key == k && s.key != RESPONSE_FAMILY) {
        return Ok((s, k));
    }
    if k.starts_with(RESPONSE_PREFIX) && response_channel(&k).is_some() {
        let family = SETTINGS.iter().find(|s| s.key == RESPONSE_FAMILY);
        if let Some(s) = family {
            return Ok((s, k));
        }
    }
    Err(SettingError::UnknownKey(key.to_string()))
}

/// The value to store for `key`: checked, and in its canonical spelling (`europe/madrid` is
/// kept as `Europe/Madrid`, `mon-fri 9:00-18:00` as `Mon-Fri 09:00-18:00`).
pub fn normalize(key: &str, value: &str) -> Result<(String, String), SettingError> {
    let (setting, full) = find(key)?;
    let bad = |problem: String| SettingError::BadValue {
        key: setting.key,
        problem,
    };
    match setting.key {
        "business-hours" => BusinessHours::parse(value).map(|h| (full, h.to_string())).map_err(bad),
        RESPONSE_FAMILY | ESCALATION => Target::parse(value)
            .map(|_| (full, value.trim().to_lowercase()))
            .map_err(bad),
        "timezone" => dates::parse_tz(value.trim())
            .or_else(|e| {
                // IANA names are case-sensitive in chrono-tz; people type them in any case.
                chrono_tz::TZ_VARIANTS
                    .iter()
                    .find(|z| z.name().eq_ignore_ascii_case(value.trim()))
                    .copied()
                    .ok_or(e)
            })
            .map(|z| (full, z.name().to_string()))
            .map_err(bad),
        _ => Ok((full, value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_checked_and_spelled_canonically() {
        assert_eq!(
            normalize("timezone", "europe/madrid"),
            Ok(("timezone".to_string(), "Europe/Madrid".to_string()))
        );
        assert_eq!(
            normalize("business-hours", "mon-fri 9:00-18:00"),
            Ok(("business-hours".to_string(), "Mon-Fri 09:00-18:00".to_string()))
        );
        assert_eq!(
            normalize("target.response.Email", " 24H "),
            Ok(("target.response.email".to_string(), "24h".to_string()))
        );
        assert!(normalize("target.response.email", "tomorrow").is_err());
        assert_eq!(
            normalize("target.escalation", "4H"),
            Ok(("target.escalation".to_string(), "4h".to_string()))
        );
        assert!(normalize("target.escalation", "0").is_err());
        assert!(normalize("business-hours", "always").is_err());
        assert!(normalize("target.response.", "24h").is_err());
        let bad = normalize("timezone", "Madrid").unwrap_err();
        assert!(bad.to_string().contains("unknown time zone `Madrid`"));
        let unknown = normalize("colour", "red").unwrap_err();
        assert_eq!(unknown, SettingError::UnknownKey("colour".into()));
    }
}
