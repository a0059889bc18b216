//! One-sided Student's t confidence bounds of a mean, for flag rules (DESIGN.md section 5).
//!
//! A rule such as "flag below-standard only if the one-sided 90% upper bound of the mean is below
//! 70" must not fire on an agent whose four evaluations average 68 by bad luck. With `n` scores,
//! mean `x̄` and sample standard deviation `s` (divisor `n - 1`), the one-sided bounds at
//! confidence `c` are
//!
//! ```text
//! upper = x̄ + t(c; n-1) · s / √n        lower = x̄ − t(c; n-1) · s / √n
//! ```
//!
//! where `t(c; n-1)` is the `c` quantile of Student's t with `n - 1` degrees of freedom
//! (Student 1908; any introductory text, e.g. Moore, McCabe & Craig, *Introduction to the
//! Practice of Statistics*, ch. 7). The t rather than the normal quantile is what makes the bound
//! honest for the small `n` that flag windows hold. The quantile comes from statrs.

use super::{Estimate, StatsError, Undefined};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// A confidence level strictly between 0 and 1, checked once so every user of it can rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Confidence(f64);

impl Confidence {
    /// 95%, the design's default for sample sizes and the alpha bootstrap interval.
    pub const NINETY_FIVE: Confidence = Confidence(0.95);

    /// Accepts a level such as `0.90`; refuses anything outside `(0, 1)`, `NaN` included.
    pub fn new(level: f64) -> Result<Confidence, StatsError> {
        if level > 0.0 && level < 1.0 {
            Ok(Confidence(level))
        } else {
            Err(StatsError::OutOfRange {
                name: "the confidence level",
                requirement: "strictly between 0 and 1 (for example 0.95)",
                value: level,
            })
        }
    }

    /// The level as a fraction, e.g. `0.95`.
    pub fn level(self) -> f64 {
        self.0
    }

    /// The two-sided standard normal quantile, `z` with `P(|Z| < z) = level` (1.96 at 95%).
    pub fn two_sided_z(self) -> f64 {
        Normal::standard().inverse_cdf(1.0 - (1.0 - self.0) / 2.0)
    }

    /// The one-sided standard normal quantile, `z` with `P(Z < z) = level` (1.2816 at 90%),
    /// for the one-sided bounds of flag rules on normal-approximation figures.
    pub fn one_sided_z(self) -> f64 {
        Normal::standard().inverse_cdf(self.0)
    }
}

/// Which side the bound limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The mean is at most this (used by `average_below`).
    Upper,
    /// The mean is at least this (used by `average_at_least`).
    Lower,
}

/// A one-sided bound with everything a flag prints as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanBound {
    pub side: Side,
    pub confidence: Confidence,
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation, divisor `n - 1`.
    pub sd: f64,
    /// The one-sided t quantile used, `t(c; n-1)`.
    pub t: f64,
    pub bound: f64,
}

/// The one-sided bound of the mean of `values`; undefined (with the reason) for fewer than two.
pub fn mean_bound(values: &[f64], side: Side, confidence: Confidence) -> Result<Estimate<MeanBound>, StatsError> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::NotFiniteValue { position: i + 1 });
    }
    let n = values.len();
    if n < 2 {
        return Ok(Estimate::Undefined(Undefined::TooFewValues { n }));
    }
    let count = n as f64;
    let mean = values.iter().sum::<f64>() / count;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count - 1.0)).sqrt();
    let t = StudentsT::new(0.0, 1.0, count - 1.0)
        .map_err(|e| StatsError::Distribution(e.to_string()))?
        .inverse_cdf(confidence.level());
    let half_width = t * sd / count.sqrt();
    let bound = match side {
        Side::Upper => mean + half_width,
        Side::Lower => mean - half_width,
    };
    Ok(Estimate::Value(MeanBound {
        side,
        confidence,
        n,
        mean,
        sd,
        t,
        bound,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(values: &[f64], side: Side, level: f64) -> MeanBound {
        *mean_bound(values, side, Confidence::new(level).unwrap())
            .unwrap()
            .value()
            .unwrap()
    }

    #[test]
    fn five_scores_at_ninety_percent_match_the_hand_computation() {
        // Scores 60, 65, 70, 62, 68: mean 325 / 5 = 65; deviations -5, 0, 5, -3, 3; squares sum to
        // 68; variance 68 / 4 = 17; sd = √17 = 4.1231; standard error 4.1231 / √5 = 1.8439.
        // t(0.90; 4) = 1.5332 (tables: 1.533). Half width 1.5332 × 1.8439 = 2.8271, so the upper
        // bound is 67.827 and the lower 62.173.
        let scores = [60.0, 65.0, 70.0, 62.0, 68.0];
        let up = bound(&scores, Side::Upper, 0.90);
        assert_eq!(up.n, 5);
        assert!((up.mean - 65.0).abs() < 1e-12);
        assert!((up.sd - 17f64.sqrt()).abs() < 1e-12);
        assert!((up.t - 1.533).abs() < 5e-4, "t = {}", up.t);
        assert!((up.bound - 67.827).abs() < 5e-4, "upper = {}", up.bound);
        let low = bound(&scores, Side::Lower, 0.90);
        assert!((low.bound - 62.173).abs() < 5e-4, "lower = {}", low.bound);
        // Below-standard at 70 would fire (67.8 < 70); the evidence says so with n, mean, bound.
        assert!(up.bound < 70.0);
    }

    #[test]
    fn higher_confidence_widens_the_bound() {
        // t(0.95; 4) = 2.1318 (tables: 2.132): upper = 65 + 2.1318 × 1.8439 = 68.931.
        let scores = [60.0, 65.0, 70.0, 62.0, 68.0];
        let up = bound(&scores, Side::Upper, 0.95);
        assert!((up.t - 2.132).abs() < 5e-4, "t = {}", up.t);
        assert!((up.bound - 68.931).abs() < 5e-4, "upper = {}", up.bound);
    }

    #[test]
    fn identical_scores_bound_at_the_mean() {
        let b = bound(&[80.0, 80.0, 80.0], Side::Upper, 0.9);
        assert_eq!(b.sd, 0.0);
        assert_eq!(b.bound, 80.0);
    }

    #[test]
    fn fewer_than_two_values_have_no_bound_and_say_why() {
        let c = Confidence::new(0.9).unwrap();
        for values in [&[][..], &[71.0][..]] {
            let e = mean_bound(values, Side::Upper, c).unwrap();
            assert_eq!(e, Estimate::Undefined(Undefined::TooFewValues { n: values.len() }));
        }
        let reason = Undefined::TooFewValues { n: 1 }.to_string();
        assert!(reason.contains("at least two values"), "{reason}");
    }

    #[test]
    fn refuses_bad_levels_and_non_finite_scores() {
        for level in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            let err = Confidence::new(level).unwrap_err();
            assert!(err.to_string().contains("strictly between 0 and 1"), "{err}");
        }
        let err = mean_bound(&[70.0, f64::NAN], Side::Lower, Confidence::NINETY_FIVE).unwrap_err();
        assert_eq!(err, StatsError::NotFiniteValue { position: 2 });
    }
}
