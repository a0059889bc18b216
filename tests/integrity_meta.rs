//! Issue 14: the store's settings and facts (the `meta` table: timezone, demo seed, store id,
//! where the keyed chain starts) are records like any other. Someone with the file but not the
//! key changes, adds or removes a row with the sqlite3 tool; `verify` names it with exit 1.

mod common;

use common::{Sandbox, stdout_of, team};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A team whose lead set the store's zone (an audited `meta.set`).
fn with_zone() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "config", "set", "timezone", "europe/madrid"]),
    );
    sb.qaudit().arg("verify").assert().success();
    sb
}

/// A copy of the store edited by the sqlite3 command-line tool, as a tamperer would.
fn edited(sb: &Sandbox, name: &str, sql: &str) -> PathBuf {
    let copy = sb.path(&format!("{name}.db"));
    std::fs::copy(sb.db(), &copy).unwrap();
    let out = Command::new("sqlite3")
        .arg(&copy)
        .arg(sql)
        .output()
        .expect("the sqlite3 tool");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    copy
}

/// What `verify` of `db` says, which must be a refusal (exit 1).
fn refused(sb: &Sandbox, db: &Path) -> String {
    let out = sb.qaudit_on(db).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_setting_changed_added_or_removed_behind_qaudit_is_named() {
    if Command::new("sqlite3").arg("--version").output().is_err() {
        eprintln!("skipped: the sqlite3 command-line tool is not installed");
        return;
    }
    let sb = with_zone();
    let changed = edited(
        &sb,
        "changed",
        "UPDATE meta SET value = 'America/New_York' WHERE key = 'setting.timezone'",
    );
    let said = refused(&sb, &changed);
    assert!(
        said.contains("records: meta:setting.timezone: was changed outside qaudit: its rows in meta differ"),
        "{said}"
    );
    assert!(said.contains("verify found 1 problem(s)"), "{said}");

    let added = edited(&sb, "added", "INSERT INTO meta (key, value) VALUES ('demo_seed', '7')");
    let said = refused(&sb, &added);
    assert!(
        said.contains("records: meta:demo_seed: is in the tables (meta) but no audit entry records it"),
        "{said}"
    );

    let removed = edited(&sb, "removed", "DELETE FROM meta WHERE key = 'setting.timezone'");
    let said = refused(&sb, &removed);
    assert!(
        said.contains("records: meta:setting.timezone: was deleted outside qaudit"),
        "{said}"
    );

    // The rows the migrations wrote are records too, from the store's first entry on.
    let rows = edited(
        &sb,
        "secret",
        "UPDATE meta SET value = lower(hex(randomblob(32))) WHERE key = 'customer_secret'",
    );
    let said = refused(&sb, &rows);
    assert!(
        said.contains("records: meta:customer_secret: was changed outside qaudit"),
        "{said}"
    );

    // The original, untouched, still verifies; a setting changed through qaudit is no finding.
    stdout_of(sb.qaudit().args(["--as", "lea", "config", "set", "timezone", "utc"]));
    let ok = stdout_of(sb.qaudit().arg("verify"));
    assert!(ok.contains("No problems found."), "{ok}");
    assert!(!ok.contains("Settings"), "settings are compared: {ok}");
}
