//! `qaudit flags` output: JSON, table and CSV, reports through the templates, and filters,
//! through the binary.

mod common;

use common::flags_support::{evaluate, fired, flags_json, setup};
use common::{Sandbox, query_i64, stdout_of, team};
use serde_json::Value;

fn snapshot_store() -> Sandbox {
    let sb = setup(
        "  - id: consistent-excellence
    kind: reward
    description: Averaged at least 92 over four or more contacts in 30 days with no critical failure.
    window_days: 30
    min_evaluations: 4
    average_at_least: 92
    max_critical_failures: 0
  - id: repeated-critical
    kind: discipline
    window_days: 60
    critical_failures_at_least: 2
  - id: below-standard
    kind: discipline
    description: Over 30 days the average is confidently below 70.
    window_days: 30
    min_evaluations: 4
    average_below: 70
    confidence: 0.90
",
    );
    for (day, points) in [
        ("2026-11-03", 94),
        ("2026-11-09", 96),
        ("2026-11-16", 91),
        ("2026-11-24", 97),
    ] {
        evaluate(&sb, "a-1", day, Some(points));
    }
    for (day, points) in [
        ("2026-10-20", None),
        ("2026-10-25", None),
        ("2026-11-04", Some(64)),
        ("2026-11-10", Some(58)),
        ("2026-11-18", Some(66)),
        ("2026-11-25", Some(62)),
    ] {
        evaluate(&sb, "a-2", day, points);
    }
    for (day, points) in [
        ("2026-11-05", 93),
        ("2026-11-12", 95),
        ("2026-11-19", 94),
        ("2026-11-26", 78),
    ] {
        evaluate(&sb, "a-3", day, Some(points));
    }
    let last = query_i64(&sb.db(), "SELECT max(id) FROM evaluations");
    sb.qaudit()
        .args(["--as", "lea", "dispute", "open", &last.to_string()])
        .args([
            "--criterion",
            "s.points",
            "--proposed",
            "92",
            "--reason",
            "Scored against the old script",
        ])
        .assert()
        .success();
    sb
}

#[test]
fn flags_json_snapshot() {
    let sb = snapshot_store();
    let out = stdout_of(sb.qaudit().args(["--format", "json", "flags", "--as-of", "2026-11-30"]));
    // The bundled rubrics' rules are checked too; keep the snapshot to this test's own rubric so
    // that a change to a bundled rubric does not change it.
    let mut json: Value = serde_json::from_str(&out).unwrap();
    let rules = json["rules"].as_array_mut().unwrap();
    assert!(rules.iter().any(|r| r["rubric"] == "call-quality"));
    rules.retain(|r| r["rubric"] == "one-score");
    insta::assert_snapshot!("flags_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn flags_table_snapshot() {
    let sb = snapshot_store();
    let out = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    insta::assert_snapshot!("flags_table", out);
}

#[test]
fn csv_has_one_row_per_flag_and_reports_render_through_the_templates() {
    let sb = snapshot_store();
    let csv = stdout_of(sb.qaudit().args(["--format", "csv", "flags", "--as-of", "2026-11-30"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "agent");
    assert_eq!(&headers[6], "flag");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = flags_json(&sb, &["--as-of", "2026-11-30"]);
    assert_eq!(rows.len(), json["flags"].as_array().unwrap().len(), "{csv}");
    assert!(
        rows.iter().any(|r| &r[1] == "a-1" && &r[6] == "consistent-excellence"),
        "{csv}"
    );

    sb.qaudit()
        .args(["flags", "--as-of", "2026-11-30", "--output"])
        .arg(sb.path("flags.csv"))
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(sb.path("flags.csv")).unwrap(), csv);

    for (file, needles) in [
        (
            "flags.html",
            vec!["<!DOCTYPE html>", "consistent-excellence", "Pending disputes", "a-3"],
        ),
        (
            "flags.md",
            vec![
                "# Reward and discipline flags",
                "| a-1 (Ana Ruiz) |",
                "## Pending disputes",
            ],
        ),
        (
            "flags.txt",
            vec!["Reward and discipline flags", "REWARD  a-1 (Ana Ruiz)", "t = 1.638"],
        ),
    ] {
        let out = stdout_of(
            sb.qaudit()
                .args(["flags", "--as-of", "2026-11-30", "--output"])
                .arg(sb.path(file)),
        );
        assert!(out.contains("Wrote"), "{out}");
        let text = std::fs::read_to_string(sb.path(file)).unwrap();
        for needle in needles {
            assert!(text.contains(needle), "{file} lacks {needle:?}:\n{text}");
        }
    }
    let es = stdout_of(
        sb.qaudit()
            .args(["--format", "md", "flags", "--as-of", "2026-11-30", "--lang", "es"]),
    );
    assert!(es.contains("# Señales de reconocimiento y disciplina"), "{es}");
    assert!(
        es.contains("se activa si se acepta") || es.contains("se retira si"),
        "{es}"
    );
}

#[test]
fn filters_by_agent_team_and_kind() {
    let sb = snapshot_store();
    let all = fired(&flags_json(&sb, &["--as-of", "2026-11-30"]));
    assert!(all.len() >= 3, "{all:?}");
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--agent", "a-2"]);
    assert!(fired(&json).iter().all(|(a, _)| a == "a-2"), "{json}");
    assert_eq!(json["pending"], serde_json::json!([]));
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--team", "south"]);
    assert!(fired(&json).iter().all(|(a, _)| a == "a-3"));
    assert_eq!(json["pending"][0]["agent"], "a-3");
    let json = flags_json(&sb, &["--as-of", "2026-11-30", "--kind", "reward"]);
    assert!(json["flags"].as_array().unwrap().iter().all(|f| f["kind"] == "reward"));
    assert!(json["rules"].as_array().unwrap().iter().all(|r| r["kind"] == "reward"));
    assert_eq!(json["kind"], "reward");

    let mut refusals = String::new();
    for args in [
        vec!["--agent", "a-9"],
        vec!["--team", "west"],
        vec!["--agent", "a-1", "--team", "south"],
        vec!["--as-of", "30/11/2026"],
    ] {
        let refused = sb.refusal(sb.qaudit().arg("flags").args(&args));
        refusals.push_str(&format!("== {}\n{refused}", args.join(" ")));
    }
    insta::assert_snapshot!(refusals, @r"
    == --agent a-9
    exit: 1
    --- stdout
    --- stderr
    error: no agent `a-9`
    hint: did you mean `a-1`?
    == --team west
    exit: 1
    --- stdout
    --- stderr
    error: no agent is in team `west`
    hint: teams: north, south
    == --agent a-1 --team south
    exit: 1
    --- stdout
    --- stderr
    error: agent `a-1` is in team north, not south
    hint: give --agent or --team, or both matching
    == --as-of 30/11/2026
    exit: 1
    --- stdout
    --- stderr
    error: --as-of: `30/11/2026` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    hint: give the day the windows end, e.g. --as-of 2026-11-30 (the last day of the month)
    ");
}

#[test]
fn no_rules_no_flags() {
    let sb = Sandbox::new();
    team(&sb);
    let out = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30"]));
    assert!(out.starts_with("No flag fires as of 2026-11-30"), "{out}");
}
