//! The numbers of team, locations and evaluators reports checked against hand-computed values,
//! and the flags a team report lists, through the binary.

mod common;

use common::reports_support::fixture;

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
