//! Calibration: agreement statistics against the published worked examples, blind sessions,
//! and calibration evaluations counting nowhere, through the binary.

mod common;

use common::{Outcome, Sandbox, call_quality_answers, fingerprint, query_i64, stdout_of, store_visit_answers, team};
use predicates::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// `calibrate agreement`: the statistics against the papers.

/// Runs `calibrate agreement` on `csv` with `args` and returns the JSON report.
fn agreement_json(sb: &Sandbox, csv: &str, args: &[&str]) -> Value {
    let file = sb.write("ratings.csv", csv);
    let out = stdout_of(
        sb.qaudit()
            .args(["--format", "json", "calibrate", "agreement"])
            .arg(file)
            .args(args),
    );
    serde_json::from_str(&out).unwrap()
}

fn three(v: &Value) -> String {
    format!("{:.3}", v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")))
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12
/// units, values 1..5, with missing values (rows are units, an empty cell is missing).
const KRIPPENDORFF_C: &str = "A,B,C,D
1,1,,1
2,2,3,2
3,3,3,3
3,3,3,3
2,2,2,2
1,2,3,4
4,4,4,4
1,1,2,1
2,2,2,2
,5,5,5
,,1,1
,3,,
";

#[test]
fn alpha_reproduces_krippendorffs_example_with_missing_values_for_all_four_metrics() {
    let sb = Sandbox::new();
    // Published in sections C to F of the paper.
    for (metric, published) in [
        ("nominal", "0.743"),
        ("ordinal", "0.815"),
        ("interval", "0.849"),
        ("ratio", "0.797"),
    ] {
        let json = agreement_json(&sb, KRIPPENDORFF_C, &["--metric", metric]);
        assert_eq!(three(&json["alpha"]["value"]), published, "{metric}");
        assert_eq!(json["alpha"]["metric"], metric);
        // Unit 12 holds one value and is not pairable; the paper's n is 40.
        assert_eq!(json["alpha"]["units"], 12);
        assert_eq!(json["alpha"]["pairable_units"], 11);
        assert_eq!(json["alpha"]["pairable_values"], 40);
        let ci = &json["alpha"]["interval"];
        assert!(ci["lower"].as_f64().unwrap() < json["alpha"]["value"].as_f64().unwrap());
        // Honest intervals (issue 16): n and method stated, resamples until each bound's
        // Monte-Carlo error is below the printed precision (or the error said).
        assert_eq!(ci["confidence"].as_f64(), Some(0.95));
        assert_eq!(ci["n"], 11);
        assert_eq!(ci["method"], "percentile bootstrap, resampling units");
        assert!(ci["resamples"].as_u64().unwrap() >= 2000);
        assert!(
            ci["stable"] == true || ci["mc_error"].as_f64().unwrap() >= 0.0005,
            "{ci}"
        );
        assert_eq!(ci["excludes_estimate"], false);
    }
    // The human form prints the same figure.
    let file = sb.write("ratings.csv", KRIPPENDORFF_C);
    let out = stdout_of(
        sb.qaudit()
            .args(["calibrate", "agreement"])
            .arg(&file)
            .args(["--metric", "nominal"]),
    );
    assert!(out.contains("Krippendorff's alpha  0.743  (95% interval"), "{out}");
    // The verdict reads the interval's lower bound, with n, never the point estimate alone.
    assert!(out.contains("Krippendorff's alpha 0.743 (95% interval"), "{out}");
    assert!(out.contains("n = 11)"), "{out}");
    assert!(out.contains("lower bound"), "{out}");
    assert!(out.contains("Gwet's AC1"), "{out}");
}

#[test]
fn alpha_reproduces_the_three_coder_example_with_missing_values() {
    // The worked example of the Wikipedia article on Krippendorff's alpha (3 coders × 15 units,
    // two units with no value at all): nominal 0.691, interval 0.811.
    let csv = "c1,c2,c3\n,1,\n,,\n,2,2\n,1,1\n,3,3\n3,3,4\n4,4,4\n1,3,\n2,,2\n1,,1\n1,,1\n3,,3\n3,,3\n,,\n3,,4\n";
    let sb = Sandbox::new();
    let nominal = agreement_json(&sb, csv, &["--metric", "nominal"]);
    assert_eq!(three(&nominal["alpha"]["value"]), "0.691");
    let interval = agreement_json(&sb, csv, &["--metric", "interval"]);
    assert_eq!(three(&interval["alpha"]["value"]), "0.811");
    assert_eq!(interval["units"], 15);
}

#[test]
fn alpha_reproduces_the_examples_without_missing_values() {
    let sb = Sandbox::new();
    // Krippendorff (2011), section A: binary data, 2 coders × 10 units, no missing data: 0.095.
    // With two values every metric has one distance, so all four metrics give the same alpha.
    let binary = "A,B\n0,1\n1,1\n0,1\n0,0\n0,0\n0,1\n0,0\n0,0\n1,0\n0,0\n";
    for metric in ["nominal", "ordinal", "interval", "ratio"] {
        let json = agreement_json(&sb, binary, &["--metric", metric]);
        assert_eq!(three(&json["alpha"]["value"]), "0.095", "{metric}");
        assert_eq!(json["complete_units"], 10);
    }
    // Section B: nominal data, 2 coders × 12 units, no missing data (values a..e coded 1..5): 0.692.
    let nominal = "A,B\n1,2\n1,1\n2,2\n2,2\n4,2\n3,3\n3,3\n3,3\n5,5\n4,4\n4,4\n1,4\n";
    let json = agreement_json(&sb, nominal, &["--metric", "nominal"]);
    assert_eq!(three(&json["alpha"]["value"]), "0.692");
}

/// Shrout and Fleiss (1979), Table 2: 6 targets rated by 4 judges.
const SHROUT_FLEISS: &str = "j1,j2,j3,j4\n9,2,5,8\n6,1,3,2\n8,4,6,8\n7,1,2,6\n10,5,6,9\n6,2,4,7\n";

#[test]
fn icc_reproduces_shrout_and_fleiss() {
    let sb = Sandbox::new();
    let json = agreement_json(&sb, SHROUT_FLEISS, &[]);
    // Published as .29 and .71; the exact values are 0.2898 and 0.7148.
    assert_eq!(three(&json["icc"]["absolute_agreement"]["value"]), "0.290");
    assert_eq!(three(&json["icc"]["consistency"]["value"]), "0.715");
    assert_eq!(json["icc"]["subjects"], 6);
    assert_eq!(json["icc"]["raters"], 4);
    assert_eq!(json["icc"]["mean_squares"]["df_error"], 15);
    let file = sb.write("sf.csv", SHROUT_FLEISS);
    let out = stdout_of(sb.qaudit().args(["calibrate", "agreement"]).arg(file));
    assert!(
        out.contains("ICC(2,1)              0.290  (absolute agreement, over 6 units"),
        "{out}"
    );
    assert!(out.contains("ICC(3,1)              0.715  (consistency)"), "{out}");
    assert!(out.contains("Metric                interval"), "{out}");
}

#[test]
fn agreement_edge_cases_say_what_they_mean() {
    let sb = Sandbox::new();
    // Perfect agreement: alpha is 1 and so is its whole interval.
    let json = agreement_json(&sb, "a,b,c\n1,1,1\n2,2,2\n3,3,\n4,4,4\n", &[]);
    assert_eq!(json["alpha"]["value"].as_f64(), Some(1.0));
    assert_eq!(json["alpha"]["interval"]["lower"].as_f64(), Some(1.0));
    assert_eq!(json["alpha"]["level"], "reliable");
    assert_eq!(three(&json["icc"]["absolute_agreement"]["value"]), "1.000");

    // One rater: nothing to compare; no ICC.
    let file = sb.write("one.csv", "only\n1\n2\n3\n");
    let out = sb
        .qaudit()
        .args(["calibrate", "agreement"])
        .arg(&file)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("undefined: no unit was rated by two or more raters"),
        "{text}"
    );
    assert!(
        text.contains("not computed: needs at least two raters, there is 1"),
        "{text}"
    );
    let json = agreement_json(&sb, "only\n1\n2\n3\n", &[]);
    assert_eq!(json["alpha"]["value"], Value::Null);
    assert_eq!(json["alpha"]["undefined"], "no_pairable_units");
    assert_eq!(json["alpha"]["interval"], Value::Null);

    // A unit with a single value is not pairable and changes nothing.
    let base = "a,b\n1,1\n2,3\n3,3\n4,4\n";
    let without = agreement_json(&sb, base, &[]);
    let with = agreement_json(&sb, &format!("{base}5,\n"), &[]);
    assert_eq!(with["alpha"]["value"], without["alpha"]["value"]);
    assert_eq!(
        (
            with["alpha"]["units"].as_u64(),
            with["alpha"]["pairable_units"].as_u64()
        ),
        (Some(5), Some(4))
    );
    assert_eq!(with["complete_units"], 4);

    // All values identical: alpha is undefined, and the output says why instead of dividing by zero.
    let file = sb.write("same.csv", "a,b,c\n4,4,4\n4,4,\n4,,4\n");
    let text = stdout_of(sb.qaudit().args(["calibrate", "agreement"]).arg(&file));
    assert!(text.contains("undefined: every value is the same"), "{text}");
    assert!(text.contains("undefined for these answers"), "{text}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    let json = agreement_json(&sb, "a,b,c\n4,4,4\n4,4,\n4,,4\n", &[]);
    assert_eq!(json["alpha"]["undefined"], "no_variation");
    assert_eq!(json["alpha"]["level"], "undefined");
    // The ICC over the one complete row is not computed (it needs two).
    assert!(
        json["icc"]["not_computed"]
            .as_str()
            .unwrap()
            .contains("at least two units rated by every rater")
    );
}

#[test]
fn agreement_refuses_cells_that_are_not_numbers_with_file_and_line() {
    let sb = Sandbox::new();
    let cases = [
        ("a,b\n1,2\n3,x\n4,5\n", vec![]),
        ("a,b\n1,2\n3,4,5\n", vec![]),
        ("a,b\n", vec![]),
        ("a,b\n1,-2\n", vec!["--metric", "ratio"]),
        ("a,a\n1,2\n", vec![]),
        ("a,b\n1,NaN\n", vec![]),
    ];
    // One snapshot for all the files (insta takes no inline snapshot inside a loop).
    let mut refusals = String::new();
    for (csv, args) in cases {
        sb.write("ratings.csv", csv);
        let refused = sb.refusal(sb.qaudit().args(["calibrate", "agreement", "ratings.csv"]).args(&args));
        let label = std::iter::once(format!("{csv:?}")).chain(args.iter().map(|a| a.to_string()));
        refusals.push_str(&format!("## {}\n{refused}", label.collect::<Vec<_>>().join(" ")));
    }
    insta::assert_snapshot!(refusals, @r#"
    ## "a,b\n1,2\n3,x\n4,5\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:3: b's rating "x" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,b\n1,2\n3,4,5\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:3: 3 fields where the header has 2 (beyond the header: "5")
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,b\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv has no ratings: only the header line
    hint: after the first line (the raters' names), give one row per unit with one rating per rater
    ## "a,b\n1,-2\n" --metric ratio
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: b's rating -2 is negative, and the ratio metric needs values of zero or more
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,a\n1,2\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:1: column "a" appears twice in the header (columns 1 and 2)
    hint: give each column its own name
    ## "a,b\n1,NaN\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: b's rating "NaN" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    "#);
    // Every bad cell is listed, not only the first.
    sb.write("ratings.csv", "a,b\nx,1\n2,y\n");
    insta::assert_snapshot!(sb.refuse(&["calibrate", "agreement", "ratings.csv"]), @r#"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: a's rating "x" is not a number
    ratings.csv:3: b's rating "y" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    "#);
}

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

fn calibration_team(sb: &Sandbox) {
    team(sb);
    for id in ["ed", "ivo"] {
        sb.qaudit()
            .args(["--as", "lea", "staff", "add", id, "--name", id, "--role", "evaluator"])
            .assert()
            .success();
    }
}

fn new_session(sb: &Sandbox, extra: &[&str]) -> Value {
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "--format",
                "json",
                "calibrate",
                "new",
                "--rubric",
                "call-quality",
            ])
            .args(["--subject", "interaction:CALL-1", "--subject", "interaction:MAIL-1"])
            .args(["--evaluators", "eva,lea,ed"])
            .args(extra),
    );
    serde_json::from_str(&out).unwrap()
}

fn calibration_score(
    sb: &Sandbox,
    who: &str,
    session: i64,
    interaction: &str,
    answers: &str,
) -> assert_cmd::assert::Assert {
    let file = sb.write(&format!("{who}-{interaction}.yaml"), answers);
    sb.qaudit()
        .args(["--as", who, "score", "--calibration", &session.to_string()])
        .args(["--interaction", interaction, "--rubric", "call-quality", "--answers"])
        .arg(file)
        .assert()
}

/// The answers of the flow: ed is the most lenient, the others disagree on a few criteria.
fn answers(who: &str, interaction: &str) -> String {
    let overrides: &[(&str, &str)] = match (who, interaction) {
        ("eva", "CALL-1") => &[
            ("courtesy.tone", "4"),
            ("empathy.listening", "partly"),
            ("resolution.first_contact", "no"),
        ],
        ("ed", "CALL-1") => &[],
        ("lea", "CALL-1") => &[
            ("courtesy.tone", "4"),
            ("empathy.listening", "partly"),
            ("courtesy.closing", "partly"),
            ("resolution.first_contact", "no"),
        ],
        ("eva", "MAIL-1") => &[
            ("clarity.written_quality", "4"),
            ("clarity.plain_language", "4"),
            ("responsiveness.efficiency", "4"),
        ],
        ("ed", "MAIL-1") => &[("clarity.written_quality", "5"), ("courtesy.greeting", "no")],
        ("lea", "MAIL-1") => &[
            ("clarity.written_quality", "4"),
            ("clarity.plain_language", "4"),
            ("responsiveness.efficiency", "3"),
        ],
        _ => unreachable!(),
    };
    call_quality_answers(overrides)
}

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
    assert_eq!(json["alpha"]["units"], 48);
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

// ---------------------------------------------------------------------------------------------
// Refusals: exit 1, a hint, the store unchanged.

/// Runs `args`, asserts it is refused with the store unchanged, and returns the refusal for
/// its snapshot.
fn refused(sb: &Sandbox, args: &[&str]) -> Outcome {
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(args);
    assert_eq!(fingerprint(&sb.db()), before, "{args:?}: the store changed");
    refused
}

#[test]
fn calibrate_new_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "ivo", "--name", "Ivo as agent"])
        .assert()
        .success();
    let csv = sb.write(
        "ivo.csv",
        "id,agent,channel,occurred_at\nCALL-9,ivo,phone,2026-11-05 10:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    // Each case is the command line after `--as lea calibrate new --rubric call-quality`, unless
    // it starts with `--as`.
    let cases = [
        "--as eva calibrate new --rubric call-quality --subject interaction:CALL-1 --evaluators eva,ed",
        "--subject CALL-1 --evaluators eva,ed",
        "--subject call:CALL-1 --evaluators eva,ed",
        "--subject interaction:CALL-404 --evaluators eva,ed",
        "--subject visit:1 --evaluators eva,ed",
        "--subject visit:x --evaluators eva,ed",
        "--subject interaction:CALL-1 --subject interaction:CALL-1 --evaluators eva,ed",
        "--subject interaction:CALL-1 --evaluators eva",
        "--subject interaction:CALL-1 --evaluators eva,eva",
        "--subject interaction:CALL-1 --evaluators eva,nobody",
        "--subject interaction:CALL-1 --evaluators eva,sam",
        "--subject interaction:CALL-1 --evaluators eva,ed --reference ivo",
        "--subject interaction:CALL-1 --evaluators eva,ed --tolerance=-1",
        "--subject interaction:CALL-9 --evaluators eva,ivo",
        "--as lea calibrate new --rubric store-visit --subject interaction:CALL-1 --evaluators eva,ed",
        "--as lea calibrate new --rubric nope --subject interaction:CALL-1 --evaluators eva,ed",
    ];
    // One snapshot for all the cases (insta takes no inline snapshot inside a loop).
    let mut refusals = String::new();
    for line in cases {
        let mut args: Vec<&str> = Vec::new();
        if !line.starts_with("--as") {
            args.extend(["--as", "lea", "calibrate", "new", "--rubric", "call-quality"]);
        }
        args.extend(line.split_whitespace());
        let refused = refused(&sb, &args);
        refusals.push_str(&format!("## {line}\n{refused}"));
    }
    insta::assert_snapshot!(refusals, @r#"
    ## --as eva calibrate new --rubric call-quality --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not start calibration sessions: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ## --subject CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject "CALL-1" does not say what it is
    hint: write interaction:ID or visit:NUMBER, e.g. --subject interaction:CALL-1042
    ## --subject call:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject call:CALL-1: `call` is not a kind of subject
    hint: write interaction:ID or visit:NUMBER
    ## --subject interaction:CALL-404 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-404: no interaction `CALL-404` in the store
    hint: `qaudit interaction list` shows the interactions
    ## --subject visit:1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject visit:1: no visit 1
    hint: `qaudit visit list` shows the visits
    ## --subject visit:x --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject visit:x: `x` is not a visit number
    hint: write visit:NUMBER, e.g. --subject visit:14 (`qaudit visit list` shows the numbers)
    ## --subject interaction:CALL-1 --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-1 is given twice
    hint: name each subject once
    ## --subject interaction:CALL-1 --evaluators eva
    exit: 1
    --- stdout
    --- stderr
    error: a calibration session needs at least two participants, got 1
    hint: list the evaluators who score the same subjects, e.g. --evaluators eva,lea,ed
    ## --subject interaction:CALL-1 --evaluators eva,eva
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators names `eva` twice
    hint: name each participant once
    ## --subject interaction:CALL-1 --evaluators eva,nobody
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators: `nobody` is not a staff member
    hint: `qaudit staff list` shows the staff; add someone with `qaudit staff add`
    ## --subject interaction:CALL-1 --evaluators eva,sam
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators: `sam` does not have the evaluator role, which scoring interactions with call-quality needs
    hint: add it with `qaudit staff add sam --name NAME --role evaluator`
    ## --subject interaction:CALL-1 --evaluators eva,ed --reference ivo
    exit: 1
    --- stdout
    --- stderr
    error: the reference `ivo` is not one of the participants
    hint: the reference scores the subjects too: add `ivo` to --evaluators, or pick one of eva, ed
    ## --subject interaction:CALL-1 --evaluators eva,ed --tolerance=-1
    exit: 1
    --- stdout
    --- stderr
    error: --tolerance -1 is not a number of points
    hint: give the points within which overall scores count as agreeing, e.g. --tolerance 5
    ## --subject interaction:CALL-9 --evaluators eva,ivo
    exit: 1
    --- stdout
    --- stderr
    error: `ivo` handled interaction CALL-9 and may not score it
    hint: leave them out of --evaluators, or choose another interaction
    ## --as lea calibrate new --rubric store-visit --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-1: rubric store-visit scores visits, not interactions
    hint: calibrate interactions with an interaction rubric, visits with a visit rubric
    ## --as lea calibrate new --rubric nope --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: no rubric `nope` in the store
    hint: known rubrics: calidad-contacto, call-quality, store-visit, visita-tienda (import one with `qaudit rubric import FILE`)
    "#);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM calibration_sessions"), 0);
}

#[test]
fn scoring_close_and_report_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    new_session(&sb, &[]);
    calibration_score(&sb, "eva", 1, "CALL-1", &answers("eva", "CALL-1")).success();
    let file = sb.write("answers.yaml", &call_quality_answers(&[]));
    let file = file.to_str().unwrap();
    let score = |who: &'static str, session: &'static str, interaction: &'static str, rubric: &'static str| {
        vec![
            "--as",
            who,
            "score",
            "--calibration",
            session,
            "--interaction",
            interaction,
            "--rubric",
            rubric,
            "--answers",
            file,
        ]
    };
    let refusal = refused(&sb, &score("ivo", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `ivo` is not a participant of calibration session 1
    hint: its participants are ed, eva, lea; act as one of them with --as
    ");
    let refusal = refused(&sb, &score("eva", "1", "CHAT-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: CHAT-1 is not a subject of calibration session 1
    hint: its subjects are interaction:CALL-1, interaction:MAIL-1
    ");
    let refusal = refused(&sb, &score("eva", "9", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no calibration session 9
    hint: a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`
    ");
    let refusal = refused(&sb, &score("ed", "1", "CALL-1", "calidad-contacto"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 scores with rubric call-quality (version 1), not calidad-contacto
    hint: pass --rubric call-quality
    ");
    let refusal = refused(&sb, &score("eva", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: you already scored CALL-1 in calibration session 1 (evaluation 1)
    hint: each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind
    ");
    let refusal = refused(&sb, &score("sam", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `sam` may not score interactions: that needs the evaluator role
    hint: a lead can add it with `qaudit staff add sam --name NAME --role evaluator`, or act as someone else with --as
    ");
    let refusal = refused(&sb, &["--as", "eva", "calibrate", "close", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not close calibration sessions: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    insta::assert_snapshot!(refused(&sb, &["calibrate", "status", "2"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no calibration session 2
    hint: a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`
    ");
    let refusal = refused(&sb, &["calibrate", "report", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is still open: its scores stay sealed until a lead closes it, so that nobody scores with the others' answers in mind
    hint: `qaudit calibrate status 1` shows who has scored; a lead closes it with `qaudit calibrate close 1`
    ");
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    let refusal = refused(&sb, &["--as", "lea", "calibrate", "close", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is already closed
    hint: `qaudit calibrate report 1` compares its scores
    ");
    let refusal = refused(&sb, &score("ed", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is closed
    hint: `qaudit calibrate report 1` shows its results; a lead can start a new session
    ");
    // A report's CSV is its main table (issue 18): no longer a refusal.
    sb.qaudit()
        .args(["calibrate", "report", "1", "--format", "csv"])
        .assert()
        .success();
}
