//! Helpers of tests/practice.rs and tests/training_sessions.rs (issue 20, part 4).

use super::flags_support::{evaluate, setup};
use super::{Sandbox, fingerprint};
use assert_cmd::Command;

/// The `one-score` store of `flags_support::setup` with a discipline rule that fires on a-1,
/// and a-1's and a-2's counted work in November.
pub fn scored_team() -> Sandbox {
    let sb = setup(
        "  - id: low
    kind: discipline
    window_days: 60
    min_evaluations: 2
    average_below: 70
",
    );
    for (agent, day, points) in [
        ("a-1", "2026-11-05", 50),
        ("a-1", "2026-11-06", 60),
        ("a-2", "2026-11-05", 90),
        ("a-2", "2026-11-07", 95),
    ] {
        evaluate(&sb, agent, day, Some(points));
    }
    sb
}

/// The store's bytes and fingerprint, to show that a refusal changed nothing.
pub fn snapshot(sb: &Sandbox) -> (Vec<u8>, String) {
    (std::fs::read(sb.db()).unwrap(), fingerprint(&sb.db()))
}

/// `score --practice` of a role-play of a-1 by the lead `lea` (a simulated chat with
/// `scenario`, on 8 November), answered from a practice answers file: the command, not yet run.
pub fn role_play(sb: &Sandbox, scenario: &str) -> Command {
    let answers = sb.write(
        "practice.yaml",
        "practice: true\nanswers:\n  s.points: 5\n  s.safe: na\n",
    );
    let mut cmd = sb.qaudit();
    cmd.args(["--as", "lea", "score", "--agent", "a-1", "--channel", "chat"])
        .args(["--rubric", "one-score", "--scenario", scenario])
        .args(["--occurred-at", "2026-11-08 10:00", "--practice", "--answers"])
        .arg(&answers);
    cmd
}
