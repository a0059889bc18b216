//! Every refused sampling command leaves the store as it was, through the binary.

mod common;

use common::sampling_support::{FROM, TO, draw, floor};
use common::{Sandbox, fingerprint};
use predicates::prelude::*;

/// Every refusal of the sampling commands: exit 1, a message and a hint, the store unchanged.
#[test]
fn refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    floor(&sb);
    draw(&sb, &["--per-agent", "1", "--agent", "a-3", "--seed", "1"]);
    let week = ["sample", "draw", "--from", FROM, "--to", TO];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&["--as", "eva"][..], &week, &["--per-agent", "2"]].concat(),
            "`eva` may not draw samples: that needs the lead role",
        ),
        (
            [&["--as", "lea"][..], &week, &["--per-agent", "0"]].concat(),
            "--per-agent 0 draws nothing",
        ),
        (
            vec![
                "--as",
                "lea",
                "sample",
                "draw",
                "--from",
                TO,
                "--to",
                FROM,
                "--per-agent",
                "2",
            ],
            "--from 2026-11-15 is after --to 2026-11-09",
        ),
        (
            vec![
                "--as",
                "lea",
                "sample",
                "draw",
                "--from",
                "last week",
                "--to",
                TO,
                "--per-agent",
                "2",
            ],
            "--from \"last week\" is not a day",
        ),
        (
            [&["--as", "lea"][..], &week, &["--per-agent", "2", "--rubric", "nope"]].concat(),
            "no rubric `nope` in the store",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--rubric", "store-visit"],
            ]
            .concat(),
            "rubric store-visit scores visits, not interactions",
        ),
        (
            [&["--as", "lea"][..], &week, &["--per-agent", "2", "--channel", "sms"]].concat(),
            "no interaction in the store has channel `sms`",
        ),
        (
            [&["--as", "lea"][..], &week, &["--per-agent", "2", "--agent", "a-9"]].concat(),
            "no agent `a-9` in the store",
        ),
        (
            [&["--as", "lea"][..], &week, &["--per-agent", "2", "--team", "west"]].concat(),
            "no agents in team `west`",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--team", "north", "--agent", "a-3"],
            ]
            .concat(),
            "agent a-3 is not in team north",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--evaluators", "eva,zed"],
            ]
            .concat(),
            "`zed` is not a staff member",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--evaluators", "eva,sam"],
            ]
            .concat(),
            "`sam` does not have the evaluator role",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--evaluators", "eva:60,lea"],
            ]
            .concat(),
            "mixes names with and without shares",
        ),
        (
            [
                &["--as", "lea"][..],
                &week,
                &["--per-agent", "2", "--agent", "eva", "--evaluators", "eva"],
            ]
            .concat(),
            "no evaluator may score interaction eva-",
        ),
        (
            vec![
                "--as",
                "lea",
                "sample",
                "draw",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
                "--per-agent",
                "2",
            ],
            "no interactions that are not yet evaluated in 2026-10-01 to 2026-10-31",
        ),
        (vec!["sample", "show", "9"], "no sample 9"),
        (vec!["queue", "--evaluator", "zed"], "no staff member `zed`"),
        (
            vec!["sample", "size", "--population", "1000", "--margin", "5"],
            "the margin of error must be a fraction strictly between 0 and 1",
        ),
        (
            vec!["sample", "size", "--population", "0"],
            "the population size must be at least 1",
        ),
        (
            vec!["sample", "size", "--confidence", "95"],
            "the confidence level must be strictly between 0 and 1",
        ),
        (vec!["sample", "size", "--sd", "12"], "--sd needs --margin"),
        (
            vec!["sample", "size", "--sd=-1", "--margin", "3"],
            "the standard deviation must be a number greater than 0",
        ),
        (
            vec![
                "--as",
                "sam",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "1",
            ],
            "`sam` may not plan mystery-shopper visits",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-13",
                "--per-location",
                "1",
            ],
            "--month: `2026-13` is not a month",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "1",
                "--lockout-days",
                "99999",
            ],
            "--lockout-days 99999 is more than ten years",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "0",
            ],
            "--per-location 0 is not a number of visits in 2026-12",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "1",
                "--locations",
                "mad-01,nope",
            ],
            "no location `nope` in the store",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "1",
                "--shoppers",
                "eva",
            ],
            "`eva` does not have the shopper role",
        ),
        (
            vec![
                "--as",
                "lea",
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--per-location",
                "2",
                "--shoppers",
                "sam",
                "--lockout-days",
                "31",
            ],
            // With 30 days the 1st and the 31st would do (the exact search finds them); 31 days
            // is impossible for one shopper, and said.
            "could not plan visit 2 of 2 to",
        ),
    ];
    for (args, message) in cases {
        let before = fingerprint(&sb.db());
        sb.qaudit()
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("hint: "));
        assert_eq!(fingerprint(&sb.db()), before, "{args:?} changed the store");
    }
}
