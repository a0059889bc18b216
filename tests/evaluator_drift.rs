//! `report evaluators` on live work (issue 16): agreement with the reference evaluator on
//! double-scored contacts, and the drift alarm, on a generated store. The reference (lea)
//! scores every contact; eva, tom and ivo each give a second opinion on a third of them; every
//! score is the contact's quality plus 3 points of noise, and from his 21st contact tom scores
//! 5 points higher. The alarm must catch tom within 30 of his compared contacts and stay quiet
//! for eva and ivo.

mod common;

use common::{Sandbox, stdout_of};
use serde_json::Value;

const RUBRIC: &str = "id: one-score
version: 1
title: One score
subject: interaction
pass_mark: 80
scales:
  points: { type: range, min: 0, max: 100 }
sections:
  - id: s
    title: Everything
    criteria:
      - { id: points, text: Points, scale: points }
";

/// A small seeded generator (xorshift64*) and normal draws (Box-Muller), so the store is the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

fn store(seed: u64) -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "a-1", "--name", "Ana Ruiz"])
        .assert()
        .success();
    for who in ["eva", "tom", "ivo"] {
        sb.qaudit()
            .args(["--as", "lea", "staff", "add", who, "--name", who, "--role", "evaluator"])
            .assert()
            .success();
    }
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "staff",
            "add",
            "lea",
            "--name",
            "Lea Sol",
            "--role",
            "lead",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    let file = sb.write("one.yaml", RUBRIC);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    sb.qaudit()
        .args(["--as", "lea", "staff", "reference", "one-score", "lea"])
        .assert()
        .success();
    let contacts = 150;
    let mut calls = String::from("id,agent,channel,occurred_at\n");
    for i in 0..contacts {
        calls.push_str(&format!(
            "C-{i:03},a-1,phone,2026-11-{:02} 09:{:02}\n",
            1 + i / 6,
            i % 60
        ));
    }
    let calls = sb.write("calls.csv", &calls);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(calls)
        .assert()
        .success();
    let mut rng = Rng(seed);
    let mut csv = String::from("evaluation,subject,agent,evaluator,rubric,scored_at,criterion,value\n");
    let mut toms = 0;
    for i in 0..contacts {
        let quality = 70.0 + 10.0 * rng.normal();
        let second = ["eva", "tom", "ivo"][i % 3];
        let shift = if second == "tom" {
            toms += 1;
            if toms > 20 { 5.0 } else { 0.0 }
        } else {
            0.0
        };
        for (k, (who, offset)) in [("lea", 0.0), (second, shift)].into_iter().enumerate() {
            let score = (quality + offset + 3.0 * rng.normal()).round().clamp(0.0, 100.0);
            csv.push_str(&format!(
                "E-{i}-{k},C-{i:03},a-1,{who},one-score,2026-12-01 {:02}:{:02},s.points,{score}\n",
                i / 60,
                i % 60
            ));
        }
    }
    let file = sb.write("scores.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "evaluation", "import"])
        .arg(file)
        .assert()
        .success();
    sb
}

fn reliability(sb: &Sandbox) -> Value {
    let out = stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "report",
        "evaluators",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]));
    serde_json::from_str(&out).unwrap()
}

fn of<'a>(report: &'a Value, who: &str) -> &'a Value {
    report["reliability"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["evaluator"] == who)
        .unwrap()
}

#[test]
fn a_drifting_evaluator_is_caught_and_steady_ones_are_not() {
    for seed in [7, 11, 23] {
        let sb = store(seed);
        let report = reliability(&sb);
        let tom = of(&report, "tom");
        assert_eq!(tom["compared"], 50, "{tom}");
        let fired = tom["drift"]["fired_at"]
            .as_u64()
            .unwrap_or_else(|| panic!("seed {seed}: no alarm for tom: {tom}"));
        // Positions count from 0: the shift starts at his 21st compared contact (20).
        assert!((20..50).contains(&fired), "seed {seed}: alarm at {fired}: {tom}");
        assert_eq!(tom["drift"]["direction"], "higher");
        for steady in ["eva", "ivo"] {
            let r = of(&report, steady);
            assert!(
                r["drift"]["fired_at"].is_null(),
                "seed {seed}: false alarm for {steady}: {r}"
            );
            // Against the reference: about 3√2 points apart on average, n stated, with an interval.
            let against = &r["reference"];
            assert_eq!(against["n"], 30, "the rolling window holds the last 30: {r}");
            let mad = against["mean_absolute_deviation"].as_f64().unwrap();
            assert!((1.5..6.0).contains(&mad), "{r}");
            let ci = &against["interval"];
            assert!(ci["lower"].as_f64().unwrap() <= mad && mad <= ci["upper"].as_f64().unwrap());
        }
        // The second opinions count nowhere: a-1 has one counted evaluation per contact.
        let team = stdout_of(sb.qaudit().args([
            "--format",
            "json",
            "report",
            "team",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ]));
        let team: Value = serde_json::from_str(&team).unwrap();
        assert_eq!(team["agents"][0]["evaluations"], 150);
    }
}

#[test]
fn the_report_states_the_alarm_parameters_and_the_reference() {
    let sb = store(7);
    let text = stdout_of(
        sb.qaudit()
            .args(["report", "evaluators", "--from", "2026-11-01", "--to", "2026-11-30"]),
    );
    assert!(text.contains("k = 0.6, h = 7.0"), "{text}");
    assert!(text.contains("one-score → lea"), "{text}");
    assert!(text.contains("ALARM at compared contact"), "{text}");
    let es = stdout_of(sb.qaudit().args([
        "report",
        "evaluators",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--lang",
        "es",
    ]));
    assert!(
        es.contains("ALARMA en el contacto comparado") && es.contains("Evaluadores de referencia"),
        "{es}"
    );
    // Only a lead designates, and only an evaluator can be the reference.
    let refused = sb.refuse(&["--as", "eva", "staff", "reference", "one-score", "eva"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not designate reference evaluators: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    let refused = sb.refuse(&["--as", "lea", "staff", "reference", "one-score", "nobody"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no staff member `nobody`
    hint: `qaudit staff list --role evaluator` shows the evaluators
    ");
}
