//! Time as people read it (issue 15, item 4): `qaudit config set timezone`, local times that
//! name the zone in tables and sheets, `--from/--to` days that begin at local midnight, and JSON
//! that stays UTC RFC 3339.

mod common;

use common::{Sandbox, call_quality_answers, fingerprint, stdout_of};
use serde_json::Value;

/// A store in Europe/Madrid (UTC+1 in November) with agent a-1, evaluator and lead `lea`, and
/// three calls: at 18:02Z (19:02 local), at 22:30Z on the 2nd (23:30 local, the 2nd) and at
/// 23:30Z on the 2nd (00:30 local, already the 3rd).
fn madrid() -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    sb.qaudit()
        .args(["agent", "add", "a-1", "--name", "Ana Ruiz", "--team", "north"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "staff",
            "add",
            "lea",
            "--name",
            "Lea Sol",
            "--role",
            "lead",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let set = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "config", "set", "timezone", "europe/madrid"]),
    );
    assert!(set.contains("timezone = Europe/Madrid (was UTC (default))"), "{set}");
    let csv = sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,duration_s\n\
         CALL-1,a-1,phone,2026-11-02T18:02:00Z,340\n\
         CALL-2,a-1,phone,2026-11-02T22:30:00Z,200\n\
         CALL-3,a-1,phone,2026-11-02T23:30:00Z,200\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    sb
}

fn score(sb: &Sandbox, interaction: &str, overrides: &[(&str, &str)]) {
    let file = sb.write(&format!("{interaction}.yaml"), &call_quality_answers(overrides));
    sb.qaudit()
        .args([
            "--as",
            "lea",
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

#[test]
fn config_sets_gets_and_lists_the_zone_and_refuses_unknown_ones() {
    let sb = madrid();
    assert_eq!(
        stdout_of(sb.qaudit().args(["config", "get", "timezone"])).trim(),
        "Europe/Madrid"
    );
    let list = stdout_of(sb.qaudit().args(["config", "list"]));
    assert!(list.contains("timezone") && list.contains("Europe/Madrid"), "{list}");
    let json: Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["--format", "json", "config", "list"]))).unwrap();
    assert_eq!(json[0]["value"], "Europe/Madrid");
    assert_eq!(json[0]["set"], true);

    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&["--as", "lea", "config", "set", "timezone", "Madrid"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: timezone: unknown time zone `Madrid`; use an IANA name such as Europe/Madrid or America/Mexico_City
    hint: time zones are IANA names, e.g. `qaudit config set timezone Europe/Madrid` (UTC is the default)
    ");
    insta::assert_snapshot!(sb.refuse(&["--as", "lea", "config", "set", "colour", "red"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: there is no setting `colour`
    hint: the settings are: timezone, business-hours, target.response.CHANNEL, target.escalation (`qaudit config list` shows them)
    ");
    // Only a lead changes what everyone reads.
    sb.qaudit()
        .args([
            "staff",
            "add",
            "eva",
            "--name",
            "Eva Gil",
            "--role",
            "evaluator",
            "--as",
            "lea",
        ])
        .assert()
        .success();
    let before_eva = fingerprint(&sb.db());
    let refused = sb.refuse(&["--as", "eva", "config", "set", "timezone", "UTC"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not change the store's settings: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    assert_eq!(
        fingerprint(&sb.db()),
        before_eva,
        "a refused setting leaves the store as it was"
    );
    assert_ne!(before, before_eva);
    // The change is audited.
    let log = stdout_of(sb.qaudit().args(["log"]));
    assert!(log.contains("meta.set"), "{log}");
    assert!(
        log.contains("(Europe/Madrid)"),
        "the log names the zone of its times: {log}"
    );
}

#[test]
fn tables_and_sheets_show_local_time_and_name_the_zone_json_stays_utc() {
    let sb = madrid();
    let list = stdout_of(sb.qaudit().args(["interaction", "list"]));
    assert!(list.contains("2026-11-02 19:02 CET"), "{list}");
    assert!(!list.contains("18:02"), "{list}");
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "interaction",
        "list",
    ])))
    .unwrap();
    let raw = json.to_string();
    assert!(raw.contains("2026-11-02T18:02:00Z"), "JSON stays UTC RFC 3339: {raw}");

    sb.qaudit()
        .args([
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-03",
            "--per-agent",
            "5",
            "--evaluators",
            "lea",
            "--seed",
            "1",
        ])
        .assert()
        .success();
    let queue = stdout_of(sb.qaudit().args(["queue", "--evaluator", "lea"]));
    assert!(queue.contains("19:02 CET"), "{queue}");
    assert!(!queue.contains("18:02"), "{queue}");

    score(&sb, "CALL-1", &[]);
    for format in ["txt", "md", "html"] {
        let sheet = stdout_of(sb.qaudit().args(["--format", format, "report", "feedback", "1"]));
        let zone = if format == "html" {
            "Europe&#x2f;Madrid"
        } else {
            "Europe/Madrid"
        };
        assert!(sheet.contains(&format!("2026-11-02 19:02 {zone}")), "{format}: {sheet}");
        assert!(!sheet.contains("UTC"), "{format}: {sheet}");
    }
}

#[test]
fn days_of_from_and_to_begin_at_local_midnight() {
    let sb = madrid();
    let day = |from: &str, to: &str| {
        let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--format",
            "json",
            "interaction",
            "list",
            "--from",
            from,
            "--to",
            to,
        ])))
        .unwrap();
        let mut ids: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i["interaction"]
                    .as_str()
                    .or(i["id"].as_str())
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        ids.sort();
        ids
    };
    // 23:30 local on the 2nd is the 2nd; 00:30 local on the 3rd (23:30Z on the 2nd) is the 3rd.
    assert_eq!(day("2026-11-02", "2026-11-02"), ["CALL-1", "CALL-2"]);
    assert_eq!(day("2026-11-03", "2026-11-03"), ["CALL-3"]);

    for id in ["CALL-1", "CALL-2", "CALL-3"] {
        score(&sb, id, &[]);
    }
    let team = |from: &str, to: &str| -> u64 {
        let json: Value = serde_json::from_str(&stdout_of(
            sb.qaudit()
                .args(["--format", "json", "report", "team", "--from", from, "--to", to]),
        ))
        .unwrap();
        // One table per rubric: an array of them, or the one table.
        let tables = json.as_array().cloned().unwrap_or_else(|| vec![json.clone()]);
        tables
            .iter()
            .flat_map(|t| t["agents"].as_array().unwrap().clone())
            .map(|a| a["evaluations"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        team("2026-11-02", "2026-11-02"),
        2,
        "the call at 23:30 local counts on the 2nd"
    );
    assert_eq!(team("2026-11-03", "2026-11-03"), 1);
}
