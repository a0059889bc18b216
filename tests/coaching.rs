//! Coaching plans through the binary: focus criteria and trends on hand-made data, saving,
//! listing, acknowledging and reviewing plans, their refusals, and the plan and review in every
//! format and both languages (snapshots) and in headless Chromium.
//!
//! Agent a-2 is scored in September 2026 (the previous period) and October (the plan's period)
//! with answers chosen so that each criterion's priority can be computed by hand from the
//! call-quality rubric's weights (section weights sum to 100):
//!
//! | criterion | answers in October | average | target | gap | weight share | priority |
//! |---|---|---|---|---|---|---|
//! | security.verify_identity | no once (critical), yes 3 times | 75 | 100 | 25 | 0.15 x 2/4 = 0.075 | 1.875, but first: critical |
//! | resolution.resolved | partly x4 | 50 | 85 | 35 | 0.20 x 3/7 = 0.0857 | 3.0 |
//! | courtesy.closing | not_met x4 | 0 | 90 | 90 | 0.10 x 1/4 = 0.025 | 2.25 |
//! | personalisation.follow_up | not_met x2, N/A x2 | 0 | 85 | 85 | 0.07 x 1/3 = 0.0233 | 1.98, observed twice |
//! | empathy.acknowledge | partly x4 | 50 | 85 | 35 | 0.15 x 1/4 = 0.0375 | 1.3125 |

mod common;

use common::browser::{chromium_for, screenshot, screenshot_dir};
use common::{Sandbox, call_quality_answers, fingerprint, score_answers, stdout_of, team, without_style};

const PERIOD: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-10-31"];

/// `eva` scores `interaction` with the best answers but `overrides`, and `comments` on criteria.
fn score(sb: &Sandbox, interaction: &str, overrides: &[(&str, &str)], comments: &[(&str, &str)]) {
    let mut answers = call_quality_answers(overrides);
    if !comments.is_empty() {
        answers.push_str("comments:\n");
        for (k, c) in comments {
            answers.push_str(&format!("  {k}: {c}\n"));
        }
    }
    score_answers(sb, "eva", interaction, &answers);
}

fn fixture() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let csv = sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,duration_s,customer\n\
         P-1,a-2,phone,2026-09-08 10:00,300,c1\n\
         P-2,a-2,phone,2026-09-22 10:00,300,c2\n\
         Q-1,a-2,phone,2026-10-06 10:00,300,c3\n\
         Q-2,a-2,phone,2026-10-13 10:00,300,c4\n\
         Q-3,a-2,phone,2026-10-20 10:00,300,c5\n\
         Q-4,a-2,phone,2026-10-27 10:00,300,c6\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    score(&sb, "P-1", &[("courtesy.closing", "partly")], &[]);
    score(
        &sb,
        "P-2",
        &[("resolution.resolved", "partly")],
        &[("resolution.resolved", "Pending")],
    );
    let pending = ("resolution.resolved", "Refund still pending");
    let no_follow_up = ("personalisation.follow_up", "No call-back agreed");
    let common = [
        ("courtesy.closing", "not_met"),
        ("resolution.resolved", "partly"),
        ("empathy.acknowledge", "partly"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut v = common.to_vec();
        v.extend_from_slice(extra);
        v
    };
    score(
        &sb,
        "Q-1",
        &with(&[
            ("personalisation.follow_up", "not_met"),
            ("security.verify_identity", "no"),
        ]),
        &[
            pending,
            no_follow_up,
            ("security.verify_identity", "Gave the balance before any check"),
        ],
    );
    score(
        &sb,
        "Q-2",
        &with(&[("personalisation.follow_up", "not_met")]),
        &[pending, no_follow_up],
    );
    score(&sb, "Q-3", &with(&[]), &[pending]);
    score(&sb, "Q-4", &with(&[]), &[pending]);
    sb
}

fn plan_json(sb: &Sandbox, extra: &[&str]) -> serde_json::Value {
    let mut cmd = sb.qaudit();
    cmd.args(["coach", "plan", "a-2", "--format", "json", "--starts", "2026-11-01"])
        .args(PERIOD)
        .args(extra);
    serde_json::from_str(&stdout_of(&mut cmd)).unwrap()
}

fn keys(plan: &serde_json::Value, field: &str) -> Vec<String> {
    plan[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn focus_criteria_are_ranked_by_weight_times_gap_with_critical_failures_first() {
    let sb = fixture();
    let plan = plan_json(&sb, &[]);
    assert_eq!(
        keys(&plan, "focus"),
        ["security.verify_identity", "resolution.resolved", "courtesy.closing"]
    );
    let focus = plan["focus"].as_array().unwrap();
    assert_eq!(focus[0]["critical_failures"], 1);
    assert!((focus[0]["priority"].as_f64().unwrap() - 1.875).abs() < 1e-9);
    assert!((focus[1]["priority"].as_f64().unwrap() - 3.0).abs() < 1e-9);
    assert!((focus[2]["priority"].as_f64().unwrap() - 2.25).abs() < 1e-9);
    assert_eq!(focus[1]["average"], 50.0);
    assert_eq!(focus[1]["target"], 85.0);
    assert_eq!(focus[1]["gap"], 35.0);
    // The previous period's average of the same criterion: partly once, met once.
    assert_eq!(focus[1]["previous_average"], 75.0);
    // Each focus criterion carries the rubric's coaching text as its action.
    assert!(
        focus[2]["action"]
            .as_str()
            .unwrap()
            .starts_with("Use a fixed three-step close")
    );
    // Observed twice: below target, but not yet a pattern.
    assert_eq!(keys(&plan, "watch"), ["personalisation.follow_up"]);

    let more = plan_json(&sb, &["--focus", "5"]);
    assert_eq!(
        keys(&more, "focus"),
        [
            "security.verify_identity",
            "resolution.resolved",
            "courtesy.closing",
            "empathy.acknowledge"
        ]
    );
    let lower = plan_json(&sb, &["--focus", "5", "--min-observations", "2"]);
    assert_eq!(
        keys(&lower, "focus"),
        [
            "security.verify_identity",
            "resolution.resolved",
            "courtesy.closing",
            // Since version 2 the personalisation section has five criteria, so follow-up
            // weighs less of the overall score than acknowledging the customer.
            "empathy.acknowledge",
            "personalisation.follow_up"
        ]
    );
    assert!(keys(&lower, "watch").is_empty());
}

#[test]
fn the_plan_compares_with_the_previous_period_and_sets_a_follow_up() {
    let sb = fixture();
    let list: serde_json::Value =
        serde_json::from_str(&sb.stdout(&["evaluation", "list", "--format", "json"])).unwrap();
    let mean = |month: &str| {
        let v: Vec<f64> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["occurred_at"].as_str().unwrap().starts_with(month))
            .map(|e| e["overall"].as_f64().unwrap())
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let plan = plan_json(&sb, &[]);
    assert_eq!(plan["evaluations"], 4);
    assert_eq!(plan["previous_evaluations"], 2);
    assert_eq!(plan["previous_period"]["from"], "2026-08-31");
    assert_eq!(plan["previous_period"]["to"], "2026-09-30");
    let (now, before) = (mean("2026-10"), mean("2026-09"));
    assert!((plan["average"].as_f64().unwrap() - now).abs() < 1e-9);
    assert!((plan["previous_average"].as_f64().unwrap() - before).abs() < 1e-9);
    assert!((plan["trend"]["change"].as_f64().unwrap() - (now - before)).abs() < 1e-9);
    assert_eq!(plan["trend"]["direction"], "down");
    assert_eq!(plan["critical_failures"], 1);
    assert_eq!(plan["follow_up"]["starts_on"], "2026-11-01");
    assert_eq!(plan["follow_up"]["on"], "2026-12-01");
    // The sample: the larger of what pins the average down to ±10 points and what observes each
    // focus criterion 3 times again, between 3 and 20.
    let sample = plan["follow_up"]["sample"].as_u64().unwrap();
    let for_average = plan["follow_up"]["for_average"].as_u64().unwrap();
    let sd = plan["follow_up"]["sd"].as_f64().unwrap();
    assert_eq!(for_average, ((1.96 * sd / 10.0).powi(2)).ceil() as u64);
    assert_eq!(sample, for_average.clamp(3, 20));
    // Section averages, with their targets, for the chart.
    let sections = plan["sections"].as_array().unwrap();
    let courtesy = sections.iter().find(|s| s["id"] == "courtesy").unwrap();
    assert_eq!(courtesy["target"], 90.0);
    assert_eq!(courtesy["below_target"], true);
    let other = plan_json(&sb, &["--follow-up-days", "10"]);
    assert_eq!(other["follow_up"]["on"], "2026-11-11");
}

#[test]
fn saving_listing_acknowledging_and_reviewing_a_plan() {
    let sb = fixture();
    // Only a lead saves, and a refusal leaves the store as it was.
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(
        sb.qaudit()
            .args(["--as", "eva", "coach", "plan", "a-2", "--save"])
            .args(PERIOD),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not save coaching plans: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    assert_eq!(fingerprint(&sb.db()), before);
    let saved = sb
        .qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "plan",
            "a-2",
            "--save",
            "--starts",
            "2026-11-01",
            "--follow-up-days",
            "14",
        ])
        .args(PERIOD)
        .assert()
        .success();
    let err = String::from_utf8(saved.get_output().stderr.clone()).unwrap();
    assert!(err.contains("Saved as coaching plan 1"), "{err}");
    assert!(err.contains("qaudit --as a-2 coach ack 1"), "{err}");
    // The same plan again (agent, period, rubric, focus; no newer evaluation) is refused.
    let copy = sb
        .qaudit()
        .args(["--as", "lea", "coach", "plan", "a-2", "--save"])
        .args(PERIOD)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let copy = String::from_utf8(copy).unwrap();
    assert!(copy.contains("coaching plan 1 already covers a-2"), "{copy}");
    assert!(copy.contains("hint: see it with `qaudit coach show 1`"), "{copy}");
    // A plan made today is reviewed in 30 days; before then the review is refused.
    sb.qaudit()
        .args(["--as", "lea", "coach", "plan", "a-2", "--save"])
        .args(["--from", "2026-10-02", "--to", "2026-10-31"])
        .assert()
        .success();
    let out = sb.qaudit().args(["coach", "review", "2"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("coaching plan 2 is reviewed from"), "{err}");
    assert!(
        err.contains("hint: ") && err.contains("qaudit coach plan a-2 --from"),
        "{err}"
    );

    let list = sb.stdout(&["coach", "list", "--agent", "a-2"]);
    assert!(
        list.contains("2026-10-01..10-31") && list.contains("2026-11-15"),
        "{list}"
    );
    assert!(list.contains("due") && list.contains("not yet"), "{list}");
    assert!(list.lines().all(|l| l.chars().count() <= 80), "{list}");

    // Someone else may not acknowledge for the agent; the agent can, once.
    insta::assert_snapshot!(sb.refuse(&["--as", "eva", "coach", "ack", "1"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not acknowledge coaching plan 1 for a-2: that needs the lead role
    hint: the agent confirms their own plan: `qaudit --as a-2 coach ack 1`
    ");
    sb.qaudit()
        .args(["--as", "a-2", "coach", "ack", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Coaching plan 1 acknowledged by a-2"));
    sb.qaudit()
        .args(["--as", "a-2", "coach", "ack", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains("already acknowledged"));
    let log = sb.stdout(&["log", "--entity", "coaching:1", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let actions: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(actions, [("coaching.ack", "a-2"), ("coaching.plan", "lea")]);

    // After the plan, a-2 scores well on every focus criterion: the coaching worked.
    score(&sb, "MAIL-1", &[], &[]);
    let review: serde_json::Value =
        serde_json::from_str(&sb.stdout(&["coach", "review", "1", "--format", "json"])).unwrap();
    assert_eq!(review["outcome"], "worked");
    assert_eq!(review["evaluations_before"], 4);
    assert_eq!(review["evaluations_after"], 1);
    assert_eq!(review["enough"], false, "one evaluation is fewer than planned");
    let rows = review["criteria"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["verdict"] == "goal_met"), "{rows:?}");
    assert_eq!(rows[1]["before"], 50.0);
    assert_eq!(rows[1]["after"], 100.0);
    assert_eq!(rows[1]["change"], 50.0);

    insta::assert_snapshot!(sb.refuse(&["coach", "review", "9"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no coaching plan 9
    hint: `qaudit coach list` shows the saved plans; `qaudit coach plan AGENT --save` saves one
    ");
}

#[test]
fn a_plan_needs_evaluations() {
    let sb = fixture();
    let refused = sb.refusal(sb.qaudit().args(["coach", "plan", "a-1"]).args(PERIOD));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: a-1 has no counted evaluation between 2026-10-01 and 2026-10-31
    hint: a plan needs scored work: widen the period with --from, or see `qaudit evaluation list --agent a-1`
    ");
    insta::assert_snapshot!(sb.refuse(&["coach", "plan", "nobody"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no agent `nobody`
    hint: `qaudit agent list` shows agent ids
    ");
}

/// Replaces what depends on when the test runs: today's date (and the time a plan was saved).
fn redact(text: &str) -> String {
    let spanish = common::spanish::spanish_days_as_iso(text, &[chrono::Utc::now().date_naive()]);
    let text = spanish.as_str();
    let today = chrono::Utc::now().date_naive().to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&today) {
        out.push_str(&rest[..i]);
        let after = &rest[i + today.len()..];
        let b = after.as_bytes();
        let timed =
            b.len() >= 6 && b[0] == b' ' && b[3] == b':' && b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit);
        if timed {
            out.push_str("[NOW]");
            rest = &after[6..];
        } else {
            out.push_str("[TODAY]");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A saved, acknowledged plan with a review due, and work after it.
fn reviewed() -> Sandbox {
    let sb = fixture();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "coach",
            "plan",
            "a-2",
            "--save",
            "--starts",
            "2026-11-01",
            "--follow-up-days",
            "14",
        ])
        .args(PERIOD)
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-2", "coach", "ack", "1"])
        .assert()
        .success();
    score(&sb, "MAIL-1", &[("empathy.acknowledge", "partly")], &[]);
    sb
}

#[test]
fn plan_and_review_in_every_format_and_language() {
    let sb = reviewed();
    let plan: Vec<&str> = ["coach", "plan", "a-2", "--starts", "2026-11-01"]
        .into_iter()
        .chain(PERIOD)
        .collect();
    for (name, args) in [("coaching", plan), ("coaching-review", vec!["coach", "review", "1"])] {
        for format in ["txt", "md", "html"] {
            for lang in ["en", "es"] {
                let mut cmd = sb.qaudit();
                cmd.args(&args).args(["--format", format, "--lang", lang]);
                let out = redact(&stdout_of(&mut cmd));
                if format == "txt" {
                    for line in out.lines() {
                        assert!(line.chars().count() <= 80, "{name} ({lang}) is too wide:\n{line}");
                        assert_eq!(line, line.trim_end(), "{name} ({lang}): trailing spaces:\n{line:?}");
                    }
                }
                let out = if format == "html" { without_style(&out) } else { out };
                insta::assert_snapshot!(format!("{name}_{lang}_{format}"), out);
            }
        }
    }
}

#[test]
fn the_plan_and_review_render_in_headless_chromium() {
    let Some(chromium) = chromium_for("the_plan_and_review_render_in_headless_chromium") else {
        return;
    };
    let sb = reviewed();
    let shots = screenshot_dir();
    for (name, args) in [
        (
            "coaching-en",
            vec![
                "coach",
                "plan",
                "a-2",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
                "--starts",
                "2026-11-01",
            ],
        ),
        (
            "coaching-es",
            vec![
                "coach",
                "plan",
                "a-2",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
                "--starts",
                "2026-11-01",
                "--lang",
                "es",
            ],
        ),
        ("coaching-review-en", vec!["coach", "review", "1"]),
        ("coaching-review-es", vec!["coach", "review", "1", "--lang", "es"]),
    ] {
        let html = sb.path(&format!("{name}.html"));
        sb.qaudit().args(&args).arg("--output").arg(&html).assert().success();
        screenshot(&chromium, &html, &shots.join(format!("{name}.png")));
    }
}

#[test]
fn a_plan_holds_the_meeting_and_the_comments_after_it() {
    let sb = fixture();
    sb.qaudit()
        .args(["--as", "lea", "coach", "plan", "a-2", "--save"])
        .args(["--note", "Good progress on tone"])
        .args([
            "--action",
            "Pair with Eva for two calls",
            "--action",
            "Share the security checklist",
        ])
        .args(["--commitment", "Ask both security questions on every call"])
        .args(PERIOD)
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "a-2", "coach", "note", "1", "I listened back to two calls"])
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "lea", "coach", "note", "1", "Checked: both fine"])
        .assert()
        .success();
    let before = common::fingerprint(&sb.db());
    let other = sb
        .qaudit()
        .args(["--as", "a-1", "coach", "note", "1", "not mine"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let other = String::from_utf8(other).unwrap();
    assert!(other.contains("hint: the agent comments on their own plan"), "{other}");
    assert_eq!(common::fingerprint(&sb.db()), before);
    for format in ["txt", "md", "html"] {
        let out = sb.stdout(&["coach", "show", "1", "--format", format]);
        for text in [
            "Good progress on tone",
            "Pair with Eva for two calls",
            "Share the security checklist",
            "Ask both security questions on every call",
            "I listened back to two calls",
            "Checked: both fine",
        ] {
            assert!(out.contains(text), "{format}: {text}\n{out}");
        }
    }
    let es = sb.stdout(&["coach", "show", "1", "--lang", "es"]);
    assert!(
        es.contains("ACORDADO EN LA REUNIÓN") && es.contains("Compromisos del agente"),
        "{es}"
    );
    let notes = common::query_i64(
        &sb.db(),
        "SELECT count(*) FROM audit_log WHERE action = 'coaching.note'",
    );
    assert_eq!(notes, 2);
    let err = sb
        .qaudit()
        .args(["coach", "show", "9"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("no coaching plan 9"));
}
