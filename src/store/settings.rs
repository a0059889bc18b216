//! Store settings (set by the config command), kept in the `meta` table as `setting.KEY` and written
//! audited through [`Tx::set_meta`]. Which keys exist and which values they take is
//! [`crate::settings`]'s business.
//!
//! Changing `timezone` rebuilds nothing: the store keeps every time in UTC and buckets nothing
//! by day, so day boundaries are drawn when a command reads (see [`crate::dates::day_range`]).
//! Days people typed (a sample's or a coaching plan's period) stay the days they named.

use super::{Store, Tx};
use crate::settings::{RESPONSE_FAMILY, SETTINGS, Setting};
use crate::voice::hours::BusinessHours;
use crate::voice::target::{RESPONSE_PREFIX, Target, response_channel};
use anyhow::Result;
use chrono_tz::Tz;
use rusqlite::Connection;
use std::path::Path;

/// The `meta` key of a setting.
fn meta_key(key: &str) -> String {
    format!("setting.{key}")
}

impl Store {
    /// A setting's stored value (`None` while it has its default).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.meta(&meta_key(key))
    }

    /// Every setting with its key, its value (stored or default) and whether it was set; a
    /// family (`target.response.CHANNEL`) as each key set, or as itself while none is.
    pub fn settings(&self) -> Result<Vec<(&'static Setting, String, String, bool)>> {
        let mut out = Vec::new();
        for s in SETTINGS {
            if s.key == RESPONSE_FAMILY {
                let set = self.settings_under(RESPONSE_PREFIX)?;
                if set.is_empty() {
                    out.push((s, s.key.to_string(), s.default.to_string(), false));
                }
                out.extend(set.into_iter().map(|(k, v)| (s, k, v, true)));
                continue;
            }
            out.push(match self.setting(s.key)? {
                Some(v) => (s, s.key.to_string(), v, true),
                None => (s, s.key.to_string(), s.default.to_string(), false),
            });
        }
        Ok(out)
    }

    /// The settings whose key starts with `prefix`, by key.
    pub fn settings_under(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT substr(key, 9), value FROM meta WHERE substr(key, 1, ?2) = ?1 ORDER BY key")?;
        let like = meta_key(prefix);
        let rows = stmt.query_map(rusqlite::params![like, like.len() as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The business hours, if set (a stored value this build cannot read counts as unset).
    pub fn business_hours(&self) -> Result<Option<BusinessHours>> {
        Ok(self
            .setting("business-hours")?
            .and_then(|h| BusinessHours::parse(&h).ok()))
    }

    /// The response target of each channel that has one.
    pub fn response_targets(&self) -> Result<Vec<(String, Target)>> {
        Ok(self
            .settings_under(RESPONSE_PREFIX)?
            .into_iter()
            .filter_map(|(k, v)| Some((response_channel(&k)?.to_string(), Target::parse(&v).ok()?)))
            .collect())
    }

    /// The time-to-escalate target (`target.escalation`), if set.
    pub fn escalation_target(&self) -> Result<Option<Target>> {
        Ok(self
            .setting(crate::settings::ESCALATION)?
            .and_then(|v| Target::parse(&v).ok()))
    }

    /// The store's zone: the `timezone` setting, UTC until set (or if the stored name is
    /// unknown to this build's zone database).
    pub fn timezone(&self) -> Result<Tz> {
        Ok(self
            .setting("timezone")?
            .and_then(|z| z.parse::<Tz>().ok())
            .unwrap_or(chrono_tz::UTC))
    }
}

/// The zone of the store at `path`, read before any command opens it, so that days a command
/// works out before opening the store (its `--from/--to`, `today`) already begin at local
/// midnight. `None` when there is no readable store there or it has no zone set.
pub fn peek_timezone(path: &Path) -> Option<Tz> {
    use rusqlite::{OpenFlags, OptionalExtension};
    if !path.is_file() {
        return None;
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    let name: String = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [meta_key("timezone")], |r| {
            r.get(0)
        })
        .optional()
        .ok()??;
    name.parse().ok()
}

impl Tx<'_> {
    /// Stores a setting's value (audited as `meta.set` of `meta:setting.KEY`).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.set_meta(&meta_key(key), value)
    }
}
