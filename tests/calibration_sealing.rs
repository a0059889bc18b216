//! Calibration scores stay sealed while a session is open, and calibration evaluations count
//! nowhere (queues, team reports, flags), through the binary.

mod common;

use common::calibration_support::{answers, calibration_score, calibration_team, new_session};
use common::{Sandbox, call_quality_answers, fingerprint, query_i64, stdout_of};
use serde_json::Value;

/// A session (reference lea) in which everyone has scored both subjects; returns its number.
fn scored_session(sb: &Sandbox) -> i64 {
    calibration_team(sb);
    let session = new_session(sb, &["--reference", "lea"])["id"].as_i64().unwrap();
    for who in ["eva", "ed", "lea"] {
        for interaction in ["CALL-1", "MAIL-1"] {
            calibration_score(sb, who, session, interaction, &answers(who, interaction)).success();
        }
    }
    session
}

// ---------------------------------------------------------------------------------------------
// Blindness.

#[test]
fn nothing_shows_a_score_of_an_open_session() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    // An ordinary evaluation, so that lists are not trivially empty.
    let normal = sb.write("normal.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "ivo",
            "score",
            "--interaction",
            "CHAT-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(normal)
        .assert()
        .success();
    new_session(&sb, &["--reference", "lea"]);

    // Scoring in the session prints that it was recorded, not the score.
    let mut printed = Vec::new();
    for who in ["eva", "lea"] {
        let out = calibration_score(&sb, who, 1, "CALL-1", &answers(who, "CALL-1")).success();
        let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(
            !out.contains("Overall") && !out.contains("PASS") && !out.contains("FAIL"),
            "{out}"
        );
        assert!(out.contains("Scores stay sealed"), "{out}");
        printed.push(out);
    }
    let json_out = calibration_score_json(&sb, "ed", "CALL-1");
    assert_eq!(json_out["sealed"], true);
    assert!(
        json_out.get("overall").is_none() && json_out.get("revisions").is_none(),
        "{json_out}"
    );
    let ids: Vec<i64> = (2..=4).collect();

    let before = fingerprint(&sb.db());
    // Every refusal, in one snapshot (insta takes no inline snapshot inside a loop).
    let mut refusals = String::new();
    let mut refuse = |args: &[&str]| {
        let refused = sb.refuse(args);
        refusals.push_str(&format!("## {}\n{refused}", args.join(" ")));
    };
    for id in &ids {
        let id = id.to_string();
        refuse(&["evaluation", "show", &id]);
        refuse(&["--format", "json", "evaluation", "show", &id]);
        refuse(&[
            "--as",
            "lea",
            "evaluation",
            "amend",
            &id,
            "--set",
            "courtesy.tone=5",
            "--reason",
            "peek",
        ]);
        refuse(&["--as", "lea", "evaluation", "void", &id, "--reason", "peek"]);
        refuse(&["evaluation", "ack", &id]);
        refuse(&["report", "feedback", &id]);
        refuse(&["--as", "a-1", "dispute", "open", &id, "--reason", "peek"]);
    }
    refuse(&["calibrate", "report", "1"]);
    insta::assert_snapshot!(refusals, @r"
    ## evaluation show 2
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --format json evaluation show 2
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation amend 2 --set courtesy.tone=5 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation void 2 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## evaluation ack 2
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## report feedback 2
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as a-1 dispute open 2 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## evaluation show 3
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --format json evaluation show 3
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation amend 3 --set courtesy.tone=5 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation void 3 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## evaluation ack 3
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## report feedback 3
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as a-1 dispute open 3 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## evaluation show 4
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --format json evaluation show 4
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation amend 4 --set courtesy.tone=5 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as lea evaluation void 4 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## evaluation ack 4
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## report feedback 4
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## --as a-1 dispute open 4 --reason peek
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 belongs to calibration session 1, which is still open: its answers and scores stay sealed until a lead closes the session
    hint: `qaudit calibrate status 1` shows who has scored; once a lead runs `qaudit calibrate close 1`, `qaudit calibrate report 1` compares the scores
    ## calibrate report 1
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is still open: its scores stay sealed until a lead closes it, so that nobody scores with the others' answers in mind
    hint: `qaudit calibrate status 1` shows who has scored; a lead closes it with `qaudit calibrate close 1`
    ");
    assert_eq!(fingerprint(&sb.db()), before, "refusals changed the store");

    // Lists leave them out, in every format.
    for format in ["table", "json", "csv"] {
        let list = stdout_of(sb.qaudit().args(["--format", format, "evaluation", "list"]));
        assert!(list.contains("CHAT-1"), "{list}");
        assert!(!list.contains("CALL-1"), "{format}: {list}");
    }
    let by_eva = stdout_of(
        sb.qaudit()
            .args(["--format", "json", "evaluation", "list", "--evaluator", "eva"]),
    );
    assert_eq!(by_eva.trim(), "[]");

    // The audit log says that they were written, not what.
    let log: Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--format", "json", "log", "--limit", "500"]),
    ))
    .unwrap();
    for id in &ids {
        let entity = format!("evaluation:{id}");
        let entries: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entity"] == entity)
            .collect();
        assert_eq!(entries.len(), 1, "{entity}");
        let change = &entries[0]["change"];
        assert!(
            change.get("overall").is_none() && change.get("answers").is_none(),
            "{change}"
        );
        assert!(
            change["sealed"]
                .as_str()
                .unwrap()
                .contains("calibration session 1 is open")
        );
    }
    let one: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "log",
        "--entity",
        "evaluation:2",
    ])))
    .unwrap();
    assert!(one[0]["change"].get("sealed").is_some(), "{one}");

    // Status: who has scored what, and nothing else.
    let status = stdout_of(sb.qaudit().args(["calibrate", "status", "1"]));
    assert!(status.contains("CALL-1   scored  scored  scored"), "{status}");
    let status_json = stdout_of(sb.qaudit().args(["--format", "json", "calibrate", "status", "1"]));
    for word in ["overall", "answers", "passed", "\"norm\""] {
        assert!(!status_json.contains(word), "status shows {word}: {status_json}");
    }

    // Once a lead closes the session, everything is visible, and calibration scores are marked.
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    let shown = stdout_of(sb.qaudit().args(["evaluation", "show", "2"]));
    assert!(shown.contains("Overall") && shown.contains("Calibration"), "{shown}");
    let list = stdout_of(sb.qaudit().args(["evaluation", "list"]));
    assert!(list.contains("calibration"), "{list}");
    let log = stdout_of(
        sb.qaudit()
            .args(["--format", "json", "log", "--entity", "evaluation:2"]),
    );
    assert!(log.contains("\"overall\"") && !log.contains("sealed"), "{log}");
    // Nobody's printed output carried another participant's score.
    let report: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    for cell in report["subjects"][0]["scores"].as_array().unwrap() {
        if let Some(score) = cell["overall"].as_f64() {
            for out in &printed {
                assert!(!out.contains(&format!("{score:.1}")), "{out} shows {score:.1}");
            }
        }
    }
    // Calibration scores stay as they were scored, and are not acknowledged by agents.
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "evaluation",
        "amend",
        "2",
        "--set",
        "courtesy.tone=5",
        "--reason",
        "x",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 is a calibration score (session 1) and is kept as scored
    hint: the session measures how the team scores blind; discuss the differences with `qaudit calibrate report 1`
    ");
    insta::assert_snapshot!(sb.refuse(&["evaluation", "ack", "2"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 2 is a calibration score (session 1), not feedback to the agent
    hint: agents acknowledge the evaluations that count; calibration scores count in no report
    ");
}

fn calibration_score_json(sb: &Sandbox, who: &str, interaction: &str) -> Value {
    let file = sb.write("json.yaml", &answers(who, interaction));
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                who,
                "--format",
                "json",
                "score",
                "--calibration",
                "1",
                "--interaction",
                interaction,
            ])
            .args(["--rubric", "call-quality", "--answers"])
            .arg(file),
    );
    serde_json::from_str(&out).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Calibration evaluations count nowhere.

#[test]
fn calibration_evaluations_are_left_out_of_what_counts() {
    let sb = Sandbox::new();
    let session = scored_session(&sb);
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", &session.to_string()])
        .assert()
        .success();
    let normal = sb.write("normal.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "ivo",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(normal)
        .assert()
        .success();
    let db = sb.db();
    assert_eq!(query_i64(&db, "SELECT count(*) FROM evaluations"), 7);
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM evaluations WHERE calibration_id = 1"),
        6
    );
    // The view every report and flag reads holds the ordinary evaluation only.
    assert_eq!(query_i64(&db, "SELECT count(*) FROM counted_evaluations"), 1);
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM counted_evaluations WHERE calibration_id IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        query_i64(&db, "SELECT evaluator_id = 'ivo' FROM counted_evaluations"),
        1
    );
    // A calibration score is not "already scored" for ordinary scoring.
    let again = sb.write("again.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--second-opinion",
            "--answers",
        ])
        .arg(again)
        .assert()
        .success();
    // Counted once per subject (issue 15): eva's is a second opinion, ivo's still counts.
    assert_eq!(query_i64(&db, "SELECT count(*) FROM counted_evaluations"), 1);
}

#[test]
fn calibration_scores_never_reach_team_reports_or_flags() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    // Three participants find a critical failure on MAIL-1 (agent a-2): counted, that would be
    // the repeated-critical discipline flag (two or more within 60 days).
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "call-quality",
            "--subject",
            "interaction:MAIL-1",
        ])
        .args(["--evaluators", "eva,ed,lea"])
        .assert()
        .success();
    let critical = format!(
        "{}comments:\n  security.protect_data: Read the card number aloud\n",
        call_quality_answers(&[("security.protect_data", "no")])
    );
    for who in ["eva", "ed", "lea"] {
        calibration_score(&sb, who, 1, "MAIL-1", &critical).success();
    }
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    let flags = |sb: &Sandbox| -> Value {
        serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--format",
            "json",
            "flags",
            "--as-of",
            "2026-11-30",
            "--agent",
            "a-2",
        ])))
        .unwrap()
    };
    let team = |sb: &Sandbox| -> Value {
        serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--format",
            "json",
            "report",
            "team",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ])))
        .unwrap()
    };
    assert_eq!(
        flags(&sb)["flags"],
        serde_json::json!([]),
        "calibration scores raised a flag"
    );
    let report = team(&sb);
    let a2 = report["agents"].as_array().unwrap().iter().find(|a| a["id"] == "a-2");
    assert!(a2.is_none_or(|a| a["evaluations"] == 0), "{report}");

    // The same failures scored ordinarily do count, and only those (on two contacts: a second
    // evaluator of the same contact would be a second opinion, which counts nowhere).
    let more = sb.write(
        "more.csv",
        "id,agent,channel,occurred_at\nMAIL-2,a-2,email,2026-11-05 10:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(more)
        .assert()
        .success();
    for (who, interaction) in [("ivo", "MAIL-1"), ("eva", "MAIL-2")] {
        let file = sb.write("critical.yaml", &critical);
        sb.qaudit()
            .args([
                "--as",
                who,
                "score",
                "--interaction",
                interaction,
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(file)
            .assert()
            .success();
    }
    let fired = flags(&sb);
    let flag = &fired["flags"][0];
    assert_eq!(flag["flag"], "repeated-critical", "{fired}");
    assert_eq!(flag["evaluations"], serde_json::json!([4, 5]), "{fired}");
    let report = team(&sb);
    let a2 = report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a-2")
        .unwrap();
    assert_eq!(a2["evaluations"], 2, "{report}");
}
