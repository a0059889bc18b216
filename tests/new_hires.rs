//! New hires (issue 20, part 5): hire dates on agents, heavier sampling in their first weeks,
//! the new-hire marker of the team report, and the ramp-up report.

mod common;

use common::new_hires_support::*;
use common::sampling_support::{FROM, TO, draw, floor};
use common::spanish::{english_fragments, english_in, readable};
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Agents and how many items the draw gave each.
fn per_agent(json: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in json["items"].as_array().unwrap() {
        *counts.entry(item["agent"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts
}

fn hire(sb: &Sandbox, id: &str, name: &str, day: &str) {
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", id, "--name", name, "--hired-on", day])
        .assert()
        .success();
}

const NEW_HIRE_DRAW: &[&str] = &[
    "--per-agent",
    "2",
    "--new-hire-weeks",
    "4",
    "--new-hire-per-agent",
    "6",
    "--seed",
    "7",
];

#[test]
fn a_new_hire_is_sampled_at_the_heavier_rate_and_the_draw_verifies() {
    let sb = Sandbox::new();
    floor(&sb);
    // Luis started a week before the period: in his first 4 weeks. Ana has been here for years.
    hire(&sb, "a-2", "Luis Mora", "2026-11-01");
    hire(&sb, "a-1", "Ana Ruiz", "2024-03-01");
    // Rosa starts mid-week with only 3 contacts: a new hire short of her quota.
    hire(&sb, "a-3", "Rosa Vidal", "2026-11-12");
    let plain = draw(&sb, &["--per-agent", "2", "--seed", "7", "--dry-run"]);
    let rehearsed = draw(&sb, &[NEW_HIRE_DRAW, &["--dry-run"]].concat());
    let heavy = draw(&sb, NEW_HIRE_DRAW);
    // The same seed gives the same list.
    assert_eq!(
        common::sampling_support::items(&rehearsed),
        common::sampling_support::items(&heavy)
    );
    let expected: BTreeMap<String, usize> = [("a-1", 2), ("a-2", 6), ("a-3", 3), ("eva", 2)]
        .into_iter()
        .map(|(a, n)| (a.to_string(), n))
        .collect();
    assert_eq!(per_agent(&heavy), expected, "{heavy}");
    assert_eq!(per_agent(&plain)["a-2"], 2);
    // The others' lists are those of the same draw without new hires: each agent has their own
    // random stream.
    let of = |json: &Value, agent: &str| -> Vec<String> {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["agent"] == agent)
            .map(|i| i["interaction"].as_str().unwrap().to_string())
            .collect()
    };
    for agent in ["a-1", "eva"] {
        assert_eq!(of(&heavy, agent), of(&plain, agent), "{agent}");
    }
    // Recorded: the quota and who was a new hire.
    assert_eq!(heavy["params"]["new_hire"]["weeks"], 4);
    assert_eq!(heavy["params"]["new_hire"]["per_agent"], 6);
    let hires: Vec<&Value> = heavy["params"]["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["new_hire"] == true)
        .collect();
    assert_eq!(hires.len(), 2);
    assert_eq!(hires[0]["agent"], "a-2");
    assert_eq!(hires[0]["hired_on"], "2026-11-01");
    assert_eq!(hires[1]["agent"], "a-3");
    // The shortfall is against each agent's own quota.
    let short: Vec<(&str, u64)> = heavy["shortfall"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["agent"].as_str().unwrap(), s["short"].as_u64().unwrap()))
        .collect();
    assert_eq!(short, [("a-3", 3)]);

    let id = heavy["sample"].as_i64().unwrap().to_string();
    let shown = stdout_of(sb.qaudit().args(["--as", "lea", "sample", "show", &id, "--verify"]));
    assert!(
        shown.contains("6 per agent for agents in their first 4 week(s) of tenure during the")
            && shown.contains("2 agent(s), a-2 (hired 2026-11-01), a-3 (hired"),
        "{shown}"
    );
    assert!(shown.contains("Verified: drawing again from seed 7"), "{shown}");
    // A hire date corrected after the draw does not change what the draw was.
    hire(&sb, "a-2", "Luis Mora", "2020-01-01");
    let shown = stdout_of(sb.qaudit().args(["--as", "lea", "sample", "show", &id, "--verify"]));
    assert!(shown.contains("Verified"), "{shown}");
}

#[test]
fn new_hire_quotas_that_cannot_be_meant_are_refused() {
    let sb = Sandbox::new();
    floor(&sb);
    let before = fingerprint(&sb.db());
    let refuse = |extra: &[&str]| {
        let mut args = vec![
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            FROM,
            "--to",
            TO,
            "--per-agent",
            "2",
        ];
        args.extend_from_slice(extra);
        sb.refuse(&args)
    };
    // Nobody has a hire date yet.
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "4", "--new-hire-per-agent", "6"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: none of the 4 agent(s) in scope has a hire date, so nobody can be a new hire
    hint: record hire dates first: `qaudit agent add ID --name NAME --hired-on YYYY-MM-DD`, or a hired_on column in `qaudit agent import`
    ");
    hire(&sb, "a-2", "Luis Mora", "2026-11-01");
    let before_draws = fingerprint(&sb.db());
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "0", "--new-hire-per-agent", "6"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-weeks 0: no week would count as a new hire's
    hint: give the weeks of tenure that count as new, e.g. --new-hire-weeks 12
    ");
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "520", "--new-hire-per-agent", "6"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-weeks 520 is more than 104 weeks, which is tenure, not a new hire's first weeks
    hint: give the weeks of tenure that count as new, e.g. --new-hire-weeks 12
    ");
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "4", "--new-hire-per-agent", "0"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-per-agent 0 draws nothing for new hires
    hint: give how many interactions to draw for each new hire, e.g. --per-agent 4 --new-hire-per-agent 8
    ");
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "4", "--new-hire-per-agent", "2"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-per-agent 2 is not more than --per-agent 2: new hires would not be sampled more heavily
    hint: give new hires more than the others, e.g. --new-hire-per-agent 4
    ");
    insta::assert_snapshot!(refuse(&["--new-hire-weeks", "4", "--new-hire-per-agent", "100000"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-per-agent 100000 is more than 500 interactions for one agent in one draw
    hint: give how many interactions to draw for each new hire, e.g. --per-agent 4 --new-hire-per-agent 8
    ");
    assert_eq!(fingerprint(&sb.db()), before_draws, "refused draws change nothing");
    assert_ne!(before, before_draws, "the hire date was stored");
    // One flag without the other is a usage error.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            FROM,
            "--to",
            TO,
            "--per-agent",
            "2",
        ])
        .args(["--new-hire-weeks", "4"])
        .assert()
        .code(2);
}

#[test]
fn hire_dates_come_from_add_and_import_and_bad_ones_are_refused() {
    let sb = Sandbox::new();
    team(&sb);
    // Without hire dates the list is as it always was.
    let list = stdout_of(sb.qaudit().args(["agent", "list"]));
    assert!(!list.contains("hired on"), "{list}");
    let added = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "agent",
        "add",
        "a-9",
        "--name",
        "Nora Vidal",
        "--team",
        "north",
        "--hired-on",
        "2026-11-16",
    ]));
    assert_eq!(
        added.trim(),
        "Added agent a-9: Nora Vidal, team north, hired on 2026-11-16."
    );
    // An existing agent: only the hire date changes, the rest is kept.
    let updated = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "agent",
        "add",
        "a-1",
        "--name",
        "Ana Ruiz",
        "--hired-on",
        "2026-10-05",
    ]));
    assert_eq!(updated.trim(), "Updated agent a-1: hired on (none) → \"2026-10-05\".");
    // Import: a new agent, a correction of a-9's date, and a-2 without the column's value.
    let file = sb.write(
        "agents.csv",
        "id,name,team,hired_on\na-10,Pablo Ríos,north,2026-11-23\na-9,Nora Vidal,north,2026-11-17\n",
    );
    let imported = stdout_of(sb.qaudit().args(["--as", "lea", "agent", "import"]).arg(&file));
    assert!(
        imported
            .trim()
            .ends_with("agents.csv: 1 added, 1 updated, 0 unchanged."),
        "{imported}"
    );
    let agents: Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["--format", "json", "agent", "list"]))).unwrap();
    let hired: BTreeMap<&str, Option<&str>> = agents
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["hired_on"].as_str()))
        .collect();
    assert_eq!(hired["a-1"], Some("2026-10-05"));
    assert_eq!(hired["a-2"], None);
    assert_eq!(hired["a-9"], Some("2026-11-17"));
    assert_eq!(hired["a-10"], Some("2026-11-23"));
    let list = stdout_of(sb.qaudit().args(["agent", "list"]));
    assert!(list.contains("hired on") && list.contains("2026-11-23"), "{list}");
    // The correction is audited with where it came from.
    let log = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "--format", "json", "log", "--entity", "agent:a-9"]),
    );
    assert!(log.contains("agents.csv:3") && log.contains("2026-11-16"), "{log}");

    // A bad date: refused at file:line with a hint, nothing imported.
    let before = fingerprint(&sb.db());
    let bad = sb.write(
        "bad.csv",
        "id,name,hired_on\na-11,Rosa Vidal,2026-11-30\na-12,Hugo Gil,30/11/2026\na-13,Eva Paz,2026-02-30\n",
    );
    assert!(bad.exists());
    insta::assert_snapshot!(sb.refuse(&["--as", "lea", "agent", "import", "bad.csv"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: bad.csv:3: hired_on: `30/11/2026` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    bad.csv:4: hired_on: `2026-02-30` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    nothing was imported (2 bad rows)
    hint: fix the rows listed and import the file again; locations must be stored first (`qaudit location import`)
    ");
    insta::assert_snapshot!(sb.refuse(&["--as", "lea", "agent", "add", "a-11", "--name", "Rosa", "--hired-on", "1890-01-01"]), @r#"
    exit: 1
    --- stdout
    --- stderr
    error: --hired-on: `1890-01-01` is 1890-01-01, outside the years 2000 to 2100; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)
    hint: give the day the agent was hired, e.g. --hired-on 2026-11-02 (--hired-on "" clears it)
    "#);
    assert_eq!(fingerprint(&sb.db()), before, "refusals change nothing");
    sb.qaudit().args(["--as", "lea", "verify"]).assert().success();
}

/// `report team --team north` over the floor's week in `format`, with `extra` flags.
fn team_report(sb: &Sandbox, format: &str, extra: &[&str]) -> String {
    stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "--format", format, "report", "team", "--team", "north"])
            .args(["--from", FROM, "--to", TO])
            .args(extra),
    )
}

#[test]
fn report_team_marks_new_hires_with_a_legend() {
    let sb = Sandbox::new();
    floor(&sb);
    hire(&sb, "a-2", "Luis Mora", "2026-11-01");
    hire(&sb, "a-1", "Ana Ruiz", "2024-03-01");
    let json: Value = serde_json::from_str(&team_report(&sb, "json", &[])).unwrap();
    assert_eq!(json["new_hire_weeks"], 12);
    assert_eq!(json["new_hires"], 1);
    let flag = |json: &Value, id: &str| {
        json["agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| (a["new_hire"].clone(), a["hired_on"].clone()))
            .unwrap()
    };
    assert_eq!(flag(&json, "a-2"), (Value::Bool(true), Value::from("2026-11-01")));
    assert_eq!(flag(&json, "a-1"), (Value::Bool(false), Value::from("2024-03-01")));
    let md = team_report(&sb, "md", &[]);
    assert!(md.contains("| Luis Mora (a-2) (new hire) |"), "{md}");
    assert!(md.contains("| Ana Ruiz (a-1) |"), "{md}");
    assert!(
        md.contains(
            "*(new hire): 1 agent(s) with some day of the period in their first 12 weeks since their hire date"
        ),
        "{md}"
    );
    let txt = team_report(&sb, "txt", &[]);
    assert!(txt.contains("+ Luis Mora (a-2)"), "{txt}");
    assert!(txt.contains("+ (new hire): 1 agent(s)"), "{txt}");
    let html = team_report(&sb, "html", &[]);
    assert!(html.contains(r#"<span class="badge">(new hire)</span>"#), "{html}");
    assert_eq!(html.matches("(new hire)").count(), 2, "the marker and the legend");
    let csv = team_report(&sb, "csv", &[]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "new_hire").expect("a new_hire column");
    let luis = csv.lines().find(|l| l.contains("a-2")).unwrap();
    assert_eq!(luis.split(',').nth(col), Some("true"), "{csv}");
    // In Spanish.
    let es = team_report(&sb, "md", &["--lang", "es"]);
    assert!(es.contains("| Luis Mora (a-2) (nueva incorporación) |"), "{es}");
    assert!(
        es.contains("1 agente(s) con algún día del periodo dentro de sus primeras 12 semanas"),
        "{es}"
    );
    // A week later than his first week, with --new-hire-weeks 1, Luis is no longer marked, and
    // nothing about new hires is printed.
    let later = team_report(&sb, "md", &["--new-hire-weeks", "1"]);
    assert!(!later.contains("new hire"), "{later}");
    insta::assert_snapshot!(sb.refuse(&["report", "team", "--new-hire-weeks", "0"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --new-hire-weeks 0: no week would count as a new hire's
    hint: give the weeks of tenure that count as a new hire's, 1 to 104, e.g. --new-hire-weeks 12
    ");
}

/// `(n, mean)` per week of tenure 1..=weeks, recomputed from `(day, overall)` pairs.
fn by_week(scores: &[(chrono::NaiveDate, f64)], hired: chrono::NaiveDate, weeks: i64) -> Vec<(u64, Option<f64>)> {
    (1..=weeks)
        .map(|w| {
            let in_week: Vec<f64> = scores
                .iter()
                .filter(|(d, _)| {
                    let days = (*d - hired).num_days();
                    days >= 0 && days / 7 + 1 == w
                })
                .map(|(_, s)| *s)
                .collect();
            let n = in_week.len() as u64;
            (n, (n > 0).then(|| in_week.iter().sum::<f64>() / n as f64))
        })
        .collect()
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn ramp_up_numbers_are_recomputed_from_the_evaluations() {
    let sb = Sandbox::new();
    hired_team(&sb);
    let report: Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "--format", "json", "report", "ramp-up", "--weeks", "4"]),
    ))
    .unwrap();
    let evaluations = counted(&sb);
    let mut cohort: Vec<Vec<f64>> = vec![Vec::new(); 4];
    let agents = report["agents"].as_array().unwrap();
    assert_eq!(
        agents.iter().map(|a| a["id"].as_str().unwrap()).collect::<Vec<_>>(),
        ["a-1", "a-2"],
        "agents with a hire date, earliest hired first"
    );
    for (agent, hired) in [("a-1", ANA_HIRED), ("a-2", LUIS_HIRED)] {
        let scores: Vec<(chrono::NaiveDate, f64)> = evaluations
            .iter()
            .filter(|(a, _, _)| a == agent)
            .map(|(_, d, s)| (day(d), *s))
            .collect();
        let expected = by_week(&scores, day(hired), 4);
        let row = agents.iter().find(|a| a["id"] == agent).unwrap();
        assert_eq!(row["hired_on"], hired);
        for (w, (n, mean)) in expected.iter().enumerate() {
            let cell = &row["weeks"][w];
            assert_eq!(cell["week"], w as u64 + 1);
            assert_eq!(cell["n"], *n, "{agent} week {}", w + 1);
            match mean {
                Some(m) => assert!(
                    (cell["mean"].as_f64().unwrap() - m).abs() < 1e-9,
                    "{agent} week {}",
                    w + 1
                ),
                None => assert!(cell["mean"].is_null()),
            }
        }
        for (d, s) in &scores {
            let days = (*d - day(hired)).num_days();
            if (0..28).contains(&days) {
                cohort[(days / 7) as usize].push(*s);
            }
        }
    }
    // What the fixture is meant to hold: Ana twice in week 1 (the 7th day included), once in
    // weeks 2 and 4, and her contact before the hire left out; Luis once in week 1, twice in 2.
    let ns = |id: &str| -> Vec<u64> {
        agents.iter().find(|a| a["id"] == id).unwrap()["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["n"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ns("a-1"), [2, 1, 0, 1]);
    assert_eq!(ns("a-2"), [1, 2, 0, 0]);
    for (w, scores) in cohort.iter().enumerate() {
        let cell = &report["cohort"][w];
        assert_eq!(cell["n"], scores.len() as u64, "cohort week {}", w + 1);
        if !scores.is_empty() {
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            assert!(
                (cell["mean"].as_f64().unwrap() - mean).abs() < 1e-9,
                "cohort week {}",
                w + 1
            );
        }
    }
    assert_eq!(report["cohort"][0]["agents"], 2);
    assert_eq!(report["evaluations"], 7);
    // The same numbers in the other formats; html with its chart.
    let md = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "report", "ramp-up", "--weeks", "4", "--format", "md"]),
    );
    let ana_w2 = report["agents"][0]["weeks"][1]["mean"].as_f64().unwrap();
    assert!(md.contains(&format!("| {ana_w2:.1} (1) |")), "{md}");
    assert!(md.contains("## Cohort by week of tenure"), "{md}");
    let txt = stdout_of(sb.qaudit().args(["--as", "lea", "report", "ramp-up", "--weeks", "4"]));
    assert!(
        txt.contains("COHORT BY WEEK OF TENURE") && txt.contains("Ana Ruiz (a-1)"),
        "{txt}"
    );
    let out = sb.path("ramp-up.html");
    sb.qaudit()
        .args(["--as", "lea", "report", "ramp-up", "--weeks", "4", "--output"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<svg") && html.contains("Mean overall score by week of tenure"),
        "{html}"
    );
    // One point per week with data: the cohort's 3, Ana's 3 and Luis's 2.
    assert_eq!(html.matches("<circle").count(), 3 + 3 + 2);
    // --team narrows, and a bad --weeks is refused.
    let north: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as", "lea", "--format", "json", "report", "ramp-up", "--team", "north",
    ])))
    .unwrap();
    assert_eq!(north["agents"].as_array().unwrap().len(), 2);
    assert_eq!(north["weeks"], 12, "the default");
    insta::assert_snapshot!(sb.refuse(&["report", "ramp-up", "--weeks", "0"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --weeks 0: no week would count as a new hire's
    hint: give the weeks of tenure that count as a new hire's, 1 to 104, e.g. --weeks 12
    ");
    // An agent sees only their own ramp-up.
    let own: Value = serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--as", "a-2", "--format", "json", "report", "ramp-up"]),
    ))
    .unwrap();
    assert_eq!(own["agents"].as_array().unwrap().len(), 1);
    assert_eq!(own["agents"][0]["id"], "a-2");
}

#[test]
fn ramp_up_speaks_spanish() {
    let sb = Sandbox::new();
    hired_team(&sb);
    let fragments = english_fragments();
    for format in ["txt", "md", "html"] {
        let text = stdout_of(sb.qaudit().args([
            "--as", "lea", "--format", format, "report", "ramp-up", "--weeks", "4", "--lang", "es",
        ]));
        let text = readable(&text, format == "html").replace("&#x2f;", "/");
        assert!(
            text.contains("Cohorte por semana de antigüedad") || text.contains("COHORTE POR SEMANA DE ANTIGÜEDAD"),
            "{text}"
        );
        assert!(text.contains("02/11/2026"), "Spanish dates: {text}");
        assert!(!text.contains("2026-11-02"), "no ISO day: {text}");
        let english = english_in(&text, &fragments);
        assert!(
            english.is_empty(),
            "English in the Spanish {format}: {english:?}\n{text}"
        );
    }
    let md = stdout_of(sb.qaudit().args([
        "--as", "lea", "report", "ramp-up", "--weeks", "4", "--lang", "es", "--format", "md",
    ]));
    assert!(md.contains("| Semana | n | Media | Agentes |"), "{md}");
    assert!(md.contains(','), "decimal commas: {md}");
}
