//! A lead's corrections after a draw (`interaction amend | withdraw`, issue 18) leave the sample
//! verifiable: `sample show --verify` draws again from the interactions as they stood at the
//! draw and names what changed since, while a sample edited behind qaudit's back still fails.

mod common;

use common::{Sandbox, score, stdout_of, team};
use serde_json::Value;

/// `team()` plus, on each of 2-9 November, a phone call and a chat of a-1 and a phone call and
/// an email of a-2.
fn floor(sb: &Sandbox) {
    team(sb);
    let mut csv = String::from("id,agent,channel,occurred_at,duration_s\n");
    for day in 2..=9 {
        for (id, agent, channel, hour) in [
            ("P1", "a-1", "phone", 9),
            ("H1", "a-1", "chat", 11),
            ("P2", "a-2", "phone", 10),
            ("M2", "a-2", "email", 12),
        ] {
            csv.push_str(&format!(
                "{id}-{day},{agent},{channel},2026-11-{day:02} {hour:02}:00,120\n"
            ));
        }
    }
    let file = sb.write("week.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(file)
        .assert()
        .success();
}

/// Records a draw over 2-9 November with `extra` flags; its items as (interaction, agent).
fn draw(sb: &Sandbox, extra: &[&str]) -> Vec<(String, String)> {
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "--format",
                "json",
                "sample",
                "draw",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-09",
                "--evaluators",
                "eva,lea",
            ])
            .args(extra),
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["interaction"].as_str().unwrap().to_string(),
                i["agent"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn lead(sb: &Sandbox, args: &[&str]) {
    sb.qaudit().args(["--as", "lea"]).args(args).assert().success();
}

fn verify_json(sb: &Sandbox, sample: &str) -> Value {
    serde_json::from_str(&stdout_of(
        sb.qaudit()
            .args(["--format", "json", "sample", "show", sample, "--verify"]),
    ))
    .unwrap()
}

/// Runs a statement on the store as someone with sqlite3 would, triggers dropped first.
fn tamper(sb: &Sandbox, sql: &str) {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute_batch(&format!("DROP TRIGGER samples_no_change; {sql}"))
        .unwrap();
}

#[test]
fn amended_and_withdrawn_items_verify_and_are_named_but_an_edited_seed_fails() {
    let sb = Sandbox::new();
    floor(&sb);
    let items = draw(&sb, &["--per-agent", "3", "--seed", "42"]);
    let moved = items.iter().find(|(_, a)| a == "a-1").unwrap().0.clone();
    let gone = items.iter().find(|(_, a)| a == "a-2").unwrap().0.clone();
    lead(
        &sb,
        &[
            "interaction",
            "amend",
            &moved,
            "--set",
            "channel=email",
            "--set",
            "agent=a-2",
            "--set",
            "occurred_at=2026-11-09 16:00",
            "--reason",
            "Transferred call",
        ],
    );
    lead(
        &sb,
        &[
            "interaction",
            "withdraw",
            &gone,
            "--reason",
            "Test call from the dialler",
        ],
    );

    let table = stdout_of(sb.qaudit().args(["sample", "show", "1", "--verify"]));
    assert!(table.contains("Verified: drawing again from seed 42"), "{table}");
    assert!(
        table.contains(&format!("2 item(s) changed since the draw ({moved}, {gone})"))
            || table.contains(&format!("2 item(s) changed since the draw ({gone}, {moved})")),
        "{table}"
    );
    let json = verify_json(&sb, "1");
    assert_eq!(json["verified"], true);
    let changes = json["changed_since_draw"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    let of = |id: &str| changes.iter().find(|c| c["interaction"] == id).unwrap();
    let amended = of(&moved)["change"].as_str().unwrap();
    assert!(amended.contains("channel phone → email"), "{amended}");
    assert!(amended.contains("agent a-1 → a-2"), "{amended}");
    assert!(amended.contains("→ 2026-11-09 16:00"), "{amended}");
    assert_eq!(of(&moved)["reason"], "Transferred call");
    assert_eq!(of(&gone)["change"], "withdrawn");
    assert_eq!(of(&gone)["reason"], "Test call from the dialler");

    // Edited behind qaudit's back: the seed the draw is run with, or only the one beside it.
    let copy = Sandbox::new();
    std::fs::copy(sb.db(), copy.db()).unwrap();
    copy.share_keys_of(&sb);
    tamper(
        &copy,
        "UPDATE samples SET seed = 43, params = json_set(params, '$.seed', 43) WHERE id = 1",
    );
    let err = copy
        .refusal(copy.qaudit().args(["sample", "show", "1", "--verify"]))
        .stderr;
    assert!(
        err.contains("sample 1 is not reproduced: drawing again from seed 43"),
        "{err}"
    );
    tamper(&sb, "UPDATE samples SET seed = 43 WHERE id = 1");
    let err = sb.refusal(sb.qaudit().args(["sample", "show", "1", "--verify"])).stderr;
    assert!(
        err.contains("sample 1 records seed 43 but its parameters say seed 42"),
        "{err}"
    );
}

#[test]
fn a_stratified_draw_verifies_after_an_evaluated_interaction_is_withdrawn_and_another_moved_in() {
    let sb = Sandbox::new();
    floor(&sb);
    // Scored before the draw, so not a candidate; withdrawn after it, which voids the score:
    // the check must still see it as scored then.
    score(&sb, "P1-3", &[]);
    let items = draw(&sb, &["--per-agent", "4", "--seed", "9", "--stratify", "channel"]);
    assert!(!items.iter().any(|(i, _)| i == "P1-3"), "{items:?}");
    lead(&sb, &["interaction", "withdraw", "P1-3", "--reason", "Duplicate"]);
    // An interaction not drawn moves into a-1's period and channels; the check must draw from
    // a-1's candidates as they were, without it.
    let outside = ["P2-2", "P2-3", "P2-4", "P2-5"]
        .into_iter()
        .find(|id| !items.iter().any(|(i, _)| i == id))
        .unwrap();
    lead(
        &sb,
        &[
            "interaction",
            "amend",
            outside,
            "--set",
            "agent=a-1",
            "--set",
            "channel=chat",
            "--reason",
            "Wrong agent in the export",
        ],
    );
    let json = verify_json(&sb, "1");
    assert_eq!(json["verified"], true);
    // Neither is an item of the sample, so none is named.
    assert_eq!(json["changed_since_draw"], Value::Array(vec![]), "{json}");
    // A later draw of everything leaves the withdrawn interaction out, and takes the moved one
    // as it is now.
    let later = draw(&sb, &["--per-agent", "40", "--seed", "7", "--include-evaluated"]);
    assert!(!later.iter().any(|(i, _)| i == "P1-3"), "{later:?}");
    assert!(later.contains(&(outside.to_string(), "a-1".to_string())), "{later:?}");
    assert_eq!(verify_json(&sb, "2")["verified"], true);
}
