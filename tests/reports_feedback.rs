//! Feedback sheets through the binary: critical failures first, how to dispute, and what is no
//! feedback.

mod common;

use common::reports_support::fixture;
use common::stdout_of;

#[test]
fn feedback_puts_critical_failures_first_and_says_how_to_dispute() {
    let sb = fixture();
    let txt = sb.stdout(&["report", "feedback", "6"]);
    let critical = txt.find("!! CRITICAL FAILURE").expect("critical block");
    assert!(critical < txt.find("OVERALL SCORE").unwrap(), "{txt}");
    assert!(txt.contains("OVERALL SCORE      0.0  Unsatisfactory"), "{txt}");
    assert!(txt.contains("qaudit --as a-1 dispute open 6"), "{txt}");
    let to_work_on = &txt[txt.find("TO WORK ON").unwrap()..];
    assert!(
        to_work_on
            .trim_start_matches("TO WORK ON\n")
            .starts_with("  1. Protected the customer's personal data"),
        "the critical failure is the first thing to work on:\n{to_work_on}"
    );
    // A Spanish rubric's sheet is in Spanish without --lang.
    let csv = sb.write(
        "es.csv",
        "id,agent,channel,occurred_at,duration_s,customer\nES-1,a-3,phone,2026-10-20 09:00,100,c\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let rubric: serde_json::Value =
        serde_json::from_str(&sb.stdout(&["rubric", "show", "calidad-contacto", "--format", "json"])).unwrap();
    let mut answers = String::from("answers:\n");
    for section in rubric["sections"].as_array().unwrap() {
        for c in section["criteria"].as_array().unwrap() {
            let best = match c["scale"]["type"].as_str().unwrap() {
                "binary" => "yes".to_string(),
                "range" => c["scale"]["max"].to_string(),
                _ => c["scale"]["options"][0][0].as_str().unwrap().to_string(),
            };
            answers.push_str(&format!("  {}: {best}\n", c["key"].as_str().unwrap()));
        }
    }
    let file = sb.write("es.yaml", &answers);
    let scored: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "--format",
                "json",
                "score",
                "--interaction",
                "ES-1",
                "--rubric",
                "calidad-contacto",
                "--answers",
            ])
            .arg(file),
    ))
    .unwrap();
    let es = sb.stdout(&["report", "feedback", &scored["id"].to_string()]);
    assert!(es.starts_with("RETROALIMENTACIÓN PARA MARTA GIL"), "{es}");
    assert!(es.contains("FORTALEZAS"), "{es}");
}

#[test]
fn feedback_refuses_what_is_not_feedback() {
    let sb = fixture();
    sb.qaudit()
        .args(["--as", "eva", "evaluation", "void", "12", "--reason", "Wrong call"])
        .assert()
        .success();
    for (id, expected) in [("12", "evaluation 12 is void"), ("99", "no evaluation 99")] {
        let out = sb.qaudit().args(["report", "feedback", id]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(expected) && err.contains("hint: "), "{err}");
    }
}
