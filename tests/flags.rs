//! `qaudit flags`: each rule kind at its boundary, the window and the confidence bound, through
//! the binary.
//!
//! Most tests import `one-score`, a rubric of a single 0..100 criterion (so an answer is the
//! overall score) plus a critical yes/no criterion answered `na` unless a critical failure is
//! wanted, and score interactions imported on chosen days.

mod common;

use common::Sandbox;
use common::flags_support::{evaluate, fired, flag, flags_json, pair, rubric, setup};
use serde_json::Value;

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
