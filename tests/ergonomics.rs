//! The first hour: help, guide, status, completions, man page, colour.

mod common;

use common::{Sandbox, call_quality_answers, stdout_of, team};

#[test]
fn top_level_help() {
    let sb = Sandbox::new();
    let help = stdout_of(sb.qaudit().arg("--help"));
    insta::assert_snapshot!("top_level_help", help);
}

#[test]
fn every_command_has_help_with_an_example() {
    use clap::CommandFactory;
    let cli = qaudit::cli::Cli::command();
    let mut missing = Vec::new();
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            if sub.get_subcommands().next().is_some() {
                walk(sub, &name, missing);
                continue;
            }
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            let long = sub.get_long_about().map(|a| a.to_string()).unwrap_or_default();
            let generated = ["completions", "man"].iter().any(|g| name.ends_with(g));
            if about.is_empty() || (!long.contains("Example") && !generated) {
                missing.push(name);
            }
        }
    }
    walk(&cli, "qaudit", &mut missing);
    assert!(
        missing.is_empty(),
        "commands without a summary or an example: {missing:?}"
    );
}

#[test]
fn status_shows_what_is_waiting() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--draft",
            "--set",
            "courtesy.greeting=yes",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CHAT-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(answers)
        .assert()
        .success();
    let out = stdout_of(sb.qaudit().arg("status"));
    let out = out.replace(&sb.db().display().to_string(), "STORE");
    insta::assert_snapshot!("status", out);
}

#[test]
fn completions_and_man_page_generate() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(sb.qaudit().args(["completions", shell]));
        assert!(script.contains("qaudit"), "{shell}");
        assert!(
            script.contains("calibrate") && script.contains("evaluation"),
            "{shell} completes subcommands"
        );
    }
    let man = stdout_of(sb.qaudit().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH qaudit"), "{man}");
    assert!(
        man.contains("SUBCOMMANDS") || man.contains("qaudit\\-score"),
        "the man page lists commands"
    );
}

#[test]
fn colour_follows_no_color() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    let forced = stdout_of(
        sb.qaudit()
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(&answers),
    );
    assert!(forced.contains("\u{1b}[1;32mPASS"), "{forced:?}");
    let plain =
        stdout_of(
            sb.qaudit()
                .env("CLICOLOR_FORCE", "1")
                .env("NO_COLOR", "1")
                .args(["evaluation", "show", "1"]),
        );
    assert!(!plain.contains('\u{1b}'), "NO_COLOR leaves no escape codes: {plain:?}");
}

#[test]
fn tables_fit_80_columns() {
    let sb = Sandbox::new();
    team(&sb);
    for args in [
        vec!["rubric", "list"],
        vec!["rubric", "show", "call-quality"],
        vec!["agent", "list"],
        vec!["interaction", "list"],
        vec!["log"],
    ] {
        let out = stdout_of(sb.qaudit().args(&args));
        for line in out.lines() {
            assert!(
                line.chars().count() <= 80,
                "{args:?}: {line:?} is {} wide",
                line.chars().count()
            );
        }
    }
}
