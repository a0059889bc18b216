//! Disputes keep double scoring blind (issue 16, item 5; the scope rule of issue 13): a
//! dispute names the contested criteria and the answers scored, so it is seen only by whoever
//! may see its evaluation. A second evaluator finds no dispute on the first evaluation (not
//! found, exactly as a missing one) until they have submitted their own evaluation of the same
//! contact; leads see every dispute, agents those on their own work.

mod common;

use common::{DOUBLE_DRAW, Sandbox, call_quality_answers, query_i64, score_cmd, stdout_of, team, team_with_tom};

/// The team plus a second evaluator, `tom`, and a 100% double sample of November.
fn double_sampled() -> Sandbox {
    let sb = Sandbox::new();
    team_with_tom(&sb);
    sb.qaudit().args(DOUBLE_DRAW).assert().success();
    sb
}

/// The dispute ids `who` finds by `dispute list`, by `dispute show` (tried on ids 1 to 3) and
/// in `export disputes`.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    list: Vec<i64>,
    show: Vec<i64>,
    export: Vec<i64>,
}

fn seen_by(sb: &Sandbox, who: &str) -> Seen {
    let listed: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--as", who, "dispute", "list", "--format", "json"]),
    ))
    .unwrap();
    let list = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    let show = (1..=3)
        .filter(|id| {
            let out = sb
                .qaudit()
                .args(["--as", who, "dispute", "show", &id.to_string()])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            if out.status.success() {
                return true;
            }
            // Hidden reads exactly as missing: the same message, hint and exit code as id 99.
            let missing = sb
                .qaudit()
                .args(["--as", who, "dispute", "show", "99"])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), missing.status.code());
            assert_eq!(
                stderr,
                String::from_utf8_lossy(&missing.stderr).replace("99", &id.to_string()),
                "{who} dispute show {id}"
            );
            false
        })
        .collect();
    let csv = stdout_of(sb.qaudit().args(["--as", who, "export", "disputes"]));
    let export = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    Seen { list, show, export }
}

fn everywhere(ids: &[i64]) -> Seen {
    Seen {
        list: ids.to_vec(),
        show: ids.to_vec(),
        export: ids.to_vec(),
    }
}

#[test]
fn a_second_evaluator_sees_a_dispute_on_the_first_evaluation_only_after_scoring_the_contact() {
    let sb = double_sampled();
    let eva_first = query_i64(
        &sb.db(),
        "SELECT evaluator_id = 'eva' FROM sample_items si JOIN interactions i ON i.id = si.interaction_id
         WHERE i.external_id = 'CALL-1'",
    ) == 1;
    let (first, second) = if eva_first { ("eva", "tom") } else { ("tom", "eva") };
    score_cmd(
        &sb,
        first,
        "CALL-1",
        "call-quality",
        &call_quality_answers(&[("courtesy.tone", "3")]),
    )
    .assert()
    .success();
    let evaluation = query_i64(&sb.db(), "SELECT max(id) FROM evaluations").to_string();
    let opened = stdout_of(
        sb.qaudit()
            .args(["--as", "a-1", "dispute", "open", &evaluation])
            .args(["--criterion", "courtesy.tone", "--proposed", "5"])
            .args(["--reason", "I was polite throughout"]),
    );
    assert!(opened.contains("Dispute 1 opened"), "{opened}");

    // Blind: the contested criterion and its answer would tell the second what the first gave.
    assert_eq!(seen_by(&sb, second), everywhere(&[]), "blind before scoring");
    let text = sb.qaudit().args(["--as", second, "dispute", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(!text.contains("courtesy.tone"), "{text}");
    assert!(text.contains("No disputes."), "{text}");

    // Those who may see the evaluation see its dispute.
    assert_eq!(seen_by(&sb, first), everywhere(&[1]), "the evaluator disputed");
    assert_eq!(seen_by(&sb, "lea"), everywhere(&[1]), "a lead sees every dispute");
    assert_eq!(seen_by(&sb, "a-1"), everywhere(&[1]), "the agent who disputed");
    assert_eq!(seen_by(&sb, "a-2"), everywhere(&[]), "another agent");
    assert_eq!(seen_by(&sb, "sam"), everywhere(&[]), "a shopper who scored nothing");

    // A draft of one's own is not enough; a submitted evaluation of the contact is.
    score_cmd(
        &sb,
        second,
        "CALL-1",
        "call-quality",
        &call_quality_answers(&[("courtesy.tone", "-")]),
    )
    .args(["--second-opinion", "--draft"])
    .assert()
    .success();
    assert_eq!(seen_by(&sb, second), everywhere(&[]), "own draft only");
    score_cmd(
        &sb,
        second,
        "CALL-1",
        "call-quality",
        &call_quality_answers(&[("courtesy.tone", "4")]),
    )
    .arg("--second-opinion")
    .assert()
    .success();
    assert_eq!(seen_by(&sb, second), everywhere(&[1]), "in sight once scored");
    let shown = stdout_of(sb.qaudit().args(["--as", second, "dispute", "show", "1"]));
    assert!(shown.contains("courtesy.tone"), "{shown}");
}

#[test]
fn an_agent_keeps_sight_of_their_resolved_dispute_when_the_evaluation_is_voided() {
    let sb = Sandbox::new();
    team(&sb);
    score_cmd(
        &sb,
        "eva",
        "CALL-1",
        "call-quality",
        &call_quality_answers(&[("courtesy.tone", "3")]),
    )
    .assert()
    .success();
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", "1", "--reason", "Wrong call"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "dispute",
            "resolve",
            "1",
            "--reject",
            "--note",
            "Void it instead",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "void",
            "1",
            "--reason",
            "Scored the wrong call",
        ])
        .assert()
        .success();
    // The evaluation no longer counts, so the agent no longer sees it; the thread is theirs.
    let evaluations = stdout_of(
        sb.qaudit()
            .args(["--as", "a-1", "evaluation", "list", "--format", "json"]),
    );
    assert_eq!(evaluations.trim(), "[]");
    assert_eq!(seen_by(&sb, "a-1").list, vec![1]);
    assert_eq!(seen_by(&sb, "a-1").show, vec![1]);
    assert_eq!(seen_by(&sb, "a-2"), everywhere(&[]));
}
