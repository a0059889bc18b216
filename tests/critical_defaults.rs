//! `fail_below` defaults for critical criteria (issue 15, item 8): 1.0 on binary scales (any
//! "no" fails), 0.5 on range and choice scales. The worked example of DESIGN.md with
//! `critical: true` and no `fail_below` scores as before.

mod common;

use common::{Sandbox, query_i64, score_cmd, stdout_of, team};
use serde_json::Value;

/// DESIGN.md's worked example; c1 (yes/no) and c2 (1..5) critical, neither with `fail_below`.
const WORKED: &str = r#"id: worked
version: 1
title: Worked example
subject: interaction
pass_mark: 70
critical_policy: zero_overall
scales:
  yes_no: { type: binary }
  five: { type: range, min: 1, max: 5 }
  met: { type: choice, options: { met: 1.0, partly: 0.5, not_met: 0.0 } }
sections:
  - id: a
    title: A
    weight: 2
    criteria:
      - { id: c1, text: one, scale: yes_no, critical: true }
      - { id: c2, text: two, scale: five, weight: 3, critical: true }
  - id: b
    title: B
    weight: 1
    criteria:
      - { id: c3, text: three, scale: met, na: true }
      - { id: c4, text: four, scale: met, na: true }
"#;

/// `eva` scores `interaction` with the worked rubric (`c1`, `c2` as given); the evaluation as JSON.
fn scored(sb: &Sandbox, interaction: &str, c1: &str, c2: &str) -> Value {
    let answers =
        format!("answers:\n  a.c1: {c1}\n  a.c2: {c2}\n  b.c3: partly\n  b.c4: na\ncomments:\n  a.c2: checked\n");
    score_cmd(sb, "eva", interaction, "worked", &answers).assert().success();
    let id = query_i64(&sb.db(), "SELECT max(id) FROM evaluations").to_string();
    serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "evaluation",
        "show",
        &id,
    ])))
    .unwrap()
}

#[test]
fn a_critical_criterion_without_fail_below_takes_the_scale_default() {
    let sb = Sandbox::new();
    team(&sb);
    let csv = sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at\nW-1,a-1,phone,2026-11-05 09:00\nW-2,a-1,phone,2026-11-06 09:00\nW-3,a-1,phone,2026-11-07 09:00\nW-4,a-1,phone,2026-11-08 09:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let rubric = sb.write("worked.yaml", WORKED);
    sb.qaudit().args(["rubric", "validate"]).arg(&rubric).assert().success();
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(&rubric)
        .assert()
        .success();
    let shown = stdout_of(sb.qaudit().args(["rubric", "show", "worked"]));
    assert!(shown.contains("critical <1"), "binary default 1.0:\n{shown}");
    assert!(shown.contains("critical <0.5"), "range default 0.5:\n{shown}");

    // As before: 70.8, passed, no critical failure.
    let e = scored(&sb, "W-1", "yes", "4");
    assert!((e["overall"].as_f64().unwrap() - 212.5 / 3.0).abs() < 1e-9, "{e}");
    assert_eq!(e["passed"], true);
    assert_eq!(e["critical_failed"], false);
    // Any "no" fails the binary criterion: overall set to 0.
    let e = scored(&sb, "W-2", "no", "4");
    assert_eq!(e["critical_failed"], true, "{e}");
    assert_eq!(e["overall"].as_f64(), Some(0.0));
    // 3 on 1..5 normalises to exactly 0.5: not below the default, so it passes the criterion.
    let e = scored(&sb, "W-3", "yes", "3");
    assert_eq!(e["critical_failed"], false, "{e}");
    // 2 normalises to 0.25: below 0.5, a critical failure.
    let e = scored(&sb, "W-4", "yes", "2");
    assert_eq!(e["critical_failed"], true, "{e}");
}
