//! Quantiles by linear interpolation between order statistics, as numpy computes them by
//! default (`numpy.percentile(..., method="linear")`, Hyndman and Fan's type 7, also R's
//! default): for ascending values `x[0..n]` and a fraction `q`, the position is `h = (n − 1) q`
//! and the quantile `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])`. The median of an even count is
//! the mean of the middle two; one value is its own every quantile.
//!
//! Response times are reported as the median and the 90th percentile without an interval
//! (issue 19, pinned): they describe the contacts measured, they do not estimate a rate.

use super::{Estimate, StatsError, Undefined};
use serde::Serialize;

/// The `q` quantile (a fraction, 0.9 for the 90th percentile) of `values` in any order.
/// Refuses a non-finite value or a `q` outside `[0, 1]`; undefined for no values.
pub fn quantile(values: &[f64], q: f64) -> Result<Estimate<f64>, StatsError> {
    check_fraction(q)?;
    let sorted = sorted_finite(values)?;
    if sorted.is_empty() {
        return Ok(Estimate::Undefined(Undefined::NoValues));
    }
    Ok(Estimate::Value(quantile_sorted(&sorted, q)))
}

/// The `q` quantile of non-empty, ascending `sorted` (type 7). The caller checks both.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * q;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
}

/// Median and 90th percentile of response times, in the unit given (seconds from the store).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResponseTimes {
    pub n: usize,
    pub median: f64,
    pub p90: f64,
    /// The method, as reports name it.
    pub method: &'static str,
    /// Fewer than [`super::voice::MIN_N`] times: shown with "too few to judge".
    pub too_few: bool,
}

/// How [`ResponseTimes`] are computed, for the report's footnote.
pub const QUANTILE_METHOD: &str = "linear interpolation between order statistics (numpy's default, type 7)";

/// The median and 90th percentile of `seconds`; refuses a negative or non-finite time (the
/// position is counted from 1), undefined for none.
pub fn response_times(seconds: &[f64]) -> Result<Estimate<ResponseTimes>, StatsError> {
    let sorted = sorted_finite(seconds)?;
    if let Some(i) = seconds.iter().position(|s| *s < 0.0) {
        return Err(StatsError::OutOfRange {
            name: "a response time",
            requirement: "zero or more seconds",
            value: seconds[i],
        });
    }
    if sorted.is_empty() {
        return Ok(Estimate::Undefined(Undefined::NoValues));
    }
    Ok(Estimate::Value(ResponseTimes {
        n: sorted.len(),
        median: quantile_sorted(&sorted, 0.5),
        p90: quantile_sorted(&sorted, 0.9),
        method: QUANTILE_METHOD,
        too_few: sorted.len() < super::voice::MIN_N,
    }))
}

fn sorted_finite(values: &[f64]) -> Result<Vec<f64>, StatsError> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::NotFiniteValue { position: i + 1 });
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(sorted)
}

fn check_fraction(q: f64) -> Result<(), StatsError> {
    if (0.0..=1.0).contains(&q) {
        Ok(())
    } else {
        Err(StatsError::OutOfRange {
            name: "the quantile",
            requirement: "a fraction from 0 to 1 (0.9 for the 90th percentile)",
            value: q,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(values: &[f64], at: f64) -> f64 {
        *quantile(values, at).unwrap().value().unwrap()
    }

    #[test]
    fn linear_interpolation_matches_the_hand_computation() {
        // Sorted 10, 20, 30, 40: the median sits at h = 1.5, halfway from 20 to 30 = 25; the
        // 90th at h = 2.7, 30 + 0.7 × 10 = 37. numpy.percentile gives 25.0 and 37.0.
        let times = [40.0, 10.0, 30.0, 20.0];
        assert!((q(&times, 0.5) - 25.0).abs() < 1e-12);
        assert!((q(&times, 0.9) - 37.0).abs() < 1e-12);
        assert_eq!(q(&times, 0.0), 10.0);
        assert_eq!(q(&times, 1.0), 40.0);
        // Nearest rank would give 20 and 40: this is not that method.
        assert_eq!(q(&[7.0], 0.9), 7.0);
    }

    #[test]
    fn response_times_give_median_and_p90_and_say_small_n() {
        let r = *response_times(&[60.0, 120.0, 30.0]).unwrap().value().unwrap();
        assert_eq!((r.n, r.median), (3, 60.0));
        // h = 2 × 0.9 = 1.8: 60 + 0.8 × 60 = 108.
        assert!((r.p90 - 108.0).abs() < 1e-9, "{r:?}");
        assert!(r.too_few);
        let many: Vec<f64> = (0..40).map(f64::from).collect();
        assert!(!response_times(&many).unwrap().value().unwrap().too_few);
        assert_eq!(response_times(&[]).unwrap(), Estimate::Undefined(Undefined::NoValues));
    }

    #[test]
    fn refuses_negative_and_non_finite_times_and_bad_fractions() {
        assert!(
            response_times(&[5.0, -1.0])
                .unwrap_err()
                .to_string()
                .contains("zero or more")
        );
        assert_eq!(
            response_times(&[5.0, f64::NAN]).unwrap_err(),
            StatsError::NotFiniteValue { position: 2 }
        );
        for bad in [-0.1, 1.1, f64::NAN] {
            assert!(quantile(&[1.0], bad).is_err());
        }
    }
}
