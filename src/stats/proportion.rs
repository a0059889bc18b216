//! A share (k of n) with its Wilson score interval (Wilson 1927; Agresti and Coull 1998), for
//! CSAT's share satisfied and complaints per 100 contacts.
//!
//! With `p = k / n` and `z` the two-sided normal quantile of the confidence level,
//!
//! ```text
//! centre = (p + z²/2n) / (1 + z²/n)
//! half   = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)
//! ```
//!
//! Unlike the plain `p ± z√(p(1 − p)/n)`, it stays inside `[0, 1]` and keeps a width when
//! `k = 0` or `k = n` (no complaint in 40 contacts is not "0 to 0"), which is why the issue
//! pins it. No continuity correction: scipy's `binomtest(k, n).proportion_ci(method="wilson")`
//! gives the same bounds.

use super::{Confidence, Estimate, StatsError, Undefined};
use serde::Serialize;

/// A two-sided interval, with how it was computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
    pub confidence: f64,
    /// The method, as reports name it ("Wilson score", "Student's t", ...).
    pub method: &'static str,
}

impl Interval {
    /// The interval with both bounds multiplied by `factor` (a share as per 100).
    pub fn scaled(self, factor: f64) -> Interval {
        Interval {
            lower: self.lower * factor,
            upper: self.upper * factor,
            ..self
        }
    }
}

/// The Wilson method's name in reports.
pub const WILSON: &str = "Wilson score";

/// `count` of `n` with the share and its Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub count: usize,
    pub n: usize,
    /// `count / n`, a fraction.
    pub share: f64,
    pub interval: Interval,
}

/// The share `count / n` with its Wilson interval; refuses `count > n`, undefined for `n = 0`.
pub fn wilson(count: usize, n: usize, confidence: Confidence) -> Result<Estimate<Share>, StatsError> {
    if count > n {
        return Err(StatsError::OutOfRange {
            name: "the count of a share",
            requirement: "at most the number of cases it is counted among",
            value: count as f64,
        });
    }
    if n == 0 {
        return Ok(Estimate::Undefined(Undefined::NoValues));
    }
    let (lower, upper) = wilson_bounds(count, n, confidence.two_sided_z());
    Ok(Estimate::Value(Share {
        count,
        n,
        share: count as f64 / n as f64,
        interval: Interval {
            lower,
            upper,
            confidence: confidence.level(),
            method: WILSON,
        },
    }))
}

/// The Wilson bounds of `count / n` (`n > 0`) for the normal quantile `z`: the two-sided
/// interval with the two-sided `z`, or, with a one-sided `z`, the bounds a flag rule tests
/// (`Confidence::one_sided_z`: the lower bound at 90% uses z = 1.2816).
pub fn wilson_bounds(count: usize, n: usize, z: f64) -> (f64, f64) {
    let (k, total) = (count as f64, n as f64);
    let p = k / total;
    let z2 = z * z;
    let denominator = 1.0 + z2 / total;
    let centre = (p + z2 / (2.0 * total)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / total + z2 / (4.0 * total * total)).sqrt();
    (
        if count == 0 { 0.0 } else { (centre - half).max(0.0) },
        if count == n { 1.0 } else { (centre + half).min(1.0) },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(k: usize, n: usize) -> Share {
        *wilson(k, n, Confidence::NINETY_FIVE).unwrap().value().unwrap()
    }

    #[test]
    fn eight_of_twenty_matches_the_hand_computation() {
        // p = 0.4, z = 1.959964, z² = 3.841459; denominator 1 + 3.841459/20 = 1.192073;
        // centre (0.4 + 0.096036) / 1.192073 = 0.416112; half 1.959964 / 1.192073 ×
        // √(0.012 + 0.002401) = 1.644168 × 0.120004 = 0.197307: 0.2188 to 0.6134.
        let s = share(8, 20);
        assert!((s.share - 0.4).abs() < 1e-12);
        assert!((s.interval.lower - 0.2188).abs() < 5e-5, "{s:?}");
        assert!((s.interval.upper - 0.6134).abs() < 5e-5, "{s:?}");
        assert_eq!(s.interval.method, WILSON);
    }

    #[test]
    fn none_and_all_keep_a_width_inside_zero_one() {
        // 0 of 10: upper z²/(n + z²) = 3.841459 / 13.841459 = 0.277533.
        let none = share(0, 10);
        assert_eq!(none.interval.lower, 0.0);
        assert!((none.interval.upper - 0.277533).abs() < 1e-6, "{none:?}");
        let all = share(10, 10);
        assert_eq!(all.interval.upper, 1.0);
        assert!((all.interval.lower - (1.0 - 0.277533)).abs() < 1e-6, "{all:?}");
        // One case: 1 of 1 is 0.2065 to 1.
        assert!((share(1, 1).interval.lower - 0.206549).abs() < 1e-6);
    }

    #[test]
    fn refuses_more_than_all_and_has_nothing_for_none() {
        assert!(wilson(3, 2, Confidence::NINETY_FIVE).is_err());
        assert_eq!(
            wilson(0, 0, Confidence::NINETY_FIVE).unwrap(),
            Estimate::Undefined(Undefined::NoValues)
        );
    }
}
