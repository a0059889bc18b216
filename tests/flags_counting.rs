//! `qaudit flags`: what counts (latest revisions, rule versions) and disputes as pending, through
//! the binary.

mod common;

use common::flags_support::{evaluate, fired, flag, flags_json, import_rubric, pair, setup};
use common::{query_i64, stdout_of};
use serde_json::Value;

#[test]
fn only_counted_evaluations_count_with_their_latest_revision() {
    let sb = setup(
        "  - id: excellent
    kind: reward
    window_days: 30
    min_evaluations: 2
    average_at_least: 90
",
    );
    evaluate(&sb, "a-1", "2026-11-10", Some(95));
    let low = evaluate(&sb, "a-1", "2026-11-11", Some(80));
    // A draft does not count.
    let n = query_i64(&sb.db(), "SELECT count(*) FROM interactions") + 1;
    let csv = sb.write(
        "draft.csv",
        &format!("id,agent,channel,occurred_at\nX-{n},a-1,phone,2026-11-12T12:00:00Z\n"),
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            &format!("X-{n}"),
            "--rubric",
            "one-score",
        ])
        .args(["--draft", "--set", "s.points=100"])
        .assert()
        .success();
    // (95 + 80) / 2 = 87.5.
    assert_eq!(fired(&flags_json(&sb, &["--as-of", "2026-11-30"])), vec![]);
    // Amended to 85: (95 + 85) / 2 = 90, with the latest revision.
    sb.qaudit()
        .args(["--as", "eva", "evaluation", "amend", &low.to_string()])
        .args(["--set", "s.points=85", "--reason", "Re-listened"])
        .assert()
        .success();
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![pair("a-1", "excellent")]);
    assert_eq!(flag(&json, "a-1", "excellent")["n"], 2);
    // Void: one evaluation left, below min_evaluations.
    sb.qaudit()
        .args(["--as", "eva", "evaluation", "void", &low.to_string()])
        .args(["--reason", "Wrong call"])
        .assert()
        .success();
    assert_eq!(fired(&flags_json(&sb, &["--as-of", "2026-11-30"])), vec![]);
}

#[test]
fn rules_come_from_the_latest_version_over_evaluations_of_any_version() {
    let sb = setup(
        "  - id: excellent
    kind: reward
    window_days: 30
    average_at_least: 95
",
    );
    evaluate(&sb, "a-1", "2026-11-10", Some(92));
    assert_eq!(fired(&flags_json(&sb, &["--as-of", "2026-11-30"])), vec![]);
    import_rubric(
        &sb,
        2,
        "  - id: excellent
    kind: reward
    window_days: 30
    average_at_least: 90
",
    );
    evaluate(&sb, "a-1", "2026-11-11", Some(94));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    let f = flag(&json, "a-1", "excellent");
    assert_eq!(f["rubric_version"], 2);
    assert_eq!(f["n"], 2);
    assert_eq!(f["mean"], 93.0);
}

/// An evaluation under dispute is left out, its agent listed as pending with the flags that
/// might change; once a lead resolves the dispute it counts again, with the new revision.
#[test]
fn a_disputed_evaluation_moves_from_pending_to_counted_after_resolution() {
    let sb = setup(
        "  - id: excellent
    kind: reward
    window_days: 30
    min_evaluations: 4
    average_at_least: 92
",
    );
    for day in ["2026-11-10", "2026-11-11", "2026-11-12"] {
        evaluate(&sb, "a-1", day, Some(95));
    }
    let disputed = evaluate(&sb, "a-1", "2026-11-13", Some(80));
    // (95 × 3 + 80) / 4 = 91.25: no flag.
    assert_eq!(fired(&flags_json(&sb, &["--as-of", "2026-11-30"])), vec![]);
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", &disputed.to_string()])
        .args([
            "--criterion",
            "s.points",
            "--proposed",
            "96",
            "--reason",
            "The hold was the customer's choice",
        ])
        .assert()
        .success();
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![]);
    let pending = &json["pending"][0];
    assert_eq!(pending["agent"], "a-1");
    assert_eq!(pending["disputes"][0]["evaluation"], disputed);
    assert_eq!(pending["disputes"][0]["dispute"], 1);
    let stake = &pending["flags"][0];
    assert_eq!(stake["flag"], "excellent");
    // Now 3 evaluations (below min 4); rejected: 91.25; accepted: (285 + 96) / 4 = 95.25.
    assert_eq!(
        (&stake["now"], &stake["if_rejected"], &stake["if_accepted"]),
        (&Value::Bool(false), &Value::Bool(false), &Value::Bool(true))
    );
    assert_eq!(stake["change"], "fires if accepted");
    let table = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    assert!(table.contains("Pending"), "{table}");
    assert!(table.contains("excellent: fires if accepted"), "{table}");

    sb.qaudit()
        .args([
            "--as",
            "lea",
            "dispute",
            "resolve",
            "1",
            "--accept",
            "--note",
            "Hold was requested",
        ])
        .assert()
        .success();
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(json["pending"], serde_json::json!([]));
    let f = flag(&json, "a-1", "excellent");
    assert_eq!(f["n"], 4);
    assert_eq!(f["mean"], 95.25);
    assert!(f["evaluations"].as_array().unwrap().contains(&Value::from(disputed)));
}

#[test]
fn a_flag_that_a_dispute_might_withdraw_says_so_and_one_it_cannot_change_does_not() {
    let sb = setup(
        "  - id: clean-record
    kind: reward
    window_days: 30
    min_evaluations: 2
    max_critical_failures: 0
  - id: repeated-critical
    kind: discipline
    window_days: 30
    critical_failures_at_least: 2
",
    );
    // a-1: two clean evaluations and a disputed critical failure.
    evaluate(&sb, "a-1", "2026-11-10", Some(95));
    evaluate(&sb, "a-1", "2026-11-11", Some(96));
    let a1 = evaluate(&sb, "a-1", "2026-11-12", None);
    // a-2: three critical failures, the third disputed.
    evaluate(&sb, "a-2", "2026-11-10", None);
    evaluate(&sb, "a-2", "2026-11-11", None);
    let a2 = evaluate(&sb, "a-2", "2026-11-12", None);
    for (agent, e) in [("a-1", a1), ("a-2", a2)] {
        sb.qaudit()
            .args(["--as", agent, "dispute", "open", &e.to_string()])
            .args([
                "--criterion",
                "s.safe",
                "--proposed",
                "yes",
                "--reason",
                "I verified the caller",
            ])
            .assert()
            .success();
    }
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(
        fired(&json),
        vec![pair("a-1", "clean-record"), pair("a-2", "repeated-critical")]
    );
    // a-1's reward stands on the two clean evaluations, but a rejected dispute withdraws it.
    assert_eq!(
        flag(&json, "a-1", "clean-record")["pending_disputes"],
        serde_json::json!([1])
    );
    let pending = json["pending"].as_array().unwrap();
    assert_eq!(pending[0]["agent"], "a-1");
    assert_eq!(pending[0]["flags"][0]["flag"], "clean-record");
    assert_eq!(pending[0]["flags"][0]["change"], "withdrawn if rejected");
    // a-2's two counted critical failures fire the flag whatever happens to the third.
    let f = flag(&json, "a-2", "repeated-critical");
    assert_eq!(f["n"], 2);
    assert_eq!(f["pending_disputes"], serde_json::json!([]));
    assert_eq!(pending[1]["agent"], "a-2");
    assert_eq!(pending[1]["flags"], serde_json::json!([]));
    let table = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    assert!(table.contains("clean-record (pending dispute 1)"), "{table}");
    assert!(table.contains("clean-record: withdrawn if rejected"), "{table}");
    assert!(table.contains("2 (evaluation 6)  none"), "{table}");
}
