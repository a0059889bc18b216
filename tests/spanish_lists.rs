//! Issue 15, item 3, the last English a Spanish team met: `interaction list` and `log` with
//! `--lang es` (headings, days, the "newest N" notice), `visit log`'s refusals of its files,
//! employee and evidence removals, and `visit purge`, in the rubric's / `--lang` language.
//! Through the binary, on the Spanish demo store, with the finder of the Spanish report test
//! (`common::spanish`); the English wording stays as it was.

mod common;

use common::mystery_support::store_bytes;
use common::spanish::*;
use common::*;

/// A refusal: exit 1, nothing written; its stderr returned.
fn refused(sb: &Sandbox, args: &[&str]) -> String {
    let before = store_bytes(sb);
    let out = sb.qaudit().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} did not exit 1");
    assert_eq!(store_bytes(sb), before, "{args:?} changed the store");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn spanish_demo() -> Sandbox {
    let sb = Sandbox::new();
    let (success, _, err) = run(&sb, &["--as", "lea", "demo", "--lang", "es"]);
    assert!(success, "{err}");
    sb
}

#[test]
fn interaction_list_and_the_log_speak_lang_es_and_stay_english_without_it() {
    let sb = spanish_demo();
    let (success, listed, notice) = run(
        &sb,
        &["--as", "lea", "interaction", "list", "--limit", "2", "--lang", "es"],
    );
    assert!(success, "{notice}");
    assert!(notice.contains("Se muestran las 2 más recientes de"), "{notice}");
    assert!(listed.contains("canal") && listed.contains("duración"), "{listed}");
    assert_spanish("interaction list --lang es", &format!("{listed}\n{notice}"));
    let (_, english, notice) = run(&sb, &["--as", "lea", "interaction", "list", "--limit", "2"]);
    assert!(notice.contains("Showing the newest 2 of"), "{notice}");
    assert!(
        english.contains("occurred_at") && english.contains("channel"),
        "{english}"
    );

    let (success, log, notice) = run(&sb, &["--as", "lea", "log", "--limit", "2", "--lang", "es"]);
    assert!(success, "{notice}");
    assert!(
        notice.contains("Se muestran las 2 entradas del registro más recientes"),
        "{notice}"
    );
    assert!(log.contains("autor") && log.contains("acción"), "{log}");
    // The action and entity cells are stored identifiers (`visit:3`), not prose: the headings,
    // the days and the notice are what is read.
    let headings = log
        .lines()
        .take_while(|l| !l.starts_with('─'))
        .collect::<Vec<_>>()
        .join("\n");
    assert_spanish("log --lang es", &format!("{headings}\n{notice}"));
    assert!(english_formats_in(&log).is_empty(), "{log}");
    let (_, english, notice) = run(&sb, &["--as", "lea", "log", "--limit", "1"]);
    assert!(
        notice.contains("Showing the newest 1 log entries; more match: --limit 0 shows them all."),
        "{notice}"
    );
    assert!(english.contains("OS user") && english.contains("entity"), "{english}");
}

#[test]
fn visit_log_refuses_its_files_employee_and_removals_in_the_rubric_s_language() {
    let sb = spanish_demo();
    let dir = sb.path("");
    let folder = dir.to_str().unwrap();
    let log = |extra: &[&str]| {
        let mut args = vec![
            "--as",
            "ines",
            "visit",
            "log",
            "--rubric",
            "visita-tienda",
            "--location",
            "mad-01",
            "--visited-at",
            "2026-12-01T10:00:00Z",
        ];
        args.extend_from_slice(extra);
        refused(&sb, &args)
    };
    for (extra, spanish) in [
        (&["--staff-agent", "nadie"][..], "no hay ningún agente `nadie`"),
        (&["--attach", "no-existe.jpg"][..], "el archivo no existe"),
        (&["--attach", folder][..], "no es un archivo"),
        (
            &["--narrative-file", "no-existe.txt"][..],
            "compruebe la ruta del archivo del relato",
        ),
        (
            &["--remove-evidence", "ticket.jpg", "--reason", "mal"][..],
            "--remove-evidence necesita la visita",
        ),
    ] {
        let err = log(extra);
        assert!(err.contains(spanish), "{extra:?}: {err}");
        assert_spanish(&format!("visit log {extra:?}"), &err);
    }
    // Logging again a visit that cannot be: at another location; approved already.
    let elsewhere = query_i64(
        &sb.db(),
        "SELECT id FROM visits WHERE location_id <> 'mad-01' AND shopper_id = 'ines' LIMIT 1",
    );
    let err = log(&["--visit", &elsewhere.to_string()]);
    assert!(err.contains(&format!("la visita {elsewhere} es en")), "{err}");
    assert_spanish("visit log --visit (elsewhere)", &err);
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let (approved, location): (i64, String) = conn
        .query_row(
            "SELECT id, location_id FROM visits WHERE shopper_id = 'ines' AND status = 'approved' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let err = refused(
        &sb,
        &[
            "--as",
            "ines",
            "visit",
            "log",
            "--rubric",
            "visita-tienda",
            "--location",
            &location,
            "--visited-at",
            "2026-12-01T10:00:00Z",
            "--visit",
            &approved.to_string(),
        ],
    );
    assert!(err.contains("está aprobada"), "{err}");
    assert_spanish("visit log --visit (approved)", &err);
    // With the English rubric, the same refusal reads as it always did.
    let err = refused(
        &sb,
        &[
            "--as",
            "ines",
            "visit",
            "log",
            "--rubric",
            "store-visit",
            "--location",
            "mad-01",
            "--visited-at",
            "2026-12-01T10:00:00Z",
            "--staff-agent",
            "nobody",
        ],
    );
    assert!(err.contains("no agent `nobody` in the store"), "{err}");
}

#[test]
fn visit_purge_refuses_and_speaks_in_the_visit_s_language() {
    let sb = spanish_demo();
    let visit = query_i64(
        &sb.db(),
        "SELECT v.id FROM visits v JOIN evaluations e ON e.visit_id = v.id \
         WHERE e.rubric_id = 'visita-tienda' ORDER BY v.id LIMIT 1",
    )
    .to_string();
    let purge = |id: &str, extra: &[&str]| {
        let mut args = vec![
            "--as",
            "lea",
            "visit",
            "purge",
            id,
            "--evidence",
            "nada.jpg",
            "--reason",
            "tarjeta",
        ];
        args.extend_from_slice(extra);
        refused(&sb, &args)
    };
    let err = purge(&visit, &[]);
    assert!(err.contains("no tiene ninguna prueba llamada `nada.jpg`"), "{err}");
    assert_spanish("visit purge", &err);
    let err = purge("999", &["--lang", "es"]);
    assert!(err.contains("no hay ninguna visita 999"), "{err}");
    assert_spanish("visit purge --lang es", &err);
    let err = purge("999", &[]);
    assert!(err.contains("no visit 999"), "{err}");
    // `visit review --comment-on` without `=`, in the visit's language.
    let complete = query_i64(
        &sb.db(),
        "SELECT v.id FROM visits v JOIN evaluations e ON e.visit_id = v.id \
         WHERE e.rubric_id = 'visita-tienda' AND v.status = 'complete' ORDER BY v.id LIMIT 1",
    )
    .to_string();
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
            "foto",
            "--comment-on",
            "mal",
        ],
    );
    assert!(err.contains("no tiene la forma CLAVE=TEXTO"), "{err}");
    assert_spanish("visit review --comment-on", &err);
}

#[test]
fn agent_staff_and_sample_lists_read_in_spanish_with_lang_es() {
    let sb = spanish_demo();
    for (args, shown) in [
        (&["agent", "list", "--lang", "es"][..], ["nombre", "equipo"]),
        (&["staff", "list", "--lang", "es"][..], ["funciones", "evaluador"]),
        (&["sample", "list", "--lang", "es"][..], ["muestra", "semilla"]),
    ] {
        let args = [&["--as", "lea"][..], args].concat();
        let (success, out, err) = run(&sb, &args);
        assert!(success, "{args:?}: {err}");
        for word in shown {
            assert!(out.contains(word), "missing {word:?} in {args:?}:\n{out}");
        }
        assert_spanish(&format!("{args:?}"), &format!("{out}\n{err}"));
    }
    let (_, english, _) = run(&sb, &["--as", "lea", "staff", "list"]);
    assert!(english.contains("roles") && english.contains("evaluator"), "{english}");
    let (_, english, _) = run(&sb, &["--as", "lea", "sample", "list"]);
    assert!(english.contains("seed") && english.contains("drawn"), "{english}");
}
