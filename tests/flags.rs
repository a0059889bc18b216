//! `qaudit flags`: each rule kind at its boundary, the confidence bound, what counts, disputes
//! as pending, and the output forms, through the binary.
//!
//! Most tests import `one-score`, a rubric of a single 0..100 criterion (so an answer is the
//! overall score) plus a critical yes/no criterion answered `na` unless a critical failure is
//! wanted, and score interactions imported on chosen days.

mod common;

use common::{Sandbox, query_i64, stdout_of, team};
use serde_json::Value;

/// The `one-score` rubric with these flag rules (YAML list items, indented by two spaces).
fn rubric(version: u32, flags: &str) -> String {
    format!(
        "id: one-score
version: {version}
title: One score
language: en
subject: interaction
pass_mark: 80
critical_policy: zero_overall
na_policy: exclude
dispute_days: 14
scales:
  points: {{ type: range, min: 0, max: 100 }}
  yes_no: {{ type: binary }}
sections:
  - id: s
    title: Everything
    criteria:
      - id: points
        text: Points
        scale: points
      - id: safe
        text: Kept the customer's data safe
        scale: yes_no
        na: true
        critical: true
        fail_below: 0.5
flags:
{flags}"
    )
}

/// A store with the team (a-1, a-2 in team north, evaluator eva, lead lea), agent a-3 in team
/// south, and `one-score` with `flags`.
fn setup(flags: &str) -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "agent",
            "add",
            "a-3",
            "--name",
            "Sara Vidal",
            "--team",
            "south",
        ])
        .assert()
        .success();
    import_rubric(&sb, 1, flags);
    sb
}

fn import_rubric(sb: &Sandbox, version: u32, flags: &str) {
    let file = sb.write(&format!("one-score-{version}.yaml"), &rubric(version, flags));
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
}

/// Imports an interaction of `agent` on `day` and has eva score it; returns the evaluation id.
/// A `points` of `None` is a critical failure (score 0).
fn evaluate(sb: &Sandbox, agent: &str, day: &str, points: Option<u32>) -> i64 {
    let n = query_i64(&sb.db(), "SELECT count(*) FROM interactions") + 1;
    let id = format!("X-{n}");
    let csv = sb.write(
        &format!("{id}.csv"),
        &format!("id,agent,channel,occurred_at\n{id},{agent},phone,{day}T12:00:00Z\n"),
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let (points, safe) = match points {
        Some(p) => (p, "na"),
        None => (0, "no"),
    };
    sb.qaudit()
        .args(["--as", "eva", "score", "--interaction", &id, "--rubric", "one-score"])
        .args([
            "--set",
            &format!("s.points={points}"),
            "--set",
            &format!("s.safe={safe}"),
        ])
        .assert()
        .success();
    query_i64(&sb.db(), "SELECT max(id) FROM evaluations")
}

fn flags_json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = stdout_of(sb.qaudit().args(["--format", "json", "flags"]).args(args));
    serde_json::from_str(&out).unwrap()
}

/// (agent, flag) of every flag that fires.
fn fired(json: &Value) -> Vec<(String, String)> {
    json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["agent"].as_str().unwrap().to_string(),
                f["flag"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(agent: &str, flag: &str) -> (String, String) {
    (agent.to_string(), flag.to_string())
}

fn flag<'a>(json: &'a Value, agent: &str, flag: &str) -> &'a Value {
    json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["agent"] == agent && f["flag"] == flag)
        .unwrap_or_else(|| panic!("no {flag} for {agent} in {json:#}"))
}

#[test]
fn min_evaluations_fires_on_exactly_the_minimum_never_fewer() {
    let sb = setup(
        "  - id: steady
    kind: reward
    window_days: 30
    min_evaluations: 4
    max_critical_failures: 0
",
    );
    for day in ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"] {
        evaluate(&sb, "a-1", day, Some(75));
    }
    for day in ["2026-11-02", "2026-11-03", "2026-11-04"] {
        evaluate(&sb, "a-2", day, Some(75));
    }
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![pair("a-1", "steady")]);
    assert_eq!(flag(&json, "a-1", "steady")["n"], 4);
}

#[test]
fn average_at_least_fires_with_the_mean_exactly_at_the_threshold() {
    let sb = setup(
        "  - id: excellent
    kind: reward
    window_days: 30
    min_evaluations: 2
    average_at_least: 92
",
    );
    // a-1: (90 + 94) / 2 = 92 exactly; a-2: (90 + 93) / 2 = 91.5.
    evaluate(&sb, "a-1", "2026-11-10", Some(90));
    evaluate(&sb, "a-1", "2026-11-11", Some(94));
    evaluate(&sb, "a-2", "2026-11-10", Some(90));
    evaluate(&sb, "a-2", "2026-11-11", Some(93));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![pair("a-1", "excellent")]);
    let f = flag(&json, "a-1", "excellent");
    assert_eq!(f["mean"], 92.0);
    assert_eq!(f["bound"], Value::Null);
}

#[test]
fn average_below_does_not_fire_with_the_mean_exactly_at_the_threshold() {
    let sb = setup(
        "  - id: below-standard
    kind: discipline
    window_days: 30
    min_evaluations: 2
    average_below: 70
",
    );
    // a-1: (68 + 72) / 2 = 70 exactly, not below; a-2: (68 + 71) / 2 = 69.5.
    evaluate(&sb, "a-1", "2026-11-10", Some(68));
    evaluate(&sb, "a-1", "2026-11-11", Some(72));
    evaluate(&sb, "a-2", "2026-11-10", Some(68));
    evaluate(&sb, "a-2", "2026-11-11", Some(71));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![pair("a-2", "below-standard")]);
    assert_eq!(flag(&json, "a-2", "below-standard")["mean"], 69.5);
}

#[test]
fn critical_failure_rules_at_their_boundaries() {
    let sb = setup(
        "  - id: clean-record
    kind: reward
    window_days: 60
    max_critical_failures: 0
  - id: repeated-critical
    kind: discipline
    window_days: 60
    critical_failures_at_least: 2
",
    );
    // a-1: two critical failures (exactly the threshold); a-2: one; a-3: none.
    evaluate(&sb, "a-1", "2026-10-05", None);
    evaluate(&sb, "a-1", "2026-11-20", None);
    evaluate(&sb, "a-1", "2026-11-21", Some(95));
    evaluate(&sb, "a-2", "2026-11-20", None);
    evaluate(&sb, "a-2", "2026-11-21", Some(95));
    evaluate(&sb, "a-3", "2026-11-21", Some(95));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(
        fired(&json),
        vec![pair("a-3", "clean-record"), pair("a-1", "repeated-critical")]
    );
    let f = flag(&json, "a-1", "repeated-critical");
    assert_eq!(f["critical_failures"], 2);
    assert_eq!(f["n"], 3);
}

#[test]
fn the_window_holds_its_first_and_last_day_on_the_date_of_the_work() {
    let sb = setup(
        "  - id: any-critical
    kind: discipline
    window_days: 30
    critical_failures_at_least: 1
",
    );
    // With --as-of 2026-11-30 the 30-day window is 2026-11-01 .. 2026-11-30.
    let first = evaluate(&sb, "a-1", "2026-11-01", None);
    evaluate(&sb, "a-2", "2026-10-31", None);
    let last = evaluate(&sb, "a-3", "2026-11-30", None);
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(
        fired(&json),
        vec![pair("a-1", "any-critical"), pair("a-3", "any-critical")]
    );
    let f = flag(&json, "a-1", "any-critical");
    assert_eq!(f["window"]["from"], "2026-11-01");
    assert_eq!(f["window"]["to"], "2026-11-30");
    assert_eq!(f["evaluations"], serde_json::json!([first]));
    assert_eq!(
        flag(&json, "a-3", "any-critical")["evaluations"],
        serde_json::json!([last])
    );
    // A day later a-1's evaluation has left the window; a day earlier (window 2026-10-31 ..
    // 2026-11-29) a-2's has entered it and a-3's work, after the window's last day, does not
    // count. Everything was scored on the day the test ran, which does not matter.
    let json = flags_json(&sb, &["--as-of", "2026-12-01"]);
    assert_eq!(fired(&json), vec![pair("a-3", "any-critical")]);
    let json = flags_json(&sb, &["--as-of", "2026-11-29"]);
    assert_eq!(
        fired(&json),
        vec![pair("a-1", "any-critical"), pair("a-2", "any-critical")]
    );
}

#[test]
fn the_confidence_bound_is_the_one_sided_t_bound() {
    let sb = setup(
        "  - id: confidently-low
    kind: discipline
    window_days: 30
    min_evaluations: 5
    average_below: 68
    confidence: 0.90
  - id: not-confidently-low
    kind: discipline
    window_days: 30
    min_evaluations: 5
    average_below: 67.8
    confidence: 0.90
  - id: confidently-fair
    kind: reward
    window_days: 30
    min_evaluations: 5
    average_at_least: 62
    confidence: 0.90
  - id: not-confidently-fair
    kind: reward
    window_days: 30
    min_evaluations: 5
    average_at_least: 62.2
    confidence: 0.90
",
    );
    for (i, points) in [60, 65, 70, 62, 68].into_iter().enumerate() {
        evaluate(&sb, "a-1", &format!("2026-11-{:02}", 10 + i), Some(points));
    }
    // By hand: mean = 325 / 5 = 65; deviations -5, 0, 5, -3, 3 square to 68; s² = 68 / 4 = 17;
    // s = 4.1231; standard error s / √5 = 1.8439; t(0.90; 4 df) = 1.5332 (tables: 1.533).
    // Upper bound 65 + 1.5332 × 1.8439 = 67.827 (< 68 fires, not < 67.8); lower bound
    // 65 − 2.827 = 62.173 (≥ 62 fires, not ≥ 62.2). The plain mean, 65, would fire all four.
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(
        fired(&json),
        vec![pair("a-1", "confidently-fair"), pair("a-1", "confidently-low")]
    );
    let upper = &flag(&json, "a-1", "confidently-low")["bound"];
    assert_eq!(upper["side"], "upper");
    assert_eq!(upper["n"], 5);
    assert_eq!(upper["confidence"], 0.9);
    assert!((upper["mean"].as_f64().unwrap() - 65.0).abs() < 1e-9);
    assert!((upper["sd"].as_f64().unwrap() - 17f64.sqrt()).abs() < 1e-9);
    assert!((upper["t"].as_f64().unwrap() - 1.5332).abs() < 1e-4, "{upper}");
    assert!((upper["bound"].as_f64().unwrap() - 67.827).abs() < 1e-3, "{upper}");
    let lower = &flag(&json, "a-1", "confidently-fair")["bound"];
    assert_eq!(lower["side"], "lower");
    assert!((lower["bound"].as_f64().unwrap() - 62.173).abs() < 1e-3, "{lower}");
    // The evidence names what was compared.
    let cond = &flag(&json, "a-1", "confidently-low")["conditions"];
    assert_eq!(cond[1]["condition"], "average_below");
    assert_eq!(cond[1]["measure"], "upper_bound");
    assert_eq!(cond[1]["met"], true);
}

#[test]
fn a_confidence_rule_needs_three_evaluations() {
    // Without `min_evaluations: 3` the rule is refused: a t bound over two scores (t = 6.31 at
    // 90%) fires on noise.
    let sb = Sandbox::new();
    sb.init();
    let text = rubric(
        1,
        "  - id: confidently-low
    kind: discipline
    window_days: 30
    average_below: 70
    confidence: 0.90
",
    );
    let file = sb.write("few.yaml", &text);
    let refused = sb.refusal(sb.qaudit().args(["rubric", "validate"]).arg(&file));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 1 rubric file(s) invalid (1 problem(s))
    [sandbox]/few.yaml:31:5: flag `confidently-low` has `confidence` but no `min_evaluations`; a confidence bound needs at least 3
      31 |     confidence: 0.90
         |     ^
      hint: add `min_evaluations: 3` (or more) to the rule
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ");
    let sb = setup(
        "  - id: confidently-low
    kind: discipline
    window_days: 30
    min_evaluations: 3
    average_below: 70
    confidence: 0.90
",
    );
    evaluate(&sb, "a-1", "2026-11-10", Some(20));
    evaluate(&sb, "a-1", "2026-11-11", Some(22));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![], "two evaluations are not enough");
    evaluate(&sb, "a-1", "2026-11-12", Some(21));
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(fired(&json), vec![pair("a-1", "confidently-low")]);
}

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

fn snapshot_store() -> Sandbox {
    let sb = setup(
        "  - id: consistent-excellence
    kind: reward
    description: Averaged at least 92 over four or more contacts in 30 days with no critical failure.
    window_days: 30
    min_evaluations: 4
    average_at_least: 92
    max_critical_failures: 0
  - id: repeated-critical
    kind: discipline
    window_days: 60
    critical_failures_at_least: 2
  - id: below-standard
    kind: discipline
    description: Over 30 days the average is confidently below 70.
    window_days: 30
    min_evaluations: 4
    average_below: 70
    confidence: 0.90
",
    );
    for (day, points) in [
        ("2026-11-03", 94),
        ("2026-11-09", 96),
        ("2026-11-16", 91),
        ("2026-11-24", 97),
    ] {
        evaluate(&sb, "a-1", day, Some(points));
    }
    for (day, points) in [
        ("2026-10-20", None),
        ("2026-10-25", None),
        ("2026-11-04", Some(64)),
        ("2026-11-10", Some(58)),
        ("2026-11-18", Some(66)),
        ("2026-11-25", Some(62)),
    ] {
        evaluate(&sb, "a-2", day, points);
    }
    for (day, points) in [
        ("2026-11-05", 93),
        ("2026-11-12", 95),
        ("2026-11-19", 94),
        ("2026-11-26", 78),
    ] {
        evaluate(&sb, "a-3", day, Some(points));
    }
    let last = query_i64(&sb.db(), "SELECT max(id) FROM evaluations");
    sb.qaudit()
        .args(["--as", "lea", "dispute", "open", &last.to_string()])
        .args([
            "--criterion",
            "s.points",
            "--proposed",
            "92",
            "--reason",
            "Scored against the old script",
        ])
        .assert()
        .success();
    sb
}

#[test]
fn flags_json_snapshot() {
    let sb = snapshot_store();
    let out = stdout_of(sb.qaudit().args(["--format", "json", "flags", "--as-of", "2026-11-30"]));
    // The bundled rubrics' rules are checked too; keep the snapshot to this test's own rubric so
    // that a change to a bundled rubric does not change it.
    let mut json: Value = serde_json::from_str(&out).unwrap();
    let rules = json["rules"].as_array_mut().unwrap();
    assert!(rules.iter().any(|r| r["rubric"] == "call-quality"));
    rules.retain(|r| r["rubric"] == "one-score");
    insta::assert_snapshot!("flags_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn flags_table_snapshot() {
    let sb = snapshot_store();
    let out = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    insta::assert_snapshot!("flags_table", out);
}

#[test]
fn csv_has_one_row_per_flag_and_reports_render_through_the_templates() {
    let sb = snapshot_store();
    let csv = stdout_of(sb.qaudit().args(["--format", "csv", "flags", "--as-of", "2026-11-30"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "agent");
    assert_eq!(&headers[6], "flag");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(rows.len(), json["flags"].as_array().unwrap().len(), "{csv}");
    assert!(
        rows.iter().any(|r| &r[1] == "a-1" && &r[6] == "consistent-excellence"),
        "{csv}"
    );

    sb.qaudit()
        .args(["flags", "--as-of", "2026-11-30", "--output"])
        .arg(sb.path("flags.csv"))
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(sb.path("flags.csv")).unwrap(), csv);

    for (file, needles) in [
        (
            "flags.html",
            vec!["<!DOCTYPE html>", "consistent-excellence", "Pending disputes", "a-3"],
        ),
        (
            "flags.md",
            vec![
                "# Reward and discipline flags",
                "| a-1 (Ana Ruiz) |",
                "## Pending disputes",
            ],
        ),
        (
            "flags.txt",
            vec!["Reward and discipline flags", "REWARD  a-1 (Ana Ruiz)", "t = 1.638"],
        ),
    ] {
        let out = stdout_of(
            sb.qaudit()
                .args(["flags", "--as-of", "2026-11-30", "--output"])
                .arg(sb.path(file)),
        );
        assert!(out.contains("Wrote"), "{out}");
        let text = std::fs::read_to_string(sb.path(file)).unwrap();
        for needle in needles {
            assert!(text.contains(needle), "{file} lacks {needle:?}:\n{text}");
        }
    }
    let es = stdout_of(
        sb.qaudit()
            .args(["--format", "md", "flags", "--as-of", "2026-11-30", "--lang", "es"]),
    );
    assert!(es.contains("# Señales de reconocimiento y disciplina"), "{es}");
    assert!(
        es.contains("se activa si se acepta") || es.contains("se retira si"),
        "{es}"
    );
}

#[test]
fn filters_by_agent_team_and_kind() {
    let sb = snapshot_store();
    let all = fired(&flags_json(&sb, &["--as-of", "2026-11-30"]));
    assert!(all.len() >= 3, "{all:?}");
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--agent", "a-2"]);
    assert!(fired(&json).iter().all(|(a, _)| a == "a-2"), "{json}");
    assert_eq!(json["pending"], serde_json::json!([]));
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--team", "south"]);
    assert!(fired(&json).iter().all(|(a, _)| a == "a-3"));
    assert_eq!(json["pending"][0]["agent"], "a-3");
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--kind", "reward"]);
    assert!(json["flags"].as_array().unwrap().iter().all(|f| f["kind"] == "reward"));
    assert!(json["rules"].as_array().unwrap().iter().all(|r| r["kind"] == "reward"));
    assert_eq!(json["kind"], "reward");

    let mut refusals = String::new();
    for args in [
        vec!["--agent", "a-9"],
        vec!["--team", "west"],
        vec!["--agent", "a-1", "--team", "south"],
        vec!["--as-of", "30/11/2026"],
    ] {
        let refused = sb.refusal(sb.qaudit().arg("flags").args(&args));
        refusals.push_str(&format!("== {}\n{refused}", args.join(" ")));
    }
    insta::assert_snapshot!(refusals, @r"
    == --agent a-9
    exit: 1
    --- stdout
    --- stderr
    error: no agent `a-9`
    hint: did you mean `a-1`?
    == --team west
    exit: 1
    --- stdout
    --- stderr
    error: no agent is in team `west`
    hint: teams: north, south
    == --agent a-1 --team south
    exit: 1
    --- stdout
    --- stderr
    error: agent `a-1` is in team north, not south
    hint: give --agent or --team, or both matching
    == --as-of 30/11/2026
    exit: 1
    --- stdout
    --- stderr
    error: --as-of: `30/11/2026` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    hint: give the day the windows end, e.g. --as-of 2026-11-30 (the last day of the month)
    ");
}

#[test]
fn no_rules_no_flags() {
    let sb = Sandbox::new();
    team(&sb);
    let out = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    assert!(out.starts_with("No flag fires as of 2026-11-30"), "{out}");
}
