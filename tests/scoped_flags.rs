//! Flag rules scoped to a section or a criterion (issue 20, part 3), through the binary: the
//! bundled contact rubrics' empathy reward on the demo, a criterion-scoped discipline rule with
//! a confidence bound checked by hand, N/A answers left out of `n`, the refusals of validation,
//! and the evidence in Spanish.

mod common;

use common::scoped_flags_support::{scoped_store, score_scoped};
use common::{Sandbox, stdout_of};
use serde_json::Value;

fn flags_json(sb: &Sandbox, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(sb.qaudit().args(["--format", "json", "flags"]).args(args))).unwrap()
}

/// The mean of the section score of these evaluations, read straight from the store.
fn section_mean(sb: &Sandbox, section: &str, ids: &[i64]) -> f64 {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let scores: Vec<f64> = ids
        .iter()
        .map(|id| {
            conn.query_row(
                "SELECT s.score FROM section_scores s JOIN evaluations e ON e.id = s.evaluation_id
                 AND e.revision = s.revision WHERE e.id = ?1 AND s.section_id = ?2",
                rusqlite::params![id, section],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect();
    scores.iter().sum::<f64>() / scores.len() as f64
}

#[test]
fn the_section_scoped_empathy_reward_fires_on_the_demo_with_its_evidence() {
    let sb = Sandbox::new();
    sb.qaudit().arg("demo").assert().success();
    let json = flags_json(&sb, &[]);
    let empathy: Vec<&Value> = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["flag"] == "empathy-recognition" || f["flag"] == "reconocimiento-empatia")
        .collect();
    assert!(!empathy.is_empty(), "no empathy reward fires on the demo: {json:#}");
    assert!(
        empathy.len() < 10,
        "the reward should single out some agents, not all: {}",
        empathy.len()
    );
    for f in &empathy {
        let section = if f["rubric"] == "call-quality" {
            "empathy"
        } else {
            "empatia"
        };
        assert_eq!(
            f["scope"],
            serde_json::json!({ "kind": "section", "id": section }),
            "{f:#}"
        );
        let ids: Vec<i64> = f["evaluations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        let n = f["n"].as_u64().unwrap() as usize;
        assert!(n >= 4 && ids.len() == n, "{f:#}");
        let mean = f["mean"].as_f64().unwrap();
        assert!(mean >= 88.0, "{f:#}");
        // The mean is that of the section scores, not of the overall scores.
        assert!((mean - section_mean(&sb, section, &ids)).abs() < 1e-9, "{f:#}");
        assert!(
            f["rule"]
                .as_str()
                .unwrap()
                .starts_with(&format!("section {section}: mean >= 88"))
        );
    }
    // The rules checked say what the reward reads.
    let rule = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["flag"] == "empathy-recognition")
        .unwrap();
    assert_eq!(rule["scope"]["id"], "empathy");

    // The table names the scope beside the flag; the CSV in its own columns.
    let table = stdout_of(sb.qaudit().args(["flags", "--kind", "reward"]));
    assert!(
        table.contains("(section empathy)") || table.contains("(section empatia)"),
        "{table}"
    );
    let csv = stdout_of(sb.qaudit().args(["--format", "csv", "flags"]));
    let header = csv.lines().next().unwrap();
    // The customer-voice column (issue 19) comes after the scope's.
    assert!(header.ends_with(",rule,scope,scope_id,voice"), "{header}");
    let first = empathy[0];
    let row = csv
        .lines()
        .find(|l| l.contains(first["agent"].as_str().unwrap()) && l.contains(first["flag"].as_str().unwrap()))
        .unwrap();
    assert!(
        row.ends_with(",section,empathy,") || row.ends_with(",section,empatia,"),
        "{row}"
    );

    // The team report lists the scoped reward with its scope.
    let agent = first["agent"].as_str().unwrap();
    let team_json: Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["--format", "json", "report", "team"]))).unwrap();
    // One table per rubric: the agent's row in the table of the flag's rubric.
    let table = team_json
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rubric"]["id"] == first["rubric"])
        .unwrap_or_else(|| panic!("no table for {} in {team_json:#}", first["rubric"]));
    let row = table["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == agent)
        .unwrap_or_else(|| panic!("{agent} not in the team report"));
    assert!(
        row["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["flag"] == first["flag"] && f["scope"]["kind"] == "section"),
        "{row:#}"
    );
    let md = stdout_of(sb.qaudit().args(["report", "team", "--format", "md"]));
    assert!(
        md.contains("empathy-recognition (reward, section empathy)")
            || md.contains("reconocimiento-empatia (reconocimiento, sección empatia)"),
        "{md}"
    );
}

const CRITERION_RULE: &str = "  - id: unacknowledged
    kind: discipline
    criterion: empathy.acknowledge
    window_days: 30
    min_evaluations: 3
    average_below: 60
    confidence: 0.90
";

#[test]
fn a_criterion_scoped_discipline_rule_with_confidence_agrees_with_a_hand_computation() {
    let sb = scoped_store("en", CRITERION_RULE);
    // acknowledge 1, 2, 3, 2 out of 1..5: normalised x 100 = 0, 25, 50, 25. Listening and
    // identity are fine, so the overall scores (about 60-80) would tell another story.
    let mut ids = Vec::new();
    for (day, ack) in [
        ("2026-11-03", 1),
        ("2026-11-10", 2),
        ("2026-11-17", 3),
        ("2026-11-24", 2),
    ] {
        ids.push(score_scoped(
            &sb,
            "a-1",
            day,
            &[
                &format!("empathy.acknowledge={ack}"),
                "empathy.listening=yes",
                "security.verify=yes",
            ],
        ));
    }
    // An evaluation where acknowledging did not apply (N/A) is left out of n.
    let na = score_scoped(
        &sb,
        "a-1",
        "2026-11-25",
        &["empathy.acknowledge=na", "empathy.listening=yes", "security.verify=yes"],
    );
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    let f = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flag"] == "unacknowledged")
        .unwrap_or_else(|| panic!("the rule does not fire: {json:#}"));
    assert_eq!(
        f["scope"],
        serde_json::json!({ "kind": "criterion", "id": "empathy.acknowledge" })
    );
    assert_eq!(f["n"], 4);
    let counted: Vec<i64> = f["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(counted, ids);
    assert!(!counted.contains(&na));
    // By hand: mean 25; sample sd = sqrt((625 + 0 + 625 + 0) / 3) = 20.4124; se = sd / 2 =
    // 10.2062; one-sided t at 90% with 3 degrees of freedom = 1.637744; upper bound = 25 +
    // 1.637744 x 10.2062 = 41.7152.
    let values = [0.0, 25.0, 50.0, 25.0];
    let mean: f64 = values.iter().sum::<f64>() / 4.0;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
    let upper = mean + 1.637744 * sd / 2.0;
    assert!((f["mean"].as_f64().unwrap() - mean).abs() < 1e-9, "{f:#}");
    let bound = f["bound"]["bound"].as_f64().unwrap();
    assert!((bound - upper).abs() < 1e-4, "bound {bound}, by hand {upper}");
    assert!((upper - 41.7152).abs() < 1e-3);
    assert_eq!(f["bound"]["side"], "upper");

    // One more week of N/A answers changes nothing: still four counted.
    score_scoped(
        &sb,
        "a-1",
        "2026-11-28",
        &["empathy.acknowledge=na", "empathy.listening=no", "security.verify=yes"],
    );
    let again = flags_json(&sb, &["--as-of", "2026-11-30"]);
    let f = again["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flag"] == "unacknowledged")
        .unwrap();
    assert_eq!(f["n"], 4);
}

#[test]
fn na_answers_can_keep_a_scoped_rule_from_its_minimum() {
    // Three evaluations, two of them N/A on the criterion: n is 1, below min_evaluations 3,
    // so the rule does not fire although three evaluations were scored.
    let sb = scoped_store("en", CRITERION_RULE);
    for ack in ["1", "na", "na"] {
        score_scoped(
            &sb,
            "a-1",
            "2026-11-10",
            &[
                &format!("empathy.acknowledge={ack}"),
                "empathy.listening=yes",
                "security.verify=yes",
            ],
        );
    }
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert!(json["flags"].as_array().unwrap().is_empty(), "{json:#}");
}

#[test]
fn a_scoped_rule_counts_the_critical_failures_of_its_scope_only() {
    let sb = scoped_store(
        "en",
        "  - id: safe-hands
    kind: discipline
    section: security
    window_days: 30
    critical_failures_at_least: 1
  - id: warm-and-safe
    kind: reward
    section: empathy
    window_days: 30
    min_evaluations: 1
    average_at_least: 50
",
    );
    score_scoped(
        &sb,
        "a-1",
        "2026-11-10",
        &["empathy.acknowledge=5", "empathy.listening=yes", "security.verify=no"],
    );
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    let fired: Vec<&str> = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["flag"].as_str().unwrap())
        .collect();
    // The overall score is 0 (zero_overall), but the empathy section scored 100.
    assert_eq!(fired, ["warm-and-safe", "safe-hands"], "{json:#}");
    let reward = &json["flags"][0];
    assert_eq!(reward["mean"], 100.0);
    assert_eq!(json["flags"][1]["critical_failures"], 1);
    // `rubric show` words the scope of each rule.
    let shown = stdout_of(sb.qaudit().args(["rubric", "show", "scoped"]));
    assert!(shown.contains("on section security"), "{shown}");
}

/// `rubric validate` on a rubric with these flag rules: stderr, with the sandbox path out.
fn refusal(flags: &str) -> String {
    let sb = Sandbox::new();
    sb.write("rules.yaml", &common::scoped_flags_support::scoped_rubric("en", flags));
    let out = sb
        .qaudit()
        .args(["rubric", "validate", "rules.yaml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_unknown_section_is_refused_at_its_line_with_the_closest_name() {
    insta::assert_snapshot!(refusal(
        "  - id: warm
    kind: reward
    section: empaty
    window_days: 30
    average_at_least: 90
  - id: cold
    kind: discipline
    criterion: empathy.acknowledg
    window_days: 30
    average_below: 50
"
    ));
}

#[test]
fn both_section_and_criterion_on_one_rule_is_refused() {
    insta::assert_snapshot!(refusal(
        "  - id: both
    kind: reward
    section: empathy
    criterion: empathy.acknowledge
    window_days: 30
    average_at_least: 90
"
    ));
}

#[test]
fn critical_fields_on_a_scope_without_a_critical_criterion_are_refused() {
    insta::assert_snapshot!(refusal(
        "  - id: warm
    kind: reward
    section: empathy
    window_days: 30
    average_at_least: 90
    max_critical_failures: 0
"
    ));
}

#[test]
fn spanish_rubrics_word_the_scope_in_spanish() {
    let sb = scoped_store(
        "es",
        "  - id: empatia-destacada
    kind: reward
    section: empatia
    window_days: 30
    min_evaluations: 2
    average_at_least: 80
",
    );
    for day in ["2026-11-10", "2026-11-12"] {
        score_scoped(
            &sb,
            "a-1",
            day,
            &["empatia.acknowledge=5", "empatia.listening=yes", "seguridad.verify=yes"],
        );
    }
    let table = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    assert!(table.contains("Señales de reconocimiento"), "{table}");
    // The terminal table may wrap the flag cell after "(sección".
    assert!(table.contains("empatia-destacada (sección"), "{table}");
    let md = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30", "--format", "md"]));
    assert!(md.contains("empatia-destacada (sección empatia)"), "{md}");
    assert!(
        md.contains("**empatia-destacada** (Reconocimiento) (sección empatia): media &gt;= 80"),
        "{md}"
    );
    let txt = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30", "--format", "txt"]));
    assert!(txt.contains("empatia-destacada (sección empatia)"), "{txt}");
    let team = stdout_of(sb.qaudit().args([
        "report",
        "team",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "md",
    ]));
    assert!(
        team.contains("empatia-destacada (reconocimiento, sección empatia)"),
        "{team}"
    );
}
