//! The foundation through the binary: init, rubric list/show/validate/import, the store's
//! refusal of newer files, exit codes and closed pipes.

mod common;

use common::{Sandbox, query_i64, root, stdout_of};
use predicates::prelude::*;

#[test]
fn every_bundled_rubric_validates_through_the_binary() {
    let sb = Sandbox::new();
    let files: Vec<_> = std::fs::read_dir(root().join("rubrics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    assert_eq!(files.len(), 4, "the four bundled rubrics of DESIGN.md section 2");
    let out = stdout_of(sb.qaudit().arg("rubric").arg("validate").args(&files));
    for (id, version) in [
        ("call-quality", 2),
        ("store-visit", 2),
        ("calidad-contacto", 2),
        ("visita-tienda", 2),
    ] {
        assert!(
            out.contains(&format!(": {id} version {version}")),
            "{id} not validated:\n{out}"
        );
    }
}

#[test]
fn init_twice_keeps_one_version_of_each_rubric() {
    let sb = Sandbox::new();
    sb.qaudit()
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("created"));
    let second = stdout_of(sb.qaudit().arg("init"));
    assert!(second.contains("up to date"), "{second}");
    assert_eq!(second.matches("already stored").count(), 4, "{second}");
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM rubric_versions"), 4);
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(DISTINCT rubric_id) FROM rubric_versions"),
        4
    );
    // Only the first init wrote to the audit log.
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM audit_log"), 4);
}

#[test]
fn init_echoes_the_store_it_uses() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.qaudit().arg("init"));
    assert!(out.contains(&sb.db().display().to_string()), "{out}");
}

#[test]
fn rubric_list_and_show() {
    let sb = Sandbox::new();
    sb.init();
    let list = stdout_of(sb.qaudit().args(["rubric", "list"]));
    for id in ["call-quality", "store-visit", "calidad-contacto", "visita-tienda"] {
        assert!(list.contains(id), "{list}");
    }
    let show = stdout_of(sb.qaudit().args(["rubric", "show", "call-quality"]));
    assert!(show.contains("courtesy.greeting"), "{show}");
    assert!(show.contains("Pass mark"), "{show}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "rubric",
        "show",
        "call-quality",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["id"], "call-quality");
    let first = &json["sections"][0]["criteria"][0];
    assert!(
        first["guidance"].as_str().is_some_and(|g| g.len() > 40),
        "guidance travels in JSON: {first}"
    );
    assert!(
        first["coaching"].as_str().is_some_and(|g| g.len() > 40),
        "coaching travels in JSON: {first}"
    );
}

#[test]
fn show_of_an_unknown_rubric_suggests_the_closest() {
    let sb = Sandbox::new();
    sb.init();
    insta::assert_snapshot!(sb.refuse(&["rubric", "show", "call-qualty"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no rubric `call-qualty` in the store
    hint: did you mean `call-quality`?
    ");
}

/// The bundled call-quality rubric with a change and a new version number.
fn changed_call_quality(version: u32) -> String {
    let text = std::fs::read_to_string(root().join("rubrics/call-quality.yaml")).unwrap();
    let changed =
        text.replacen("version: 2", &format!("version: {version}"), 1)
            .replacen("title: ", "title: Revised ", 1);
    assert_ne!(changed, text);
    changed
}

#[test]
fn importing_a_changed_rubric_adds_version_3_and_keeps_version_2() {
    let sb = Sandbox::new();
    sb.init();
    let file = sb.write("cq.yaml", &changed_call_quality(3));
    let out = stdout_of(sb.qaudit().args(["--as", "lea", "rubric", "import"]).arg(&file));
    assert!(out.contains("stored as a new version"), "{out}");
    let again = stdout_of(sb.qaudit().args(["--as", "lea", "rubric", "import"]).arg(&file));
    assert!(again.contains("unchanged"), "{again}");
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM rubric_versions WHERE rubric_id = 'call-quality'"
        ),
        2
    );

    let v1 = stdout_of(
        sb.qaudit()
            .args(["rubric", "show", "call-quality", "--version", "2", "--format", "json"]),
    );
    let v2 = stdout_of(sb.qaudit().args(["rubric", "show", "call-quality", "--format", "json"]));
    let (v1, v2): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&v1).unwrap(), serde_json::from_str(&v2).unwrap());
    assert_eq!(v1["version"], 2);
    assert!(!v1["title"].as_str().unwrap().starts_with("Revised"));
    assert_eq!(v2["version"], 3);
    assert!(v2["title"].as_str().unwrap().starts_with("Revised"));
    let list = stdout_of(sb.qaudit().args(["rubric", "list"]));
    assert!(list.contains("3 (of 2)"), "{list}");
}

#[test]
fn changed_content_under_a_stored_version_is_refused_and_nothing_changes() {
    let sb = Sandbox::new();
    sb.init();
    let file = sb.write("cq.yaml", &changed_call_quality(2));
    let before = query_i64(&sb.db(), "SELECT count(*) FROM audit_log");
    let refused = sb.refusal(sb.qaudit().args(["--as", "lea", "rubric", "import"]).arg(&file));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/cq.yaml: rubric `call-quality` version 2 is already stored with different content
    hint: evaluations keep the version they were scored on; set `version: 3` in the file to store the change as a new version
    ");
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM rubric_versions"), 4);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM audit_log"), before);
}

#[test]
fn comment_and_formatting_changes_are_not_a_new_version() {
    let sb = Sandbox::new();
    sb.init();
    let text = std::fs::read_to_string(root().join("rubrics/call-quality.yaml")).unwrap();
    let file = sb.write("cq.yaml", &format!("# edited by a lead\n{text}\n\n"));
    let out = stdout_of(sb.qaudit().args(["--as", "lea", "rubric", "import"]).arg(&file));
    assert!(out.contains("unchanged"), "{out}");
}

#[test]
fn import_is_all_or_nothing() {
    let sb = Sandbox::new();
    sb.init();
    let good = sb.write("good.yaml", &changed_call_quality(2));
    let bad = sb.write("bad.yaml", "id: broken\nversion: 1\n");
    let refused = sb.refusal(
        sb.qaudit()
            .args(["--as", "lea", "rubric", "import"])
            .arg(&good)
            .arg(&bad),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 2 rubric file(s) invalid (5 problem(s)); nothing imported
    [sandbox]/bad.yaml:1:1: the rubric has no `title`
      1 | id: broken
        | ^
      hint: add `title:` to the rubric
    [sandbox]/bad.yaml:1:1: the rubric has no `subject`
      1 | id: broken
        | ^
      hint: add `subject:` to the rubric
    [sandbox]/bad.yaml:1:1: the rubric has no `pass_mark`
      1 | id: broken
        | ^
      hint: add `pass_mark:` to the rubric
    [sandbox]/bad.yaml:1:1: the rubric has no `scales`
      1 | id: broken
        | ^
      hint: declare the scales criteria use, e.g. `scales: { yes_no: { type: binary } }`
    [sandbox]/bad.yaml:1:1: the rubric has no `sections`
      1 | id: broken
        | ^
      hint: add `sections:` with at least one section of criteria
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ");
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM rubric_versions"), 4);
}

#[test]
fn validate_needs_no_store_and_lists_every_problem() {
    let sb = Sandbox::new();
    let bad = sb.write(
        "bad.yaml",
        "id: Bad\nversion: 1\ntitle: T\nsubject: call\npass_mark: 101\n",
    );
    let refused = sb.refusal(sb.qaudit().args(["rubric", "validate"]).arg(&bad));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: 1 of 1 rubric file(s) invalid (5 problem(s))
    [sandbox]/bad.yaml:1:1: the rubric has no `scales`
      1 | id: Bad
        | ^
      hint: declare the scales criteria use, e.g. `scales: { yes_no: { type: binary } }`
    [sandbox]/bad.yaml:1:1: the rubric has no `sections`
      1 | id: Bad
        | ^
      hint: add `sections:` with at least one section of criteria
    [sandbox]/bad.yaml:1:5: rubric id `Bad` has characters outside [a-z0-9-]
      1 | id: Bad
        |     ^
      hint: use lowercase ASCII letters, digits and hyphens, e.g. `bad`
    [sandbox]/bad.yaml:4:10: `subject` is `call`, which is not one of interaction, visit
      4 | subject: call
        |          ^
      hint: use one of: interaction, visit
    [sandbox]/bad.yaml:5:12: `pass_mark` is 101, outside 0..100
      5 | pass_mark: 101
        |            ^
      hint: give `pass_mark` a number from 0 to 100
    hint: fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store
    ");
    assert!(!sb.db().exists(), "validate must not create a store");
}

#[test]
fn a_store_from_a_newer_qaudit_is_refused_untouched() {
    let sb = Sandbox::new();
    sb.init();
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(sb.db()).unwrap();
    let refused = sb.refuse(&["init"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/qaudit.db was written by a newer qaudit (schema 999; this qaudit knows up to 14)
    hint: upgrade qaudit to open this store; it has not been changed
    ");
    assert_eq!(
        sb.refuse(&["rubric", "list"]),
        refused,
        "every command refuses the store alike"
    );
    assert_eq!(
        std::fs::read(sb.db()).unwrap(),
        before,
        "the file must be byte-for-byte unchanged"
    );
}

#[test]
fn a_missing_store_says_how_to_create_one() {
    let sb = Sandbox::new();
    insta::assert_snapshot!(sb.refuse(&["rubric", "list"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no qaudit store at [sandbox]/qaudit.db
    hint: create one with `qaudit init --db [sandbox]/qaudit.db`, or point --db (or QAUDIT_DB) at an existing store
    ");
    assert!(!sb.db().exists());
}

#[test]
fn a_file_that_is_not_a_store_is_refused() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.db(),
        "this is not a database, just text that is long enough to have a header",
    )
    .unwrap();
    insta::assert_snapshot!(sb.refuse(&["rubric", "list"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/qaudit.db is not a qaudit store (file is not a database)
    hint: point --db at a qaudit store, or at a new file to create one with `qaudit init`
    ");
}

#[test]
fn usage_errors_exit_2_and_bare_qaudit_prints_a_guide() {
    let sb = Sandbox::new();
    sb.qaudit().arg("no-such-command").assert().code(2);
    sb.qaudit().args(["rubric", "validate"]).assert().code(2);
    let guide = stdout_of(&mut sb.qaudit());
    assert!(guide.contains("A typical day"), "{guide}");
}

#[test]
fn a_closed_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let sb = Sandbox::new();
    sb.init();
    let bin = assert_cmd::cargo::cargo_bin("qaudit");
    let mut child = Command::new(bin)
        .env("XDG_CONFIG_HOME", sb.config_dir())
        .args(["--db"])
        .arg(sb.db())
        .args(["rubric", "show", "call-quality"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close our end: the rest of the output meets a closed pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "nothing on stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_and_csv_formats() {
    let sb = Sandbox::new();
    sb.init();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["rubric", "list", "--format", "json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    let csv = stdout_of(sb.qaudit().args(["rubric", "list", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,version,title,subject,lang,loaded"));
    assert_eq!(lines.count(), 4);
}
