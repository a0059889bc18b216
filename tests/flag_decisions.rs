//! Decisions on flags (issue 20, part 1), through the binary: a lead's decision keeps the flag's
//! evidence as it stood; second decisions supersede, never rewrite; the consistency report
//! names undecided flags; who may decide and who sees which decisions; `verify` names a
//! decision edited behind qaudit's back.

mod common;

use common::decisions_support::{decide, decisions_json, firing, firing_in_spanish, store_bytes};
use common::flags_support::{evaluate, fired, flags_json};
use common::stdout_of;

const BONUS: [&str; 6] = ["--rule", "high", "--action", "bonus", "--note", "Two excellent calls"];

#[test]
fn a_decision_keeps_its_evidence_after_later_evaluations_change_the_flag() {
    let (sb, a1, _) = firing();
    decide(&sb, "lea", "a-1", &BONUS).success();
    // Two poor calls later in the window: the reward flag no longer fires as of the same day.
    evaluate(&sb, "a-1", "2026-11-20", Some(40));
    evaluate(&sb, "a-1", "2026-11-21", Some(40));
    let now = flags_json(&sb, &["--as-of", "2026-11-30", "--agent", "a-1"]);
    assert!(!fired(&now).contains(&("a-1".into(), "high".into())), "{now:#}");
    let d = &decisions_json(&sb, "lea", &[])[0];
    assert_eq!(d["rule"], "high");
    assert_eq!(d["kind"], "reward");
    assert_eq!(d["action"], "bonus");
    assert_eq!(d["decided_by"], "lea");
    assert_eq!(d["as_of"], "2026-11-30");
    assert_eq!(d["window_from"], "2026-11-01");
    assert_eq!(d["n"], 2);
    assert_eq!(d["mean"], 95.5);
    assert_eq!(d["critical_failures"], 0);
    assert_eq!(d["evaluations"], serde_json::json!(a1));
    assert_eq!(d["evidence"]["conditions"][1]["value"], 95.5);
    // And deciding on it now is refused: it no longer fires.
    let out = sb.refuse(&[
        "--as",
        "lea",
        "flags",
        "decide",
        "a-1",
        "--as-of",
        "2026-11-30",
        "--rule",
        "high",
        "--action",
        "bonus",
        "--note",
        "again",
    ]);
    assert!(out.stderr.contains("does not fire for `a-1` as of 2026-11-30"), "{out}");
    assert!(out.stderr.contains("hint: "), "{out}");
}

#[test]
fn a_second_decision_on_the_same_firing_must_supersede_the_first() {
    let (sb, _, _) = firing();
    decide(&sb, "lea", "a-1", &BONUS).success();
    let again = sb.refuse(&[
        "--as",
        "lea",
        "flags",
        "decide",
        "a-1",
        "--as-of",
        "2026-11-30",
        "--rule",
        "high",
        "--action",
        "recognition",
        "--note",
        "Recognition instead",
    ]);
    insta::assert_snapshot!(again, @r"
    exit: 1
    --- stdout
    --- stderr
    error: decision 1 (bonus by lea, as of 2026-11-30) already answers this flag: it rests on the same evaluations
    hint: history is amended, never rewritten: record the new decision with --supersedes 1 and say why in --note
    ");
    decide(
        &sb,
        "lea",
        "a-1",
        &[
            "--rule",
            "high",
            "--action",
            "recognition",
            "--note",
            "Budget: recognition instead",
            "--supersedes",
            "1",
        ],
    )
    .success();
    let all = decisions_json(&sb, "lea", &[]);
    assert_eq!(all[0]["action"], "bonus", "the first decision is kept as taken");
    assert_eq!(all[0]["superseded_by"], 2);
    assert_eq!(all[1]["supersedes"], 1);
    // A decision is superseded once; the standing one is the one to supersede.
    let twice = sb.refuse(&[
        "--as",
        "lea",
        "flags",
        "decide",
        "a-1",
        "--as-of",
        "2026-11-30",
        "--rule",
        "high",
        "--action",
        "bonus",
        "--note",
        "Back to the bonus",
        "--supersedes",
        "1",
    ]);
    assert!(twice.stderr.contains("already superseded by decision 2"), "{twice}");
}

#[test]
fn bad_decisions_are_refused_with_a_hint() {
    let (sb, _, _) = firing();
    let base = ["--as", "lea", "flags", "decide", "a-1", "--as-of", "2026-11-30"];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        sb.refuse(&args)
    };
    insta::assert_snapshot!(run(&["--rule", "hihg", "--action", "bonus", "--note", "x"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no flag rule `hihg`
    hint: did you mean `high`?
    ");
    insta::assert_snapshot!(run(&["--rule", "high", "--action", "warning", "--note", "x"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `warning` is not an action for a reward flag
    hint: actions for this flag: bonus, recognition, raise, coaching, no-action
    ");
    insta::assert_snapshot!(run(&["--rule", "high", "--action", "bonus", "--note", "  "]), @r#"
    exit: 1
    --- stdout
    --- stderr
    error: the note is empty: a decision says why
    hint: say why in --note, e.g. --note "Four excellent calls; bonus per the Q4 policy"
    "#);
    // A reward rule that does not fire for a-2, and coaching on a discipline flag is fine.
    let not_firing = sb.refuse(&[
        "--as",
        "lea",
        "flags",
        "decide",
        "a-2",
        "--as-of",
        "2026-11-30",
        "--rule",
        "high",
        "--action",
        "bonus",
        "--note",
        "x",
    ]);
    insta::assert_snapshot!(not_firing, @r"
    exit: 1
    --- stdout
    --- stderr
    error: flag `high` (one-score) does not fire for `a-2` as of 2026-11-30
    hint: a decision answers a flag that fires: `qaudit flags --agent a-2 --as-of 2026-11-30` shows what fires and why
    ");
    decide(
        &sb,
        "lea",
        "a-2",
        &["--rule", "low", "--action", "coaching", "--note", "Coaching first"],
    )
    .success();
    assert_eq!(
        decisions_json(&sb, "lea", &["--agent", "a-2"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn only_leads_decide_and_a_refusal_leaves_the_store_byte_identical() {
    let (sb, _, _) = firing();
    let before = store_bytes(&sb);
    for who in ["eva", "sam", "a-1", "nobody"] {
        let out = sb.refuse(&[
            "--as",
            who,
            "flags",
            "decide",
            "a-1",
            "--as-of",
            "2026-11-30",
            "--rule",
            "high",
            "--action",
            "bonus",
            "--note",
            "Two excellent calls",
        ]);
        assert!(out.stderr.contains("may not decide on flags"), "{who}: {out}");
        assert!(out.stderr.contains("hint: "), "{who}: {out}");
        assert_eq!(store_bytes(&sb), before, "{who}: the store is byte-identical");
    }
    for who in ["eva", "sam"] {
        let out = sb.refuse(&["--as", who, "flags", "decisions"]);
        assert!(out.stderr.contains("may not see flag decisions"), "{who}: {out}");
        let out = sb.refuse(&["--as", who, "export", "decisions"]);
        assert!(out.stderr.contains("may not see flag decisions"), "{who}: {out}");
        let out = sb.refuse(&["--as", who, "report", "decisions"]);
        assert!(out.stderr.contains("may not see flag decisions"), "{who}: {out}");
    }
    assert_eq!(store_bytes(&sb), before);
}

#[test]
fn an_agent_sees_only_their_own_decisions() {
    let (sb, _, _) = firing();
    decide(&sb, "lea", "a-1", &BONUS).success();
    decide(
        &sb,
        "lea",
        "a-2",
        &["--rule", "low", "--action", "warning", "--note", "Second low month"],
    )
    .success();
    let own = decisions_json(&sb, "a-1", &[]);
    let agents: Vec<&str> = own
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["agent"].as_str().unwrap())
        .collect();
    assert_eq!(agents, ["a-1"]);
    assert_eq!(decisions_json(&sb, "lea", &[]).as_array().unwrap().len(), 2);
    let other = sb.refuse(&["--as", "a-1", "flags", "decisions", "--agent", "a-2"]);
    assert!(other.stderr.contains("no agent `a-2`"), "{other}");
    let csv = stdout_of(sb.qaudit().args(["--as", "a-1", "export", "decisions"]));
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(",a-1,") && !csv.contains(",a-2,"), "{csv}");
}

#[test]
fn the_export_escapes_formula_cells_and_gives_json() {
    let (sb, _, _) = firing();
    decide(
        &sb,
        "lea",
        "a-1",
        &["--rule", "high", "--action", "bonus", "--note", "=HYPERLINK(\"x\")"],
    )
    .success();
    let csv = stdout_of(sb.qaudit().args(["--as", "lea", "export", "decisions"]));
    assert!(csv.starts_with("decision,agent,agent_name,team,rubric"), "{csv}");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "export",
        "decisions",
    ])))
    .unwrap();
    assert_eq!(json[0]["mean"], 95.5);
}

#[test]
fn the_consistency_report_lists_decisions_by_lead_and_flags_without_one() {
    let (sb, _, _) = firing();
    decide(&sb, "lea", "a-1", &BONUS).success();
    let args = [
        "--as",
        "lea",
        "report",
        "decisions",
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-14",
    ];
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(args).args(["--format", "json"]))).unwrap();
    assert_eq!(json["undecided_as_of"], "2026-11-30");
    assert_eq!(json["rules"][0]["rule"], "high");
    assert_eq!(json["rules"][0]["leads"][0]["lead"], "lea");
    assert_eq!(json["rules"][0]["leads"][0]["actions"][0]["action"], "bonus");
    assert_eq!(json["rules"][0]["leads"][0]["actions"][0]["mean_min"], 95.5);
    let undecided: Vec<(&str, &str)> = json["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["agent"].as_str().unwrap(), u["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        undecided,
        [("a-2", "low")],
        "a-1's flag has its decision, a-2's has none"
    );
    let md = stdout_of(sb.qaudit().args(args).args(["--format", "md"]));
    assert!(md.contains("## Flags without a decision"), "{md}");
    assert!(
        md.contains("| a-2 (Luis Mora) | low (one-score) | Discipline |"),
        "{md}"
    );
    let html = stdout_of(sb.qaudit().args(args).args(["--format", "html"]));
    assert!(html.contains("<td>lea</td><td>bonus</td>"), "{html}");
    // With a shorter wait the day checked moves, and the period holds no decision.
    let later: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "--format",
        "json",
        "report",
        "decisions",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-05",
        "--days",
        "5",
    ])))
    .unwrap();
    assert_eq!(later["undecided_as_of"], "2026-11-30");
    assert_eq!(later["decisions"], 0);
}

#[test]
fn the_consistency_report_speaks_spanish_for_spanish_rubrics() {
    let (sb, _, _) = firing_in_spanish();
    decide(&sb, "lea", "a-1", &BONUS).success();
    let args = [
        "--as",
        "lea",
        "report",
        "decisions",
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-14",
    ];
    let md = stdout_of(sb.qaudit().args(args).args(["--format", "md"]));
    for words in [
        "# Decisiones sobre las señales",
        "## Señales sin decisión",
        "| lea | prima | 1 | a-1 | 2 | 95,5 |",
        "30/11/2026",
        "Disciplina",
    ] {
        assert!(md.contains(words), "{words}:\n{md}");
    }
    let txt = stdout_of(sb.qaudit().args(args));
    assert!(txt.contains("DECISIONES POR REGLA"), "{txt}");
}

#[test]
fn verify_names_a_decision_edited_behind_qaudits_back() {
    let (sb, _, _) = firing();
    decide(&sb, "lea", "a-1", &BONUS).success();
    sb.qaudit().arg("verify").assert().success();
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let refused = conn.execute("UPDATE flag_decisions SET action = 'no-action' WHERE id = 1", []);
    assert!(refused.is_err(), "the trigger refuses the edit");
    assert!(conn.execute("DELETE FROM flag_decisions WHERE id = 1", []).is_err());
    conn.execute_batch(
        "DROP TRIGGER flag_decisions_no_change;
         UPDATE flag_decisions SET action = 'raise', note = 'Raise' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let out = sb.refuse(&["verify"]);
    assert!(
        out.stdout.contains("decision:1") || out.stderr.contains("decision:1"),
        "verify names the decision: {out}"
    );
    assert!(out.to_string().contains("was changed outside qaudit"), "{out}");
}
