//! Helpers shared by the integration tests: a temporary store and the binary to run on it.
// Each test file uses a part of these helpers.
#![allow(dead_code, unused_imports)]

pub mod browser;
pub mod calibration_support;
pub mod criteria_support;
pub mod decisions_support;
pub mod disputes_support;
pub mod flags_support;
pub mod interactions_support;
pub mod mystery_support;
pub mod new_hires_support;
mod outcome;
pub mod practice_support;
pub mod recording_support;
pub mod reports_support;
pub mod sampling_support;
pub mod scoped_flags_support;
mod scoring;
pub mod spanish;
pub mod visits;
pub mod voice_support;

pub use outcome::Outcome;
pub use scoring::*;

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
        self.qaudit_on(&self.db())
    }

    /// [`Sandbox::qaudit`] on another store (a copy, a backup) in the same sandbox, with the
    /// same keys.
    pub fn qaudit_on(&self, db: &Path) -> Command {
        let mut cmd = Command::cargo_bin("qaudit").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("QAUDIT_DB")
            // Keys and heads live in the sandbox, never in the real user's configuration.
            .env("XDG_CONFIG_HOME", self.config_dir())
            .env("HOME", self.path("home"))
            .env_remove("QAUDIT_KEY_FILE")
            .env_remove("QAUDIT_READ_ONLY")
            .env_remove("QAUDIT_MAX_PAGE_COUNT")
            .env("QAUDIT_USER", "tester")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(db);
        cmd
    }

    /// Runs `qaudit init` and asserts it worked.
    pub fn init(&self) -> &Self {
        self.qaudit().arg("init").assert().success();
        self
    }

    /// The configuration directory the binary sees (its `qaudit/keys/` holds the stores' keys).
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Gives this sandbox the keys of `other`'s stores, for a test that copies a store over.
    pub fn share_keys_of(&self, other: &Sandbox) {
        let from = other.config_dir().join("qaudit").join("keys");
        let to = self.config_dir().join("qaudit").join("keys");
        std::fs::create_dir_all(&to).unwrap();
        if let Ok(entries) = std::fs::read_dir(from) {
            for e in entries.flatten() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
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

/// Row counts of every table plus the audit log's last hash: equal fingerprints mean the store
/// was not changed.
pub fn fingerprint(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        out.push_str(&format!("{t}={n} "));
    }
    let last: Option<String> = conn
        .query_row(
            "SELECT max(hash) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    out.push_str(&format!("last={last:?}"));
    out
}

/// A store with a team: agents a-1 and a-2 (working at mad-01), evaluator `eva`, shopper `sam`,
/// lead `lea` (once she is added, writes need a staff member: pass `--as lea`), a location, and
/// three interactions (CALL-1 phone by a-1, CHAT-1 chat by a-1, MAIL-1 email by a-2).
pub fn team(sb: &Sandbox) {
    sb.init();
    sb.qaudit()
        .args([
            "location",
            "add",
            "mad-01",
            "--name",
            "Madrid Centro",
            "--region",
            "centre",
        ])
        .assert()
        .success();
    for (id, name) in [("a-1", "Ana Ruiz"), ("a-2", "Luis Mora")] {
        sb.qaudit()
            .args([
                "agent",
                "add",
                id,
                "--name",
                name,
                "--team",
                "north",
                "--location",
                "mad-01",
            ])
            .assert()
            .success();
    }
    sb.qaudit()
        .args(["staff", "add", "eva", "--name", "Eva Gil", "--role", "evaluator"])
        .assert()
        .success();
    sb.qaudit()
        .args(["staff", "add", "sam", "--name", "Sam Paz", "--role", "shopper"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "staff",
            "add",
            "lea",
            "--name",
            "Lea Sol",
            "--role",
            "lead",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let csv = sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,duration_s,customer\n\
         CALL-1,a-1,phone,2026-11-02 09:15,340,cust-77\n\
         CHAT-1,a-1,chat,2026-11-03 10:00,600,cust-78\n\
         MAIL-1,a-2,email,2026-11-04 11:30,,cust-79\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
}

/// Lea draws November's sample of `team_with_tom()`: five per agent for eva and tom, every item
/// double scored, seed 3; the blind double-scoring tests start from it.
pub const DOUBLE_DRAW: [&str; 16] = [
    "--as",
    "lea",
    "sample",
    "draw",
    "--from",
    "2026-11-01",
    "--to",
    "2026-11-30",
    "--per-agent",
    "5",
    "--evaluators",
    "eva,tom",
    "--double",
    "100",
    "--seed",
    "3",
];

/// `team()` plus a second evaluator, `tom`: the second opinion and blind double-scoring tests.
pub fn team_with_tom(sb: &Sandbox) {
    team(sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "tom",
            "--name",
            "Tom Vidal",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
}

/// A complete answers file for call-quality, every answer at its best except those given
/// (`"-"` leaves a criterion out).
pub fn call_quality_answers(overrides: &[(&str, &str)]) -> String {
    answers_yaml(
        &[
            ("courtesy.greeting", "yes"),
            ("courtesy.tone", "5"),
            ("courtesy.closing", "met"),
            ("empathy.listening", "met"),
            ("empathy.acknowledge", "met"),
            ("empathy.composure", "na"),
            ("clarity.plain_language", "5"),
            ("clarity.next_steps", "met"),
            ("clarity.written_quality", "na"),
            ("security.verify_identity", "yes"),
            ("security.protect_data", "yes"),
            ("resolution.diagnosis", "met"),
            ("resolution.resolved", "met"),
            ("resolution.first_contact", "yes"),
            ("resolution.escalation", "na"),
            ("credibility.accurate_info", "5"),
            ("credibility.no_overpromising", "yes"),
            ("credibility.product_knowledge", "5"),
            ("responsiveness.response_time", "met"),
            ("responsiveness.hold_etiquette", "na"),
            ("responsiveness.efficiency", "5"),
            ("personalisation.personalised", "5"),
            ("personalisation.follow_up", "na"),
            ("personalisation.case_notes", "yes"),
            ("personalisation.kept_informed", "na"),
            ("personalisation.above_beyond", "na"),
        ],
        overrides,
    )
}

/// A complete answers file for store-visit (a good visit), with the answers given instead
/// (`"-"` leaves a criterion out).
pub fn store_visit_answers(overrides: &[(&str, &str)]) -> String {
    answers_yaml(
        &[
            ("premises.cleanliness", "4"),
            ("premises.signage", "met"),
            ("premises.tidy_displays", "4"),
            ("premises.staff_presentation", "yes"),
            ("welcome.greeted", "yes"),
            ("welcome.courtesy", "5"),
            ("waiting.time_to_service", "met"),
            ("waiting.checkout_wait", "na"),
            ("needs.questions", "met"),
            ("needs.listening", "4"),
            ("needs.tailored", "partly"),
            ("knowledge.product_knowledge", "4"),
            ("knowledge.honest_info", "yes"),
            ("knowledge.conditions", "met"),
            ("complaint.calm_handling", "na"),
            ("complaint.solution", "na"),
            ("security.payment_handling", "yes"),
            ("security.data_protection", "na"),
            ("closing.farewell", "yes"),
            ("closing.follow_up", "na"),
            ("closing.would_recommend", "4"),
        ],
        overrides,
    )
}

/// An answers file: `defaults` in order with `overrides` applied (new keys appended).
fn answers_yaml(defaults: &[(&str, &str)], overrides: &[(&str, &str)]) -> String {
    let mut answers: Vec<(String, String)> = defaults.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    for (k, v) in overrides {
        match answers.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v.to_string(),
            None => answers.push((k.to_string(), v.to_string())),
        }
    }
    let mut text = String::from("answers:\n");
    for (k, v) in answers {
        if v != "-" {
            text.push_str(&format!("  {k}: {v}\n"));
        }
    }
    text
}
