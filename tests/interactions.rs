//! Interactions through the binary: CSV import (one transaction, bad rows by line, rejects,
//! re-import, unknown agents, refused files and flags) and list.

mod common;

use common::interactions_support::{HEADER, interactions, store_counts, text, with_agents};
use common::{query_i64, stdout_of};
use std::fmt::Write as _;

/// `rows` data rows (file lines 2..=rows+1): ids CALL-00002.. named by their line.
fn generated(rows: usize) -> String {
    let mut csv = String::from(HEADER);
    for i in 0..rows {
        let line = i + 2;
        let channel = ["phone", "chat", "email"][i % 3];
        writeln!(
            csv,
            "CALL-{line:05},a-{},{channel},2026-11-{:02} {:02}:{:02}:00,{},cust-{}",
            i % 5,
            1 + i % 28,
            i % 24,
            i % 60,
            30 + i % 600,
            i % 97
        )
        .unwrap();
    }
    csv
}

/// Replaces the row on file line `line` of a generated file.
fn with_line(csv: &str, line: usize, row: &str) -> String {
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[line - 1] = row;
    lines.join("\n") + "\n"
}

#[test]
fn import_and_list() {
    let sb = with_agents();
    let db = sb.db();
    sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,duration_s,customer,queue,wrap_up\n\
         C-1,a-1,Phone,2026-11-20 10:05,312,+34 600 111 222,billing,refund\n\
         C-2,a-2,chat,2026-11-20T10:05:00+01:00,,ana@example.com,sales,\n\
         C-3,a-1, email ,2026-11-21 09:00:30,3725,,billing,\"info, sent\"\n",
    );
    let out = stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "calls.csv"]));
    assert!(out.contains("calls.csv: 3 imported, 0 already stored."), "{out}");
    assert!(
        out.contains("Other columns kept with each interaction: queue, wrap_up."),
        "{out}"
    );

    // One audit entry for the whole import, with counts and the first and last id.
    let audit = query_i64(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'interaction.import' AND entity = 'import:calls.csv'
         AND json_extract(change, '$.imported') = 3 AND json_extract(change, '$.first_id') = 'C-1'
         AND json_extract(change, '$.last_id') = 'C-3'",
    );
    assert_eq!(audit, 1);
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM audit_log WHERE action LIKE 'interaction%'"),
        1
    );

    // Extra columns as a JSON object, channels lower-cased and trimmed, empty customer NULL.
    assert_eq!(
        text(&db, "SELECT extra FROM interactions WHERE external_id = 'C-3'"),
        r#"{"queue":"billing","wrap_up":"info, sent"}"#
    );
    assert_eq!(
        text(&db, "SELECT channel FROM interactions WHERE external_id = 'C-3'"),
        "email"
    );
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM interactions WHERE external_id = 'C-3' AND customer IS NULL"
        ),
        1
    );

    // The list hides the raw customer: the pseudonym is all there is.
    let list = stdout_of(sb.qaudit().args(["interaction", "list"]));
    let pseudonym = text(&db, "SELECT customer FROM interactions WHERE external_id = 'C-1'");
    let snapshot = list.replace(&pseudonym, "c-<pseudonym-1>").replace(
        &text(&db, "SELECT customer FROM interactions WHERE external_id = 'C-2'"),
        "c-<pseudonym-2>",
    );
    insta::assert_snapshot!("interaction_list", snapshot);

    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "interaction",
        "list",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json[0]["id"], "C-3");
    assert_eq!(json[0]["duration_s"], 3725);
    assert_eq!(json[0]["extra"]["wrap_up"], "info, sent");
    assert_eq!(json[1]["id"], "C-1");
    assert_eq!(json[1]["occurred_at"], "2026-11-20T10:05:00Z");
    assert_eq!(json[2]["occurred_at"], "2026-11-20T09:05:00Z", "the offset is applied");
}

#[test]
fn a_bad_row_among_ten_thousand_imports_nothing() {
    let sb = with_agents();
    let db = sb.db();
    let csv = with_line(&generated(9_999), 5000, "CALL-05000,a-1,phone,2026-13-01,60,cust-1");
    assert_eq!(csv.lines().count(), 10_000);
    sb.write("calls.csv", &csv);
    let before = store_counts(&db);
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "calls.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: calls.csv:5000: occurred_at `2026-13-01` is not a date and time; the formats read are RFC 3339 (2026-11-20T10:05:00+01:00), YYYY-MM-DD HH:MM[:SS]; other formats need --date-format, e.g. "%d/%m/%Y %H:%M"
    nothing was imported (1 bad row)
    hint: fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv
    "#);
    assert_eq!(store_counts(&db), before, "not one row, not one audit entry");
}

#[test]
fn skip_invalid_writes_the_bad_rows_with_reasons_and_imports_the_rest() {
    let sb = with_agents();
    let db = sb.db();
    let mut csv = generated(9_999);
    csv = with_line(&csv, 5000, "CALL-05000,a-1,phone,2026-13-01,60,cust-1");
    csv = with_line(&csv, 6000, "CALL-06000,a-2,Voice Call,2026-11-02 10:00,60,cust-2");
    csv = with_line(&csv, 7000, "CALL-07000,a-3,chat,2026-11-02 10:00,-5,cust-3");
    csv = with_line(&csv, 8000, "CALL-08000,a-3,chat,2026-11-02 10:00");
    csv = with_line(&csv, 9000, "CALL-00100,a-4,email,2026-11-02 10:00,60,cust-4");
    sb.write("calls.csv", &csv);
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--skip-invalid",
        "--rejects",
        "rejects.csv",
    ]));
    assert!(
        out.contains("calls.csv: 9994 imported, 0 already stored, 5 rejected."),
        "{out}"
    );
    assert_eq!(interactions(&db), 9_994);
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'interaction.import' AND json_extract(change, '$.rejected') = 5"
        ),
        1
    );
    let rejects = std::fs::read_to_string(sb.path("rejects.csv")).unwrap();
    insta::assert_snapshot!("rejects_csv", rejects);

    // The same file again: nothing new, and it says so.
    let audit = query_i64(&db, "SELECT count(*) FROM audit_log");
    let again = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--skip-invalid",
        "--rejects",
        "rejects.csv",
    ]));
    assert!(again.contains("0 imported, 9994 already stored, 5 rejected"), "{again}");
    assert_eq!(query_i64(&db, "SELECT count(*) FROM audit_log"), audit);
}

#[test]
fn reimporting_the_same_file_adds_nothing_and_says_so() {
    let sb = with_agents();
    let db = sb.db();
    sb.write("calls.csv", &generated(10_000));
    let first = stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "calls.csv"]));
    assert!(first.contains("10000 imported, 0 already stored"), "{first}");
    let before = store_counts(&db);
    let again = stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "calls.csv"]));
    assert!(
        again.contains("calls.csv: 0 imported, 10000 already stored (nothing new to import)."),
        "{again}"
    );
    assert_eq!(
        store_counts(&db),
        before,
        "a no-op writes nothing, not even an audit entry"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["imported"], 0);
    assert_eq!(json["already_stored"], 10_000);
}

#[test]
fn an_id_repeated_in_the_file_is_a_bad_row_naming_both_lines() {
    let sb = with_agents();
    let db = sb.db();
    sb.write(
        "calls.csv",
        &format!("{HEADER}X-1,a-1,phone,2026-11-01 10:00,,\nX-2,a-1,phone,2026-11-01 10:00,,\nX-1,a-2,chat,2026-11-01 11:00,,\n"),
    );
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "calls.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: calls.csv:4: id "X-1" is repeated (first on line 2); each id may appear once
    nothing was imported (1 bad row)
    hint: fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv
    "#);
    assert_eq!(interactions(&db), 0);
}

#[test]
fn unknown_agents_are_listed_and_nothing_is_imported() {
    let sb = with_agents();
    let db = sb.db();
    let mut csv = String::from(HEADER);
    for i in 0..30 {
        // a-0 .. a-4 exist; a-5 .. a-16 (12 of them) do not.
        writeln!(csv, "U-{i},a-{},chat,2026-11-01 10:00,,", i % 17).unwrap();
    }
    sb.write("calls.csv", &csv);
    let before = store_counts(&db);
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "calls.csv"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calls.csv: 12 agents are not in the store: a-5, a-6, a-7, a-8, a-9, a-10, a-11, a-12, a-13, a-14 and 2 more
    nothing was imported
    hint: import them first with `qaudit agent import agents.csv` (or `qaudit agent add`), or add --create-agents to create them named by their id
    ");
    assert_eq!(store_counts(&db), before);

    // --create-agents creates them named by their id, each audited, and imports everything.
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "interaction", "import", "calls.csv", "--create-agents"]),
    );
    assert!(out.contains("30 imported"), "{out}");
    assert!(out.contains("Created 12 agents named by their id"), "{out}");
    assert_eq!(query_i64(&db, "SELECT count(*) FROM agents WHERE id = name"), 12);
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'agent.add' AND json_extract(change, '$.source') LIKE 'interaction import calls.csv:%'"
        ),
        12
    );
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'interaction.import'"
        ),
        1
    );
}

#[test]
fn refused_files_and_flags() {
    let sb = with_agents();
    let db = sb.db();
    let before = store_counts(&db);
    std::fs::write(
        sb.path("latin1.csv"),
        b"id,agent,channel,occurred_at\nL-1,a-1,phone,2026-11-01 10:00\nL-2,a-1,tel\xe9fono,2026-11-01 10:00\n",
    )
    .unwrap();
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "latin1.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: latin1.csv:3: not UTF-8 text (byte 0xE9 in field 3); the file is probably in another encoding such as Windows-1252 or Latin-1
    hint: read it with --encoding windows-1252 (or latin1, utf-16), or save it as "CSV UTF-8" in your spreadsheet
    "#);

    sb.write("calls.csv", &generated(3));
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--rejects",
        "r.csv",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --rejects only applies with --skip-invalid
    hint: add --skip-invalid to import the good rows and write the bad ones to the file, or leave out --rejects
    ");
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--skip-invalid",
        "--rejects",
        "calls.csv",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --rejects calls.csv is the file being imported
    hint: write the rejected rows to another file, e.g. --rejects rejects.csv
    ");
    assert_eq!(std::fs::read_to_string(sb.path("calls.csv")).unwrap(), generated(3));
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import", "calls.csv", "--skip-invalid"])
        .assert()
        .code(2);

    // A refused --skip-invalid import (text that is not UTF-8 refuses the whole file) leaves no
    // rejects file behind.
    std::fs::write(
        sb.path("unknown.csv"),
        format!("{HEADER}Z-1,nobody,phone,2026-11-01 10:00,,\nZ-2,a-1,phone,bad,,Luc\u{fffd}\n")
            .replace('\u{fffd}', "\u{1}")
            .into_bytes()
            .into_iter()
            .map(|b| if b == 1 { 0xED } else { b })
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    sb.refusal(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "unknown.csv",
        "--skip-invalid",
        "--rejects",
        "rejects.csv",
    ]));
    assert!(!sb.path("rejects.csv").exists());
    assert!(!sb.path(".rejects.csv.qaudit-partial").exists());
    assert_eq!(store_counts(&db), before);
}

#[test]
fn list_filters_by_agent_channel_and_days() {
    let sb = with_agents();
    sb.write("calls.csv", &generated(100));
    stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "calls.csv"]));
    let ids = |args: &[&str]| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(&stdout_of(
            sb.qaudit().args(["interaction", "list", "--format", "json"]).args(args),
        ))
        .unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]).len(), 50, "the default limit");
    assert_eq!(ids(&["--limit", "0"]).len(), 100);
    assert_eq!(ids(&["--agent", "a-1"]).len(), 20);
    assert_eq!(ids(&["--channel", "Chat", "--limit", "0"]).len(), 33);
    // Days 2026-11-01 .. 2026-11-28 repeat; the 3rd and 4th hold rows 2, 3, 30, 31, 58, 59, 86, 87.
    let days = ids(&["--from", "2026-11-03", "--to", "2026-11-04"]);
    assert_eq!(days.len(), 8, "{days:?}");
    // Newest first.
    let all = sb
        .qaudit()
        .args(["interaction", "list", "--limit", "3", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let times: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["occurred_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert!(
        String::from_utf8(all.stderr)
            .unwrap()
            .contains("Showing the newest 3 of 100"),
        "a notice says there is more"
    );

    let refused = sb.refuse(&["interaction", "list", "--from", "2026-13-01"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: --from "2026-13-01" is not a day
    hint: `2026-13-01` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    "#);
    let refused = sb.refuse(&["interaction", "list", "--from", "2026-11-05", "--to", "2026-11-01"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --from 2026-11-05 is after --to 2026-11-01
    hint: give the earlier day as --from and the later one as --to
    ");
    let refused = sb.refuse(&["interaction", "list", "--agent", "a-99"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no agent `a-99` in the store
    hint: `qaudit agent list` shows the agents there are
    ");
    let none = stdout_of(sb.qaudit().args(["interaction", "list", "--channel", "fax"]));
    assert!(none.contains("No interactions match."), "{none}");
}
