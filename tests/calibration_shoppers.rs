//! Mystery shoppers calibrate on a visit that is already logged, through the binary.

mod common;

use common::{Sandbox, fingerprint, query_i64, stdout_of, store_visit_answers, team};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Visits.

#[test]
fn shoppers_calibrate_on_a_logged_visit_without_logging_it_again() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "sol", "--name", "Sol Rey", "--role", "shopper",
        ])
        .assert()
        .success();
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
        ])
        .args(["--visited-at", "2026-11-20 11:05", "--staff-agent", "a-1", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    // Shoppers need the shopper role; evaluators cannot take part in a visit session.
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "calibrate",
                "new",
                "--rubric",
                "store-visit",
                "--subject",
                "visit:1",
            ])
            .args(["--evaluators", "sam,eva"]),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators: `eva` does not have the shopper role, which scoring visits with store-visit needs
    hint: add it with `qaudit staff add eva --name NAME --role shopper`
    ");
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "store-visit",
            "--subject",
            "visit:1",
        ])
        .args(["--evaluators", "sam,sol"])
        .assert()
        .success();
    let log_in = |who: &str, extra: &[&str], level: &str| {
        let file = sb.write(
            &format!("{who}.yaml"),
            &store_visit_answers(&[("premises.cleanliness", level), ("needs.listening", level)]),
        );
        let mut cmd = sb.qaudit();
        cmd.args([
            "--as",
            who,
            "visit",
            "log",
            "--calibration",
            "1",
            "--location",
            "mad-01",
        ])
        .args([
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 18:00",
            "--answers",
        ])
        .arg(file)
        .args(extra);
        cmd
    };
    let before = fingerprint(&sb.db());
    let mut refusals = String::new();
    for extra in [vec!["--attach", "visit.yaml"], vec!["--visit", "7"]] {
        let refused = sb.refusal(&mut log_in("sol", &extra, "4"));
        refusals.push_str(&format!("## {}\n{refused}", extra.join(" ")));
    }
    insta::assert_snapshot!(refusals, @r"
    ## --attach visit.yaml
    exit: 1
    --- stdout
    --- stderr
    error: --attach cannot be given with --calibration: a calibration scores a visit as it was logged
    hint: give only --visit, --location, --rubric, --visited-at and --answers
    ## --visit 7
    exit: 1
    --- stdout
    --- stderr
    error: no visit 7
    hint: `qaudit calibrate status SESSION` lists the session's subjects
    ");
    let file = sb.write("wrong-day.yaml", &store_visit_answers(&[]));
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "sol",
                "visit",
                "log",
                "--calibration",
                "1",
                "--location",
                "mad-01",
            ])
            .args([
                "--rubric",
                "store-visit",
                "--visited-at",
                "2026-11-21 11:05",
                "--answers",
            ])
            .arg(file),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: visit 1 was on 2026-11-20, not on the day of --visited-at 2026-11-21 11:05
    hint: check that you score the visit you mean; give its day with --visited-at
    ");
    assert_eq!(fingerprint(&sb.db()), before);

    // Without --visit: the session's one visit at the location.
    let out = log_in("sol", &[], "3").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("calibration session 1") && !text.contains("Overall"),
        "{text}"
    );
    let out = log_in("sam", &["--visit", "1"], "4").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = sb.db();
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM visits"),
        1,
        "no visit was logged again"
    );
    assert_eq!(query_i64(&db, "SELECT count(*) FROM evaluations WHERE visit_id = 1"), 3);
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM evaluations WHERE calibration_id = 1"),
        2
    );
    // The visit keeps its own evaluation and score.
    let visit: Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["--format", "json", "visit", "list"]))).unwrap();
    assert_eq!(visit[0]["evaluation"], 1);
    // Once approved, the visit counts once; the calibration scores never.
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--approve"])
        .assert()
        .success();
    assert_eq!(query_i64(&db, "SELECT count(*) FROM counted_evaluations"), 1);
    assert_eq!(query_i64(&db, "SELECT id FROM counted_evaluations"), 1);
    // Scoring twice is refused.
    insta::assert_snapshot!(sb.refusal(&mut log_in("sam", &["--visit", "1"], "4")), @r"
    exit: 1
    --- stdout
    --- stderr
    error: you already scored visit 1 in calibration session 1 (evaluation 3)
    hint: each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind
    ");
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    assert_eq!(json["subjects"][0]["subject"], "visit 1");
    assert_eq!(json["subjects"][0]["location"], "mad-01");
    assert_eq!(json["subjects"][0]["agent"], "a-1");
    assert_eq!(json["submitted"], 2);
}
