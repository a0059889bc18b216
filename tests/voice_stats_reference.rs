//! qaudit's customer-voice statistics against scipy 1.17 and numpy 2.4 on seeded synthetic data
//! with ties, from 1 to 1000 values (issue 19): Spearman's rho and average ranks to 1e-9, its
//! p-value to 1e-9 absolute (statrs' and scipy's Student's t agree that closely), numpy's
//! default percentiles, the Wilson interval (checked against scipy's `binomtest`), CSAT, NPS and
//! the Benjamini-Hochberg adjusted p-values. The values are fixtures written by
//! `tests/fixtures/voice/generate.py` (run it again after changing the cases).

use qaudit::stats::{self, Confidence, CsatScale, Estimate};
use serde_json::Value;

/// rho, ranks, percentiles, shares and bounds.
const TOLERANCE: f64 = 1e-9;
/// p-values: two implementations of Student's t's tail.
const P_TOLERANCE: f64 = 1e-9;

fn reference(key: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/voice/reference.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v[key].as_array().unwrap().clone()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn answers(v: &Value) -> Vec<u8> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u8)
        .collect()
}

fn close(what: &str, got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: reference {want:.12}, qaudit {got:.12} (difference {:e})",
        (got - want).abs()
    );
}

/// Compares an optional reference bound with ours.
fn close_opt(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => close(what, g, w, TOLERANCE),
        (None, None) => {}
        (g, _) => panic!("{what}: reference {want}, qaudit {g:?}"),
    }
}

#[test]
fn spearman_rho_and_p_agree_with_scipy() {
    let mut compared = 0;
    let mut worst_p: f64 = 0.0;
    for case in reference("spearman") {
        let name = case["name"].as_str().unwrap();
        let (x, y) = (numbers(&case["x"]), numbers(&case["y"]));
        let ranks = stats::average_ranks(&x).unwrap();
        for (ours, theirs) in ranks.iter().zip(numbers(&case["ranks_x"])) {
            close(&format!("{name} rank"), *ours, theirs, TOLERANCE);
        }
        let pairs: Vec<(f64, f64)> = x.into_iter().zip(y).collect();
        match (stats::spearman_rho(&pairs).unwrap(), case["rho"].as_f64()) {
            (Estimate::Value((rho, p)), Some(want)) => {
                close(&format!("{name} rho"), rho, want, TOLERANCE);
                let want_p = case["p"].as_f64().unwrap();
                let p = p.unwrap();
                close(&format!("{name} p"), p, want_p, P_TOLERANCE);
                worst_p = worst_p.max((p - want_p).abs());
                compared += 1;
            }
            (Estimate::Undefined(_), None) => {}
            (ours, want) => panic!("{name}: reference {want:?}, qaudit {ours:?}"),
        }
    }
    println!("{compared} rho and p agree with scipy (worst p difference {worst_p:e})");
    assert!(compared >= 40, "{compared}");
}

#[test]
fn percentiles_agree_with_numpy() {
    let mut compared = 0;
    for case in reference("quantiles") {
        let seconds = numbers(&case["seconds"]);
        for (q, want) in case["q"].as_object().unwrap() {
            let q: f64 = q.parse().unwrap();
            let got = *stats::quantile(&seconds, q).unwrap().value().unwrap();
            close(
                &format!("{} q{q}", case["name"]),
                got,
                want.as_f64().unwrap(),
                TOLERANCE,
            );
            compared += 1;
        }
        let r = *stats::response_times(&seconds).unwrap().value().unwrap();
        close("median", r.median, case["q"]["0.5"].as_f64().unwrap(), TOLERANCE);
        close("p90", r.p90, case["q"]["0.9"].as_f64().unwrap(), TOLERANCE);
    }
    assert!(compared >= 60, "{compared}");
}

#[test]
fn wilson_agrees_with_scipy_binomtest() {
    for case in reference("wilson") {
        let (k, n) = (
            case["k"].as_u64().unwrap() as usize,
            case["n"].as_u64().unwrap() as usize,
        );
        let level = Confidence::new(case["confidence"].as_f64().unwrap()).unwrap();
        let share = *stats::wilson(k, n, level).unwrap().value().unwrap();
        let what = format!("{k}/{n} at {}", level.level());
        close(&what, share.interval.lower, case["lower"].as_f64().unwrap(), TOLERANCE);
        close(&what, share.interval.upper, case["upper"].as_f64().unwrap(), TOLERANCE);
    }
}

#[test]
fn csat_agrees_with_the_reference() {
    for case in reference("csat") {
        let scale: CsatScale = case["scale"].as_str().unwrap().parse().unwrap();
        let given = answers(&case["answers"]);
        let what = format!("CSAT {} n = {}", scale.name(), given.len());
        let c = *stats::csat(&given, scale, Confidence::NINETY_FIVE)
            .unwrap()
            .value()
            .unwrap();
        close(&what, c.mean, case["mean"].as_f64().unwrap(), TOLERANCE);
        let interval = c.mean_interval.value().copied();
        close_opt(&format!("{what} lower"), interval.map(|i| i.lower), &case["mean_lower"]);
        close_opt(&format!("{what} upper"), interval.map(|i| i.upper), &case["mean_upper"]);
        assert_eq!(c.satisfied.count as u64, case["satisfied"].as_u64().unwrap(), "{what}");
        close(
            &what,
            c.satisfied.interval.lower,
            case["satisfied_lower"].as_f64().unwrap(),
            TOLERANCE,
        );
        close(
            &what,
            c.satisfied.interval.upper,
            case["satisfied_upper"].as_f64().unwrap(),
            TOLERANCE,
        );
    }
}

#[test]
fn nps_agrees_with_the_reference() {
    for case in reference("nps") {
        let given = answers(&case["answers"]);
        let what = format!("NPS of {given:?}");
        let s = *stats::nps(&given, Confidence::NINETY_FIVE).unwrap().value().unwrap();
        close(&what, s.score, case["score"].as_f64().unwrap(), TOLERANCE);
        close(
            &what,
            s.standard_error,
            case["standard_error"].as_f64().unwrap(),
            TOLERANCE,
        );
        let interval = s.interval.value().copied();
        close_opt(&format!("{what} lower"), interval.map(|i| i.lower), &case["lower"]);
        close_opt(&format!("{what} upper"), interval.map(|i| i.upper), &case["upper"]);
    }
}

#[test]
fn benjamini_hochberg_agrees_with_scipy() {
    for case in reference("bh") {
        let p = numbers(&case["p"]);
        let ours = stats::benjamini_hochberg(&p, 0.05).unwrap();
        for (d, want) in ours.iter().zip(numbers(&case["adjusted"])) {
            close(&format!("BH of {}", d.p), d.adjusted, want, TOLERANCE);
            assert_eq!(d.discovered, want <= 0.05);
        }
    }
}
