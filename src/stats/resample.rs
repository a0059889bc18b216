//! Honest bootstrap intervals (issue 16): any statistic over units, resampling units (DESIGN.md
//! section 6), with as many resamples as it takes for the Monte-Carlo error of each bound to be
//! below the printed precision, and a plain flag when the interval does not contain its own
//! estimate.
//!
//! - **Method.** The nonparametric percentile bootstrap: draw `n` units with replacement from
//!   the `n` units, compute the statistic, repeat `B` times, take the `(1 − c)/2` and
//!   `(1 + c)/2` quantiles (type 7 interpolation). Resamples where the statistic is undefined
//!   (every value the same) are left out and counted.
//! - **Enough resamples.** The Monte-Carlo standard error of each bound is estimated by batch
//!   means: the resamples are dealt, in drawing order, into [`BATCHES`] batches; the bound is
//!   computed in each batch, and the standard deviation of the batch bounds divided by
//!   `√BATCHES` estimates the error of the bound over all `B` (batch quantiles of lumpy
//!   statistics, such as alpha on few units, vary as the full one does, which an
//!   order-statistic formula would not see). `B` starts at [`START_RESAMPLES`] and doubles
//!   until the larger of the two bounds' errors is below half a unit of the last decimal the
//!   bounds are to be printed with (3 for coefficients, [`PRECISION`]; 1 for points), up to
//!   [`MAX_RESAMPLES`]. When the cap comes first, the bounds are printed with fewer decimals,
//!   as many as the error reached allows ([`Resampled::decimals`]), so that no printed digit is
//!   left to chance; the result states `B`, the error reached and the decimals.
//! - **Honesty.** An interval that does not contain the estimate (possible with the percentile
//!   method on small or lumpy data) is marked `excludes_estimate`, and verdicts do not use it.
//!
//! Reproducible: ChaCha8 seeded with the given seed, indices by rejection sampling; doubling `B`
//! continues the same stream, so a larger `B` extends the smaller one.

use super::quantile::quantile_sorted as percentile;
use super::{Confidence, Estimate, Undefined};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// The bounds as printed: with [`Resampled::decimals`] decimals (3 when stable, fewer when
/// a third would change with the seed).
pub fn bounds_text(r: &Resampled) -> String {
    let d = r.decimals;
    format!("{:.d$} to {:.d$}", r.lower, r.upper)
}

/// The most decimals, up to `wanted`, whose half unit is above `mc_error`: printed with as many,
/// a bound does not change with the seed.
fn decimals_for(mc_error: f64, wanted: usize) -> usize {
    (0..=wanted).rev().find(|&d| mc_error < half_unit(d)).unwrap_or(0)
}

/// Half a unit of the `decimals`-th decimal: the Monte-Carlo error a bound printed with as many
/// decimals must stay below.
pub fn half_unit(decimals: usize) -> f64 {
    0.5 * 10f64.powi(-(decimals as i32))
}

/// The printed precision of a bound is 3 decimals; each bound's Monte-Carlo error must be
/// below half a unit of the last digit.
pub const PRECISION: f64 = 0.0005;
/// Resamples of the first round.
pub const START_RESAMPLES: usize = 2000;
/// The most resamples drawn; an interval that is still not stable says so.
pub const MAX_RESAMPLES: usize = 32_000;
/// Batches of the Monte-Carlo error estimate.
pub const BATCHES: usize = 20;
/// The method, as reports name it.
pub const METHOD: &str = "percentile bootstrap, resampling units";

/// A bootstrap interval and everything needed to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Resampled {
    pub lower: f64,
    pub upper: f64,
    pub confidence: f64,
    /// Units resampled (the `n` of the interval).
    pub n: usize,
    pub resamples: usize,
    /// Resamples whose statistic was undefined, left out.
    pub undefined_resamples: usize,
    pub seed: u64,
    /// The larger estimated Monte-Carlo standard error of the two bounds.
    pub mc_error: f64,
    /// `mc_error` is below half a unit of the last decimal asked for ([`PRECISION`] for
    /// coefficients): the bounds are printed with every decimal asked for.
    pub stable: bool,
    /// The decimals the bounds are printed with: those asked for when stable, else as many as
    /// the Monte-Carlo error allows (its half unit above `mc_error`).
    pub decimals: usize,
    /// The estimate lies outside `[lower, upper]`: the interval is shown with a warning and no
    /// verdict uses it.
    pub excludes_estimate: bool,
}

/// The interval of `statistic` over `n` units: `statistic(picks)` computes it on the units at
/// the given indices (with repeats). `estimate` is its value on all units. Undefined when no
/// resample gives a value. Bounds to be printed with 3 decimals (coefficients).
pub fn bootstrap_units(
    n: usize,
    estimate: f64,
    statistic: impl Fn(&[usize]) -> Option<f64>,
    seed: u64,
    confidence: Confidence,
) -> Estimate<Resampled> {
    bootstrap_units_to(n, estimate, statistic, seed, confidence, 3)
}

/// [`bootstrap_units`] for bounds printed with `decimals` decimals (1 for points on a 0-100
/// scale): resamples are drawn until each bound's Monte-Carlo error is below half a unit of
/// the last one.
pub fn bootstrap_units_to(
    n: usize,
    estimate: f64,
    statistic: impl FnMut(&[usize]) -> Option<f64>,
    seed: u64,
    confidence: Confidence,
    decimals: usize,
) -> Estimate<Resampled> {
    bootstrap_units_with(n, estimate, statistic, seed, confidence, decimals, None)
}

/// [`bootstrap_units_to`], or with exactly `fixed` resamples when given (a caller that trades
/// the printed precision for speed, e.g. `report validity --resamples`): the Monte-Carlo error
/// is still estimated and the decimals printed follow it, so fewer resamples print fewer
/// decimals rather than digits left to chance. `statistic` may keep scratch space between calls.
pub fn bootstrap_units_with(
    n: usize,
    estimate: f64,
    mut statistic: impl FnMut(&[usize]) -> Option<f64>,
    seed: u64,
    confidence: Confidence,
    decimals: usize,
    fixed: Option<usize>,
) -> Estimate<Resampled> {
    if n == 0 {
        return Estimate::Undefined(Undefined::NoPairableUnits);
    }
    let series = [Series { estimate, n }];
    let mut joint = bootstrap_jointly(
        n,
        &series,
        |_, picks| statistic(picks),
        seed,
        confidence,
        decimals,
        fixed,
    );
    joint.pop().unwrap_or(Estimate::Undefined(Undefined::NoPairableUnits))
}

/// One statistic of a joint bootstrap: its value on all units, and the `n` its interval reports
/// (the units it has a value on).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Series {
    pub estimate: f64,
    pub n: usize,
}

/// The intervals of several statistics over the same `units`, from one stream of resamples:
/// each resample of the units is drawn once and given to `statistic(series, picks)` for every
/// series still drawing (common random numbers, and one draw instead of one per series). Each
/// series stops as [`bootstrap_units_to`] would (its Monte-Carlo error below half a unit of the
/// last of `decimals`, or the cap), or after exactly `fixed` resamples; the rounds double
/// together. One interval per series, in order.
pub fn bootstrap_jointly(
    units: usize,
    series: &[Series],
    mut statistic: impl FnMut(usize, &[usize]) -> Option<f64>,
    seed: u64,
    confidence: Confidence,
    decimals: usize,
    fixed: Option<usize>,
) -> Vec<Estimate<Resampled>> {
    if units == 0 {
        return vec![Estimate::Undefined(Undefined::NoPairableUnits); series.len()];
    }
    let precision = half_unit(decimals);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut picks = vec![0; units];
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); series.len()];
    let mut settled: Vec<Option<Estimate<Resampled>>> = vec![None; series.len()];
    let mut drawn = 0usize;
    let mut target = fixed.unwrap_or(START_RESAMPLES).max(1);
    let cap = fixed.unwrap_or(MAX_RESAMPLES).max(1);
    let tail = (1.0 - confidence.level()) / 2.0;
    loop {
        while drawn < target {
            for p in picks.iter_mut() {
                *p = uniform_index(&mut rng, units);
            }
            for (k, v) in values.iter_mut().enumerate() {
                if settled[k].is_none()
                    && let Some(x) = statistic(k, &picks)
                {
                    v.push(x);
                }
            }
            drawn += 1;
        }
        for (k, s) in series.iter().enumerate() {
            if settled[k].is_some() {
                continue;
            }
            let v = &values[k];
            if v.is_empty() {
                settled[k] = Some(Estimate::Undefined(Undefined::NoDefinedResample));
                continue;
            }
            let mc_error = mc_error(v, tail).max(mc_error(v, 1.0 - tail));
            if mc_error < precision || target >= cap {
                let mut sorted = v.clone();
                sorted.sort_by(f64::total_cmp);
                let lower = percentile(&sorted, tail);
                let upper = percentile(&sorted, 1.0 - tail);
                settled[k] = Some(Estimate::Value(Resampled {
                    lower,
                    upper,
                    confidence: confidence.level(),
                    n: s.n,
                    resamples: drawn,
                    undefined_resamples: drawn - v.len(),
                    seed,
                    mc_error,
                    stable: mc_error < precision,
                    decimals: decimals_for(mc_error, decimals),
                    excludes_estimate: s.estimate < lower - 1e-12 || s.estimate > upper + 1e-12,
                }));
            }
        }
        if settled.iter().all(Option::is_some) {
            return settled.into_iter().flatten().collect();
        }
        target = (target * 2).min(cap);
    }
}

/// Krippendorff's alpha over `units[unit][coder]` with its honest interval over the pairable
/// units; undefined when alpha is.
pub fn alpha_interval<U: AsRef<[Option<f64>]>>(
    units: &[U],
    metric: super::Metric,
    seed: u64,
    confidence: Confidence,
) -> Result<Estimate<Resampled>, super::StatsError> {
    let data = super::alpha::Reliability::new(units, metric)?;
    let estimate = match data.alpha(data.units.iter()) {
        Estimate::Value(a) => a,
        Estimate::Undefined(why) => return Ok(Estimate::Undefined(why)),
    };
    Ok(bootstrap_units(
        data.units.len(),
        estimate,
        |picks| data.alpha(picks.iter().map(|&i| &data.units[i])).value().copied(),
        seed,
        confidence,
    ))
}

/// Gwet's AC1/AC2 over `units[unit][rater]` with its honest interval over the units rated at
/// least twice; undefined when the coefficient is.
pub fn ac_interval<U: AsRef<[Option<f64>]>>(
    units: &[U],
    weights: super::gwet::Weights,
    seed: u64,
    confidence: Confidence,
) -> Estimate<Resampled> {
    let pairable: Vec<&[Option<f64>]> = units
        .iter()
        .map(AsRef::as_ref)
        .filter(|u| u.iter().flatten().count() >= 2)
        .collect();
    let prepared = super::gwet::Prepared::new(&pairable, weights);
    let Estimate::Value(estimate) = prepared.ac(0..prepared.units.len()) else {
        return Estimate::Undefined(Undefined::NoPairableUnits);
    };
    bootstrap_units(
        prepared.units.len(),
        estimate,
        |picks| prepared.ac(picks.iter().copied()).value().copied(),
        seed,
        confidence,
    )
}

/// The Monte-Carlo standard error of the `p` quantile of `values` (in drawing order), by batch
/// means over [`BATCHES`] interleaved batches.
fn mc_error(values: &[f64], p: f64) -> f64 {
    if values.len() < BATCHES * 2 {
        return f64::INFINITY;
    }
    let quantiles: Vec<f64> = (0..BATCHES)
        .map(|b| {
            let mut batch: Vec<f64> = values.iter().skip(b).step_by(BATCHES).copied().collect();
            batch.sort_by(f64::total_cmp);
            percentile(&batch, p)
        })
        .collect();
    let k = BATCHES as f64;
    let mean = quantiles.iter().sum::<f64>() / k;
    let variance = quantiles.iter().map(|q| (q - mean).powi(2)).sum::<f64>() / (k - 1.0);
    (variance / k).sqrt()
}

/// A uniform index in `0..len` without modulo bias.
fn uniform_index(rng: &mut ChaCha8Rng, len: usize) -> usize {
    let len = len as u64;
    let reject_below = len.wrapping_neg() % len;
    loop {
        let draw = rng.next_u64();
        if draw >= reject_below {
            return (draw % len) as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean(values: &[f64]) -> impl Fn(&[usize]) -> Option<f64> + '_ {
        move |picks| Some(picks.iter().map(|&i| values[i]).sum::<f64>() / picks.len() as f64)
    }

    #[test]
    fn bounds_are_stable_to_the_printed_precision_across_seeds() {
        // A mean of 400 values: its bootstrap distribution is narrow, so the bounds settle to
        // 3 decimals and agree across seeds.
        let values: Vec<f64> = (0..400).map(|i| ((i * 7919) % 1000) as f64 / 1000.0).collect();
        let estimate = values.iter().sum::<f64>() / 400.0;
        let runs: Vec<Resampled> = (1..=4)
            .map(|seed| {
                *bootstrap_units(400, estimate, mean(&values), seed, Confidence::NINETY_FIVE)
                    .value()
                    .unwrap()
            })
            .collect();
        for r in &runs {
            assert!(r.stable && r.mc_error < PRECISION, "{r:?}");
            assert!(!r.excludes_estimate);
            assert_eq!(r.n, 400);
        }
        let spread = runs.iter().map(|r| r.lower).fold(f64::MIN, f64::max)
            - runs.iter().map(|r| r.lower).fold(f64::MAX, f64::min);
        assert!(spread < 0.002, "{runs:?}");
        // Forty values: even 32,000 resamples leave the third decimal to chance, which the
        // interval says, and it prints 2 decimals.
        let few = &values[..40];
        let r = *bootstrap_units(40, 0.5, mean(few), 1, Confidence::NINETY_FIVE)
            .value()
            .unwrap();
        assert!(
            !r.stable && r.resamples == MAX_RESAMPLES && r.mc_error >= PRECISION,
            "{r:?}"
        );
        assert_eq!(r.decimals, 2, "{r:?}");
        assert_eq!(
            bounds_text(&r).split(" to ").next().unwrap().len(),
            4,
            "{}",
            bounds_text(&r)
        );
    }

    #[test]
    fn the_decimals_printed_are_those_the_monte_carlo_error_allows() {
        assert_eq!(decimals_for(0.0004, 3), 3);
        assert_eq!(decimals_for(0.0026, 3), 2);
        assert_eq!(decimals_for(0.007, 3), 1);
        assert_eq!(decimals_for(0.7, 3), 0);
        assert_eq!(decimals_for(0.0004, 1), 1, "never more than asked for");
        // Points (1 decimal asked): forty values settle long before the cap, unlike at 3.
        let values: Vec<f64> = (0..40).map(|i| ((i * 37) % 20) as f64).collect();
        let r = *bootstrap_units_to(40, 9.5, mean(&values), 1, Confidence::NINETY_FIVE, 1)
            .value()
            .unwrap();
        assert!(r.stable && r.decimals == 1 && r.mc_error < 0.05, "{r:?}");
        assert!(r.resamples < MAX_RESAMPLES, "{r:?}");
    }

    #[test]
    fn an_interval_that_misses_its_estimate_says_so() {
        // A statistic whose bootstrap distribution sits entirely above its full-sample value.
        let r = bootstrap_units(10, 0.0, |_| Some(0.5), 1, Confidence::NINETY_FIVE);
        let r = r.value().unwrap();
        assert!(r.excludes_estimate && r.stable && r.resamples == START_RESAMPLES);
    }

    #[test]
    fn no_defined_resample_is_undefined() {
        assert!(
            bootstrap_units(5, 0.0, |_| None, 1, Confidence::NINETY_FIVE)
                .value()
                .is_none()
        );
    }
}
