//! How many interactions to score: Cochran's formulas with the finite-population correction.
//!
//! Both formulas are from W. G. Cochran, *Sampling Techniques*, 3rd ed. (Wiley, 1977), ch. 4,
//! with `z` the two-sided normal quantile for the confidence level (1.96 at 95%, from statrs):
//!
//! - A proportion (e.g. the share of calls that pass a criterion) within `±e`:
//!   `n0 = z² p(1 − p) / e²`, then `n = ⌈n0 / (1 + (n0 − 1)/N)⌉` for a population of `N`.
//!   `p = 0.5` is the conservative default: it maximises `p(1 − p)`.
//! - A mean (e.g. an agent's average score) within `±m` points, given a standard deviation `s`:
//!   `n0 = (z s / m)²`, then `n = ⌈n0 / (1 + n0/N)⌉` for a population of `N`.
//!
//! The two corrections differ on purpose: Cochran's population variance of a 0/1 variable is
//! `N p(1 − p) / (N − 1)`, which turns `n0 / (1 + n0/N)` into the `(n0 − 1)` form for proportions.
//! Without `N` the population is taken as infinite and `n = ⌈n0⌉`.

use super::{Confidence, StatsError};
use serde::Serialize;

/// The conservative planning proportion.
pub const DEFAULT_PROPORTION: f64 = 0.5;

/// A planned sample size and the pieces that produced it, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SampleSize {
    /// How many to score.
    pub n: u64,
    /// The size for an infinite population, before rounding and correction.
    pub n0: f64,
    /// The two-sided normal quantile used.
    pub z: f64,
    /// The population size the correction used, if any.
    pub population: Option<u64>,
}

/// Cochran's size for estimating a proportion within `±margin` (a fraction: 0.05 is ±5 points).
pub fn proportion_sample_size(
    margin: f64,
    confidence: Confidence,
    proportion: f64,
    population: Option<u64>,
) -> Result<SampleSize, StatsError> {
    check_open_unit(
        "the margin of error",
        "a fraction strictly between 0 and 1 (0.05 is ±5%)",
        margin,
    )?;
    check_open_unit(
        "the expected proportion",
        "strictly between 0 and 1 (0.5 when unknown)",
        proportion,
    )?;
    check_population(population)?;
    let z = confidence.two_sided_z();
    let n0 = z * z * proportion * (1.0 - proportion) / (margin * margin);
    let corrected = population.map_or(n0, |big_n| n0 / (1.0 + (n0 - 1.0) / big_n as f64));
    Ok(SampleSize {
        n: round_up(corrected, population),
        n0,
        z,
        population,
    })
}

/// Evaluations needed to estimate a mean within `±margin` points, given a standard deviation `sd`.
pub fn mean_sample_size(
    sd: f64,
    margin: f64,
    confidence: Confidence,
    population: Option<u64>,
) -> Result<SampleSize, StatsError> {
    check_positive("the standard deviation", sd)?;
    check_positive("the margin", margin)?;
    check_population(population)?;
    let z = confidence.two_sided_z();
    let n0 = (z * sd / margin).powi(2);
    let corrected = population.map_or(n0, |big_n| n0 / (1.0 + n0 / big_n as f64));
    Ok(SampleSize {
        n: round_up(corrected, population),
        n0,
        z,
        population,
    })
}

/// Rounds up, ignoring float noise far below one unit (an exact 370 computed as 370.0000000001
/// must not become 371), and never exceeds the population.
fn round_up(size: f64, population: Option<u64>) -> u64 {
    let n = (size - 1e-9).ceil().max(1.0) as u64;
    population.map_or(n, |big_n| n.min(big_n))
}

fn check_open_unit(name: &'static str, requirement: &'static str, value: f64) -> Result<(), StatsError> {
    if value > 0.0 && value < 1.0 {
        Ok(())
    } else {
        Err(StatsError::OutOfRange {
            name,
            requirement,
            value,
        })
    }
}

fn check_positive(name: &'static str, value: f64) -> Result<(), StatsError> {
    if value > 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(StatsError::OutOfRange {
            name,
            requirement: "a number greater than 0",
            value,
        })
    }
}

fn check_population(population: Option<u64>) -> Result<(), StatsError> {
    match population {
        Some(0) => Err(StatsError::OutOfRange {
            name: "the population size",
            requirement: "at least 1 (leave it out for an unlimited population)",
            value: 0.0,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proportion(population: Option<u64>) -> u64 {
        proportion_sample_size(0.05, Confidence::NINETY_FIVE, DEFAULT_PROPORTION, population)
            .unwrap()
            .n
    }

    #[test]
    fn cochran_reference_values_at_five_percent_and_ninety_five() {
        // n0 = 1.95996² × 0.25 / 0.0025 = 384.146.
        assert_eq!(proportion(None), 385);
        assert_eq!(proportion(Some(10_000)), 370); // 384.146 / 1.038315 = 369.97
        assert_eq!(proportion(Some(1_000)), 278); // 384.146 / 1.383146 = 277.74
        assert_eq!(proportion(Some(100)), 80); // 384.146 / 4.831459 = 79.51
        let s = proportion_sample_size(0.05, Confidence::NINETY_FIVE, 0.5, None).unwrap();
        assert!((s.z - 1.959964).abs() < 1e-6);
        assert!((s.n0 - 384.146).abs() < 1e-3);
    }

    #[test]
    fn never_more_than_the_population() {
        assert_eq!(proportion(Some(1)), 1);
        assert_eq!(proportion(Some(2)), 2);
        assert_eq!(
            mean_sample_size(10.0, 0.5, Confidence::NINETY_FIVE, Some(3)).unwrap().n,
            3
        );
    }

    #[test]
    fn evaluations_for_an_agent_mean() {
        // (1.95996 × 10 / 5)² = 15.37, so 16 evaluations.
        let s = mean_sample_size(10.0, 5.0, Confidence::NINETY_FIVE, None).unwrap();
        assert_eq!(s.n, 16);
        assert!((s.n0 - 15.366).abs() < 1e-3);
        // With 40 interactions in the month: 15.366 / (1 + 15.366 / 40) = 11.10, so 12.
        assert_eq!(
            mean_sample_size(10.0, 5.0, Confidence::NINETY_FIVE, Some(40))
                .unwrap()
                .n,
            12
        );
    }

    #[test]
    fn refuses_nonsense_with_plain_messages() {
        let c = Confidence::NINETY_FIVE;
        let msg = |r: Result<SampleSize, StatsError>| r.unwrap_err().to_string();
        assert!(msg(proportion_sample_size(0.0, c, 0.5, None)).starts_with("the margin of error must be"));
        assert!(msg(proportion_sample_size(5.0, c, 0.5, None)).contains("0.05 is ±5%"));
        assert!(msg(proportion_sample_size(0.05, c, 1.0, None)).starts_with("the expected proportion must be"));
        assert!(msg(proportion_sample_size(0.05, c, 0.5, Some(0))).starts_with("the population size must be"));
        assert!(msg(mean_sample_size(10.0, -1.0, c, None)).starts_with("the margin must be"));
        assert!(msg(mean_sample_size(0.0, 5.0, c, None)).starts_with("the standard deviation must be"));
        assert!(msg(mean_sample_size(f64::INFINITY, 5.0, c, None)).contains("greater than 0"));
    }
}
