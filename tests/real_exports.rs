//! Real exports in (issue 18): files as helpdesks, diallers and Spanish Excel write them,
//! imported with the import options; dry runs; unknown agents under --skip-invalid; plausible
//! dates and durations; bounded width; formula cells neutralised on the way out and restored on
//! the way back in.

mod common;

use common::{Sandbox, fingerprint, query_i64, root, stdout_of};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/exports").join(name)
}

/// A store with agents a-1 and a-2 (team north) and a lead.
fn store() -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    sb.write("agents.csv", "id,name,team\na-1,Ana Ruiz,north\na-2,Luis Mora,north\n");
    sb.qaudit()
        .args(["--as", "lea", "agent", "import", "agents.csv"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "lea",
            "--name",
            "Lea Sol",
            "--role",
            "lead",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    sb
}

/// Every stored interaction, as text, in id order.
fn stored(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT external_id, channel, agent_id, occurred_at, coalesce(duration_s, -1), coalesce(customer, ''),
                    coalesce(extra, '') FROM interactions ORDER BY external_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(format!(
            "{}|{}|{}|{}|{}|{}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

const SPANISH: &[&str] = &[
    "--encoding",
    "windows-1252",
    "--date-format",
    "%d/%m/%Y %H:%M",
    "--timezone",
    "Europe/Madrid",
    "--map",
    "Nº llamada=id",
    "--map",
    "Agente=agent",
    "--map",
    "Canal=channel",
    "--map",
    "Fecha y hora=occurred_at",
    "--map",
    "Duración=duration_s",
    "--map",
    "Cliente=customer",
    "--value",
    "channel:Teléfono=phone",
    "--value",
    "channel:Correo=email",
    "--keep-customer",
];

#[test]
fn a_spanish_excel_export_stores_the_same_rows_as_the_clean_file() {
    let excel = store();
    let out = stdout_of(
        excel
            .qaudit()
            .args(["--as", "lea", "interaction", "import"])
            .arg(fixture("es-excel.csv"))
            .args(SPANISH),
    );
    assert!(out.contains("5 imported"), "{out}");
    let clean = store();
    clean
        .qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(fixture("es-clean.csv"))
        .arg("--keep-customer")
        .assert()
        .success();
    let rows = stored(&excel.db());
    assert_eq!(rows, stored(&clean.db()));
    assert_eq!(rows.len(), 5);
    assert!(
        rows[0].starts_with("ES-1001|phone|a-1|2026-11-03T08:15:00Z|401|+34 600 111 222|"),
        "{}",
        rows[0]
    );
    assert!(
        rows[3].contains("|chat|") && rows[3].contains("|750|") && rows[3].contains("€30"),
        "{}",
        rows[3]
    );
    assert!(
        rows[4].contains("|95|"),
        "a decimal comma where ; separates: {}",
        rows[4]
    );
    // Without the options the same file is refused with a reason that leads to them.
    let bare = store();
    let refused = bare.refusal(
        bare.qaudit()
            .args(["--as", "lea", "interaction", "import"])
            .arg(fixture("es-excel.csv")),
    );
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: [root]/tests/fixtures/exports/es-excel.csv:1: not UTF-8 text (byte 0xBA in field 1); the file is probably in another encoding such as Windows-1252 or Latin-1
    hint: read it with --encoding windows-1252 (or latin1, utf-16), or save it as "CSV UTF-8" in your spreadsheet
    "#);
}

#[test]
fn a_dialler_export_with_a_default_channel() {
    let sb = store();
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "interaction", "import"])
            .arg(fixture("dialler.csv"))
            .args([
                "--default",
                "channel=phone",
                "--map",
                "CallID=id",
                "--map",
                "AgentLogin=agent",
            ])
            .args([
                "--map",
                "StartTime=occurred_at",
                "--map",
                "TalkTime=duration_s",
                "--map",
                "ANI=customer",
            ]),
    );
    assert!(out.contains("3 imported"), "{out}");
    let rows = stored(&sb.db());
    assert!(
        rows[0].starts_with("D-1|phone|a-1|2026-11-10T09:00:05Z|401|c-"),
        "{}",
        rows[0]
    );
    assert!(rows[2].contains("|722|"), "{}", rows[2]);
    // Without the default the missing column is named, with the way out.
    let refused = sb.refusal(
        sb.qaudit()
            .args(["--as", "lea", "interaction", "import"])
            .arg(fixture("dialler.csv"))
            .args([
                "--map",
                "CallID=id",
                "--map",
                "AgentLogin=agent",
                "--map",
                "StartTime=occurred_at",
            ]),
    );
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: [root]/tests/fixtures/exports/dialler.csv has no `channel` column; its header is: "CallID", "AgentLogin", "StartTime", "TalkTime", "ANI"
    hint: name the columns id, agent, channel, occurred_at, duration_s, customer, csat, nps, complaint, response_s, resolved, reopened, complaint_opened_at, complaint_closed_at, escalated_at, reason in the first line, read yours with --map "their column=channel", or give one value for every row with --default channel=VALUE
    "#);
}

#[test]
fn a_semicolon_file_is_read_by_its_header_and_the_delimiter_can_be_given() {
    let sb = store();
    sb.write(
        "semi.csv",
        "id;agent;channel;occurred_at;duration_s\nS-1;a-1;phone;2026-11-03 09:15;00:06:41\n",
    );
    assert!(stdout_of(sb.qaudit().args(["--as", "lea", "interaction", "import", "semi.csv"])).contains("1 imported"));
    sb.write(
        "pipe.txt",
        "id|agent|channel|occurred_at\nP-1|a-2|chat|2026-11-03 09:15\n",
    );
    assert!(
        stdout_of(
            sb.qaudit()
                .args(["--as", "lea", "interaction", "import", "pipe.txt", "--delimiter", "|"])
        )
        .contains("1 imported")
    );
    let err = sb
        .refusal(
            sb.qaudit()
                .args(["--as", "lea", "interaction", "import", "pipe.txt", "--delimiter", "||"]),
        )
        .stderr;
    assert!(err.contains("not one ASCII character"), "{err}");
}

#[test]
fn agent_and_location_imports_take_the_options_too() {
    let sb = Sandbox::new();
    sb.init();
    let latin: Vec<u8> = b"C\xf3digo;Nombre;Equipo\r\na-9;Luc\xeda P\xe9rez;norte\r\n".to_vec();
    std::fs::write(sb.path("agentes.csv"), latin).unwrap();
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "agent",
        "import",
        "agentes.csv",
        "--encoding",
        "latin1",
        "--map",
        "Código=id",
        "--map",
        "Nombre=name",
        "--map",
        "Equipo=team",
    ]));
    assert!(out.contains("1 added"), "{out}");
    assert!(stdout_of(sb.qaudit().args(["agent", "list"])).contains("Lucía Pérez"));
    sb.write("tiendas.csv", "Tienda\tNombre\nmad-9\tMadrid Sol\n");
    let before = fingerprint(&sb.db());
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "location",
        "import",
        "tiendas.csv",
        "--map",
        "Tienda=id",
        "--map",
        "Nombre=name",
        "--default",
        "region=centro",
        "--dry-run",
    ]));
    assert!(
        out.contains("would add 1") && out.contains("mad-9") && out.contains("centro"),
        "{out}"
    );
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn a_dry_run_shows_what_would_be_stored_and_writes_nothing() {
    let sb = store();
    let before = std::fs::read(sb.db()).unwrap();
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "interaction", "import"])
            .arg(fixture("es-excel.csv"))
            .args(SPANISH)
            .arg("--dry-run"),
    );
    assert!(out.contains("5 would be imported"), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    assert!(out.contains("2026-11-03T08:15:00Z") && out.contains("ES-1001"), "{out}");
    assert!(out.contains("windows-1252") && out.contains("`;`"), "{out}");
    assert_eq!(std::fs::read(sb.db()).unwrap(), before, "the store is byte-identical");
    // Problems are reported as an import reports them, and still nothing is written.
    sb.write(
        "bad.csv",
        "id,agent,channel,occurred_at\nB-1,a-1,phone,1999-12-31 10:00\n",
    );
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "bad.csv", "--dry-run"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: bad.csv:2: occurred_at `1999-12-31 10:00` is before 2000-01-01 (implausible; --earliest DAY moves the bound)
    nothing was imported (1 bad row)
    hint: fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv
    ");
    assert_eq!(std::fs::read(sb.db()).unwrap(), before);
}

#[test]
fn implausible_dates_and_durations_are_bad_rows_with_their_line() {
    let sb = store();
    sb.write(
        "odd.csv",
        "id,agent,channel,occurred_at,duration_s\n\
         O-1,a-1,phone,0000-01-01 10:00,60\n\
         O-2,a-1,phone,9999-12-31 10:00,60\n\
         O-3,a-1,phone,2026-11-03 10:00,9223372036854775807\n\
         O-4,a-1,phone,2026-11-03 10:00,86401\n\
         O-5,a-1,phone,2099-01-01 10:00,60\n\
         O-6,a-1,phone,2026-11-03 10:00,6:41\n",
    );
    let before = fingerprint(&sb.db());
    let err = sb
        .refusal(sb.qaudit().args(["--as", "lea", "interaction", "import", "odd.csv"]))
        .stderr;
    for expected in [
        "odd.csv:2: occurred_at `0000-01-01 10:00` is before 2000-01-01",
        "odd.csv:3: occurred_at `9999-12-31 10:00` is after 2100-12-31",
        "odd.csv:4: duration_s `9223372036854775807` is over a day",
        "odd.csv:5: duration_s `86401` is over a day",
        "odd.csv:6: occurred_at `2099-01-01 10:00` is more than a day in the future",
        "nothing was imported (5 bad rows)",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    assert_eq!(fingerprint(&sb.db()), before);
    // The bounds move with --earliest / --latest; the future never.
    sb.write(
        "old.csv",
        "id,agent,channel,occurred_at\nOLD-1,a-1,phone,1998-05-05 10:00\n",
    );
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "interaction",
            "import",
            "old.csv",
            "--earliest",
            "1990-01-01",
        ])
        .assert()
        .success();
}

#[test]
fn a_huge_stored_duration_cannot_break_the_team_report() {
    let sb = store();
    sb.write(
        "ok.csv",
        "id,agent,channel,occurred_at,duration_s\nH-1,a-1,phone,2026-11-03 10:00,60\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import", "ok.csv"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute(
        "INSERT INTO interactions (external_id, channel, agent_id, occurred_at, duration_s, imported_at)
         VALUES ('H-2', 'phone', 'a-1', '2026-11-03T11:00:00Z', 9223372036854775807, 'now')",
        [],
    )
    .unwrap();
    drop(conn);
    for format in ["txt", "json", "csv", "html"] {
        sb.qaudit()
            .args([
                "report",
                "team",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--format",
                format,
            ])
            .assert()
            .success();
    }
}

#[test]
fn daylight_saving_times_need_a_choice() {
    let sb = store();
    sb.write(
        "dst.csv",
        "id,agent,channel,occurred_at\nT-1,a-1,phone,2026-10-25 02:30\n",
    );
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "interaction",
        "import",
        "dst.csv",
        "--timezone",
        "Europe/Madrid",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: dst.csv:2: occurred_at `2026-10-25 02:30` happens twice in Europe/Madrid (a daylight-saving change repeats that hour); add --ambiguous earlier or --ambiguous later
    nothing was imported (1 bad row)
    hint: fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv
    ");
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "interaction",
            "import",
            "dst.csv",
            "--timezone",
            "Europe/Madrid",
            "--ambiguous",
            "later",
        ])
        .assert()
        .success();
    assert_eq!(stored(&sb.db())[0], "T-1|phone|a-1|2026-10-25T01:30:00Z|-1||");
}

#[test]
fn skip_invalid_rejects_unknown_agents_like_any_bad_row_and_the_rejects_import_back() {
    let sb = store();
    sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,note\n\
         K-1,a-1,phone,2026-11-03 10:00,=HYPERLINK(\"http://evil.example\";\"click\")\n\
         K-2,new-hire,phone,2026-11-03 10:05,-3.2\n\
         K-3,a-2,chat,2026-11-03 10:10,fine\n",
    );
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
    assert!(out.contains("2 imported") && out.contains("1 rejected"), "{out}");
    let rejects = std::fs::read_to_string(sb.path("rejects.csv")).unwrap();
    assert!(
        rejects.contains("K-2,new-hire,phone,2026-11-03 10:05,-3.2,3,") && rejects.contains("not in the store"),
        "{rejects}"
    );
    // The new hire is added; the rejects file (less its two columns) imports as it was.
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "new-hire", "--name", "Nueva"])
        .assert()
        .success();
    let back: String = rejects
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.truncate(5);
            cells.join(",") + "\n"
        })
        .collect();
    sb.write("back.csv", &back);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import", "back.csv"])
        .assert()
        .success();
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM interactions"), 3);
}

#[test]
fn a_file_with_a_hundred_thousand_columns_is_refused_at_once() {
    let sb = store();
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    sb.write(
        "wide.csv",
        &format!("id,agent,channel,occurred_at,{}\n", header.join(",")),
    );
    let started = std::time::Instant::now();
    let refused = sb.refuse(&["--as", "lea", "interaction", "import", "wide.csv"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: wide.csv:1: the header line is over 250 KiB long (qaudit reads at most 1000 columns)
    hint: export only the columns you need, or check that --delimiter is right
    ");
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}

#[test]
fn channels_no_rubric_scores_are_pointed_out() {
    let sb = store();
    sb.write(
        "dir.csv",
        "id,agent,channel,occurred_at\nI-1,a-1,Inbound,2026-11-03 10:00\nI-2,a-1,phone,2026-11-03 10:05\n",
    );
    let out = sb
        .qaudit()
        .args(["--as", "lea", "interaction", "import", "dir.csv"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("No rubric scores channel inbound") && err.contains("--value \"channel:inbound=phone\""),
        "{err}"
    );
}
