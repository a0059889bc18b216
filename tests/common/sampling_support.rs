//! Helpers that the sampling* test files share (moved out of tests/sampling.rs when it was split).

use super::*;
use super::{Sandbox, call_quality_answers, score_cmd, stdout_of, team};
use serde_json::Value;

/// The week the generated interactions fall in.
pub const FROM: &str = "2026-11-09";

pub const TO: &str = "2026-11-15";

/// Interactions for the week: `(agent, [(channel, count)])`. `eva` is an evaluator who also
/// takes calls, so she must never be assigned her own.
pub const VOLUMES: &[(&str, &[(&str, usize)])] = &[
    ("a-1", &[("phone", 12), ("chat", 6), ("email", 2)]),
    ("a-2", &[("phone", 5), ("chat", 5)]),
    ("a-3", &[("phone", 3)]),
    ("eva", &[("phone", 8)]),
];

/// CSV rows of the week's interactions, one per line, without the header.
pub fn week_rows() -> Vec<String> {
    let mut rows = Vec::new();
    for (agent, channels) in VOLUMES {
        let mut n = 0;
        for (channel, count) in *channels {
            for _ in 0..*count {
                // Spread over the seven days; two interactions share a time on purpose (the
                // external id breaks the tie).
                let day = 9 + n % 7;
                let hour = 8 + n / 7;
                rows.push(format!(
                    "{agent}-{n:02},{agent},{channel},2026-11-{day:02} {hour:02}:{:02},120,cust-{n}",
                    if n == 1 { 0 } else { 30 }
                ));
                n += 1;
            }
        }
    }
    // Two contacts of one agent in the same second, on a day of their own: the external id
    // orders them, whatever order they were imported in.
    rows.push("a-2-tie-b,a-2,phone,2026-11-20 12:00,60,cust-x".to_string());
    rows.push("a-2-tie-a,a-2,phone,2026-11-20 12:00,60,cust-y".to_string());
    rows
}

/// `team()` plus agents a-3 (team south) and eva (an agent too), a second shopper, two more
/// locations, and the week's interactions imported in the given row order.
pub fn floor_with(sb: &Sandbox, rows: &[String]) {
    team(sb);
    for (id, name, team) in [("a-3", "Rosa Vidal", "south"), ("eva", "Eva Gil", "south")] {
        sb.qaudit()
            .args(["--as", "lea", "agent", "add", id, "--name", name, "--team", team])
            .assert()
            .success();
    }
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "tom", "--name", "Tom Rey", "--role", "shopper",
        ])
        .assert()
        .success();
    for (id, name) in [("bcn-01", "Barcelona Diagonal"), ("vlc-01", "Valencia Centro")] {
        sb.qaudit()
            .args(["--as", "lea", "location", "add", id, "--name", name, "--region", "east"])
            .assert()
            .success();
    }
    let csv = format!(
        "id,agent,channel,occurred_at,duration_s,customer\n{}\n",
        rows.join("\n")
    );
    let file = sb.write("week.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(file)
        .assert()
        .success();
}

pub fn floor(sb: &Sandbox) {
    floor_with(sb, &week_rows());
}

/// `sample draw` for the week as the lead, with extra arguments, as JSON.
pub fn draw(sb: &Sandbox, extra: &[&str]) -> Value {
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as", "lea", "--format", "json", "sample", "draw", "--from", FROM, "--to", TO,
            ])
            .args(extra),
    );
    serde_json::from_str(&out).unwrap()
}

/// `(interaction, evaluator)` of every drawn item.
pub fn items(json: &Value) -> Vec<(String, String)> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["interaction"].as_str().unwrap().to_string(),
                i["evaluator"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `who` scores `interaction` with call-quality at its best, `extra` flags added.
pub fn score_as(sb: &Sandbox, who: &str, interaction: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    score_cmd(sb, who, interaction, "call-quality", &call_quality_answers(&[]))
        .args(extra)
        .assert()
}
