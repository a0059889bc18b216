//! Issue 14: roles on every write. The first lead is made by `init --lead` (or the first
//! `staff add` of a store without a lead); from then on staff and roles are a lead's to change,
//! only staff change the store, and agents act only on their own work.

mod common;

use common::{Sandbox, call_quality_answers, query_i64, stdout_of, team};

/// Runs `args`, asserts it is refused with the store unchanged, and returns the refusal for
/// its snapshot.
fn refused(sb: &Sandbox, args: &[&str]) -> common::Outcome {
    let before = common::fingerprint(&sb.db());
    let refusal = sb.refuse(args);
    assert_eq!(common::fingerprint(&sb.db()), before, "{args:?} changed the store");
    refusal
}

#[test]
fn init_makes_the_first_lead_who_alone_adds_staff() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.qaudit().args(["init", "--lead", "lea", "--name", "Lea Sol"]));
    assert!(out.contains("lea (Lea Sol) is a lead"), "{out}");
    // Nobody else makes themselves a lead, or anything else.
    let refusal = refused(&sb, &["staff", "add", "eve", "--name", "Eve", "--role", "lead"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `tester` is not a staff member, so may not add staff or change roles
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role lead`
    ");
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "eva",
            "--name",
            "Eva Gil",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let refusal = refused(
        &sb,
        &[
            "--as", "eva", "staff", "add", "eva", "--name", "Eva Gil", "--role", "lead",
        ],
    );
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not add staff or change roles: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    let refusal = refused(&sb, &["agent", "add", "a-1", "--name", "Ana"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `tester` is not a staff member, so may not change the store
    hint: pass --as YOUR_ID (or set QAUDIT_USER); a lead adds staff with `qaudit staff add ID --name NAME --role ROLE`
    ");
    let rubric = common::root().join("examples/rubrics/chat-support.yaml");
    let refusal = refused(&sb, &["--as", "nobody", "rubric", "import", rubric.to_str().unwrap()]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `nobody` is not a staff member, so may not change the store
    hint: pass --as YOUR_ID (or set QAUDIT_USER); a lead adds staff with `qaudit staff add ID --name NAME --role ROLE`
    ");
    // The log records who acted, and as whom the OS ran it.
    let log: serde_json::Value = serde_json::from_str(&stdout_of(
        sb.qaudit().args(["log", "--format", "json", "--limit", "1"]),
    ))
    .unwrap();
    assert_eq!(log[0]["actor"], "lea");
    assert_eq!(log[0]["action"], "staff.add");
}

#[test]
fn the_first_staff_add_of_a_store_without_a_lead_needs_nobody() {
    let sb = Sandbox::new();
    sb.init();
    sb.qaudit()
        .args(["staff", "add", "boss", "--name", "Boss", "--role", "lead"])
        .assert()
        .success();
    let refusal = refused(&sb, &["staff", "add", "eve", "--name", "Eve", "--role", "lead"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `tester` is not a staff member, so may not add staff or change roles
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role lead`
    ");
}

#[test]
fn evaluation_import_needs_a_lead_and_records_them() {
    let sb = Sandbox::new();
    team(&sb);
    let mut csv = String::from("evaluation,subject,evaluator,rubric,scored_at,criterion,value\n");
    for line in call_quality_answers(&[]).lines().skip(1) {
        let (k, v) = line.trim().split_once(": ").unwrap();
        csv.push_str(&format!("old-1,CALL-1,eva,call-quality,2026-11-03 10:00,{k},{v}\n"));
    }
    let file = sb.write("history.csv", &csv);
    let f = file.display().to_string();
    let refusal = refused(&sb, &["--as", "eva", "evaluation", "import", &f]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not import evaluations: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    insta::assert_snapshot!(refused(&sb, &["evaluation", "import", &f]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `tester` is not a staff member, so may not import evaluations
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role lead`
    ");
    sb.qaudit()
        .args(["--as", "lea", "evaluation", "import", &f])
        .assert()
        .success();
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.import' AND actor = 'lea'
               AND json_extract(change, '$.imported_by') = 'lea'"
        ),
        1
    );
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM evaluation_revisions WHERE created_by = 'lea'"
        ),
        1
    );
}

#[test]
fn agents_act_only_on_their_own_work() {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("a.yaml", &call_quality_answers(&[]));
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
        .arg(&answers)
        .assert()
        .success();
    let refusal = refused(&sb, &["--as", "a-1", "agent", "add", "a-9", "--name", "Nine"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `a-1` is not a staff member, so may not change the store
    hint: pass --as YOUR_ID (or set QAUDIT_USER); a lead adds staff with `qaudit staff add ID --name NAME --role ROLE`
    ");
    let refusal = refused(&sb, &["--as", "a-2", "evaluation", "ack", "1"]);
    insta::assert_snapshot!(refusal, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `a-2` is not a staff member, so may not acknowledge evaluation 1 for a-1
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role lead`
    ");
    sb.qaudit()
        .args(["--as", "a-1", "evaluation", "ack", "1"])
        .assert()
        .success();
}
