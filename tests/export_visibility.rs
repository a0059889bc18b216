//! `export visits` follows the visits viewing rule of `visit list` and `visit show` (issue 13,
//! pinned: what each caller may see): a lead every visit, a shopper their own, anyone else none.
//! The visit's evaluation columns follow the evaluations' rule (blind double scoring).

mod common;

use common::{Sandbox, stdout_of, store_visit_answers, team};

/// The visit ids `who` exports (every status), with the evaluation id each row carries.
fn exported(sb: &Sandbox, who: &str) -> Vec<(i64, String)> {
    let csv = stdout_of(sb.qaudit().args(["--as", who, "export", "visits", "--status", "all"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let evaluation = header.iter().position(|c| *c == "evaluation").unwrap();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].parse().unwrap(), cells[evaluation].to_string())
        })
        .collect()
}

/// The ids of the visits `who` finds in `visit list`.
fn listed(sb: &Sandbox, who: &str) -> Vec<i64> {
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--as", who, "--format", "json", "visit", "list"]),
    ))
    .unwrap();
    let mut ids: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_visits_export_holds_the_visits_the_exporter_may_see() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "sol", "--name", "Sol Rey", "--role", "shopper",
        ])
        .assert()
        .success();
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    for (shopper, at) in [("sam", "2026-11-20 11:00"), ("sol", "2026-11-21 11:00")] {
        sb.qaudit()
            .args(["--as", shopper, "visit", "log", "--location", "mad-01"])
            .args(["--rubric", "store-visit", "--visited-at", at, "--answers"])
            .arg(&answers)
            .assert()
            .success();
    }
    let both = exported(&sb, "lea");
    assert_eq!(both.iter().map(|v| v.0).collect::<Vec<_>>(), [1, 2], "a lead: {both:?}");
    assert!(
        both.iter().all(|v| !v.1.is_empty()),
        "each with its evaluation: {both:?}"
    );

    // Each shopper their own visit, as `visit list` shows it, with their own evaluation of it.
    assert_eq!(exported(&sb, "sam"), vec![both[0].clone()]);
    assert_eq!(exported(&sb, "sol"), vec![both[1].clone()]);
    assert_eq!(listed(&sb, "sam"), [1]);
    assert_eq!(listed(&sb, "sol"), [2]);

    // Staff who shopped nothing, and agents (even the one visited), see no visit.
    for who in ["eva", "a-1", "a-2"] {
        assert_eq!(exported(&sb, who), vec![], "{who}");
    }
}
