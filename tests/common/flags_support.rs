//! Helpers that the flags* test files share (moved out of tests/flags.rs when it was split).

use super::*;
use super::{Sandbox, query_i64, stdout_of, team};
use serde_json::Value;

/// The `one-score` rubric with these flag rules (YAML list items, indented by two spaces).
pub fn rubric(version: u32, flags: &str) -> String {
    format!(
        "id: one-score
version: {version}
title: One score
language: en
subject: interaction
pass_mark: 80
critical_policy: zero_overall
na_policy: exclude
dispute_days: 14
scales:
  points: {{ type: range, min: 0, max: 100 }}
  yes_no: {{ type: binary }}
sections:
  - id: s
    title: Everything
    criteria:
      - id: points
        text: Points
        scale: points
      - id: safe
        text: Kept the customer's data safe
        scale: yes_no
        na: true
        critical: true
        fail_below: 0.5
flags:
{flags}"
    )
}

/// A store with the team (a-1, a-2 in team north, evaluator eva, lead lea), agent a-3 in team
/// south, and `one-score` with `flags`.
pub fn setup(flags: &str) -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "agent",
            "add",
            "a-3",
            "--name",
            "Sara Vidal",
            "--team",
            "south",
        ])
        .assert()
        .success();
    import_rubric(&sb, 1, flags);
    sb
}

pub fn import_rubric(sb: &Sandbox, version: u32, flags: &str) {
    let file = sb.write(&format!("one-score-{version}.yaml"), &rubric(version, flags));
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
}

/// Imports an interaction of `agent` on `day` and has eva score it; returns the evaluation id.
/// A `points` of `None` is a critical failure (score 0).
pub fn evaluate(sb: &Sandbox, agent: &str, day: &str, points: Option<u32>) -> i64 {
    let n = query_i64(&sb.db(), "SELECT count(*) FROM interactions") + 1;
    let id = format!("X-{n}");
    let csv = sb.write(
        &format!("{id}.csv"),
        &format!("id,agent,channel,occurred_at\n{id},{agent},phone,{day}T12:00:00Z\n"),
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let (points, safe) = match points {
        Some(p) => (p, "na"),
        None => (0, "no"),
    };
    sb.qaudit()
        .args(["--as", "eva", "score", "--interaction", &id, "--rubric", "one-score"])
        .args([
            "--set",
            &format!("s.points={points}"),
            "--set",
            &format!("s.safe={safe}"),
        ])
        .assert()
        .success();
    query_i64(&sb.db(), "SELECT max(id) FROM evaluations")
}

pub fn flags_json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = stdout_of(sb.qaudit().args(["--format", "json", "flags"]).args(args));
    serde_json::from_str(&out).unwrap()
}

/// (agent, flag) of every flag that fires.
pub fn fired(json: &Value) -> Vec<(String, String)> {
    json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["agent"].as_str().unwrap().to_string(),
                f["flag"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn pair(agent: &str, flag: &str) -> (String, String) {
    (agent.to_string(), flag.to_string())
}

pub fn flag<'a>(json: &'a Value, agent: &str, flag: &str) -> &'a Value {
    json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["agent"] == agent && f["flag"] == flag)
        .unwrap_or_else(|| panic!("no {flag} for {agent} in {json:#}"))
}
