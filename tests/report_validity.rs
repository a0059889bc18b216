//! `report validity` (issue 19): on the demo, the criteria the demo made customers feel
//! (`src/demo/voice.rs`) come out related and first, the others not; on a small hand-made store
//! a criterion below the minimum n reads "too few" with no figure; Spanish labels; leads only;
//! the JSON fields; a formula-safe CSV. Intervals use `--resamples 200` (the verdicts rest on
//! p-values and BH, not on the resamples), so the file stays short in debug builds.

mod common;

use common::spanish::{english_fragments, english_in, readable};
use common::voice_support::{run_as, store_bytes};
use common::{Sandbox, team};
use serde_json::Value;
use std::collections::BTreeSet;

/// The criteria the demo's customers feel (`qaudit::demo` keeps them private; the same list).
const FAVOURED: [&str; 6] = [
    "resolution.resolved",
    "empathy.acknowledge",
    "clarity.next_steps",
    "resolucion.resuelto",
    "empatia.reconoce_emociones",
    "claridad.proximos_pasos",
];

const FAST: [&str; 4] = ["report", "validity", "--resamples", "200"];

/// The demo's contacts end now: a period wide enough for all of them.
const DEMO_PERIOD: [&str; 2] = ["--from", "-400d"];

fn validity(sb: &Sandbox, extra: &[&str]) -> (i32, String, String) {
    let mut args: Vec<&str> = FAST.to_vec();
    args.extend(extra);
    run_as(sb, "lea", &args)
}

fn demo_validity(sb: &Sandbox, extra: &[&str]) -> (i32, String, String) {
    validity(sb, &[&DEMO_PERIOD[..], extra].concat())
}

fn demo() -> Sandbox {
    let sb = Sandbox::new();
    sb.qaudit()
        .args([
            "demo",
            "--seed",
            "7",
            "--interactions",
            "1500",
            "--evaluations",
            "600",
            "--visits",
            "10",
        ])
        .assert()
        .success();
    sb
}

fn related(c: &Value) -> bool {
    c["csat"]["verdict"] == "related" || c["nps"]["verdict"] == "related"
}

#[test]
fn the_demo_finds_the_criteria_it_made_matter_first_in_both_languages() {
    let sb = demo();
    let (code, out, err) = demo_validity(&sb, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let reports: Value = serde_json::from_str(&out).unwrap();
    let reports = reports.as_array().expect("one report per rubric");
    let ids: BTreeSet<&str> = reports.iter().map(|r| r["rubric"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from(["call-quality", "calidad-contacto"]));
    for r in reports {
        let criteria = r["criteria"].as_array().unwrap();
        let found: BTreeSet<&str> = criteria
            .iter()
            .filter(|c| related(c))
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        let favoured: BTreeSet<&str> = criteria
            .iter()
            .map(|c| c["key"].as_str().unwrap())
            .filter(|k| FAVOURED.contains(k))
            .collect();
        assert_eq!(favoured.len(), 3, "{}", r["rubric"]);
        assert_eq!(found, favoured, "{}: related {found:?}", r["rubric"]["id"]);
        for (i, c) in criteria.iter().enumerate() {
            assert_eq!(c["rank"], i + 1);
            assert_eq!(FAVOURED.contains(&c["key"].as_str().unwrap()), i < 3, "{}", c["key"]);
            // Enough pairs everywhere: every figure is there, with its interval and n.
            for m in ["csat", "nps"] {
                let a = &c[m];
                assert!(a["n"].as_u64().unwrap() >= 30, "{a}");
                if a["verdict"] == "no_variation" {
                    assert!(a["rho"].is_null() && a["lower"].is_null(), "{a}");
                    continue;
                }
                let (rho, lower, upper) = (
                    a["rho"].as_f64().unwrap(),
                    a["lower"].as_f64().unwrap(),
                    a["upper"].as_f64().unwrap(),
                );
                assert!(lower <= upper && (-1.0..=1.0).contains(&rho), "{a}");
                assert_eq!(a["resamples"], 200);
                assert!(a["adjusted_p"].as_f64().unwrap() >= a["p"].as_f64().unwrap());
            }
            // Marked for review: every criterion but the favoured, unless it never varied
            // (which shows nothing either way).
            let flat = c["csat"]["verdict"] == "no_variation" && c["nps"]["verdict"] == "no_variation";
            assert_eq!(c["review"], !related(c) && !flat, "{c}");
        }
        assert!(r["criteria"][0]["csat"]["rho"].as_f64().unwrap() > 0.2);
        assert_eq!(r["overall_csat"]["n"], r["contacts_csat"]);
        assert_eq!(r["min_pairs"], 30);
        let varied = criteria
            .iter()
            .filter(|c| c["csat"]["verdict"] != "no_variation")
            .count();
        assert_eq!(r["tested_csat"], varied);
        let marked = criteria.iter().filter(|c| c["review"] == true).count();
        assert!(marked >= criteria.len() - 6, "{marked}");
        assert_eq!(r["for_review"], marked);
    }
    // The Spanish rubric's report is in Spanish, every label of it, in each format.
    let fragments = english_fragments();
    for format in ["txt", "md", "html"] {
        let (code, out, err) = demo_validity(&sb, &["--rubric", "calidad-contacto", "--format", format]);
        assert_eq!(code, 0, "{err}");
        let english = english_in(&readable(&out, format == "html"), &fragments);
        assert!(english.is_empty(), "{format}: {english:?}\n{out}");
        assert!(out.contains("asociaciones, no causas"), "{out}");
        assert!(out.contains("sin relación medible (revisar)"), "{out}");
        assert!(out.contains("relacionado"), "{out}");
    }
    // The English one says the same in English; --lang es turns its labels to Spanish.
    let (_, en, _) = demo_validity(&sb, &["--rubric", "call-quality"]);
    assert!(
        en.contains("associations, not causes") && en.contains("no measurable relation (review)"),
        "{en}"
    );
    let (_, es, _) = demo_validity(&sb, &["--rubric", "call-quality", "--lang", "es"]);
    // (The criteria's own texts stay in the rubric's English.)
    assert!(
        es.contains("Son asociaciones, no causas") && es.contains("LA PUNTUACIÓN GLOBAL"),
        "{es}"
    );
}

/// A rubric whose binary criterion starts like a spreadsheet formula and is N/A on most contacts.
const RUBRIC: &str = "id: why
version: 1
title: Why
language: en
subject: interaction
pass_mark: 80
critical_policy: zero_overall
na_policy: exclude
dispute_days: 14
scales:
  points: { type: range, min: 0, max: 100 }
  yes_no: { type: binary }
sections:
  - id: s
    title: Everything
    criteria:
      - id: points
        text: Points
        scale: points
      - id: greet
        text: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"
        scale: yes_no
        na: true
";

/// The team store, `why`, and 36 contacts in November with a CSAT, scored by eva: `points`
/// follows the CSAT, `greet` is answered on 5 of them only.
fn small_store() -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let rubric = sb.write("why.yaml", RUBRIC);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(rubric)
        .assert()
        .success();
    let mut csv = String::from("id,agent,channel,occurred_at,csat\n");
    for i in 0..36 {
        csv.push_str(&format!(
            "V-{i},a-{},phone,2026-11-{:02}T10:00:00Z,{}\n",
            1 + i % 2,
            5 + i % 20,
            1 + i % 5
        ));
    }
    let file = sb.write("rated.csv", &csv);
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(file)
        .assert()
        .success();
    for i in 0..36 {
        let points = 20 * (i % 5) + (i * 7) % 15;
        let greet = if i < 5 { "yes" } else { "na" };
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                &format!("V-{i}"),
                "--rubric",
                "why",
            ])
            .args([
                "--set",
                &format!("s.points={points}"),
                "--set",
                &format!("s.greet={greet}"),
            ])
            .assert()
            .success();
    }
    sb
}

#[test]
fn too_few_pairs_show_no_figure_leads_only_and_a_formula_safe_csv() {
    let sb = small_store();
    let args = ["--from", "2026-11-01", "--to", "2026-11-30", "--rubric", "why"];
    let (code, out, err) = validity(&sb, &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["contacts_csat"], 36);
    assert_eq!(r["contacts_nps"], 0);
    let by_key = |k: &str| {
        r["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == k)
            .unwrap()
            .clone()
    };
    let greet = by_key("s.greet");
    assert_eq!(greet["csat"]["n"], 5);
    assert_eq!(greet["csat"]["verdict"], "too_few");
    for field in ["rho", "lower", "upper", "p", "adjusted_p"] {
        assert!(greet["csat"][field].is_null(), "{field}: {greet}");
    }
    let points = by_key("s.points");
    assert_eq!(
        (points["rank"].as_u64(), &points["csat"]["verdict"]),
        (Some(1), &Value::from("related"))
    );
    assert!(points["csat"]["rho"].as_f64().unwrap() > 0.5, "{points}");
    assert_eq!(points["nps"]["verdict"], "too_few");
    assert_eq!(r["tested_csat"], 1, "only points is tested against CSAT");
    assert_eq!(r["too_few"], true);
    assert_eq!(r["overall_csat"]["verdict"], "related");
    // The text shows "too few" and n, never a rho, for greet.
    let (_, txt, _) = validity(&sb, &args);
    let greet_block: Vec<&str> = txt.lines().skip_while(|l| !l.contains("s.greet")).take(4).collect();
    assert!(
        greet_block[2].contains("too few  n 5") && !greet_block[2].contains("rho"),
        "{txt}"
    );
    assert!(txt.contains("fewer than 30 contacts"), "{txt}");
    // CSV: one row per criterion, the formula-like text neutralised.
    let (code, csv, err) = validity(&sb, &[&args[..], &["--format", "csv"]].concat());
    assert_eq!(code, 0, "{err}");
    let header = csv.lines().next().unwrap();
    for column in [
        "key",
        "csat.rho",
        "csat.lower",
        "csat.upper",
        "csat.n",
        "csat.verdict",
        "nps.verdict",
    ] {
        assert!(header.split(',').any(|h| h == column), "{column}: {header}");
    }
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with('=') || l.contains(",=")), "{csv}");
    // Leads only: the evaluator is refused, the store untouched.
    let before = store_bytes(&sb.db());
    let (code, _, err) = run_as(&sb, "eva", &[&FAST[..], &args[..]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("read the validity report") && err.contains("hint:"),
        "{err}"
    );
    assert!(store_bytes(&sb.db()) == before);
    // Too few resamples are refused plainly.
    let (code, _, err) = run_as(&sb, "lea", &["report", "validity", "--resamples", "10"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--resamples 10 is too few") && err.contains("hint:"),
        "{err}"
    );
}
