//! Evaluation history: amend, void, acknowledge, listing and the audit log, through the binary.

mod common;

use common::recording_support::score;
use common::{Sandbox, call_quality_answers, fingerprint, query_i64, stdout_of, team};
use predicates::prelude::*;

#[test]
fn amend_keeps_both_revisions_and_listings_use_the_latest() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "evaluation",
            "amend",
            "1",
            "--set",
            "courtesy.greeting=no",
            "--reason",
            "Re-listened",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Amended: overall 100.0 -> 97.5"));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    let revisions = json["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["overall"], 100.0);
    assert_eq!(revisions[1]["reason"], "Re-listened");
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["evaluation", "list", "--format", "json"]))).unwrap();
    assert_eq!(list[0]["revision"], 2);
    assert!((list[0]["overall"].as_f64().unwrap() - 97.5).abs() < 1e-9);
    // The first revision's answers are still stored.
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores WHERE revision = 1"),
        26
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores WHERE revision = 2"),
        26
    );
}

#[test]
fn only_the_evaluator_or_a_lead_may_amend_or_void() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "ed",
            "--name",
            "Ed",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&["--as", "ed", "evaluation", "void", "1", "--reason", "mine now"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `ed` may not void another evaluator's evaluation: that needs the lead role
    hint: a lead can add it with `qaudit staff add ed --name NAME --role lead`, or act as someone else with --as
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "void",
            "1",
            "--reason",
            "Wrong call scored",
        ])
        .assert()
        .success();
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "evaluation",
        "amend",
        "1",
        "--set",
        "courtesy.greeting=no",
        "--reason",
        "x",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is void
    hint: a void evaluation stays as it is; score the subject again if needed
    ");
    let show = stdout_of(sb.qaudit().args(["evaluation", "show", "1"]));
    assert!(show.contains("Wrong call scored"), "{show}");
}

#[test]
fn ack_records_that_the_agent_has_seen_it() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("acknowledged at"));
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already acknowledged"));
    let log = stdout_of(sb.qaudit().args(["log", "--entity", "evaluation:1"]));
    assert_eq!(log.matches("evaluation.ack").count(), 1, "{log}");
    assert!(log.contains("a-1"), "{log}");
}

#[test]
fn evaluation_list_filters() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    score(&sb, "MAIL-1", &call_quality_answers(&[])).success();
    let count = |args: &[&str]| -> usize {
        let mut cmd = sb.qaudit();
        cmd.args(["evaluation", "list", "--format", "json"]).args(args);
        serde_json::from_str::<serde_json::Value>(&stdout_of(&mut cmd))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--agent", "a-2"]), 1);
    assert_eq!(count(&["--evaluator", "lea"]), 0);
    assert_eq!(count(&["--from", "2026-11-03"]), 1);
    assert_eq!(count(&["--to", "2026-11-02"]), 1);
    assert_eq!(count(&["--status", "void"]), 0);
    insta::assert_snapshot!(sb.refuse(&["evaluation", "list", "--from", "2026-13-01"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --from: `2026-13-01` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    hint: e.g. --from 2026-11-01 --to today
    ");
}

#[test]
fn every_write_is_in_the_audit_log_with_a_chained_hash() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["log", "--limit", "1000", "--format", "json"]),
    ))
    .unwrap();
    let entries = json.as_array().unwrap();
    // Newest first: each entry's prev_hash is the hash of the one after it in this list.
    for pair in entries.windows(2) {
        assert_eq!(pair[0]["prev_hash"], pair[1]["hash"]);
    }
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["rubric.import", "evaluation.create", "interaction.import"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    let by_eva = stdout_of(sb.qaudit().args(["log", "--actor", "eva"]));
    assert!(
        by_eva.contains("evaluation.create") && !by_eva.contains("rubric.import"),
        "{by_eva}"
    );
}

#[test]
fn only_the_agent_or_a_lead_acknowledges_and_disputed_evaluations_wait_for_the_dispute() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    insta::assert_snapshot!(sb.refuse(&["--as", "eva", "evaluation", "ack", "1"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not acknowledge evaluation 1 for a-1: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    sb.qaudit()
        .args(["--as", "lea", "evaluation", "ack", "1"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "a-1",
            "dispute",
            "open",
            "1",
            "--criterion",
            "courtesy.greeting",
            "--proposed",
            "no",
            "--reason",
            "test",
        ])
        .assert()
        .success();
    let before = fingerprint(&sb.db());
    let amend = sb.refuse(&[
        "--as",
        "eva",
        "evaluation",
        "amend",
        "1",
        "--set",
        "courtesy.tone=4",
        "--reason",
        "x",
    ]);
    insta::assert_snapshot!(amend, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is under dispute 1; it cannot be amended now
    hint: a lead resolves the dispute first: `qaudit dispute resolve 1 --accept | --partial KEY=VALUE | --reject --note TEXT`
    ");
    let void = sb.refuse(&["--as", "eva", "evaluation", "void", "1", "--reason", "x"]);
    insta::assert_snapshot!(void, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is under dispute 1; it cannot be voided now
    hint: a lead resolves the dispute first: `qaudit dispute resolve 1 --accept | --partial KEY=VALUE | --reject --note TEXT`
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}
