//! Store settings people change with `qaudit config`: which keys exist, what each means and
//! which values it takes. The store keeps them (see `store::settings`); this module holds the
//! rules, so every front end refuses the same values with the same words.

use crate::dates;

/// A setting: its key, the value it has until set, and one line on what it changes.
pub struct Setting {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

/// Every setting, in the order `config list` shows them.
pub const SETTINGS: &[Setting] = &[Setting {
    key: "timezone",
    default: "UTC",
    help: "the zone tables, sheets and reports show times in, and where the days of a period begin",
}];

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

/// The setting named `key`.
pub fn find(key: &str) -> Result<&'static Setting, SettingError> {
    let k = key.trim().to_lowercase();
    SETTINGS
        .iter()
        .find(|s| s.key == k)
        .ok_or_else(|| SettingError::UnknownKey(key.to_string()))
}

/// The value to store for `key`: checked, and in its canonical spelling (`europe/madrid` is
/// kept as `Europe/Madrid`).
pub fn normalize(key: &str, value: &str) -> Result<(&'static str, String), SettingError> {
    let setting = find(key)?;
    match setting.key {
        "timezone" => dates::parse_tz(value.trim())
            .or_else(|e| {
                // IANA names are case-sensitive in chrono-tz; people type them in any case.
                chrono_tz::TZ_VARIANTS
                    .iter()
                    .find(|z| z.name().eq_ignore_ascii_case(value.trim()))
                    .copied()
                    .ok_or(e)
            })
            .map(|z| (setting.key, z.name().to_string()))
            .map_err(|problem| SettingError::BadValue {
                key: setting.key,
                problem,
            }),
        _ => Ok((setting.key, value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_checked_and_spelled_canonically() {
        assert_eq!(
            normalize("timezone", "europe/madrid"),
            Ok(("timezone", "Europe/Madrid".to_string()))
        );
        let bad = normalize("timezone", "Madrid").unwrap_err();
        assert!(bad.to_string().contains("unknown time zone `Madrid`"));
        let unknown = normalize("colour", "red").unwrap_err();
        assert_eq!(unknown, SettingError::UnknownKey("colour".into()));
    }
}
