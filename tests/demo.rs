//! The demo: runs, passes verify, is reproducible, and looks like real work.

mod common;

use common::{Sandbox, query_i64, stdout_of};

fn small_demo(sb: &Sandbox, seed: &str) {
    sb.qaudit()
        .args([
            "demo",
            "--seed",
            seed,
            "--interactions",
            "600",
            "--evaluations",
            "240",
            "--visits",
            "40",
        ])
        .assert()
        .success();
}

#[test]
fn the_default_demo_builds_a_store_that_verifies() {
    let sb = Sandbox::new();
    let out = stdout_of(sb.qaudit().arg("demo"));
    assert!(
        out.contains("3000 interactions, 900 evaluated, 96 mystery-shopper visits"),
        "{out}"
    );
    sb.qaudit().arg("verify").assert().success();
}

#[test]
fn the_same_seed_gives_the_same_store() {
    let (a, b, c) = (Sandbox::new(), Sandbox::new(), Sandbox::new());
    small_demo(&a, "3");
    small_demo(&b, "3");
    small_demo(&c, "4");
    let scores = |sb: &Sandbox| -> String {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        let mut stmt = conn
            // Times as seconds after the first of their kind: the demo's contacts end now, so two
            // runs a few seconds apart put a contact near midnight on another day.
            .prepare(
                "SELECT e.id, e.agent_id, e.evaluator_id, e.rubric_id, e.overall,
                        CAST(round((julianday(e.occurred_at) - julianday((SELECT min(o.occurred_at) FROM evaluations o WHERE o.subject_kind = e.subject_kind))) * 86400) AS TEXT)
                 FROM evaluations e ORDER BY e.id",
            )
            .unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {} {:.6} {}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1).unwrap_or_default(),
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, f64>(4)?,
                    r.get::<_, String>(5)?
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.join("\n")
    };
    assert_eq!(scores(&a), scores(&b));
    assert_ne!(scores(&a), scores(&c));
}

#[test]
fn the_demo_looks_like_real_work() {
    let sb = Sandbox::new();
    small_demo(&sb, "7");
    let db = sb.db();
    // Every contact-centre agent has evaluations.
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM agents a WHERE a.team != 'tiendas' AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.agent_id = a.id)"
        ),
        0
    );
    // Every bundled rubric is used.
    assert_eq!(query_i64(&db, "SELECT count(DISTINCT rubric_id) FROM evaluations"), 4);
    // Scores span the bands: passes and fails, a few critical failures, but not many.
    assert!(query_i64(&db, "SELECT count(*) FROM evaluations WHERE overall >= 95") > 0);
    assert!(
        query_i64(
            &db,
            "SELECT count(*) FROM evaluations WHERE overall < 70 AND overall > 0"
        ) > 0
    );
    let critical = query_i64(&db, "SELECT count(*) FROM evaluations WHERE critical_failed");
    assert!(critical > 0 && critical * 10 < 280, "{critical} critical failures");
    // Evaluators differ in leniency: the most and least lenient are apart.
    let spread = query_i64(
        &db,
        "SELECT CAST(max(a) - min(a) AS INTEGER) FROM (SELECT avg(overall) AS a FROM evaluations WHERE subject_kind = 'interaction' AND NOT critical_failed GROUP BY evaluator_id)",
    );
    assert!(spread >= 3, "evaluator averages differ by {spread} points");
    // Visits are mostly approved, some wait for review.
    assert!(query_i64(&db, "SELECT count(*) FROM visits WHERE status = 'approved'") > 25);
    assert!(query_i64(&db, "SELECT count(*) FROM visits WHERE status = 'complete'") > 0);
}

#[test]
fn the_demo_never_replaces_a_real_store() {
    let sb = Sandbox::new();
    sb.init();
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "a-1", "--name", "Real Person"])
        .assert()
        .success();
    insta::assert_snapshot!(sb.refuse(&["demo"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: [sandbox]/qaudit.db holds work that is not the demo's; the demo will not replace it
    hint: build the demo in its own file: `qaudit demo --db demo.db`
    ");
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM agents"), 1);
    // A demo store is replaced by the next demo.
    let demo = Sandbox::new();
    small_demo(&demo, "1");
    small_demo(&demo, "1");
}

#[test]
fn the_demo_calibration_verdict_follows_the_per_scale_figures() {
    // Seed 1: alpha pooled over every scale reads 0.860, but each scale on its own is far lower
    // (yes/no 0.196, range 0.368, choice 0.454) and the ICC rests on 3 subjects; the verdict
    // must follow the scales, never the pooled figure (issue 16).
    let sb = Sandbox::new();
    sb.qaudit().args(["demo", "--seed", "1"]).assert().success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "calibrate",
        "report",
        "1",
    ])))
    .unwrap();
    let scales = json["scales"].as_array().unwrap();
    let three = |v: &serde_json::Value| format!("{:.3}", v.as_f64().unwrap());
    let by = |name: &str| scales.iter().find(|s| s["scale"] == name).unwrap();
    assert_eq!(three(&by("binary")["alpha"]["value"]), "0.196");
    assert_eq!(three(&by("range")["alpha"]["value"]), "0.368");
    assert_eq!(three(&by("choice")["alpha"]["value"]), "0.454");
    for s in scales {
        let lower = s["alpha"]["interval"]["lower"].as_f64().unwrap();
        assert!(lower < 0.667, "{s}");
        assert_eq!(s["reading"], "unreliable", "{s}");
        assert!(s["alpha"]["n"].as_u64().unwrap() >= 10);
    }
    assert_eq!(json["verdict"]["level"], "unreliable");
    assert_eq!(json["icc_reading"]["coefficient"]["reading"], "too_few");
    let text = stdout_of(sb.qaudit().args(["calibrate", "report", "1"]));
    assert!(!text.contains("Evaluators agree well"), "{text}");
    assert!(text.contains("Evaluators do not agree well enough"), "{text}");
    let summary = json["verdict"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("not enough subjects to judge (3, at least 5 needed)"),
        "{summary}"
    );
}
