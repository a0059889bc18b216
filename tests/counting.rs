//! Counted once per subject (issue 15, item 1): one evaluation counts per contact; any other is
//! a second opinion, refused without `--second-opinion`, never counted in reports or flags, and
//! hidden from agents.

mod common;

use common::{DOUBLE_DRAW, Sandbox, call_quality_answers, query_i64, score_cmd, stdout_of, team_with_tom};

/// `who` scores `interaction` with call-quality, the best answers but `overrides`, `extra` flags.
fn score(
    sb: &Sandbox,
    who: &str,
    interaction: &str,
    overrides: &[(&str, &str)],
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    score_cmd(sb, who, interaction, "call-quality", &call_quality_answers(overrides))
        .args(extra)
        .assert()
}

const CRITICAL: &[(&str, &str)] = &[("security.verify_identity", "no")];
const CRITICAL_NOTE: &[&str] = &["--note", "security.verify_identity=Did not verify the caller"];

fn team_json(sb: &Sandbox) -> serde_json::Value {
    let out = stdout_of(sb.qaudit().args([
        "report",
        "team",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "json",
    ]));
    serde_json::from_str(&out).unwrap()
}

fn agent<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[test]
fn a_second_evaluator_is_refused_then_accepted_as_a_second_opinion_that_counts_nowhere() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    score(&sb, "eva", "CALL-1", &[], &[]).success();
    let before = common::fingerprint(&sb.db());
    // Same contact, another rubric: still one contact.
    let refused = sb.refuse(&[
        "--as",
        "tom",
        "score",
        "--interaction",
        "CALL-1",
        "--rubric",
        "call-quality",
        "--set",
        "courtesy.greeting=yes",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: eva's evaluation 1 already counts for interaction CALL-1; one evaluation counts per contact
    hint: to score it anyway as a second opinion (never counted, compared in `qaudit report evaluators`), add --second-opinion: `qaudit score --interaction CALL-1 --rubric call-quality --second-opinion ...`
    ");
    let other_rubric = sb.refuse(&[
        "--as",
        "tom",
        "score",
        "--interaction",
        "CALL-1",
        "--rubric",
        "calidad-contacto",
        "--set",
        "courtesy.greeting=yes",
    ]);
    insta::assert_snapshot!(other_rubric, @r"
    exit: 1
    --- stdout
    --- stderr
    error: la evaluación 1 de eva ya cuenta para la interacción CALL-1; cuenta una evaluación por contacto
    hint: para puntuarla igualmente como segunda opinión (nunca cuenta; se compara en `qaudit report evaluators`), añada --second-opinion: `qaudit score --interaction CALL-1 --rubric calidad-contacto --second-opinion ...`
    ");
    assert_eq!(
        common::fingerprint(&sb.db()),
        before,
        "a refusal leaves the store as it was"
    );

    // Accepted as a second opinion, with a critical failure that would flag a-1 if it counted.
    let out = score(
        &sb,
        "tom",
        "CALL-1",
        CRITICAL,
        &[CRITICAL_NOTE, &["--second-opinion"]].concat(),
    )
    .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Recorded as a second opinion"), "{text}");
    score(&sb, "eva", "CHAT-1", CRITICAL, CRITICAL_NOTE).success();

    let report = team_json(&sb);
    let a1 = agent(&report, "a-1");
    assert_eq!(a1["evaluations"], 2, "CALL-1 counts once, CHAT-1 once: {a1}");
    assert_eq!(
        a1["critical_failures"], 1,
        "tom's critical failure is a second opinion: {a1}"
    );

    assert!(
        !repeated_critical(&sb),
        "tom's second opinion is no critical failure of a-1's"
    );
    assert!(
        !evidence_ids(&sb).contains(&2),
        "the second opinion is in no flag's evidence"
    );
    // The control: once a lead makes tom's evaluation the one that counts, a-1 has two.
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "count",
            "2",
            "--reason",
            "tom heard the right recording",
        ])
        .assert()
        .success();
    assert!(repeated_critical(&sb));
    assert!(evidence_ids(&sb).contains(&2));
}

fn flags_json(sb: &Sandbox) -> serde_json::Value {
    let out = stdout_of(sb.qaudit().args(["flags", "--as-of", "2026-11-30", "--format", "json"]));
    serde_json::from_str(&out).unwrap()
}

/// Whether `repeated-critical` fires for a-1.
fn repeated_critical(sb: &Sandbox) -> bool {
    flags_json(sb)["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["agent"] == "a-1" && f["flag"] == "repeated-critical")
}

fn evidence_ids(sb: &Sandbox) -> Vec<i64> {
    flags_json(sb)["flags"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evaluations"].as_array().unwrap().iter().filter_map(|x| x.as_i64()))
        .collect()
}

#[test]
fn agents_do_not_see_second_opinions_and_leads_see_both() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    score(&sb, "eva", "CALL-1", &[], &[]).success();
    score(&sb, "tom", "CALL-1", &[("courtesy.tone", "4")], &["--second-opinion"]).success();
    let lead = stdout_of(sb.qaudit().args(["--as", "lea", "evaluation", "list"]));
    assert!(
        lead.contains("tom") && lead.contains("eva") && lead.contains("second"),
        "{lead}"
    );
    let own = stdout_of(sb.qaudit().args(["--as", "a-1", "evaluation", "list"]));
    assert!(own.contains("eva") && !own.contains("tom"), "{own}");
    let hidden = [&["evaluation", "show", "2"][..], &["report", "feedback", "2"][..]]
        .map(|args| {
            let refused = sb.refusal(sb.qaudit().args(["--as", "a-1"]).args(args));
            sb.qaudit().args(["--as", "lea"]).args(args).assert().success();
            refused.to_string()
        })
        .join("");
    insta::assert_snapshot!(hidden, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no evaluation 2
    hint: `qaudit evaluation list` shows evaluation numbers
    exit: 1
    --- stdout
    --- stderr
    error: no evaluation 2
    hint: `qaudit evaluation list` shows evaluation numbers
    ");
}

#[test]
fn after_a_void_the_earliest_remaining_counts_and_a_lead_can_switch() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    score(&sb, "eva", "CALL-1", &[], &[]).success();
    score(&sb, "tom", "CALL-1", &[("courtesy.tone", "4")], &["--second-opinion"]).success();
    let counted = |sb: &Sandbox| {
        query_i64(
            &sb.db(),
            "SELECT CAST(group_concat(id) AS INTEGER) FROM (SELECT id FROM counted_evaluations ORDER BY id)",
        )
    };
    assert_eq!(counted(&sb), 1);
    // A lead switches which counts, with a reason; the switch is audited.
    let refused = sb.refuse(&["--as", "eva", "evaluation", "count", "2", "--reason", "wrong recording"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not choose which evaluation counts: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "count",
            "2",
            "--reason",
            "eva scored the wrong recording",
        ])
        .assert()
        .success();
    assert_eq!(counted(&sb), 2);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.count'"
        ),
        2
    );
    // Voiding the one that counts hands over to the earliest remaining, audited.
    sb.qaudit()
        .args(["--as", "lea", "evaluation", "void", "2", "--reason", "duplicate"])
        .assert()
        .success();
    assert_eq!(counted(&sb), 1);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.count' AND change LIKE '%voided%'"
        ),
        1
    );
}

#[test]
fn the_assignees_evaluation_counts_and_their_open_draft_holds_others_off() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "sample",
            "draw",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--per-agent",
            "5",
            "--evaluators",
            "tom",
            "--seed",
            "1",
        ])
        .assert()
        .success();
    // tom, the assignee, starts a draft: eva now needs --second-opinion.
    sb.qaudit()
        .args([
            "--as",
            "tom",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--draft",
            "--set",
            "courtesy.greeting=yes",
        ])
        .assert()
        .success();
    let refused = sb.refusal(&mut score_cmd(
        &sb,
        "eva",
        "CALL-1",
        "call-quality",
        &call_quality_answers(&[]),
    ));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: interaction CALL-1 is assigned to tom, who has an open draft (evaluation 1); one evaluation counts per contact
    hint: to score it anyway as a second opinion (never counted, compared in `qaudit report evaluators`), add --second-opinion: `qaudit score --interaction CALL-1 --rubric call-quality --second-opinion ...`
    ");
    score(&sb, "eva", "CHAT-1", &[], &[]).success();
    // eva scored CHAT-1 first, but tom is its assignee: his evaluation takes over.
    score(&sb, "tom", "CHAT-1", &[("courtesy.tone", "4")], &[]).success();
    let counted_chat = query_i64(
        &sb.db(),
        "SELECT e.id FROM counted_evaluations e JOIN interactions i ON i.id = e.interaction_id WHERE i.external_id = 'CHAT-1'",
    );
    let toms = query_i64(
        &sb.db(),
        "SELECT e.id FROM evaluations e JOIN interactions i ON i.id = e.interaction_id WHERE i.external_id = 'CHAT-1' AND e.evaluator_id = 'tom'",
    );
    assert_eq!(counted_chat, toms);
}

#[test]
fn double_scoring_gives_a_share_of_the_sample_a_second_blind_evaluator() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    let out = stdout_of(sb.qaudit().args(DOUBLE_DRAW).args(["--format", "json"]));
    let drawn: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(drawn["params"]["double"], 100, "{drawn}");
    // Every item doubled, never by its first evaluator.
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM sample_doubles"), 3);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM sample_doubles d JOIN sample_items i
               ON i.sample_id = d.sample_id AND i.interaction_id = d.interaction_id WHERE i.evaluator_id = d.evaluator_id"
        ),
        0
    );
    // The doubles are re-drawn by `sample show --verify` and listed.
    let show = stdout_of(sb.qaudit().args(["sample", "show", "1", "--verify"]));
    assert!(show.contains("3 item(s) with a second, blind evaluator"), "{show}");
    // The second evaluator's queue marks the item, without the first evaluation's score.
    let first = query_i64(
        &sb.db(),
        "SELECT evaluator_id = 'eva' FROM sample_items si JOIN interactions i ON i.id = si.interaction_id WHERE i.external_id = 'CALL-1'",
    );
    let (primary, second) = if first == 1 { ("eva", "tom") } else { ("tom", "eva") };
    score(&sb, primary, "CALL-1", &[], &[]).success();
    let queue = stdout_of(sb.qaudit().args(["queue", "--evaluator", second]));
    assert!(queue.contains("CALL-1") && queue.contains("second opinion"), "{queue}");
    assert!(
        !queue.contains("100.0"),
        "blind: no score of the first evaluation: {queue}"
    );
    score(&sb, second, "CALL-1", &[("courtesy.tone", "4")], &["--second-opinion"]).success();
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM sample_doubles WHERE evaluation_id IS NOT NULL"
        ),
        1
    );
    let queue = stdout_of(sb.qaudit().args(["queue", "--evaluator", second]));
    assert!(!queue.contains("CALL-1"), "the double item is closed: {queue}");
    assert_eq!(agent(&team_json(&sb), "a-1")["evaluations"], 1);
    // Doubling needs two evaluators.
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "sample",
        "draw",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--per-agent",
        "5",
        "--evaluators",
        "eva",
        "--double",
        "10",
        "--include-evaluated",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --double needs at least two evaluators: the second opinion comes from someone else
    hint: name two or more with --evaluators, e.g. --evaluators eva,tom --double 10
    ");
}
