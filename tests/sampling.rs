//! Drawing samples: seeds, quotas, stratification, evaluator shares and what is not drawn
//! again, through the binary.

mod common;

use common::sampling_support::{FROM, TO, draw, floor, floor_with, items, score_as, week_rows};
use common::{Sandbox, fingerprint, query_i64, stdout_of};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

fn count_by<'a>(json: &'a Value, key: &str) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for i in json["items"].as_array().unwrap() {
        *counts.entry(i[key].as_str().unwrap()).or_default() += 1;
    }
    counts
}

#[test]
fn the_same_seed_and_data_give_the_same_sample_and_another_seed_another() {
    let sb = Sandbox::new();
    floor(&sb);
    let args = ["--per-agent", "4", "--evaluators", "eva,lea", "--seed", "42"];
    let dry = draw(&sb, &[&args[..], &["--dry-run"]].concat());
    assert_eq!(dry["sample"], Value::Null);
    assert_eq!(items(&dry), items(&draw(&sb, &[&args[..], &["--dry-run"]].concat())));
    let other = draw(
        &sb,
        &[
            "--per-agent",
            "4",
            "--evaluators",
            "eva,lea",
            "--seed",
            "43",
            "--dry-run",
        ],
    );
    assert_ne!(items(&dry), items(&other));
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM samples"),
        0,
        "dry runs record nothing"
    );
    let recorded = draw(&sb, &args);
    assert_eq!(recorded["sample"], 1);
    assert_eq!(items(&recorded), items(&dry));
    assert_eq!(query_i64(&sb.db(), "SELECT seed FROM samples WHERE id = 1"), 42);

    // Another store with the same data imported in the opposite order draws the same list:
    // the draw depends on the data, not on how it was loaded.
    let other_store = Sandbox::new();
    let mut rows = week_rows();
    rows.reverse();
    floor_with(&other_store, &rows);
    assert_eq!(items(&draw(&other_store, &args)), items(&recorded));
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=8 {
        let tie = [
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-20",
            "--per-agent",
            "1",
            "--dry-run",
        ];
        let seed = seed.to_string();
        let one = |sb: &Sandbox| -> Vec<(String, String)> {
            let out = stdout_of(
                sb.qaudit()
                    .args(["--as", "lea", "--format", "json", "sample", "draw", "--seed", &seed])
                    .args(tie),
            );
            items(&serde_json::from_str(&out).unwrap())
        };
        let here = one(&sb);
        assert_eq!(here, one(&other_store), "seed {seed}");
        seen.insert(here[0].0.clone());
    }
    assert_eq!(
        seen.len(),
        2,
        "both tied interactions get drawn under some seed: {seen:?}"
    );

    // The recorded sample re-draws identically, also after work on it and a later sample.
    let first = &items(&recorded)[0];
    score_as(&sb, &first.1, &first.0, &[]).success();
    draw(&sb, &["--per-agent", "2", "--seed", "5"]);
    sb.qaudit()
        .args(["sample", "show", "1", "--verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Verified: drawing again from seed 42 with the recorded parameters",
        ));
}

#[test]
fn quota_shortfall_balance_and_no_self_assignment() {
    let sb = Sandbox::new();
    floor(&sb);
    let json = draw(&sb, &["--per-agent", "4", "--evaluators", "eva,lea", "--seed", "7"]);
    let per_agent = count_by(&json, "agent");
    // a-1 and a-2 from team() also have older interactions, outside the week.
    assert_eq!(
        per_agent,
        BTreeMap::from([("a-1", 4), ("a-2", 4), ("a-3", 3), ("eva", 4)])
    );
    let shortfall = json["shortfall"].as_array().unwrap();
    assert_eq!(shortfall.len(), 1);
    assert_eq!(shortfall[0]["agent"], "a-3");
    assert_eq!(
        (shortfall[0]["available"].as_u64(), shortfall[0]["short"].as_u64()),
        (Some(3), Some(1))
    );
    // Nobody scores themselves: eva's calls all go to lea.
    for i in json["items"].as_array().unwrap() {
        assert_ne!(i["agent"], i["evaluator"], "{i}");
    }
    // Balanced within one item: 15 items, 8 and 7.
    let per_evaluator = count_by(&json, "evaluator");
    assert_eq!(per_evaluator, BTreeMap::from([("eva", 8), ("lea", 7)]));
    // Every item is inside the week and was not evaluated before.
    for i in json["items"].as_array().unwrap() {
        let at = i["occurred_at"].as_str().unwrap();
        assert!(("2026-11-09".."2026-11-16").contains(&at), "{at}");
    }
    // The table says the same for people.
    let table = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "sample",
        "draw",
        "--from",
        FROM,
        "--to",
        TO,
        "--per-agent",
        "4",
        "--seed",
        "7",
        "--dry-run",
    ]));
    assert!(table.contains("Short of the quota of 4 (1 agent(s))"), "{table}");
    assert!(table.contains("not recorded (--dry-run)"), "{table}");
}

#[test]
fn interactions_in_an_open_sample_or_evaluated_are_not_drawn_again() {
    let sb = Sandbox::new();
    floor(&sb);
    let first = draw(&sb, &["--per-agent", "4", "--agent", "a-2", "--seed", "1"]);
    let first_items = items(&first);
    assert_eq!(first_items.len(), 4);
    // a-2 has 10 in the week: a second draw gets the 6 others.
    let second = draw(&sb, &["--per-agent", "10", "--agent", "a-2", "--seed", "1"]);
    let second_items = items(&second);
    assert_eq!(second_items.len(), 6);
    assert!(second_items.iter().all(|s| first_items.iter().all(|f| f.0 != s.0)));
    // Everything is now in an open sample: nothing to draw, and the store is left alone.
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(sb.qaudit().args([
        "--as",
        "lea",
        "sample",
        "draw",
        "--from",
        FROM,
        "--to",
        TO,
        "--per-agent",
        "1",
        "--agent",
        "a-2",
    ]));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no interactions that are not yet evaluated in 2026-11-09 to 2026-11-15 for the 1 agent(s) in scope; nothing was drawn
    hint: widen the period or the filters; interactions already in an open sample are not drawn again (`qaudit queue` lists them)
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    // --include-evaluated still leaves out what is in an open sample.
    let refused = sb.refusal(sb.qaudit().args([
        "--as",
        "lea",
        "sample",
        "draw",
        "--from",
        FROM,
        "--to",
        TO,
        "--per-agent",
        "1",
        "--agent",
        "a-2",
        "--include-evaluated",
    ]));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no interactions in 2026-11-09 to 2026-11-15 for the 1 agent(s) in scope; nothing was drawn
    hint: widen the period or the filters; interactions already in an open sample are not drawn again (`qaudit queue` lists them)
    ");
}

#[test]
fn stratification_follows_each_agents_channel_volumes() {
    let sb = Sandbox::new();
    floor(&sb);
    // a-1: 12 phone, 6 chat, 2 email in the week; 10 of 20 is 6/3/1.
    for seed in ["1", "2", "3"] {
        let json = draw(
            &sb,
            &[
                "--per-agent",
                "10",
                "--agent",
                "a-1",
                "--stratify",
                "channel",
                "--seed",
                seed,
                "--dry-run",
            ],
        );
        assert_eq!(
            count_by(&json, "channel"),
            BTreeMap::from([("chat", 3), ("email", 1), ("phone", 6)])
        );
        assert_eq!(json["params"]["stratify"], "channel");
    }
    // 5 of 20: exactly 3 / 1.5 / 0.5, so 3, 1, 0 and one left over; chat and email tie on the
    // remainder and it goes to the busier channel: 3 phone, 2 chat, no email.
    let json = draw(
        &sb,
        &[
            "--per-agent",
            "5",
            "--agent",
            "a-1",
            "--stratify",
            "channel",
            "--seed",
            "9",
            "--dry-run",
        ],
    );
    assert_eq!(count_by(&json, "channel"), BTreeMap::from([("chat", 2), ("phone", 3)]));
}

#[test]
fn evaluator_shares_are_followed() {
    let sb = Sandbox::new();
    floor(&sb);
    let json = draw(
        &sb,
        &[
            "--per-agent",
            "20",
            "--agent",
            "a-1",
            "--evaluators",
            "eva:75,lea:25",
            "--seed",
            "3",
            "--dry-run",
        ],
    );
    assert_eq!(count_by(&json, "evaluator"), BTreeMap::from([("eva", 15), ("lea", 5)]));
    assert_eq!(json["params"]["balanced"], false);
    assert_eq!(json["params"]["evaluators"][0]["share"], 75);
}

#[test]
fn the_rubric_limits_the_channels_and_is_recorded() {
    let sb = Sandbox::new();
    floor(&sb);
    let rubric = common::root().join("tests/fixtures/valid/critical-zero-section.yaml");
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(rubric)
        .assert()
        .success();
    let json = draw(&sb, &["--per-agent", "5", "--rubric", "zero-section", "--seed", "1"]);
    assert_eq!(count_by(&json, "channel"), BTreeMap::from([("email", 2)]));
    assert_eq!(json["params"]["rubric"]["id"], "zero-section");
    assert_eq!(json["params"]["channels"], serde_json::json!(["email"]));
    let queue = stdout_of(sb.qaudit().args(["queue"]));
    assert!(queue.contains("zero-section"), "{queue}");
}

#[test]
fn a_seed_is_chosen_and_printed_when_none_is_given() {
    let sb = Sandbox::new();
    floor(&sb);
    let out = sb
        .qaudit()
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
            "1",
        ])
        .assert()
        .success();
    let output = out.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stderr.contains("was chosen at random"), "{stderr}");
    let seed = query_i64(&sb.db(), "SELECT seed FROM samples WHERE id = 1");
    assert!(stdout.contains(&format!("{seed} (chosen at random)")), "{stdout}");
    let params: Value = serde_json::from_str(
        &rusqlite::Connection::open(sb.db())
            .unwrap()
            .query_row("SELECT params FROM samples WHERE id = 1", [], |r| r.get::<_, String>(0))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(params["seed_chosen"], true);
    assert_eq!(params["seed"], seed);
    assert_eq!(params["algorithm"], "qaudit-sample-v1");
    sb.qaudit().args(["sample", "show", "1", "--verify"]).assert().success();
}

#[test]
fn include_evaluated_never_assigns_someone_what_they_already_scored() {
    let sb = Sandbox::new();
    floor(&sb);
    score_as(&sb, "eva", "a-2-00", &[]).success();
    let plain = draw(
        &sb,
        &["--per-agent", "20", "--agent", "a-2", "--seed", "1", "--dry-run"],
    );
    assert!(items(&plain).iter().all(|i| i.0 != "a-2-00"));
    let json = draw(
        &sb,
        &[
            "--per-agent",
            "20",
            "--agent",
            "a-2",
            "--evaluators",
            "eva,lea",
            "--include-evaluated",
            "--seed",
            "1",
        ],
    );
    let drawn = items(&json);
    assert_eq!(drawn.len(), 10);
    assert!(drawn.contains(&("a-2-00".to_string(), "lea".to_string())), "{drawn:?}");
    assert_eq!(json["params"]["include_evaluated"], true);
}
