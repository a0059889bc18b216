//! Issue 14: the keyed chain, the head kept beside the key, `log head`, `verify --expect-head`,
//! a missing key, and `backup`'s entry, head and sha256.

mod common;

use common::{Sandbox, query_i64, scored_team, stdout_of};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn sql(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\"")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
}

fn head(sb: &Sandbox) -> String {
    stdout_of(sb.qaudit().args(["log", "head"])).trim().to_string()
}

fn keys_dir(sb: &Sandbox) -> PathBuf {
    sb.config_dir().join("qaudit").join("keys")
}

fn file_with(dir: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

/// `outcome` with the store's id (the name of its key file, random per store) as `[store-id]`.
fn without_store_id(sb: &Sandbox, outcome: common::Outcome) -> String {
    let id: String = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = 'store_id'", [], |r| r.get(0))
        .unwrap();
    outcome.to_string().replace(&id, "[store-id]")
}

/// `verify` refused (exit 1), with every hash (a run of 32 or more hex digits, random per
/// store) shown as `[hash]` so that the snapshot reads the same every run.
fn verify_err(sb: &Sandbox, extra: &[&str]) -> String {
    let text = sb.refusal(sb.qaudit().arg("verify").args(extra)).to_string();
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() >= 32 { "[hash]" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

#[test]
fn the_key_is_made_at_init_outside_the_store_and_heads_follow_every_write() {
    let sb = scored_team();
    let key = file_with(&keys_dir(&sb), "key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the key is private");
    }
    let recorded = std::fs::read_to_string(file_with(&keys_dir(&sb), "head")).unwrap();
    let printed = head(&sb);
    assert_eq!(recorded.trim(), printed);
    let (seq, hash) = printed.split_once(':').unwrap();
    assert_eq!(
        seq.parse::<i64>().unwrap(),
        query_i64(&sb.db(), "SELECT max(seq) FROM audit_log")
    );
    assert_eq!(hash.len(), 64);
    // The store holds only its id, never the key.
    let key_hex = std::fs::read_to_string(&key).unwrap();
    let bytes = std::fs::read(sb.db()).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains(key_hex.trim()));
    let out = stdout_of(sb.qaudit().args(["verify", "--expect-head", &printed]));
    assert!(out.contains("keyed chain checked"), "{out}");
    // Every entry records --as and the OS user.
    let log: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["log", "--format", "json"]))).unwrap();
    let first = &log[0];
    assert_eq!(first["actor"], "eva");
    assert!(first["os_user"].is_string(), "{first}");
}

#[test]
fn newest_entries_removed_with_their_rows_are_caught_by_the_head() {
    let sb = scored_team();
    let before = head(&sb);
    // The evaluation and its entry removed together: everything left is consistent.
    sql(
        &sb.db(),
        "DELETE FROM criterion_scores; DELETE FROM section_scores; DELETE FROM evaluation_revisions;
         DELETE FROM evaluations;
         DELETE FROM audit_records WHERE seq = (SELECT max(seq) FROM audit_log);
         DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);",
    );
    insta::assert_snapshot!(verify_err(&sb, &[]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/qaudit.db
      audit-log: the head: entries 12 to 12 were removed: the log ends at 11, the head beside the key is 12
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // Without the head file, a head kept elsewhere still proves it.
    std::fs::remove_file(file_with(&keys_dir(&sb), "head")).unwrap();
    insta::assert_snapshot!(verify_err(&sb, &["--expect-head", &before]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/qaudit.db
      audit-log: audit entry 12: the expected head is not in the log: entries were removed
      audit-log: the head: no head is recorded in [sandbox]/config/qaudit/keys/[hash].head although the log has keyed entries
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn the_whole_log_deleted_is_caught() {
    let sb = scored_team();
    sql(&sb.db(), "DELETE FROM audit_records; DELETE FROM audit_log;");
    insta::assert_snapshot!(verify_err(&sb, &[]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 15 problem(s) in [sandbox]/qaudit.db
      audit-log: the head: the log is empty, but [sandbox]/config/qaudit/keys/[hash].head records entry 12: every entry was removed
      records: rubric:calidad-contacto@2: is in the tables (rubric_versions) but no audit entry records it: it was inserted outside qaudit
      records: rubric:call-quality@2: is in the tables (rubric_versions) but no audit entry records it: it was inserted outside qaudit
      records: rubric:store-visit@2: is in the tables (rubric_versions) but no audit entry records it: it was inserted outside qaudit
      records: rubric:visita-tienda@2: is in the tables (rubric_versions) but no audit entry records it: it was inserted outside qaudit
      records: agent:a-1: is in the tables (agents) but no audit entry records it: it was inserted outside qaudit
      records: agent:a-2: is in the tables (agents) but no audit entry records it: it was inserted outside qaudit
      records: location:mad-01: is in the tables (locations) but no audit entry records it: it was inserted outside qaudit
      records: staff:eva: is in the tables (staff, staff_roles) but no audit entry records it: it was inserted outside qaudit
      records: staff:lea: is in the tables (staff, staff_roles) but no audit entry records it: it was inserted outside qaudit
      records: staff:sam: is in the tables (staff, staff_roles) but no audit entry records it: it was inserted outside qaudit
      records: interaction:1: is in the tables (interactions, interaction_history) but no audit entry records it: it was inserted outside qaudit
      records: interaction:2: is in the tables (interactions, interaction_history) but no audit entry records it: it was inserted outside qaudit
      records: interaction:3: is in the tables (interactions, interaction_history) but no audit entry records it: it was inserted outside qaudit
      records: evaluation:1: is in the tables (evaluations, evaluation_revisions, criterion_scores, section_scores) but no audit entry records it: it was inserted outside qaudit
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn a_rewritten_and_rechained_log_is_caught_by_the_key_and_by_the_expected_head() {
    let sb = scored_team();
    let before = head(&sb);
    let (seq, _) = before.split_once(':').unwrap();
    // Entry 5 rewritten and every hash from it recomputed with a key of the forger's own.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    // (seq, [at, actor, os_user, action, entity, change, records_hash])
    let entries: Vec<(i64, Vec<String>)> = conn
        .prepare("SELECT seq, at, actor, coalesce(os_user, ''), action, entity, change, coalesce(records_hash, '') FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (1..8).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<String>>>()?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(conn);
    let mut prev = "0".repeat(64);
    let mut script = String::new();
    for (s, mut f) in entries {
        if s == 5 {
            f[1] = "mallory".to_string();
        }
        let actor = f[1].clone();
        let mut h = Sha256::new();
        let seq = s.to_string();
        for part in [&prev, &seq].into_iter().chain(f.iter()) {
            h.update(part.as_bytes());
            h.update(b"\0");
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        script.push_str(&format!(
            "UPDATE audit_log SET actor = '{actor}', prev_hash = '{prev}', hash = '{hash}' WHERE seq = {s};\n"
        ));
        prev = hash;
    }
    sql(&sb.db(), &script);
    insta::assert_snapshot!(verify_err(&sb, &[]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 13 problem(s) in [sandbox]/qaudit.db
      audit-log: audit entry 1 (rubric.import rubric:call-quality@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 2 (rubric.import rubric:store-visit@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 3 (rubric.import rubric:calidad-contacto@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 4 (rubric.import rubric:visita-tienda@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 5 (location.add location:mad-01): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 6 (agent.add agent:a-1): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 7 (agent.add agent:a-2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 8 (staff.add staff:eva): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 9 (staff.add staff:sam): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 10 (staff.add staff:lea): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 11 (interaction.import import:calls.csv): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 12 (evaluation.create evaluation:1): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: the head: entry 12 is not the one recorded beside the key: the log was rewritten
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    let err = verify_err(&sb, &["--expect-head", &before]);
    assert!(err.contains(&format!("audit entry {seq} ")), "{err}");
    insta::assert_snapshot!(err, @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 14 problem(s) in [sandbox]/qaudit.db
      audit-log: audit entry 1 (rubric.import rubric:call-quality@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 2 (rubric.import rubric:store-visit@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 3 (rubric.import rubric:calidad-contacto@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 4 (rubric.import rubric:visita-tienda@2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 5 (location.add location:mad-01): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 6 (agent.add agent:a-1): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 7 (agent.add agent:a-2): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 8 (staff.add staff:eva): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 9 (staff.add staff:sam): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 10 (staff.add staff:lea): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 11 (interaction.import import:calls.csv): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 12 (evaluation.create evaluation:1): its content does not match its keyed hash: it was changed or forged without the store's key
      audit-log: audit entry 12 (evaluation.create evaluation:1): its hash is not the expected head 12:[hash]: the log was rewritten up to here
      audit-log: the head: entry 12 is not the one recorded beside the key: the log was rewritten
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn without_the_key_writes_are_refused_and_verify_says_what_it_could_not_check() {
    let sb = scored_team();
    let key = file_with(&keys_dir(&sb), "key");
    let kept = sb.path("key-backup");
    std::fs::rename(&key, &kept).unwrap();
    let refused = sb.refuse(&["--as", "lea", "agent", "add", "a-9", "--name", "Nine"]);
    insta::assert_snapshot!(without_store_id(&sb, refused), @r"
    exit: 1
    --- stdout
    --- stderr
    error: this store's key is not here: [sandbox]/config/qaudit/keys/[store-id].key
    hint: restore the key file from where you keep its backup (or set QAUDIT_KEY_FILE to it); a store made by an older qaudit gets its key from `qaudit init`
    ");
    let out = stdout_of(sb.qaudit().arg("verify"));
    assert!(out.contains("The store's key is not here"), "{out}");
    assert!(out.contains("links only"), "{out}");
    // `init` never makes a new key for a store that had one.
    insta::assert_snapshot!(without_store_id(&sb, sb.refuse(&["init"])), @r"
    exit: 1
    --- stdout
    --- stderr
    error: this store's key is not here: [sandbox]/config/qaudit/keys/[store-id].key (this store's log was written with a key, so no new key is made)
    hint: restore the key file from where you keep its backup (or set QAUDIT_KEY_FILE to it); a store made by an older qaudit gets its key from `qaudit init`
    ");
    assert!(!key.exists());
    // What needs no key is still checked: a deleted record is named.
    sql(
        &sb.db(),
        "DELETE FROM staff_roles WHERE staff_id = 'sam'; DELETE FROM staff WHERE id = 'sam'",
    );
    insta::assert_snapshot!(verify_err(&sb, &[]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/qaudit.db
      records: staff:sam: was deleted outside qaudit: audit entry 9 recorded it, the tables no longer hold it
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // With the key back (QAUDIT_KEY_FILE may point at it anywhere), writes work again.
    sb.qaudit()
        .env("QAUDIT_KEY_FILE", &kept)
        .args(["--as", "lea", "location", "add", "bcn-01", "--name", "Barcelona"])
        .assert()
        .success();
}

#[test]
fn a_malformed_expected_head_is_refused() {
    let sb = scored_team();
    insta::assert_snapshot!(sb.refuse(&["verify", "--expect-head", "12"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --expect-head 12 is not SEQ:HASH
    hint: give the line `qaudit log head` printed, e.g. --expect-head 1520:9f2c... (64 hex digits)
    ");
}

#[test]
fn a_backup_is_audited_and_prints_its_head_and_sha256() {
    let sb = scored_team();
    let file = sb.path("b.db");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "--format", "json", "backup"])
            .arg(&file),
    ))
    .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(json["sha256"], sha.as_str());
    let backup_head = json["head"].as_str().unwrap().to_string();
    assert_eq!(backup_head, head(&sb), "the backup ends with its own entry");
    assert!(json["key"].as_str().unwrap().ends_with(".key"));
    let text = stdout_of(sb.qaudit().args(["--as", "lea", "backup"]).arg(sb.path("c.db")));
    assert!(
        text.contains("keep a copy of the key as safely as the backup"),
        "{text}"
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM audit_log WHERE action = 'store.backup'"),
        2
    );
    sb.qaudit_on(&file)
        .args(["verify", "--expect-head", &backup_head])
        .assert()
        .success();
    // An edited backup: caught.
    sql(&file, "UPDATE evaluations SET comment = 'edited' WHERE id = 1");
    let refused = sb.refusal(sb.qaudit_on(&file).arg("verify"));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/b.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // No temporary file is left beside the backups.
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("qaudit-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_key_file_named_by_qaudit_key_file_is_made_private_with_the_head_beside_it() {
    let sb = Sandbox::new();
    let key = sb.path("keys/team.key");
    std::fs::create_dir_all(sb.path("keys")).unwrap();
    sb.qaudit().env("QAUDIT_KEY_FILE", &key).arg("init").assert().success();
    assert!(key.exists());
    assert!(file_with(&sb.path("keys"), "head").exists());
    // Without the variable, the store's key is not found in the configuration directory.
    let refused = sb.refuse(&["agent", "add", "a-1", "--name", "Ana"]);
    insta::assert_snapshot!(without_store_id(&sb, refused), @r"
    exit: 1
    --- stdout
    --- stderr
    error: this store's key is not here: [sandbox]/config/qaudit/keys/[store-id].key
    hint: restore the key file from where you keep its backup (or set QAUDIT_KEY_FILE to it); a store made by an older qaudit gets its key from `qaudit init`
    ");
    sb.qaudit()
        .env("QAUDIT_KEY_FILE", &key)
        .args(["agent", "add", "a-1", "--name", "Ana"])
        .assert()
        .success();
    sb.qaudit()
        .env("QAUDIT_KEY_FILE", &key)
        .arg("verify")
        .assert()
        .success();
}
