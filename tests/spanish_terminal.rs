//! Issue 15, item 3, beyond scoring and reports: a Spanish team's terminal. `dispute show` and
//! `dispute list` on Spanish-rubric evaluations, `rubric show` of a Spanish rubric, `queue` and
//! `status` with `--lang es`, and refusals of an answers file for a Spanish rubric all read in
//! Spanish (no English label, decimal commas, days first), while JSON keeps UTC RFC 3339.

mod common;

use common::spanish::*;
use common::*;

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let (success, out, err) = run(sb, args);
    assert!(success, "{args:?}: {err}");
    out
}

fn one(sb: &Sandbox, sql: &str) -> String {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
}

#[test]
fn disputes_on_a_spanish_rubric_read_in_spanish() {
    let sb = Sandbox::new();
    ok(&sb, &["--as", "lea", "demo"]);
    let id = one(
        &sb,
        "SELECT CAST(id AS TEXT) FROM disputes WHERE status = 'open' AND evaluation_id IN \
         (SELECT id FROM evaluations WHERE rubric_id = 'calidad-contacto') ORDER BY id LIMIT 1",
    );
    let agent = one(
        &sb,
        &format!("SELECT e.agent_id FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id WHERE d.id = {id}"),
    );
    let open = ok(&sb, &["dispute", "show", &id]);
    assert!(open.contains(&format!("Impugnación {id} de la evaluación")), "{open}");
    assert!(open.contains("Abierta: pendiente de un responsable"), "{open}");
    // Answers as the sheets show them: `sí` or `cumple`, not `yes` or `met` (which criterion
    // the demo's dispute is on depends on the demo's draw).
    assert!(open.contains("sí") || open.contains("cumple"), "{open}");
    assert!(!open.contains(" yes") && !open.contains(" met"), "{open}");
    // The agent sees only their own disputes, all on Spanish rubrics: the list is Spanish.
    let listed = ok(&sb, &["--as", &agent, "dispute", "list"]);
    assert!(listed.contains("abierta"), "{listed}");
    assert_spanish(
        "dispute list",
        &listed.replace("I did this; please listen to the recording again.", ""),
    );

    let resolved = ok(
        &sb,
        &[
            "--as",
            "lea",
            "dispute",
            "resolve",
            &id,
            "--reject",
            "--note",
            "La grabación lo confirma.",
        ],
    );
    assert!(resolved.contains(&format!("Impugnación {id} rechazada")), "{resolved}");
    assert_spanish("dispute resolve", &resolved);
    let shown = ok(&sb, &["dispute", "show", &id]);
    assert!(shown.contains("Rechazada por lea el"), "{shown}");
    assert!(shown.contains("La grabación lo confirma."), "{shown}");
    // The agent's reason is the demo's own text, in English; everything else is Spanish.
    let reason = one(&sb, &format!("SELECT reason FROM disputes WHERE id = {id}"));
    assert_spanish("dispute show", &shown.replace(&reason, ""));

    // A mixed list (English and Spanish rubrics) is English, by the mixed-language rule.
    let all = ok(&sb, &["dispute", "list"]);
    assert!(all.contains("resolved by"), "{all}");
}

#[test]
fn a_spanish_rubric_is_shown_in_spanish_and_an_english_one_as_before() {
    let sb = Sandbox::new();
    ok(&sb, &["init"]);
    for rubric in ["calidad-contacto", "visita-tienda"] {
        let shown = ok(&sb, &["rubric", "show", rubric]);
        assert!(shown.contains("Aprobado desde"), "{shown}");
        assert!(shown.contains("Escalas"), "{shown}");
        assert_spanish(&format!("rubric show {rubric}"), &shown);
    }
    let es = ok(&sb, &["rubric", "show", "calidad-contacto"]);
    assert!(es.contains("sí = 1, no = 0"), "{es}");
    assert!(es.contains("85,0"), "{es}");
    let en = ok(&sb, &["rubric", "show", "call-quality"]);
    assert!(en.contains("Pass mark") && en.contains("yes = 1, no = 0"), "{en}");
}

#[test]
fn queue_and_status_take_lang_and_json_stays_utc() {
    let sb = Sandbox::new();
    ok(&sb, &["--as", "lea", "demo"]);
    ok(&sb, &["--as", "lea", "config", "set", "timezone", "Europe/Madrid"]);
    let queue = ok(&sb, &["queue", "--lang", "es"]);
    assert!(queue.contains("pendiente") && queue.contains("interacción"), "{queue}");
    assert!(queue.contains(" CET"), "local time, zone named: {queue}");
    assert_spanish("queue --lang es", &queue);
    // The demo's store mixes English and Spanish rubrics: English unless asked.
    let english = ok(&sb, &["queue"]);
    assert!(english.contains("to do"), "{english}");
    let json = ok(&sb, &["--format", "json", "queue", "--lang", "es"]);
    let items: serde_json::Value = serde_json::from_str(&json).unwrap();
    let occurred = items[0]["occurred_at"].as_str().unwrap_or_default().to_string();
    assert!(
        occurred.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(&occurred).is_ok(),
        "{json}"
    );

    let status = ok(&sb, &["status", "--lang", "es"]);
    assert!(
        status.contains("Rúbricas") && status.contains("impugnaciones abiertas"),
        "{status}"
    );
    assert_spanish("status --lang es", &status);
    assert!(ok(&sb, &["status"]).contains("Rubrics"));
}

#[test]
fn a_refused_answers_file_is_worded_in_the_rubric_s_language() {
    let sb = Sandbox::new();
    ok(&sb, &["--as", "lea", "demo"]);
    let contact = one(
        &sb,
        "SELECT external_id FROM interactions i WHERE withdrawn_at IS NULL \
         AND agent_id IN (SELECT id FROM agents WHERE team = 'sur') AND channel IN ('phone', 'chat', 'email') \
         AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id) ORDER BY id LIMIT 1",
    );
    sb.write("roto.yaml", "answers:\n  cortesia.saludo: [sí\n");
    let before = fingerprint(&sb.db());
    for (file, expected) in [
        ("no-existe.yaml", "no se puede leer no-existe.yaml"),
        ("roto.yaml", "roto.yaml no es un archivo de respuestas válido"),
    ] {
        let args = [
            "--as",
            "eva",
            "score",
            "--interaction",
            &contact,
            "--rubric",
            "calidad-contacto",
            "--answers",
            file,
        ];
        let (success, _, err) = run(&sb, &args);
        assert!(!success, "{err}");
        assert!(err.contains(expected), "{err}");
        // The message and the hint; the YAML parser's own lines in between are its words.
        let worded: String = err
            .lines()
            .filter(|l| l.starts_with("error:") || l.starts_with("hint:"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(worded.contains("hint: "), "{err}");
        assert_spanish(&format!("refusal of {file}"), &worded);
        let (_, _, english) = run(&sb, &[&args[..6], &["call-quality", "--answers", file]].concat());
        assert!(english.contains("hint: "), "{english}");
        assert!(
            english.contains("cannot read") || english.contains("is not a valid answers file"),
            "{english}"
        );
    }
    assert_eq!(fingerprint(&sb.db()), before, "refusals leave the store as it was");
}
