//! Scoring, evaluation history, visits and the audit log, through the binary.

mod common;

use common::{Sandbox, call_quality_answers, fingerprint, query_i64, score_cmd, stdout_of, store_visit_answers, team};
use predicates::prelude::*;

/// `eva` scores `interaction` with call-quality from the answers text.
fn score(sb: &Sandbox, interaction: &str, answers: &str) -> assert_cmd::assert::Assert {
    score_cmd(sb, "eva", interaction, "call-quality", answers).assert()
}

#[test]
fn scoring_from_an_answers_file_prints_the_result() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = call_quality_answers(&[("empathy.listening", "partly"), ("courtesy.tone", "4")]);
    let out = String::from_utf8(score(&sb, "CALL-1", &answers).success().get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("score_result", out);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM evaluations"), 1);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores"), 24);
}

#[test]
fn a_critical_failure_is_shown_first_and_zeroes_the_score() {
    let sb = Sandbox::new();
    team(&sb);
    let mut answers = call_quality_answers(&[("security.protect_data", "no")]);
    answers.push_str("comments:\n  security.protect_data: Read the full card number aloud\n");
    let out = String::from_utf8(score(&sb, "CALL-1", &answers).success().get_output().stdout.clone()).unwrap();
    let critical = out.find("CRITICAL").expect("critical line");
    assert!(critical < out.find("Overall").unwrap(), "{out}");
    assert!(out.contains("Overall     0.0  Unsatisfactory"), "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn set_overrides_and_comment() {
    let sb = Sandbox::new();
    team(&sb);
    let file = sb.write("a.yaml", &call_quality_answers(&[]));
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(file)
            .args([
                "--set",
                "courtesy.greeting=no",
                "--comment",
                "Lovely call",
                "--format",
                "json",
            ]),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rev = &json["revisions"][0];
    let greeting = rev["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "courtesy.greeting")
        .unwrap();
    assert_eq!(greeting["answer"], "no");
    assert_eq!(rev["comment"], "Lovely call");
}

/// Every refusal of `score`: its message and hint, exit 1, and the store exactly as it was.
#[test]
fn every_refusal_leaves_the_store_unchanged() {
    let sb = Sandbox::new();
    team(&sb);
    let good = call_quality_answers(&[]);
    let cases: Vec<(&str, Vec<String>, String)> = vec![
        (
            "unknown key",
            vec![],
            call_quality_answers(&[("courtesy.greting", "yes")]),
        ),
        (
            "missing answers",
            vec![],
            call_quality_answers(&[("courtesy.tone", "-"), ("clarity.next_steps", "-")]),
        ),
        (
            "value outside the scale",
            vec![],
            call_quality_answers(&[("courtesy.tone", "7")]),
        ),
        (
            "not an option",
            vec![],
            call_quality_answers(&[("courtesy.closing", "maybe")]),
        ),
        (
            "N/A not allowed",
            vec![],
            call_quality_answers(&[("courtesy.greeting", "na")]),
        ),
        (
            "missing required comment",
            vec![],
            call_quality_answers(&[("courtesy.tone", "2")]),
        ),
        (
            "visit rubric on an interaction",
            vec!["--rubric".into(), "store-visit".into()],
            good.clone(),
        ),
        (
            "unknown interaction",
            vec!["--interaction".into(), "CALL-404".into()],
            good.clone(),
        ),
        (
            "unknown rubric",
            vec!["--rubric".into(), "call-qualty".into()],
            good.clone(),
        ),
        (
            "a shopper may not score",
            vec!["--as".into(), "sam".into()],
            good.clone(),
        ),
        ("not staff", vec!["--as".into(), "nobody".into()], good.clone()),
        (
            "bad --set",
            vec!["--set".into(), "courtesy.greeting".into()],
            good.clone(),
        ),
    ];
    let mut refusals = String::new();
    for (name, extra, answers) in cases {
        let file = sb.write("case.yaml", &answers);
        let before = fingerprint(&sb.db());
        // The case's flags replace the defaults of the same name (clap takes each once).
        let mut flags = [
            ("--as", "eva".to_string()),
            ("--interaction", "CALL-1".to_string()),
            ("--rubric", "call-quality".to_string()),
        ];
        let mut added = Vec::new();
        for pair in extra.chunks(2) {
            match flags.iter_mut().find(|(f, _)| *f == pair[0]) {
                Some(entry) => entry.1 = pair[1].clone(),
                None => added.push(pair.to_vec()),
            }
        }
        let mut cmd = sb.qaudit();
        cmd.args(["--as", flags[0].1.as_str(), "score"]);
        for (f, v) in &flags[1..] {
            cmd.args([*f, v.as_str()]);
        }
        cmd.arg("--answers").arg(&file);
        for pair in added {
            cmd.args(pair);
        }
        refusals.push_str(&format!("== {name}\n{}", sb.refusal(&mut cmd)));
        assert_eq!(fingerprint(&sb.db()), before, "{name}: the store changed");
    }
    insta::assert_snapshot!(refusals, @r"
    == unknown key
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:26:3: `courtesy.greting` is not a criterion of call-quality (did you mean `courtesy.greeting`?)
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == missing answers
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      no answer for 2 criteria: courtesy.tone, clarity.next_steps
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == value outside the scale
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:3:3: `courtesy.tone` does not take `7`; answer a whole number from 1 to 5
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == not an option
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:4:3: `courtesy.closing` does not take `maybe`; answer met, partly, not_met
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == N/A not allowed
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:2:3: `courtesy.greeting` may not be answered N/A; answer yes, no
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == missing required comment
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 1 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:3:3: `courtesy.tone` is answered `2`, low enough that the rubric requires a comment (below 50% of the scale)
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == visit rubric on an interaction
    exit: 1
    --- stdout
    --- stderr
    error: rubric store-visit scores visits, not interactions
    hint: score calls, chats and emails with an interaction rubric such as call-quality; visits are logged with `qaudit visit log`
    == unknown interaction
    exit: 1
    --- stdout
    --- stderr
    error: no interaction `CALL-404` in the store
    hint: import it with `qaudit interaction import FILE.csv`; `qaudit interaction list` shows what is there
    == unknown rubric
    exit: 1
    --- stdout
    --- stderr
    error: no rubric `call-qualty` in the store
    hint: did you mean `call-quality`?
    == a shopper may not score
    exit: 1
    --- stdout
    --- stderr
    error: `sam` may not score interactions: that needs the evaluator role
    hint: a lead can add it with `qaudit staff add sam --name NAME --role evaluator`, or act as someone else with --as
    == not staff
    exit: 1
    --- stdout
    --- stderr
    error: `nobody` is not a staff member, so may not score interactions
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role evaluator`
    == bad --set
    exit: 1
    --- stdout
    --- stderr
    error: `--set courtesy.greeting` is not KEY=VALUE; e.g. --set courtesy.greeting=yes
    hint: write each answer as --set section.criterion=value
    ");
}

#[test]
fn a_rubric_for_other_channels_is_refused() {
    let sb = Sandbox::new();
    team(&sb);
    let rubric = std::fs::read_to_string(common::root().join("rubrics/call-quality.yaml"))
        .unwrap()
        .replace("id: call-quality", "id: phone-only")
        .replace("channels: [phone, chat, email]", "channels: [phone]");
    let file = sb.write("phone-only.yaml", &rubric);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CHAT-1",
                "--rubric",
                "phone-only",
                "--answers",
            ])
            .arg(answers),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: rubric phone-only is for phone; interaction CHAT-1 is a chat
    hint: choose a rubric whose channels include chat (`qaudit rubric list`)
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn an_evaluator_may_not_score_their_own_interaction_nor_score_twice() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "a-1",
            "--name",
            "Ana Ruiz",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let file = sb.write("a.yaml", &call_quality_answers(&[]));
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "a-1",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(&file),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `a-1` handled interaction CALL-1 and may not score it
    hint: ask another evaluator to score it
    ");
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    let mut again = score_cmd(&sb, "eva", "CALL-1", "call-quality", &call_quality_answers(&[]));
    insta::assert_snapshot!(sb.refusal(&mut again), @r"
    exit: 1
    --- stdout
    --- stderr
    error: you already scored interaction CALL-1 with call-quality as evaluation 1
    hint: change it with `qaudit evaluation amend 1 --set KEY=VALUE --reason TEXT`
    ");
}

#[test]
fn a_draft_is_completed_by_scoring_again() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--draft",
        ])
        .args(["--set", "courtesy.greeting=yes", "--set", "courtesy.tone=4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved as a draft"));
    let rest = call_quality_answers(&[("courtesy.greeting", "-"), ("courtesy.tone", "-")]);
    let out = String::from_utf8(score(&sb, "CALL-1", &rest).success().get_output().stdout.clone()).unwrap();
    assert!(out.contains("submitted, revision 2"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    let answers = json["revisions"][1]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 24);
    assert!(
        answers
            .iter()
            .any(|a| a["key"] == "courtesy.tone" && a["answer"] == "4")
    );
}

#[test]
fn the_interactive_prompt_asks_each_criterion() {
    let sb = Sandbox::new();
    team(&sb);
    // One line per criterion in rubric order, with a guidance request, a wrong answer, a
    // required comment, and the overall comment at the end.
    let mut script = String::new();
    script.push_str("?\nyes\n"); // courtesy.greeting: guidance first
    script.push_str("9\n2\nSounded impatient\n"); // courtesy.tone: out of range, then 2 + required comment
    for answer in [
        "met", "met", "met", "na", "5", "met", "na", "yes", "yes", "met", "met", "yes", "na", "5", "yes", "5", "met",
        "na", "5", "5", "na", "yes",
    ] {
        script.push_str(answer);
        script.push('\n');
    }
    script.push_str("Good recovery at the end\n");
    script.push('\n'); // the review screen: Enter saves
    let assert = sb
        .qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--interactive",
        ])
        .write_stdin(script)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("[1/24] courtesy.greeting"), "{err}");
    assert!(err.contains("guidance: "), "{err}");
    assert!(err.contains("`courtesy.tone` does not take `9`"), "{err}");
    assert!(err.contains("comment (required for this answer)"), "{err}");
    assert!(err.contains("running score: "), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["revisions"][0]["comment"], "Good recovery at the end");
    let tone = json["revisions"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "courtesy.tone")
        .unwrap()
        .clone();
    assert_eq!(tone["answer"], "2");
    assert_eq!(tone["comment"], "Sounded impatient");
}

#[test]
fn the_prompt_saves_nothing_when_input_ends_early() {
    let sb = Sandbox::new();
    team(&sb);
    let before = fingerprint(&sb.db());
    let refused = sb.refuse_with_stdin(
        &[
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
            "--interactive",
        ],
        "yes\n5\n",
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    Scoring with call-quality version 1 (24 criteria).
      Agent: a-1
      When: 2026-11-02 09:15
      Channel: phone
      Duration: 5:40
    Type ? for guidance, b to go back, c to comment on the answer, q to stop (you may keep a draft).

    [1/24] courtesy.greeting
      Opened with a greeting, the company name and own name
      answer (yes, no):   running score: 100.0

    [2/24] courtesy.tone
      Kept a friendly, respectful tone throughout, including under criticism
      scale: 1 Poor · 2 Weak · 3 Adequate · 4 Good · 5 Excellent
      answer (a whole number from 1 to 5):   running score: 100.0

    [3/24] courtesy.closing
      Closed properly by checking for anything else, thanking the customer and saying goodbye
      scale: met (100) · partly (50) · not met (0)
      answer (met, partly, not_met): error: the input ended before every criterion was answered; nothing was saved
    hint: answer every criterion, or use --draft with --set to save a partial evaluation
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn no_answers_without_a_terminal_is_refused() {
    let sb = Sandbox::new();
    team(&sb);
    let refused = sb.refuse_with_stdin(
        &[
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "call-quality",
        ],
        "",
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no answers given
    hint: give an answers file with --answers FILE, answers with --set KEY=VALUE, or run in a terminal to be asked
    ");
}

#[test]
fn amend_keeps_both_revisions_and_listings_use_the_latest() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "evaluation",
            "amend",
            "1",
            "--set",
            "courtesy.greeting=no",
            "--reason",
            "Re-listened",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Amended: overall 100.0 -> 97.5"));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "evaluation",
        "show",
        "1",
        "--format",
        "json",
    ])))
    .unwrap();
    let revisions = json["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["overall"], 100.0);
    assert_eq!(revisions[1]["reason"], "Re-listened");
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(sb.qaudit().args(["evaluation", "list", "--format", "json"]))).unwrap();
    assert_eq!(list[0]["revision"], 2);
    assert!((list[0]["overall"].as_f64().unwrap() - 97.5).abs() < 1e-9);
    // The first revision's answers are still stored.
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores WHERE revision = 1"),
        24
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM criterion_scores WHERE revision = 2"),
        24
    );
}

#[test]
fn only_the_evaluator_or_a_lead_may_amend_or_void() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "ed",
            "--name",
            "Ed",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let before = fingerprint(&sb.db());
    let refused = sb.refuse(&["--as", "ed", "evaluation", "void", "1", "--reason", "mine now"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `ed` may not void another evaluator's evaluation: that needs the lead role
    hint: a lead can add it with `qaudit staff add ed --name NAME --role lead`, or act as someone else with --as
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "void",
            "1",
            "--reason",
            "Wrong call scored",
        ])
        .assert()
        .success();
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "evaluation",
        "amend",
        "1",
        "--set",
        "courtesy.greeting=no",
        "--reason",
        "x",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is void
    hint: a void evaluation stays as it is; score the subject again if needed
    ");
    let show = stdout_of(sb.qaudit().args(["evaluation", "show", "1"]));
    assert!(show.contains("Wrong call scored"), "{show}");
}

#[test]
fn ack_records_that_the_agent_has_seen_it() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("acknowledged at"));
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already acknowledged"));
    let log = stdout_of(sb.qaudit().args(["log", "--entity", "evaluation:1"]));
    assert_eq!(log.matches("evaluation.ack").count(), 1, "{log}");
    assert!(log.contains("a-1"), "{log}");
}

#[test]
fn evaluation_list_filters() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    score(&sb, "MAIL-1", &call_quality_answers(&[])).success();
    let count = |args: &[&str]| -> usize {
        let mut cmd = sb.qaudit();
        cmd.args(["evaluation", "list", "--format", "json"]).args(args);
        serde_json::from_str::<serde_json::Value>(&stdout_of(&mut cmd))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--agent", "a-2"]), 1);
    assert_eq!(count(&["--evaluator", "lea"]), 0);
    assert_eq!(count(&["--from", "2026-11-03"]), 1);
    assert_eq!(count(&["--to", "2026-11-02"]), 1);
    assert_eq!(count(&["--status", "void"]), 0);
    insta::assert_snapshot!(sb.refuse(&["evaluation", "list", "--from", "2026-13-01"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: --from: `2026-13-01` is not a day; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday or -7d
    hint: e.g. --from 2026-11-01 --to today
    ");
}

#[test]
fn every_write_is_in_the_audit_log_with_a_chained_hash() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["log", "--limit", "1000", "--format", "json"]),
    ))
    .unwrap();
    let entries = json.as_array().unwrap();
    // Newest first: each entry's prev_hash is the hash of the one after it in this list.
    for pair in entries.windows(2) {
        assert_eq!(pair[0]["prev_hash"], pair[1]["hash"]);
    }
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["rubric.import", "evaluation.create", "interaction.import"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    let by_eva = stdout_of(sb.qaudit().args(["log", "--actor", "eva"]));
    assert!(
        by_eva.contains("evaluation.create") && !by_eva.contains("rubric.import"),
        "{by_eva}"
    );
}

#[test]
fn a_shopper_logs_a_visit_with_a_receipt_and_a_lead_approves_it() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let receipt = sb.write("receipt.jpg", "\u{FFFD}JPEG bytes of a receipt");
    let narrative = sb.write("story.txt", "Entered at 11:05, greeted within a minute.");
    let out = stdout_of(
        sb.qaudit()
            .args([
                "--as",
                "sam",
                "visit",
                "log",
                "--location",
                "mad-01",
                "--rubric",
                "store-visit",
            ])
            .args([
                "--visited-at",
                "2026-11-20 11:05",
                "--departed-at",
                "2026-11-20 11:30",
                "--wait-minutes",
                "3",
            ])
            .args(["--staff-agent", "a-1", "--answers"])
            .arg(&answers)
            .arg("--attach")
            .arg(&receipt)
            .arg("--narrative-file")
            .arg(&narrative),
    );
    assert!(out.contains("Visit 1 logged"), "{out}");
    assert!(out.contains("receipt.jpg"), "{out}");
    let stored: Vec<u8> = rusqlite::Connection::open(sb.db())
        .unwrap()
        .query_row("SELECT content FROM attachments WHERE visit_id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored,
        std::fs::read(&receipt).unwrap(),
        "the evidence is stored byte for byte"
    );
    let listed = stdout_of(sb.qaudit().args(["visit", "list", "--status", "complete"]));
    assert!(listed.contains("mad-01") && listed.contains("complete"), "{listed}");
    let shown = stdout_of(sb.qaudit().args(["--as", "lea", "visit", "show", "1"]));
    assert!(
        shown.contains("receipt.jpg") && shown.contains("Entered at 11:05"),
        "{shown}"
    );

    // The shopper may not review; a lead may.
    sb.qaudit()
        .args(["--as", "sam", "visit", "review", "1", "--approve"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("that needs the lead role"));
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--approve"])
        .assert()
        .success();
    let approved = stdout_of(sb.qaudit().args(["visit", "list", "--status", "approved"]));
    assert!(approved.contains("approved"), "{approved}");
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--return", "--note", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("visit 1 is approved"));
}

#[test]
fn a_returned_visit_is_logged_again_as_a_new_revision() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let log = |extra: &[&str]| {
        let mut cmd = sb.qaudit();
        cmd.args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
            "--visited-at",
            "2026-11-20 11:05",
            "--answers",
        ])
        .arg(&answers)
        .args(extra);
        cmd.assert()
    };
    log(&[]).success();
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--return"])
        .assert()
        .code(2); // --return requires --note
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "visit",
            "review",
            "1",
            "--return",
            "--note",
            "No receipt attached",
        ])
        .assert()
        .success();
    log(&["--visit", "1"])
        .success()
        .stdout(predicate::str::contains("revision 2"));
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM visits"), 1);
    assert_eq!(
        query_i64(&sb.db(), "SELECT status = 'complete' FROM visits WHERE id = 1"),
        1
    );
}

#[test]
fn visit_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("visit.yaml", &store_visit_answers(&[]));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--as", "eva"], "may not log mystery-shopper visits"),
        (vec!["--location", "nowhere"], "no location `nowhere`"),
        (
            vec!["--rubric", "call-quality"],
            "rubric call-quality scores interactions, not visits",
        ),
        (
            vec!["--visited-at", "yesterday-ish"],
            "--visited-at: `yesterday-ish` is not a date and time",
        ),
        (
            vec!["--departed-at", "2026-11-20 10:00"],
            "--departed-at is before --visited-at",
        ),
        (vec!["--wait-minutes=-4"], "is not a waiting time"),
        (vec!["--attach", "missing.jpg"], "cannot read missing.jpg"),
        (vec!["--staff-agent", "ghost"], "no agent `ghost`"),
    ];
    for (extra, expected) in cases {
        let before = fingerprint(&sb.db());
        let mut flags = [
            ("--as", "sam"),
            ("--location", "mad-01"),
            ("--rubric", "store-visit"),
            ("--visited-at", "2026-11-20 11:05"),
        ];
        let mut added: Vec<&str> = Vec::new();
        for pair in extra.chunks(2) {
            match flags.iter_mut().find(|(f, _)| *f == pair[0]) {
                Some(entry) => entry.1 = pair[1],
                None => added.extend(pair),
            }
        }
        let mut cmd = sb.qaudit();
        cmd.args(["--as", flags[0].1, "visit", "log"]);
        for (f, v) in &flags[1..] {
            cmd.args([*f, *v]);
        }
        cmd.arg("--answers").arg(&answers).args(&added);
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{extra:?}: expected `{expected}` in {stderr}"
        );
        assert_eq!(fingerprint(&sb.db()), before, "{extra:?} changed the store");
    }
}

#[test]
fn only_the_agent_or_a_lead_acknowledges_and_disputed_evaluations_wait_for_the_dispute() {
    let sb = Sandbox::new();
    team(&sb);
    score(&sb, "CALL-1", &call_quality_answers(&[])).success();
    insta::assert_snapshot!(sb.refuse(&["--as", "eva", "evaluation", "ack", "1"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not acknowledge evaluation 1 for a-1: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    sb.qaudit()
        .args(["--as", "lea", "evaluation", "ack", "1"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "a-1",
            "dispute",
            "open",
            "1",
            "--criterion",
            "courtesy.greeting",
            "--proposed",
            "no",
            "--reason",
            "test",
        ])
        .assert()
        .success();
    let before = fingerprint(&sb.db());
    let amend = sb.refuse(&[
        "--as",
        "eva",
        "evaluation",
        "amend",
        "1",
        "--set",
        "courtesy.tone=4",
        "--reason",
        "x",
    ]);
    insta::assert_snapshot!(amend, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is under dispute 1; it cannot be amended now
    hint: a lead resolves the dispute first: `qaudit dispute resolve 1 --accept | --partial KEY=VALUE | --reject --note TEXT`
    ");
    let void = sb.refuse(&["--as", "eva", "evaluation", "void", "1", "--reason", "x"]);
    insta::assert_snapshot!(void, @r"
    exit: 1
    --- stdout
    --- stderr
    error: evaluation 1 is under dispute 1; it cannot be voided now
    hint: a lead resolves the dispute first: `qaudit dispute resolve 1 --accept | --partial KEY=VALUE | --reject --note TEXT`
    ");
    assert_eq!(fingerprint(&sb.db()), before);
}

/// Issue 15 item 3: the Spanish sheet prints `sí`, so a Spanish team answers with it (and with
/// `si`, typed without the accent); both are stored as a yes.
#[test]
fn a_spanish_rubric_takes_si_as_an_answer() {
    let sb = Sandbox::new();
    team(&sb);
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "CALL-1",
            "--rubric",
            "calidad-contacto",
            "--draft",
        ])
        .args([
            "--set",
            "cortesia.saludo=sí",
            "--set",
            "seguridad.verifica_identidad=si",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Guardada como borrador"));
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM criterion_scores WHERE answer = 'yes' AND norm = 1.0 \
             AND criterion_key IN ('cortesia.saludo', 'seguridad.verifica_identidad')"
        ),
        2
    );
}
