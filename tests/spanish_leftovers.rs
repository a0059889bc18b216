//! Issue 15, item 3, what was left: a Spanish team never meets English. Through the binary, on
//! the demo store: `demo --lang es`, `evaluation list|show`, `visit list|show`, `contact
//! log|list|show`, `flags decide|decisions` and their refusals, `dispute resolve`'s own refusals
//! and the interactive prompt, each in Spanish, with no English label (the finder of the Spanish
//! report test, `common::spanish`), decimal commas and days first.

mod common;

use common::mystery_support::{best_answers, contact_log, store_bytes};
use common::spanish::*;
use common::*;
use serde_json::Value;

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let (success, out, err) = run(sb, args);
    assert!(success, "{args:?}: {err}");
    assert_spanish(&format!("stderr of {args:?}"), &err);
    out
}

/// A refusal: exit 1, nothing written, the message and hint in Spanish.
fn refused(sb: &Sandbox, args: &[&str]) -> String {
    refused_naming(sb, args, &[])
}

/// [`refused`], where the refusal may name values an option takes (`--action bonus`): the
/// words typed on the command line, not prose.
fn refused_naming(sb: &Sandbox, args: &[&str], typed: &[&str]) -> String {
    let before = store_bytes(sb);
    let (success, _, err) = run(sb, args);
    assert!(!success, "{args:?} went through");
    assert_eq!(store_bytes(sb), before, "{args:?} changed the store");
    let prose = typed.iter().fold(err.clone(), |text, value| {
        text.replace(&format!("`{value}`"), "")
            .replace(&format!("({value})"), "")
            .replace(&format!("\"{value}\""), "")
    });
    assert_spanish(&format!("refusal of {args:?}"), &prose);
    err
}

fn one(sb: &Sandbox, sql: &str) -> String {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
}

/// The demo store, built in Spanish; its printout checked.
fn spanish_demo() -> Sandbox {
    let sb = Sandbox::new();
    let out = ok(&sb, &["--as", "lea", "demo", "--lang", "es"]);
    for shown in [
        "Almacén de demostración",
        "INFORME DEL EQUIPO",
        "Rúbrica: calidad-contacto",
        "Pruebe ahora:",
    ] {
        assert!(out.contains(shown), "missing {shown:?} in:\n{out}");
    }
    assert_spanish("demo --lang es", &out);
    // The sheet and the plan it writes are the Spanish team's, in Spanish.
    let sheet = std::fs::read_to_string(sb.path("qaudit-feedback.html")).unwrap();
    assert!(sheet.contains("lang=\"es\""), "the demo's sheet is not Spanish");
    sb
}

#[test]
fn lists_and_shows_of_a_spanish_team_read_in_spanish() {
    let sb = spanish_demo();
    let listed = ok(
        &sb,
        &[
            "--as",
            "lea",
            "evaluation",
            "list",
            "--rubric",
            "calidad-contacto",
            "--limit",
            "5",
        ],
    );
    let (_, _, cut) = run(
        &sb,
        &[
            "--as",
            "lea",
            "evaluation",
            "list",
            "--rubric",
            "calidad-contacto",
            "--limit",
            "5",
        ],
    );
    assert!(cut.contains("Se muestran las 5 evaluaciones más recientes"), "{cut}");
    assert!(listed.contains("evaluador") && listed.contains("resultado"), "{listed}");
    assert_spanish("evaluation list", &listed);
    // Over every rubric of a mixed store the list is English unless --lang says otherwise.
    let mixed = ok(
        &sb,
        &["--as", "lea", "evaluation", "list", "--limit", "3", "--lang", "es"],
    );
    assert!(mixed.contains("puntuación"), "{mixed}");
    assert_spanish("evaluation list --lang es", &mixed);

    // A choice answer by its label (`no cumple`), not its key.
    let id = one(
        &sb,
        "SELECT CAST(c.evaluation_id AS TEXT) FROM criterion_scores c JOIN evaluations e ON e.id = c.evaluation_id \
         WHERE c.answer = 'no_cumple' AND e.rubric_id = 'calidad-contacto' ORDER BY 1 LIMIT 1",
    );
    let shown = ok(&sb, &["--as", "lea", "evaluation", "show", &id]);
    assert!(shown.contains("no cumple") && !shown.contains("no_cumple"), "{shown}");
    assert_spanish("evaluation show", &shown);

    let visits = ok(&sb, &["--as", "lea", "visit", "list", "--lang", "es"]);
    assert!(
        visits.contains("establecimiento") && visits.contains("comprobaciones"),
        "{visits}"
    );
    assert_spanish("visit list --lang es", &visits);
    let visit = one(
        &sb,
        "SELECT CAST(e.visit_id AS TEXT) FROM evaluations e \
         WHERE e.subject_kind = 'visit' AND e.rubric_id = 'visita-tienda' ORDER BY e.visit_id LIMIT 1",
    );
    let shown = ok(&sb, &["--as", "lea", "visit", "show", &visit]);
    for word in [
        "Establecimiento",
        "Historial",
        "envío 1",
        "pregunté por un producto",
        "Respuestas",
    ] {
        assert!(shown.contains(word), "missing {word:?} in:\n{shown}");
    }
    assert_spanish("visit show", &shown);

    // A Spanish agent acknowledges a sheet; a lead approves a visit; the plans are listed.
    let (evaluation, agent) = (
        one(
            &sb,
            "SELECT CAST(id AS TEXT) FROM evaluations WHERE rubric_id = 'calidad-contacto' AND status = 'submitted' \
             AND acknowledged_at IS NULL AND calibration_id IS NULL ORDER BY id DESC LIMIT 1",
        ),
        one(
            &sb,
            "SELECT agent_id FROM evaluations WHERE rubric_id = 'calidad-contacto' AND status = 'submitted' \
             AND acknowledged_at IS NULL AND calibration_id IS NULL ORDER BY id DESC LIMIT 1",
        ),
    );
    let acked = ok(&sb, &["--as", &agent, "evaluation", "ack", &evaluation]);
    assert!(acked.contains("confirmada como vista el"), "{acked}");
    assert_spanish("evaluation ack", &acked);
    let to_review = one(
        &sb,
        "SELECT CAST(v.id AS TEXT) FROM visits v JOIN evaluations e ON e.visit_id = v.id \
         WHERE v.status = 'complete' AND e.rubric_id = 'visita-tienda' ORDER BY v.id LIMIT 1",
    );
    let approved = ok(&sb, &["--as", "lea", "visit", "review", &to_review, "--approve"]);
    assert!(approved.contains("ya cuenta en los informes"), "{approved}");
    let plans = ok(&sb, &["--as", "lea", "coach", "list"]);
    assert!(plans.contains("seguimiento") && plans.contains("todavía"), "{plans}");
    assert_spanish("coach list", &plans);
}

#[test]
fn mystery_contacts_flag_decisions_and_refusals_read_in_spanish() {
    let sb = spanish_demo();
    let none = ok(&sb, &["--as", "lea", "contact", "list", "--lang", "es"]);
    assert!(
        none.contains("Ningún contacto de cliente misterioso coincide."),
        "{none}"
    );
    let answers = best_answers(&sb, "calidad-contacto", &[("cortesia.despedida", "parcial")]);
    let out = contact_log(
        &sb,
        "ines",
        "phone",
        "2026-11-20 10:00",
        "2026-11-20 10:02",
        "calidad-contacto",
        &answers,
    )
    .output()
    .unwrap();
    let logged = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        logged.contains("Contacto de cliente misterioso 1 registrado (Teléfono"),
        "{logged}"
    );
    assert_spanish("contact log", &logged);
    let listed = ok(&sb, &["--as", "lea", "contact", "list"]);
    assert!(listed.contains("Teléfono") && listed.contains("puntuación"), "{listed}");
    assert_spanish("contact list", &listed);
    let shown = ok(&sb, &["--as", "lea", "contact", "show", "1"]);
    assert!(shown.contains("Tiempo de respuesta"), "{shown}");
    assert_spanish("contact show", &shown);

    // `visit log`'s own refusals, for a Spanish rubric.
    let visit_answers = sb.write("visita.yaml", &best_answers(&sb, "visita-tienda", &[]));
    let visit_answers = visit_answers.to_str().unwrap();
    let nowhere = refused(
        &sb,
        &[
            "--as",
            "ines",
            "visit",
            "log",
            "--location",
            "nowhere",
            "--rubric",
            "visita-tienda",
            "--answers",
            visit_answers,
            "--visited-at",
            "2026-11-20 11:05",
        ],
    );
    assert!(nowhere.contains("no hay ningún establecimiento `nowhere`"), "{nowhere}");
    let location = one(&sb, "SELECT id FROM locations ORDER BY id LIMIT 1");
    // The example is a time as `--visited-at` takes it.
    let when = refused_naming(
        &sb,
        &[
            "--as",
            "ines",
            "visit",
            "log",
            "--location",
            &location,
            "--rubric",
            "visita-tienda",
            "--answers",
            visit_answers,
        ],
        &["2026-11-20 11:05"],
    );
    assert!(when.contains("falta --visited-at"), "{when}");

    // A discipline flag of a Spanish rubric that fires today: decided in Spanish.
    let flags: Value = serde_json::from_str(&ok(
        &sb,
        &["--as", "lea", "--format", "json", "flags", "--kind", "discipline"],
    ))
    .unwrap();
    let fired = flags["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rubric"] == "calidad-contacto" || f["rubric"] == "visita-tienda")
        .expect("a Spanish discipline flag fires in the demo");
    let (agent, rule) = (fired["agent"].as_str().unwrap(), fired["flag"].as_str().unwrap());
    let wrong = refused_naming(
        &sb,
        &[
            "--as", "lea", "flags", "decide", agent, "--rule", rule, "--action", "bonus", "--note", "x",
        ],
        &["bonus", "coaching", "warning", "formal-review", "no-action"],
    );
    assert!(
        wrong.contains("no es una medida para una señal de disciplina"),
        "{wrong}"
    );
    let empty = refused(
        &sb,
        &[
            "--as", "lea", "flags", "decide", agent, "--rule", rule, "--action", "warning", "--note", " ",
        ],
    );
    assert!(empty.contains("la nota está vacía"), "{empty}");
    let decided = ok(
        &sb,
        &[
            "--as",
            "lea",
            "flags",
            "decide",
            agent,
            "--rule",
            rule,
            "--action",
            "warning",
            "--note",
            "Dos fallos.",
        ],
    );
    assert!(
        decided.contains("amonestación") && decided.contains("evidencia"),
        "{decided}"
    );
    assert_spanish("flags decide", &decided);
    let again = refused(
        &sb,
        &[
            "--as", "lea", "flags", "decide", agent, "--rule", rule, "--action", "coaching", "--note", "Otra.",
        ],
    );
    assert!(
        again.contains("ya responde a esta señal") && again.contains("amonestación"),
        "{again}"
    );
    let decisions = ok(&sb, &["--as", "lea", "flags", "decisions", "--lang", "es"]);
    assert!(
        decisions.contains("responsable") && decisions.contains("amonestación"),
        "{decisions}"
    );
    assert_spanish("flags decisions --lang es", &decisions);
    let report = ok(&sb, &["--as", "lea", "report", "decisions", "--lang", "es"]);
    assert_spanish("report decisions --lang es", &report);
    let table = ok(&sb, &["--as", "lea", "flags", "--lang", "es"]);
    assert!(table.contains("Señales de disciplina"), "{table}");
    assert_spanish("flags --lang es", &table);

    // `dispute resolve`'s own refusals, on a dispute of a Spanish rubric.
    let dispute = one(
        &sb,
        "SELECT CAST(d.id AS TEXT) FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id \
         WHERE d.status = 'open' AND e.rubric_id = 'calidad-contacto' ORDER BY d.id LIMIT 1",
    );
    let how = refused(&sb, &["--as", "lea", "dispute", "resolve", &dispute, "--note", "x"]);
    assert!(
        how.contains(&format!("diga cómo termina la impugnación {dispute}")),
        "{how}"
    );
    let pair = refused(
        &sb,
        &[
            "--as",
            "lea",
            "dispute",
            "resolve",
            &dispute,
            "--partial",
            "cortesia",
            "--note",
            "x",
        ],
    );
    assert!(pair.contains("`--partial cortesia` no es CLAVE=VALOR"), "{pair}");
    assert!(pair.contains("p. ej. --partial cortesia.saludo=sí"), "{pair}");
    // A lead's list over English and Spanish rubrics, in Spanish when asked.
    let disputes = ok(&sb, &["--as", "lea", "dispute", "list", "--lang", "es"]);
    assert!(
        disputes.contains("abierta") && disputes.contains("propuestas"),
        "{disputes}"
    );
    assert_spanish(
        "dispute list --lang es",
        &disputes.replace("Lo hice; por favor, vuelva a escuchar la grabación.", ""),
    );
    // In English, as before.
    let (_, _, english) = run(&sb, &["--as", "lea", "dispute", "resolve", "999", "--note", "x"]);
    assert!(english.contains("say how dispute 999 ends"), "{english}");
}

/// The last 23 answers of calidad-contacto, at their best (the first three given by the test).
const REST: [&str; 23] = [
    "cumple", "cumple", "na", "5", "cumple", "na", "sí", "sí", "cumple", "cumple", "sí", "na", "5", "sí", "5",
    "cumple", "na", "5", "5", "na", "sí", "na", "na",
];

#[test]
fn the_prompt_names_the_channel_and_the_options_in_spanish() {
    let sb = Sandbox::new();
    team(&sb);
    let csv = sb.write(
        "more.csv",
        "id,agent,channel,occurred_at,duration_s\nCALL-9,a-1,phone,2026-11-05 16:40,125\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    let mut script = String::from("sí\n4\nno cumple\nTerminó sin despedirse\n");
    script.extend(REST.iter().map(|a| format!("{a}\n")));
    script.push_str("Buen cierre\n\n");
    let out = sb
        .qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-9",
            "--rubric",
            "calidad-contacto",
            "--interactive",
        ])
        .write_stdin(script)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    for shown in ["Canal: teléfono", "responda (cumple, parcial, no cumple)"] {
        assert!(err.contains(shown), "missing {shown:?} in:\n{err}");
    }
    // The review screen shows the option as it reads, not its key.
    let review = &err[err.find("Revise antes de guardar:").unwrap()..];
    assert!(
        review.contains("cortesia.despedida") && review.contains("no cumple"),
        "{review}"
    );
    assert!(!review.contains("no_cumple"), "{review}");
    assert_spanish("the prompt", &err);
}
