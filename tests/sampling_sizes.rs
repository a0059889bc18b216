//! `sample size` against hand-computed values, through the binary.

mod common;

use common::{Sandbox, stdout_of};
use serde_json::Value;

#[test]
fn sample_sizes_match_hand_computed_values() {
    let sb = Sandbox::new();
    let size = |args: &[&str]| -> Value {
        serde_json::from_str(&stdout_of(
            sb.qaudit().args(["--format", "json", "sample", "size"]).args(args),
        ))
        .unwrap()
    };
    // n0 = 1.95996² × 0.25 / 0.05² = 384.15; 384.15 / (1 + 383.15/10000) = 369.97 -> 370.
    assert_eq!(size(&["--population", "10000"])["n"], 370);
    assert_eq!(
        size(&["--population", "10000", "--margin", "0.05", "--confidence", "0.95"])["n"],
        370
    );
    // Unlimited population: 385. 1,000: 278. 99%: 2.5758² × 0.25 / 0.0025 = 663.5 -> 664.
    assert_eq!(size(&[])["n"], 385);
    assert_eq!(size(&["--population", "1000"])["n"], 278);
    assert_eq!(size(&["--confidence", "0.99"])["n"], 664);
    // p = 0.9 within 3 points: 1.95996² × 0.09 / 0.0009 = 384.15 -> 385.
    assert_eq!(size(&["--margin", "0.03", "--proportion", "0.9"])["n"], 385);
    // An agent's average within 5 points when scores vary by 10: (1.96 × 10 / 5)² = 15.37 -> 16.
    let mean = size(&["--sd", "10", "--margin", "5"]);
    assert_eq!(mean["n"], 16);
    assert_eq!(mean["kind"], "mean");
    // Within 3 points when they vary by 12: (1.95996 × 12 / 3)² = 61.46 -> 62.
    assert_eq!(size(&["--sd", "12", "--margin", "3"])["n"], 62);

    let text = stdout_of(
        sb.qaudit()
            .args(["sample", "size", "--population", "10000", "--margin", "0.05"]),
    );
    insta::assert_snapshot!("sample_size_proportion", text);
    let text = stdout_of(sb.qaudit().args(["sample", "size", "--sd", "12", "--margin", "3"]));
    insta::assert_snapshot!("sample_size_mean", text);
}

#[test]
fn sample_size_for_a_mean_applies_the_finite_population_correction() {
    // n0 = (1.96 × 12 / 3)² = 61.46; with N = 40: 61.46 / (1 + 61.46/40) = 24.23, so 25.
    let sb = Sandbox::new();
    let json = stdout_of(sb.qaudit().args([
        "sample",
        "size",
        "--sd",
        "12",
        "--margin",
        "3",
        "--population",
        "40",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["n"], 25, "{v}");
    assert_eq!(v["population"], 40);
    let text = stdout_of(
        sb.qaudit()
            .args(["sample", "size", "--sd", "12", "--margin", "3", "--population", "40"]),
    );
    assert!(
        text.contains("with the finite-population correction") && text.contains("N = 40"),
        "{text}"
    );
    let unlimited = stdout_of(
        sb.qaudit()
            .args(["sample", "size", "--sd", "12", "--margin", "3", "--format", "json"]),
    );
    assert!(unlimited.contains("\"n\": 62"), "{unlimited}");
}
