//! Honest intervals (issue 16, item 4 and its pinned decision), through the binary: every
//! interval `calibrate agreement` prints (alpha, Gwet's AC, ICC(2,1)) states its n, its
//! resampling method, its resamples and its Monte-Carlo error, and is printed with no more
//! decimals than that error allows; the calibration session report's per-scale AC1/AC2 have
//! theirs too (the snapshot in tests/calibration.rs shows them in full).

mod common;

use common::{Sandbox, stdout_of};
use serde_json::Value;

/// Fifteen units, three raters, mostly agreeing on a skewed 1-3 scale.
const RATINGS: &str = "r1,r2,r3\n1,1,1\n1,1,2\n1,1,1\n2,2,2\n1,1,1\n3,3,2\n1,1,1\n1,2,1\n\
                       1,1,1\n2,2,3\n1,1,1\n1,1,1\n3,3,3\n1,1,2\n2,2,2\n";

fn agreement(sb: &Sandbox, format: &str) -> String {
    let file = sb.write("ratings.csv", RATINGS);
    stdout_of(
        sb.qaudit()
            .args(["calibrate", "agreement"])
            .arg(file)
            .args(["--metric", "ordinal", "--format", format]),
    )
}

/// Checks one interval's JSON: its bounds printed with `decimals` decimals, the Monte-Carlo
/// error below half a unit of the last one, and the estimate inside or the miss flagged.
fn honest(name: &str, estimate: f64, i: &Value) {
    let decimals = i["decimals"].as_u64().unwrap() as i32;
    let mc = i["mc_error"].as_f64().unwrap();
    assert!(mc < 0.5 * 10f64.powi(-decimals), "{name}: {i}");
    assert_eq!(i["stable"], decimals == 3, "{name}: {i}");
    let text = i["text"].as_str().unwrap();
    for bound in text.split(" to ") {
        let shown = bound.split('.').nth(1).map_or(0, str::len) as i32;
        assert_eq!(shown, decimals, "{name}: {text}");
    }
    assert_eq!(i["n"], 15, "{name}: {i}");
    assert_eq!(i["method"], "percentile bootstrap, resampling units", "{name}");
    assert!(i["resamples"].as_u64().unwrap() >= 2000, "{name}: {i}");
    let (lower, upper) = (i["lower"].as_f64().unwrap(), i["upper"].as_f64().unwrap());
    let inside = lower <= estimate && estimate <= upper;
    assert_eq!(i["excludes_estimate"], !inside, "{name}: {i}");
}

#[test]
fn every_interval_of_calibrate_agreement_states_its_n_method_resamples_and_precision() {
    let sb = Sandbox::new();
    sb.init();
    let data: Value = serde_json::from_str(&agreement(&sb, "json")).unwrap();
    let alpha = data["alpha"]["value"].as_f64().unwrap();
    honest("alpha", alpha, &data["alpha"]["interval"]);
    assert_eq!(data["ac"]["name"], "AC2", "ordered answers: AC2 with ordinal weights");
    honest("AC2", data["ac"]["value"].as_f64().unwrap(), &data["ac"]["interval"]);
    let icc = &data["icc_reading"]["coefficient"];
    honest("ICC(2,1)", icc["value"].as_f64().unwrap(), &icc["interval"]);

    let text = agreement(&sb, "table").split_whitespace().collect::<Vec<_>>().join(" ");
    for name in ["Krippendorff's alpha", "Gwet's AC2", "ICC(2,1)"] {
        let line = text.split(name).nth(1).unwrap();
        let line = &line[..line.find(")").unwrap()];
        for needle in [
            "95% interval",
            "percentile bootstrap, resampling units, n = 15",
            "resamples, seed 1",
            "Monte-Carlo error",
        ] {
            assert!(line.contains(needle), "{name} lacks {needle:?}: {line}");
        }
    }
}
