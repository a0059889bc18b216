//! The README's commands are true: it opens with the main command and the test command, and
//! every `qaudit` line of its tour runs as written.

mod common;

use common::{Sandbox, root};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The lines of every ```sh block, in order.
fn sh_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("```") {
            inside = line == "```sh";
            continue;
        }
        if inside {
            lines.push(line.to_string());
        }
    }
    lines
}

#[test]
fn readme_opens_with_the_main_command_and_the_test_command() {
    let text = readme();
    let first_block = text.split("```sh").nth(1).unwrap().split("```").next().unwrap();
    let commands: Vec<&str> = first_block.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(commands[0].starts_with("cargo run --release -- "), "{commands:?}");
    assert!(commands[1].starts_with("cargo test"), "{commands:?}");
}

#[test]
fn every_qaudit_command_of_the_readme_tour_runs() {
    // The tour's commands name their store (--db demo.db): run them as written, in a fresh folder.
    let dir = tempfile::tempdir().unwrap();
    let text = readme();
    let tour = text
        .split("## A quick tour")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let lines: Vec<String> = sh_lines(tour)
        .into_iter()
        .filter(|l| l.starts_with("qaudit "))
        .collect();
    assert!(lines.len() >= 6, "the tour has commands: {lines:?}");
    for line in lines {
        let command = line.split(" #").next().unwrap().trim();
        let out = assert_cmd::Command::cargo_bin("qaudit")
            .unwrap()
            .current_dir(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("HOME", dir.path().join("home"))
            .env_remove("QAUDIT_KEY_FILE")
            .env_remove("QAUDIT_DB")
            .env("QAUDIT_USER", "tester")
            .args(command.split_whitespace().skip(1))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README command `{command}` failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_main_command_works() {
    // `cargo run --release -- init` is the binary's `init`; run it the same way in a sandbox.
    let sb = Sandbox::new();
    let text = readme();
    let main = sh_lines(&text).into_iter().next().unwrap();
    let args = main
        .split(" #")
        .next()
        .unwrap()
        .split(" -- ")
        .nth(1)
        .unwrap()
        .to_string();
    sb.qaudit().args(args.split_whitespace()).assert().success();
    assert!(sb.db().exists());
}
