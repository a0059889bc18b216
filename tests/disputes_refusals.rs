//! Every refused dispute action leaves the store as it was, through the binary.

mod common;

use chrono::{Duration, SecondsFormat, Utc};
use common::disputes_support::setup;
use common::{fingerprint, score_as};

/// Every refused dispute action: its message, a hint, exit 1, and the store exactly as it was.
#[test]
fn every_refused_dispute_action_leaves_the_store_unchanged() {
    let sb = setup();
    // 1: a-1's call, scored by eva, under dispute 1 (with a proposal).
    let e1 = score_as(&sb, "eva", "CALL-1", &[("empathy.acknowledge", "partly")]);
    // 2: a-1's chat, scored by lea, under dispute 2 (no proposals).
    let e2 = score_as(&sb, "lea", "CHAT-1", &[]);
    // 3: a-2's email, void.
    let e3 = score_as(&sb, "eva", "MAIL-1", &[]);
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "evaluation",
            "void",
            &e3.to_string(),
            "--reason",
            "Wrong email",
        ])
        .assert()
        .success();
    // 4: a draft.
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-2",
            "--rubric",
            "call-quality",
        ])
        .args(["--draft", "--set", "courtesy.greeting=yes"])
        .assert()
        .success();
    // 5: scored 30 days ago, past call-quality's 14 days.
    let e5 = score_as(&sb, "eva", "CALL-3", &[]);
    let long_ago = Utc::now() - Duration::days(30);
    rusqlite::Connection::open(sb.db())
        .unwrap()
        .execute(
            "UPDATE evaluations SET scored_at = ?1 WHERE id = ?2",
            rusqlite::params![long_ago.to_rfc3339_opts(SecondsFormat::Secs, true), e5],
        )
        .unwrap();
    let scored = long_ago.date_naive().to_string();
    let closed = (long_ago.date_naive() + Duration::days(14)).to_string();
    // 6: a-2's call, with dispute 3 already rejected.
    let e6 = score_as(&sb, "eva", "CALL-4", &[]);
    assert_eq!((e1, e2, e3, e5, e6), (1, 2, 3, 5, 6));
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", "1", "--reason", "I apologised"])
        .args(["--criterion", "empathy.acknowledge", "--proposed", "met"])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", "2", "--reason", "Not my chat"])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-2", "dispute", "open", "6", "--reason", "Unfair"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "dispute",
            "resolve",
            "3",
            "--reject",
            "--note",
            "Fair as scored",
        ])
        .assert()
        .success();
    // Its resolution time, pinned so that the refusal that names it reads the same every run.
    rusqlite::Connection::open(sb.db())
        .unwrap()
        .execute(
            "UPDATE disputes SET resolved_at = '2026-11-20T10:00:00Z' WHERE id = 3",
            [],
        )
        .unwrap();

    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "another agent",
            vec!["--as", "a-2", "dispute", "open", "1", "--reason", "x"],
        ),
        (
            "an evaluator who is not a lead",
            vec!["--as", "eva", "dispute", "open", "6", "--reason", "x"],
        ),
        (
            "twice while open",
            vec!["--as", "a-1", "dispute", "open", "1", "--reason", "again"],
        ),
        ("void", vec!["--as", "a-2", "dispute", "open", "3", "--reason", "x"]),
        ("draft", vec!["--as", "a-1", "dispute", "open", "4", "--reason", "x"]),
        (
            "after the window",
            vec!["--as", "a-1", "dispute", "open", "5", "--reason", "x"],
        ),
        (
            "no such evaluation",
            vec!["--as", "a-1", "dispute", "open", "99", "--reason", "x"],
        ),
        (
            "empty reason",
            vec!["--as", "a-2", "dispute", "open", "6", "--reason", "  "],
        ),
        (
            "mismatched counts",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "courtesy.tone",
                "--criterion",
                "courtesy.closing",
                "--proposed",
                "5",
            ],
        ),
        (
            "unknown criterion",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "empathy.acknowlege",
                "--proposed",
                "met",
            ],
        ),
        (
            "invalid value",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "courtesy.tone",
                "--proposed",
                "9",
            ],
        ),
        (
            "the answer it already has",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "courtesy.greeting",
                "--proposed",
                "yes",
            ],
        ),
        (
            "the same criterion twice",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "courtesy.tone",
                "--proposed",
                "4",
                "--criterion",
                "courtesy.tone",
                "--proposed",
                "3",
            ],
        ),
        (
            "proposals the rubric would refuse as a whole",
            vec![
                "--as",
                "a-2",
                "dispute",
                "open",
                "6",
                "--reason",
                "x",
                "--criterion",
                "empathy.acknowledge",
                "--proposed",
                "not_met",
            ],
        ),
        (
            "resolved by an evaluator",
            vec!["--as", "eva", "dispute", "resolve", "1", "--reject", "--note", "x"],
        ),
        (
            "resolved by the agent",
            vec!["--as", "a-1", "dispute", "resolve", "1", "--accept"],
        ),
        (
            "resolved by the lead who scored it",
            vec!["--as", "lea", "dispute", "resolve", "2", "--reject", "--note", "x"],
        ),
        ("no decision", vec!["--as", "leo", "dispute", "resolve", "1"]),
        (
            "rejected without a note",
            vec!["--as", "leo", "dispute", "resolve", "1", "--reject"],
        ),
        (
            "accepting a dispute that proposes nothing",
            vec!["--as", "leo", "dispute", "resolve", "2", "--accept"],
        ),
        (
            "already resolved",
            vec!["--as", "leo", "dispute", "resolve", "3", "--accept"],
        ),
        (
            "partial with an unknown criterion",
            vec![
                "--as",
                "leo",
                "dispute",
                "resolve",
                "1",
                "--partial",
                "empathy.acknowlege=met",
            ],
        ),
        (
            "partial with an invalid value",
            vec![
                "--as",
                "leo",
                "dispute",
                "resolve",
                "1",
                "--partial",
                "empathy.acknowledge=maybe",
            ],
        ),
        (
            "partial that is not KEY=VALUE",
            vec![
                "--as",
                "leo",
                "dispute",
                "resolve",
                "1",
                "--partial",
                "empathy.acknowledge",
            ],
        ),
        (
            "partial that changes nothing",
            vec![
                "--as",
                "leo",
                "dispute",
                "resolve",
                "1",
                "--partial",
                "empathy.acknowledge=partly",
            ],
        ),
        (
            "no such dispute",
            vec!["--as", "leo", "dispute", "resolve", "99", "--accept"],
        ),
    ];
    let before = fingerprint(&sb.db());
    // One snapshot for all the cases (insta takes no inline snapshot inside a loop); the
    // window's days change with the date of the run, so they show as `[scored]` and `[closed]`
    // (only there: the fixed resolution day of dispute 3 may fall on the same date).
    let mut refusals = String::new();
    for (what, args) in cases {
        let refused = sb.refuse(&args).to_string();
        let refused = refused
            .replace(&format!("closed on {closed}"), "closed on [closed]")
            .replace(&format!("scored on {scored}"), "scored on [scored]");
        refusals.push_str(&format!("## {what}\n{refused}"));
        assert_eq!(fingerprint(&sb.db()), before, "{what} changed the store");
    }
    insta::assert_snapshot!(refusals, @r#"
    ## another agent
    exit: 1
    --- stdout
    --- stderr
    error: `a-2` may not dispute evaluation 1: it scores a-1's work
    hint: the agent disputes it (--as a-1), or a lead opens the dispute for them
    ## an evaluator who is not a lead
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not dispute evaluation 6: it scores a-2's work
    hint: the agent disputes it (--as a-2), or a lead opens the dispute for them
    ## twice while open
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is already under dispute (dispute 1 is open)
    hint: a lead resolves it with `qaudit dispute resolve 1 --accept | --partial KEY=VALUE | --reject --note TEXT`; add to it then, not now
    ## void
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 3 is void
    hint: a void evaluation counts nowhere, so there is nothing to dispute
    ## draft
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 4 is a draft
    hint: a draft is disputed once it is submitted
    ## after the window
    exit: 1
    --- stdout
    --- stderr
    error: the dispute window of evaluation 5 closed on [closed]: it was scored on [scored] and call-quality allows 14 days
    hint: if it was scored wrongly, its evaluator or a lead can still `qaudit evaluation amend 5`
    ## no such evaluation
    exit: 1
    --- stdout
    --- stderr
    error: no evaluation 99
    hint: `qaudit evaluation list --agent ID` shows an agent's evaluation numbers
    ## empty reason
    exit: 1
    --- stdout
    --- stderr
    error: the reason is empty
    hint: say why the evaluation is wrong, e.g. --reason "I apologised at 02:10"
    ## mismatched counts
    exit: 1
    --- stdout
    --- stderr
    error: 2 --criterion but 1 --proposed: each contested criterion needs the answer proposed for it
    hint: write them in pairs: --criterion empathy.acknowledge --proposed met
    ## unknown criterion
    exit: 1
    --- stdout
    --- stderr
    error: `empathy.acknowlege` is not a criterion of call-quality version 2
    hint: did you mean `empathy.acknowledge`?
    ## invalid value
    exit: 1
    --- stdout
    --- stderr
    error: `courtesy.tone` does not take `9`; answer a whole number from 1 to 5
    hint: e.g. --criterion courtesy.tone --proposed VALUE
    ## the answer it already has
    exit: 1
    --- stdout
    --- stderr
    error: `courtesy.greeting` is already answered `yes` in evaluation 6
    hint: propose a different answer, or leave the criterion out
    ## the same criterion twice
    exit: 1
    --- stdout
    --- stderr
    error: `courtesy.tone` is contested twice
    hint: give each criterion once, with the one answer proposed for it
    ## proposals the rubric would refuse as a whole
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      empathy.acknowledge=not_met: `empathy.acknowledge` is answered `not_met`, low enough that the rubric requires a comment (below 50% of the scale)
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    ## resolved by an evaluator
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not resolve disputes: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ## resolved by the agent
    exit: 1
    --- stdout
    --- stderr
    error: `a-1` is not a staff member, so may not resolve disputes
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role lead`
    ## resolved by the lead who scored it
    exit: 1
    --- stdout
    --- stderr
    error: `lea` scored evaluation 2, so may not resolve its dispute
    hint: another lead resolves it (--as THEIR_ID): a dispute needs a second pair of eyes
    ## no decision
    exit: 1
    --- stdout
    --- stderr
    error: say how dispute 1 ends
    hint: give one of --accept, --partial KEY=VALUE... or --reject, with --note TEXT
    ## rejected without a note
    exit: 1
    --- stdout
    --- stderr
    error: resolving dispute 1 needs a note for the agent
    hint: say why, e.g. --note "The recording has no apology" (with --accept, --partial or --reject)
    ## accepting a dispute that proposes nothing
    exit: 1
    --- stdout
    --- stderr
    error: dispute 2 proposes no answers, so there is nothing to accept
    hint: set the answers you decided with --partial KEY=VALUE..., or --reject --note TEXT
    ## already resolved
    exit: 1
    --- stdout
    --- stderr
    error: dispute 3 was already resolved: rejected by lea on 2026-11-20 10:00
    hint: to change evaluation 6 now, amend it: `qaudit evaluation amend 6 --set KEY=VALUE --reason TEXT`
    ## partial with an unknown criterion
    exit: 1
    --- stdout
    --- stderr
    error: `empathy.acknowlege` is not a criterion of call-quality version 2
    hint: did you mean `empathy.acknowledge`?
    ## partial with an invalid value
    exit: 1
    --- stdout
    --- stderr
    error: `empathy.acknowledge` does not take `maybe`; answer met, partly, not_met
    hint: e.g. --partial empathy.acknowledge=VALUE
    ## partial that is not KEY=VALUE
    exit: 1
    --- stdout
    --- stderr
    error: `--partial empathy.acknowledge` is not KEY=VALUE
    hint: e.g. --partial empathy.acknowledge=partly
    ## partial that changes nothing
    exit: 1
    --- stdout
    --- stderr
    error: --partial leaves every answer of evaluation 1 as it is
    hint: to keep the evaluation as scored, `qaudit dispute resolve 1 --reject --note TEXT`
    ## no such dispute
    exit: 1
    --- stdout
    --- stderr
    error: no dispute 99
    hint: `qaudit dispute list --open` shows the disputes waiting for a lead
    "#);
    // Two decisions at once is a usage error (exit 2), also leaving the store alone.
    sb.qaudit()
        .args(["--as", "leo", "dispute", "resolve", "1", "--accept", "--reject"])
        .assert()
        .code(2);
    assert_eq!(fingerprint(&sb.db()), before);
}
