//! Training sessions of coaching plans (issue 20, part 4): recorded by a lead, kept as recorded
//! (verify names a tampered one), listed by `coach show`, and judged by `coach review`.

mod common;

use common::flags_support::{evaluate, setup};
use common::practice_support::snapshot;
use common::{Sandbox, stdout_of};

/// a-1's counted `s.points` (norm points/100) around two sessions:
/// before 11-10: 40, 50, 60 (mean 50); 11-10..11-19: 70, 80, 90; from 11-20: 60, 60, 60.
fn coached() -> Sandbox {
    let sb = setup("  - id: low\n    kind: discipline\n    window_days: 30\n    average_below: 70\n");
    for (day, points) in [
        ("2026-11-02", 40),
        ("2026-11-03", 50),
        ("2026-11-04", 60),
        ("2026-11-11", 70),
        ("2026-11-12", 80),
        ("2026-11-13", 90),
        ("2026-11-21", 60),
        ("2026-11-22", 60),
        ("2026-11-23", 60),
    ] {
        evaluate(&sb, "a-1", day, Some(points));
    }
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "plan",
            "a-1",
            "--rubric",
            "one-score",
            "--from",
            "2026-11-01",
        ])
        .args([
            "--to",
            "2026-11-30",
            "--starts",
            "2026-11-01",
            "--follow-up-days",
            "1",
            "--save",
        ])
        .assert()
        .success();
    sb
}

fn session(sb: &Sandbox, day: &str, kind: &str, criteria: &str) {
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "session",
            "1",
            "--date",
            day,
            "--kind",
            kind,
            "--criteria",
            criteria,
        ])
        .args(["--note", "role-play with the lead"])
        .assert()
        .success();
}

#[test]
fn review_says_which_targeted_criteria_improved_after_each_session() {
    let sb = coached();
    session(&sb, "2026-11-10", "simulation", "s.points");
    session(&sb, "2026-11-20", "workshop", "s.points,s.safe");
    // A practice evaluation of a-1 is training evidence, never part of the before or after.
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--practice",
            "--agent",
            "a-1",
            "--channel",
            "phone",
        ])
        .args([
            "--occurred-at",
            "2026-11-25 10:00",
            "--rubric",
            "one-score",
            "--set",
            "s.points=0",
            "--set",
            "s.safe=na",
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--format", "json", "coach", "review", "1"]),
    ))
    .unwrap();
    let training = &json["training"];
    let first = &training[0]["criteria"][0];
    // Before 11-10: 40, 50, 60; from 11-10: 70, 80, 90, 60, 60, 60.
    assert_eq!(
        (first["before_n"].as_u64(), first["after_n"].as_u64()),
        (Some(3), Some(6))
    );
    assert!((first["before"].as_f64().unwrap() - 50.0).abs() < 1e-9, "{first}");
    assert!((first["after"].as_f64().unwrap() - 70.0).abs() < 1e-9, "{first}");
    assert_eq!(first["verdict"], "improved");
    // Before 11-20: the six first (mean 65); from 11-20: 60, 60, 60.
    let second = &training[1]["criteria"][0];
    assert_eq!(
        (second["before_n"].as_u64(), second["after_n"].as_u64()),
        (Some(6), Some(3))
    );
    assert!((second["after"].as_f64().unwrap() - 60.0).abs() < 1e-9, "{second}");
    assert_eq!(second["verdict"], "not_improved");
    // s.safe was always N/A: too few to say.
    assert_eq!(training[1]["criteria"][1]["verdict"], "too_few");
    assert_eq!(json["practice"].as_array().unwrap().len(), 1, "{}", json["practice"]);

    let txt = stdout_of(sb.qaudit().args(["coach", "review", "1", "--format", "txt"]));
    assert!(
        txt.contains("before 50.0 (n=3) → after 70.0 (n=6), +20.0: improved"),
        "{txt}"
    );
    assert!(
        txt.contains("before 65.0 (n=6) → after 60.0 (n=3), -5.0: not improved"),
        "{txt}"
    );
    assert!(txt.contains("too few to say"), "{txt}");
    assert!(txt.contains("PRACTICE EVALUATIONS"), "{txt}");
    let md = stdout_of(sb.qaudit().args(["coach", "review", "1", "--format", "md"]));
    assert!(md.contains("| 50.0 (n=3) | 70.0 (n=6) | +20.0 | improved |"), "{md}");
    let show = stdout_of(sb.qaudit().args(["coach", "show", "1", "--format", "md"]));
    assert!(
        show.contains("2026-11-10 · simulation (by lea): s.points: role-play with the lead"),
        "{show}"
    );
    sb.qaudit().arg("verify").assert().success();
}

#[test]
fn refused_sessions_leave_the_store_byte_identical() {
    let sb = coached();
    let before = snapshot(&sb);
    for args in [
        // Not a criterion of the plan's rubric (with the closest one named).
        vec![
            "--as",
            "lea",
            "coach",
            "session",
            "1",
            "--date",
            "2026-11-10",
            "--kind",
            "workshop",
            "--criteria",
            "s.pionts",
        ],
        // Only a lead records training.
        vec![
            "--as",
            "eva",
            "coach",
            "session",
            "1",
            "--date",
            "2026-11-10",
            "--kind",
            "workshop",
            "--criteria",
            "s.points",
        ],
        vec![
            "--as",
            "lea",
            "coach",
            "session",
            "9",
            "--date",
            "2026-11-10",
            "--kind",
            "workshop",
            "--criteria",
            "s.points",
        ],
        vec![
            "--as",
            "lea",
            "coach",
            "session",
            "1",
            "--date",
            "someday",
            "--kind",
            "workshop",
            "--criteria",
            "s.points",
        ],
    ] {
        let out = sb.refuse(&args);
        assert!(out.stderr.contains("hint:"), "{out}");
        assert_eq!(snapshot(&sb), before, "{args:?}");
    }
    insta::assert_snapshot!(sb.refuse(&["--as", "lea", "coach", "session", "1", "--date", "2026-11-10", "--kind", "workshop", "--criteria", "s.pionts"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `s.pionts` is not a criterion of one-score version 1 (did you mean `s.points`?)
    hint: `qaudit rubric show one-score --version 1` lists its criteria; give them as --criteria section.criterion[,...]
    ");
    // A kind that is not one of the four is a usage error.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "session",
            "1",
            "--date",
            "2026-11-10",
            "--kind",
            "lecture",
            "--criteria",
            "s.points",
        ])
        .assert()
        .code(2);
    assert_eq!(snapshot(&sb), before);
}

#[test]
fn verify_names_a_tampered_training_session() {
    let sb = coached();
    session(&sb, "2026-11-10", "simulation", "s.points");
    sb.qaudit().arg("verify").assert().success();
    // The triggers refuse changes...
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    assert!(
        conn.execute("UPDATE training_sessions SET kind = 'workshop'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM training_sessions", []).is_err());
    // ...and a change made with them dropped is named.
    conn.execute_batch(
        "DROP TRIGGER training_sessions_no_change; UPDATE training_sessions SET held_on = '2026-11-01';",
    )
    .unwrap();
    drop(conn);
    let out = sb.refusal(sb.qaudit().arg("verify"));
    assert!(
        out.stdout.contains("training-session:1") || out.stderr.contains("training-session:1"),
        "{out}"
    );
}
