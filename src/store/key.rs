//! The store's key and head, kept outside the store file.
//!
//! Whoever has only the file cannot forge the audit chain: entries and record digests are
//! HMAC-SHA256 under a per-store key that lives in `QAUDIT_KEY_FILE` or in
//! `<config dir>/qaudit/keys/<store id>.key` (0600). Beside it, `<store id>.head` holds the
//! latest `SEQ:HASH`, so removing the newest entries together with their rows is caught by
//! anyone who has the key directory. The key is made once, when the store's keyed chain starts
//! (`init`), and never silently made again for a store that already used one.

use super::StoreError;
use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A store's secret key (32 random bytes).
#[derive(Clone)]
pub struct StoreKey {
    pub bytes: Vec<u8>,
    pub path: PathBuf,
}

/// Where the key of the store with `store_id` lives.
pub fn key_path(store_id: &str) -> PathBuf {
    if let Some(file) = std::env::var_os("QAUDIT_KEY_FILE").filter(|f| !f.is_empty()) {
        return PathBuf::from(file);
    }
    config_dir().join("qaudit").join("keys").join(format!("{store_id}.key"))
}

/// Where the head of the store with `store_id` is kept: beside its key.
pub fn head_path(store_id: &str) -> PathBuf {
    let key = key_path(store_id);
    key.parent().unwrap_or(Path::new(".")).join(format!("{store_id}.head"))
}

/// The user's configuration directory: `XDG_CONFIG_HOME`, else `~/.config` (`APPDATA` on
/// Windows).
fn config_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        if let Some(d) = var("APPDATA") {
            return d;
        }
    }
    var("XDG_CONFIG_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".config")))
        .unwrap_or_else(|| PathBuf::from(".qaudit-config"))
}

/// Reads the key of `store_id`, if its file is there.
pub fn load(store_id: &str) -> Result<Option<StoreKey>> {
    let path = key_path(store_id);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes = unhex(text.trim())
                .filter(|b| b.len() == 32)
                .ok_or_else(|| StoreError::KeyDamaged { path: path.clone() })?;
            Ok(Some(StoreKey { bytes, path }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::KeyUnreadable {
            path,
            reason: e.to_string(),
        }
        .into()),
    }
}

/// Writes a new key for `store_id` (0600), refusing to replace an existing file.
pub fn create(store_id: &str, bytes: Vec<u8>) -> Result<StoreKey> {
    let path = key_path(store_id);
    let fail = |e: std::io::Error| StoreError::KeyNotCreated {
        path: path.clone(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(fail)?;
    file.write_all(format!("{}\n", crate::rubric::load::hex(&bytes)).as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(fail)?;
    Ok(StoreKey { bytes, path })
}

/// The head recorded beside the key: `(seq, hash)`, if any.
pub fn read_head(store_id: &str) -> Option<(i64, String)> {
    let text = std::fs::read_to_string(head_path(store_id)).ok()?;
    parse_head(text.trim())
}

/// Parses `SEQ:HASH`.
pub fn parse_head(text: &str) -> Option<(i64, String)> {
    let (seq, hash) = text.split_once(':')?;
    let seq: i64 = seq.trim().parse().ok()?;
    let hash = hash.trim().to_ascii_lowercase();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some((seq, hash))
}

/// Records `seq:hash` as the head of `store_id` (through a temporary file renamed into place).
pub fn write_head(store_id: &str, head: Option<&(i64, String)>) -> Result<()> {
    let path = head_path(store_id);
    let result = match head {
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
        Some((seq, hash)) => {
            let tmp = path.with_extension("head-tmp");
            let written = std::fs::write(&tmp, format!("{seq}:{hash}\n")).and_then(|_| std::fs::rename(&tmp, &path));
            if written.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            written
        }
    };
    result.map_err(|e| {
        StoreError::HeadNotRecorded {
            path,
            reason: e.to_string(),
        }
        .into()
    })
}

/// Where the heads of a store's backups are listed: beside its head.
fn backups_path(store_id: &str) -> PathBuf {
    head_path(store_id).with_extension("backups")
}

/// Lists `seq:hash` as the last entry of a backup of `store_id`, so that `verify` of the backup
/// later knows its log ends there on purpose (the store's own head has moved on).
pub fn record_backup(store_id: &str, head: &(i64, String)) -> Result<()> {
    let path = backups_path(store_id);
    let line = format!("{}:{}\n", head.0, head.1);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .map_err(|e| {
            StoreError::BackupHeadNotRecorded {
                path: path.clone(),
                reason: e.to_string(),
            }
            .into()
        })
}

/// The heads of the backups made of `store_id`.
pub fn backup_heads(store_id: &str) -> Vec<(i64, String)> {
    std::fs::read_to_string(backups_path(store_id))
        .map(|text| text.lines().filter_map(|l| parse_head(l.trim())).collect())
        .unwrap_or_default()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_parse_only_when_well_formed() {
        let hash = "ab".repeat(32);
        assert_eq!(parse_head(&format!("12:{hash}")), Some((12, hash.clone())));
        assert_eq!(parse_head("12"), None);
        assert_eq!(parse_head(&format!("x:{hash}")), None);
        assert_eq!(parse_head("12:abc"), None);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }
}
