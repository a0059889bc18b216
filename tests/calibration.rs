//! Calibration agreement statistics (`calibrate agreement`) against the published worked
//! examples, and its refusals of cells that are no numbers, through the binary.

mod common;

use common::calibration_support::three;
use common::{Sandbox, stdout_of};
use serde_json::Value;

/// Runs `calibrate agreement` on `csv` with `args` and returns the JSON report.
fn agreement_json(sb: &Sandbox, csv: &str, args: &[&str]) -> Value {
    let file = sb.write("ratings.csv", csv);
    let out = stdout_of(
        sb.qaudit()
            .args(["--format", "json", "calibrate", "agreement"])
            .arg(file)
            .args(args),
    );
    serde_json::from_str(&out).unwrap()
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12
/// units, values 1..5, with missing values (rows are units, an empty cell is missing).
const KRIPPENDORFF_C: &str = "A,B,C,D
1,1,,1
2,2,3,2
3,3,3,3
3,3,3,3
2,2,2,2
1,2,3,4
4,4,4,4
1,1,2,1
2,2,2,2
,5,5,5
,,1,1
,3,,
";

#[test]
fn alpha_reproduces_krippendorffs_example_with_missing_values_for_all_four_metrics() {
    let sb = Sandbox::new();
    // Published in sections C to F of the paper.
    for (metric, published) in [
        ("nominal", "0.743"),
        ("ordinal", "0.815"),
        ("interval", "0.849"),
        ("ratio", "0.797"),
    ] {
        let json = agreement_json(&sb, KRIPPENDORFF_C, &["--metric", metric]);
        assert_eq!(three(&json["alpha"]["value"]), published, "{metric}");
        assert_eq!(json["alpha"]["metric"], metric);
        // Unit 12 holds one value and is not pairable; the paper's n is 40.
        assert_eq!(json["alpha"]["units"], 12);
        assert_eq!(json["alpha"]["pairable_units"], 11);
        assert_eq!(json["alpha"]["pairable_values"], 40);
        let ci = &json["alpha"]["interval"];
        assert!(ci["lower"].as_f64().unwrap() < json["alpha"]["value"].as_f64().unwrap());
        // Honest intervals (issue 16): n and method stated, resamples until each bound's
        // Monte-Carlo error is below the printed precision (or the error said).
        assert_eq!(ci["confidence"].as_f64(), Some(0.95));
        assert_eq!(ci["n"], 11);
        assert_eq!(ci["method"], "percentile bootstrap, resampling units");
        assert!(ci["resamples"].as_u64().unwrap() >= 2000);
        assert!(
            ci["stable"] == true || ci["mc_error"].as_f64().unwrap() >= 0.0005,
            "{ci}"
        );
        assert_eq!(ci["excludes_estimate"], false);
    }
    // The human form prints the same figure.
    let file = sb.write("ratings.csv", KRIPPENDORFF_C);
    let out = stdout_of(
        sb.qaudit()
            .args(["calibrate", "agreement"])
            .arg(&file)
            .args(["--metric", "nominal"]),
    );
    assert!(out.contains("Krippendorff's alpha  0.743  (95% interval"), "{out}");
    // The verdict reads the interval's lower bound, with n, never the point estimate alone.
    assert!(out.contains("Krippendorff's alpha 0.743 (95% interval"), "{out}");
    assert!(out.contains("n = 11)"), "{out}");
    assert!(out.contains("lower bound"), "{out}");
    assert!(out.contains("Gwet's AC1"), "{out}");
}

#[test]
fn alpha_reproduces_the_three_coder_example_with_missing_values() {
    // The worked example of the Wikipedia article on Krippendorff's alpha (3 coders × 15 units,
    // two units with no value at all): nominal 0.691, interval 0.811.
    let csv = "c1,c2,c3\n,1,\n,,\n,2,2\n,1,1\n,3,3\n3,3,4\n4,4,4\n1,3,\n2,,2\n1,,1\n1,,1\n3,,3\n3,,3\n,,\n3,,4\n";
    let sb = Sandbox::new();
    let nominal = agreement_json(&sb, csv, &["--metric", "nominal"]);
    assert_eq!(three(&nominal["alpha"]["value"]), "0.691");
    let interval = agreement_json(&sb, csv, &["--metric", "interval"]);
    assert_eq!(three(&interval["alpha"]["value"]), "0.811");
    assert_eq!(interval["units"], 15);
}

#[test]
fn alpha_reproduces_the_examples_without_missing_values() {
    let sb = Sandbox::new();
    // Krippendorff (2011), section A: binary data, 2 coders × 10 units, no missing data: 0.095.
    // With two values every metric has one distance, so all four metrics give the same alpha.
    let binary = "A,B\n0,1\n1,1\n0,1\n0,0\n0,0\n0,1\n0,0\n0,0\n1,0\n0,0\n";
    for metric in ["nominal", "ordinal", "interval", "ratio"] {
        let json = agreement_json(&sb, binary, &["--metric", metric]);
        assert_eq!(three(&json["alpha"]["value"]), "0.095", "{metric}");
        assert_eq!(json["complete_units"], 10);
    }
    // Section B: nominal data, 2 coders × 12 units, no missing data (values a..e coded 1..5): 0.692.
    let nominal = "A,B\n1,2\n1,1\n2,2\n2,2\n4,2\n3,3\n3,3\n3,3\n5,5\n4,4\n4,4\n1,4\n";
    let json = agreement_json(&sb, nominal, &["--metric", "nominal"]);
    assert_eq!(three(&json["alpha"]["value"]), "0.692");
}

/// Shrout and Fleiss (1979), Table 2: 6 targets rated by 4 judges.
const SHROUT_FLEISS: &str = "j1,j2,j3,j4\n9,2,5,8\n6,1,3,2\n8,4,6,8\n7,1,2,6\n10,5,6,9\n6,2,4,7\n";

#[test]
fn icc_reproduces_shrout_and_fleiss() {
    let sb = Sandbox::new();
    let json = agreement_json(&sb, SHROUT_FLEISS, &[]);
    // Published as .29 and .71; the exact values are 0.2898 and 0.7148.
    assert_eq!(three(&json["icc"]["absolute_agreement"]["value"]), "0.290");
    assert_eq!(three(&json["icc"]["consistency"]["value"]), "0.715");
    assert_eq!(json["icc"]["subjects"], 6);
    assert_eq!(json["icc"]["raters"], 4);
    assert_eq!(json["icc"]["mean_squares"]["df_error"], 15);
    let file = sb.write("sf.csv", SHROUT_FLEISS);
    let out = stdout_of(sb.qaudit().args(["calibrate", "agreement"]).arg(file));
    assert!(
        out.contains("ICC(2,1)              0.290  (absolute agreement, over 6 units"),
        "{out}"
    );
    assert!(out.contains("ICC(3,1)              0.715  (consistency)"), "{out}");
    assert!(out.contains("Metric                interval"), "{out}");
}

#[test]
fn agreement_edge_cases_say_what_they_mean() {
    let sb = Sandbox::new();
    // Perfect agreement: alpha is 1 and so is its whole interval.
    let json = agreement_json(&sb, "a,b,c\n1,1,1\n2,2,2\n3,3,\n4,4,4\n", &[]);
    assert_eq!(json["alpha"]["value"].as_f64(), Some(1.0));
    assert_eq!(json["alpha"]["interval"]["lower"].as_f64(), Some(1.0));
    assert_eq!(json["alpha"]["level"], "reliable");
    assert_eq!(three(&json["icc"]["absolute_agreement"]["value"]), "1.000");

    // One rater: nothing to compare; no ICC.
    let file = sb.write("one.csv", "only\n1\n2\n3\n");
    let out = sb
        .qaudit()
        .args(["calibrate", "agreement"])
        .arg(&file)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("undefined: no unit was rated by two or more raters"),
        "{text}"
    );
    assert!(
        text.contains("not computed: needs at least two raters, there is 1"),
        "{text}"
    );
    let json = agreement_json(&sb, "only\n1\n2\n3\n", &[]);
    assert_eq!(json["alpha"]["value"], Value::Null);
    assert_eq!(json["alpha"]["undefined"], "no_pairable_units");
    assert_eq!(json["alpha"]["interval"], Value::Null);

    // A unit with a single value is not pairable and changes nothing.
    let base = "a,b\n1,1\n2,3\n3,3\n4,4\n";
    let without = agreement_json(&sb, base, &[]);
    let with = agreement_json(&sb, &format!("{base}5,\n"), &[]);
    assert_eq!(with["alpha"]["value"], without["alpha"]["value"]);
    assert_eq!(
        (
            with["alpha"]["units"].as_u64(),
            with["alpha"]["pairable_units"].as_u64()
        ),
        (Some(5), Some(4))
    );
    assert_eq!(with["complete_units"], 4);

    // All values identical: alpha is undefined, and the output says why instead of dividing by zero.
    let file = sb.write("same.csv", "a,b,c\n4,4,4\n4,4,\n4,,4\n");
    let text = stdout_of(sb.qaudit().args(["calibrate", "agreement"]).arg(&file));
    assert!(text.contains("undefined: every value is the same"), "{text}");
    assert!(text.contains("undefined for these answers"), "{text}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    let json = agreement_json(&sb, "a,b,c\n4,4,4\n4,4,\n4,,4\n", &[]);
    assert_eq!(json["alpha"]["undefined"], "no_variation");
    assert_eq!(json["alpha"]["level"], "undefined");
    // The ICC over the one complete row is not computed (it needs two).
    assert!(
        json["icc"]["not_computed"]
            .as_str()
            .unwrap()
            .contains("at least two units rated by every rater")
    );
}

#[test]
fn agreement_refuses_cells_that_are_not_numbers_with_file_and_line() {
    let sb = Sandbox::new();
    let cases = [
        ("a,b\n1,2\n3,x\n4,5\n", vec![]),
        ("a,b\n1,2\n3,4,5\n", vec![]),
        ("a,b\n", vec![]),
        ("a,b\n1,-2\n", vec!["--metric", "ratio"]),
        ("a,a\n1,2\n", vec![]),
        ("a,b\n1,NaN\n", vec![]),
    ];
    // One snapshot for all the files (insta takes no inline snapshot inside a loop).
    let mut refusals = String::new();
    for (csv, args) in cases {
        sb.write("ratings.csv", csv);
        let refused = sb.refusal(sb.qaudit().args(["calibrate", "agreement", "ratings.csv"]).args(&args));
        let label = std::iter::once(format!("{csv:?}")).chain(args.iter().map(|a| a.to_string()));
        refusals.push_str(&format!("## {}\n{refused}", label.collect::<Vec<_>>().join(" ")));
    }
    insta::assert_snapshot!(refusals, @r#"
    ## "a,b\n1,2\n3,x\n4,5\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:3: b's rating "x" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,b\n1,2\n3,4,5\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:3: 3 fields where the header has 2 (beyond the header: "5")
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,b\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv has no ratings: only the header line
    hint: after the first line (the raters' names), give one row per unit with one rating per rater
    ## "a,b\n1,-2\n" --metric ratio
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: b's rating -2 is negative, and the ratio metric needs values of zero or more
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    ## "a,a\n1,2\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:1: column "a" appears twice in the header (columns 1 and 2)
    hint: give each column its own name
    ## "a,b\n1,NaN\n"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: b's rating "NaN" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    "#);
    // Every bad cell is listed, not only the first.
    sb.write("ratings.csv", "a,b\nx,1\n2,y\n");
    insta::assert_snapshot!(sb.refuse(&["calibrate", "agreement", "ratings.csv"]), @r#"
    exit: 1
    --- stdout
    --- stderr
    error: ratings.csv:2: a's rating "x" is not a number
    ratings.csv:3: b's rating "y" is not a number
    hint: each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating
    "#);
}
