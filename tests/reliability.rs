//! Reliability: concurrent evaluators, tampering found by `verify`, backups, crashes.

mod common;

use common::{Sandbox, call_quality_answers, query_i64, stdout_of, team};
use predicates::prelude::*;
use std::process::Command;

#[test]
fn eight_evaluators_scoring_at_once_all_succeed() {
    let sb = Sandbox::new();
    team(&sb);
    // Each evaluator scores 50 contacts of their own (one evaluation counts per contact), all
    // eight at once on the same store.
    let mut csv = String::from("id,agent,channel,occurred_at\n");
    for e in 1..=8 {
        for i in 0..50 {
            csv.push_str(&format!(
                "C{e}-{i:03},a-{},phone,2026-11-10 09:{:02}\n",
                1 + i % 2,
                i % 60
            ));
        }
    }
    let file = sb.write("many.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(file)
        .assert()
        .success();
    for e in 1..=8 {
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "staff",
                "add",
                &format!("ev{e}"),
                "--name",
                &format!("Evaluator {e}"),
                "--role",
                "evaluator",
            ])
            .assert()
            .success();
    }
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    let bin = assert_cmd::cargo::cargo_bin("qaudit");
    let workers: Vec<_> = (1..=8)
        .map(|e| {
            let (bin, db, answers, config) = (bin.clone(), sb.db(), answers.clone(), sb.config_dir());
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..50 {
                    let out = Command::new(&bin)
                        .env("XDG_CONFIG_HOME", &config)
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "--as",
                            &format!("ev{e}"),
                            "score",
                            "--interaction",
                            &format!("C{e}-{i:03}"),
                            "--rubric",
                            "call-quality",
                            "--answers",
                        ])
                        .arg(&answers)
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).to_string());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert!(
        failures.is_empty(),
        "{} failures, e.g.: {}",
        failures.len(),
        failures.first().unwrap()
    );
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM evaluations"), 400);
    sb.qaudit()
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found"));
}

#[test]
fn tampering_through_sqlite3_is_found_by_verify() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(&answers)
        .assert()
        .success();
    sb.qaudit().arg("verify").assert().success();
    let sqlite = |sql: &str| {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        // As a tamperer would: the log's digests refer to its entries.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        conn.execute_batch(sql).unwrap();
    };
    // A better score written straight into the table.
    sqlite("UPDATE evaluations SET overall = 55 WHERE id = 1");
    let refused = sb.refuse(&["verify"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/qaudit.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      evaluation: evaluation 1: its stored result differs from its current revision
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    sqlite("UPDATE evaluations SET overall = 100 WHERE id = 1");
    // An answer changed, with its protection removed first.
    sqlite(
        "DROP TRIGGER criterion_scores_no_change; UPDATE criterion_scores SET answer = 'no' WHERE criterion_key = 'courtesy.greeting'",
    );
    let refused = sb.refuse(&["verify"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 4 problem(s) in [sandbox]/qaudit.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      evaluation: evaluation 1 revision 1: stored overall 100.0000, recomputed 97.5000
      evaluation: evaluation 1 revision 1: stored score of `courtesy.greeting` differs from its answer
      evaluation: evaluation 1 revision 1: stored score of section `courtesy` differs from its answers
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    sqlite("UPDATE criterion_scores SET answer = 'yes' WHERE criterion_key = 'courtesy.greeting'");
    // The audit log rewritten.
    sqlite(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE action = 'evaluation.create'",
    );
    insta::assert_snapshot!(sb.refuse(&["verify"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/qaudit.db
      audit-log: audit entry 12 (evaluation.create evaluation:1): its content does not match its keyed hash: it was changed or forged without the store's key
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // An entry removed.
    sqlite(
        "UPDATE audit_log SET actor = 'eva' WHERE action = 'evaluation.create'; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3",
    );
    let refused = sb.refuse(&["verify"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 5 problem(s) in [sandbox]/qaudit.db
      foreign-keys: audit_records row 6: refers to a missing row of audit_log
      audit-log: record digest of rubric:calidad-contacto@2: belongs to audit entry 3, which does not exist
      audit-log: audit entry 4 (rubric.import rubric:visita-tienda@2): entry 3 is missing before it
      audit-log: audit entry 4 (rubric.import rubric:visita-tienda@2): does not follow the entry before it (the chain is broken here)
      records: rubric:calidad-contacto@2: is in the tables (rubric_versions) but no audit entry records it: it was inserted outside qaudit
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn a_backup_is_a_verified_copy_and_is_not_overwritten_by_accident() {
    let sb = Sandbox::new();
    team(&sb);
    let backup = sb.path("backup.db");
    let out = stdout_of(sb.qaudit().args(["--as", "lea", "backup"]).arg(&backup));
    assert!(out.contains("Backed up"), "{out}");
    assert_cmd::Command::cargo_bin("qaudit")
        .unwrap()
        .env("XDG_CONFIG_HOME", sb.config_dir())
        .arg("--db")
        .arg(&backup)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found"));
    assert_eq!(query_i64(&backup, "SELECT count(*) FROM interactions"), 3);
    let refused = sb.refusal(sb.qaudit().args(["--as", "lea", "backup"]).arg(&backup));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/backup.db already exists
    hint: choose another file name, or add --force to replace it
    ");
    sb.qaudit()
        .args(["--as", "lea", "backup"])
        .arg(&backup)
        .arg("--force")
        .assert()
        .success();
    let refused = sb.refusal(sb.qaudit().arg("backup").arg(sb.db()).arg("--force"));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the backup [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
}

/// Delays in milliseconds at which to kill, spread over `span_ms`, from a fixed seed so a
/// failure can be replayed.
fn kill_points(seed: u64, count: usize, span_ms: u64) -> Vec<u64> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            // A 64-bit linear congruential step (Knuth's MMIX constants).
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % span_ms.max(1)
        })
        .collect()
}

/// Runs the binary on `args`, kills it with SIGKILL after `delay_ms` (if still running).
fn run_and_kill(db: &std::path::Path, config: &std::path::Path, args: &[&str], delay_ms: u64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("qaudit"))
        .env("XDG_CONFIG_HOME", config)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
}

#[test]
fn a_killed_import_leaves_all_or_nothing_and_a_sound_store() {
    let sb = Sandbox::new();
    team(&sb);
    let rows = 40_000;
    let mut csv = String::from("id,agent,channel,occurred_at,duration_s,customer\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "K{i:06},a-{},phone,2026-11-{:02} 10:00,{},cust-{}\n",
            1 + i % 2,
            1 + i % 28,
            60 + i % 500,
            i % 977
        ));
    }
    let file = sb.write("big.csv", &csv);
    let file = file.to_str().unwrap().to_string();
    // How long a whole import takes here, to spread the kills over it.
    let probe = Sandbox::new();
    team(&probe);
    let started = std::time::Instant::now();
    probe
        .qaudit()
        .args(["--as", "lea", "interaction", "import", &file])
        .assert()
        .success();
    let span = started.elapsed().as_millis() as u64 + 50;
    // The store before any import, with its head, to start over from.
    let before = sb.path("before.db");
    sb.qaudit()
        .args(["--as", "lea", "backup"])
        .arg(&before)
        .assert()
        .success();
    let keys = sb.config_dir().join("qaudit").join("keys");
    let head_file = std::fs::read_dir(&keys)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "head"))
        .unwrap();
    for (n, delay) in kill_points(42, 10, span).into_iter().enumerate() {
        run_and_kill(
            &sb.db(),
            &sb.config_dir(),
            &["--as", "lea", "interaction", "import", &file],
            delay,
        );
        sb.qaudit().arg("verify").assert().success();
        let count = query_i64(
            &sb.db(),
            "SELECT count(*) FROM interactions WHERE external_id LIKE 'K%'",
        );
        assert!(
            count == 0 || count == rows as i64,
            "kill {n} at {delay} ms left {count} rows"
        );
        if count == rows as i64 {
            // Start over so that the next kill again meets an import in progress: the store
            // and its head as they were (the backup's own entry is the head then).
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", sb.db().display()));
            }
            std::fs::copy(&before, sb.db()).unwrap();
            let conn = rusqlite::Connection::open(&before).unwrap();
            let head: String = conn
                .query_row(
                    "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            std::fs::write(&head_file, format!("{head}\n")).unwrap();
        }
    }
}

#[test]
fn a_killed_demo_leaves_a_sound_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let started = std::time::Instant::now();
    let args = [
        "demo",
        "--interactions",
        "12000",
        "--evaluations",
        "3000",
        "--visits",
        "40",
    ];
    let config = dir.path().join("config");
    Command::new(assert_cmd::cargo::cargo_bin("qaudit"))
        .env("XDG_CONFIG_HOME", &config)
        .arg("--db")
        .arg(&db)
        .args(args)
        .output()
        .unwrap();
    let span = started.elapsed().as_millis() as u64;
    for (n, delay) in kill_points(7, 10, span).into_iter().enumerate() {
        run_and_kill(&db, &config, &args, delay);
        if !db.exists() {
            continue; // killed before the store was created
        }
        let out = Command::new(assert_cmd::cargo::cargo_bin("qaudit"))
            .env("XDG_CONFIG_HOME", &config)
            .arg("--db")
            .arg(&db)
            .arg("verify")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "kill {n} at {delay} ms: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
