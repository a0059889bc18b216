//! Reports through the binary: feedback sheets, team, locations and evaluators reports on a fixed
//! store, in every format and both languages; escaping; template overrides; the numbers checked
//! against hand-computed values; and the HTML opened in headless Chromium.
//!
//! The store's work happens in September (the previous period) and October 2026 (the period).
//! Evaluations are scored "now", so the day of scoring (and the dispute deadline that follows from
//! it) is replaced by placeholders before snapshots are compared.

mod common;

use common::browser::{chromium_for, screenshot, screenshot_dir};
use common::{
    Sandbox, call_quality_answers, fingerprint, score_answers, stdout_of, store_visit_answers, team, without_style,
};

const PERIOD: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-10-31"];
const XSS: &str = "<script>alert(1)</script> and {{ 7*7 }}";

/// `evaluator` scores `interaction` with the best answers but `overrides`, `extra` appended.
fn score(sb: &Sandbox, evaluator: &str, interaction: &str, overrides: &[(&str, &str)], extra: &str) {
    score_answers(sb, evaluator, interaction, &(call_quality_answers(overrides) + extra));
}

/// Logs a visit and approves it unless `approve` is false; returns nothing (visits are numbered
/// in order).
fn visit(sb: &Sandbox, location: &str, day: &str, overrides: &[(&str, &str)], approve: Option<u32>) {
    let file = sb.write("visit.yaml", &store_visit_answers(overrides));
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            location,
            "--rubric",
            "store-visit",
            "--visited-at",
            &format!("{day} 11:00"),
            "--answers",
        ])
        .arg(file)
        .assert()
        .success();
    if let Some(id) = approve {
        sb.qaudit()
            .args(["--as", "lea", "visit", "review", &id.to_string(), "--approve"])
            .assert()
            .success();
    }
}

/// The fixed store: three agents in two teams, three evaluators, a month of contacts and visits
/// before the period and in it, a critical failure, an evaluator comment trying to inject HTML
/// and template code, an acknowledgement, an open dispute and an acknowledged coaching plan.
fn fixture() -> Sandbox {
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
            "Marta Gil",
            "--team",
            "south",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "ed",
            "--name",
            "Ed Roy",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    for (id, name, region) in [
        ("bcn-01", "Barcelona Diagonal", "east"),
        ("vlc-01", "Valencia Ruzafa", "east"),
    ] {
        sb.qaudit()
            .args(["--as", "lea", "location", "add", id, "--name", name, "--region", region])
            .assert()
            .success();
    }
    let csv = sb.write(
        "october.csv",
        "id,agent,channel,occurred_at,duration_s,customer\n\
         S-1,a-1,phone,2026-09-10 10:00,300,c1\n\
         S-2,a-2,phone,2026-09-11 10:00,280,c2\n\
         S-3,a-3,chat,2026-09-12 10:00,420,c3\n\
         O-1,a-1,phone,2026-10-02 09:00,300,c4\n\
         O-2,a-1,phone,2026-10-09 09:00,420,c5\n\
         O-3,a-1,phone,2026-10-16 09:00,360,c6\n\
         O-4,a-1,email,2026-10-23 09:00,500,c7\n\
         O-5,a-2,phone,2026-10-03 09:00,200,c8\n\
         O-6,a-2,phone,2026-10-10 09:00,240,c9\n\
         O-7,a-2,chat,2026-10-17 09:00,,c10\n\
         O-8,a-3,chat,2026-10-05 09:00,600,c11\n\
         O-9,a-3,phone,2026-10-12 09:00,540,c12\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();

    // Previous period.
    score(&sb, "eva", "S-1", &[("empathy.acknowledge", "partly")], ""); // 1
    score(&sb, "eva", "S-2", &[("courtesy.closing", "partly")], ""); // 2
    score(&sb, "ed", "S-3", &[("courtesy.tone", "4")], ""); // 3
    // The period.
    score(
        &sb,
        "eva",
        "O-1",
        &[
            ("empathy.acknowledge", "partly"),
            ("resolution.resolved", "partly"),
            ("resolution.first_contact", "no"),
        ],
        "comments:\n  resolution.resolved: Refund started, not confirmed\n",
    ); // 4
    score(
        &sb,
        "ed",
        "O-2",
        &[
            ("empathy.acknowledge", "not_met"),
            ("resolution.resolved", "partly"),
            ("resolution.first_contact", "no"),
        ],
        "comments:\n  empathy.acknowledge: No apology for the delay\n  resolution.resolved: Left pending\n",
    ); // 5
    score(
        &sb,
        "eva",
        "O-3",
        &[("security.protect_data", "no"), ("courtesy.tone", "4")],
        &format!(
            "comments:\n  security.protect_data: \"Read the full card number aloud {XSS}\"\ncomment: \"Friendly call, but {XSS}\"\n"
        ),
    ); // 6
    score(
        &sb,
        "lea",
        "O-4",
        &[("empathy.acknowledge", "partly"), ("clarity.written_quality", "4")],
        "",
    ); // 7
    score(&sb, "eva", "O-5", &[], ""); // 8
    score(&sb, "ed", "O-6", &[("courtesy.closing", "partly")], ""); // 9
    score(&sb, "eva", "O-7", &[("clarity.written_quality", "5")], ""); // 10
    score(
        &sb,
        "ed",
        "O-8",
        &[
            ("courtesy.tone", "3"),
            ("clarity.plain_language", "3"),
            ("clarity.written_quality", "3"),
            ("resolution.first_contact", "no"),
        ],
        "",
    ); // 11
    score(&sb, "eva", "O-9", &[("courtesy.tone", "4")], ""); // 12

    // Visits: mad-01 before and twice in the period, bcn-01 once approved and once not yet.
    visit(&sb, "mad-01", "2026-09-15", &[], Some(1));
    visit(
        &sb,
        "mad-01",
        "2026-10-06",
        &[("premises.cleanliness", "5"), ("needs.tailored", "met")],
        Some(2),
    );
    visit(&sb, "mad-01", "2026-10-20", &[], Some(3));
    visit(
        &sb,
        "bcn-01",
        "2026-10-08",
        &[("waiting.time_to_service", "partly"), ("welcome.courtesy", "4")],
        Some(4),
    );
    visit(&sb, "bcn-01", "2026-10-22", &[("premises.cleanliness", "3")], None);

    // The agent saw one evaluation; a-3 disputes one; a-1 has an acknowledged plan.
    sb.qaudit()
        .args(["--as", "a-2", "evaluation", "ack", "8"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "a-3",
            "dispute",
            "open",
            "11",
            "--reason",
            "The customer was rude",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "lea", "coach", "plan", "a-1"])
        .args(PERIOD)
        .args(["--starts", "2026-11-01", "--save"])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-1", "coach", "ack", "1"])
        .assert()
        .success();
    sb
}

/// Replaces what depends on when the test runs: the day evaluations were scored (today, with
/// its time) and the dispute deadline that follows from it.
fn redact(text: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    let spanish = common::spanish::spanish_days_as_iso(text, &[today, today + chrono::Duration::days(14)]);
    let text = spanish.as_str();
    let deadline = (today + chrono::Duration::days(14)).to_string();
    let today = today.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&today) {
        out.push_str(&rest[..i]);
        let after = &rest[i + today.len()..];
        let b = after.as_bytes();
        let timed =
            b.len() >= 6 && b[0] == b' ' && b[3] == b':' && b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit);
        if timed {
            out.push_str("[NOW]");
            rest = &after[6..];
        } else {
            out.push_str("[TODAY]");
            rest = after;
        }
    }
    out.push_str(rest);
    out.replace(&deadline, "[LAST DAY]")
}

fn render(sb: &Sandbox, args: &[&str], format: &str, lang: &str) -> String {
    let mut cmd = sb.qaudit();
    cmd.args(args).args(["--format", format, "--lang", lang]);
    let out = stdout_of(&mut cmd);
    let out = redact(&out);
    if format == "html" { without_style(&out) } else { out }
}

/// The reports of this file and the arguments that make them on the fixture.
fn reports() -> Vec<(&'static str, Vec<&'static str>)> {
    let with_period = |args: &[&'static str]| {
        let mut v = args.to_vec();
        v.extend(PERIOD);
        v
    };
    vec![
        ("feedback", vec!["report", "feedback", "6"]),
        ("team", with_period(&["report", "team"])),
        ("locations", with_period(&["report", "locations"])),
        ("evaluators", with_period(&["report", "evaluators"])),
    ]
}

#[test]
fn every_template_in_every_format_and_language() {
    let sb = fixture();
    let before = fingerprint(&sb.db());
    for (name, args) in reports() {
        for format in ["txt", "md", "html"] {
            for lang in ["en", "es"] {
                let out = render(&sb, &args, format, lang);
                insta::assert_snapshot!(format!("{name}_{lang}_{format}"), out);
            }
        }
    }
    assert_eq!(fingerprint(&sb.db()), before, "reports only read");
}

#[test]
fn text_reports_fit_80_columns() {
    let sb = fixture();
    for (name, args) in reports() {
        for lang in ["en", "es"] {
            let out = render(&sb, &args, "txt", lang);
            for line in out.lines() {
                assert!(
                    line.chars().count() <= 80,
                    "{name} ({lang}): {} columns:\n{line}",
                    line.chars().count()
                );
                assert_eq!(line, line.trim_end(), "{name} ({lang}): trailing spaces:\n{line:?}");
            }
        }
    }
}

#[test]
fn comments_are_escaped_and_never_run_as_templates() {
    let sb = fixture();
    let html = sb.stdout(&["report", "feedback", "6", "--format", "html"]);
    assert!(!html.contains("<script>"), "raw script in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{html}");
    assert!(
        html.contains("Friendly call, but &lt;script&gt;alert(1)&lt;&#x2f;script&gt; and {{ 7*7 }}"),
        "template code printed as written: {html}"
    );
    assert!(!html.contains("and 49"), "template code was evaluated");
    let md = sb.stdout(&["report", "feedback", "6", "--format", "md"]);
    assert!(!md.contains("<script>"), "raw script in Markdown");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    // `*` is backslash-escaped so that Markdown prints it rather than starting emphasis.
    assert!(
        md.contains("Friendly call, but &lt;script&gt;alert(1)&lt;/script&gt; and {{ 7\\*7 }}"),
        "{md}"
    );
    assert!(!md.contains("and 49"));
    // Plain text is for the terminal: printed as written.
    let txt = sb.stdout(&["report", "feedback", "6"]);
    assert!(txt.contains(XSS), "{txt}");
}

#[test]
fn html_reports_are_self_contained() {
    let sb = fixture();
    for (name, args) in reports() {
        let mut cmd = sb.qaudit();
        cmd.args(&args).args(["--format", "html"]);
        let html = stdout_of(&mut cmd);
        assert!(html.starts_with("<!doctype html>"), "{name}");
        assert!(html.contains("<svg"), "{name}: no inline chart");
        assert!(
            html.contains("@media print") && html.contains("size: A4"),
            "{name}: not print-ready"
        );
        for banned in ["<link", "<script", "src=", "url(", "@import"] {
            assert!(!html.contains(banned), "{name}: external resource `{banned}`");
        }
        let outside = html
            .match_indices("http")
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .count();
        assert_eq!(outside, 0, "{name}: a link to the network");
    }
}

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

#[test]
fn a_template_override_is_used_and_a_missing_variable_names_the_line() {
    let sb = fixture();
    let dir = sb.path("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("feedback.txt"),
        "Custom sheet for {{ data.agent.name }}: {{ data.overall|score }} ({{ t.overall }})\n",
    )
    .unwrap();
    let out = sb.stdout(&["report", "feedback", "4", "--templates", dir.to_str().unwrap()]);
    assert!(out.starts_with("Custom sheet for Ana Ruiz: "), "{out}");
    assert!(out.contains("(Overall)"), "labels reach overrides: {out}");
    // Formats that are not overridden keep the built-in template.
    let md = sb.stdout(&[
        "report",
        "feedback",
        "4",
        "--format",
        "md",
        "--templates",
        dir.to_str().unwrap(),
    ]);
    assert!(md.starts_with("# Feedback for Ana Ruiz"), "{md}");

    std::fs::write(
        dir.join("team.md"),
        "# Team\n\n{% for a in data.agents %}- {{ a.name }}\n{% endfor %}{{ data.no_such_field }}\n",
    )
    .unwrap();
    let out = sb
        .qaudit()
        .args(["report", "team", "--format", "md", "--templates", dir.to_str().unwrap()])
        .args(PERIOD)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("team.md:4"), "names the template and line: {err}");
    assert!(err.contains("undefined"), "says what is wrong: {err}");
    assert!(err.contains("hint: ") && err.contains("--format json"), "{err}");
    assert!(out.stdout.is_empty(), "nothing half-rendered on stdout");
}

#[test]
fn output_files_pick_their_format_and_json_gives_the_data() {
    let sb = fixture();
    let out = sb.stdout(&[
        "report",
        "team",
        "--output",
        "team.html",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    assert!(out.contains("Wrote"), "{out}");
    let html = std::fs::read_to_string(sb.path("team.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    let json: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "team",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    assert_eq!(json["totals"]["evaluations"], 9);
    assert_eq!(json["period"]["days"], 31);
    insta::assert_snapshot!(sb.refuse(&["report", "team", "--output", "team.pdf"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: cannot tell the format of a .pdf file
    hint: name the file .html, .md, .txt, .csv or .json, or give --format
    ");
}

/// The team report's numbers against values computed here from the evaluations themselves.
#[test]
fn team_numbers_match_the_evaluations() {
    let sb = fixture();
    let list: serde_json::Value =
        serde_json::from_str(&sb.stdout(&["evaluation", "list", "--format", "json"])).unwrap();
    let overall = |agent: &str, month: &str| -> Vec<f64> {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                e["agent"] == agent
                    && e["status"] == "submitted"
                    && e["occurred_at"].as_str().unwrap().starts_with(month)
            })
            .map(|e| e["overall"].as_f64().unwrap())
            .collect()
    };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let json: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "team",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--trend-min-n",
        "1",
    ]))
    .unwrap();
    let agents = json["agents"].as_array().unwrap();
    let row = |id: &str| agents.iter().find(|a| a["id"] == id).unwrap().clone();

    let a1 = row("a-1");
    let (now, before) = (overall("a-1", "2026-10"), overall("a-1", "2026-09"));
    assert_eq!(a1["evaluations"], 4);
    assert!((a1["average"].as_f64().unwrap() - mean(&now)).abs() < 1e-9);
    assert!((a1["previous_average"].as_f64().unwrap() - mean(&before)).abs() < 1e-9);
    let change = mean(&now) - mean(&before);
    assert!((a1["trend"]["change"].as_f64().unwrap() - change).abs() < 1e-9);
    assert_eq!(a1["trend"]["direction"], if change <= -1.0 { "down" } else { "up" });
    // By default a trend needs 5 evaluations in both periods: a-1 has 4, "n too small".
    let default: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "team",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    let a1_default = default["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a-1")
        .unwrap();
    assert_eq!(a1_default["trend"]["direction"], "small", "{a1_default}");
    assert!(a1_default["trend"]["change"].is_null());
    assert_eq!(a1["critical_failures"], 1);
    assert_eq!(a1["passed"], now.iter().filter(|s| **s >= 85.0).count());
    // Resolution failures: O-1 and O-2 answered `resolved` partly; first contact: 2 of 4 yes.
    assert_eq!(a1["kpi"]["resolution_failures"], 2);
    assert_eq!(a1["kpi"]["resolution_checked"], 4);
    assert_eq!(a1["kpi"]["first_contact"], 0.5);
    // Handling time over the agent's four October contacts: (300 + 420 + 360 + 500) / 4.
    assert_eq!(a1["kpi"]["handling_time_s"], 395.0);
    assert_eq!(a1["plans"], 1);
    assert_eq!(a1["plans_acknowledged"], 1);
    // Resolution averages 70.8 (two contacts at 41.7), below empathy's 83.3 and security's 87.5.
    assert_eq!(a1["weakest_section"]["id"], "resolution");

    let a2 = row("a-2");
    assert_eq!(a2["acknowledged"], 1);
    assert!((a2["seen"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // O-7 has no duration: the average is over the two that have one.
    assert_eq!(a2["kpi"]["handling_time_s"], 220.0);
    assert_eq!(row("a-3")["open_disputes"], 1);

    // Sorted by average, highest first.
    let averages: Vec<f64> = agents.iter().map(|a| a["average"].as_f64().unwrap()).collect();
    assert!(averages.windows(2).all(|w| w[0] >= w[1]), "{averages:?}");
    // Totals pool every evaluation.
    let all: Vec<f64> = ["a-1", "a-2", "a-3"]
        .iter()
        .flat_map(|a| overall(a, "2026-10"))
        .collect();
    assert!((json["totals"]["average"].as_f64().unwrap() - mean(&all)).abs() < 1e-9);
    assert_eq!(
        json["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum::<u64>(),
        9
    );
    assert_eq!(json["distribution"][0], 1, "the critical failure scored 0");

    // --team lists every agent of the team, in that team only.
    let north: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "team",
        "--team",
        "north",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    let ids: Vec<&str> = north["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&"a-3"));
    insta::assert_snapshot!(sb.refuse(&["report", "team", "--team", "west"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no agent is in team `west`
    hint: teams: north, south
    ");
}

#[test]
fn locations_rank_approved_visits_only() {
    let sb = fixture();
    let json: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "locations",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    assert_eq!(json["tables"].as_array().unwrap().len(), 1, "one rubric, one table");
    let json = &json["tables"][0];
    let locations = json["locations"].as_array().unwrap();
    assert_eq!(locations.len(), 2);
    let bcn = locations.iter().find(|l| l["id"] == "bcn-01").unwrap();
    assert_eq!(bcn["visits"], 1, "the visit awaiting review does not count");
    assert_eq!(bcn["trend"]["direction"], "new");
    let mad = locations.iter().find(|l| l["id"] == "mad-01").unwrap();
    assert_eq!(mad["visits"], 2);
    assert_eq!(locations[0]["rank"], 1);
    assert!(locations[0]["average"].as_f64() >= locations[1]["average"].as_f64());
    assert_eq!(json["not_visited"][0]["id"], "vlc-01");
    assert_eq!(json["best_region"]["region"], locations[0]["region"]);
    assert_eq!(json["regions"].as_array().unwrap().len(), 2);
    let centre: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "locations",
        "--region",
        "centre",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    let centre = &centre["tables"][0];
    assert_eq!(centre["locations"].as_array().unwrap().len(), 1);
    assert!(centre["best_region"].is_null(), "one region has no best and worst");
}

#[test]
fn evaluators_leniency_is_the_mean_z_score() {
    let sb = fixture();
    let list: serde_json::Value =
        serde_json::from_str(&sb.stdout(&["evaluation", "list", "--format", "json"])).unwrap();
    let october: Vec<&serde_json::Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["rubric"] == "call-quality"
                && e["status"] == "submitted"
                && e["occurred_at"].as_str().unwrap().starts_with("2026-10")
        })
        .collect();
    let scores: Vec<f64> = october.iter().map(|e| e["overall"].as_f64().unwrap()).collect();
    let n = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / n;
    let sd = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let eva: Vec<f64> = october
        .iter()
        .filter(|e| e["evaluator"] == "eva")
        .map(|e| (e["overall"].as_f64().unwrap() - mean) / sd)
        .collect();
    let expected = eva.iter().sum::<f64>() / eva.len() as f64;
    let json: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "evaluators",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    let row = json["evaluators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "eva")
        .unwrap()
        .clone();
    assert_eq!(row["evaluations"], eva.len());
    assert!(
        (row["leniency"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{row} vs {expected}"
    );
}

/// Every HTML report opened in headless Chromium, a screenshot of each written under the target
/// folder (`report-screenshots/`) for a person to look at. Skipped, with a message, without
/// Chromium.
#[test]
fn html_reports_render_in_headless_chromium() {
    let Some(chromium) = chromium_for("html_reports_render_in_headless_chromium") else {
        return;
    };
    let sb = fixture();
    let shots = screenshot_dir();
    let mut pages: Vec<(String, Vec<&str>)> = Vec::new();
    for (name, args) in reports() {
        for lang in ["en", "es"] {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            pages.push((format!("{name}-{lang}"), a));
        }
    }
    for (name, args) in pages {
        let html = sb.path(&format!("{name}.html"));
        let mut cmd = sb.qaudit();
        cmd.args(&args).arg("--output").arg(&html).assert().success();
        let png = shots.join(format!("{name}.png"));
        screenshot(&chromium, &html, &png);
    }
}

#[test]
fn the_team_report_lists_the_flags_that_fire() {
    let sb = common::Sandbox::new();
    sb.qaudit()
        .args([
            "demo",
            "--interactions",
            "900",
            "--evaluations",
            "500",
            "--visits",
            "16",
        ])
        .assert()
        .success();
    let team: serde_json::Value = serde_json::from_str(&common::stdout_of(
        sb.qaudit().args(["report", "team", "--format", "json"]),
    ))
    .unwrap();
    let flags: serde_json::Value =
        serde_json::from_str(&common::stdout_of(sb.qaudit().args(["flags", "--format", "json"]))).unwrap();
    let fired: std::collections::BTreeSet<String> = flags["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["agent"].as_str().unwrap().to_string())
        .collect();
    assert!(!fired.is_empty(), "the demo fires some flags");
    // The demo scores with several rubrics: one table per rubric, each listing the flags.
    let tables = team.as_array().expect("one team table per rubric");
    assert!(tables.len() > 1, "the demo uses several rubrics");
    for table in tables {
        for agent in table["agents"].as_array().unwrap() {
            let id = agent["id"].as_str().unwrap();
            let listed = !agent["flags"].as_array().unwrap().is_empty();
            assert_eq!(listed, fired.contains(id), "agent {id}: team report and flags disagree");
        }
    }
}
