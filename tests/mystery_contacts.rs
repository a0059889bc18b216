//! Mystery contacts (issue 20, part 6) through the binary: a shopper's test call, email, chat or
//! social message is logged with its time to answer, reported by channel in `report mystery`
//! (numbers recomputed here by hand), never mixed with real contacts in the team report, flags,
//! samples or exports, refused without a trace when wrong, read in Spanish, and watched by
//! `verify`.

mod common;

use common::mystery_support::{best_answers, contact_log, store_bytes};
use common::spanish::{english_fragments, english_in, readable};
use common::{Sandbox, call_quality_answers, query_i64, score, stdout_of, team};
use serde_json::Value;

/// The team store, with CALL-1 scored by eva (a real, counted evaluation of a-1).
fn store() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &[]);
    sb
}

fn overall_of_last(sb: &Sandbox) -> f64 {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row("SELECT overall FROM evaluations ORDER BY id DESC LIMIT 1", [], |r| {
        r.get(0)
    })
    .unwrap()
}

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = stdout_of(sb.qaudit().args(["--format", "json"]).args(args));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_time_to_answer_and_the_scores_appear_in_the_mystery_report() {
    let sb = store();
    let good = call_quality_answers(&[]);
    let weak = call_quality_answers(&[
        ("courtesy.greeting", "no"),
        ("clarity.plain_language", "1"),
        ("empathy.listening", "not_met"),
        ("resolution.diagnosis", "partly"),
    ]);
    // Three test calls answered after 30 s, 90 s and 4 min, and one email after 26 h 30 min.
    let mut overalls = Vec::new();
    for (started, answered, answers, agent) in [
        ("2026-11-10 10:00", "2026-11-10 10:00:30", &good, Some("a-1")),
        ("2026-11-11 10:00", "2026-11-11 10:01:30", &weak, Some("a-1")),
        ("2026-11-12 10:00", "2026-11-12 10:04:00", &good, None),
    ] {
        let mut cmd = contact_log(&sb, "sam", "phone", started, answered, "call-quality", answers);
        if let Some(a) = agent {
            cmd.args(["--agent", a]);
        }
        cmd.assert().success();
        overalls.push(overall_of_last(&sb));
    }
    contact_log(
        &sb,
        "sam",
        "email",
        "2026-11-13 09:00",
        "2026-11-14 11:30",
        "call-quality",
        &weak,
    )
    .assert()
    .success()
    .stdout(predicates::str::contains("answered in 26.5 h"));
    let email = overall_of_last(&sb);
    assert!(overalls[1] < 85.0 && overalls[0] >= 85.0, "{overalls:?}");

    let period = ["report", "mystery", "--from", "2026-11-01", "--to", "2026-11-30"];
    let data = json(&sb, &period);
    let phone = &data["channels"][0];
    assert_eq!(phone["channel"], "phone");
    assert_eq!(phone["n"], 3);
    // Sorted 30, 90, 240: the median is 90 s; the 0.9 quantile sits at (3 - 1) x 0.9 = 1.8,
    // 90 + 0.8 x (240 - 90) = 210 s.
    assert_eq!(phone["median_answer_s"], 90.0);
    assert!((phone["p90_answer_s"].as_f64().unwrap() - 210.0).abs() < 1e-9);
    let mean = overalls.iter().sum::<f64>() / 3.0;
    assert!((phone["mean_score"].as_f64().unwrap() - mean).abs() < 1e-9);
    assert!((phone["pass_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let mail = &data["channels"][1];
    assert_eq!(mail["channel"], "email");
    assert_eq!(mail["median_answer_s"], 95_400.0, "26 h 30 min");
    assert_eq!(mail["in_hours"], true);
    assert!((mail["mean_score"].as_f64().unwrap() - email).abs() < 1e-9);
    assert_eq!(data["contacts"], 4);

    // As a lead reads it: 1:30 and 3:30 for calls, hours of the clock for email.
    let md = stdout_of(sb.qaudit().args(period).args(["--format", "md"]));
    let row = format!("| Phone | 3 | {:.1} | 67% | 1:30 | 3:30 |", mean);
    assert!(md.contains(&row), "{row}\n{md}");
    assert!(
        md.contains("| Email | 1 |") && md.contains("| 26.5 h | 26.5 h |"),
        "{md}"
    );
    let html = stdout_of(sb.qaudit().args(period).args(["--format", "html"]));
    assert!(html.contains("<td class=\"num\">3:30</td>"), "{html}");
    let txt = stdout_of(sb.qaudit().args(period));
    assert!(
        txt.contains("Mystery contacts by channel") && txt.contains("3:30"),
        "{txt}"
    );

    // The contacts themselves: listed for the lead, shown with their times.
    let list = json(&sb, &["--as", "lea", "contact", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let shown = json(&sb, &["--as", "lea", "contact", "show", "3"]);
    assert_eq!(shown["answer_seconds"], 240);
    assert_eq!(shown["agent"], Value::Null, "the shopper did not know who answered");
    assert_eq!(shown["interaction"], "mystery-3");
}

#[test]
fn mystery_contacts_leave_the_team_report_flags_samples_and_exports_of_real_contacts_alone() {
    let sb = store();
    let team_report = ["report", "team", "--from", "2026-11-01", "--to", "2026-11-30"];
    let flags = ["flags", "--as-of", "2026-11-30"];
    let draw = [
        "--as",
        "lea",
        "sample",
        "draw",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--per-agent",
        "5",
        "--seed",
        "7",
        "--dry-run",
    ];
    let export = ["export", "evaluations"];
    let outputs = |sb: &Sandbox| -> Vec<String> {
        let mut out: Vec<String> = [&team_report[..], &flags, &draw, &export]
            .iter()
            .map(|args| stdout_of(sb.qaudit().args(["--format", "json"]).args(*args)))
            .collect();
        // The draw records the highest interaction and evaluation ids it saw (`as_of`), which
        // any new row moves; what it drew, from whom and who is short must not move.
        let mut drawn: Value = serde_json::from_str(&out[2]).unwrap();
        drawn["params"]["as_of"] = Value::Null;
        out[2] = drawn.to_string();
        out
    };
    let before = outputs(&sb);

    // a-1 answers two test calls badly, with critical failures: were they counted, a-1's
    // average, contacts and flags would change.
    let bad = call_quality_answers(&[
        ("security.verify_identity", "no"),
        ("security.protect_data", "no"),
        ("courtesy.greeting", "no"),
    ]) + "comments:\n  security.verify_identity: Did not verify\n  security.protect_data: Read the card number aloud\n";
    for day in ["2026-11-05", "2026-11-06"] {
        contact_log(
            &sb,
            "sam",
            "phone",
            &format!("{day} 10:00"),
            &format!("{day} 10:03"),
            "call-quality",
            &bad,
        )
        .args(["--agent", "a-1"])
        .assert()
        .success();
    }
    contact_log(
        &sb,
        "sam",
        "chat",
        "2026-11-07 10:00",
        "2026-11-07 10:00:40",
        "call-quality",
        &bad,
    )
    .assert()
    .success();
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM interactions WHERE origin = 'mystery'"),
        3
    );

    let after = outputs(&sb);
    for (i, name) in ["report team", "flags", "sample draw", "export evaluations"]
        .iter()
        .enumerate()
    {
        assert_eq!(before[i], after[i], "{name} changed with mystery contacts");
    }

    // Every evaluation, asked for: the mystery ones are there, marked.
    let all = stdout_of(sb.qaudit().args(["export", "evaluations", "--status", "all"]));
    let mut lines = all.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let origin = header.iter().position(|h| *h == "origin").expect("an origin column");
    let subject = header.iter().position(|h| *h == "subject").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "{all}");
    for r in &rows {
        let mystery = r[subject].starts_with("mystery-");
        assert_eq!(r[origin], if mystery { "mystery" } else { "" }, "{all}");
    }
}

#[test]
fn refused_contacts_leave_the_store_byte_identical() {
    let sb = store();
    let good = call_quality_answers(&[]);
    let cases: Vec<(&str, assert_cmd::Command, &str)> = vec![
        (
            "not a shopper",
            contact_log(
                &sb,
                "eva",
                "phone",
                "2026-11-10 10:00",
                "2026-11-10 10:01",
                "call-quality",
                &good,
            ),
            "`eva` may not log mystery contacts: that needs the shopper role",
        ),
        (
            "answered before started",
            contact_log(
                &sb,
                "sam",
                "phone",
                "2026-11-10 10:00",
                "2026-11-10 09:59",
                "call-quality",
                &good,
            ),
            "the contact was answered (2026-11-10T09:59:00Z) before it was started (2026-11-10T10:00:00Z)",
        ),
        (
            "visit rubric",
            contact_log(
                &sb,
                "sam",
                "phone",
                "2026-11-10 10:00",
                "2026-11-10 10:01",
                "store-visit",
                &good,
            ),
            "rubric store-visit scores visits, not contacts",
        ),
        (
            "bad answers file",
            contact_log(
                &sb,
                "sam",
                "chat",
                "2026-11-10 10:00",
                "2026-11-10 10:01",
                "call-quality",
                "answers:\n  courtesy.greeting: yes\n  courtesy.tone: [5\n",
            ),
            "sam-chat-2026-11-10-10-00.yaml:3:",
        ),
        (
            "unknown agent",
            {
                let mut c = contact_log(
                    &sb,
                    "sam",
                    "phone",
                    "2026-11-10 10:00",
                    "2026-11-10 10:01",
                    "call-quality",
                    &good,
                );
                c.args(["--agent", "a-9"]);
                c
            },
            "no agent `a-9` in the store",
        ),
    ];
    for (what, mut cmd, needle) in cases {
        let before = store_bytes(&sb);
        let out = sb.refusal(&mut cmd);
        assert!(out.stderr.contains(needle), "{what}: {out}");
        assert!(out.stderr.contains("hint: "), "{what}: {out}");
        assert!(store_bytes(&sb) == before, "{what} changed the store");
    }
    // A rubric for other channels is refused too (call-quality is for phone, chat and email).
    let custom = sb.write(
        "phone-only.yaml",
        &std::fs::read_to_string(common::root().join("rubrics/call-quality.yaml"))
            .unwrap()
            .replacen("id: call-quality", "id: phone-only", 1)
            .replacen("channels: [phone, chat, email", "channels: [phone", 1),
    );
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(custom)
        .assert()
        .success();
    let before = store_bytes(&sb);
    let out = sb.refusal(&mut contact_log(
        &sb,
        "sam",
        "email",
        "2026-11-10 10:00",
        "2026-11-10 12:00",
        "phone-only",
        &good,
    ));
    assert!(out.stderr.contains("rubric phone-only is for phone"), "{out}");
    assert!(store_bytes(&sb) == before);
}

#[test]
fn a_spanish_contact_and_its_report_read_in_spanish() {
    let sb = store();
    let answers = best_answers(&sb, "calidad-contacto", &[]);
    let logged = stdout_of(&mut contact_log(
        &sb,
        "sam",
        "email",
        "2026-11-10 09:00",
        "2026-11-10 15:15",
        "calidad-contacto",
        &answers,
    ));
    assert!(logged.contains("respondido en 6,2 h"), "{logged}");
    let shown = stdout_of(sb.qaudit().args(["--as", "lea", "contact", "show", "1"]));
    for needle in [
        "Correo electrónico",
        "Tiempo de respuesta  6,2 h",
        "desconocido",
        "10/11/2026 09:00",
    ] {
        assert!(shown.contains(needle), "{needle}\n{shown}");
    }
    let fragments = english_fragments();
    for format in ["md", "html", "txt"] {
        let report = stdout_of(sb.qaudit().args([
            "report",
            "mystery",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            format,
        ]));
        assert!(report.contains("Contactos de cliente misterioso por canal"), "{report}");
        assert!(report.contains("6,2 h"), "{report}");
        let english = english_in(&readable(&report, format == "html"), &fragments);
        assert!(
            english.is_empty(),
            "English in the {format} report: {english:?}\n{report}"
        );
    }
}

#[test]
fn each_sees_their_own_contacts_and_agents_never_the_shopper() {
    let sb = store();
    let good = call_quality_answers(&[]);
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "sol", "--name", "Sol Rey", "--role", "shopper",
        ])
        .assert()
        .success();
    contact_log(
        &sb,
        "sam",
        "phone",
        "2026-11-10 10:00",
        "2026-11-10 10:01",
        "call-quality",
        &good,
    )
    .args(["--agent", "a-1"])
    .assert()
    .success();
    contact_log(
        &sb,
        "sol",
        "chat",
        "2026-11-10 11:00",
        "2026-11-10 11:01",
        "call-quality",
        &good,
    )
    .assert()
    .success();
    let ids = |who: &str| -> Vec<i64> {
        json(&sb, &["--as", who, "contact", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids("lea"), [2, 1]);
    assert_eq!(ids("sam"), [1]);
    assert_eq!(ids("sol"), [2]);
    assert_eq!(ids("a-1"), [1]);
    assert_eq!(ids("a-2"), Vec::<i64>::new());
    let seen = json(&sb, &["--as", "a-1", "contact", "show", "1"]);
    assert_eq!(seen["shopper"], "", "the agent does not learn who tested them");
    let text = stdout_of(sb.qaudit().args(["--as", "a-1", "contact", "show", "1"]));
    assert!(!text.contains("sam"), "{text}");
    assert!(text.contains("Evaluator   Shopper"), "{text}");
    let out = sb.refuse(&["--as", "sam", "contact", "show", "2"]);
    assert!(out.stderr.contains("error: no mystery contact 2"), "{out}");
}

#[test]
fn verify_names_a_tampered_mystery_contact() {
    let sb = store();
    contact_log(
        &sb,
        "sam",
        "phone",
        "2026-11-10 10:00",
        "2026-11-10 10:05",
        "call-quality",
        &call_quality_answers(&[]),
    )
    .assert()
    .success();
    sb.qaudit().arg("verify").assert().success();
    // The triggers refuse the edit...
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let refused = conn.execute("UPDATE mystery_contacts SET answer_seconds = 20 WHERE id = 1", []);
    assert!(refused.unwrap_err().to_string().contains("kept as logged"));
    assert!(conn.execute("DELETE FROM mystery_contacts", []).is_err());
    // ...and with them dropped, verify names the record changed.
    conn.execute_batch(
        "DROP TRIGGER mystery_contacts_no_change;
         UPDATE mystery_contacts SET answer_seconds = 20 WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let out = sb.refuse(&["verify"]);
    assert!(
        out.stderr.contains("mystery-contact:1: was changed outside qaudit"),
        "{out}"
    );
}
