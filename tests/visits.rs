//! Mystery-shopper visits a lead can review (issue 17), through the binary: `visit show` with
//! every field of every submission, returning with per-question notes, resubmitting without
//! losing anything, `visit evidence` byte for byte with safe names, removal and purging of
//! evidence, the employee's location, and planned visits linked. Photos come from
//! `common::visits::jpeg` (see there how they are made).

mod common;

use common::visits::{at, day, exif, jpeg, jpeg_at, log_visit, sha, shop, show_json};
use common::{Sandbox, fingerprint, query_i64, stdout_of, store_visit_answers};
use predicates::prelude::*;

#[test]
fn a_returned_visit_is_fixed_without_losing_anything_and_its_evidence_comes_back_byte_for_byte() {
    let sb = Sandbox::new();
    shop(&sb);
    // 11:05-11:40 Madrid time; the photos were taken at 11:10 and 11:30 local.
    let front = jpeg_at(Some(&exif(0, "11:10")), Some((40.4168, -3.7038)), "front");
    let till = jpeg(Some(&exif(0, "11:30")), "till");
    let shelf = jpeg(Some(&exif(0, "11:35")), "shelf");
    for (name, bytes) in [("front.jpg", &front), ("till.jpg", &till), ("shelf.jpg", &shelf)] {
        std::fs::write(sb.path(name), bytes).unwrap();
    }
    sb.write("visit.yaml", &store_visit_answers(&[]));
    sb.write("story.txt", "Entered at 11:05; greeted within a minute by Ana.");
    log_visit(
        &sb,
        &[
            "--visited-at",
            &at(0, "11:05"),
            "--departed-at",
            &at(0, "11:40"),
            "--wait-minutes",
            "4",
            "--staff-agent",
            "a-1",
            "--answers",
            "visit.yaml",
            "--narrative-file",
            "story.txt",
            "--attach",
            "front.jpg",
            "--attach",
            "till.jpg",
        ],
    )
    .success()
    .stdout(predicate::str::contains("Visit 1 logged"));

    // A lead returns it with a note and a note on one question.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "review",
            "1",
            "--return",
            "--note",
            "The shelf photo is missing",
        ])
        .args(["--comment-on", "premises.cleanliness=The fitting rooms are not shown"])
        .assert()
        .success();
    // A question that is not in the rubric is refused with the closest key.
    let before = fingerprint(&sb.db());
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "review",
            "1",
            "--approve",
            "--comment-on",
            "premises.cleanlines=x",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("only complete visits"));
    assert_eq!(fingerprint(&sb.db()), before);

    // The shopper sees both notes, and no integrity reasons.
    let seen = show_json(&sb, "sam", "1");
    assert_eq!(seen["reviews"][0]["note"], "The shelf photo is missing");
    assert_eq!(seen["reviews"][0]["comments"][0][0], "premises.cleanliness");
    assert_eq!(seen["reviews"][0]["comments"][0][1], "The fitting rooms are not shown");
    assert!(seen["integrity"].is_null(), "{seen}");
    assert!(
        seen["evidence"][0]["gps"].is_null(),
        "EXIF positions are for leads only"
    );
    let listed = stdout_of(sb.qaudit().args(["--as", "sam", "--format", "json", "visit", "list"]));
    assert!(listed.contains("front.jpg") && !listed.contains("40.4168"), "{listed}");
    let table = stdout_of(sb.qaudit().args(["--as", "sam", "visit", "show", "1"]));
    assert!(
        table.contains("premises.cleanliness") && table.contains("The fitting rooms are"),
        "{table}"
    );
    assert!(!table.contains("Integrity"), "{table}");

    // Resubmitted with one changed answer, one new photo and one already stored: nothing else
    // given, so the times, wait, employee and narrative are kept.
    sb.write("fix.yaml", "answers:\n  premises.cleanliness: 5\n");
    log_visit(
        &sb,
        &[
            "--visit",
            "1",
            "--answers",
            "fix.yaml",
            "--attach",
            "shelf.jpg",
            "--attach",
            "till.jpg",
        ],
    )
    .success()
    .stdout(predicate::str::contains("Visit 1 resubmitted (submission 2)"))
    .stdout(predicate::str::contains("till.jpg (same file as till.jpg)"));

    let v = show_json(&sb, "lea", "1");
    let subs = v["submissions"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    for s in subs {
        assert_eq!(s["arrived"], at(0, "11:05"), "{s}");
        assert_eq!(s["departed"], at(0, "11:40"));
        assert_eq!(s["wait_minutes"], 4.0);
        assert_eq!(s["staff_agent"], "a-1");
        assert_eq!(s["narrative"], "Entered at 11:05; greeted within a minute by Ana.");
        assert_eq!(s["answers"].as_array().unwrap().len(), 21);
    }
    assert_eq!(subs[0]["answers"][0]["answer"], "4");
    assert_eq!(subs[1]["answers"][0]["answer"], "5");
    assert_eq!(subs[1]["changed"], serde_json::json!(["premises.cleanliness"]));
    assert_eq!(v["staff_agent"]["id"], "a-1");
    assert_eq!(v["dwell_minutes"], 35);
    assert_eq!(v["timezone"], "Europe/Madrid");
    let evidence = v["evidence"].as_array().unwrap();
    let names: Vec<&str> = evidence.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["front.jpg", "till.jpg", "shelf.jpg"]);
    assert_eq!(evidence[2]["submission"], 2);
    assert_eq!(evidence[0]["media_type"], "image/jpeg");
    assert_eq!(evidence[0]["taken_at"], format!("{}T11:10:00", day(0)));
    assert_eq!(evidence[0]["sha256"], sha(&front));
    assert_eq!(
        evidence[0]["gps"], "40.416800,-3.703800",
        "a lead sees where the photo was taken"
    );
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM attachments"), 3);
    // The evaluation still names the employee the visit names.
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM evaluations WHERE agent_id = 'a-1'"),
        1
    );
    // A lead sees the checks: every photo inside the visit, logged in time, a plausible stay.
    assert_eq!(v["integrity"]["outcome"], "verified", "{}", v["integrity"]);

    // The evidence comes back byte for byte, and a second run overwrites nothing.
    sb.qaudit()
        .args(["--as", "lea", "visit", "evidence", "1", "--output", "out"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote 3 file(s)"));
    for (name, bytes) in [("front.jpg", &front), ("till.jpg", &till), ("shelf.jpg", &shelf)] {
        assert_eq!(
            sha(&std::fs::read(sb.path("out").join(name)).unwrap()),
            sha(bytes),
            "{name}"
        );
    }
    std::fs::write(sb.path("out/till.jpg"), b"mine").unwrap();
    sb.qaudit()
        .args(["--as", "lea", "visit", "evidence", "1", "--output", "out"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already holds"));
    assert_eq!(std::fs::read(sb.path("out/till.jpg")).unwrap(), b"mine");

    // The printable report shows the photos inline, in Spanish too.
    sb.qaudit()
        .args(["--as", "lea", "visit", "show", "1", "--output", "visit.html"])
        .assert()
        .success();
    let html = std::fs::read_to_string(sb.path("visit.html")).unwrap();
    assert_eq!(
        html.matches("src=\"data:image/jpeg;base64,").count(),
        3,
        "three photos inline"
    );
    assert!(html.contains("The shelf photo is missing") && html.contains("The fitting rooms are not shown"));
    let md = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "visit", "show", "1", "--format", "md", "--lang", "es"]),
    );
    assert!(
        md.contains("Envío 2") && md.contains("Devuelta") && md.contains("Fiabilidad"),
        "{md}"
    );
}

#[test]
fn evidence_is_removed_with_a_tombstone_and_only_purged_by_a_lead() {
    let sb = Sandbox::new();
    shop(&sb);
    std::fs::write(sb.path("a.jpg"), jpeg(None, "a")).unwrap();
    sb.write("visit.yaml", &store_visit_answers(&[]));
    log_visit(
        &sb,
        &[
            "--visited-at",
            "2026-11-20 11:05",
            "--answers",
            "visit.yaml",
            "--attach",
            "a.jpg",
        ],
    )
    .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "review",
            "1",
            "--return",
            "--note",
            "Wrong photo",
        ])
        .assert()
        .success();
    log_visit(
        &sb,
        &[
            "--visit",
            "1",
            "--remove-evidence",
            "a.jpg",
            "--reason",
            "Not this store",
        ],
    )
    .success()
    .stdout(predicate::str::contains("Evidence removed"));
    let v = show_json(&sb, "lea", "1");
    assert!(
        v["evidence"][0]["removed"].as_str().unwrap().contains("Not this store"),
        "{v}"
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT length(content) > 0 FROM attachments"),
        1,
        "the bytes stay"
    );
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "purge",
            "1",
            "--evidence",
            "a.jpg",
            "--reason",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lead role"));
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "purge",
            "1",
            "--evidence",
            "a.jpg",
            "--reason",
            "Shows a card",
        ])
        .assert()
        .success();
    assert_eq!(query_i64(&sb.db(), "SELECT length(content) FROM attachments"), 0);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action IN ('visit.evidence.remove', 'visit.evidence.purge')"
        ),
        2
    );
}

#[test]
fn an_employee_of_another_location_is_refused_with_a_hint() {
    let sb = Sandbox::new();
    shop(&sb);
    sb.write("visit.yaml", &store_visit_answers(&[]));
    let before = fingerprint(&sb.db());
    log_visit(
        &sb,
        &[
            "--visited-at",
            "2026-11-20 11:05",
            "--answers",
            "visit.yaml",
            "--staff-agent",
            "a-202",
        ],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "agent `a-202` (Rocío Vega) works at sev-01, not at mad-01",
    ))
    .stderr(predicate::str::contains("hint: name an employee of mad-01"));
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn hostile_stored_names_are_written_as_plain_unique_files() {
    let sb = Sandbox::new();
    shop(&sb);
    for n in 1..=4 {
        std::fs::write(sb.path(&format!("p{n}.jpg")), jpeg(None, &n.to_string())).unwrap();
    }
    sb.write("visit.yaml", &store_visit_answers(&[]));
    log_visit(
        &sb,
        &[
            "--visited-at",
            "2026-11-20 11:05",
            "--answers",
            "visit.yaml",
            "--attach",
            "p1.jpg",
            "--attach",
            "p2.jpg",
            "--attach",
            "p3.jpg",
            "--attach",
            "p4.jpg",
        ],
    )
    .success();
    // Names as another tool (or an old import) could have stored them, past the guard that keeps
    // attachments as added.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute_batch("DROP TRIGGER attachments_no_change").unwrap();
    for (id, name) in [
        (1, "../../x"),
        (2, "/etc/passwd"),
        (3, "bad\u{1b}[2J\nname.jpg"),
        (4, "x"),
    ] {
        conn.execute(
            "UPDATE attachments SET file_name = ?2 WHERE id = ?1",
            rusqlite::params![id, name],
        )
        .unwrap();
    }
    drop(conn);
    sb.qaudit()
        .args(["--as", "lea", "visit", "evidence", "1", "--output", "out/inner"])
        .assert()
        .success();
    let mut written: Vec<String> = std::fs::read_dir(sb.path("out/inner"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    written.sort();
    assert_eq!(written, ["bad__2J_name.jpg", "passwd", "x", "x-2"]);
    assert!(!sb.path("x").exists() && !sb.path("out/x").exists());
}

#[test]
fn an_unplanned_log_is_linked_to_the_shoppers_planned_visit() {
    let sb = Sandbox::new();
    shop(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "plan",
            "--month",
            "2026-11",
            "--per-location",
            "1",
            "--locations",
            "mad-01",
        ])
        .args(["--shoppers", "sam", "--seed", "3"])
        .assert()
        .success();
    sb.write("visit.yaml", &store_visit_answers(&[]));
    log_visit(&sb, &["--visited-at", "2026-11-20 11:05", "--answers", "visit.yaml"])
        .success()
        .stderr(predicate::str::contains("Linked to planned visit 1"));
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM visits"), 1);
    assert_eq!(
        query_i64(&sb.db(), "SELECT status = 'complete' FROM visits WHERE id = 1"),
        1
    );

    // Another shopper's planned visit is not taken over, but the shopper is told about it.
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "tom", "--name", "Tom Gil", "--role", "shopper",
        ])
        .assert()
        .success();
    let today = chrono::Utc::now().date_naive();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "plan",
            "--month",
            &today.format("%Y-%m").to_string(),
            "--per-location",
            "1",
        ])
        .args([
            "--locations",
            "mad-01",
            "--shoppers",
            "tom",
            "--seed",
            "1",
            "--lockout-days",
            "0",
        ])
        .assert()
        .success();
    log_visit(
        &sb,
        &["--visited-at", &format!("{today} 00:01"), "--answers", "visit.yaml"],
    )
    .success()
    .stderr(predicate::str::contains(
        "Note: visit 2 to mad-01 is planned for tom on",
    ))
    .stdout(predicate::str::contains("Visit 3 logged"));
}
