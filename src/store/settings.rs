//! Store settings (set by the config command), kept in the `meta` table as `setting.KEY` and written
//! audited through [`Tx::set_meta`]. Which keys exist and which values they take is
//! [`crate::settings`]'s business.
//!
//! Changing `timezone` rebuilds nothing: the store keeps every time in UTC and buckets nothing
//! by day, so day boundaries are drawn when a command reads (see [`crate::dates::day_range`]).
//! Days people typed (a sample's or a coaching plan's period) stay the days they named.

use super::{Store, Tx};
use crate::settings::{SETTINGS, Setting};
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

    /// Every setting with its value (stored or default) and whether it was set.
    pub fn settings(&self) -> Result<Vec<(&'static Setting, String, bool)>> {
        SETTINGS
            .iter()
            .map(|s| {
                Ok(match self.setting(s.key)? {
                    Some(v) => (s, v, true),
                    None => (s, s.default.to_string(), false),
                })
            })
            .collect()
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
