//! Issue 15: a refused dispute on a Spanish-rubric evaluation reads in Spanish, message and hint
//! (a dispute already resolved, one opened by someone it does not concern, an unknown criterion
//! with its suggestion, an answer the scale does not take, a resolution without a note), leaves
//! the store as it was, and the same refusal on an English rubric reads as before.

mod common;

use common::spanish::*;
use common::*;

fn one(sb: &Sandbox, sql: &str) -> String {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
}

/// Refuses `args`, checks the store is byte-identical, and returns stderr.
fn refused(sb: &Sandbox, args: &[&str]) -> String {
    let before = fingerprint(&sb.db());
    let outcome = sb.refusal(sb.qaudit().args(args));
    assert_eq!(fingerprint(&sb.db()), before, "{args:?} changed the store");
    outcome.stderr
}

/// Fails on an English label or an ISO day in a refusal (commands and flags set aside).
fn assert_spanish(what: &str, text: &str) {
    let mut found = english_in(&readable(&without_commands(text), false), &english_fragments());
    found.extend(english_formats_in(text));
    assert!(
        found.is_empty(),
        "English in {what}:\n{}\n---\n{text}",
        found.join("\n")
    );
}

/// The demo's disputes on evaluations of `rubric` with `status`: (dispute, evaluation, agent).
fn dispute_on(sb: &Sandbox, rubric: &str, status: &str) -> (String, String, String) {
    let row = one(
        sb,
        &format!(
            "SELECT d.id || ' ' || e.id || ' ' || e.agent_id FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id \
             WHERE e.rubric_id = '{rubric}' AND d.status {status} ORDER BY d.id LIMIT 1"
        ),
    );
    let mut parts = row.split(' ').map(str::to_string);
    (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn refused_disputes_read_in_the_rubric_s_language() {
    let sb = Sandbox::new();
    assert!(
        sb.qaudit()
            .args(["--as", "lea", "demo"])
            .output()
            .unwrap()
            .status
            .success()
    );

    let (done, done_eval, _) = dispute_on(&sb, "calidad-contacto", "= 'open'");
    let first = [
        "--as",
        "lea",
        "dispute",
        "resolve",
        &done,
        "--reject",
        "--note",
        "La grabación lo confirma.",
    ];
    assert!(sb.qaudit().args(first).output().unwrap().status.success());
    let again = refused(
        &sb,
        &[
            "--as",
            "lea",
            "dispute",
            "resolve",
            &done,
            "--reject",
            "--note",
            "Otra vez.",
        ],
    );
    assert!(
        again.contains(&format!("la impugnación {done} ya se resolvió")),
        "{again}"
    );
    assert!(
        again.contains(&format!("para cambiar ahora la evaluación {done_eval}, corríjala")),
        "{again}"
    );
    assert_spanish("an already resolved dispute", &again);

    // An evaluation with no dispute, on a Spanish rubric, and an agent it does not concern.
    let eval = one(
        &sb,
        "SELECT CAST(id AS TEXT) FROM counted_evaluations WHERE rubric_id = 'calidad-contacto' \
         AND id NOT IN (SELECT evaluation_id FROM disputes) ORDER BY id DESC LIMIT 1",
    );
    let owner = one(&sb, &format!("SELECT agent_id FROM evaluations WHERE id = {eval}"));
    let other = one(
        &sb,
        &format!("SELECT id FROM agents WHERE id != '{owner}' ORDER BY id LIMIT 1"),
    );
    let reason = ["--reason", "No es justo"];
    let not_theirs = refused(
        &sb,
        &[&["--as", &other, "dispute", "open", &eval][..], &reason].concat(),
    );
    assert!(
        not_theirs.contains(&format!("no puede impugnar la evaluación {eval}")),
        "{not_theirs}"
    );
    assert!(
        not_theirs.contains(&format!("la impugna el agente (--as {owner})")),
        "{not_theirs}"
    );
    assert_spanish("a dispute by another agent", &not_theirs);

    let key = one(
        &sb,
        &format!(
            "SELECT criterion_key FROM criterion_scores WHERE evaluation_id = {eval} ORDER BY criterion_key LIMIT 1"
        ),
    );
    let typo = format!("{key}x");
    let unknown = refused(
        &sb,
        &[
            &[
                "--as",
                &owner,
                "dispute",
                "open",
                &eval,
                "--criterion",
                &typo,
                "--proposed",
                "sí",
            ][..],
            &reason,
        ]
        .concat(),
    );
    assert!(
        unknown.contains(&format!("`{typo}` no es un criterio de calidad-contacto")),
        "{unknown}"
    );
    assert!(unknown.contains(&format!("¿quería decir `{key}`?")), "{unknown}");
    assert_spanish("an unknown criterion", &unknown);

    let bad = refused(
        &sb,
        &[
            &[
                "--as",
                &owner,
                "dispute",
                "open",
                &eval,
                "--criterion",
                &key,
                "--proposed",
                "quizá",
            ][..],
            &reason,
        ]
        .concat(),
    );
    assert!(bad.contains(&format!("`{key}` no admite `quizá`; responda")), "{bad}");
    assert_spanish("an answer the scale does not take", &bad);

    // A dispute the agent opens now, which a lead tries to resolve without a note.
    let opened = [&["--as", &owner, "dispute", "open", &eval][..], &reason].concat();
    assert!(sb.qaudit().args(opened).output().unwrap().status.success());
    let (open, _, _) = dispute_on(&sb, "calidad-contacto", "= 'open'");
    let silent = refused(&sb, &["--as", "lea", "dispute", "resolve", &open, "--reject"]);
    assert!(
        silent.contains(&format!("resolver la impugnación {open} exige una nota")),
        "{silent}"
    );
    assert_spanish("a resolution without a note", &silent);

    // The same refusal on an English rubric reads as it always has.
    let eval = one(
        &sb,
        "SELECT CAST(id AS TEXT) FROM counted_evaluations WHERE rubric_id = 'call-quality' \
         AND id NOT IN (SELECT evaluation_id FROM disputes) ORDER BY id DESC LIMIT 1",
    );
    let owner = one(&sb, &format!("SELECT agent_id FROM evaluations WHERE id = {eval}"));
    let opened = ["--as", &owner, "dispute", "open", &eval, "--reason", "Not fair"];
    assert!(sb.qaudit().args(opened).output().unwrap().status.success());
    let done = one(
        &sb,
        &format!("SELECT CAST(id AS TEXT) FROM disputes WHERE evaluation_id = {eval}"),
    );
    let first = [
        "--as",
        "lea",
        "dispute",
        "resolve",
        &done,
        "--reject",
        "--note",
        "Confirmed.",
    ];
    assert!(sb.qaudit().args(first).output().unwrap().status.success());
    let english = refused(
        &sb,
        &[
            "--as", "lea", "dispute", "resolve", &done, "--reject", "--note", "Again.",
        ],
    );
    assert!(
        english.contains(&format!("dispute {done} was already resolved: rejected by lea")),
        "{english}"
    );
    assert!(
        english.contains(&format!("hint: to change evaluation {eval} now, amend it")),
        "{english}"
    );
}
