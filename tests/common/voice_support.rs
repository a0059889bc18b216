//! Helpers of the customer-voice tests (tests/customer_voice_import.rs, tests/survey_import.rs).

use super::{Sandbox, team};
use std::path::Path;

/// The store's bytes: the database file and its write-ahead log, if any. Equal bytes mean the
/// store was not touched.
pub fn store_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(w) = std::fs::read(Path::new(&wal)) {
        bytes.extend(w);
    }
    bytes
}

/// One text cell (NULL as `None`).
pub fn cell(db: &Path, sql: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, Option<rusqlite::types::Value>>(0))
        .unwrap()
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Real(r) => r.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
}

/// [`team`] (agents a-1, a-2; eva evaluator, lea lead; CALL-1, CHAT-1, MAIL-1), with the
/// sandbox's actor the lead.
pub fn voice_team() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    sb
}

/// Runs `qaudit --as lea ARGS` and returns (exit code, stdout, stderr).
pub fn run_as(sb: &Sandbox, actor: &str, args: &[&str]) -> (i32, String, String) {
    let out = sb.qaudit().arg("--as").arg(actor).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}
