//! Mystery-shopper visits a lead can review (issue 17), through the binary: `visit show` with
//! every field of every submission, returning with per-question notes, resubmitting without
//! losing anything, `visit evidence` byte for byte with safe names, the employee's location,
//! planned visits linked, and the integrity checks (reused photos, EXIF times).
//!
//! Photos are small JPEGs made here by [`jpeg`]: SOI, an APP1 `Exif` segment holding a
//! little-endian TIFF with IFD0 -> Exif IFD -> DateTimeOriginal (and optionally GPS), a comment
//! segment that makes each photo's bytes distinct, EOI. No image data is needed for EXIF.

mod common;

use common::{Sandbox, fingerprint, query_i64, stdout_of, store_visit_answers, team};
use predicates::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A JPEG whose EXIF says it was taken at `taken` (`YYYY:MM:DD HH:MM:SS`), with `salt` in a
/// comment so that every photo differs.
fn jpeg(taken: Option<&str>, salt: &str) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend(tag.to_le_bytes());
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    match taken {
        Some(t) => {
            // IFD0 at 8 (18 bytes), Exif IFD at 26 (18 bytes), the date at 44.
            tiff.extend(1u16.to_le_bytes());
            tiff.extend(entry(0x8769, 4, 1, 26));
            tiff.extend(0u32.to_le_bytes());
            tiff.extend(1u16.to_le_bytes());
            tiff.extend(entry(0x9003, 2, 20, 44));
            tiff.extend(0u32.to_le_bytes());
            assert_eq!(t.len(), 19);
            tiff.extend(t.as_bytes());
            tiff.push(0);
        }
        None => {
            tiff.extend(0u16.to_le_bytes());
            tiff.extend(0u32.to_le_bytes());
        }
    }
    let mut out = vec![0xFF, 0xD8];
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&tiff);
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend([0xFF, 0xFE]);
    out.extend(((salt.len() + 2) as u16).to_be_bytes());
    out.extend(salt.as_bytes());
    out.extend([0xFF, 0xD9]);
    out
}

/// A day two days ago (`YYYY-MM-DD`), so visits are recent and logged in time; `days_before`
/// moves it further back.
fn day(days_before: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(2 + days_before))
        .format("%Y-%m-%d")
        .to_string()
}

/// `day` at `hh:mm`, as the command line takes it.
fn at(days_before: i64, hhmm: &str) -> String {
    format!("{} {hhmm}", day(days_before))
}

/// `day` at `hh:mm` as EXIF writes it.
fn exif(days_before: i64, hhmm: &str) -> String {
    format!("{} {hhmm}:00", day(days_before).replace('-', ":"))
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The team, with mad-01 in Madrid's time zone and a second location (sev-01) with its own
/// employee (a-202).
fn shop(sb: &Sandbox) {
    team(sb);
    sb.qaudit()
        .args([
            "location",
            "add",
            "mad-01",
            "--name",
            "Madrid Centro",
            "--timezone",
            "Europe/Madrid",
        ])
        .args(["--open-days", "Mon-Sat"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "location",
            "add",
            "sev-01",
            "--name",
            "Sevilla",
            "--timezone",
            "Europe/Madrid",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args(["agent", "add", "a-202", "--name", "Rocío Vega", "--location", "sev-01"])
        .assert()
        .success();
}

fn log_visit(sb: &Sandbox, extra: &[&str]) -> assert_cmd::assert::Assert {
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
        .args(extra)
        .assert()
}

fn show_json(sb: &Sandbox, who: &str, id: &str) -> Value {
    serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--as", who, "--format", "json", "visit", "show", id]),
    ))
    .unwrap()
}

#[test]
fn a_returned_visit_is_fixed_without_losing_anything_and_its_evidence_comes_back_byte_for_byte() {
    let sb = Sandbox::new();
    shop(&sb);
    // 11:05-11:40 Madrid time; the photos were taken at 11:10 and 11:30 local.
    let front = jpeg(Some(&exif(0, "11:10")), "front");
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
    assert!(seen["evidence"][0]["gps"].is_null());
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
    // Names as another tool (or an old import) could have stored them.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
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
}

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
    sb.qaudit().args(["rubric", "import", "pass.yaml"]).assert().success();
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
    assert!(es.contains("100.0 (todo N/A)"), "{es}");
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
            .args(["location", "add", "mad-01", "--name", "Madrid Centro", flag, value])
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
