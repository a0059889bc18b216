//! Mystery contacts (issue 20, part 6): logging a shopper's test contact, and answers files
//! for any stored rubric.

use super::Sandbox;
use assert_cmd::Command;
use serde_json::Value;

/// A complete answers file for the stored rubric `rubric`, every answer at its best (yes, the
/// top of a range, the best option) except `overrides`.
pub fn best_answers(sb: &Sandbox, rubric: &str, overrides: &[(&str, &str)]) -> String {
    let out = sb
        .qaudit()
        .args(["rubric", "show", rubric, "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text = String::from("answers:\n");
    for section in json["sections"].as_array().unwrap() {
        for c in section["criteria"].as_array().unwrap() {
            let key = c["key"].as_str().unwrap();
            let scale = &c["scale"];
            let best = match scale["type"].as_str().unwrap() {
                "binary" => "yes".to_string(),
                "range" => scale["max"].to_string(),
                _ => scale["options"].as_array().unwrap()[0][0].as_str().unwrap().to_string(),
            };
            let answer = overrides
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(best, |(_, v)| v.to_string());
            text.push_str(&format!("  {key}: {answer}\n"));
        }
    }
    text
}

/// `qaudit --as WHO contact log --channel CH --started-at S --answered-at A --rubric R
/// --answers FILE` with `answers` written to a file first; add flags, then assert or run it.
pub fn contact_log(
    sb: &Sandbox,
    who: &str,
    channel: &str,
    started: &str,
    answered: &str,
    rubric: &str,
    answers: &str,
) -> Command {
    let file = sb.write(
        &format!("{who}-{channel}-{}.yaml", started.replace([' ', ':'], "-")),
        answers,
    );
    let mut cmd = sb.qaudit();
    cmd.args([
        "--as",
        who,
        "contact",
        "log",
        "--channel",
        channel,
        "--started-at",
        started,
        "--answered-at",
        answered,
        "--rubric",
        rubric,
        "--answers",
    ])
    .arg(file);
    cmd
}

/// The store file's bytes with those of its write-ahead log: equal means nothing was written.
pub fn store_bytes(sb: &Sandbox) -> Vec<u8> {
    let mut bytes = std::fs::read(sb.db()).unwrap();
    if let Ok(wal) = std::fs::read(sb.path("qaudit.db-wal")) {
        bytes.extend(wal);
    }
    bytes
}
