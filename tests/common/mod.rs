//! Helpers shared by the integration tests: a temporary store and the binary to run on it.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary directory with a store path inside it.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("qaudit.db")
    }

    /// The binary, run in the sandbox with the store set and the environment cleared of
    /// anything that could change its behaviour.
    pub fn qaudit(&self) -> Command {
        let mut cmd = Command::cargo_bin("qaudit").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("QAUDIT_DB")
            .env("QAUDIT_USER", "tester")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(self.db());
        cmd
    }

    /// Runs `qaudit init` and asserts it worked.
    pub fn init(&self) -> &Self {
        self.qaudit().arg("init").assert().success();
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// The repository root (for `rubrics/`, `examples/`, fixtures).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// stdout of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Runs a read-only SQL query through rusqlite and returns the first column of the first row.
pub fn query_i64(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}
