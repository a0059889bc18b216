//! `survey import` and `survey list`, and `agent survey import`: idempotent imports, refusals
//! that leave the store byte-identical, verbatims scrubbed before storage and read by leads
//! only, staff surveys on a declared scale, and both kinds verified records.

mod common;

use common::query_i64;
use common::voice_support::{cell, run_as, store_bytes, voice_team};

const SURVEYS: &str = "interaction,answered_at,csat,nps,verbatim\n\
CALL-1,2026-11-05 10:00,5,10,\"Muy bien; llamadme al 600 123 456 o a ana.perez@correo.es\"\n\
CHAT-1,2026-11-06 10:00,1,2,\"Cobro en 4111 1111 1111 1111, DNI 12345678Z, IBAN ES91 2100 0418 4502 0005 1332, pedido 4111111111111112\"\n\
MAIL-1,2026-11-06 12:00,,7,\n";

#[test]
fn survey_import_is_idempotent_and_scrubs_verbatims() {
    let sb = voice_team();
    let db = sb.db();
    sb.write("surveys.csv", SURVEYS);
    let (code, out, err) = run_as(&sb, "lea", &["survey", "import", "surveys.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("surveys.csv: 3 imported, 0 already stored."), "{out}");
    assert!(
        out.contains("Customer identifiers were replaced in 2 verbatims"),
        "{out}"
    );
    assert_eq!(
        cell(
            &db,
            "SELECT verbatim FROM surveys WHERE answered_at = '2026-11-05T10:00:00Z'"
        )
        .as_deref(),
        Some("Muy bien; llamadme al [phone] o a [email]")
    );
    assert_eq!(
        cell(
            &db,
            "SELECT verbatim FROM surveys WHERE answered_at = '2026-11-06T10:00:00Z'"
        )
        .as_deref(),
        Some("Cobro en [card], DNI [dni], IBAN [iban], pedido 4111111111111112")
    );
    // Nothing of the raw identifiers is anywhere in the store file.
    let bytes = store_bytes(&db);
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains("ana.perez@correo.es") && !raw.contains("600 123 456"));
    let audit = query_i64(&db, "SELECT count(*) FROM audit_log WHERE action = 'survey.import'");

    let before = store_bytes(&db);
    let (code, out, _) = run_as(&sb, "lea", &["survey", "import", "surveys.csv"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 imported, 3 already stored (nothing new to import)"),
        "{out}"
    );
    assert_eq!(query_i64(&db, "SELECT count(*) FROM surveys"), 3);
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM audit_log WHERE action = 'survey.import'"),
        audit
    );
    assert!(store_bytes(&db) == before, "a second import wrote");
    let (code, out, err) = run_as(&sb, "lea", &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn refused_survey_imports_leave_the_store_byte_identical() {
    let sb = voice_team();
    let db = sb.db();
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "interaction,answered_at,csat\nNOPE-9,2026-11-05 10:00,4\n",
            &[],
            "s.csv:2: interaction \"NOPE-9\" is not in the store; import it first with `qaudit interaction import`",
        ),
        (
            "interaction,answered_at,csat\nCALL-1,2026-11-05 10:00,6\n",
            &[],
            "s.csv:2: csat 6 is outside the 1-5 scale",
        ),
        (
            "interaction,answered_at,nps\nCALL-1,2026-11-05 10:00,11\n",
            &[],
            "s.csv:2: nps 11 is outside 0-10",
        ),
        (
            "interaction,answered_at,csat,nps\nCALL-1,2026-11-05 10:00,,\n",
            &[],
            "s.csv:2: neither csat nor nps is given",
        ),
        (
            "interaction,answered_at,csat,email\nCALL-1,2026-11-05 10:00,3,a@b.es\n",
            &[],
            "unknown column \"email\"",
        ),
    ];
    for (csv, extra, message) in cases {
        sb.write("s.csv", csv);
        let before = store_bytes(&db);
        let mut args = vec!["survey", "import", "s.csv"];
        args.extend(extra);
        let (code, _, err) = run_as(&sb, "lea", &args);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(message), "{message}\n{err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(store_bytes(&db) == before, "{message}: the store changed");
    }
    // The store's scale holds for surveys too.
    sb.write("five.csv", "interaction,answered_at,csat\nCALL-1,2026-11-05 10:00,4\n");
    assert_eq!(run_as(&sb, "lea", &["survey", "import", "five.csv"]).0, 0);
    sb.write("ten.csv", "interaction,answered_at,csat\nCHAT-1,2026-11-05 10:00,9\n");
    let before = store_bytes(&db);
    let (code, _, err) = run_as(&sb, "lea", &["survey", "import", "ten.csv", "--csat-scale", "1-10"]);
    assert_eq!(code, 1);
    assert!(err.contains("the store keeps CSAT on the 1-5 scale"), "{err}");
    assert!(store_bytes(&db) == before);
    assert_eq!(
        run_as(
            &sb,
            "lea",
            &["survey", "import", "ten.csv", "--csat-scale", "1-10", "--rescale"]
        )
        .0,
        0
    );
    assert_eq!(
        cell(
            &db,
            "SELECT s.csat FROM surveys s JOIN interactions i ON i.id = s.interaction_id WHERE i.external_id = 'CHAT-1'"
        )
        .as_deref(),
        Some("5")
    );
}

#[test]
fn only_leads_read_verbatims() {
    let sb = voice_team();
    sb.write("surveys.csv", SURVEYS);
    assert_eq!(run_as(&sb, "lea", &["survey", "import", "surveys.csv"]).0, 0);
    let (code, out, _) = run_as(&sb, "lea", &["survey", "list", "--agent", "a-1"]);
    assert_eq!(code, 0);
    assert!(out.contains("[phone]") && out.contains("CHAT-1"), "{out}");
    assert!(!out.contains("MAIL-1"), "{out}");
    for who in ["eva", "a-1"] {
        let (code, out, err) = run_as(&sb, who, &["survey", "list"]);
        assert_eq!(code, 1, "{who}: {out}");
        assert!(!out.contains("[phone]") && err.contains("hint:"), "{who}: {err}");
    }
}

#[test]
fn the_stores_triggers_refuse_changing_a_survey_and_verify_names_one_changed() {
    let sb = voice_team();
    let db = sb.db();
    sb.write("surveys.csv", SURVEYS);
    assert_eq!(run_as(&sb, "lea", &["survey", "import", "surveys.csv"]).0, 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(conn.execute("UPDATE surveys SET csat = 5 WHERE csat = 1", []).is_err());
    assert!(conn.execute("DELETE FROM surveys", []).is_err());
    // Behind qaudit's back, without the triggers: verify names the record.
    conn.execute_batch("DROP TRIGGER surveys_no_update; UPDATE surveys SET csat = 5 WHERE csat = 1;")
        .unwrap();
    drop(conn);
    let (code, out, err) = run_as(&sb, "lea", &["verify"]);
    assert_eq!(code, 1);
    assert!(format!("{out}{err}").contains("survey:"), "{out}{err}");
}

#[test]
fn agent_survey_import_is_a_leads_idempotent_import_on_a_declared_scale() {
    let sb = voice_team();
    let db = sb.db();
    sb.write(
        "staff.csv",
        "agent,answered_at,score\na-1,2026-11-01,8\na-2,2026-11-01,6\n",
    );
    let (code, out, err) = run_as(
        &sb,
        "lea",
        &["agent", "survey", "import", "staff.csv", "--scale", "1-10"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 staff survey answers imported on the 1-10 scale"),
        "{out}"
    );
    let (_, out, _) = run_as(
        &sb,
        "lea",
        &["agent", "survey", "import", "staff.csv", "--scale", "1-10"],
    );
    assert!(
        out.contains("0 staff survey answers imported") && out.contains("2 already stored"),
        "{out}"
    );
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM agent_surveys WHERE scale_min = 1 AND scale_max = 10"
        ),
        2
    );
    let before = store_bytes(&db);
    sb.write(
        "bad.csv",
        "agent,answered_at,score\na-9,2026-11-02,8\na-1,2026-11-02,11\n",
    );
    let (code, _, err) = run_as(&sb, "lea", &["agent", "survey", "import", "bad.csv", "--scale", "1-10"]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.csv:2: agent \"a-9\" is not in the store"), "{err}");
    assert!(
        err.contains("bad.csv:3: score `11` is not a whole number from 1 to 10"),
        "{err}"
    );
    assert_eq!(
        run_as(
            &sb,
            "eva",
            &["agent", "survey", "import", "staff.csv", "--scale", "1-10"]
        )
        .0,
        1
    );
    assert!(store_bytes(&db) == before);
    let (code, out, err) = run_as(&sb, "lea", &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_spanish_lead_reads_surveys_in_spanish() {
    let sb = voice_team();
    sb.write("surveys.csv", SURVEYS);
    assert_eq!(run_as(&sb, "lea", &["survey", "import", "surveys.csv"]).0, 0);
    let (code, out, err) = run_as(&sb, "lea", &["survey", "list", "--lang", "es", "--agent", "a-1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("contacto") && out.contains("comentario") && out.contains("respondida"),
        "{out}"
    );
    assert!(out.contains("06/11/2026"), "Spanish days come first: {out}");
    let (_, none, _) = run_as(&sb, "lea", &["survey", "list", "--lang", "es", "--agent", "a-9"]);
    assert!(none.contains("Ninguna encuesta coincide"), "{none}");
}
