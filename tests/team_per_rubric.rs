//! `report team` per rubric (issue 15, item 7): one table per rubric scored in the period (or
//! `--rubric ID`), never ranking agents of different pass marks side by side or mixing sections.

mod common;

use common::{Sandbox, call_quality_answers, stdout_of, team};
use serde_json::Value;

const STORE: &str = r#"id: store-desk
version: 1
title: Store desk
subject: interaction
pass_mark: 80
scales:
  yes_no: { type: binary }
sections:
  - id: desk
    title: Desk manner
    criteria:
      - { id: smile, text: Smiled, scale: yes_no }
      - { id: name, text: Gave own name, scale: yes_no }
"#;

const PERIOD: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-30"];

fn setup() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let rubric = sb.write("store-desk.yaml", STORE);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(rubric)
        .assert()
        .success();
    let calls = sb.write("cq.yaml", &call_quality_answers(&[("courtesy.tone", "3")]));
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(calls)
        .assert()
        .success();
    let desk = sb.write("desk.yaml", "answers:\n  desk.smile: yes\n  desk.name: no\n");
    for subject in ["MAIL-1", "CHAT-1"] {
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                subject,
                "--rubric",
                "store-desk",
                "--answers",
            ])
            .arg(&desk)
            .assert()
            .success();
    }
    sb
}

#[test]
fn the_team_report_makes_one_table_per_rubric() {
    let sb = setup();
    let json: Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--format", "json", "report", "team"]).args(PERIOD),
    ))
    .unwrap();
    let tables = json.as_array().expect("one table per rubric");
    assert_eq!(tables.len(), 2, "{json}");
    // Most evaluations first: store-desk (2) before call-quality (1).
    assert_eq!(tables[0]["rubric"]["id"], "store-desk");
    assert_eq!(tables[0]["pass_mark"], 80.0);
    assert_eq!(tables[1]["rubric"]["id"], "call-quality");
    assert_eq!(tables[1]["pass_mark"], 85.0);
    for table in tables {
        let id = table["rubric"]["id"].as_str().unwrap();
        let evaluations: u64 = table["agents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["evaluations"].as_u64().unwrap())
            .sum();
        assert_eq!(evaluations, if id == "store-desk" { 2 } else { 1 }, "{table}");
        for a in table["agents"].as_array().unwrap() {
            if let Some(w) = a.get("weakest_section").filter(|w| !w.is_null()) {
                assert_eq!(w["rubric"], id, "a weakest section from another rubric: {table}");
            }
        }
    }
    let txt = stdout_of(sb.qaudit().args(["report", "team"]).args(PERIOD));
    assert!(txt.contains("Rubric: store-desk v1"), "{txt}");
    assert!(txt.contains("Rubric: call-quality v2"), "{txt}");
    let html = stdout_of(sb.qaudit().args(["--format", "html", "report", "team"]).args(PERIOD));
    assert_eq!(html.matches("<html").count(), 1, "one HTML document");
    assert_eq!(html.matches("</body>").count(), 1);
    assert!(html.contains("store-desk") && html.contains("call-quality"));
}

#[test]
fn rubric_chooses_one_table_and_csv_needs_it() {
    let sb = setup();
    let one: Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--format", "json", "report", "team", "--rubric", "call-quality"])
            .args(PERIOD),
    ))
    .unwrap();
    assert_eq!(one["rubric"]["id"], "call-quality", "{one}");
    assert_eq!(one["totals"]["evaluations"], 1);
    let refused = sb.refusal(sb.qaudit().args(["--format", "csv", "report", "team"]).args(PERIOD));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the team report has 2 tables, one per rubric, and a CSV file holds one
    hint: choose one with --rubric ID
    ");
    let csv = stdout_of(
        sb.qaudit()
            .args(["--format", "csv", "report", "team", "--rubric", "store-desk"])
            .args(PERIOD),
    );
    assert!(csv.lines().count() >= 2, "{csv}");
}
