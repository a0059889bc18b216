//! qaudit's agreement statistics against the reference packages, to 3 decimals: Gwet's AC1 and
//! AC2 against `irrCAC` 0.4.4, Krippendorff's alpha against `krippendorff`, ICC(2,1) and
//! ICC(3,1) against `pingouin`, on published examples (Gwet 2014, Krippendorff 2011, Shrout and
//! Fleiss 1979) and on 40 seeded random data sets. The values are fixtures written by
//! `tests/fixtures/stats/generate.py` (run it again after changing the cases).

use qaudit::stats::{self, Estimate, Metric, Weights};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stats/reference.json"),
    )
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn units(case: &Value) -> Vec<Vec<Option<f64>>> {
    case["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_array().unwrap().iter().map(Value::as_f64).collect())
        .collect()
}

/// Compares when the reference has a value; returns whether it did.
fn check(case: &Value, key: &str, ours: Estimate<f64>) -> bool {
    let name = case["name"].as_str().unwrap();
    let Some(expected) = case[key].as_f64() else {
        return false;
    };
    let got = *ours
        .value()
        .unwrap_or_else(|| panic!("{name} {key}: reference {expected}, ours undefined"));
    assert!(
        (got - expected).abs() < 5e-4,
        "{name} {key}: reference {expected:.6}, qaudit {got:.6}"
    );
    true
}

#[test]
fn gwet_ac1_and_ac2_agree_with_irrcac() {
    let mut compared = 0;
    for case in cases() {
        let u = units(&case);
        compared += usize::from(check(&case, "ac1", stats::gwet_ac(&u, Weights::Identity)));
        compared += usize::from(check(&case, "ac2_ordinal", stats::gwet_ac(&u, Weights::Ordinal)));
        compared += usize::from(check(&case, "ac2_quadratic", stats::gwet_ac(&u, Weights::Quadratic)));
    }
    println!("{compared} AC1/AC2 values agree with irrCAC to 3 decimals");
    assert!(compared >= 110, "{compared}");
}

#[test]
fn alpha_agrees_with_the_krippendorff_package() {
    let mut compared = 0;
    for case in cases() {
        let u = units(&case);
        for (key, metric) in [
            ("alpha_nominal", Metric::Nominal),
            ("alpha_ordinal", Metric::Ordinal),
            ("alpha_interval", Metric::Interval),
        ] {
            compared += usize::from(check(&case, key, stats::krippendorff_alpha(&u, metric).unwrap().alpha));
        }
    }
    println!("{compared} alpha values agree with krippendorff to 3 decimals");
    assert!(compared >= 110, "{compared}");
}

#[test]
fn icc_agrees_with_pingouin() {
    let mut compared = 0;
    for case in cases() {
        let complete: Vec<Vec<f64>> = units(&case)
            .into_iter()
            .filter_map(|u| u.into_iter().collect::<Option<Vec<f64>>>())
            .collect();
        if case["icc2_1"].is_null() {
            continue;
        }
        let icc = stats::icc(&complete).unwrap();
        compared += usize::from(check(&case, "icc2_1", icc.absolute_agreement));
        compared += usize::from(check(&case, "icc3_1", icc.consistency));
    }
    println!("{compared} ICC values agree with pingouin to 3 decimals");
    assert!(compared >= 40, "{compared}");
}

#[test]
fn the_published_examples_are_among_the_cases() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    for n in [
        "gwet-2014-four-raters",
        "krippendorff-2011-canonical",
        "shrout-fleiss-1979",
    ] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
    let sf = cases().into_iter().find(|c| c["name"] == "shrout-fleiss-1979").unwrap();
    // Shrout and Fleiss (1979), Table 4: ICC(2,1) = 0.29, ICC(3,1) = 0.71.
    assert!((sf["icc2_1"].as_f64().unwrap() - 0.29).abs() < 0.005);
    assert!((sf["icc3_1"].as_f64().unwrap() - 0.71).abs() < 0.005);
}
