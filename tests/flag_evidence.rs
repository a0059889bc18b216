//! Flag evidence shows which side of the threshold a confidence bound is (issue 16, item 6),
//! through the binary: a bound of 64.1773 against a threshold of 64.178 is printed `64.177`,
//! never `64.18`, which would read as meeting it.

mod common;

use common::{Sandbox, stdout_of, team};
use serde_json::Value;

const RUBRIC: &str = "id: one-score
version: 1
title: One score
language: en
subject: interaction
pass_mark: 80
scales:
  points: { type: range, min: 0, max: 100 }
sections:
  - id: s
    title: Everything
    criteria:
      - { id: points, text: Points, scale: points }
flags:
  - id: confidently-low
    kind: discipline
    window_days: 30
    min_evaluations: 3
    average_below: 64.178
    confidence: 0.90
  - id: just-not-low
    kind: discipline
    window_days: 30
    min_evaluations: 3
    average_below: 64.177
    confidence: 0.90
";

#[test]
fn the_bound_is_printed_with_the_decimals_that_show_its_side_of_the_threshold() {
    let sb = Sandbox::new();
    team(&sb);
    let file = sb.write("one.yaml", RUBRIC);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    let calls = sb.write(
        "x.csv",
        "id,agent,channel,occurred_at\nX-1,a-2,phone,2026-11-10 12:00\nX-2,a-2,phone,2026-11-11 12:00\n\
         X-3,a-2,phone,2026-11-12 12:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(calls)
        .assert()
        .success();
    for (id, points) in [("X-1", 60), ("X-2", 62), ("X-3", 64)] {
        sb.qaudit()
            .args(["--as", "eva", "score", "--interaction", id, "--rubric", "one-score"])
            .args(["--set", &format!("s.points={points}")])
            .assert()
            .success();
    }
    // Mean 62, s = 2, t(0.90; 2 df) = 1.88562: upper bound 62 + 1.88562 × 2 / √3 = 64.1773.
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "flags",
        "--as-of",
        "2026-11-30",
        "--agent",
        "a-2",
    ])))
    .unwrap();
    let fired: Vec<&str> = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["flag"].as_str().unwrap())
        .collect();
    assert_eq!(fired, vec!["confidently-low"], "{json}");
    let bound = json["flags"][0]["bound"]["bound"].as_f64().unwrap();
    assert!((bound - 64.1773).abs() < 1e-4, "{json}");

    let text = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30", "--agent", "a-2"]));
    assert!(
        text.contains("64.177"),
        "the third decimal shows the bound is below 64.178:\n{text}"
    );
    assert!(!text.contains("64.18 "), "rounded onto the threshold's side:\n{text}");
}
