//! Practice evaluations (issue 20, part 4): `score --practice` on a real contact or a simulated
//! one never counts in reports, flags, samples or calibration, and is shown as practice.

mod common;

use common::practice_support::{role_play, scored_team, snapshot};
use common::{Sandbox, query_i64, stdout_of};

/// What a lead reads: the team report, the flags, the sample and the queue.
fn readings(sb: &Sandbox) -> Vec<String> {
    [
        vec![
            "report",
            "team",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "txt",
        ],
        vec!["flags", "--as-of", "2026-11-30"],
        vec!["--format", "json", "flags", "--as-of", "2026-11-30"],
        vec!["sample", "show", "1"],
        vec!["queue"],
        vec!["--format", "json", "export", "evaluations", "--status", "all"],
    ]
    .iter()
    .map(|args| stdout_of(sb.qaudit().args(args)))
    .collect()
}

fn draw(sb: &Sandbox, db: &std::path::Path) -> serde_json::Value {
    let out = stdout_of(sb.qaudit_on(db).args([
        "--as",
        "lea",
        "--format",
        "json",
        "sample",
        "draw",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--per-agent",
        "2",
        "--evaluators",
        "eva",
        "--seed",
        "7",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["items"].clone()
}

#[test]
fn practice_leaves_reports_flags_and_samples_byte_identical() {
    let sb = scored_team();
    // The store before any sample or practice, for the draw compared at the end.
    let copy = sb.path("before.db");
    std::fs::copy(sb.db(), &copy).unwrap();
    // A sample that assigns CALL-1 to eva, not yet scored.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--per-agent",
            "3",
            "--evaluators",
            "eva",
            "--seed",
            "1",
        ])
        .assert()
        .success();
    let before = readings(&sb);
    assert!(before[3].contains("CALL-1"), "the sample holds CALL-1:\n{}", before[3]);

    // Eva scores CALL-1 (her sample item) as practice, and a role-play of a-1, both very low.
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--practice",
            "--interaction",
            "CALL-1",
            "--rubric",
            "one-score",
        ])
        .args(["--set", "s.points=0", "--set", "s.safe=no"])
        .assert()
        .success();
    let out = stdout_of(&mut role_play(&sb, "angry customer, late refund"));
    assert!(out.contains("Recorded as practice on practice-1"), "{out}");
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM evaluations WHERE practice = 1"),
        2
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM interactions WHERE origin = 'practice'"),
        1
    );

    let after = readings(&sb);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    // The practice did not fulfil eva's item: she scores CALL-1 for real, which closes it.
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "one-score",
        ])
        .args(["--set", "s.points=80", "--set", "s.safe=yes"])
        .assert()
        .success();
    assert_ne!(readings(&sb)[3], before[3]);
    // A draw made now picks what the same draw picked before the practice.
    let fresh = sb.path("fresh.db");
    std::fs::copy(&copy, &fresh).unwrap();
    let before_draw = draw(&sb, &fresh);
    assert!(before_draw.to_string().contains("CHAT-1"), "{before_draw}");
    let practised = sb.path("practised.db");
    std::fs::copy(&copy, &practised).unwrap();
    sb.qaudit_on(&practised)
        .args([
            "--as",
            "eva",
            "score",
            "--practice",
            "--interaction",
            "CHAT-1",
            "--rubric",
            "one-score",
        ])
        .args(["--set", "s.points=0", "--set", "s.safe=na"])
        .assert()
        .success();
    assert_eq!(draw(&sb, &practised), before_draw);
}

#[test]
fn the_sheet_and_the_lists_mark_practice() {
    let sb = scored_team();
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
            "--rubric",
            "one-score",
        ])
        .args(["--set", "s.points=40", "--set", "s.safe=yes"])
        .assert()
        .success();
    let id = query_i64(&sb.db(), "SELECT max(id) FROM evaluations").to_string();
    let sheet = stdout_of(
        sb.qaudit()
            .args(["--as", "a-1", "report", "feedback", &id, "--format", "txt"]),
    );
    assert!(sheet.contains("PRACTICE (TRAINING)"), "{sheet}");
    let md = stdout_of(sb.qaudit().args(["report", "feedback", &id, "--format", "md"]));
    assert!(md.contains("**Practice (training):"), "{md}");
    let show = stdout_of(sb.qaudit().args(["evaluation", "show", &id]));
    assert!(show.contains("(submitted, practice, revision 1)"), "{show}");
    let list = stdout_of(sb.qaudit().args(["evaluation", "list", "--agent", "a-1"]));
    assert!(list.contains("practice-1"), "{list}");
    assert!(list.contains("practice"), "{list}");
    // An ordinary evaluation's sheet says nothing of practice.
    let plain = stdout_of(sb.qaudit().args(["report", "feedback", "1", "--format", "txt"]));
    assert!(!plain.contains("PRACTICE"), "{plain}");
}

#[test]
fn a_spanish_sheet_says_practica() {
    let sb = scored_team();
    let yaml = common::flags_support::rubric(
        1,
        "  - id: low\n    kind: discipline\n    window_days: 30\n    average_below: 70\n",
    )
    .replace("id: one-score", "id: uno")
    .replace("language: en", "language: es");
    let file = sb.write("uno.yaml", &yaml);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--practice",
                "--agent",
                "a-1",
                "--channel",
                "email",
                "--rubric",
                "uno",
            ])
            .args(["--set", "s.points=70", "--set", "s.safe=sí"]),
    );
    assert!(out.contains("Registrada como práctica sobre practice-1"), "{out}");
    let id = query_i64(&sb.db(), "SELECT max(id) FROM evaluations").to_string();
    let show = stdout_of(sb.qaudit().args(["evaluation", "show", &id]));
    assert!(show.contains("práctica"), "{show}");
    let sheet = stdout_of(sb.qaudit().args(["report", "feedback", &id, "--format", "txt"]));
    assert!(sheet.contains("PRÁCTICA (FORMACIÓN)"), "{sheet}");
}

#[test]
fn refused_practice_leaves_the_store_byte_identical() {
    let sb = scored_team();
    let before = snapshot(&sb);
    let answers = sb.write("p.yaml", "practice: true\nanswers:\n  s.points: 5\n  s.safe: na\n");
    let refusals: Vec<Vec<String>> = vec![
        // Practice never counts in calibration: from the flag or from the answers file.
        vec![
            "--as",
            "eva",
            "score",
            "--practice",
            "--calibration",
            "1",
            "--interaction",
            "CALL-1",
            "--rubric",
            "one-score",
            "--set",
            "s.points=5",
            "--set",
            "s.safe=na",
        ],
        vec![
            "--as",
            "eva",
            "score",
            "--calibration",
            "1",
            "--interaction",
            "CALL-1",
            "--rubric",
            "one-score",
            "--answers",
            answers.to_str().unwrap(),
        ],
        // A practice evaluation is not a second opinion.
        vec![
            "--as",
            "eva",
            "score",
            "--practice",
            "--second-opinion",
            "--interaction",
            "CALL-1",
            "--rubric",
            "one-score",
            "--set",
            "s.points=5",
            "--set",
            "s.safe=na",
        ],
        // A simulated contact is scored only as practice, for a known agent.
        vec![
            "--as",
            "eva",
            "score",
            "--agent",
            "a-1",
            "--channel",
            "phone",
            "--rubric",
            "one-score",
            "--set",
            "s.points=5",
            "--set",
            "s.safe=na",
        ],
        vec![
            "--as",
            "eva",
            "score",
            "--practice",
            "--agent",
            "a-9",
            "--channel",
            "phone",
            "--rubric",
            "one-score",
            "--set",
            "s.points=5",
            "--set",
            "s.safe=na",
        ],
        // Same rubric rules: an unknown criterion is refused.
        vec![
            "--as",
            "eva",
            "score",
            "--practice",
            "--agent",
            "a-1",
            "--channel",
            "phone",
            "--rubric",
            "one-score",
            "--set",
            "s.nope=5",
        ],
        // An agent may not score.
        vec![
            "--as",
            "a-2",
            "score",
            "--practice",
            "--agent",
            "a-1",
            "--channel",
            "phone",
            "--rubric",
            "one-score",
            "--set",
            "s.points=5",
            "--set",
            "s.safe=na",
        ],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    for args in &refusals {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = sb.refuse(&args);
        assert!(out.stderr.contains("hint:"), "{out}");
        assert_eq!(snapshot(&sb), before, "{args:?} changed the store");
    }
    let out = sb.refuse(&refusals[0].iter().map(String::as_str).collect::<Vec<_>>());
    insta::assert_snapshot!(out, @r"
    exit: 1
    --- stdout
    --- stderr
    error: a practice evaluation cannot be part of calibration session 1: practice never counts in calibration
    hint: score the session without practice (drop --practice, or `practice: true` from the answers file): `qaudit score --calibration 1 ...`; practice is scored on its own with --practice
    ");
    // A bad channel is a usage error (exit 2), and changes nothing either.
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--practice",
            "--agent",
            "a-1",
            "--channel",
            "fax",
            "--rubric",
            "one-score",
        ])
        .assert()
        .code(2);
    assert_eq!(snapshot(&sb), before);
}
