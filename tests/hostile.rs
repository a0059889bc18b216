//! Hostile input: arbitrary bytes never panic and always give a clear error; awkward text
//! round-trips exactly; absurd sizes are refused without exhausting memory.

mod common;

use common::{Sandbox, root, stdout_of, team};
use proptest::prelude::*;
use qaudit::rubric::load_str;
use qaudit::rubric::sheet::parse_sheet;

/// The bundled rubric, as a starting point for mutations.
fn call_quality() -> String {
    std::fs::read_to_string(root().join("rubrics/call-quality.yaml")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text at all: a rubric or a list of problems, each placed and with a hint.
    #[test]
    fn the_rubric_loader_never_panics_on_any_text(text in ".{0,400}") {
        if let Err(diags) = load_str("x.yaml", &text) {
            prop_assert!(!diags.is_empty());
            for d in diags {
                prop_assert!(!d.message.is_empty() && !d.hint.is_empty());
            }
        }
    }

    /// A real rubric with random damage: bytes cut out, characters inserted.
    #[test]
    fn the_rubric_loader_never_panics_on_damaged_rubrics(cut in 0usize..20_000, len in 0usize..40, insert in ".{0,8}") {
        let text = call_quality();
        let start = cut.min(text.len());
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap();
        let end = (start + len).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap();
        let damaged = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let _ = load_str("damaged.yaml", &damaged);
    }

    #[test]
    fn the_answers_reader_never_panics(text in ".{0,300}") {
        if let Err(diags) = parse_sheet("a.yaml", &text) {
            prop_assert!(!diags.is_empty());
        }
    }
}

#[test]
fn an_alias_bomb_is_refused_clearly() {
    let bomb = std::fs::read_to_string(root().join("tests/fixtures/hostile/alias-bomb.yaml")).unwrap();
    let diags = load_str("bomb.yaml", &bomb).unwrap_err();
    assert!(!diags.is_empty());
    let sb = Sandbox::new();
    let refused = sb.refusal(
        sb.qaudit()
            .args(["rubric", "validate"])
            .arg(root().join("tests/fixtures/hostile/alias-bomb.yaml")),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 1 rubric file(s) invalid (1 problem(s))
    [root]/tests/fixtures/hostile/alias-bomb.yaml: YAML error: repetition limit exceeded
      hint: fix the YAML at this position
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ");
}

/// A file far larger than sane, made sparse so the test itself stays small and quick.
fn huge_file(sb: &Sandbox, name: &str) -> std::path::PathBuf {
    let path = sb.path(name);
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    path
}

#[test]
fn absurdly_large_files_are_refused_before_reading() {
    let sb = Sandbox::new();
    team(&sb);
    let rubric = huge_file(&sb, "huge.yaml");
    let refused = sb.refusal(sb.qaudit().args(["rubric", "validate"]).arg(&rubric));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/huge.yaml is 104857600 bytes; rubric files are limited to 2097152 bytes
    hint: a rubric is a scorecard of a few dozen criteria; check that this is the right file
    ");
    let refused = sb.refusal(
        sb.qaudit()
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
            .arg(&rubric),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/huge.yaml is 104857600 bytes; answers files are limited to 1048576
    hint: an answers file holds one evaluation's answers; check that this is the right file
    ");
}

#[test]
fn arbitrary_bytes_as_files_give_clear_errors() {
    let sb = Sandbox::new();
    team(&sb);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..600), |bytes| {
            let file = sb.write("random.bin", "");
            std::fs::write(&file, &bytes).unwrap();
            for args in [
                vec!["rubric", "validate"],
                vec!["--as", "lea", "interaction", "import"],
                vec!["--as", "lea", "agent", "import"],
                vec!["--as", "lea", "location", "import"],
            ] {
                let out = sb.qaudit().args(&args).arg(&file).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                let code = out.status.code();
                prop_assert!(code == Some(0) || code == Some(1), "{args:?} exited {code:?}: {stderr}");
                prop_assert!(
                    !stderr.contains("panicked") && !stderr.contains("internal error"),
                    "{args:?}: {stderr}"
                );
                if code == Some(1) {
                    prop_assert!(stderr.contains("hint:"), "{args:?}: {stderr}");
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Names and comments people really type, and some they should not.
const AWKWARD: [&str; 8] = [
    "O'Brien \"the boss\"",
    "Robert'); DROP TABLE agents;--",
    "Zoë Ñúñez 李小龍 🙂",
    "tab\there and\nnewline",
    "<script>alert(1)</script> {{ 7*7 }}",
    "back\\slash % _ ; --",
    "\u{202e}reversed\u{7}bell",
    "",
];

#[test]
fn awkward_names_and_comments_round_trip_exactly() {
    let sb = Sandbox::new();
    team(&sb);
    let long = "x".repeat(20_000);
    for (i, name) in AWKWARD.iter().chain([&long.as_str()]).enumerate() {
        let id = format!("odd-{i}");
        let out = sb
            .qaudit()
            .args(["--as", "lea", "agent", "add", &id, "--name", name])
            .output()
            .unwrap();
        if name.is_empty() || name.chars().any(|c| c.is_control() || c == '\u{202e}') {
            // Empty names, and names with control or bidirectional characters (which would
            // reach terminals and logs), are refused (issue 14).
            assert_eq!(out.status.code(), Some(1), "{name:?} is refused");
            continue;
        }
        assert!(
            out.status.success(),
            "{name:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_str(&stdout_of(sb.qaudit().args(["agent", "list", "--format", "json"]))).unwrap();
        let stored = json
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id.as_str())
            .unwrap()["name"]
            .clone();
        assert_eq!(stored, *name, "agent name changed on the way");
    }
    // Comments on an evaluation.
    let answers = sb.write("a.yaml", &common::call_quality_answers(&[]));
    let comment = AWKWARD[..7].join(" | ");
    sb.qaudit()
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
        .arg(&answers)
        .args([
            "--comment",
            &comment,
            "--note",
            &format!("courtesy.greeting={}", AWKWARD[1]),
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["revisions"][0]["comment"], comment);
    let greeting = json["revisions"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "courtesy.greeting")
        .unwrap()
        .clone();
    assert_eq!(greeting["comment"], AWKWARD[1]);
}

#[test]
fn attachment_names_keep_only_the_file_name() {
    let sb = Sandbox::new();
    team(&sb);
    let dir = sb.path("sub");
    std::fs::create_dir(&dir).unwrap();
    let evil = dir.join("..\\..\\evil.jpg");
    std::fs::write(&evil, b"jpeg").unwrap();
    let answers = root().join("tests/fixtures/answers/store-visit.yaml");
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 11:00",
            "--answers",
        ])
        .arg(answers)
        .arg("--attach")
        .arg(&evil)
        .assert()
        .success();
    let name: String = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT file_name FROM attachments", [], |r| r.get(0))
        .unwrap();
    assert!(
        !name.contains('/') && !name.contains('\\') && name != ".." && name != ".",
        "{name}"
    );
}
