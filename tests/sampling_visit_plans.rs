//! Visit plans: spread, balance, lockout, and their fulfilment by `visit log`, through the binary.

mod common;

use common::sampling_support::floor;
use common::{Sandbox, fingerprint, query_i64, stdout_of, store_visit_answers};
use serde_json::Value;

#[test]
fn visit_plans_spread_balance_respect_the_lockout_and_are_fulfilled_by_visit_log() {
    let sb = Sandbox::new();
    floor(&sb);
    // sam visited mad-01 on 20 November: with a 30-day lockout he cannot be planned there
    // before 20 December.
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 11:00",
            "--answers",
        ])
        .arg(&answers)
        .assert()
        .success();
    let plan = |seed: &str| -> Value {
        serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--as",
            "lea",
            "--format",
            "json",
            "visit",
            "plan",
            "--month",
            "2026-12",
            "--per-location",
            "2",
            "--lockout-days",
            "30",
            "--seed",
            seed,
        ])))
        .unwrap()
    };
    let json = plan("7");
    let visits = json["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 6, "3 locations x 2");
    let day = |v: &Value| chrono::NaiveDate::parse_from_str(v["day"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    for v in visits {
        // sam's visit of 20 November locks mad-01 for him until 20 December.
        if v["location"] == "mad-01" && v["shopper"] == "sam" {
            assert!(day(v) >= chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(), "{v}");
        }
        for w in visits {
            if v != w && v["location"] == w["location"] && v["shopper"] == w["shopper"] {
                assert!((day(v) - day(w)).num_days().abs() >= 30, "{v} {w}");
            }
        }
    }
    // Spread: one visit per location in each half of the month.
    for location in ["mad-01", "bcn-01", "vlc-01"] {
        let mut days: Vec<u32> = visits
            .iter()
            .filter(|v| v["location"] == location)
            .map(|v| chrono::Datelike::day(&day(v)))
            .collect();
        days.sort();
        assert!(days[0] <= 15 && days[1] >= 16, "{location}: {days:?}");
    }
    // Balanced: 3 each.
    let loads: Vec<u64> = json["shoppers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["visits"].as_u64().unwrap())
        .collect();
    assert_eq!(loads, vec![3, 3]);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM visits WHERE status = 'planned' AND plan_id = 1"
        ),
        6
    );

    // Planning the same month again is refused; the store is unchanged.
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "visit",
        "plan",
        "--month",
        "2026-12",
        "--per-location",
        "1",
        "--seed",
        "1",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: bcn-01 already has 2 visit(s) planned in 2026-12 by plan 1
    hint: `qaudit visit list --planned` shows them; plan other locations with --locations
    ");
    assert_eq!(fingerprint(&sb.db()), before);

    // The planned visits are listed as open.
    let planned = stdout_of(sb.qaudit().args(["visit", "list", "--planned"]));
    assert_eq!(planned.matches("planned").count(), 6, "{planned}");

    // November: plan and fulfil one through `visit log --visit` (a past month, so it can be logged).
    let nov: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "visit",
        "plan",
        "--month",
        "2026-11",
        "--per-location",
        "1",
        "--locations",
        "bcn-01",
        "--lockout-days",
        "0",
        "--seed",
        "3",
    ])))
    .unwrap();
    let planned_visit = &nov["visits"][0];
    let id = planned_visit["visit"].as_i64().unwrap();
    let shopper = planned_visit["shopper"].as_str().unwrap();
    sb.qaudit()
        .args([
            "--as",
            shopper,
            "visit",
            "log",
            "--visit",
            &id.to_string(),
            "--location",
            "bcn-01",
            "--rubric",
            "store-visit",
        ])
        .args(["--visited-at", "2026-11-21 10:00", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    assert_eq!(
        query_i64(
            &sb.db(),
            &format!("SELECT status = 'complete' FROM visits WHERE id = {id}")
        ),
        1
    );
    let planned = stdout_of(sb.qaudit().args(["--format", "json", "visit", "list", "--planned"]));
    let open: Value = serde_json::from_str(&planned).unwrap();
    assert_eq!(open.as_array().unwrap().len(), 6);
    assert!(open.as_array().unwrap().iter().all(|v| v["id"] != id));
    // The plan is in the audit log with every visit.
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM audit_log WHERE action = 'visit.plan'"),
        2
    );

    // The same seed gives the same plan (in a fresh store with the same data).
    let again = Sandbox::new();
    floor(&again);
    again
        .qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 11:00",
            "--answers",
        ])
        .arg(&answers)
        .assert()
        .success();
    let replay: Value = serde_json::from_str(&stdout_of(again.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "visit",
        "plan",
        "--month",
        "2026-12",
        "--per-location",
        "2",
        "--lockout-days",
        "30",
        "--seed",
        "7",
    ])))
    .unwrap();
    let strip = |v: &Value| -> Vec<(String, String, String)> {
        v["visits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["day"].to_string(),
                    x["location"].to_string(),
                    x["shopper"].to_string(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&replay), strip(&json));
}
