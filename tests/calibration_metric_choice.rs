//! How alpha's metric was chosen is front-end neutral data (issue 13): the JSON says `option`
//! and "chosen by the caller", and only the command line's rendering names `--metric`.

mod common;

use common::calibration_support::{answers, calibration_score, calibration_team, new_session};
use common::{Sandbox, stdout_of};
use serde_json::Value;

/// A closed session scored by eva, ed and lea.
fn closed_session() -> Sandbox {
    let sb = Sandbox::new();
    calibration_team(&sb);
    let session = new_session(&sb, &[])["id"].as_i64().unwrap();
    for who in ["eva", "ed", "lea"] {
        for interaction in ["CALL-1", "MAIL-1"] {
            calibration_score(&sb, who, session, interaction, &answers(who, interaction)).success();
        }
    }
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    sb
}

#[test]
fn a_given_metric_reads_neutral_in_the_data_and_names_the_option_on_the_terminal() {
    let sb = closed_session();
    let report = |format: &str| {
        stdout_of(
            sb.qaudit()
                .args(["--format", format, "calibrate", "report", "1", "--metric", "interval"]),
        )
    };
    let json: Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(json["alpha"]["metric_source"], "option");
    assert_eq!(json["alpha"]["metric_reason"], "chosen by the caller");
    assert!(!json.to_string().contains("--metric"), "{json}");
    for format in ["txt", "md", "html"] {
        let out = report(format);
        assert!(out.contains("chosen with --metric"), "{format}:\n{out}");
    }
}

#[test]
fn the_default_metric_keeps_its_reason() {
    let sb = closed_session();
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    assert_eq!(json["alpha"]["metric_source"], "default_ordered");
    assert_eq!(
        json["alpha"]["metric_reason"],
        "range and choice answers are ordered categories whose steps are not known to be equal"
    );
}

#[test]
fn calibrate_agreement_says_the_caller_chose_the_metric() {
    let sb = Sandbox::new();
    let file = sb.write("ratings.csv", "a,b\n1,1\n2,2\n3,2\n");
    let json: Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--format", "json", "calibrate", "agreement"])
            .arg(file)
            .args(["--metric", "ordinal"]),
    ))
    .unwrap();
    assert_eq!(json["alpha"]["metric_source"], "option");
    assert_eq!(json["alpha"]["metric_reason"], "chosen by the caller");
}
