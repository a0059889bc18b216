//! The interactive prompt (issue 15, item 5), driven through stdin: the interaction's context,
//! each scale's labels, `?` guidance, `b` back, `c` a comment on any answer, a review screen
//! before saving and a draft on `q`; in English for an English rubric and in Spanish for a
//! Spanish one (item 3).

mod common;

use common::{Sandbox, fingerprint, query_i64, stdout_of, team};
use serde_json::Value;

/// The last 21 answers of call-quality, at their best (courtesy.* are given by each test).
const REST_EN: [&str; 23] = [
    "met", "met", "na", "5", "met", "na", "yes", "yes", "met", "met", "yes", "na", "5", "yes", "5", "met", "na", "5",
    "5", "na", "yes", "na", "na",
];

fn setup() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let csv = sb.write(
        "more.csv",
        "id,agent,channel,occurred_at,duration_s,campaign\nCALL-9,a-1,phone,2026-11-05 16:40,125,winter-renewals\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    sb
}

fn prompt(sb: &Sandbox, rubric: &str, script: String) -> (bool, String) {
    let out = sb
        .qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-9",
            "--rubric",
            rubric,
            "--interactive",
        ])
        .write_stdin(script)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

fn answer<'a>(json: &'a Value, key: &str) -> &'a Value {
    json["revisions"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == key)
        .unwrap()
}

fn lines(answers: &[&str]) -> String {
    answers.iter().map(|a| format!("{a}\n")).collect()
}

#[test]
fn the_prompt_shows_context_and_labels_goes_back_takes_comments_and_reviews() {
    let sb = setup();
    let mut script = String::new();
    script.push_str("?\nc\nWarm opening\nyes\n"); // greeting: guidance, a comment, the answer
    script.push_str("b\n\n"); // tone: back to greeting, Enter keeps `yes`
    script.push_str("4\nmet\n"); // tone, closing
    script.push_str(&lines(&REST_EN));
    script.push_str("Well done\n"); // the overall comment
    script.push_str("2\n5\n"); // review: change answer 2 (tone) to 5
    script.push_str("y\n"); // review again: save
    let (ok, err) = prompt(&sb, "call-quality", script);
    assert!(ok, "{err}");
    for shown in [
        "Agent: a-1",
        "When: 2026-11-05 16:40",
        "Channel: phone",
        "Duration: 2:05",
        "campaign: winter-renewals",
        "b to go back",
        "guidance: ",
        "scale: 1 ",
        "met (100) · partly (50) · not met (0)",
        "answered yes, Enter keeps it",
        "Review before saving:",
        "\"Warm opening\"",
        "comment for the agent: \"Well done\"",
        "running score: ",
    ] {
        assert!(err.contains(shown), "missing {shown:?} in:\n{err}");
    }
    assert_eq!(
        err.matches("[1/26] courtesy.greeting").count(),
        2,
        "asked again after b: {err}"
    );
    assert_eq!(err.matches("Review before saving:").count(), 2, "{err}");
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "evaluation",
        "show",
        "1",
    ])))
    .unwrap();
    assert_eq!(
        json["summary"]["status"].as_str().or(json["status"].as_str()),
        Some("submitted"),
        "{json}"
    );
    assert_eq!(answer(&json, "courtesy.greeting")["answer"], "yes");
    assert_eq!(answer(&json, "courtesy.greeting")["comment"], "Warm opening");
    assert_eq!(
        answer(&json, "courtesy.tone")["answer"],
        "5",
        "changed on the review screen"
    );
    assert_eq!(json["revisions"][0]["comment"], "Well done");
}

#[test]
fn q_offers_a_draft_and_keeps_nothing_when_declined() {
    let sb = setup();
    let before = fingerprint(&sb.db());
    let (ok, err) = prompt(&sb, "call-quality", "yes\nq\nn\n".into());
    assert!(!ok && err.contains("nothing was saved"), "{err}");
    assert!(err.contains("keep what you answered as a draft? (y, n)"), "{err}");
    assert_eq!(fingerprint(&sb.db()), before);

    let (ok, err) = prompt(&sb, "call-quality", "yes\n3\nq\ny\n".into());
    assert!(ok, "{err}");
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM evaluations WHERE status = 'draft'"),
        1
    );
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "evaluation",
        "show",
        "1",
    ])))
    .unwrap();
    assert_eq!(answer(&json, "courtesy.greeting")["answer"], "yes");
    assert_eq!(answer(&json, "courtesy.tone")["answer"], "3");
}

#[test]
fn a_spanish_rubric_is_scored_through_the_prompt_in_spanish() {
    let sb = setup();
    let rest: Vec<&str> = REST_EN
        .iter()
        .map(|a| match *a {
            "met" => "cumple",
            "yes" => "sí",
            other => other,
        })
        .collect();
    let mut script = String::from("sí\n9\n2\nSonó impaciente\nno cumple\n");
    script.push_str(&lines(&rest));
    script.push_str("Buen cierre\n\n");
    let (ok, err) = prompt(&sb, "calidad-contacto", script);
    assert!(ok, "{err}");
    for shown in [
        "Evaluación con calidad-contacto versión 2 (26 criterios).",
        "Agente: a-1",
        "Cuándo: 05/11/2026 16:40",
        "Canal: teléfono",
        "responda (sí, no): ",
        "escala: 1 Deficiente · 2 Insuficiente · 3 Aceptable · 4 Bueno · 5 Excelente",
        "`cortesia.tono` no admite `9`; responda un número entero del 1 al 5",
        "comentario (obligatorio con esta respuesta)",
        "Revise antes de guardar:",
        "¿guardar? (Intro o s guarda",
    ] {
        assert!(err.contains(shown), "missing {shown:?} in:\n{err}");
    }
    assert!(err.contains("puntuación provisional: ") && err.contains(','), "{err}");
    for english in [
        "answer (",
        "running score",
        "comment (required",
        "Review before saving",
        "guidance",
    ] {
        assert!(
            !err.contains(english),
            "English {english:?} in a Spanish prompt:\n{err}"
        );
    }
    let json: Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "evaluation",
        "show",
        "1",
    ])))
    .unwrap();
    assert_eq!(answer(&json, "cortesia.saludo")["answer"], "yes", "sí is yes");
    assert_eq!(answer(&json, "cortesia.tono")["comment"], "Sonó impaciente");
    assert_eq!(
        answer(&json, "cortesia.despedida")["answer"],
        "no_cumple",
        "the option's label is the option"
    );
}
