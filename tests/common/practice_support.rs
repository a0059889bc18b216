//! Helpers of tests/practice.rs and tests/training_sessions.rs (issue 20, part 4).

use super::flags_support::{evaluate, setup};
use super::{Sandbox, fingerprint};

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
