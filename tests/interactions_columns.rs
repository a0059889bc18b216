//! Interaction imports of other systems' exports: --map, --timezone, pseudonymised customers
//! and extra columns, through the binary.

mod common;

use common::interactions_support::{HEADER, store_counts, text, with_agents};
use common::stdout_of;
use std::path::Path;

#[test]
fn map_reads_another_systems_export() {
    let sb = with_agents();
    let db = sb.db();
    sb.write(
        "genesys.csv",
        "\"Interaction ID\",\"Agent\",\"Media Type\",\"Start Time\",\"Duration\",\"ANI\",\"Queue\",\"Wrap-up Code\"\n\
         \"3f2a9c1e-0001\",\"a-0\",\"Voice\",\"2026-11-20T10:05:00Z\",\"312\",\"+34600111222\",\"Billing\",\"Refund issued\"\n\
         \"3f2a9c1e-0002\",\"a-3\",\"Chat\",\"2026-11-20T11:00:00Z\",\"95\",\"\",\"Sales\",\"\"\n",
    );
    let maps = [
        "--map",
        "Interaction ID=id",
        "--map",
        "agent=agent",
        "--map",
        "media type=channel",
        "--map",
        "Start Time=occurred_at",
        "--map",
        "Duration=duration_s",
        "--map",
        "ANI=customer",
    ];
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "interaction", "import", "genesys.csv"])
            .args(maps),
    );
    assert!(out.contains("2 imported"), "{out}");
    assert_eq!(
        text(
            &db,
            "SELECT extra FROM interactions WHERE external_id = '3f2a9c1e-0001'"
        ),
        r#"{"Queue":"Billing","Wrap-up Code":"Refund issued"}"#
    );
    assert_eq!(
        text(
            &db,
            "SELECT channel || ' ' || duration_s FROM interactions WHERE external_id = '3f2a9c1e-0001'"
        ),
        "voice 312"
    );

    // Zendesk-like: only some columns need a map; the rest already have our names.
    sb.write(
        "zendesk.csv",
        "Ticket ID,Assignee,channel,Created at,Requester email\n\
         ZD-100,a-2,email,2026-11-21 09:15,maria@example.com\n",
    );
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "zendesk.csv",
        "--map",
        "Ticket ID=id",
        "--map",
        "Assignee=agent",
        "--map",
        "Created at=occurred_at",
        "--map",
        "Requester email=customer",
    ]));
    assert!(out.contains("1 imported"), "{out}");

    // Refusals name what is wrong and list what there is.
    let before = store_counts(&db);
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "genesys.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: genesys.csv has no `id`, `channel`, `occurred_at` columns; its header is: "Interaction ID", "Agent", "Media Type", "Start Time", "Duration", "ANI", "Queue", "Wrap-up Code"
    hint: name the columns id, agent, channel, occurred_at, duration_s, customer, csat, nps, complaint, response_s, resolved, reopened, complaint_opened_at, complaint_closed_at, escalated_at, reason in the first line, read yours with --map "their column=id", or give one value for every row with --default id=VALUE
    "#);
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "genesys.csv",
        "--map",
        "Queue=team",
    ]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: --map "Queue=team": `team` is not a field this import reads
    hint: the fields are: id, agent, channel, occurred_at, duration_s, customer, csat, nps, complaint, response_s, resolved, reopened, complaint_opened_at, complaint_closed_at, escalated_at, reason; e.g. --map "Agent ID=agent"
    "#);
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "genesys.csv",
        "--map",
        "Call ID=id",
    ]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: --map "Call ID=id": genesys.csv has no column "Call ID"
    hint: the header is: "Interaction ID", "Agent", "Media Type", "Start Time", "Duration", "ANI", "Queue", "Wrap-up Code"
    "#);
    assert_eq!(store_counts(&db), before);
}

#[test]
fn timezone_reads_local_times() {
    let sb = with_agents();
    let db = sb.db();
    sb.write(
        "calls.csv",
        &format!(
            "{HEADER}W,a-1,phone,2026-11-20 10:05,,\nS,a-1,phone,2026-07-01 10:00:30,,\nO,a-1,phone,2026-11-20T10:05:00-05:00,,\n"
        ),
    );
    stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--timezone",
        "Europe/Madrid",
    ]));
    let at = |id: &str| {
        text(
            &db,
            &format!("SELECT occurred_at FROM interactions WHERE external_id = '{id}'"),
        )
    };
    assert_eq!(at("W"), "2026-11-20T09:05:00Z", "winter: UTC+1");
    assert_eq!(at("S"), "2026-07-01T08:00:30Z", "summer: UTC+2");
    assert_eq!(at("O"), "2026-11-20T15:05:00Z", "an explicit offset wins");

    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "calls.csv",
        "--timezone",
        "Mars/Base",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --timezone: unknown time zone `Mars/Base`; use an IANA name such as Europe/Madrid or America/Mexico_City
    hint: time zones are IANA names such as Europe/Madrid or America/Mexico_City; the default is the store's (`qaudit config get timezone`)
    ");
}

/// Every text and blob value in every table of the store.
fn every_value(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut values = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        values.push(String::from_utf8_lossy(b).to_string())
                    }
                    _ => {}
                }
            }
        }
    }
    values
}

#[test]
fn customers_are_pseudonymised_unless_kept() {
    let sb = with_agents();
    let db = sb.db();
    let raw = "+34 699 123 456";
    sb.write(
        "calls.csv",
        &format!(
            "{HEADER}P-1,a-1,phone,2026-11-01 10:00,,{raw}\nP-2,a-2,phone,2026-11-02 10:00,, {raw} \nP-3,a-2,phone,2026-11-03 10:00,,+34 699 000 000\n"
        ),
    );
    stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "calls.csv"]));
    let p1 = text(&db, "SELECT customer FROM interactions WHERE external_id = 'P-1'");
    let p2 = text(&db, "SELECT customer FROM interactions WHERE external_id = 'P-2'");
    let p3 = text(&db, "SELECT customer FROM interactions WHERE external_id = 'P-3'");
    assert!(p1.starts_with("c-") && p1.len() == 18, "{p1}");
    assert!(p1[2..].chars().all(|c| c.is_ascii_hexdigit()), "{p1}");
    assert_eq!(p1, p2, "the same customer gets the same pseudonym");
    assert_ne!(p1, p3);
    let values = every_value(&db);
    assert!(
        !values.iter().any(|v| v.contains("699 123 456")),
        "a raw customer id is stored somewhere"
    );
    // Nor anywhere in the file's bytes (the database or its write-ahead log).
    for file in [db.clone(), db.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(
                !bytes.windows(raw.len()).any(|w| w == raw.as_bytes()),
                "{} holds the raw customer id",
                file.display()
            );
        }
    }

    // A second store has its own secret: the same customer gets another pseudonym there.
    let other = with_agents();
    other.write("calls.csv", &format!("{HEADER}P-1,a-1,phone,2026-11-01 10:00,,{raw}\n"));
    stdout_of(
        other
            .qaudit()
            .args(["--as", "lea", "interaction", "import", "calls.csv"]),
    );
    assert_ne!(
        text(
            &other.db(),
            "SELECT customer FROM interactions WHERE external_id = 'P-1'"
        ),
        p1
    );

    // --keep-customer stores them as they are.
    sb.write("kept.csv", &format!("{HEADER}K-1,a-1,phone,2026-11-04 10:00,,{raw}\n"));
    let out = sb
        .qaudit()
        .args(["--as", "lea", "interaction", "import", "kept.csv", "--keep-customer"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("--keep-customer"), "a notice says so: {stderr}");
    assert_eq!(
        text(&db, "SELECT customer FROM interactions WHERE external_id = 'K-1'"),
        raw
    );
}
