//! The one threshold rule (issue 16, item 1): a score that is exactly the pass mark in decimal
//! arithmetic passes, in scoring, bands, flags and `verify` alike, and the upgrade recomputes
//! stored results that the old rule got wrong, with an audit entry each.

mod common;

use common::{Sandbox, query_i64, stdout_of};

/// Pass mark 70, bands at 70, one section of criteria weighted 1 and 2: both answered
/// `partly` (0.7) score 100 x (0.7 + 1.4) / 3 = 70 exactly, which binary floating point computes
/// as 69.99999999999999.
const RUBRIC: &str = r#"
id: exact
version: 1
title: Exact pass mark
subject: interaction
pass_mark: 70
bands:
  - { min: 70, label: Meets }
  - { min: 0, label: Below }
scales:
  met: { type: choice, options: { met: 1.0, partly: 0.7, not_met: 0.0 } }
sections:
  - id: s
    title: Section
    criteria:
      - { id: a, text: First, scale: met, weight: 1 }
      - { id: b, text: Second, scale: met, weight: 2 }
flags:
  - { id: at-seventy, kind: reward, window_days: 30, average_at_least: 70 }
"#;

fn store() -> Sandbox {
    let sb = Sandbox::new();
    common::team(&sb);
    let file = sb.write("exact.yaml", RUBRIC);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    sb
}

fn score_exact(sb: &Sandbox) -> String {
    stdout_of(sb.qaudit().args([
        "--as",
        "eva",
        "score",
        "--interaction",
        "CALL-1",
        "--rubric",
        "exact",
        "--set",
        "s.a=partly",
        "--set",
        "s.b=partly",
    ]))
}

#[test]
fn exactly_the_pass_mark_passes_everywhere() {
    let sb = store();
    let out = score_exact(&sb);
    assert!(out.contains("PASS") && !out.contains("FAIL"), "{out}");
    assert!(out.contains("Meets"), "the band at 70 is met: {out}");
    assert_eq!(query_i64(&sb.db(), "SELECT passed FROM evaluations"), 1);
    let flags = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30", "--format", "json"]));
    assert!(flags.contains("\"at-seventy\""), "{flags}");
    let verify = stdout_of(sb.qaudit().arg("verify"));
    assert!(verify.contains("No problems found"), "{verify}");
}

#[test]
fn the_upgrade_recomputes_a_result_stored_under_the_old_rule_with_an_audit_entry() {
    let sb = store();
    score_exact(&sb);
    // The store as the old rule left it: FAIL, band Below, on the row and its revision.
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER evaluation_revisions_no_change;
             UPDATE evaluation_revisions SET passed = 0, band = 'Below';
             UPDATE evaluations SET passed = 0, band = 'Below';
             CREATE TRIGGER evaluation_revisions_no_change BEFORE UPDATE ON evaluation_revisions
                 BEGIN SELECT RAISE(ABORT, 'evaluation revisions are kept as written; amend instead'); END;
             INSERT INTO meta (key, value) VALUES ('pending.recompute_passed', '1');",
        )
        .unwrap();
    }
    // Any command opens the store and runs the pending recomputation once.
    sb.qaudit().args(["evaluation", "list"]).assert().success();
    assert_eq!(query_i64(&sb.db(), "SELECT passed FROM evaluations"), 1);
    assert_eq!(query_i64(&sb.db(), "SELECT passed FROM evaluation_revisions"), 1);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.recompute' AND entity = 'evaluation:1'"
        ),
        1
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM meta WHERE key LIKE 'pending.%'"),
        0
    );
    // The guard is back.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    assert!(conn.execute("UPDATE evaluation_revisions SET passed = 0", []).is_err());
    drop(conn);
    sb.qaudit().args(["evaluation", "list"]).assert().success();
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.recompute'"
        ),
        1,
        "done once"
    );
    assert!(stdout_of(sb.qaudit().arg("verify")).contains("No problems found"));
}
