//! Helpers of tests/new_hires.rs: a team whose agents have hire dates and evaluations spread
//! over their first weeks, and the evaluations as the report must count them.

use super::{Sandbox, call_quality_answers, score_answers, stdout_of, team};
use serde_json::Value;

/// Ana (a-1) is hired on this day (`agent add --hired-on`).
pub const ANA_HIRED: &str = "2026-11-02";

/// Luis (a-2) is hired on this day (`agent import` with a hired_on column).
pub const LUIS_HIRED: &str = "2026-11-09";

/// Contacts over the agents' first weeks, with the answer that sets each one's score: Ana in
/// weeks 1, 1, 2 and 4 (and once before her hire, which the report leaves out), Luis in weeks
/// 1, 2 and 2.
pub const CONTACTS: &[(&str, &str, &str, &str)] = &[
    ("R-1", "a-1", "2026-11-02 10:00", "3"),
    ("R-2", "a-1", "2026-11-08 18:00", "4"),
    ("R-3", "a-1", "2026-11-10 10:00", "3"),
    ("R-4", "a-1", "2026-11-25 10:00", "5"),
    ("R-5", "a-1", "2026-10-30 10:00", "4"),
    ("R-6", "a-2", "2026-11-09 09:00", "4"),
    ("R-7", "a-2", "2026-11-17 10:00", "5"),
    ("R-8", "a-2", "2026-11-18 10:00", "3"),
];

/// `team()` with hire dates, the contacts imported and each scored by eva (courtesy.tone set
/// to the contact's answer).
pub fn hired_team(sb: &Sandbox) {
    team(sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "agent",
            "add",
            "a-1",
            "--name",
            "Ana Ruiz",
            "--hired-on",
            ANA_HIRED,
        ])
        .assert()
        .success();
    let agents = sb.write("hires.csv", &format!("id,name,hired_on\na-2,Luis Mora,{LUIS_HIRED}\n"));
    sb.qaudit()
        .args(["--as", "lea", "agent", "import"])
        .arg(agents)
        .assert()
        .success();
    let mut csv = String::from("id,agent,channel,occurred_at,duration_s,customer\n");
    for (id, agent, at, _) in CONTACTS {
        csv.push_str(&format!("{id},{agent},phone,{at},120,cust-{id}\n"));
    }
    let file = sb.write("ramp.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(file)
        .assert()
        .success();
    for (id, _, _, tone) in CONTACTS {
        score_answers(sb, "eva", id, &call_quality_answers(&[("courtesy.tone", tone)]));
    }
}

/// Every evaluation the report must count: `(agent, day of the work, overall)`.
pub fn counted(sb: &Sandbox) -> Vec<(String, String, f64)> {
    let list: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "evaluation",
        "list",
        "--limit",
        "0",
    ])))
    .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "submitted" && e["calibration"].is_null() && e["second_opinion"] == false)
        .map(|e| {
            (
                e["agent"].as_str().unwrap().to_string(),
                e["occurred_at"].as_str().unwrap()[..10].to_string(),
                e["overall"].as_f64().unwrap(),
            )
        })
        .collect()
}
