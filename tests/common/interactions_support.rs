//! Helpers that the interactions* test files share (moved out of tests/interactions.rs when it was split).

use super::*;
use super::{Sandbox, query_i64};
use std::fmt::Write as _;
use std::path::Path;

pub const HEADER: &str = "id,agent,channel,occurred_at,duration_s,customer\n";

pub fn store_counts(db: &Path) -> Vec<(&'static str, i64)> {
    ["agents", "interactions", "audit_log"]
        .into_iter()
        .map(|t| (t, query_i64(db, &format!("SELECT count(*) FROM {t}"))))
        .collect()
}

pub fn interactions(db: &Path) -> i64 {
    query_i64(db, "SELECT count(*) FROM interactions")
}

pub fn text(db: &Path, sql: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A store with agents a-0 .. a-4.
pub fn with_agents() -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    let mut csv = String::from("id,name,team\n");
    for i in 0..5 {
        writeln!(csv, "a-{i},Agent {i},north").unwrap();
    }
    sb.write("agents.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "agent", "import", "agents.csv"])
        .assert()
        .success();
    sb
}
