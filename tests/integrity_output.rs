//! Issue 14: no command writes onto the store (or its -wal/-shm, by name, symlink or hard
//! link), the demo never replaces real work, and interrupted writers leave nothing behind.

mod common;

use common::{Sandbox, query_i64, scored_team};
use std::path::Path;

/// Runs `args` (with `target` appended where `{}` is) and asserts it is refused as the store
/// itself, with the store byte-identical.
fn refused(sb: &Sandbox, args: &[&str], target: &Path) {
    let before = std::fs::read(sb.db()).unwrap();
    let t = target.display().to_string();
    let args: Vec<String> = args
        .iter()
        .map(|a| if *a == "{}" { t.clone() } else { a.to_string() })
        .collect();
    let out = sb.qaudit().args(&args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains("is the store"), "{args:?}: {err}");
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(std::fs::read(sb.db()).unwrap(), before, "{args:?} changed the store");
    sb.qaudit().arg("verify").assert().success();
}

#[test]
fn reports_flags_and_coaching_plans_are_never_written_onto_the_store() {
    let sb = scored_team();
    let db = sb.db();
    let wal = sb.path("qaudit.db-wal");
    let shm = sb.path("qaudit.db-shm");
    refused(&sb, &["report", "team", "--format", "html", "--output", "{}"], &db);
    refused(&sb, &["report", "feedback", "1", "--output", "{}"], &wal);
    refused(&sb, &["flags", "--output", "{}"], &shm);
    refused(&sb, &["flags", "--format", "csv", "--output", "{}"], &db);
    refused(
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
    // The same file by another name: relative, through a symlink, through a hard link.
    refused(&sb, &["report", "team", "--output", "{}"], Path::new("./qaudit.db"));
    #[cfg(unix)]
    {
        let link = sb.path("team.html");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        refused(&sb, &["report", "team", "--output", "{}"], &link);
        let dangling = sb.path("wal.md");
        std::os::unix::fs::symlink(&wal, &dangling).unwrap();
        refused(&sb, &["report", "team", "--output", "{}"], &dangling);
    }
    let hard = sb.path("hard.txt");
    std::fs::hard_link(&db, &hard).unwrap();
    refused(&sb, &["report", "team", "--output", "{}"], &hard);
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
    refused(
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
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM interactions"), 3);
    refused(&sb, &["--as", "lea", "backup", "{}", "--force"], &sb.db());
    let hard = sb.path("copy.db");
    std::fs::hard_link(sb.db(), &hard).unwrap();
    refused(&sb, &["--as", "lea", "backup", "{}", "--force"], &hard);
    refused(&sb, &["--as", "lea", "backup", "{}"], &sb.path("qaudit.db-wal"));
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
    let out = sb.qaudit().args(demo).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds work that is not the demo's"), "{err}");
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
