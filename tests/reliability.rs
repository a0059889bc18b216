//! Reliability: concurrent evaluators, tampering found by `verify`, backups, crashes.

mod common;

use common::{Sandbox, call_quality_answers, query_i64, stdout_of, team};
use predicates::prelude::*;
use std::process::Command;

#[test]
fn eight_evaluators_scoring_at_once_all_succeed() {
    let sb = Sandbox::new();
    team(&sb);
    let mut csv = String::from("id,agent,channel,occurred_at\n");
    for i in 0..50 {
        csv.push_str(&format!("C{i:03},a-{},phone,2026-11-10 09:{:02}\n", 1 + i % 2, i % 60));
    }
    let file = sb.write("many.csv", &csv);
    sb.qaudit().args(["interaction", "import"]).arg(file).assert().success();
    for e in 1..=8 {
        sb.qaudit()
            .args([
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
            let (bin, db, answers) = (bin.clone(), sb.db(), answers.clone());
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..50 {
                    let out = Command::new(&bin)
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "--as",
                            &format!("ev{e}"),
                            "score",
                            "--interaction",
                            &format!("C{i:03}"),
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
        conn.execute_batch(sql).unwrap();
    };
    // A better score written straight into the table.
    sqlite("UPDATE evaluations SET overall = 55 WHERE id = 1");
    sb.qaudit()
        .arg("verify")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "evaluation 1: its stored result differs from its current revision",
        ));
    sqlite("UPDATE evaluations SET overall = 100 WHERE id = 1");
    // An answer changed, with its protection removed first.
    sqlite(
        "DROP TRIGGER criterion_scores_no_change; UPDATE criterion_scores SET answer = 'no' WHERE criterion_key = 'courtesy.greeting'",
    );
    sb.qaudit()
        .arg("verify")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "evaluation 1 revision 1: stored overall 100.0000, recomputed",
        ));
    sqlite("UPDATE criterion_scores SET answer = 'yes' WHERE criterion_key = 'courtesy.greeting'");
    // The audit log rewritten.
    sqlite(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE action = 'evaluation.create'",
    );
    let err = sb.qaudit().arg("verify").assert().code(1).get_output().stderr.clone();
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("(evaluation.create evaluation:1): its content does not match its hash"),
        "{err}"
    );
    // An entry removed.
    sqlite(
        "UPDATE audit_log SET actor = 'eva' WHERE action = 'evaluation.create'; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3",
    );
    sb.qaudit()
        .arg("verify")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("entry 3 is missing before it"))
        .stderr(predicate::str::contains("the chain is broken here"));
}

#[test]
fn a_backup_is_a_verified_copy_and_is_not_overwritten_by_accident() {
    let sb = Sandbox::new();
    team(&sb);
    let backup = sb.path("backup.db");
    let out = stdout_of(sb.qaudit().arg("backup").arg(&backup));
    assert!(out.contains("Backed up"), "{out}");
    assert_cmd::Command::cargo_bin("qaudit")
        .unwrap()
        .arg("--db")
        .arg(&backup)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found"));
    assert_eq!(query_i64(&backup, "SELECT count(*) FROM interactions"), 3);
    sb.qaudit()
        .arg("backup")
        .arg(&backup)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    sb.qaudit().arg("backup").arg(&backup).arg("--force").assert().success();
    sb.qaudit()
        .arg("backup")
        .arg(sb.db())
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the store itself"));
}
