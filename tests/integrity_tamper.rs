//! Issue 14: someone with the store file but not the key edits it with SQLite, after dropping
//! every trigger; `verify` names each change with exit 1.

mod common;

use common::{Sandbox, call_quality_answers, stdout_of, store_visit_answers, team};
use std::path::PathBuf;

/// A store with one of everything that matters: a scored call with a criterion comment, an
/// approved visit with a receipt, a dispute, a coaching plan, a sample, a calibration session.
fn rich() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let answers = sb.write("a.yaml", &call_quality_answers(&[("courtesy.greeting", "no")]));
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
        .args(["--comment", "Good call", "--note", "courtesy.greeting=Forgot the name"])
        .assert()
        .success();
    let mail = sb.write("m.yaml", &call_quality_answers(&[]));
    sb.qaudit()
        .args([
            "--as",
            "eva",
            "score",
            "--interaction",
            "MAIL-1",
            "--rubric",
            "call-quality",
            "--answers",
        ])
        .arg(&mail)
        .assert()
        .success();
    let visit = sb.write("v.yaml", &store_visit_answers(&[]));
    let receipt = sb.write("receipt.txt", "TICKET 0042 total 12.50");
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
        .args(["--visited-at", "2026-11-20 11:05", "--staff-agent", "a-1", "--answers"])
        .arg(&visit)
        .arg("--attach")
        .arg(&receipt)
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "lea", "visit", "review", "1", "--approve"])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-1", "dispute", "open", "1", "--reason", "I did greet"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "plan",
            "a-2",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--save",
        ])
        .assert()
        .success();
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
        ])
        .args(["--per-agent", "1", "--evaluators", "eva", "--seed", "7"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "call-quality",
            "--subject",
            "interaction:CHAT-1",
        ])
        .args(["--evaluators", "eva,lea", "--reference", "lea"])
        .assert()
        .success();
    sb.qaudit().arg("verify").assert().success();
    sb
}

/// A copy of the store, edited by `sql` with every trigger dropped first.
fn tampered(sb: &Sandbox, name: &str, sql: &str) -> PathBuf {
    let copy = sb.path(&format!("{name}.db"));
    std::fs::copy(sb.db(), &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(triggers.len() >= 20, "the history tables are guarded: {triggers:?}");
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\"")).unwrap();
    }
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("{name}: {e}"));
    copy
}

/// `verify` of `db`, refused (exit 1): what it names, for the snapshot.
fn named(sb: &Sandbox, db: &std::path::Path) -> common::Outcome {
    sb.refusal(sb.qaudit_on(db).arg("verify"))
}

#[test]
fn every_edit_of_an_evaluation_is_named() {
    let sb = rich();
    let edits = [
        ("evaluator", "UPDATE evaluations SET evaluator_id = 'lea' WHERE id = 1"),
        ("agent", "UPDATE evaluations SET agent_id = 'a-2' WHERE id = 1"),
        ("status", "UPDATE evaluations SET status = 'void' WHERE id = 1"),
        ("calibration", "UPDATE evaluations SET calibration_id = 1 WHERE id = 1"),
        (
            "dates",
            "UPDATE evaluations SET occurred_at = '2026-10-01T00:00:00Z', scored_at = '2026-10-02T00:00:00Z' WHERE id = 1",
        ),
        (
            "ack",
            "UPDATE evaluations SET acknowledged_at = '2026-11-21T10:00:00Z' WHERE id = 1",
        ),
        ("revision-pointer", "UPDATE evaluations SET revision = 2 WHERE id = 1"),
        (
            "comment",
            "UPDATE evaluations SET comment = 'Terrible call' WHERE id = 1",
        ),
        (
            "criterion-comment",
            "UPDATE criterion_scores SET comment = 'Rude' WHERE criterion_key = 'courtesy.greeting'",
        ),
        ("revision-author", "UPDATE evaluation_revisions SET created_by = 'sam'"),
    ];
    // One snapshot for all the edits (insta takes no inline snapshot inside a loop).
    let mut findings = String::new();
    for (name, sql) in edits {
        let db = tampered(&sb, name, sql);
        findings.push_str(&format!("## {name}\n{}", named(&sb, &db)));
    }
    insta::assert_snapshot!(findings, @r"
    ## evaluator
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/evaluator.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## agent
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/agent.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## status
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/status.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## calibration
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/calibration.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## dates
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/dates.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## ack
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/ack.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## revision-pointer
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/revision-pointer.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## comment
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/comment.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## criterion-comment
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/criterion-comment.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      records: evaluation:2: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 13 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## revision-author
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/revision-author.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      records: evaluation:2: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 13 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn a_rewritten_or_fabricated_evaluation_is_named() {
    let sb = rich();
    // DELETE then INSERT of the whole evaluation, consistent in itself: the critical failure
    // disappears, scores recompute cleanly, but the digest differs.
    let db = tampered(
        &sb,
        "rewrite",
        "UPDATE criterion_scores SET answer = 'yes', norm = 1.0, critical_failed = 0 WHERE criterion_key = 'courtesy.greeting';
         CREATE TEMP TABLE e AS SELECT * FROM evaluations WHERE id = 1;
         DELETE FROM evaluations WHERE id = 1;
         INSERT INTO evaluations SELECT * FROM e;",
    );
    insta::assert_snapshot!(named(&sb, &db), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 3 problem(s) in [sandbox]/rewrite.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      evaluation: evaluation 1 revision 1: stored overall 97.5000, recomputed 100.0000
      evaluation: evaluation 1 revision 1: stored score of section `courtesy` differs from its answers
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // INSERT OR REPLACE of a revision.
    let db = tampered(
        &sb,
        "replace",
        "INSERT OR REPLACE INTO evaluation_revisions SELECT evaluation_id, revision, 100.0, 1, 0, band, comment, reason, created_by, created_at FROM evaluation_revisions WHERE evaluation_id = 1",
    );
    insta::assert_snapshot!(named(&sb, &db), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 3 problem(s) in [sandbox]/replace.db
      records: evaluation:1: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 12 recorded
      evaluation: evaluation 1: its stored result differs from its current revision
      evaluation: evaluation 1 revision 1: stored overall 100.0000, recomputed 97.5000
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    // Three evaluations inserted with no audit entry (fabricated critical failures).
    let db = tampered(
        &sb,
        "fabricated",
        "INSERT INTO evaluations (subject_kind, interaction_id, rubric_id, rubric_version, evaluator_id, agent_id,
             occurred_at, scored_at, status, revision, overall, passed, critical_failed)
         SELECT 'interaction', 2, 'call-quality', 2, 'eva', 'a-1', '2026-11-03T10:00:00Z', '2026-11-04T10:00:00Z',
             'submitted', 1, 0, 0, 1 FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3);",
    );
    insta::assert_snapshot!(named(&sb, &db), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 3 problem(s) in [sandbox]/fabricated.db
      records: evaluation:4: is in the tables (evaluations, evaluation_revisions, criterion_scores, section_scores) but no audit entry records it: it was inserted outside qaudit
      records: evaluation:5: is in the tables (evaluations, evaluation_revisions, criterion_scores, section_scores) but no audit entry records it: it was inserted outside qaudit
      records: evaluation:6: is in the tables (evaluations, evaluation_revisions, criterion_scores, section_scores) but no audit entry records it: it was inserted outside qaudit
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn people_visits_and_evidence_edits_are_named() {
    let sb = rich();
    let cases: &[(&str, &str)] = &[
        ("staff-name", "UPDATE staff SET name = 'Mallory' WHERE id = 'eva'"),
        ("staff-role", "INSERT INTO staff_roles VALUES ('eva', 'lead')"),
        (
            "staff-role-gone",
            "DELETE FROM staff_roles WHERE staff_id = 'lea' AND role = 'lead'",
        ),
        ("agent-name", "UPDATE agents SET team = 'south' WHERE id = 'a-1'"),
        ("location", "UPDATE locations SET name = 'Elsewhere'"),
        ("visit-status", "UPDATE visits SET status = 'returned' WHERE id = 1"),
        (
            "attachment-content",
            "UPDATE attachments SET content = CAST('TICKET 0042 total 99.50' AS BLOB)",
        ),
        ("attachment-deleted", "DELETE FROM attachments"),
        (
            "interaction-deleted",
            "DELETE FROM interactions WHERE external_id = 'MAIL-1'",
        ),
    ];
    // One snapshot for all the edits (insta takes no inline snapshot inside a loop).
    let mut findings = String::new();
    for (name, sql) in cases {
        let db = tampered(&sb, name, sql);
        findings.push_str(&format!("## {name}\n{}", named(&sb, &db)));
    }
    insta::assert_snapshot!(findings, @r"
    ## staff-name
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/staff-name.db
      records: staff:eva: was changed outside qaudit: its rows in staff, staff_roles differ from what audit entry 8 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## staff-role
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/staff-role.db
      records: staff:eva: was changed outside qaudit: its rows in staff, staff_roles differ from what audit entry 8 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## staff-role-gone
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/staff-role-gone.db
      records: staff:lea: was changed outside qaudit: its rows in staff, staff_roles differ from what audit entry 10 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## agent-name
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/agent-name.db
      records: agent:a-1: was changed outside qaudit: its rows in agents differ from what audit entry 6 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## location
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/location.db
      records: location:mad-01: was changed outside qaudit: its rows in locations differ from what audit entry 5 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## visit-status
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/visit-status.db
      records: visit:1: was changed outside qaudit: its rows in visits, visit_revisions, visit_reviews differ from what audit entry 17 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## attachment-content
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/attachment-content.db
      records: attachment:1: was changed outside qaudit: its rows in attachments, attachment_removals differ from what audit entry 14 recorded
      records: attachment:1 (receipt.txt of visit 1): its bytes do not match its stored sha256: the file was changed
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## attachment-deleted
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/attachment-deleted.db
      records: attachment:1: was deleted outside qaudit: audit entry 14 recorded it, the tables no longer hold it
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## interaction-deleted
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/interaction-deleted.db
      foreign-keys: evaluations row 2: refers to a missing row of interactions
      records: interaction:3: was deleted outside qaudit: audit entry 11 recorded it, the tables no longer hold it
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn disputes_plans_samples_calibration_and_rubrics_edits_are_named() {
    let sb = rich();
    let cases: &[(&str, &str)] = &[
        ("dispute-deleted", "DELETE FROM disputes"),
        (
            "dispute-flipped",
            "UPDATE disputes SET status = 'accepted', resolved_by = 'lea'",
        ),
        ("plan-text", "UPDATE coaching_plans SET plan = '{}'"),
        ("sample-seed", "UPDATE samples SET seed = 8"),
        ("sample-item", "DELETE FROM sample_items"),
        ("calibration", "UPDATE calibration_sessions SET reference_id = 'eva'"),
        (
            "rubric-title",
            "UPDATE rubric_versions SET title = 'Other', yaml = replace(yaml, 'title: ', 'title: Other ') WHERE rubric_id = 'call-quality'",
        ),
    ];
    // One snapshot for all the edits (insta takes no inline snapshot inside a loop).
    let mut findings = String::new();
    for (name, sql) in cases {
        let db = tampered(&sb, name, sql);
        findings.push_str(&format!("## {name}\n{}", named(&sb, &db)));
    }
    insta::assert_snapshot!(findings, @r"
    ## dispute-deleted
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/dispute-deleted.db
      records: dispute:1: was deleted outside qaudit: audit entry 18 recorded it, the tables no longer hold it
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## dispute-flipped
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/dispute-flipped.db
      records: dispute:1: was changed outside qaudit: its rows in disputes differ from what audit entry 18 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## plan-text
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/plan-text.db
      records: coaching-plan:1: was changed outside qaudit: its rows in coaching_plans, coaching_comments differ from what audit entry 19 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## sample-seed
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/sample-seed.db
      records: sample:1: was changed outside qaudit: its rows in samples, sample_items, sample_doubles differ from what audit entry 20 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## sample-item
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/sample-item.db
      records: sample:1: was changed outside qaudit: its rows in samples, sample_items, sample_doubles differ from what audit entry 20 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## calibration
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/calibration.db
      records: calibration:1: was changed outside qaudit: its rows in calibration_sessions, calibration_subjects, calibration_participants differ from what audit entry 21 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ## rubric-title
    exit: 1
    --- stdout
    --- stderr
    error: verify found 2 problem(s) in [sandbox]/rubric-title.db
      records: rubric:call-quality@2: was changed outside qaudit: its rows in rubric_versions differ from what audit entry 1 recorded
      rubric: rubric call-quality version 2: its text does not match its stored sha256: it was changed after import
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn a_rubric_with_its_text_and_sha256_swapped_together_is_named() {
    let sb = rich();
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let (yaml, sha): (String, String) = conn
        .query_row(
            "SELECT yaml, sha256 FROM rubric_versions WHERE rubric_id = 'store-visit'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    // The store-visit text and hash put under call-quality's name: consistent, but not logged.
    let db = tampered(
        &sb,
        "swap",
        &format!(
            "UPDATE rubric_versions SET yaml = '{}', sha256 = '{sha}' WHERE rubric_id = 'calidad-contacto'",
            yaml.replace('\'', "''")
        ),
    );
    insta::assert_snapshot!(named(&sb, &db), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/swap.db
      records: rubric:calidad-contacto@2: was changed outside qaudit: its rows in rubric_versions differ from what audit entry 3 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
}

#[test]
fn the_demo_writes_one_digest_per_record() {
    let sb = Sandbox::new();
    sb.qaudit()
        .args([
            "demo",
            "--interactions",
            "300",
            "--evaluations",
            "120",
            "--visits",
            "6",
            "--quiet",
        ])
        .assert()
        .success();
    let db = sb.db();
    let evaluations = common::query_i64(&db, "SELECT count(*) FROM evaluations");
    let digests = common::query_i64(
        &db,
        "SELECT count(DISTINCT record) FROM audit_records WHERE record LIKE 'evaluation:%'",
    );
    assert_eq!(digests, evaluations, "every demo evaluation has its digest");
    let bulk = common::query_i64(
        &db,
        "SELECT count(*) FROM audit_records r JOIN audit_log l ON l.seq = r.seq WHERE l.action = 'evaluation.import'",
    );
    assert!(bulk >= 100, "the demo's bulk entries carry digests ({bulk})");
    let edited = tampered(
        &sb,
        "demo-edit",
        "UPDATE criterion_scores SET comment = 'x' WHERE evaluation_id = 7",
    );
    insta::assert_snapshot!(named(&sb, &edited), @r"
    exit: 1
    --- stdout
    --- stderr
    error: verify found 1 problem(s) in [sandbox]/demo-edit.db
      records: evaluation:7: was changed outside qaudit: its rows in evaluations, evaluation_revisions, criterion_scores, section_scores differ from what audit entry 174 recorded
    hint: restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit
    ");
    let out = stdout_of(sb.qaudit().arg("verify"));
    assert!(out.contains("No problems found"), "{out}");
}
