//! Issue 14: plain errors for plain faults (a read-only store, a full disk, a damaged file),
//! stored text that never drives the terminal, and dates that must be plausible.

mod common;

use common::{Sandbox, call_quality_answers, score_cmd, stdout_of, team};

/// The team store with CALL-1 scored by `eva`, its comment full of terminal escapes.
fn scored() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    score_cmd(&sb, "eva", "CALL-1", "call-quality", &call_quality_answers(&[]))
        .args(["--comment", "\u{1b}]0;PWNED\u{7}\u{1b}[2J friendly call"])
        .assert()
        .success();
    sb
}

/// Reads and verify work on a read-only store; a write is refused with nothing changed, and
/// the refusal is returned for the caller's snapshot.
fn read_only_behaves(sb: &Sandbox, db: &std::path::Path, env: Option<(&str, &str)>) -> common::Outcome {
    let cmd = |args: &[&str]| {
        let mut cmd = sb.qaudit_on(db);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd
    };
    let run = |args: &[&str]| cmd(args).output().unwrap();
    let before = std::fs::read(db).unwrap();
    let out = run(&["verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No problems found"));
    assert!(
        run(&["report", "team", "--from", "2026-11-01", "--to", "2026-11-30"])
            .status
            .success()
    );
    let refused = sb.refusal(&mut cmd(&["--as", "lea", "agent", "add", "a-9", "--name", "Nine"]));
    assert_eq!(std::fs::read(db).unwrap(), before);
    refused
}

#[test]
fn a_store_opened_read_only_is_read_and_verified_and_refuses_writes() {
    let sb = scored();
    let refused = read_only_behaves(&sb, &sb.db(), Some(("QAUDIT_READ_ONLY", "1")));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the store [sandbox]/qaudit.db is read-only: nothing was changed
    hint: write on a copy that may be written (e.g. `qaudit backup`), or ask who owns the file for write access
    ");
}

#[cfg(target_os = "linux")]
#[test]
fn a_store_on_a_read_only_mount_is_read_and_verified_and_refuses_writes() {
    let sb = scored();
    let (src, ro) = (sb.path("src"), sb.path("ro"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::copy(sb.db(), src.join("qaudit.db")).unwrap();
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !mount(&["--bind", src.to_str().unwrap(), ro.to_str().unwrap()]) {
        eprintln!("skipped: mount is not allowed here (the QAUDIT_READ_ONLY test covers the read-only open)");
        return;
    }
    /// Unmounts when the test ends, also when it fails.
    struct Mounted(std::path::PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _mounted = Mounted(ro.clone());
    assert!(
        mount(&["-o", "remount,bind,ro", ro.to_str().unwrap()]),
        "the bind mount could not be made read-only"
    );
    let refused = read_only_behaves(&sb, &ro.join("qaudit.db"), None);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the store [sandbox]/ro/qaudit.db is read-only: nothing was changed
    hint: write on a copy that may be written (e.g. `qaudit backup`), or ask who owns the file for write access
    ");
}

#[test]
fn a_full_disk_is_said_plainly_and_changes_nothing() {
    let sb = scored();
    let pages = common::query_i64(&sb.db(), "PRAGMA page_count");
    let mut csv = String::from("id,agent,channel,occurred_at,duration_s,customer\n");
    for i in 0..5000 {
        csv.push_str(&format!(
            "FULL-{i:05},a-1,phone,2026-11-05 10:00,60,customer-{i}-with-a-long-identifier\n"
        ));
    }
    let file = sb.write("big.csv", &csv);
    let before = common::fingerprint(&sb.db());
    let refused = sb.refusal(
        sb.qaudit()
            .env("QAUDIT_MAX_PAGE_COUNT", (pages + 5).to_string())
            .args(["--as", "lea", "interaction", "import"])
            .arg(&file),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the disk is full (or the store reached its size limit): nothing was changed
    hint: free some space where the store lives, then run the command again
    ");
    assert_eq!(common::fingerprint(&sb.db()), before);
    sb.qaudit().arg("verify").assert().success();
}

#[test]
fn a_damaged_page_is_a_verify_finding_and_a_plain_error_elsewhere() {
    let sb = scored();
    let db = sb.db();
    let mut bytes = std::fs::read(&db).unwrap();
    let page = common::query_i64(&db, "PRAGMA page_size") as usize;
    assert!(bytes.len() > 8 * page);
    for b in &mut bytes[3 * page..7 * page] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    insta::assert_snapshot!(sb.refuse(&["verify"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/qaudit.db
      sqlite: the file: the store file is damaged (SQLite reports a malformed database)
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    for args in [
        &["report", "team", "--from", "2026-11-01"][..],
        &["evaluation", "list"],
        &["log"],
    ] {
        let out = sb.qaudit().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(3), "{args:?}: {err}");
    }
    // A file that is not a database at all.
    std::fs::write(&db, vec![0x42u8; 8192]).unwrap();
    insta::assert_snapshot!(sb.refuse(&["verify"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/qaudit.db is not a qaudit store (file is not a database)
    hint: point --db at a qaudit store, or at a new file to create one with `qaudit init`
    ");
}

#[test]
fn stored_text_reaches_the_terminal_escaped() {
    let sb = scored();
    // Text put in by SQL, past qaudit's own checks.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS staff_no_update;
         UPDATE staff SET name = 'Eva' || char(27) || '[2J' || char(8238) WHERE id = 'eva';",
    )
    .unwrap();
    drop(conn);
    for args in [
        &["evaluation", "show", "1"][..],
        &["report", "feedback", "1", "--format", "txt"],
        &["report", "feedback", "1", "--format", "md"],
        &["staff", "list"],
        &["evaluation", "list"],
        &["status"],
    ] {
        let out = sb.qaudit().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains('\u{1b}'), "{args:?} let an escape through:\n{text}");
        assert!(!text.contains('\u{202e}'), "{args:?} let a bidi override through");
    }
    let shown = stdout_of(sb.qaudit().args(["evaluation", "show", "1"]));
    assert!(shown.contains("\\x1b]0;PWNED\\x07\\x1b[2J friendly call"), "{shown}");
    let staff = stdout_of(sb.qaudit().args(["staff", "list"]));
    assert!(staff.contains("Eva\\x1b[2J\\u{202e}"), "{staff}");
    // The verify finding about that edit is escaped too.
    let out = sb.qaudit().arg("verify").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
    // An attachment whose file name holds an escape.
    let name = sb.path("r\u{1b}[31mceipt.txt");
    std::fs::write(&name, "receipt").unwrap();
    let visit = sb.write("v.yaml", &common::store_visit_answers(&[]));
    let out = sb
        .qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
        ])
        .args(["--visited-at", "2026-11-20 11:05", "--answers"])
        .arg(&visit)
        .arg("--attach")
        .arg(&name)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    let shown = stdout_of(sb.qaudit().args(["visit", "list"]));
    assert!(!shown.contains('\u{1b}'), "{shown}");
}

#[test]
fn ids_names_and_actors_refuse_what_hides_or_drives_the_terminal() {
    let sb = Sandbox::new();
    sb.init();
    let mut refusals = String::new();
    for (id, name, what) in [
        ("a\u{202e}1", "Ana", "bidirectional"),
        ("a\u{200b}1", "Ana", "invisible"),
        ("a\u{1b}[2J", "Ana", "control"),
        ("a-1", "Ana\u{1b}]0;PWNED\u{7}", "control"),
        ("a-1", "Ana\u{9b}", "control"),
    ] {
        let refused = sb.refuse(&["agent", "add", id, "--name", name]).to_string();
        assert!(refused.contains(what), "{refused}");
        refusals.push_str(&format!("## {what}\n{refused}"));
    }
    let refused = sb.refuse(&["--as", "ev\u{1b}[2Je", "agent", "add", "a-1", "--name", "Ana"]);
    refusals.push_str(&format!("## an escape in the actor\n{refused}"));
    // No escape reaches the terminal: each refusal shows the id escaped.
    assert!(!refusals.contains('\u{1b}'), "{refusals}");
    insta::assert_snapshot!(refusals, @r#"
    ## bidirectional
    exit: 1
    --- stdout
    --- stderr
    error: agent id "a\\u{202e}1" contains a right-to-left override or another bidirectional control character
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    ## invisible
    exit: 1
    --- stdout
    --- stderr
    error: agent id "a\u{200b}1" contains an invisible character (a zero-width space or joiner?)
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    ## control
    exit: 1
    --- stdout
    --- stderr
    error: agent id "a\\x1b[2J" contains a control character (a tab, a line break or an escape?)
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    ## control
    exit: 1
    --- stdout
    --- stderr
    error: the agent name contains a control character (a tab, a line break or an escape?)
    hint: give the name people know them by, in printable characters, e.g. --name "Lucía Pérez"
    ## control
    exit: 1
    --- stdout
    --- stderr
    error: the agent name contains a control character (a tab, a line break or an escape?)
    hint: give the name people know them by, in printable characters, e.g. --name "Lucía Pérez"
    ## an escape in the actor
    exit: 1
    --- stdout
    --- stderr
    error: --as "ev\\x1b[2Je" contains a control character (a tab, a line break or an escape?)
    hint: --as (or QAUDIT_USER) names a staff id, e.g. --as eva
    "#);
    assert_eq!(common::query_i64(&sb.db(), "SELECT count(*) FROM agents"), 0);
}

#[test]
fn dates_typed_on_the_command_line_must_be_plausible() {
    let sb = scored();
    let mut refusals = String::new();
    for args in [
        &["report", "team", "--from", "-99999999999d"][..],
        &["report", "team", "--from", "-999999999999999999d"],
        &["flags", "--as-of", "-999999999d"],
        &["report", "team", "--from", "0000-01-01"],
        &["evaluation", "list", "--to", "9999-12-31"],
        &["log", "--from", "1999-12-31"],
    ] {
        let refused = sb.refuse(args);
        refusals.push_str(&format!("## {}\n{refused}", args.join(" ")));
    }
    insta::assert_snapshot!(refusals, @r"
    ## report team --from -99999999999d
    exit: 1
    --- stdout
    --- stderr
    error: --from: `-99999999999d` goes back further than any calendar, outside the years 2000 to 2100
    hint: e.g. --from 2026-11-01 --to 2026-11-30
    ## report team --from -999999999999999999d
    exit: 1
    --- stdout
    --- stderr
    error: --from: `-999999999999999999d` goes back further than any calendar, outside the years 2000 to 2100
    hint: e.g. --from 2026-11-01 --to 2026-11-30
    ## flags --as-of -999999999d
    exit: 1
    --- stdout
    --- stderr
    error: --as-of: `-999999999d` goes back further than any calendar, outside the years 2000 to 2100
    hint: give the day the windows end, e.g. --as-of 2026-11-30 (the last day of the month)
    ## report team --from 0000-01-01
    exit: 1
    --- stdout
    --- stderr
    error: --from: `0000-01-01` is 0000-01-01, outside the years 2000 to 2100; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)
    hint: e.g. --from 2026-11-01 --to 2026-11-30
    ## evaluation list --to 9999-12-31
    exit: 1
    --- stdout
    --- stderr
    error: --to: `9999-12-31` is 9999-12-31, outside the years 2000 to 2100; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)
    hint: e.g. --from 2026-11-01 --to today
    ## log --from 1999-12-31
    exit: 1
    --- stdout
    --- stderr
    error: --from: `1999-12-31` is 1999-12-31, outside the years 2000 to 2100; check the date (QAUDIT_YEARS=FIRST..LAST widens the range)
    hint: e.g. --from 2026-11-01 --to today
    ");
    // The range is configurable.
    sb.qaudit()
        .env("QAUDIT_YEARS", "1990..2100")
        .args(["log", "--from", "1999-12-31"])
        .assert()
        .success();
}
