//! Sampled work as a queue: scoring closes its item, and `sample show` lists progress,
//! through the binary.

mod common;

use common::sampling_support::{draw, floor, items, score_as};
use common::{Sandbox, query_i64, stdout_of};
use serde_json::Value;

#[test]
fn scoring_a_sampled_interaction_closes_its_item_and_the_queue_moves_on() {
    let sb = Sandbox::new();
    floor(&sb);
    let json = draw(
        &sb,
        &[
            "--per-agent",
            "2",
            "--agent",
            "a-1",
            "--agent",
            "a-2",
            "--evaluators",
            "eva,lea",
            "--rubric",
            "call-quality",
            "--seed",
            "11",
        ],
    );
    let drawn = items(&json);
    assert_eq!(drawn.len(), 4);
    let eva_items: Vec<&(String, String)> = drawn.iter().filter(|i| i.1 == "eva").collect();
    let lea_items: Vec<&(String, String)> = drawn.iter().filter(|i| i.1 == "lea").collect();
    assert_eq!((eva_items.len(), lea_items.len()), (2, 2));

    let queue: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "queue",
        "--evaluator",
        "eva",
    ])))
    .unwrap();
    let listed: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["interaction"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 2);
    // Oldest first.
    let times: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["occurred_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    // eva scores one of hers: it leaves her queue and the sample shows who scored it.
    let done = &eva_items[0].0;
    score_as(&sb, "eva", done, &[]).success();
    let queue = stdout_of(sb.qaudit().args(["queue", "--evaluator", "eva"]));
    assert!(!queue.contains(done.as_str()), "{queue}");
    assert!(queue.contains(eva_items[1].0.as_str()), "{queue}");
    let show: Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--format", "json", "sample", "show", "1"]),
    ))
    .unwrap();
    let item = show["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["interaction"] == done.as_str())
        .unwrap();
    assert_eq!(item["status"], "done");
    assert_eq!(item["scored_by"], "eva");
    assert_eq!(show["done"], 1);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'sample.item.done'"
        ),
        1
    );

    // A draft does not close an item; it shows as a draft in the queue.
    let draft = &lea_items[0].0;
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "score",
            "--interaction",
            draft,
            "--rubric",
            "call-quality",
            "--draft",
            "--set",
            "courtesy.greeting=yes",
        ])
        .assert()
        .success();
    let queue: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "queue",
        "--evaluator",
        "lea",
    ])))
    .unwrap();
    let entry = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["interaction"] == draft.as_str())
        .unwrap();
    assert_eq!(entry["status"], "draft");

    // Scoring someone else's item still closes it: the interaction has been scored.
    score_as(&sb, "eva", &lea_items[1].0, &[]).success();
    let queue = stdout_of(sb.qaudit().args(["queue"]));
    assert!(!queue.contains(lea_items[1].0.as_str()), "{queue}");

    // Voiding the evaluation reopens the item.
    let eval = query_i64(
        &sb.db(),
        "SELECT evaluation_id FROM sample_items WHERE sample_id = 1 AND evaluation_id IS NOT NULL ORDER BY evaluation_id LIMIT 1",
    );
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "evaluation",
            "void",
            &eval.to_string(),
            "--reason",
            "Scored the wrong call",
        ])
        .assert()
        .success();
    let queue = stdout_of(sb.qaudit().args(["queue", "--evaluator", "eva"]));
    assert!(queue.contains(done.as_str()), "{queue}");

    let list = stdout_of(sb.qaudit().args(["sample", "list"]));
    assert!(list.contains("2026-11-09  2026-11-15  call-quality"), "{list}");
    assert!(list.contains("1/4 (25%)"), "{list}");
}

#[test]
fn sample_show_lists_parameters_progress_and_items() {
    let sb = Sandbox::new();
    floor(&sb);
    draw(
        &sb,
        &[
            "--per-agent",
            "1",
            "--team",
            "south",
            "--evaluators",
            "eva,lea",
            "--seed",
            "42",
            "--rubric",
            "call-quality",
        ],
    );
    let out = stdout_of(sb.qaudit().args(["sample", "show", "1"]));
    // Times of recording vary; the rest is stable.
    let stable: Vec<&str> = out.lines().filter(|l| !l.starts_with("Drawn ")).collect();
    insta::assert_snapshot!("sample_show", stable.join("\n"));
}
