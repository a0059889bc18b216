//! Blind double scoring outside the queue (issue 16, item 5; the second-opinion rule of issue
//! 15): staff without the lead role see another evaluator's evaluation of a subject only once
//! they have submitted their own of it, in `evaluation list`, `evaluation show`, `report
//! feedback` and the evaluation exports alike; leads see everything; agents their own counted
//! evaluations, never a second opinion. A hidden evaluation is "not found".

mod common;

use common::{DOUBLE_DRAW, Sandbox, call_quality_answers, query_i64, score_cmd, stdout_of, team_with_tom};

/// `who` scores `interaction` with call-quality (best answers but `overrides`), `extra` flags;
/// returns the evaluation's id.
fn score(sb: &Sandbox, who: &str, interaction: &str, overrides: &[(&str, &str)], extra: &[&str]) -> i64 {
    score_cmd(sb, who, interaction, "call-quality", &call_quality_answers(overrides))
        .args(extra)
        .assert()
        .success();
    query_i64(&sb.db(), "SELECT max(id) FROM evaluations")
}

/// The evaluation ids `who` finds by each of the four ways of reading evaluations, as
/// `(list, show, feedback, export evaluations, export scores)`; `show` and `feedback` tried on
/// every id of the store.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    list: Vec<i64>,
    show: Vec<i64>,
    feedback: Vec<i64>,
    export: Vec<i64>,
    scores: Vec<i64>,
}

fn seen_by(sb: &Sandbox, who: &str) -> Seen {
    let all = query_i64(&sb.db(), "SELECT max(id) FROM evaluations");
    let list: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--as",
        who,
        "evaluation",
        "list",
        "--limit",
        "0",
        "--format",
        "json",
    ])))
    .unwrap();
    let list = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect::<Vec<_>>();
    let readable = |args: &[&str]| {
        (1..=all)
            .filter(|id| {
                let id = id.to_string();
                let out = sb.qaudit().args(["--as", who]).args(args).arg(&id).output().unwrap();
                // Seen: shown, or refused for what it is (a draft has no feedback sheet yet);
                // hidden: refused exactly as a missing evaluation would be.
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "{who} {args:?} {id}: {stderr}"
                );
                !stderr.contains(&format!("error: no evaluation {id}\n"))
            })
            .collect::<Vec<_>>()
    };
    let exported = |what: &str| {
        let csv = stdout_of(sb.qaudit().args(["--as", who, "export", what, "--status", "all"]));
        let mut ids: Vec<i64> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect();
        ids.dedup();
        ids
    };
    let mut list = list;
    list.sort();
    Seen {
        list,
        show: readable(&["evaluation", "show"]),
        feedback: readable(&["report", "feedback"]),
        export: exported("evaluations"),
        scores: exported("scores"),
    }
}

/// The same ids by every way of reading.
fn everywhere(ids: &[i64]) -> Seen {
    Seen {
        list: ids.to_vec(),
        show: ids.to_vec(),
        feedback: ids.to_vec(),
        export: ids.to_vec(),
        scores: ids.to_vec(),
    }
}

#[test]
fn a_double_scoring_assignee_sees_the_first_evaluation_only_after_submitting_their_own() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    sb.qaudit().args(DOUBLE_DRAW).assert().success();
    let eva_first = query_i64(
        &sb.db(),
        "SELECT evaluator_id = 'eva' FROM sample_items si JOIN interactions i ON i.id = si.interaction_id
         WHERE i.external_id = 'CALL-1'",
    ) == 1;
    let (first, second) = if eva_first { ("eva", "tom") } else { ("tom", "eva") };
    let counted = score(&sb, first, "CALL-1", &[("courtesy.tone", "3")], &[]);
    assert_eq!(seen_by(&sb, second), everywhere(&[]), "blind before scoring");
    assert_eq!(seen_by(&sb, first), everywhere(&[counted]));

    // A draft of one's own is no submitted evaluation: the first stays hidden.
    let draft_args = ["--second-opinion", "--draft"];
    let draft = score(&sb, second, "CALL-1", &[("courtesy.tone", "-")], &draft_args);
    let seen = seen_by(&sb, second);
    assert_eq!(seen.list, vec![draft], "own draft only: {seen:?}");
    assert!(
        !seen.show.contains(&counted) && !seen.export.contains(&counted),
        "{seen:?}"
    );

    // Submitted: now both are in sight, by every way of reading.
    score(&sb, second, "CALL-1", &[("courtesy.tone", "4")], &["--second-opinion"]);
    assert_eq!(
        query_i64(
            &sb.db(),
            &format!("SELECT status = 'submitted' FROM evaluations WHERE id = {draft}")
        ),
        1,
        "scoring again completed the draft"
    );
    let both = everywhere(&[counted, draft]);
    assert_eq!(seen_by(&sb, second), both);
    assert_eq!(seen_by(&sb, first), both, "the first sees the second's");
    assert_eq!(seen_by(&sb, "lea"), both, "a lead sees both");
}

#[test]
fn an_evaluator_sees_no_one_elses_evaluation_of_a_subject_they_have_not_scored() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    let eva_call = score(&sb, "eva", "CALL-1", &[], &[]);
    let tom_chat = score(&sb, "tom", "CHAT-1", &[("courtesy.tone", "3")], &[]);
    let tom_call = score(&sb, "tom", "CALL-1", &[("courtesy.tone", "4")], &["--second-opinion"]);

    // eva scored CALL-1, not CHAT-1: tom's CALL-1 is in sight, his CHAT-1 is not.
    assert_eq!(seen_by(&sb, "eva"), everywhere(&[eva_call, tom_call]));
    assert_eq!(seen_by(&sb, "tom"), everywhere(&[eva_call, tom_chat, tom_call]));

    // Agents: their own counted evaluations, never the second opinion.
    assert_eq!(seen_by(&sb, "a-1"), everywhere(&[eva_call, tom_chat]));
    assert_eq!(seen_by(&sb, "a-2"), everywhere(&[]));

    // A lead sees everything; the counted-only export leaves the second opinion out for all.
    assert_eq!(seen_by(&sb, "lea"), everywhere(&[eva_call, tom_chat, tom_call]));
    let counted = stdout_of(sb.qaudit().args(["--as", "eva", "export", "evaluations"]));
    assert_eq!(counted.lines().count(), 2, "header and eva's CALL-1 only:\n{counted}");
}

#[test]
fn a_hidden_evaluation_reads_as_a_missing_one() {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    score(&sb, "eva", "CALL-1", &[], &[]);
    let hidden = sb.refuse(&["--as", "tom", "evaluation", "show", "1"]);
    let missing = sb.refuse(&["--as", "tom", "evaluation", "show", "9"]);
    assert_eq!(
        hidden.to_string().replace("evaluation 1", "evaluation N"),
        missing.to_string().replace("evaluation 9", "evaluation N")
    );
    insta::assert_snapshot!(hidden, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no evaluation 1
    hint: `qaudit evaluation list` shows evaluation numbers
    ");
    let sheet = sb.refuse(&["--as", "tom", "report", "feedback", "1"]);
    assert_eq!(
        sheet.stderr, hidden.stderr,
        "report feedback refuses as evaluation show does"
    );
}
