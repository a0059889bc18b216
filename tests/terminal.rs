//! Issue 15 item 9, the terminal: one meaning per flag (`--comment-on KEY=TEXT` is a criterion's
//! comment; the old `score --note KEY=TEXT` still works, with a notice), and lists that say when
//! they were cut, with `--limit 0` for all.

mod common;

use common::*;

fn comment_of(sb: &Sandbox, key: &str) -> i64 {
    query_i64(
        &sb.db(),
        &format!("SELECT count(*) FROM criterion_scores WHERE criterion_key = '{key}' AND comment = 'Warm welcome'"),
    )
}

#[test]
fn a_criterion_comment_is_given_with_comment_on() {
    let sb = Sandbox::new();
    team(&sb);
    let out = score_cmd(&sb, "eva", "CALL-1", "call-quality", &call_quality_answers(&[]))
        .args(["--comment-on", "courtesy.greeting=Warm welcome"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("--note"), "no notice for the current name: {stderr}");
    assert_eq!(comment_of(&sb, "courtesy.greeting"), 1);

    let help = stdout_of(sb.qaudit().args(["score", "--help"]));
    assert!(help.contains("--comment-on <KEY=TEXT>"), "{help}");
    assert!(!help.contains("--note"), "the old name is hidden from the help: {help}");
}

#[test]
fn the_old_note_flag_still_works_and_says_it_was_renamed() {
    let sb = Sandbox::new();
    team(&sb);
    let out = score_cmd(&sb, "eva", "CALL-1", "call-quality", &call_quality_answers(&[]))
        .args(["--note", "courtesy.greeting=Warm welcome"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("--note KEY=TEXT is now --comment-on KEY=TEXT"),
        "{stderr}"
    );
    assert_eq!(comment_of(&sb, "courtesy.greeting"), 1);
}

#[test]
fn a_cut_list_says_so_and_limit_zero_shows_all() {
    let sb = Sandbox::new();
    team(&sb);
    for interaction in ["CALL-1", "CHAT-1"] {
        score(&sb, interaction, &[]);
    }
    let cut = sb.run(&["evaluation", "list", "--limit", "1"]);
    assert_eq!(cut.code, Some(0));
    assert_eq!(
        cut.stdout.lines().filter(|l| l.contains("call-quality")).count(),
        1,
        "{cut}"
    );
    assert!(
        cut.stderr
            .contains("Showing the newest 1 evaluations; more match: --limit 0 shows them all."),
        "{cut}"
    );

    let all = sb.run(&["evaluation", "list", "--limit", "0"]);
    assert_eq!(
        all.stdout.lines().filter(|l| l.contains("call-quality")).count(),
        2,
        "{all}"
    );
    assert!(all.stderr.is_empty(), "nothing was cut: {all}");

    let log = sb.run(&["log", "--limit", "2"]);
    assert!(log.stderr.contains("Showing the newest 2 log entries"), "{log}");
    let whole = sb.run(&["log", "--limit", "0"]);
    assert!(whole.stderr.is_empty(), "{whole}");
    assert!(whole.stdout.lines().count() > log.stdout.lines().count());
}
