//! Helpers for tests/scoped_flags.rs: a small rubric with an empathy section whose flag rules
//! read one section or one criterion, and evaluations scored on it by answer.

use super::{Sandbox, query_i64, team};

/// A rubric `scoped` in `lang` with an `empathy` section (acknowledge: 1..5, may be N/A;
/// listening: yes/no) and a `security` section (a critical yes/no), and these flag rules
/// (YAML list items, indented by two spaces).
pub fn scoped_rubric(lang: &str, flags: &str) -> String {
    let (empathy, security) = match lang {
        "es" => ("empatia", "seguridad"),
        _ => ("empathy", "security"),
    };
    format!(
        "id: scoped
version: 1
title: Scoped rules
language: {lang}
subject: interaction
pass_mark: 80
scales:
  five: {{ type: range, min: 1, max: 5 }}
  yes_no: {{ type: binary }}
sections:
  - id: {empathy}
    title: Empathy
    criteria:
      - {{ id: acknowledge, text: Acknowledged the customer's feelings, scale: five, na: true }}
      - {{ id: listening, text: Listened actively, scale: yes_no }}
  - id: {security}
    title: Security
    criteria:
      - {{ id: verify, text: Verified identity, scale: yes_no, critical: true }}
flags:
{flags}"
    )
}

/// The team of `common::team` with `scoped` imported in `lang` with `flags`.
pub fn scoped_store(lang: &str, flags: &str) -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let file = sb.write("scoped.yaml", &scoped_rubric(lang, flags));
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    sb
}

/// Imports an interaction of `agent` on `day` and has eva score it on `scoped` with these
/// `key=value` answers; returns the evaluation id.
pub fn score_scoped(sb: &Sandbox, agent: &str, day: &str, answers: &[&str]) -> i64 {
    let n = query_i64(&sb.db(), "SELECT count(*) FROM interactions") + 1;
    let id = format!("S-{n}");
    let csv = sb.write(
        &format!("{id}.csv"),
        &format!("id,agent,channel,occurred_at\n{id},{agent},chat,{day}T12:00:00Z\n"),
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let mut cmd = sb.qaudit();
    cmd.args(["--as", "eva", "score", "--interaction", &id, "--rubric", "scoped"]);
    for a in answers {
        cmd.args(["--set", a]);
    }
    cmd.assert().success();
    query_i64(&sb.db(), "SELECT max(id) FROM evaluations")
}
