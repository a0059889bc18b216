//! Helpers that the reports* test files share (moved out of tests/reports.rs when it was split).

use super::*;
use super::{Sandbox, call_quality_answers, score_answers, store_visit_answers, team};

pub const PERIOD: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-10-31"];

pub const XSS: &str = "<script>alert(1)</script> and {{ 7*7 }}";

/// `evaluator` scores `interaction` with the best answers but `overrides`, `extra` appended.
pub fn score(sb: &Sandbox, evaluator: &str, interaction: &str, overrides: &[(&str, &str)], extra: &str) {
    score_answers(sb, evaluator, interaction, &(call_quality_answers(overrides) + extra));
}

/// Logs a visit and approves it unless `approve` is false; returns nothing (visits are numbered
/// in order).
pub fn visit(sb: &Sandbox, location: &str, day: &str, overrides: &[(&str, &str)], approve: Option<u32>) {
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
pub fn fixture() -> Sandbox {
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
