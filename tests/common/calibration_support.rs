//! Helpers that the calibration* test files share (moved out of tests/calibration.rs when it was split).

use super::*;
use super::{Outcome, Sandbox, call_quality_answers, fingerprint, stdout_of, team};
use serde_json::Value;

pub fn three(v: &Value) -> String {
    format!("{:.3}", v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")))
}

pub fn calibration_team(sb: &Sandbox) {
    team(sb);
    for id in ["ed", "ivo"] {
        sb.qaudit()
            .args(["--as", "lea", "staff", "add", id, "--name", id, "--role", "evaluator"])
            .assert()
            .success();
    }
}

pub fn new_session(sb: &Sandbox, extra: &[&str]) -> Value {
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "lea",
                "--format",
                "json",
                "calibrate",
                "new",
                "--rubric",
                "call-quality",
            ])
            .args(["--subject", "interaction:CALL-1", "--subject", "interaction:MAIL-1"])
            .args(["--evaluators", "eva,lea,ed"])
            .args(extra),
    );
    serde_json::from_str(&out).unwrap()
}

pub fn calibration_score(
    sb: &Sandbox,
    who: &str,
    session: i64,
    interaction: &str,
    answers: &str,
) -> assert_cmd::assert::Assert {
    let file = sb.write(&format!("{who}-{interaction}.yaml"), answers);
    sb.qaudit()
        .args(["--as", who, "score", "--calibration", &session.to_string()])
        .args(["--interaction", interaction, "--rubric", "call-quality", "--answers"])
        .arg(file)
        .assert()
}

/// The answers of the flow: ed is the most lenient, the others disagree on a few criteria.
pub fn answers(who: &str, interaction: &str) -> String {
    let overrides: &[(&str, &str)] = match (who, interaction) {
        ("eva", "CALL-1") => &[
            ("courtesy.tone", "4"),
            ("empathy.listening", "partly"),
            ("resolution.first_contact", "no"),
        ],
        ("ed", "CALL-1") => &[],
        ("lea", "CALL-1") => &[
            ("courtesy.tone", "4"),
            ("empathy.listening", "partly"),
            ("courtesy.closing", "partly"),
            ("resolution.first_contact", "no"),
        ],
        ("eva", "MAIL-1") => &[
            ("clarity.written_quality", "4"),
            ("clarity.plain_language", "4"),
            ("responsiveness.efficiency", "4"),
        ],
        ("ed", "MAIL-1") => &[("clarity.written_quality", "5"), ("courtesy.greeting", "no")],
        ("lea", "MAIL-1") => &[
            ("clarity.written_quality", "4"),
            ("clarity.plain_language", "4"),
            ("responsiveness.efficiency", "3"),
        ],
        _ => unreachable!(),
    };
    call_quality_answers(overrides)
}

// ---------------------------------------------------------------------------------------------
// Refusals: exit 1, a hint, the store unchanged.

/// Runs `args`, asserts it is refused with the store unchanged, and returns the refusal for
/// its snapshot.
pub fn refused(sb: &Sandbox, args: &[&str]) -> Outcome {
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(args);
    assert_eq!(fingerprint(&sb.db()), before, "{args:?}: the store changed");
    refused
}
