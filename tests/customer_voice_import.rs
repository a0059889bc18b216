//! The customer's voice on `interaction import`: every field mapped and stored typed, unknown
//! columns still kept in `extra`, out-of-range values refused by row and column with the store
//! byte-identical, one CSAT scale per store (`--csat-scale`, `--rescale`), the settings for
//! business hours and response targets.

mod common;

use common::voice_support::{cell, run_as, store_bytes, voice_team};

const FULL: &str = "Ticket,agent,channel,occurred_at,Satisfacción,recomendaría,queja,primera respuesta,resuelto,reabierto,queja abierta,queja cerrada,escalado,motivo,satisfaction\n\
V-1,a-1,phone,2026-11-02 10:00,4,9,no,45,sí,no,,,,facturación,good\n\
V-2,a-1,email,2026-11-02 11:00,2,3,Cobro duplicado,4h,no,yes,2026-11-02 11:00,2026-11-04 09:00,2026-11-02 12:30,devolución,bad\n";

const MAPS: [&str; 26] = [
    "--map",
    "Ticket=id",
    "--map",
    "Satisfacción=csat",
    "--map",
    "recomendaría=nps",
    "--map",
    "queja=complaint",
    "--map",
    "primera respuesta=response_s",
    "--map",
    "resuelto=resolved",
    "--map",
    "reabierto=reopened",
    "--map",
    "queja abierta=complaint_opened_at",
    "--map",
    "queja cerrada=complaint_closed_at",
    "--map",
    "escalado=escalated_at",
    "--map",
    "motivo=reason",
    "--timezone",
    "UTC",
    "--csat-scale",
    "1-5",
];

#[test]
fn every_voice_field_is_mapped_and_stored_typed() {
    let sb = voice_team();
    let db = sb.db();
    sb.write("voice.csv", FULL);
    let mut args = vec!["interaction", "import", "voice.csv"];
    args.extend(MAPS);
    let (code, out, err) = run_as(&sb, "lea", &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("voice.csv: 2 imported"), "{out}");
    assert!(
        out.contains("Other columns kept with each interaction: satisfaction."),
        "{out}"
    );
    let row = |id: &str| {
        cell(
            &db,
            &format!(
                "SELECT csat || '|' || nps || '|' || complaint || '|' || coalesce(complaint_reason, '') || '|' ||
                        response_s || '|' || resolved || '|' || reopened || '|' || coalesce(complaint_opened_at, '') || '|' ||
                        coalesce(complaint_closed_at, '') || '|' || coalesce(escalated_at, '') || '|' || reason || '|' || extra
                 FROM interactions WHERE external_id = '{id}'"
            ),
        )
        .unwrap()
    };
    assert_eq!(row("V-1"), r#"4|9|0||45|1|0||||facturación|{"satisfaction":"good"}"#);
    assert_eq!(
        row("V-2"),
        r#"2|3|1|Cobro duplicado|14400|0|1|2026-11-02T11:00:00Z|2026-11-04T09:00:00Z|2026-11-02T12:30:00Z|devolución|{"satisfaction":"bad"}"#
    );
    assert_eq!(
        cell(&db, "SELECT value FROM meta WHERE key = 'csat_scale'").as_deref(),
        Some("1-5")
    );
    // The list's JSON carries the typed values; the store still verifies.
    let (_, json, _) = run_as(
        &sb,
        "lea",
        &["--format", "json", "interaction", "list", "--agent", "a-1"],
    );
    assert!(
        json.contains(r#""response_s": 14400"#) || json.contains(r#""response_s":14400"#),
        "{json}"
    );
    let (code, out, err) = run_as(&sb, "lea", &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
    // Interactions imported before (without the columns) keep NULL.
    assert_eq!(
        cell(&db, "SELECT csat FROM interactions WHERE external_id = 'CALL-1'"),
        None
    );
}

/// Each refusal names file:line and the column, says nothing was imported, and leaves every
/// byte of the store as it was.
#[test]
fn out_of_range_values_refuse_the_import_and_leave_the_store_byte_identical() {
    let sb = voice_team();
    let db = sb.db();
    let cases: [(&str, &str); 5] = [
        (
            "id,agent,channel,occurred_at,csat\nX-1,a-1,phone,2026-11-02 10:00,6\n",
            "bad.csv:2: csat 6 is outside the 1-5 scale",
        ),
        (
            "id,agent,channel,occurred_at,nps\nX-1,a-1,phone,2026-11-02 10:00,11\n",
            "bad.csv:2: nps 11 is outside 0-10",
        ),
        (
            "id,agent,channel,occurred_at,resolved\nX-1,a-1,phone,2026-11-02 10:00,maybe\n",
            "bad.csv:2: resolved `maybe` is not yes or no",
        ),
        (
            "id,agent,channel,occurred_at,response_s\nX-1,a-1,phone,2026-11-02 10:00,soon\n",
            "bad.csv:2: response_s `soon` is not a time span",
        ),
        (
            "id,agent,channel,occurred_at,complaint_opened_at,complaint_closed_at\nX-1,a-1,phone,2026-11-02 10:00,2026-11-03 10:00,2026-11-02 10:00\n",
            "bad.csv:2: complaint_closed_at 2026-11-02T10:00:00Z is before complaint_opened_at",
        ),
    ];
    for (csv, message) in cases {
        sb.write("bad.csv", csv);
        let before = store_bytes(&db);
        let (code, _, err) = run_as(&sb, "lea", &["interaction", "import", "bad.csv"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(message), "{message}\n{err}");
        assert!(err.contains("nothing was imported") && err.contains("hint:"), "{err}");
        assert!(store_bytes(&db) == before, "{message}: the store changed");
    }
    // With --skip-invalid the bad row goes to the rejects file with its reason.
    sb.write(
        "bad.csv",
        "id,agent,channel,occurred_at,nps\nX-1,a-1,phone,2026-11-02 10:00,11\nX-2,a-1,phone,2026-11-02 10:00,10\n",
    );
    let (code, out, err) = run_as(
        &sb,
        "lea",
        &[
            "interaction",
            "import",
            "bad.csv",
            "--skip-invalid",
            "--rejects",
            "rejects.csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 imported") && out.contains("1 rejected"), "{out}");
    let rejects = std::fs::read_to_string(sb.path("rejects.csv")).unwrap();
    assert!(rejects.contains("nps 11 is outside 0-10"), "{rejects}");
}

#[test]
fn a_store_keeps_one_csat_scale_unless_values_are_rescaled() {
    let sb = voice_team();
    let db = sb.db();
    sb.write(
        "five.csv",
        "id,agent,channel,occurred_at,csat\nF-1,a-1,phone,2026-11-02 10:00,5\n",
    );
    assert_eq!(run_as(&sb, "lea", &["interaction", "import", "five.csv"]).0, 0);
    sb.write(
        "ten.csv",
        "id,agent,channel,occurred_at,csat\nT-1,a-1,phone,2026-11-02 10:00,8\nT-2,a-1,phone,2026-11-02 11:00,10\n",
    );
    let before = store_bytes(&db);
    let (code, _, err) = run_as(
        &sb,
        "lea",
        &["interaction", "import", "ten.csv", "--csat-scale", "1-10"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("the store keeps CSAT on the 1-5 scale; this file is declared 1-10"),
        "{err}"
    );
    assert!(err.contains("--csat-scale 1-10 --rescale"), "{err}");
    assert!(store_bytes(&db) == before, "the refused import changed the store");
    let (code, _, err) = run_as(
        &sb,
        "lea",
        &["interaction", "import", "ten.csv", "--csat-scale", "1-10", "--rescale"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(cell(&db, "SELECT group_concat(csat) FROM (SELECT csat FROM interactions WHERE external_id LIKE 'T-%' ORDER BY external_id)").as_deref(), Some("4,5"));
    assert_eq!(
        cell(&db, "SELECT value FROM meta WHERE key = 'csat_scale'").as_deref(),
        Some("1-5")
    );
    // A bad scale is refused before any file is read.
    let (code, _, err) = run_as(
        &sb,
        "lea",
        &["interaction", "import", "ten.csv", "--csat-scale", "0-10"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("--csat-scale: `0-10` is not a CSAT scale"), "{err}");
}

#[test]
fn business_hours_and_response_targets_are_settings() {
    let sb = voice_team();
    let (code, out, err) = run_as(&sb, "lea", &["config", "set", "business-hours", "lun-vie 9:00-18:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("business-hours = Mon-Fri 09:00-18:00"), "{out}");
    let (code, out, _) = run_as(&sb, "lea", &["config", "set", "target.response.email", "24h"]);
    assert_eq!(code, 0);
    assert!(out.contains("target.response.email = 24h"), "{out}");
    let (_, got, _) = run_as(&sb, "lea", &["config", "get", "target.response.email"]);
    assert_eq!(got.trim(), "24h");
    let (_, list, _) = run_as(&sb, "lea", &["config", "list"]);
    assert!(
        list.contains("target.response.email") && list.contains("Mon-Fri 09:00-18:00"),
        "{list}"
    );
    let before = store_bytes(&sb.db());
    for (key, value, words) in [
        ("business-hours", "always", "names no days and hours"),
        ("business-hours", "Mon-Fri 18:00-09:00", "ends before it starts"),
        ("target.response.email", "soon", "is not a time span"),
    ] {
        let (code, _, err) = run_as(&sb, "lea", &["config", "set", key, value]);
        assert_eq!(code, 1, "{key} {value}");
        assert!(err.contains(words) && err.contains("hint:"), "{err}");
    }
    // Only a lead changes settings.
    assert_eq!(
        run_as(&sb, "eva", &["config", "set", "target.response.chat", "2m"]).0,
        1
    );
    assert!(store_bytes(&sb.db()) == before);
}

/// The demo's contacts carry the customer's voice, tied more to the favoured criteria (see
/// `src/demo/voice.rs`) than to a criterion customers do not feel.
#[test]
fn the_demo_carries_the_customers_voice() {
    let sb = common::Sandbox::new();
    sb.qaudit()
        .args([
            "demo",
            "--interactions",
            "1500",
            "--evaluations",
            "600",
            "--visits",
            "10",
        ])
        .assert()
        .success();
    let db = sb.db();
    let n = |sql: &str| common::query_i64(&db, sql);
    assert!(n("SELECT count(csat) FROM interactions") > 300);
    assert_eq!(
        n("SELECT count(*) FROM interactions WHERE csat NOT BETWEEN 1 AND 5 OR nps NOT BETWEEN 0 AND 10"),
        0
    );
    assert!(n("SELECT count(*) FROM interactions WHERE complaint = 1") > 10);
    assert_eq!(n("SELECT count(response_s) FROM interactions"), 1500);
    assert!(n("SELECT count(verbatim) FROM surveys") > 5);
    assert_eq!(
        n("SELECT count(*) FROM surveys WHERE verbatim LIKE '%@%' OR verbatim LIKE '%4111 1111%'"),
        0
    );
    // Mean CSAT where the favoured criterion was met vs not met: a clear gap.
    let gap = |key: &str| -> f64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT avg(CASE WHEN cs.norm = 1 THEN i.csat END) - avg(CASE WHEN cs.norm = 0 THEN i.csat END)
             FROM criterion_scores cs JOIN evaluations e ON e.id = cs.evaluation_id
             JOIN interactions i ON i.id = e.interaction_id WHERE cs.criterion_key = ?1 AND i.csat IS NOT NULL",
            [key],
            |r| r.get(0),
        )
        .unwrap()
    };
    let felt = gap("resolution.resolved");
    assert!(felt > 0.5, "resolved: {felt}");
    let (code, out, err) = run_as(&sb, "tester", &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}
