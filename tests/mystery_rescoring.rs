//! A mystery shopper's test contact is scored once, by its shopper, when logged (issue 20, part
//! 6): an evaluator who tries `score` on it is refused with a hint, and nothing is written.

mod common;

use common::mystery_support::{contact_log, store_bytes};
use common::{Sandbox, call_quality_answers, stdout_of, team};

#[test]
fn an_evaluator_cannot_score_a_mystery_contact_again() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = call_quality_answers(&[]);
    contact_log(
        &sb,
        "sam",
        "phone",
        "2026-11-10 10:00",
        "2026-11-10 10:00:30",
        "call-quality",
        &answers,
    )
    .args(["--agent", "a-1"])
    .assert()
    .success();
    let listed = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "--format", "json", "interaction", "list"]),
    );
    let id = ["mystery-1", "mystery-0"]
        .into_iter()
        .find(|id| listed.contains(id))
        .unwrap_or_else(|| panic!("no mystery interaction in {listed}"));
    let file = sb.write("again.yaml", &answers);
    let before = store_bytes(&sb);
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                id,
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(file),
    );
    assert!(
        refused
            .stderr
            .contains(&format!("interaction {id} is a mystery shopper's test contact")),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("hint: its shopper scored it"),
        "{}",
        refused.stderr
    );
    assert_eq!(store_bytes(&sb), before, "the refusal wrote to the store");
}
