//! `qaudit dispute open | resolve | list`, through the binary: the agent disputes, a lead
//! resolves through the normal revision path.

mod common;

use chrono::{Duration, SecondsFormat, Utc};
use common::disputes_support::{answer, setup};
use common::{Sandbox, audit_count, fingerprint, score_as, stdout_of};
use serde_json::Value;

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = stdout_of(sb.qaudit().args(["--format", "json"]).args(args));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn an_agent_disputes_and_a_lead_accepts_through_a_new_revision() {
    let sb = setup();
    let e = score_as(
        &sb,
        "eva",
        "CALL-1",
        &[("empathy.acknowledge", "partly"), ("courtesy.tone", "4")],
    );
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "a-1", "dispute", "open", &e.to_string()])
            .args(["--criterion", "empathy.acknowledge", "--proposed", "Met"])
            .args(["--reason", "I apologised at 02:10"]),
    );
    assert!(
        out.contains("Dispute 1 opened on evaluation 1 (a-1, call-quality v2)."),
        "{out}"
    );
    assert!(out.contains("empathy.acknowledge  partly  met"), "{out}");
    let listed = json(&sb, &["dispute", "list", "--open"]);
    let d = &listed[0];
    assert_eq!(d["status"], "open");
    assert_eq!(d["opened_by"], "a-1");
    assert_eq!(d["agent"], "a-1");
    assert_eq!(
        d["proposals"],
        serde_json::json!([{"criterion": "empathy.acknowledge", "current": "partly", "proposed": "met"}])
    );
    assert_eq!(
        (&d["age_days"], &d["dispute_days"], &d["overdue"]),
        (&Value::from(0), &Value::from(14), &Value::Bool(false))
    );
    let before = json(&sb, &["evaluation", "show", "1"])["overall"].as_f64().unwrap();

    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "dispute", "resolve", "1", "--accept"])
            .args(["--note", "The apology is on the recording"]),
    );
    assert!(
        out.contains("Dispute 1 accepted: evaluation 1 amended, overall"),
        "{out}"
    );
    assert!(out.contains("(revision 2; the earlier one is kept)"), "{out}");
    let ev = json(&sb, &["evaluation", "show", "1"]);
    assert_eq!(ev["revision"], 2);
    assert_eq!(answer(&ev, 0, "empathy.acknowledge"), "partly");
    assert_eq!(answer(&ev, 1, "empathy.acknowledge"), "met");
    assert_eq!(answer(&ev, 1, "courtesy.tone"), "4");
    assert_eq!(
        ev["revisions"][1]["reason"],
        "dispute 1 accepted: The apology is on the recording"
    );
    assert_eq!(ev["revisions"][1]["created_by"], "lea");
    assert!(ev["overall"].as_f64().unwrap() > before);

    let d = &json(&sb, &["dispute", "list"])[0];
    assert_eq!(d["status"], "accepted");
    assert_eq!(d["resolved_by"], "lea");
    assert_eq!(d["resolution_note"], "The apology is on the recording");
    assert_eq!(d["revision_after"], 2);
    assert_eq!(json(&sb, &["dispute", "list", "--open"]), serde_json::json!([]));
    // Every write is in the audit log, by whoever made it.
    assert_eq!(audit_count(&sb.db(), "dispute.open"), 1);
    assert_eq!(audit_count(&sb.db(), "dispute.resolve"), 1);
    assert_eq!(audit_count(&sb.db(), "evaluation.amend"), 1);
    let actor: String = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT actor FROM audit_log WHERE action = 'dispute.open'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(actor, "a-1");
    sb.qaudit().arg("verify").assert().success();
}

#[test]
fn a_partial_resolution_sets_the_answers_the_lead_decided() {
    let sb = setup();
    let e = score_as(
        &sb,
        "eva",
        "CALL-1",
        &[("empathy.acknowledge", "partly"), ("courtesy.tone", "3")],
    );
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", &e.to_string()])
        .args(["--criterion", "empathy.acknowledge", "--proposed", "met"])
        .args(["--criterion", "courtesy.tone", "--proposed", "5"])
        .args(["--reason", "Both were fine"])
        .assert()
        .success();
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "dispute", "resolve", "1", "--partial", "courtesy.tone=4"])
            .args(["--note", "Tone was good, not excellent; no apology"]),
    );
    assert!(out.contains("Dispute 1 partly accepted"), "{out}");
    let ev = json(&sb, &["evaluation", "show", "1"]);
    assert_eq!(answer(&ev, 1, "courtesy.tone"), "4");
    assert_eq!(answer(&ev, 1, "empathy.acknowledge"), "partly");
    assert_eq!(
        ev["revisions"][1]["reason"],
        "dispute 1 partly accepted: Tone was good, not excellent; no apology"
    );
    assert_eq!(json(&sb, &["dispute", "list"])[0]["status"], "partial");
}

#[test]
fn a_rejected_dispute_leaves_the_evaluation_as_scored_and_another_may_follow() {
    let sb = setup();
    let e = score_as(&sb, "eva", "CALL-1", &[("empathy.acknowledge", "partly")]);
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", &e.to_string(), "--reason", "Unfair"])
        .assert()
        .success();
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "dispute", "resolve", "1", "--reject"])
            .args(["--note", "The recording has no apology"]),
    );
    assert!(
        out.contains("Dispute 1 rejected: evaluation 1 stands as scored"),
        "{out}"
    );
    assert!(out.contains("counts again in flags"), "{out}");
    let ev = json(&sb, &["evaluation", "show", "1"]);
    assert_eq!(ev["revision"], 1);
    let d = &json(&sb, &["dispute", "list"])[0];
    assert_eq!(d["status"], "rejected");
    assert_eq!(d["revision_after"], 1);
    assert_eq!(audit_count(&sb.db(), "evaluation.amend"), 0);
    // Resolved, so a new dispute may be opened while the window lasts.
    sb.qaudit()
        .args([
            "--as",
            "a-1",
            "dispute",
            "open",
            "1",
            "--reason",
            "New evidence: the transcript",
        ])
        .assert()
        .success();
    let open = json(&sb, &["dispute", "list", "--open"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["id"], 2);
}

#[test]
fn a_lead_may_open_a_dispute_for_the_agent_but_not_resolve_it() {
    let sb = setup();
    let e = score_as(&sb, "eva", "CALL-1", &[("empathy.acknowledge", "partly")]);
    sb.qaudit()
        .args(["--as", "lea", "dispute", "open", &e.to_string()])
        .args([
            "--criterion",
            "empathy.acknowledge",
            "--proposed",
            "met",
            "--reason",
            "Agent asked me",
        ])
        .assert()
        .success();
    let d = &json(&sb, &["dispute", "list"])[0];
    assert_eq!(d["opened_by"], "lea");
    assert_eq!(d["agent"], "a-1");
    let change: String = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT change FROM audit_log WHERE action = 'dispute.open'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(change.contains("\"agent\":\"a-1\""), "{change}");
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&["--as", "lea", "dispute", "resolve", "1", "--accept"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `lea` opened dispute 1 for a-1, so may not resolve it
    hint: another lead resolves it (--as THEIR_ID): whoever argues a dispute does not decide it
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    sb.qaudit()
        .args(["--as", "leo", "dispute", "resolve", "1", "--accept"])
        .args(["--note", "Agreed"])
        .assert()
        .success();
}

#[test]
fn overdue_disputes_stand_out() {
    let sb = setup();
    score_as(&sb, "eva", "CALL-1", &[]);
    score_as(&sb, "eva", "MAIL-1", &[]);
    for (who, e) in [("a-1", "1"), ("a-2", "2")] {
        sb.qaudit()
            .args(["--as", who, "dispute", "open", e, "--reason", "Please listen again"])
            .assert()
            .success();
    }
    // Time passes: dispute 1 has been open 15 days (> 14, overdue), dispute 2 exactly 14 (not).
    let ago = |days: i64| (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute("UPDATE disputes SET opened_at = ?1 WHERE id = 1", [ago(15)])
        .unwrap();
    conn.execute("UPDATE disputes SET opened_at = ?1 WHERE id = 2", [ago(14)])
        .unwrap();
    drop(conn);
    let listed = json(&sb, &["dispute", "list", "--open"]);
    assert_eq!(listed[0]["id"], 1, "the oldest first");
    assert_eq!(
        (&listed[0]["age_days"], &listed[0]["overdue"]),
        (&Value::from(15), &Value::Bool(true))
    );
    assert_eq!(
        (&listed[1]["age_days"], &listed[1]["overdue"]),
        (&Value::from(14), &Value::Bool(false))
    );
    let table = stdout_of(sb.qaudit().args(["dispute", "list", "--open"]));
    assert!(table.contains("OVERDUE (>14d)"), "{table}");
    assert!(table.contains("2 dispute(s): 2 open, 1 OVERDUE"), "{table}");
    let line = table.lines().find(|l| l.starts_with("2 ")).unwrap();
    assert!(
        line.contains("14d") && line.contains("open") && !line.contains("OVERDUE"),
        "{table}"
    );
}
