//! Calibration sessions from new to report: with and without a reference, missing evaluations,
//! identical answers and yes/no rubrics, through the binary.

mod common;

use common::calibration_support::{answers, calibration_score, calibration_team, new_session};
use common::{Sandbox, call_quality_answers, stdout_of};
use predicates::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Sessions.

/// The team of `common::team` plus evaluators `ed` and `ivo`; lea is lead and evaluator.
/// Text reports fit an 80-column terminal and carry no trailing spaces.
fn assert_fits_80(text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns:\n{line}\nin:\n{text}",
            line.chars().count()
        );
        assert_eq!(line, line.trim_end(), "trailing spaces:\n{line:?}");
    }
}

#[test]
fn a_session_from_new_to_report() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    let created = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "calibrate", "new", "--rubric", "call-quality"])
            .args(["--subject", "interaction:CALL-1", "--subject", "interaction:MAIL-1"])
            .args(["--evaluators", "eva,lea,ed", "--reference", "lea"]),
    );
    assert!(created.contains("Session        1 (open)"), "{created}");
    assert!(
        created.contains("Subjects       interaction:CALL-1, interaction:MAIL-1"),
        "{created}"
    );
    assert!(created.contains("qaudit --as NAME score --calibration 1"), "{created}");
    for (who, interaction) in [("eva", "CALL-1"), ("ed", "CALL-1"), ("lea", "MAIL-1")] {
        calibration_score(&sb, who, 1, interaction, &answers(who, interaction)).success();
    }
    let status = stdout_of(sb.qaudit().args(["calibrate", "status", "1"]));
    insta::assert_snapshot!("session_status", status);

    for (who, interaction) in [("eva", "MAIL-1"), ("ed", "MAIL-1"), ("lea", "CALL-1")] {
        calibration_score(&sb, who, 1, interaction, &answers(who, interaction)).success();
    }
    let closed = stdout_of(sb.qaudit().args(["--as", "lea", "calibrate", "close", "1"]));
    assert!(
        closed.contains("Calibration session 1 closed: 6 of 6 scorings submitted."),
        "{closed}"
    );

    let report = stdout_of(sb.qaudit().args(["calibrate", "report", "1"]));
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    insta::assert_snapshot!("session_report", report.replace(&today, "TODAY"));

    // The JSON carries the same figures at full precision.
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    assert_eq!(json["participants"], serde_json::json!(["ed", "eva", "lea"]));
    assert_eq!(json["alpha"]["metric"], "ordinal");
    assert_eq!(json["alpha"]["metric_source"], "default_ordered");
    assert_eq!(json["alpha"]["units"], 52);
    assert_eq!(
        (json["expected"].as_u64(), json["submitted"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(json["icc"]["subjects"], 2);
    let evaluators: Vec<&str> = json["evaluators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["evaluator"].as_str().unwrap())
        .collect();
    assert_eq!(evaluators, ["ed", "eva"], "the reference is not compared with itself");
    // ed is more lenient than lea on both subjects.
    let ed = &json["evaluators"][0];
    assert!(ed["mean_deviation"].as_f64().unwrap() > 0.0);
    assert_eq!(ed["tendency"], "lenient");
    // Overall scores line up with the evaluations, which are now visible.
    let subject = &json["subjects"][0];
    assert_eq!(subject["subject"], "CALL-1");
    let lea_call = subject["scores"][2]["overall"].as_f64().unwrap();
    assert_eq!(subject["baseline"].as_f64(), Some(lea_call));
    let eval = subject["scores"][2]["evaluation"].as_i64().unwrap();
    let shown: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "evaluation",
        "show",
        &eval.to_string(),
    ])))
    .unwrap();
    assert_eq!(shown["overall"].as_f64(), Some(lea_call));
    assert_eq!(shown["calibration"], 1);
    // The least agreed criteria come first, with every participant's answer.
    let first = &json["criteria"][0];
    assert!(first["share"].as_f64().unwrap() < 1.0);
    assert_eq!(first["answers"][0]["answers"].as_array().unwrap().len(), 3);

    // Alpha is the one qaudit::stats computes over (subject, criterion) units of raw answers.
    let raw = |a: &str| -> Option<f64> {
        match a {
            "yes" | "met" => Some(1.0),
            "no" | "not_met" => Some(0.0),
            "partly" => Some(0.5),
            "na" => None,
            n => Some(n.parse().unwrap()),
        }
    };
    let parse = |text: &str| -> std::collections::BTreeMap<String, String> {
        text.lines()
            .skip(1)
            .map(|l| {
                let (k, v) = l.trim().split_once(": ").unwrap();
                (k.to_string(), v.to_string())
            })
            .collect()
    };
    let mut units: Vec<Vec<Option<f64>>> = Vec::new();
    for interaction in ["CALL-1", "MAIL-1"] {
        let sheets: Vec<_> = ["ed", "eva", "lea"]
            .iter()
            .map(|w| parse(&answers(w, interaction)))
            .collect();
        for key in sheets[0].keys() {
            units.push(sheets.iter().map(|s| raw(&s[key])).collect());
        }
    }
    let expected = qaudit::stats::krippendorff_alpha(&units, qaudit::stats::Metric::Ordinal).unwrap();
    let (got, want) = (
        json["alpha"]["value"].as_f64().unwrap(),
        *expected.alpha.value().unwrap(),
    );
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");

    // Markdown and HTML through the templates; the HTML is one self-contained file.
    let md = stdout_of(sb.qaudit().args(["--format", "md", "calibrate", "report", "1"]));
    assert!(md.starts_with("# Calibration session 1"), "{md}");
    assert!(md.contains("| CALL-1 |"), "{md}");
    sb.qaudit()
        .args(["calibrate", "report", "1", "--output", "calibration.html"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote calibration.html"));
    let html = std::fs::read_to_string(sb.path("calibration.html")).unwrap();
    assert!(
        html.starts_with("<!doctype html>") && html.contains("Krippendorff"),
        "{html}"
    );
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // Spanish labels on request.
    let es = stdout_of(sb.qaudit().args(["calibrate", "report", "1", "--lang", "es"]));
    assert_fits_80(&report);
    assert_fits_80(&es);
    assert!(es.contains("SESIÓN DE CALIBRACIÓN 1"), "{es}");
    // Another seed, another interval; the same seed, the same one.
    let ci = |seed: &str| {
        let j: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--format",
            "json",
            "calibrate",
            "report",
            "1",
            "--seed",
            seed,
        ])))
        .unwrap();
        j["alpha"]["interval"].clone()
    };
    assert_eq!(ci("7"), ci("7"));
    assert_eq!(ci("7")["seed"], 7);
}

#[test]
fn without_a_reference_evaluators_are_compared_with_the_mean_of_the_others() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    let session = new_session(&sb, &["--tolerance", "2"])["id"].as_i64().unwrap();
    for who in ["eva", "ed", "lea"] {
        for interaction in ["CALL-1", "MAIL-1"] {
            calibration_score(&sb, who, session, interaction, &answers(who, interaction)).success();
        }
    }
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
        "--metric",
        "interval",
    ])))
    .unwrap();
    assert_eq!(json["evaluators"].as_array().unwrap().len(), 3);
    assert_eq!(json["baseline"], "the mean of the others");
    assert_eq!(json["alpha"]["metric"], "interval");
    assert_eq!(json["alpha"]["metric_source"], "option");
    // Per subject, the baseline is the mean of the three scores.
    let s = &json["subjects"][0];
    let mean: f64 = (0..3).map(|i| s["scores"][i]["overall"].as_f64().unwrap()).sum::<f64>() / 3.0;
    assert!((s["baseline"].as_f64().unwrap() - mean).abs() < 1e-9);
    // ed deviates from the mean of eva and lea by more than 2 points: he drifts.
    let ed = &json["evaluators"][0];
    assert_eq!(ed["evaluator"], "ed");
    assert_eq!(ed["drifts"], true);
    assert!(
        json["verdict"]["drifting"][0]["evaluator"] == "ed",
        "{}",
        json["verdict"]
    );
    assert!(
        json["verdict"]["summary"]
            .as_str()
            .unwrap()
            .contains("ed is more lenient than the mean of the others:")
    );
}

#[test]
fn a_missing_evaluation_is_a_missing_value_and_the_icc_needs_two_complete_subjects() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    new_session(&sb, &[]);
    for (who, interaction) in [
        ("eva", "CALL-1"),
        ("ed", "CALL-1"),
        ("lea", "CALL-1"),
        ("eva", "MAIL-1"),
    ] {
        calibration_score(&sb, who, 1, interaction, &answers(who, interaction)).success();
    }
    // A draft is not a score: it is left out.
    let draft = sb.write("draft.yaml", "answers:\n  courtesy.greeting: yes\n");
    sb.qaudit()
        .args(["--as", "ed", "score", "--calibration", "1", "--interaction", "MAIL-1"])
        .args(["--rubric", "call-quality", "--draft", "--answers"])
        .arg(&draft)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Saved as a draft. Finish it with `qaudit score --calibration 1 --interaction MAIL-1",
        ));
    let status = stdout_of(sb.qaudit().args(["calibrate", "status", "1"]));
    assert!(status.contains("Progress       4 of 6 scored, 1 draft(s)"), "{status}");
    assert!(status.contains("MAIL-1   draft   scored  -"), "{status}");
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 unfinished draft(s) are left out"))
        .stderr(predicate::str::contains("2 of 6 scorings are missing"));
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    assert_eq!(json["submitted"], 4);
    assert_eq!(json["missing"].as_array().unwrap().len(), 2);
    assert_eq!(json["icc"]["subjects"], 1);
    assert!(
        json["icc"]["not_computed"]
            .as_str()
            .unwrap()
            .contains("at least two subjects scored by every participant")
    );
    assert_eq!(json["verdict"]["missing"], 2);
    let text = stdout_of(sb.qaudit().args(["calibrate", "report", "1"]));
    assert!(text.contains("ed did not score MAIL-1"), "{text}");
    assert_fits_80(&text);
    assert!(
        text.contains("not computed: it needs at least two subjects scored by every participant"),
        "{text}"
    );
    // The draft can no longer be completed: the session is closed.
    let full = sb.write("full.yaml", &answers("ed", "MAIL-1"));
    let refused = sb.refusal(
        sb.qaudit()
            .args(["--as", "ed", "score", "--calibration", "1", "--interaction", "MAIL-1"])
            .args(["--rubric", "call-quality", "--answers"])
            .arg(&full),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is closed
    hint: `qaudit calibrate report 1` shows its results; a lead can start a new session
    ");
}

#[test]
fn identical_answers_on_one_subject_are_perfect_agreement_without_an_icc() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "call-quality",
            "--subject",
            "interaction:CALL-1",
        ])
        .args(["--evaluators", "eva,ed"])
        .assert()
        .success();
    // Everyone gives identical answers.
    for who in ["eva", "ed"] {
        calibration_score(&sb, who, 1, "CALL-1", &call_quality_answers(&[])).success();
    }
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
    // Answers differ across criteria (yes, 5, met), so alpha pooled over scales is 1; but the
    // verdict reads each scale on its own, and one subject per scale leaves nothing to judge.
    assert_eq!(json["alpha"]["value"].as_f64(), Some(1.0));
    assert_eq!(json["verdict"]["level"], "undefined");
    assert!(
        json["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["share"].as_f64() == Some(1.0))
    );
    let text = stdout_of(sb.qaudit().args(["calibrate", "report", "1"]));
    assert!(
        text.contains("Agreement cannot be judged from these answers."),
        "{text}"
    );
    assert!(text.contains("not computed: it needs at least two subjects"), "{text}");
}

#[test]
fn a_yes_no_rubric_defaults_to_nominal_and_identical_answers_leave_alpha_undefined() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    let rubric = sb.write(
        "yes-no.yaml",
        "id: yes-no\nversion: 1\ntitle: Yes or no\nlanguage: en\nsubject: interaction\npass_mark: 50\n\
         critical_policy: flag_only\nna_policy: exclude\nscales:\n  yn: { type: binary }\n\
         sections:\n  - id: s\n    title: S\n    criteria:\n      - { id: a, text: A, scale: yn }\n      - { id: b, text: B, scale: yn }\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(rubric)
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "yes-no",
            "--subject",
            "interaction:CALL-1",
        ])
        .args(["--subject", "interaction:MAIL-1", "--evaluators", "eva,ed"])
        .assert()
        .success();
    for who in ["eva", "ed"] {
        for interaction in ["CALL-1", "MAIL-1"] {
            let file = sb.write("yn.yaml", "answers:\n  s.a: yes\n  s.b: yes\n");
            sb.qaudit()
                .args(["--as", who, "score", "--calibration", "1", "--interaction", interaction])
                .args(["--rubric", "yes-no", "--answers"])
                .arg(file)
                .assert()
                .success();
        }
    }
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
    assert_eq!(json["alpha"]["metric"], "nominal");
    assert_eq!(json["alpha"]["metric_source"], "default_binary");
    assert_eq!(json["alpha"]["value"], Value::Null);
    assert_eq!(json["alpha"]["undefined"], "no_variation");
    assert_eq!(json["verdict"]["level"], "undefined");
    // Every overall score is 100: the ICCs are undefined too, and said so.
    assert_eq!(json["icc"]["absolute_agreement"]["undefined"], "no_variation");
    let text = stdout_of(sb.qaudit().args(["calibrate", "report", "1"]));
    assert!(
        text.contains("Agreement cannot be judged from these answers."),
        "{text}"
    );
    assert!(text.contains("undefined for these answers"), "{text}");
    assert_fits_80(&text);
    assert!(!text.contains("NaN"), "{text}");
}
