//! Scoring at the interactive prompt, and without a terminal, through the binary.

mod common;

use common::{Sandbox, fingerprint, stdout_of, team};

#[test]
fn the_interactive_prompt_asks_each_criterion() {
    let sb = Sandbox::new();
    team(&sb);
    // One line per criterion in rubric order, with a guidance request, a wrong answer, a
    // required comment, and the overall comment at the end.
    let mut script = String::new();
    script.push_str("?\nyes\n"); // courtesy.greeting: guidance first
    script.push_str("9\n2\nSounded impatient\n"); // courtesy.tone: out of range, then 2 + required comment
    for answer in [
        "met", "met", "met", "na", "5", "met", "na", "yes", "yes", "met", "met", "yes", "na", "5", "yes", "5", "met",
        "na", "5", "5", "na", "yes", "na", "na",
    ] {
        script.push_str(answer);
        script.push('\n');
    }
    script.push_str("Good recovery at the end\n");
    script.push('\n'); // the review screen: Enter saves
    let assert = sb
        .qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--interactive",
        ])
        .write_stdin(script)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("[1/26] courtesy.greeting"), "{err}");
    assert!(err.contains("guidance: "), "{err}");
    assert!(err.contains("`courtesy.tone` does not take `9`"), "{err}");
    assert!(err.contains("comment (required for this answer)"), "{err}");
    assert!(err.contains("running score: "), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["revisions"][0]["comment"], "Good recovery at the end");
    let tone = json["revisions"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "courtesy.tone")
        .unwrap()
        .clone();
    assert_eq!(tone["answer"], "2");
    assert_eq!(tone["comment"], "Sounded impatient");
}

#[test]
fn the_prompt_saves_nothing_when_input_ends_early() {
    let sb = Sandbox::new();
    team(&sb);
    let before = fingerprint(&sb.db());
    let refused = sb.refuse_with_stdin(
        &[
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--interactive",
        ],
        "yes\n5\n",
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    Scoring with call-quality version 2 (26 criteria).
      Agent: a-1
      When: 2026-11-02 09:15
      Channel: phone
      Duration: 5:40
    Type ? for guidance, b to go back, c to comment on the answer, q to stop (you may keep a draft).

    [1/26] courtesy.greeting
      Opened with a greeting, the company name and own name
      answer (yes, no):   running score: 100.0

    [2/26] courtesy.tone
      Kept a friendly, respectful tone throughout, including under criticism
      scale: 1 Poor · 2 Weak · 3 Adequate · 4 Good · 5 Excellent
      answer (a whole number from 1 to 5):   running score: 100.0

    [3/26] courtesy.closing
      Closed properly by checking for anything else, thanking the customer and saying goodbye
      scale: met (100) · partly (50) · not met (0)
      answer (met, partly, not_met): error: the input ended before every criterion was answered; nothing was saved
    hint: answer every criterion, or use --draft with --set to save a partial evaluation
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn no_answers_without_a_terminal_is_refused() {
    let sb = Sandbox::new();
    team(&sb);
    let refused = sb.refuse_with_stdin(
        &[
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
        ],
        "",
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no answers given
    hint: give an answers file with --answers FILE, answers with --set KEY=VALUE, or run in a terminal to be asked
    ");
}
