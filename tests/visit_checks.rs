//! The reasons to doubt a visit and the reports around visits (issue 17), through the binary:
//! a reused photo and a photo a week off, thresholds, the league table per rubric with its
//! integrity columns for leads, all-N/A sections and employee wording on the sheets, and plans
//! around closed days.

mod common;

use common::visits::{at, day, exif, jpeg, log_visit, shop, show_json};
use common::{Sandbox, fingerprint, stdout_of, store_visit_answers};
use predicates::prelude::*;
use serde_json::Value;

/// A complete visita-tienda answers file.
const VISITA: &str = "answers:
  instalaciones.limpieza: 4
  instalaciones.senalizacion: cumple
  instalaciones.orden_exhibicion: 4
  instalaciones.presentacion_personal: yes
  bienvenida.saludo_entrada: yes
  bienvenida.amabilidad: 5
  espera.tiempo_atencion: cumple
  espera.espera_caja: na
  necesidades.preguntas: cumple
  necesidades.escucha: 4
  necesidades.recomendacion: parcial
  conocimiento.dominio_producto: 4
  conocimiento.informacion_veraz: yes
  conocimiento.condiciones: cumple
  reclamos.manejo_reclamo: na
  reclamos.solucion: na
  seguridad.pago_seguro: yes
  seguridad.datos_personales: na
  cierre.despedida: yes
  cierre.seguimiento: na
  cierre.recomendaria: 3
";

#[test]
fn a_reused_photo_and_a_photo_a_week_off_are_reported_to_leads() {
    let sb = Sandbox::new();
    shop(&sb);
    let good = jpeg(Some(&exif(1, "11:10")), "good");
    let old = jpeg(Some(&exif(7, "11:10")), "old");
    std::fs::write(sb.path("good.jpg"), &good).unwrap();
    std::fs::write(sb.path("old.jpg"), &old).unwrap();
    std::fs::write(sb.path("plain.jpg"), jpeg(None, "plain")).unwrap();
    sb.write("visit.yaml", &store_visit_answers(&[]));
    let (arrive, leave) = (at(1, "11:05"), at(1, "11:40"));
    let times = [
        "--visited-at",
        &arrive,
        "--departed-at",
        &leave,
        "--answers",
        "visit.yaml",
    ];
    log_visit(&sb, &[&times[..], &["--attach", "good.jpg"]].concat()).success();
    log_visit(
        &sb,
        &[
            "--visited-at",
            &at(0, "10:00"),
            "--departed-at",
            &at(0, "10:30"),
            "--answers",
            "visit.yaml",
            "--attach",
            "good.jpg",
            "--attach",
            "old.jpg",
        ],
    )
    .success();
    log_visit(&sb, &[&times[..], &["--attach", "plain.jpg"]].concat()).success();
    let second = show_json(&sb, "lea", "2");
    assert_eq!(second["integrity"]["outcome"], "doubtful");
    let reasons: Vec<String> = second["integrity"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "doubtful")
        .map(|f| f["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("good.jpg: the same file (sha256) is on visit 1")),
        "{reasons:?}"
    );
    let old_taken = format!(
        "old.jpg: taken {} 11:10 (Europe/Madrid), 7.0 days from the visit",
        day(7)
    );
    assert!(reasons.iter().any(|r| r.starts_with(&old_taken)), "{reasons:?}");
    assert_eq!(
        reasons.len(),
        3,
        "the good photo taken the day before is doubtful too: {reasons:?}"
    );
    // The list shows a lead each visit's outcome, and nobody else.
    let listed = stdout_of(sb.qaudit().args(["--as", "lea", "visit", "list"]));
    assert!(
        listed.contains("checks") && listed.contains("doubtful") && listed.contains("unverifiable"),
        "{listed}"
    );
    assert!(!stdout_of(sb.qaudit().args(["--as", "sam", "visit", "list"])).contains("doubtful"));
    // Without an EXIF time a photo proves nothing: unverifiable, never verified.
    let third = show_json(&sb, "lea", "3");
    assert_eq!(third["integrity"]["outcome"], "unverifiable");
    // The thresholds are the user's to change.
    let lenient: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "visit",
        "show",
        "2",
        "--photo-hours",
        "400",
    ])))
    .unwrap();
    let doubtful: Vec<&Value> = lenient["integrity"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "doubtful")
        .collect();
    assert_eq!(doubtful.len(), 1, "only the reused photo is left: {doubtful:?}");
    assert_eq!(doubtful[0]["check"], "photo_reused");

    // In the league table, per rubric, for leads.
    for id in 1..=3 {
        sb.qaudit()
            .args(["--as", "lea", "visit", "review", &id.to_string(), "--approve"])
            .assert()
            .success();
    }
    let report: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "report",
        "locations",
        "--rubric",
        "store-visit",
        "--from",
        "-30d",
    ])))
    .unwrap();
    let table = &report["tables"][0];
    assert_eq!(table["rubric"]["id"], "store-visit");
    let mad = &table["locations"][0];
    assert_eq!(mad["integrity"]["doubtful"], 2, "{mad}");
    assert_eq!(mad["integrity"]["unverifiable"], 1);
    let md = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "report", "locations", "--from", "-30d", "--format", "md"]),
    );
    assert!(
        md.contains("visit 2: good.jpg: taken") && md.contains("good.jpg: the same file (sha256) is on visit 1"),
        "{md}"
    );
    // Others do not see the reasons.
    let shopper =
        stdout_of(
            sb.qaudit()
                .args(["--as", "sam", "report", "locations", "--from", "-30d", "--format", "md"]),
        );
    assert!(!shopper.contains("good.jpg"), "{shopper}");
}

#[test]
fn locations_rank_each_rubric_apart_and_sheets_show_all_na_sections_as_na() {
    let sb = Sandbox::new();
    shop(&sb);
    sb.write("visit.yaml", &store_visit_answers(&[]));
    sb.write("visita.yaml", VISITA);
    let (arrive, leave) = (at(0, "11:05"), at(0, "11:40"));
    log_visit(
        &sb,
        &[
            "--visited-at",
            &arrive,
            "--departed-at",
            &leave,
            "--answers",
            "visit.yaml",
        ],
    )
    .success();
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "visita-tienda",
        ])
        .args([
            "--visited-at",
            &arrive,
            "--departed-at",
            &leave,
            "--answers",
            "visita.yaml",
        ])
        .assert()
        .success();
    for id in ["1", "2"] {
        sb.qaudit()
            .args(["--as", "lea", "visit", "review", id, "--approve"])
            .assert()
            .success();
    }
    let report: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "report",
        "locations",
        "--from",
        "-30d",
    ])))
    .unwrap();
    let tables = report["tables"].as_array().unwrap();
    let ids: Vec<&str> = tables.iter().map(|t| t["rubric"]["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["store-visit", "visita-tienda"],
        "one table per rubric, never a mixed average"
    );
    for t in tables {
        assert_eq!(t["locations"][0]["visits"], 1, "{t}");
    }
    assert_ne!(
        tables[0]["locations"][0]["average"],
        tables[1]["locations"][0]["average"]
    );
    let only: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "report",
        "locations",
        "--from",
        "-30d",
        "--rubric",
        "visita-tienda",
    ])))
    .unwrap();
    assert_eq!(only["tables"].as_array().unwrap().len(), 1);
    sb.qaudit()
        .args(["report", "locations", "--rubric", "call-quality"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("scores interactions, not visits"));

    // The complaint section was answered N/A throughout: N/A on the sheet, not 100, and left
    // out of the bar chart; criteria written for the shopper read naturally to the employee.
    let md = stdout_of(sb.qaudit().args(["report", "feedback", "1", "--format", "md"]));
    assert!(md.contains("### Problem and complaint handling: n/a"), "{md}");
    assert!(md.contains("Thanked the customer, said goodbye"), "{md}");
    assert!(!md.contains("Thanked you"), "{md}");
    let html = stdout_of(sb.qaudit().args(["report", "feedback", "1", "--format", "html"]));
    let chart = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(
        chart.contains("Greeting on entry") && !chart.contains("Problem and complaint"),
        "no bar for N/A: {chart}"
    );
    let es = stdout_of(sb.qaudit().args(["report", "feedback", "2", "--format", "md"]));
    assert!(es.contains("Dio las gracias al cliente"), "{es}");
}

#[test]
fn under_na_policy_pass_an_all_na_section_is_marked() {
    let sb = Sandbox::new();
    shop(&sb);
    sb.write(
        "pass.yaml",
        "id: quick-visit\nversion: 1\ntitle: Quick visit\nsubject: visit\npass_mark: 80\nna_policy: pass\n\
         scales:\n  yes_no: { type: binary }\nsections:\n  - id: greeting\n    title: Greeting\n    criteria:\n\
         \x20     - id: greeted\n        text: Greeted you\n        employee_text: Greeted the customer\n        scale: yes_no\n\
         \x20 - id: complaint\n    title: Complaint\n    criteria:\n      - id: calm\n        text: Calm\n        scale: yes_no\n        na: true\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import", "pass.yaml"])
        .assert()
        .success();
    sb.write("a.yaml", "answers:\n  greeting.greeted: yes\n  complaint.calm: na\n");
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "quick-visit",
        ])
        .args(["--visited-at", &at(0, "11:05"), "--answers", "a.yaml"])
        .assert()
        .success();
    let md = stdout_of(sb.qaudit().args(["report", "feedback", "1", "--format", "md"]));
    assert!(md.contains("### Complaint: 100.0 (all N/A)"), "{md}");
    assert!(
        md.contains("Greeted the customer") && !md.contains("Greeted you"),
        "{md}"
    );
    let es = stdout_of(
        sb.qaudit()
            .args(["report", "feedback", "1", "--format", "md", "--lang", "es"]),
    );
    assert!(es.contains("100,0 (todo N/A)"), "{es}");
}

#[test]
fn plans_skip_closed_days_and_locations_keep_their_opening_days() {
    let sb = Sandbox::new();
    shop(&sb);
    for seed in 0..12 {
        let sb = Sandbox::new();
        shop(&sb);
        let out: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
            "--as",
            "lea",
            "--format",
            "json",
            "visit",
            "plan",
            "--month",
            "2026-12",
            "--per-location",
            "4",
            "--locations",
            "mad-01",
            "--closed",
            "2026-12-24,2026-12-25,2026-12-31",
            "--lockout-days",
            "0",
            "--seed",
            &seed.to_string(),
        ])))
        .unwrap();
        for v in out["visits"].as_array().unwrap() {
            let d = chrono::NaiveDate::parse_from_str(v["day"].as_str().unwrap(), "%Y-%m-%d").unwrap();
            assert_ne!(
                chrono::Datelike::weekday(&d),
                chrono::Weekday::Sun,
                "mad-01 opens Mon-Sat: {d}"
            );
            assert!(
                !["2026-12-24", "2026-12-25", "2026-12-31"].contains(&v["day"].as_str().unwrap()),
                "{d}"
            );
        }
    }
    // A part of the month with no open day cannot get its visit: said, nothing planned.
    let before = fingerprint(&sb.db());
    let closed: Vec<String> = (24..=31).map(|d| format!("2026-12-{d}")).collect();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "plan",
            "--month",
            "2026-12",
            "--per-location",
            "4",
            "--locations",
            "mad-01",
        ])
        .args(["--closed", &closed.join(","), "--lockout-days", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "it is closed every day from 2026-12-24 to 2026-12-31",
        ));
    assert_eq!(fingerprint(&sb.db()), before);
    for (flag, value, message) in [
        (
            "--open-days",
            "Mon-Funday",
            "--open-days: `Funday` is not a day of the week",
        ),
        (
            "--timezone",
            "Mars/Olympus",
            "--timezone: unknown time zone `Mars/Olympus`",
        ),
    ] {
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "location",
                "add",
                "mad-01",
                "--name",
                "Madrid Centro",
                flag,
                value,
            ])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "plan",
            "--month",
            "2026-12",
            "--per-location",
            "1",
            "--closed",
            "24/12",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--closed: `24/12` is not a date"));
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn evidence_stored_before_its_facts_were_recorded_is_read_again() {
    let sb = Sandbox::new();
    shop(&sb);
    std::fs::write(sb.path("p.jpg"), jpeg(Some(&exif(0, "11:10")), "p")).unwrap();
    sb.write("visit.yaml", &store_visit_answers(&[]));
    let (arrive, leave) = (at(0, "11:05"), at(0, "11:40"));
    log_visit(
        &sb,
        &[
            "--visited-at",
            &arrive,
            "--departed-at",
            &leave,
            "--answers",
            "visit.yaml",
            "--attach",
            "p.jpg",
        ],
    )
    .success();
    // As a store written by an earlier qaudit holds it: no media type, no EXIF time (the guard
    // that keeps attachments as added is lifted to make it so).
    rusqlite::Connection::open(sb.db())
        .unwrap()
        .execute_batch(
            "DROP TRIGGER attachments_no_change;
             UPDATE attachments SET media_type = NULL, exif_time = NULL;",
        )
        .unwrap();
    let v = show_json(&sb, "lea", "1");
    assert_eq!(v["integrity"]["outcome"], "verified", "{}", v["integrity"]);
}
