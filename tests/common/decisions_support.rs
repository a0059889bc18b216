//! Helpers of tests/flag_decisions.rs: a store where a reward and a discipline rule fire.

use super::flags_support::{evaluate, setup};
use super::{Sandbox, stdout_of};
use serde_json::Value;

/// `high` (reward: two or more evaluations averaging 90) and `low` (discipline: two or more
/// below 70), both over 30 days.
pub const RULES: &str = "  - id: high
    kind: reward
    window_days: 30
    min_evaluations: 2
    average_at_least: 90
  - id: low
    kind: discipline
    window_days: 30
    min_evaluations: 2
    average_below: 70
";

/// The team with `one-score` and [`RULES`]: as of 2026-11-30 `high` fires for a-1 (95, 96 on
/// 10 and 11 November) and `low` for a-2 (50, 60 on 12 and 13 November). Returns the sandbox and
/// the ids of a-1's and a-2's evaluations.
pub fn firing() -> (Sandbox, Vec<i64>, Vec<i64>) {
    let sb = setup(RULES);
    let a1 = vec![
        evaluate(&sb, "a-1", "2026-11-10", Some(95)),
        evaluate(&sb, "a-1", "2026-11-11", Some(96)),
    ];
    let a2 = vec![
        evaluate(&sb, "a-2", "2026-11-12", Some(50)),
        evaluate(&sb, "a-2", "2026-11-13", Some(60)),
    ];
    (sb, a1, a2)
}

/// [`firing`] with the rubric in Spanish (version 2 of `one-score`, `language: es`).
pub fn firing_in_spanish() -> (Sandbox, Vec<i64>, Vec<i64>) {
    let (sb, a1, a2) = firing();
    let yaml = super::flags_support::rubric(2, RULES).replace("language: en", "language: es");
    let file = sb.write("one-score-es.yaml", &yaml);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    (sb, a1, a2)
}

/// `flags decide` as `who` with `args` after the agent.
pub fn decide(sb: &Sandbox, who: &str, agent: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    sb.qaudit()
        .args(["--as", who, "flags", "decide", agent, "--as-of", "2026-11-30"])
        .args(args)
        .assert()
}

/// `flags decisions --format json` as `who`.
pub fn decisions_json(sb: &Sandbox, who: &str, args: &[&str]) -> Value {
    let out = stdout_of(
        sb.qaudit()
            .args(["--as", who, "--format", "json", "flags", "decisions"])
            .args(args),
    );
    serde_json::from_str(&out).unwrap()
}

/// The store's bytes, with its write-ahead log: equal means nothing was written.
pub fn store_bytes(sb: &Sandbox) -> (Vec<u8>, Vec<u8>) {
    let db = sb.db();
    let wal = db.with_file_name("qaudit.db-wal");
    (std::fs::read(&db).unwrap(), std::fs::read(wal).unwrap_or_default())
}
