//! Issue 14: no command writes onto the store (or its -wal/-shm, by name, symlink or hard
//! link), the demo never replaces real work, and interrupted writers leave nothing behind.

mod common;

use common::{Outcome, Sandbox, query_i64, scored_team};
use std::path::Path;

/// Runs `args` (with `target` appended where `{}` is) and asserts it is refused as the store
/// itself, with the store byte-identical; returns the refusal for its snapshot.
fn refused(sb: &Sandbox, args: &[&str], target: &Path) -> Outcome {
    let before = std::fs::read(sb.db()).unwrap();
    let t = target.display().to_string();
    let args: Vec<String> = args
        .iter()
        .map(|a| if *a == "{}" { t.clone() } else { a.to_string() })
        .collect();
    let refusal = sb.refusal(sb.qaudit().args(&args));
    assert!(refusal.stderr.contains("is the store"), "{args:?}: {refusal}");
    assert_eq!(std::fs::read(sb.db()).unwrap(), before, "{args:?} changed the store");
    sb.qaudit().arg("verify").assert().success();
    refusal
}

#[test]
fn reports_flags_and_coaching_plans_are_never_written_onto_the_store() {
    let sb = scored_team();
    let db = sb.db();
    let wal = sb.path("qaudit.db-wal");
    let shm = sb.path("qaudit.db-shm");
    let refusal = refused(&sb, &["report", "team", "--format", "html", "--output", "{}"], &db);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let refusal = refused(&sb, &["report", "feedback", "1", "--output", "{}"], &wal);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db-wal is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    insta::assert_snapshot!(refused(&sb, &["flags", "--output", "{}"], &shm), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db-shm is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let refusal = refused(&sb, &["flags", "--format", "csv", "--output", "{}"], &db);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let refusal = refused(
        &sb,
        &[
            "--as",
            "lea",
            "coach",
            "plan",
            "a-1",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--output",
            "{}",
        ],
        &db,
    );
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    // The same file by another name: relative, through a symlink, through a hard link.
    let refusal = refused(&sb, &["report", "team", "--output", "{}"], Path::new("./qaudit.db"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output ./qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    #[cfg(unix)]
    {
        let link = sb.path("team.html");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let refusal = refused(&sb, &["report", "team", "--output", "{}"], &link);
        insta::assert_snapshot!(refusal, @r"
        exit: 1
        --- stdout
        --- stderr
        error: --output [sandbox]/team.html is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
          nothing was written; the store is unchanged
        hint: write to another file, e.g. a name in another folder
        ");
        let dangling = sb.path("wal.md");
        std::os::unix::fs::symlink(&wal, &dangling).unwrap();
        let refusal = refused(&sb, &["report", "team", "--output", "{}"], &dangling);
        insta::assert_snapshot!(refusal, @r"
        exit: 1
        --- stdout
        --- stderr
        error: --output [sandbox]/wal.md is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
          nothing was written; the store is unchanged
        hint: write to another file, e.g. a name in another folder
        ");
    }
    let hard = sb.path("hard.txt");
    std::fs::hard_link(&db, &hard).unwrap();
    let refusal = refused(&sb, &["report", "team", "--output", "{}"], &hard);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/hard.txt is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    // Another file is written, and no temporary file is left beside it.
    sb.qaudit()
        .args(["report", "team", "--output"])
        .arg(sb.path("team-ok.html"))
        .assert()
        .success();
    assert!(sb.path("team-ok.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".qaudit-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rejects_and_backups_are_never_written_onto_the_store() {
    let sb = scored_team();
    let csv = sb.write(
        "bad.csv",
        "id,agent,channel,occurred_at\nOK-1,a-1,phone,2026-11-05 10:00\nBAD-1,nobody,phone,2026-11-05 10:00\n",
    );
    let c = csv.display().to_string();
    let refusal = refused(
        &sb,
        &[
            "--as",
            "lea",
            "interaction",
            "import",
            &c,
            "--skip-invalid",
            "--rejects",
            "{}",
        ],
        &sb.db(),
    );
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --rejects [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM interactions"), 3);
    let refusal = refused(&sb, &["--as", "lea", "backup", "{}", "--force"], &sb.db());
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the backup [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let hard = sb.path("copy.db");
    std::fs::hard_link(sb.db(), &hard).unwrap();
    let refusal = refused(&sb, &["--as", "lea", "backup", "{}", "--force"], &hard);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the backup [sandbox]/copy.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let refusal = refused(&sb, &["--as", "lea", "backup", "{}"], &sb.path("qaudit.db-wal"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: the backup [sandbox]/qaudit.db-wal is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
}

#[test]
fn the_demo_refuses_a_store_with_work_added_after_it() {
    let sb = Sandbox::new();
    let demo = [
        "demo",
        "--interactions",
        "200",
        "--evaluations",
        "60",
        "--visits",
        "4",
        "--quiet",
    ];
    sb.qaudit().args(demo).assert().success();
    // A demo store nobody touched since is replaced by the next demo.
    sb.qaudit().args(demo).assert().success();
    // Real work in it: one more agent, added by the demo's lead.
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "real-1", "--name", "Real Person"])
        .assert()
        .success();
    let before = std::fs::read(sb.db()).unwrap();
    insta::assert_snapshot!(sb.refuse(&demo), @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/qaudit.db holds work that is not the demo's; the demo will not replace it
    hint: build the demo in its own file: `qaudit demo --db demo.db`
    ");
    assert_eq!(std::fs::read(sb.db()).unwrap(), before);
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM agents WHERE id = 'real-1'"),
        1
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_demo_leaves_no_store_and_no_temporary_file() {
    let sb = Sandbox::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qaudit"))
        .env("XDG_CONFIG_HOME", sb.config_dir())
        .env("QAUDIT_USER", "tester")
        .current_dir(sb.dir.path())
        .args(["--db"])
        .arg(sb.db())
        .args(["demo", "--interactions", "40000", "--evaluations", "20000", "--quiet"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build is under way (its temporary store exists), then interrupt it.
    let started = std::time::Instant::now();
    let temp_exists = || {
        std::fs::read_dir(sb.dir.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".qaudit-tmp"))
    };
    while !temp_exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert!(!status.success(), "the demo was interrupted");
    assert!(!sb.db().exists(), "an interrupted demo leaves no store");
    let left: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("qaudit"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
