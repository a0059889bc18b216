//! Issue 15, part 3: the last English a Spanish team met. Through the binary, on the Spanish
//! demo store: `visit review`'s refusals by the visit rules in the visit's rubric language, and
//! an unreadable `visit log --visited-at` in the rubric's language; each refusal exits 1, leaves
//! the store byte-identical and holds no English label (the finder of `common::spanish`).

mod common;

use common::mystery_support::{best_answers, store_bytes};
use common::spanish::*;
use common::*;

/// A refusal: exit 1, nothing written, in Spanish once the words typed (`typed`) are taken out.
fn refused(sb: &Sandbox, args: &[&str], typed: &[&str]) -> String {
    let before = store_bytes(sb);
    let out = sb.qaudit().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(store_bytes(sb), before, "{args:?} changed the store");
    let prose = typed.iter().fold(err.clone(), |text, value| text.replace(value, ""));
    assert_spanish(&format!("refusal of {args:?}"), &prose);
    err
}

fn one(sb: &Sandbox, sql: &str) -> String {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
}

fn spanish_demo() -> Sandbox {
    let sb = Sandbox::new();
    let (success, _, err) = run(&sb, &["--as", "lea", "demo", "--lang", "es"]);
    assert!(success, "{err}");
    sb
}

/// A visit of the Spanish store rubric in `status`.
fn spanish_visit(sb: &Sandbox, status: &str) -> String {
    one(
        sb,
        &format!(
            "SELECT CAST(v.id AS TEXT) FROM visits v JOIN evaluations e ON e.visit_id = v.id \
             WHERE v.status = '{status}' AND e.rubric_id = 'visita-tienda' ORDER BY v.id LIMIT 1"
        ),
    )
}

#[test]
fn visit_review_refusals_by_the_rules_read_in_the_rubric_language() {
    let sb = spanish_demo();
    let complete = spanish_visit(&sb, "complete");
    // Returned without a note.
    let err = refused(
        &sb,
        &["--as", "lea", "visit", "review", &complete, "--return", "--note", " "],
        &[],
    );
    assert!(err.contains("una visita devuelta necesita una nota"), "{err}");
    // `--lang en` wins over the rubric's language (and gives a visit not yet scored its language).
    let (success, _, english) = run(
        &sb,
        &[
            "--as", "lea", "visit", "review", &complete, "--return", "--note", " ", "--lang", "en",
        ],
    );
    assert!(!success && english.contains("note"), "{english}");
    assert!(!english.contains("una visita devuelta"), "{english}");
    // A note on a question the rubric does not ask.
    let err = refused(
        &sb,
        &[
            "--as",
            "lea",
            "visit",
            "review",
            &complete,
            "--return",
            "--note",
            "Falta la foto",
            "--comment-on",
            "nada.pregunta=Falta",
        ],
        &["Falta la foto", "nada.pregunta"],
    );
    assert!(err.contains("no es una pregunta de visita-tienda"), "{err}");
    // A note on a question, with no text.
    let key = one(
        &sb,
        "SELECT criterion_key FROM criterion_scores a JOIN evaluations e ON e.id = a.evaluation_id \
         WHERE e.rubric_id = 'visita-tienda' LIMIT 1",
    );
    let pair = format!("{key}=");
    let err = refused(
        &sb,
        &[
            "--as",
            "lea",
            "visit",
            "review",
            &complete,
            "--return",
            "--note",
            "Falta la foto",
            "--comment-on",
            &pair,
        ],
        &["Falta la foto", &key],
    );
    assert!(err.contains("no tiene texto"), "{err}");
    // A visit already approved does not wait for review.
    let approved = spanish_visit(&sb, "approved");
    let err = refused(&sb, &["--as", "lea", "visit", "review", &approved, "--approve"], &[]);
    assert!(err.contains("solo las visitas completadas esperan revisión"), "{err}");
    assert!(err.contains("aprobada"), "{err}");
}

#[test]
fn an_unreadable_visit_time_is_refused_in_the_rubric_language() {
    let sb = spanish_demo();
    let answers = sb.write("visita.yaml", &best_answers(&sb, "visita-tienda", &[]));
    let answers = answers.to_str().unwrap();
    let location = one(&sb, "SELECT id FROM locations ORDER BY id LIMIT 1");
    let args = |when: &'static str| {
        vec![
            "--as".to_string(),
            "ines".into(),
            "visit".into(),
            "log".into(),
            "--location".into(),
            location.clone(),
            "--rubric".into(),
            "visita-tienda".into(),
            "--answers".into(),
            answers.to_string(),
            "--visited-at".into(),
            when.into(),
        ]
    };
    let typed = ["\"2026-11-20 11:05\"", "2026-11-20T10:05:00+01:00"];
    let given = args("20/11/2026 11:05");
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let err = refused(&sb, &given, &typed);
    assert!(err.contains("no es una fecha con hora"), "{err}");
    assert!(err.contains("p. ej. --visited-at"), "{err}");
    // A day outside the plausible years names it the Spanish way.
    let given = args("1999-12-31 10:00");
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let err = refused(&sb, &given, &["1999-12-31 10:00", "\"2026-11-20 11:05\""]);
    assert!(err.contains("31/12/1999"), "{err}");
    // English with --lang en, as before.
    let mut given = args("20/11/2026 11:05");
    given.extend(["--lang".to_string(), "en".to_string()]);
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let (success, _, err) = run(&sb, &given);
    assert!(!success);
    assert!(err.contains("is not a date and time"), "{err}");
}

#[test]
fn sample_show_of_a_spanish_rubric_reads_in_spanish() {
    let sb = spanish_demo();
    let (success, drawn, err) = run(
        &sb,
        &[
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            "-60d",
            "--to",
            "today",
            "--per-agent",
            "3",
            "--rubric",
            "calidad-contacto",
            "--evaluators",
            "lea",
            "--seed",
            "7",
            "--include-evaluated",
        ],
    );
    assert!(success, "{err}");
    // The draw itself speaks the rubric's language: fields, table, the lines after it.
    for word in [
        "Muestra",
        "Extraída",
        "Asignadas",
        "interacción",
        "Cualquiera puede repetir",
    ] {
        assert!(drawn.contains(word), "missing {word:?} in:\n{drawn}");
    }
    assert_spanish("sample draw", &drawn.replace("--verify", "").replace("--seed", ""));
    let sample = one(&sb, "SELECT CAST(MAX(id) AS TEXT) FROM samples");
    let (success, shown, err) = run(&sb, &["--as", "lea", "sample", "show", &sample, "--verify"]);
    assert!(success, "{err}");
    for word in [
        "Muestra",
        "Semilla",
        "Por evaluador",
        "Elementos",
        "Verificada:",
        "Evaluadores",
    ] {
        assert!(shown.contains(word), "missing {word:?} in:\n{shown}");
    }
    assert_spanish("sample show --verify", &shown);
    // --lang en gives the English of before.
    let (success, english, err) = run(&sb, &["--as", "lea", "sample", "show", &sample, "--lang", "en"]);
    assert!(success, "{err}");
    assert!(
        english.contains("By evaluator") && english.contains("Per agent"),
        "{english}"
    );
}

#[test]
fn an_unreadable_contact_time_is_refused_in_the_rubric_language() {
    let sb = spanish_demo();
    let answers = sb.write("ensayo.yaml", &best_answers(&sb, "calidad-contacto", &[]));
    let agent = one(
        &sb,
        "SELECT e.agent_id FROM evaluations e WHERE e.rubric_id = 'calidad-contacto' ORDER BY e.id LIMIT 1",
    );
    let practice = [
        "--as",
        "lea",
        "score",
        "--practice",
        "--agent",
        &agent,
        "--channel",
        "phone",
        "--rubric",
        "calidad-contacto",
        "--scenario",
        "cliente enfadado",
        "--occurred-at",
        "20/11/2026 11:05",
        "--answers",
        answers.to_str().unwrap(),
    ];
    let typed = ["20/11/2026 11:05", "\"2026-11-20 11:05\"", "2026-11-20T10:05:00+01:00"];
    let err = refused(&sb, &practice, &typed);
    assert!(
        err.contains("no es una fecha con hora") && err.contains("--occurred-at"),
        "{err}"
    );
}
