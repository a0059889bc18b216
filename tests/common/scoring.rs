//! Scoring and other steps many test files take, written once: each file used to carry its own
//! copy of `score`, `score_as` and `scored`.

use super::{Sandbox, call_quality_answers, query_i64, stdout_of, team};
use assert_cmd::Command;
use std::path::Path;

/// `qaudit --as WHO score --interaction I --rubric R --answers FILE`, with `answers` written to
/// `WHO-I.yaml` in the sandbox first; add flags, then assert or run it.
pub fn score_cmd(sb: &Sandbox, who: &str, interaction: &str, rubric: &str, answers: &str) -> Command {
    let file = sb.write(&format!("{who}-{interaction}.yaml"), answers);
    let mut cmd = sb.qaudit();
    cmd.args([
        "--as",
        who,
        "score",
        "--interaction",
        interaction,
        "--rubric",
        rubric,
        "--answers",
    ])
    .arg(file);
    cmd
}

/// `who` scores `interaction` with call-quality from the answers text; asserts it worked and
/// returns the new evaluation's id.
pub fn score_answers(sb: &Sandbox, who: &str, interaction: &str, answers: &str) -> i64 {
    score_cmd(sb, who, interaction, "call-quality", answers)
        .assert()
        .success();
    query_i64(&sb.db(), "SELECT max(id) FROM evaluations")
}

/// `who` scores `interaction` with call-quality, every answer at its best but `overrides`;
/// returns the new evaluation's id.
pub fn score_as(sb: &Sandbox, who: &str, interaction: &str, overrides: &[(&str, &str)]) -> i64 {
    score_answers(sb, who, interaction, &call_quality_answers(overrides))
}

/// [`score_as`] by the evaluator `eva`.
pub fn score(sb: &Sandbox, interaction: &str, overrides: &[(&str, &str)]) -> i64 {
    score_as(sb, "eva", interaction, overrides)
}

/// The [`team`] store with CALL-1 scored by `eva`, every answer at its best.
pub fn scored_team() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &[]);
    sb
}

impl Sandbox {
    /// stdout of a successful run of `args`.
    pub fn stdout(&self, args: &[&str]) -> String {
        stdout_of(self.qaudit().args(args))
    }
}

/// How many audit entries have `action`.
pub fn audit_count(db: &Path, action: &str) -> i64 {
    query_i64(db, &format!("SELECT count(*) FROM audit_log WHERE action = '{action}'"))
}

/// An HTML page with its stylesheet replaced by `[STYLE]`, so that a snapshot shows the content.
pub fn without_style(html: &str) -> String {
    match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}<style>[STYLE]{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    }
}
