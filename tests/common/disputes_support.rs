//! Helpers that the disputes* test files share (moved out of tests/disputes.rs when it was split).

use super::*;
use super::{Sandbox, team};
use serde_json::Value;

/// The team plus a second lead (`leo`) and calls CALL-2, CALL-3 (a-1) and CALL-4 (a-2).
pub fn setup() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as", "lea", "staff", "add", "leo", "--name", "Leo Paz", "--role", "lead",
        ])
        .assert()
        .success();
    let csv = sb.write(
        "more.csv",
        "id,agent,channel,occurred_at\n\
         CALL-2,a-1,phone,2026-11-05 09:00\n\
         CALL-3,a-1,phone,2026-11-06 09:00\n\
         CALL-4,a-2,phone,2026-11-07 09:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    sb
}

pub fn answer<'a>(evaluation: &'a Value, revision: usize, key: &str) -> &'a str {
    evaluation["revisions"][revision]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == key)
        .unwrap()["answer"]
        .as_str()
        .unwrap()
}
