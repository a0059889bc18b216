//! Runs `qaudit rubric validate` on every rubric under `tests/fixtures/`.
//!
//! `valid/` holds rubrics that must validate. `invalid/` holds rubrics that must be refused;
//! each one starts with comment lines that declare what the binary must print:
//!
//! ```yaml
//! # What is wrong with this file (free text).
//! # expect: 12:5 substring of the message
//! # hint: substring of the hint
//! ```
//!
//! One `# expect:` line per diagnostic, printed as `FILE:LINE:COL: message`; the file must
//! produce exactly that many. `# hint:` lines are optional and each must appear in some
//! `hint:` line. The directories are read at run time, so a new fixture needs no code.

mod common;

use assert_cmd::Command;
use common::Sandbox;
use std::fs;
use std::path::{Path, PathBuf};

/// The fewest files `invalid/` may hold: one per validation rule and YAML syntax error.
const MIN_INVALID_FIXTURES: usize = 30;

fn fixtures_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(kind)
}

/// Every `.yaml`/`.yml` file of a fixtures directory, sorted by name.
fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = fixtures_dir(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    files
}

fn qaudit() -> Command {
    let mut cmd = Command::cargo_bin("qaudit").expect("the qaudit binary is built");
    // `rubric validate` needs no store; make sure none from the environment is touched.
    cmd.env_remove("QAUDIT_DB").env_remove("QAUDIT_USER");
    // Never the real user's configuration (where store keys live).
    cmd.env("XDG_CONFIG_HOME", std::env::temp_dir().join("qaudit-fixtures-config"));
    cmd
}

/// One `# expect: LINE:COL substring` line.
#[derive(Debug)]
struct Expected {
    line: usize,
    col: usize,
    message: String,
}

/// What an invalid fixture's header declares.
#[derive(Debug, Default)]
struct Declared {
    diagnostics: Vec<Expected>,
    hints: Vec<String>,
}

/// Reads the comment lines at the top of a fixture.
fn declared(path: &Path) -> Declared {
    let name = path.display();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: cannot read: {e}"));
    let mut out = Declared::default();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect:") {
            let rest = rest.trim();
            let (pos, message) = rest
                .split_once(' ')
                .unwrap_or_else(|| panic!("{name}: `# expect:` needs `LINE:COL message`, got `{line}`"));
            let (l, c) = pos
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: `# expect:` position must be LINE:COL, got `{pos}`"));
            let parse = |s: &str| -> usize {
                s.parse()
                    .unwrap_or_else(|_| panic!("{name}: `# expect:` position must be LINE:COL, got `{pos}`"))
            };
            out.diagnostics.push(Expected {
                line: parse(l),
                col: parse(c),
                message: message.trim().to_string(),
            });
        } else if let Some(rest) = line.strip_prefix("# hint:") {
            out.hints.push(rest.trim().to_string());
        }
    }
    out
}

/// The stderr lines that are diagnostics of `file`: `FILE:LINE:COL: message`.
fn diagnostic_lines<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    let prefix = format!("{file}:");
    stderr
        .lines()
        .filter(|line| {
            let Some(rest) = line.strip_prefix(&prefix) else {
                return false;
            };
            let mut parts = rest.splitn(3, ':');
            let numeric = |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
            numeric(parts.next()) && numeric(parts.next()) && parts.next().is_some_and(|m| m.starts_with(' '))
        })
        .collect()
}

/// Validates one invalid fixture; returns its problems instead of panicking so that one run
/// reports every failing fixture.
fn check_invalid(path: &Path) -> Vec<String> {
    let file = path.display().to_string();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let want = declared(path);
    let mut problems = Vec::new();
    if want.diagnostics.is_empty() {
        return vec![format!("{name}: declares no `# expect: LINE:COL message` line")];
    }
    let out = qaudit()
        .args(["rubric", "validate"])
        .arg(path)
        .output()
        .expect("qaudit runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", out.status.code()));
    }
    if stdout.lines().any(|l| l.starts_with("ok ")) {
        problems.push("stdout reports the file as ok".to_string());
    }
    let printed = diagnostic_lines(&stderr, &file);
    for e in &want.diagnostics {
        let at = format!("{file}:{}:{}: ", e.line, e.col);
        if !printed
            .iter()
            .any(|l| l.starts_with(&at) && l[at.len()..].contains(&e.message))
        {
            problems.push(format!(
                "missing diagnostic `{}:{}: ...{}...`",
                e.line, e.col, e.message
            ));
        }
    }
    if printed.len() != want.diagnostics.len() {
        problems.push(format!(
            "{} diagnostic(s) printed, {} declared",
            printed.len(),
            want.diagnostics.len()
        ));
    }
    for h in &want.hints {
        if !stderr
            .lines()
            .any(|l| l.trim_start().starts_with("hint:") && l.contains(h.as_str()))
        {
            problems.push(format!("missing hint containing `{h}`"));
        }
    }
    if !problems.is_empty() {
        let shown = stderr.replace(&format!("{file}:"), &format!("{name}:"));
        problems = vec![format!(
            "{name}:\n    - {}\n    stderr was:\n{}",
            problems.join("\n    - "),
            shown
                .lines()
                .map(|l| format!("      {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        )];
    }
    problems
}

#[test]
fn invalid_fixtures_report_every_declared_diagnostic() {
    let files = fixtures("invalid");
    assert!(
        !files.is_empty(),
        "no fixtures in {}",
        fixtures_dir("invalid").display()
    );
    let failures: Vec<String> = files.iter().flat_map(|f| check_invalid(f)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} invalid fixture(s) failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn valid_fixtures_validate() {
    let files = fixtures("valid");
    assert!(!files.is_empty(), "no fixtures in {}", fixtures_dir("valid").display());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let out = qaudit()
            .args(["rubric", "validate"])
            .arg(path)
            .output()
            .expect("qaudit runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let ok_line = format!("ok  {}: ", path.display());
        if out.status.code() != Some(0) || !stdout.lines().any(|l| l.starts_with(&ok_line)) {
            failures.push(format!(
                "{name}: exit code {:?}\n    stdout: {}\n    stderr:\n{}",
                out.status.code(),
                stdout.trim(),
                stderr
                    .lines()
                    .map(|l| format!("      {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} valid fixture(s) were refused:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn validating_all_invalid_fixtures_at_once_reports_every_file() {
    let files = fixtures("invalid");
    let out = qaudit()
        .args(["rubric", "validate"])
        .args(&files)
        .output()
        .expect("qaudit runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    let summary = format!("{n} of {n} rubric file(s) invalid", n = files.len());
    assert!(stderr.contains(&summary), "stderr lacks `{summary}`:\n{stderr}");
    let unreported: Vec<String> = files
        .iter()
        .filter(|f| {
            let prefix = format!("{}:", f.display());
            !stderr.lines().any(|l| l.starts_with(&prefix))
        })
        .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert!(
        unreported.is_empty(),
        "validating {} files at once did not report: {}",
        files.len(),
        unreported.join(", ")
    );
}

#[test]
fn every_valid_fixture_validates_in_one_run() {
    let files = fixtures("valid");
    let out = qaudit()
        .args(["rubric", "validate"])
        .args(&files)
        .output()
        .expect("qaudit runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    for f in &files {
        let ok_line = format!("ok  {}: ", f.display());
        assert!(
            stdout.lines().any(|l| l.starts_with(&ok_line)),
            "{} not reported ok:\n{stdout}",
            f.display()
        );
    }
}

#[test]
fn invalid_directory_holds_enough_fixtures() {
    let n = fixtures("invalid").len();
    assert!(
        n >= MIN_INVALID_FIXTURES,
        "tests/fixtures/invalid holds {n} fixtures; at least {MIN_INVALID_FIXTURES} expected"
    );
    assert!(
        fixtures("valid").len() >= 6,
        "tests/fixtures/valid holds fewer than 6 fixtures"
    );
}

/// A zero-byte file and a whitespace-only file cannot carry `# expect:` lines, so they are
/// checked here, both refusals in one snapshot (insta takes no inline snapshot in a loop).
#[test]
fn empty_and_blank_files_are_refused_at_line_one() {
    let sb = Sandbox::new();
    let mut refusals = String::new();
    for (name, content) in [("zero-bytes.yaml", ""), ("blank.yaml", "\n   \n\n")] {
        let path = sb.write(name, content);
        let refused = sb.refusal(sb.qaudit().args(["rubric", "validate"]).arg(&path));
        refusals.push_str(&format!("## {name}\n{refused}"));
    }
    insta::assert_snapshot!(refusals, @r"
    ## zero-bytes.yaml
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 1 rubric file(s) invalid (1 problem(s))
    [sandbox]/zero-bytes.yaml:1:1: the file is empty; a rubric starts with fields such as `id:`, `title:` and `sections:`
      hint: see the rubric format in the README or `qaudit rubric show call-quality --format json`
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ## blank.yaml
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 1 rubric file(s) invalid (1 problem(s))
    [sandbox]/blank.yaml:1:1: the file is empty; a rubric starts with fields such as `id:`, `title:` and `sections:`
      1 | 
        | ^
      hint: see the rubric format in the README or `qaudit rubric show call-quality --format json`
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ");
}

/// The header parser itself: a fixture with a wrong header would otherwise pass or fail for
/// the wrong reason.
#[test]
fn expectation_header_is_parsed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("header.yaml");
    fs::write(
        &path,
        "# about\n# expect: 3:7 a `b` c\n# hint: did you mean `x`?\nid: x\n# expect: 9:9 not in the header\n",
    )
    .expect("write");
    let d = declared(&path);
    assert_eq!(d.diagnostics.len(), 1);
    assert_eq!((d.diagnostics[0].line, d.diagnostics[0].col), (3, 7));
    assert_eq!(d.diagnostics[0].message, "a `b` c");
    assert_eq!(d.hints, vec!["did you mean `x`?".to_string()]);
    let stderr = "error: 1 of 1\nf.yaml:3:7: a b\n  3 | x\nf.yaml: no position\nf.yaml:x:1: no\nother.yaml:1:1: x\n";
    assert_eq!(diagnostic_lines(stderr, "f.yaml"), vec!["f.yaml:3:7: a b"]);
}
