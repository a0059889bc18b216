//! `qaudit report criteria` (issue 20, part 2): every number recomputed by the test from the
//! exported answers, on a small hand-built store (the reports fixture) and on the demo; the trend
//! against the previous period; the team, location and channel filters; the heat map in HTML,
//! opened in Chromium; Spanish labels; and `--channel` on `report team` and `report evaluators`.

mod common;

use common::browser::{chromium_for, screenshot, screenshot_dir};
use common::criteria_support::*;
use common::reports_support::fixture;
use common::spanish::{english_fragments, english_in, readable};
use common::*;
use serde_json::Value;

/// October 2026 in the fixture; its previous period is 2026-08-31 to 2026-09-30.
const OCTOBER: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-10-31"];
const OCT: (&str, &str) = ("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z");
const PREV: (&str, &str) = ("2026-08-31T00:00:00Z", "2026-10-01T00:00:00Z");

fn select<'a>(
    rubric: &'a str,
    (from, to): (&'a str, &'a str),
    ids: Option<&'a std::collections::BTreeSet<i64>>,
) -> Select<'a> {
    Select { rubric, from, to, ids }
}

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut all = OCTOBER.to_vec();
    all.extend_from_slice(extra);
    all
}

#[test]
fn numbers_and_trends_match_a_recount_of_the_answers() {
    let sb = fixture();
    // A voided evaluation leaves the report: evaluation 12 (O-9) no longer counts.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "void",
            "12",
            "--reason",
            "Scored the wrong call",
        ])
        .assert()
        .success();
    let r = report(&sb, &args(&["--rubric", "call-quality", "--min-n", "1"]));
    let now = recount(&sb, &select("call-quality", OCT, None));
    let before = recount(&sb, &select("call-quality", PREV, None));
    // Every answer but the N/A ones: at most 24 criteria in each of the 8 (and 3) evaluations.
    let (n, prev_n) = (
        assert_matches(&r, "current", &now),
        assert_matches(&r, "previous", &before),
    );
    assert!(
        n > 8 * 15 && n < 8 * 24 && prev_n > 3 * 15 && prev_n < 3 * 24,
        "{n} {prev_n}"
    );
    assert_eq!(r["answers"].as_u64().unwrap(), n);
    assert_worst_first(&r);
    // By hand: empathy.acknowledge in October is partly (4), not met (5), partly (7) and five
    // at full marks: mean 6/8, one failing ("not met" is below half marks).
    let row = |key: &str| {
        r["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()
            .clone()
    };
    let ack = row("empathy.acknowledge");
    assert_eq!(ack["current"]["n"], 8);
    assert!((ack["current"]["mean"].as_f64().unwrap() - 75.0).abs() < 1e-9);
    assert_eq!(ack["current"]["failing"], 1);
    // A critical "no" fails by its own rule: security.protect_data in evaluation 6.
    let data = row("security.protect_data");
    assert_eq!(
        (data["critical"].clone(), data["current"]["failing"].clone()),
        (Value::Bool(true), 1.into())
    );
    // The trend is the change of the mean against the previous period, in points.
    for c in r["criteria"].as_array().unwrap() {
        let (m, p) = (c["current"]["mean"].as_f64(), c["previous"]["mean"].as_f64());
        if let (Some(m), Some(p)) = (m, p) {
            let change = c["trend"]["change"].as_f64().unwrap();
            assert!((change - (m - p)).abs() < 1e-9, "{}", c["key"]);
        }
    }
    assert_eq!(ack["previous"]["n"], 3);
    assert!((ack["trend"]["change"].as_f64().unwrap() - (75.0 - 100.0 * 2.5 / 3.0)).abs() < 1e-9);
    // With the default minimum of 5 answers, three in September are too few for a trend.
    let r = report(&sb, &args(&["--rubric", "call-quality"]));
    assert_eq!(r["min_n"], 5);
    for c in r["criteria"].as_array().unwrap() {
        // Where both periods have answers; otherwise there is nothing to compare.
        if c["previous"]["n"] != 0 && c["current"]["n"] != 0 {
            assert_eq!(c["trend"]["direction"], "small", "{}", c["key"]);
        }
        assert!(c["trend"]["change"].is_null());
    }
    let text = sb.stdout(&[
        "report",
        "criteria",
        "--rubric",
        "call-quality",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    assert!(text.contains("n too small"), "{text}");
    // The CSV is the criteria table.
    let csv = sb.stdout(&[
        "report",
        "criteria",
        "--rubric",
        "call-quality",
        "--format",
        "csv",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("key") && header.contains("current.n") && header.contains("current.failing_share"),
        "{header}"
    );
    assert_eq!(csv.lines().count(), 1 + 26);
}

#[test]
fn without_a_rubric_there_is_one_table_per_rubric() {
    let sb = fixture();
    let tables = report(&sb, &OCTOBER);
    let tables = tables.as_array().expect("an array of tables");
    let ids: Vec<&str> = tables.iter().map(|t| t["rubric"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["call-quality", "store-visit"], "most answers first");
    // Visits: mad-01 twice and bcn-01 once approved in October; the unapproved one never counts.
    let visits = recount(&sb, &select("store-visit", OCT, None));
    assert_matches(&tables[1], "current", &visits);
    assert!(visits.values().all(|c| c.n <= 3));
}

#[test]
fn team_location_and_channel_filter_the_answers() {
    let sb = fixture();
    let all = report(&sb, &args(&["--rubric", "call-quality"]));
    let cases: [(&[&str], &str); 4] = [
        (
            &["--team", "south"],
            "SELECT e.id FROM counted_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.team = 'south'",
        ),
        (
            &["--channel", "phone"],
            "SELECT e.id FROM counted_evaluations e JOIN interactions i ON i.id = e.interaction_id WHERE i.channel = 'phone'",
        ),
        (
            &["--location", "mad-01"],
            "SELECT e.id FROM counted_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.location = 'mad-01'",
        ),
        (
            &["--team", "north", "--channel", "email"],
            "SELECT e.id FROM counted_evaluations e JOIN agents a ON a.id = e.agent_id JOIN interactions i ON i.id = e.interaction_id WHERE a.team = 'north' AND i.channel = 'email'",
        ),
    ];
    for (filter, sql) in cases {
        let chosen = ids(&sb, sql);
        let mut a = vec!["--rubric", "call-quality"];
        a.extend_from_slice(filter);
        let r = report(&sb, &args(&a));
        let n = assert_matches(
            &r,
            "current",
            &recount(&sb, &select("call-quality", OCT, Some(&chosen))),
        );
        assert_matches(
            &r,
            "previous",
            &recount(&sb, &select("call-quality", PREV, Some(&chosen))),
        );
        assert!(
            n > 0 && n < all["answers"].as_u64().unwrap(),
            "{filter:?} selects some, not all: {n}"
        );
        assert_eq!(r["filters"][filter[0].trim_start_matches("--")], filter[1]);
    }
    // A visit's location is where it happened; visits are in no channel.
    let r = report(&sb, &args(&["--rubric", "store-visit", "--location", "bcn-01"]));
    let bcn = ids(&sb, "SELECT id FROM counted_evaluations WHERE location_id = 'bcn-01'");
    assert_eq!(
        assert_matches(&r, "current", &recount(&sb, &select("store-visit", OCT, Some(&bcn)))),
        r["answers"].as_u64().unwrap()
    );
    assert!(r["answers"].as_u64().unwrap() > 0);
    let r = report(&sb, &args(&["--rubric", "store-visit", "--channel", "phone"]));
    assert_eq!(r["answers"], 0);
}

#[test]
fn heat_map_cells_add_up_by_team_and_by_month() {
    let sb = fixture();
    let by_team = report(&sb, &args(&["--rubric", "call-quality"]));
    let keys: Vec<Value> = by_team["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].clone())
        .collect();
    assert_eq!(keys, ["north", "south"]);
    let south = ids(
        &sb,
        "SELECT e.id FROM counted_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.team = 'south'",
    );
    let south_counts = recount(&sb, &select("call-quality", OCT, Some(&south)));
    for c in by_team["criteria"].as_array().unwrap() {
        let cells = c["cells"].as_array().unwrap();
        let sum: u64 = cells.iter().map(|x| x["n"].as_u64().unwrap()).sum();
        assert_eq!(sum, c["current"]["n"].as_u64().unwrap());
        let want = south_counts
            .get(c["key"].as_str().unwrap())
            .copied()
            .unwrap_or_default();
        assert_eq!(cells[1]["n"].as_u64().unwrap(), want.n);
        assert_eq!(cells[1]["mean"].as_f64(), want.mean());
        assert_eq!(cells[1]["few"], want.n > 0 && want.n < 5);
    }
    let by_month = report(
        &sb,
        &[
            "--rubric",
            "call-quality",
            "--from",
            "2026-09-01",
            "--to",
            "2026-10-31",
            "--by",
            "month",
        ],
    );
    let keys: Vec<Value> = by_month["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].clone())
        .collect();
    assert_eq!(keys, ["2026-09", "2026-10"]);
    let sept = recount(
        &sb,
        &select("call-quality", ("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"), None),
    );
    for c in by_month["criteria"].as_array().unwrap() {
        let cells = c["cells"].as_array().unwrap();
        let want = sept.get(c["key"].as_str().unwrap()).copied().unwrap_or_default();
        assert_eq!(cells[0]["n"].as_u64().unwrap(), want.n);
        assert_eq!(
            cells[0]["n"].as_u64().unwrap() + cells[1]["n"].as_u64().unwrap(),
            c["current"]["n"].as_u64().unwrap()
        );
    }
    let md = sb.stdout(&[
        "report",
        "criteria",
        "--rubric",
        "call-quality",
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
        "--by",
        "month",
        "--format",
        "md",
    ]);
    assert!(
        md.contains("Heat map: criterion × month") && md.contains("| Sep 2026 | Oct 2026 |"),
        "{md}"
    );
}

#[test]
fn the_html_has_a_self_contained_heat_map_that_chromium_opens() {
    let sb = fixture();
    let html_path = sb.path("criteria.html");
    sb.qaudit()
        .args(["report", "criteria", "--rubric", "call-quality"])
        .args(OCTOBER)
        .arg("--output")
        .arg(&html_path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("id=\"heat-map\""), "no heat map");
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    // 26 criteria × 2 teams, each cell coloured and with its value and n written in it.
    assert_eq!(html.matches("<td class=\"cell heat-").count(), 52);
    assert!(
        html.contains("<span class=\"v\">100.0%</span><span class=\"n\">n "),
        "a written value and n"
    );
    assert!(
        html.contains("heat-0") || html.contains("heat-1"),
        "some criterion low enough to colour"
    );
    assert!(html.contains("few"), "south's cells have fewer than 5 answers");
    let Some(chromium) = chromium_for("the_html_has_a_self_contained_heat_map_that_chromium_opens") else {
        return;
    };
    screenshot(&chromium, &html_path, &screenshot_dir().join("criteria.png"));
}

#[test]
fn unknown_filters_are_refused_with_a_hint_and_the_store_unchanged() {
    let sb = fixture();
    let before = fingerprint(&sb.db());
    for (flag, value, hint) in [
        ("--channel", "fax", "channels: chat, email, phone"),
        ("--location", "nowhere", "locations: bcn-01, mad-01, vlc-01"),
        ("--team", "west", "teams: north, south"),
    ] {
        let out = sb
            .qaudit()
            .args(["report", "criteria", flag, value])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains(value) && err.contains("hint:") && err.contains(hint),
            "{err}"
        );
    }
    for cmd in ["team", "evaluators"] {
        let out = sb
            .qaudit()
            .args(["report", cmd, "--channel", "fax"])
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert!(
            String::from_utf8(out.stderr)
                .unwrap()
                .contains("visits are in no channel")
        );
    }
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn report_team_and_report_evaluators_take_channel() {
    let sb = fixture();
    let count = |sql: &str| query_i64(&sb.db(), sql) as u64;
    let json = |a: &[&str]| -> Value {
        let mut all = vec!["--format", "json", "report"];
        all.extend_from_slice(a);
        all.extend_from_slice(&OCTOBER);
        serde_json::from_str(&stdout_of(sb.qaudit().args(&all))).unwrap()
    };
    let phone = "e.interaction_id IN (SELECT id FROM interactions WHERE channel = 'phone')";
    let october = "e.occurred_at >= '2026-10-01' AND e.occurred_at < '2026-11-01'";
    let all = json(&["team", "--rubric", "call-quality"]);
    let by_phone = json(&["team", "--rubric", "call-quality", "--channel", "phone"]);
    assert_eq!(all["totals"]["evaluations"], 9);
    let want = count(&format!(
        "SELECT count(*) FROM counted_evaluations e WHERE {october} AND {phone}"
    ));
    assert_eq!(by_phone["totals"]["evaluations"].as_u64().unwrap(), want);
    assert!(want < 9);
    let avg: f64 = {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.query_row(
            &format!("SELECT avg(overall) FROM counted_evaluations e WHERE {october} AND {phone}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!((by_phone["totals"]["average"].as_f64().unwrap() - avg).abs() < 1e-9);
    // Contacts handled are those of the channel too.
    let contacts = count(
        "SELECT count(*) FROM interactions WHERE channel = 'phone' AND occurred_at >= '2026-10-01' AND occurred_at < '2026-11-01'",
    );
    assert_eq!(by_phone["totals"]["kpi"]["contacts"].as_u64().unwrap(), contacts);
    // Evaluators: each one's count is of the channel's evaluations only; shoppers drop out.
    let all = json(&["evaluators"]);
    let by_phone = json(&["evaluators", "--channel", "phone"]);
    for e in by_phone["evaluators"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let want = count(&format!(
            "SELECT count(*) FROM counted_evaluations e WHERE {october} AND {phone} AND e.evaluator_id = '{id}'"
        ));
        assert_eq!(e["evaluations"].as_u64().unwrap(), want, "{id}");
    }
    let total = |v: &Value| {
        v["evaluators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["evaluations"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert!(total(&by_phone) < total(&all));
    assert!(
        !by_phone["evaluators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "sam")
    );
}

#[test]
fn on_the_demo_the_numbers_match_and_a_spanish_rubric_reads_in_spanish() {
    let sb = Sandbox::new();
    sb.qaudit().args(["demo"]).assert().success();
    for rubric in ["call-quality", "calidad-contacto"] {
        let r = report(&sb, &["--rubric", rubric]);
        let bound = |v: &Value| format!("{}T00:00:00Z", v.as_str().unwrap());
        let next_day = |v: &Value| {
            let d = chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
            format!("{}T00:00:00Z", d + chrono::Duration::days(1))
        };
        let (from, to) = (bound(&r["period"]["from"]), next_day(&r["period"]["to"]));
        let (pfrom, pto) = (
            bound(&r["previous_period"]["from"]),
            next_day(&r["previous_period"]["to"]),
        );
        let n = assert_matches(&r, "current", &recount(&sb, &select(rubric, (&from, &to), None)));
        assert!(n > 1000, "{rubric}: the demo scores plenty in 30 days ({n})");
        assert_matches(&r, "previous", &recount(&sb, &select(rubric, (&pfrom, &pto), None)));
        assert_worst_first(&r);
    }
    let fragments = english_fragments();
    for format in ["txt", "md", "html"] {
        let out = sb.stdout(&[
            "report",
            "criteria",
            "--rubric",
            "calidad-contacto",
            "--by",
            "month",
            "--format",
            format,
        ]);
        let heat = if format == "txt" {
            "MAPA DE CALOR: CRITERIO × MES"
        } else {
            "Mapa de calor: criterio × mes"
        };
        assert!(out.contains("Qué criterios reforzar") && out.contains(heat), "{out}");
        let day = regex_like_day(&out.replace("&#x2f;", "/"));
        assert!(day, "days first (dd/mm/yyyy) in {format}");
        let hits = english_in(&readable(&out, format == "html"), &fragments);
        assert!(hits.is_empty(), "English in the Spanish {format} report: {hits:#?}");
    }
    let txt = sb.stdout(&["report", "criteria", "--rubric", "calidad-contacto", "--format", "txt"]);
    assert!(
        txt.lines()
            .any(|l| l.starts_with("cortesia.") && l.contains(",") && l.contains('%')),
        "a decimal comma: {txt}"
    );
}

/// True when `text` holds a day written dd/mm/yyyy.
fn regex_like_day(text: &str) -> bool {
    text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b'/'
            } else {
                c.is_ascii_digit()
            }
        })
    })
}
