//! Every refused calibration command leaves the store as it was, through the binary.

mod common;

use common::calibration_support::{answers, calibration_score, calibration_team, new_session, refused};
use common::{Sandbox, call_quality_answers, query_i64};

#[test]
fn calibrate_new_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "ivo", "--name", "Ivo as agent"])
        .assert()
        .success();
    let csv = sb.write(
        "ivo.csv",
        "id,agent,channel,occurred_at\nCALL-9,ivo,phone,2026-11-05 10:00\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    // Each case is the command line after `--as lea calibrate new --rubric call-quality`, unless
    // it starts with `--as`.
    let cases = [
        "--as eva calibrate new --rubric call-quality --subject interaction:CALL-1 --evaluators eva,ed",
        "--subject CALL-1 --evaluators eva,ed",
        "--subject call:CALL-1 --evaluators eva,ed",
        "--subject interaction:CALL-404 --evaluators eva,ed",
        "--subject visit:1 --evaluators eva,ed",
        "--subject visit:x --evaluators eva,ed",
        "--subject interaction:CALL-1 --subject interaction:CALL-1 --evaluators eva,ed",
        "--subject interaction:CALL-1 --evaluators eva",
        "--subject interaction:CALL-1 --evaluators eva,eva",
        "--subject interaction:CALL-1 --evaluators eva,nobody",
        "--subject interaction:CALL-1 --evaluators eva,sam",
        "--subject interaction:CALL-1 --evaluators eva,ed --reference ivo",
        "--subject interaction:CALL-1 --evaluators eva,ed --tolerance=-1",
        "--subject interaction:CALL-9 --evaluators eva,ivo",
        "--as lea calibrate new --rubric store-visit --subject interaction:CALL-1 --evaluators eva,ed",
        "--as lea calibrate new --rubric nope --subject interaction:CALL-1 --evaluators eva,ed",
    ];
    // One snapshot for all the cases (insta takes no inline snapshot inside a loop).
    let mut refusals = String::new();
    for line in cases {
        let mut args: Vec<&str> = Vec::new();
        if !line.starts_with("--as") {
            args.extend(["--as", "lea", "calibrate", "new", "--rubric", "call-quality"]);
        }
        args.extend(line.split_whitespace());
        let refused = refused(&sb, &args);
        refusals.push_str(&format!("## {line}\n{refused}"));
    }
    insta::assert_snapshot!(refusals, @r#"
    ## --as eva calibrate new --rubric call-quality --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not start calibration sessions: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ## --subject CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject "CALL-1" does not say what it is
    hint: write interaction:ID or visit:NUMBER, e.g. --subject interaction:CALL-1042
    ## --subject call:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject call:CALL-1: `call` is not a kind of subject
    hint: write interaction:ID or visit:NUMBER
    ## --subject interaction:CALL-404 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-404: no interaction `CALL-404` in the store
    hint: `qaudit interaction list` shows the interactions
    ## --subject visit:1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject visit:1: no visit 1
    hint: `qaudit visit list` shows the visits
    ## --subject visit:x --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject visit:x: `x` is not a visit number
    hint: write visit:NUMBER, e.g. --subject visit:14 (`qaudit visit list` shows the numbers)
    ## --subject interaction:CALL-1 --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-1 is given twice
    hint: name each subject once
    ## --subject interaction:CALL-1 --evaluators eva
    exit: 1
    --- stdout
    --- stderr
    error: a calibration session needs at least two participants, got 1
    hint: list the evaluators who score the same subjects, e.g. --evaluators eva,lea,ed
    ## --subject interaction:CALL-1 --evaluators eva,eva
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators names `eva` twice
    hint: name each participant once
    ## --subject interaction:CALL-1 --evaluators eva,nobody
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators: `nobody` is not a staff member
    hint: `qaudit staff list` shows the staff; add someone with `qaudit staff add`
    ## --subject interaction:CALL-1 --evaluators eva,sam
    exit: 1
    --- stdout
    --- stderr
    error: --evaluators: `sam` does not have the evaluator role, which scoring interactions with call-quality needs
    hint: add it with `qaudit staff add sam --name NAME --role evaluator`
    ## --subject interaction:CALL-1 --evaluators eva,ed --reference ivo
    exit: 1
    --- stdout
    --- stderr
    error: the reference `ivo` is not one of the participants
    hint: the reference scores the subjects too: add `ivo` to --evaluators, or pick one of eva, ed
    ## --subject interaction:CALL-1 --evaluators eva,ed --tolerance=-1
    exit: 1
    --- stdout
    --- stderr
    error: --tolerance -1 is not a number of points
    hint: give the points within which overall scores count as agreeing, e.g. --tolerance 5
    ## --subject interaction:CALL-9 --evaluators eva,ivo
    exit: 1
    --- stdout
    --- stderr
    error: `ivo` handled interaction CALL-9 and may not score it
    hint: leave them out of --evaluators, or choose another interaction
    ## --as lea calibrate new --rubric store-visit --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: --subject interaction:CALL-1: rubric store-visit scores visits, not interactions
    hint: calibrate interactions with an interaction rubric, visits with a visit rubric
    ## --as lea calibrate new --rubric nope --subject interaction:CALL-1 --evaluators eva,ed
    exit: 1
    --- stdout
    --- stderr
    error: no rubric `nope` in the store
    hint: known rubrics: calidad-contacto, call-quality, store-visit, visita-tienda (import one with `qaudit rubric import FILE`)
    "#);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM calibration_sessions"), 0);
}

#[test]
fn scoring_close_and_report_refusals_leave_the_store_unchanged() {
    let sb = Sandbox::new();
    calibration_team(&sb);
    new_session(&sb, &[]);
    calibration_score(&sb, "eva", 1, "CALL-1", &answers("eva", "CALL-1")).success();
    let file = sb.write("answers.yaml", &call_quality_answers(&[]));
    let file = file.to_str().unwrap();
    let score = |who: &'static str, session: &'static str, interaction: &'static str, rubric: &'static str| {
        vec![
            "--as",
            who,
            "score",
            "--calibration",
            session,
            "--interaction",
            interaction,
            "--rubric",
            rubric,
            "--answers",
            file,
        ]
    };
    let refusal = refused(&sb, &score("ivo", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `ivo` is not a participant of calibration session 1
    hint: its participants are ed, eva, lea; act as one of them with --as
    ");
    let refusal = refused(&sb, &score("eva", "1", "CHAT-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: CHAT-1 is not a subject of calibration session 1
    hint: its subjects are interaction:CALL-1, interaction:MAIL-1
    ");
    let refusal = refused(&sb, &score("eva", "9", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no calibration session 9
    hint: a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`
    ");
    let refusal = refused(&sb, &score("ed", "1", "CALL-1", "calidad-contacto"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 scores with rubric call-quality (version 2), not calidad-contacto
    hint: pass --rubric call-quality
    ");
    let refusal = refused(&sb, &score("eva", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: you already scored CALL-1 in calibration session 1 (evaluation 1)
    hint: each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind
    ");
    let refusal = refused(&sb, &score("sam", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `sam` may not score interactions: that needs the evaluator role
    hint: a lead can add it with `qaudit staff add sam --name NAME --role evaluator`, or act as someone else with --as
    ");
    let refusal = refused(&sb, &["--as", "eva", "calibrate", "close", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not close calibration sessions: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    insta::assert_snapshot!(refused(&sb, &["calibrate", "status", "2"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no calibration session 2
    hint: a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`
    ");
    let refusal = refused(&sb, &["calibrate", "report", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is still open: its scores stay sealed until a lead closes it, so that nobody scores with the others' answers in mind
    hint: `qaudit calibrate status 1` shows who has scored; a lead closes it with `qaudit calibrate close 1`
    ");
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", "1"])
        .assert()
        .success();
    let refusal = refused(&sb, &["--as", "lea", "calibrate", "close", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is already closed
    hint: `qaudit calibrate report 1` compares its scores
    ");
    let refusal = refused(&sb, &score("ed", "1", "CALL-1", "call-quality"));
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: calibration session 1 is closed
    hint: `qaudit calibrate report 1` shows its results; a lead can start a new session
    ");
    // A report's CSV is its main table (issue 18): no longer a refusal.
    sb.qaudit()
        .args(["calibrate", "report", "1", "--format", "csv"])
        .assert()
        .success();
}
