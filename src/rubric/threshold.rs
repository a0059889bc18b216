//! Comparing a score with a threshold, in its own file so that the rubric model (bands) and the
//! scoring engine (pass marks) both use it without importing each other.

/// The one rule for comparing a score with a threshold (pass marks, bands, `fail_below`, flag
/// thresholds, section targets), shared by scoring, flags, reports and `verify`.
///
/// Both sides are rounded to 9 decimal places before they are compared, so a score that is
/// exactly the threshold in decimal arithmetic meets it even when binary floating point computes
/// it a hair below (100 x (0.7 + 1.4) / 3 is 69.99999999999999). Nine places is far below any
/// difference a rubric can express (weights and answers are short decimals) and far above the
/// error of a few dozen floating-point operations.
pub fn meets(value: f64, threshold: f64) -> bool {
    rounded(value) >= rounded(threshold)
}

/// `value` is below `threshold` under the rule of [`meets`].
pub fn below(value: f64, threshold: f64) -> bool {
    !meets(value, threshold)
}

fn rounded(x: f64) -> f64 {
    (x * 1e9).round()
}
