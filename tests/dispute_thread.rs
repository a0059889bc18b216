//! Disputes as a visible thread (issue 15, item 2): `dispute show`, the lead's note on the
//! agent's sheet in every format beside the criteria it changed, no second dispute on a decided
//! point, a note for every resolution, and an acknowledgement that belongs to one revision.

mod common;

use common::{Sandbox, fingerprint, query_i64, score, stdout_of, team};

fn open(sb: &Sandbox, evaluation: i64, key: &str, proposed: &str) {
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", &evaluation.to_string()])
        .args([
            "--criterion",
            key,
            "--proposed",
            proposed,
            "--reason",
            "I apologised at 02:10",
        ])
        .assert()
        .success();
}

fn sheet(sb: &Sandbox, evaluation: i64, format: &str) -> String {
    stdout_of(
        sb.qaudit()
            .args(["--format", format, "report", "feedback", &evaluation.to_string()]),
    )
}

#[test]
fn a_rejected_dispute_shows_the_lead_note_on_every_sheet_and_ends_the_thread() {
    let sb = Sandbox::new();
    team(&sb);
    let e = score(&sb, "CALL-1", &[("empathy.acknowledge", "partly")]);
    assert!(sheet(&sb, e, "txt").contains("dispute open"));
    open(&sb, e, "empathy.acknowledge", "met");
    let note = "Tone: audible sighs at 03:40 and 05:10.";
    sb.qaudit()
        .args(["--as", "lea", "dispute", "resolve", "1", "--reject", "--note", note])
        .assert()
        .success();

    for format in ["txt", "md", "html"] {
        let out = sheet(&sb, e, format);
        assert!(out.contains(note), "{format}: the note is on the sheet\n{out}");
        assert!(out.contains("Dispute 1, rejected by lea on"), "{format}\n{out}");
        assert!(
            out.contains("Dispute 1 (rejected)"),
            "{format}: beside the criterion\n{out}"
        );
        assert!(!out.contains("dispute open"), "{format}: no more invitation\n{out}");
        assert!(out.contains("qaudit dispute show 1"), "{format}\n{out}");
    }
    // The Spanish sheet says it in Spanish.
    let es = stdout_of(sb.qaudit().args(["report", "feedback", &e.to_string(), "--lang", "es"]));
    assert!(es.contains("Impugnación 1, rechazada por lea el"), "{es}");

    // `dispute show` gives the whole thread.
    let shown = stdout_of(sb.qaudit().args(["dispute", "show", "1"]));
    assert!(shown.contains("Opened by a-1 on"), "{shown}");
    assert!(shown.contains("I apologised at 02:10"), "{shown}");
    assert!(shown.contains("empathy.acknowledge"), "{shown}");
    assert!(shown.contains("Rejected by lea on"), "{shown}");
    assert!(shown.contains(note), "{shown}");

    // A decided point is not disputed again; the store is left as it was.
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&[
        "--as",
        "a-1",
        "dispute",
        "open",
        &e.to_string(),
        "--criterion",
        "empathy.acknowledge",
        "--proposed",
        "met",
        "--reason",
        "again",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `empathy.acknowledge` of evaluation 1 was already decided in dispute 1 (rejected)
    hint: `qaudit dispute show 1` gives the lead's note; a decided point is not disputed again
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    insta::assert_snapshot!(sb.refuse(&["dispute", "show", "9"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no dispute 9
    hint: `qaudit dispute list` shows every dispute
    ");
}

#[test]
fn a_partial_resolution_needs_a_note_and_shows_what_it_changed() {
    let sb = Sandbox::new();
    team(&sb);
    let e = score(&sb, "CALL-1", &[("courtesy.tone", "3")]);
    open(&sb, e, "courtesy.tone", "5");
    let before = fingerprint(&sb.db());
    let mut refusals = String::new();
    for decision in [vec!["--partial", "courtesy.tone=4"], vec!["--accept"], vec!["--reject"]] {
        let mut args = vec!["--as", "lea", "dispute", "resolve", "1"];
        args.extend(&decision);
        refusals.push_str(&format!("== {}\n{}", decision.join(" "), sb.refuse(&args)));
    }
    insta::assert_snapshot!(refusals, @r#"
    == --partial courtesy.tone=4
    exit: 1
    --- stdout
    --- stderr
    error: resolving dispute 1 needs a note for the agent
    hint: say why, e.g. --note "The recording has no apology" (with --accept, --partial or --reject)
    == --accept
    exit: 1
    --- stdout
    --- stderr
    error: resolving dispute 1 needs a note for the agent
    hint: say why, e.g. --note "The recording has no apology" (with --accept, --partial or --reject)
    == --reject
    exit: 1
    --- stdout
    --- stderr
    error: resolving dispute 1 needs a note for the agent
    hint: say why, e.g. --note "The recording has no apology" (with --accept, --partial or --reject)
    "#);
    assert_eq!(fingerprint(&sb.db()), before);

    // The agent saw revision 1; the dispute writes revision 2, which asks for a new acknowledgement.
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", &e.to_string()])
        .assert()
        .success();
    assert!(sheet(&sb, e, "txt").contains("Acknowledged on"));
    let note = "You acknowledged the delay, but did not apologise.";
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "dispute",
            "resolve",
            "1",
            "--partial",
            "courtesy.tone=4",
            "--note",
            note,
        ])
        .assert()
        .success();
    for format in ["txt", "md", "html"] {
        let out = sheet(&sb, e, format);
        assert!(out.contains("Dispute 1, partly accepted by lea on"), "{format}\n{out}");
        assert!(out.contains(note), "{format}\n{out}");
        assert!(
            out.contains("changed from"),
            "{format}: what the decision changed\n{out}"
        );
        assert!(
            out.contains("Dispute 1 (partly accepted), was "),
            "{format}: beside the criterion\n{out}"
        );
        assert!(
            !out.contains("Acknowledged on"),
            "{format}: the old acknowledgement is gone\n{out}"
        );
        assert!(
            out.contains("evaluation ack 1"),
            "{format}: a new one is asked for\n{out}"
        );
    }
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", &e.to_string()])
        .assert()
        .success();
    assert!(sheet(&sb, e, "txt").contains("Acknowledged on"));
    let acks = query_i64(
        &sb.db(),
        "SELECT count(*) FROM audit_log WHERE action = 'evaluation.ack'",
    );
    assert_eq!(acks, 2);
}
