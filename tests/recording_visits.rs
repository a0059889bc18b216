//! Logging visits: receipts, approval, returned visits logged again, refusals, through the
//! binary.

mod common;

use common::{Sandbox, fingerprint, query_i64, stdout_of, store_visit_answers, team};
use predicates::prelude::*;

#[test]
fn a_shopper_logs_a_visit_with_a_receipt_and_a_lead_approves_it() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let receipt = sb.write("receipt.jpg", "\u{FFFD}JPEG bytes of a receipt");
    let narrative = sb.write("story.txt", "Entered at 11:05, greeted within a minute.");
    let out = stdout_of(
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
            ])
            .args([
                "--visited-at",
                "2026-11-20 11:05",
                "--departed-at",
                "2026-11-20 11:30",
                "--wait-minutes",
                "3",
            ])
            .args(["--staff-agent", "a-1", "--answers"])
            .arg(&answers)
            .arg("--attach")
            .arg(&receipt)
            .arg("--narrative-file")
            .arg(&narrative),
    );
    assert!(out.contains("Visit 1 logged"), "{out}");
    assert!(out.contains("receipt.jpg"), "{out}");
    let stored: Vec<u8> = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT content FROM attachments WHERE visit_id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored,
        std::fs::read(&receipt).unwrap(),
        "the evidence is stored byte for byte"
    );
    let listed = stdout_of(sb.qaudit().args(["visit", "list", "--status", "complete"]));
    assert!(listed.contains("mad-01") && listed.contains("complete"), "{listed}");
    let shown = stdout_of(sb.qaudit().args(["--as", "lea", "visit", "show", "1"]));
    assert!(
        shown.contains("receipt.jpg") && shown.contains("Entered at 11:05"),
        "{shown}"
    );

    // The shopper may not review; a lead may.
    sb.qaudit()
        .args(["--as", "sam", "visit", "review", "1", "--approve"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("that needs the lead role"));
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--approve"])
        .assert()
        .success();
    let approved = stdout_of(sb.qaudit().args(["visit", "list", "--status", "approved"]));
    assert!(approved.contains("approved"), "{approved}");
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--return", "--note", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("visit 1 is approved"));
}

#[test]
fn a_returned_visit_is_logged_again_as_a_new_revision() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let log = |extra: &[&str]| {
        let mut cmd = sb.qaudit();
        cmd.args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 11:05",
            "--answers",
        ])
        .arg(&answers)
        .args(extra);
        cmd.assert()
    };
    log(&[]).success();
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--return"])
        .assert()
        .code(2); // --return requires --note
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "review",
            "1",
            "--return",
            "--note",
            "No receipt attached",
        ])
        .assert()
        .success();
    log(&["--visit", "1"])
        .success()
        .stdout(predicate::str::contains("revision 2"));
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM visits"), 1);
    assert_eq!(
        query_i64(&sb.db(), "SELECT status = 'complete' FROM visits WHERE id = 1"),
        1
    );
}

#[test]
fn visit_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--as", "eva"], "may not log mystery-shopper visits"),
        (vec!["--location", "nowhere"], "no location `nowhere`"),
        (
            vec!["--rubric", "call-quality"],
            "rubric call-quality scores interactions, not visits",
        ),
        (
            vec!["--visited-at", "yesterday-ish"],
            "--visited-at: `yesterday-ish` is not a date and time",
        ),
        (
            vec!["--departed-at", "2026-11-20 10:00"],
            "--departed-at is before --visited-at",
        ),
        (vec!["--wait-minutes=-4"], "is not a waiting time"),
        (vec!["--attach", "missing.jpg"], "cannot read missing.jpg"),
        (vec!["--staff-agent", "ghost"], "no agent `ghost`"),
    ];
    for (extra, expected) in cases {
        let before = fingerprint(&sb.db());
        let mut flags = [
            ("--as", "sam"),
            ("--location", "mad-01"),
            ("--rubric", "store-visit"),
            ("--visited-at", "2026-11-20 11:05"),
        ];
        let mut added: Vec<&str> = Vec::new();
        for pair in extra.chunks(2) {
            match flags.iter_mut().find(|(f, _)| *f == pair[0]) {
                Some(entry) => entry.1 = pair[1],
                None => added.extend(pair),
            }
        }
        let mut cmd = sb.qaudit();
        cmd.args(["--as", flags[0].1, "visit", "log"]);
        for (f, v) in &flags[1..] {
            cmd.args([*f, *v]);
        }
        cmd.arg("--answers").arg(&answers).args(&added);
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{extra:?}: expected `{expected}` in {stderr}"
        );
        assert_eq!(fingerprint(&sb.db()), before, "{extra:?} changed the store");
    }
}
