//! A practice evaluation counts nowhere, so its agent cannot dispute it (issue 20, part 4): the
//! refusal says so with a hint and leaves the store byte-identical.

mod common;

use common::practice_support::scored_team;
use common::{fingerprint, query_i64};

#[test]
fn a_practice_evaluation_is_not_disputed() {
    let sb = scored_team();
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--practice",
            "--agent",
            "a-1",
            "--channel",
            "phone",
        ])
        .args(["--rubric", "one-score", "--set", "s.points=40", "--set", "s.safe=yes"])
        .assert()
        .success();
    let id = query_i64(&sb.db(), "SELECT max(id) FROM evaluations").to_string();
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(
        sb.qaudit()
            .args(["--as", "a-1", "dispute", "open", &id, "--reason", "Unfair"]),
    );
    assert!(
        refused.stderr.contains(&format!("evaluation {id} is practice")),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("hint: practice is training evidence"),
        "{}",
        refused.stderr
    );
    assert_eq!(fingerprint(&sb.db()), before);
    // The agent's counted evaluations are disputed as before.
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", "1", "--reason", "Unfair"])
        .assert()
        .success();
}
