//! Small samples said plainly, and judged against documented bands (issue 16, items 2, 6 and 7),
//! through the binary: the ICC read from its lower bound in Koo and Li's bands, alpha and the
//! ICC below their minimums saying so, and the finite-population correction of `sample size
//! --sd --population`.

mod common;

use common::{Sandbox, stdout_of};
use serde_json::Value;

fn agreement(sb: &Sandbox, csv: &str, metric: &str) -> Value {
    let file = sb.write("ratings.csv", csv);
    let out = stdout_of(
        sb.qaudit()
            .args(["calibrate", "agreement"])
            .arg(file)
            .args(["--metric", metric, "--format", "json"]),
    );
    serde_json::from_str(&out).unwrap()
}

/// Koo and Li (2016) on a lower bound, as the README states them.
fn band(lower: f64) -> &'static str {
    match lower {
        l if l > 0.90 => "excellent",
        l if l >= 0.75 => "good",
        l if l >= 0.50 => "moderate",
        _ => "poor",
    }
}

#[test]
fn the_icc_is_read_from_its_lower_bound_in_koo_and_lis_bands() {
    let sb = Sandbox::new();
    sb.init();
    // Twelve subjects spread over the scale, three raters within a few points of each other.
    let mut close = String::from("r1,r2,r3\n");
    let mut loose = String::from("r1,r2,r3\n");
    for i in 0..12 {
        let base = 40 + 5 * i;
        close.push_str(&format!("{},{},{}\n", base, base + 2 - i % 3, base + i % 2));
        loose.push_str(&format!(
            "{},{},{}\n",
            base,
            base + 25 - 7 * (i % 5),
            60 + (i * 13) % 30
        ));
    }
    for (csv, expected) in [(&close, "excellent"), (&loose, "poor")] {
        let data = agreement(&sb, csv, "interval");
        let icc = &data["icc_reading"];
        let lower = icc["coefficient"]["interval"]["lower"].as_f64().unwrap();
        assert_eq!(icc["band"], band(lower), "{icc}");
        assert_eq!(icc["band"], expected, "{icc}");
        let verdict = data["verdict"].as_str().unwrap();
        assert!(
            verdict.contains(&format!("{expected} (Koo and Li, from the lower bound)")),
            "{verdict}"
        );
    }
}

#[test]
fn alpha_and_the_icc_below_their_minimums_say_so() {
    let sb = Sandbox::new();
    sb.init();
    let data = agreement(&sb, "r1,r2\n1,1\n2,2\n3,3\n4,4\n", "ordinal");
    // Perfect agreement on four subjects is still no verdict.
    assert_eq!(data["judged_alpha"]["value"], 1.0);
    assert_eq!(data["judged_alpha"]["reading"], "too_few");
    assert!(
        data["judged_alpha"]["interval"].is_null(),
        "no interval below the minimum"
    );
    assert_eq!(data["icc_reading"]["coefficient"]["reading"], "too_few");
    assert!(data["icc_reading"]["band"].is_null());
    let verdict = data["verdict"].as_str().unwrap();
    assert!(
        verdict.contains("not enough subjects to judge (4, at least 10 needed)")
            && verdict.contains("not enough subjects to judge (4, at least 5 needed)"),
        "{verdict}"
    );
}

#[test]
fn the_sample_size_of_a_mean_takes_the_finite_population_correction() {
    let sb = Sandbox::new();
    sb.init();
    let size = |extra: &[&str]| -> Value {
        let mut args = vec!["sample", "size", "--sd", "12", "--margin", "3", "--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&stdout_of(sb.qaudit().args(&args))).unwrap()
    };
    // (1.95996 × 12 / 3)² = 61.46; with 100 contacts in the month 61.46 / (1 + 61.46/100) = 38.07.
    assert_eq!(size(&[])["n"], 62);
    let corrected = size(&["--population", "100"]);
    assert_eq!(
        (corrected["n"].clone(), corrected["population"].clone()),
        (39.into(), 100.into())
    );
    // With 20: 61.46 / (1 + 61.46/20) = 15.09, so 16 of the 20.
    assert_eq!(size(&["--population", "20"])["n"], 16);
    let text = stdout_of(
        sb.qaudit()
            .args(["sample", "size", "--sd", "12", "--margin", "3", "--population", "100"]),
    );
    assert!(
        text.contains("61.46 / (1 + 61.46/100) = 38.07") && text.contains("39"),
        "{text}"
    );
}
