//! Every example works: the rubrics validate, and the walkthrough in examples/README.md runs
//! from start to finish, command by command, as written.

mod common;

use common::{Sandbox, root, stdout_of};

/// Splits a command line the way a shell would for the quoting the examples use ("...").
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Copies a folder recursively.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_example_rubric_validates() {
    let sb = Sandbox::new();
    let dir = root().join("examples/rubrics");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let out = stdout_of(sb.qaudit().args(["rubric", "validate"]).arg(&path));
        assert!(out.starts_with("ok "), "{}: {out}", path.display());
    }
}

#[test]
fn the_walkthrough_runs_as_written() {
    let sb = Sandbox::new();
    copy_dir(&root().join("examples"), &sb.path("examples"));
    let text = std::fs::read_to_string(root().join("examples/README.md")).unwrap();
    let mut inside = false;
    let mut ran = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            inside = line == "```sh";
            continue;
        }
        if !inside || !line.starts_with("qaudit ") {
            continue;
        }
        let args = words(line);
        let out = sb.qaudit().args(&args[1..]).output().unwrap();
        assert!(
            out.status.success(),
            "walkthrough command failed: {line}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 30, "the walkthrough has its commands ({ran})");
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words(r#"a --map "Agent ID=agent" b"#),
        vec!["a", "--map", "Agent ID=agent", "b"]
    );
    assert_eq!(words(r#"x --note "" y"#), vec!["x", "--note", "", "y"]);
}
