//! Issue 15, item 3, as a Spanish evaluator meets it: scoring with a Spanish rubric answers in
//! Spanish (`--set cortesia.saludo=sí`), and the result block, the lines after it and every
//! refusal of the answers or of the evaluator read in Spanish, with decimal commas, and hold no
//! English label (the pinned Spanish test, over scoring's output). `--lang en` turns it back.

mod common;

use common::spanish::*;
use common::*;
use serde_json::Value;

/// A demo store and an unscored Spanish-team call, chat or email in it.
fn spanish_contact(sb: &Sandbox) -> String {
    sb.qaudit().args(["--as", "lea", "demo"]).assert().success();
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row(
        "SELECT external_id FROM interactions i WHERE withdrawn_at IS NULL \
         AND agent_id IN (SELECT id FROM agents WHERE team = 'sur') AND channel IN ('phone', 'chat', 'email') \
         AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id) ORDER BY id LIMIT 1",
        [],
        |r| r.get::<_, String>(0),
    )
    .unwrap()
}

fn assert_spanish(what: &str, text: &str) {
    let found = english_in(&readable(text, false), &english_fragments());
    assert!(
        found.is_empty(),
        "English in {what}:\n{}\n---\n{text}",
        found.join("\n")
    );
}

#[test]
fn a_spanish_evaluator_scores_and_is_refused_in_spanish() {
    let sb = Sandbox::new();
    let contact = spanish_contact(&sb);
    let score = |who: &str, extra: &[&str]| {
        let mut args = vec![
            "--as",
            who,
            "score",
            "--interaction",
            &contact,
            "--rubric",
            "calidad-contacto",
        ];
        args.extend_from_slice(extra);
        run(&sb, &args)
    };

    // Answers the rubric does not take: every problem in Spanish, with the Spanish answers.
    let before = fingerprint(&sb.db());
    let (ok, _, err) = score(
        "eva",
        &[
            "--set",
            "cortesia.saludo=quizá",
            "--set",
            "cortesia.tono=7",
            "--set",
            "cortesia.sludo=sí",
        ],
    );
    assert!(!ok);
    for needle in [
        "error: las respuestas no encajan en la rúbrica calidad-contacto versión 2 (3 problema(s)); no se guardó nada",
        "--set cortesia.saludo=quizá: `cortesia.saludo` no admite `quizá`; responda sí, no",
        "`cortesia.tono` no admite `7`; responda un número entero del 1 al 5",
        "`cortesia.sludo` no es un criterio de calidad-contacto (¿quería decir `cortesia.saludo`?)",
        "hint: corrija las respuestas de arriba",
    ] {
        assert!(err.contains(needle), "{needle:?} missing from:\n{err}");
    }
    assert_spanish("a refusal of answers", &err);
    assert_eq!(fingerprint(&sb.db()), before, "a refusal changes nothing");

    // Incomplete without --draft: the missing criteria, in Spanish.
    let (ok, _, err) = score("eva", &["--set", "cortesia.saludo=sí"]);
    assert!(!ok);
    assert!(err.contains("faltan las respuestas de 25 criterios"), "{err}");
    assert_spanish("the missing answers", &err);

    // `sí` is taken; the draft's result block and the line after it are Spanish, 100,0.
    let (ok, out, err) = score("eva", &["--set", "cortesia.saludo=sí", "--draft"]);
    assert!(ok, "{err}");
    for needle in [
        "Evaluación",
        "(borrador, revisión 1)",
        "(agente ",
        "calidad-contacto versión 2",
        "100,0  Sobresaliente",
        "APROBADA (aprobado desde 85,0)",
        "sección",
        "puntuación",
        "Guardada como borrador. Termínela con `qaudit score",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from:\n{out}");
    }
    assert_spanish("a draft's result", &out);

    // Every answer in Spanish words: the scale labels' way (`no cumple`) and `sí`.
    let rubric: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "rubric",
        "show",
        "calidad-contacto",
    ])))
    .unwrap();
    let scales = rubric["scales"].as_array().unwrap();
    let mut sets = Vec::new();
    for c in rubric["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
    {
        let scale = scales.iter().find(|s| s["name"] == c["scale"]["name"]).unwrap();
        let answer = match scale["type"].as_str().unwrap() {
            "binary" => "sí".to_string(),
            "choice" => scale["options"][0][0].as_str().unwrap().replace('_', " "),
            _ => scale["max"].to_string(),
        };
        sets.push(format!("{}={answer}", c["key"].as_str().unwrap()));
    }
    let mut args = vec![];
    for s in &sets {
        args.extend(["--set", s.as_str()]);
    }
    let (ok, out, err) = score("eva", &args);
    assert!(ok, "{err}");
    assert!(out.contains("(enviada, revisión 2)"), "{out}");
    assert_spanish("a submitted result", &out);
    let id = query_i64(
        &sb.db(),
        &format!(
            "SELECT e.id FROM evaluations e JOIN interactions i ON i.id = e.interaction_id WHERE i.external_id = '{contact}'"
        ),
    );
    let shown: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "evaluation",
        "show",
        &id.to_string(),
    ])))
    .unwrap();
    let answers = shown["revisions"].as_array().unwrap().last().unwrap()["answers"].clone();
    let greeting = answers
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "cortesia.saludo")
        .unwrap();
    assert_eq!(greeting["answer"], "yes", "`sí` is stored as yes: {greeting}");

    // The sheet a lead reads of it: Spanish, `sí` as the answer, local times day first.
    let sheet = stdout_of(sb.qaudit().args(["--as", "lea", "evaluation", "show", &id.to_string()]));
    for needle in [
        "Respuestas",
        "cortesia.saludo",
        "Revisiones",
        "Visto por el agente  todavía no",
    ] {
        assert!(sheet.contains(needle), "{needle:?} missing from:\n{sheet}");
    }
    assert!(
        sheet
            .lines()
            .any(|l| l.starts_with("cortesia.saludo") && l.contains(" sí ")),
        "{sheet}"
    );
    assert_spanish("the evaluation's sheet", &sheet);

    // Scoring it again, and a second evaluator on a contact that counts: refused in Spanish.
    let (ok, _, err) = score("eva", &args);
    assert!(!ok);
    assert!(
        err.contains(&format!("ya puntuó la interacción {contact} con calidad-contacto")),
        "{err}"
    );
    assert!(err.contains("hint: cámbiela con `qaudit evaluation amend"), "{err}");
    assert_spanish("already scored", &err);
    let (ok, _, err) = score("tom", &args);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "la evaluación {id} de eva ya cuenta para la interacción {contact}; cuenta una evaluación por contacto"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: para puntuarla igualmente como segunda opinión"),
        "{err}"
    );
    assert_spanish("counted elsewhere", &err);
    let (ok, out, err) = score("tom", &[&args[..], &["--second-opinion"]].concat());
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Registrada como segunda opinión sobre {contact}")),
        "{out}"
    );
    assert_spanish("a second opinion", &out);

    // A flag that is not KEY=VALUE.
    let (ok, _, err) = score("priya", &["--second-opinion", "--set", "cortesia.saludo"]);
    assert!(!ok);
    assert!(err.contains("`--set cortesia.saludo` no es CLAVE=VALOR"), "{err}");
    assert_spanish("a bad --set", &err);

    // `--lang en` speaks English to a Spanish rubric's evaluator who asks for it.
    let (ok, out, _) = score(
        "priya",
        &[
            "--second-opinion",
            "--set",
            "cortesia.saludo=sí",
            "--draft",
            "--lang",
            "en",
        ],
    );
    assert!(ok);
    assert!(
        out.contains("(draft, revision 1)") && out.contains("Saved as a draft."),
        "{out}"
    );
    assert!(out.contains("100.0"), "English decimals: {out}");
}

/// A complete visita-tienda answers file, answered in Spanish (`sí`).
const VISITA: &str = "answers:
  instalaciones.limpieza: 4
  instalaciones.senalizacion: cumple
  instalaciones.orden_exhibicion: 4
  instalaciones.presentacion_personal: sí
  bienvenida.saludo_entrada: sí
  bienvenida.amabilidad: 5
  espera.tiempo_atencion: cumple
  espera.espera_caja: na
  necesidades.preguntas: cumple
  necesidades.escucha: 4
  necesidades.recomendacion: parcial
  conocimiento.dominio_producto: 4
  conocimiento.informacion_veraz: sí
  conocimiento.condiciones: cumple
  reclamos.manejo_reclamo: na
  reclamos.solucion: na
  seguridad.pago_seguro: sí
  seguridad.datos_personales: na
  cierre.despedida: sí
  cierre.seguimiento: na
  cierre.recomendaria: 3
";

#[test]
fn a_shopper_logs_a_spanish_visit_and_reads_the_summary_in_spanish() {
    let sb = Sandbox::new();
    common::visits::shop(&sb);
    sb.write("visita.yaml", VISITA);
    let (arrive, leave) = (common::visits::at(0, "11:05"), common::visits::at(0, "11:40"));
    let log = |extra: &[&str]| {
        let mut args = vec![
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "visita-tienda",
            "--visited-at",
            &arrive,
            "--departed-at",
            &leave,
        ];
        args.extend_from_slice(extra);
        let out = sb.qaudit().current_dir(sb.path("")).args(&args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    sb.write("mala.yaml", &VISITA.replace("amabilidad: 5", "amabilidad: 9"));
    let (ok, _, err) = log(&["--answers", "mala.yaml"]);
    assert!(!ok);
    assert!(
        err.contains("`bienvenida.amabilidad` no admite `9`; responda un número entero del 1 al 5"),
        "{err}"
    );
    assert_spanish("a refused visit", &err);

    let (ok, out, err) = log(&["--answers", "visita.yaml"]);
    assert!(ok, "{err}");
    for needle in [
        "visita 1 (establecimiento mad-01)",
        "(enviada, revisión 1)",
        "Visita 1 registrada; cuenta en los informes cuando un responsable la aprueba",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from:\n{out}");
    }
    assert_spanish("a visit's summary", &out);
}
