//! `evaluation import`: history from spreadsheets, validated like `score`.

mod common;

use common::{Sandbox, call_quality_answers, fingerprint, query_i64, stdout_of, team};

/// One evaluation of a history file: its reference, subject and answers that differ from the best.
type Historic<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// A long-format CSV of one evaluation per reference, from an answers list.
fn history(refs: &[Historic]) -> String {
    let mut csv = String::from("evaluation,subject,agent,evaluator,rubric,scored_at,criterion,value,comment\n");
    for (reference, subject, overrides) in refs {
        for line in call_quality_answers(overrides).lines().skip(1) {
            let (key, value) = line.trim().split_once(": ").unwrap();
            let comment = if value == "no" || value == "2" {
                "Missed in the call"
            } else {
                ""
            };
            csv.push_str(&format!(
                "{reference},{subject},,eva,call-quality,2026-11-05 10:00,{key},{value},{comment}\n"
            ));
        }
    }
    csv
}

#[test]
fn a_spreadsheet_of_evaluations_imports_once() {
    let sb = Sandbox::new();
    team(&sb);
    let file = sb.write(
        "history.csv",
        &history(&[
            ("Q-1", "CALL-1", &[]),
            ("Q-2", "MAIL-1", &[("courtesy.greeting", "no")]),
        ]),
    );
    let out = stdout_of(sb.qaudit().args(["--as", "lea", "evaluation", "import"]).arg(&file));
    assert!(out.contains("2 evaluation(s) imported, 0 already imported"), "{out}");
    let again = stdout_of(sb.qaudit().args(["--as", "lea", "evaluation", "import"]).arg(&file));
    assert!(
        again.contains("0 evaluation(s) imported, 2 already imported"),
        "{again}"
    );
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM evaluations"), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "list",
        "--agent",
        "a-2",
        "--format",
        "json",
    ])))
    .unwrap();
    assert!((json[0]["overall"].as_f64().unwrap() - 97.5).abs() < 1e-9, "{json}");
    assert_eq!(json[0]["scored_at"], "2026-11-05T10:00:00Z");
}

#[test]
fn a_bad_evaluation_fails_the_whole_file_with_its_line() {
    let sb = Sandbox::new();
    team(&sb);
    let mut csv = history(&[("Q-1", "CALL-1", &[]), ("Q-2", "MAIL-1", &[("courtesy.tone", "9")])]);
    csv.push_str("Q-3,CALL-404,,eva,call-quality,2026-11-05 10:00,courtesy.greeting,yes,\n");
    let file = sb.write("history.csv", &csv);
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(sb.qaudit().args(["--as", "lea", "evaluation", "import"]).arg(&file));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/history.csv:28: evaluation `Q-2`: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved; [sandbox]/history.csv:29: `courtesy.tone` does not take `9`; answer a whole number from 1 to 5
    [sandbox]/history.csv:54: evaluation `Q-3`: no interaction `CALL-404`
    nothing was imported (2 bad rows)
    hint: fix the rows listed above and import the file again; nothing was imported
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn rows_of_one_evaluation_must_agree() {
    let sb = Sandbox::new();
    team(&sb);
    let csv = history(&[("Q-1", "CALL-1", &[])]).replacen(
        "Q-1,CALL-1,,eva,call-quality,2026-11-05 10:00,courtesy.tone",
        "Q-1,CALL-1,,lea,call-quality,2026-11-05 10:00,courtesy.tone",
        1,
    );
    let file = sb.write("history.csv", &csv);
    let refused = sb.refusal(sb.qaudit().args(["--as", "lea", "evaluation", "import"]).arg(&file));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/history.csv:3: evaluation `Q-1` has other subject, agent, evaluator, rubric or scored_at than on line 2
    [sandbox]/history.csv:2: evaluation `Q-1`: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved; no answer for 1 criteria: courtesy.tone
    nothing was imported (2 bad rows)
    hint: fix the rows listed above and import the file again; nothing was imported
    ");
}
