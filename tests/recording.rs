//! Scoring from an answers file: results, critical failures, overrides, channels, own work,
//! drafts and Spanish answers, through the binary.

mod common;

use common::recording_support::score;
use common::{Sandbox, call_quality_answers, fingerprint, query_i64, score_cmd, stdout_of, team};
use predicates::prelude::*;

#[test]
fn scoring_from_an_answers_file_prints_the_result() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = call_quality_answers(&[("empathy.listening", "partly"), ("courtesy.tone", "4")]);
    let out = String::from_utf8(score(&sb, "CALL-1", &answers).success().get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("score_result", out);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM evaluations"), 1);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores"), 26);
}

#[test]
fn a_critical_failure_is_shown_first_and_zeroes_the_score() {
    let sb = Sandbox::new();
    team(&sb);
    let mut answers = call_quality_answers(&[("security.protect_data", "no")]);
    answers.push_str("comments:\n  security.protect_data: Read the full card number aloud\n");
    let out = String::from_utf8(score(&sb, "CALL-1", &answers).success().get_output().stdout.clone()).unwrap();
    let critical = out.find("CRITICAL").expect("critical line");
    assert!(critical < out.find("Overall").unwrap(), "{out}");
    assert!(out.contains("Overall     0.0  Unsatisfactory"), "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn set_overrides_and_comment() {
    let sb = Sandbox::new();
    team(&sb);
    let file = sb.write("a.yaml", &call_quality_answers(&[]));
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(file)
            .args([
                "--set",
                "courtesy.greeting=no",
                "--comment",
                "Lovely call",
                "--format",
                "json",
            ]),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rev = &json["revisions"][0];
    let greeting = rev["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "courtesy.greeting")
        .unwrap();
    assert_eq!(greeting["answer"], "no");
    assert_eq!(rev["comment"], "Lovely call");
}

#[test]
fn a_rubric_for_other_channels_is_refused() {
    let sb = Sandbox::new();
    team(&sb);
    let rubric = std::fs::read_to_string(common::root().join("rubrics/call-quality.yaml"))
        .unwrap()
        .replace("id: call-quality", "id: phone-only")
        .replace("channels: [phone, chat, email, social]", "channels: [phone]");
    let file = sb.write("phone-only.yaml", &rubric);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CHAT-1",
                "--rubric",
                "phone-only",
                "--answers",
            ])
            .arg(answers),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: rubric phone-only is for phone; interaction CHAT-1 is a chat
    hint: choose a rubric whose channels include chat (`qaudit rubric list`)
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn an_evaluator_may_not_score_their_own_interaction_nor_score_twice() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "a-1",
            "--name",
            "Ana Ruiz",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let file = sb.write("a.yaml", &call_quality_answers(&[]));
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "a-1",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(&file),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `a-1` handled interaction CALL-1 and may not score it
    hint: ask another evaluator to score it
    ");
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    let mut again = score_cmd(&sb, "eva", "CALL-1", "call-quality", &call_quality_answers(&[]));
    insta::assert_snapshot!(sb.refusal(&mut again), @r"
    exit: 1
    --- stdout
    --- stderr
    error: you already scored interaction CALL-1 with call-quality as evaluation 1
    hint: change it with `qaudit evaluation amend 1 --set KEY=VALUE --reason TEXT`
    ");
}

#[test]
fn a_draft_is_completed_by_scoring_again() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--draft",
        ])
        .args(["--set", "courtesy.greeting=yes", "--set", "courtesy.tone=4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved as a draft"));
    let rest = call_quality_answers(&[("courtesy.greeting", "-"), ("courtesy.tone", "-")]);
    let out = String::from_utf8(score(&sb, "CALL-1", &rest).success().get_output().stdout.clone()).unwrap();
    assert!(out.contains("submitted, revision 2"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    let answers = json["revisions"][1]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 26);
    assert!(
        answers
            .iter()
            .any(|a| a["key"] == "courtesy.tone" && a["answer"] == "4")
    );
}

/// Issue 15 item 3: the Spanish sheet prints `sí`, so a Spanish team answers with it (and with
/// `si`, typed without the accent); both are stored as a yes.
#[test]
fn a_spanish_rubric_takes_si_as_an_answer() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "calidad-contacto",
            "--draft",
        ])
        .args([
            "--set",
            "cortesia.saludo=sí",
            "--set",
            "seguridad.verifica_identidad=si",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Guardada como borrador"));
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM criterion_scores WHERE answer = 'yes' AND norm = 1.0 \
             AND criterion_key IN ('cortesia.saludo', 'seguridad.verifica_identidad')"
        ),
        2
    );
}
