//! Spearman's rank correlation with ties, its p-value and an honest bootstrap interval, for
//! `report validity` (issue 19): does a criterion's answer rise and fall with CSAT or NPS over
//! the same contacts? It is an association, not a cause, and the caller says so.
//!
//! - **rho**: Pearson's correlation of the average ranks (tied values share the mean of the
//!   ranks they span), as `scipy.stats.spearmanr` computes it. Criterion answers and CSAT are
//!   heavily tied, so the textbook `1 − 6Σd²/(n(n² − 1))` (no ties) would be wrong here.
//! - **p-value**: two-sided, from `t = rho √((n − 2)/(1 − rho²))` on Student's t with `n − 2`
//!   degrees of freedom, scipy's default; 0 when `|rho| = 1`, none for fewer than 3 pairs. The
//!   t approximation is rough at small n, which is one reason the caller has a minimum n.
//! - **interval**: the percentile bootstrap of [`super::resample`], resampling pairs (contacts),
//!   with its n, resamples, Monte-Carlo error and printed decimals. Each resample ranks its own
//!   pairs again (duplicates drawn twice tie), by counting over the distinct values, so a
//!   resample costs O(n + distinct values) and tens of thousands stay cheap.

use super::resample::{Resampled, bootstrap_units_with};
use super::{Confidence, Estimate, StatsError, Undefined};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The interval's method, as reports name it.
pub const METHOD: &str = "percentile bootstrap, resampling contacts";

/// Spearman's rho over pairs, with everything a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spearman {
    pub n: usize,
    pub rho: f64,
    /// Two-sided p-value of the t approximation; none for fewer than 3 pairs.
    pub p: Option<f64>,
    /// The bootstrap interval of rho; undefined when no resample varies.
    pub interval: Estimate<Resampled>,
}

/// The ranks of `values`, from 1, ties sharing their average rank (scipy's `rankdata`).
/// Refuses a non-finite value.
pub fn average_ranks(values: &[f64]) -> Result<Vec<f64>, StatsError> {
    let levels = Levels::new(values)?;
    let all: Vec<usize> = (0..values.len()).collect();
    Ok(levels.ranks(&all))
}

/// rho of the pairs `(x, y)` with its p-value; undefined when either side has a single value
/// (no ranks to correlate). Refuses a non-finite value (`row` counts pairs from 1, `column` 1
/// is `x`).
pub fn spearman_rho(pairs: &[(f64, f64)]) -> Result<Estimate<(f64, Option<f64>)>, StatsError> {
    let prepared = Prepared::new(pairs)?;
    let all: Vec<usize> = (0..pairs.len()).collect();
    Ok(match prepared.rho(&all, &mut Scratch::default()) {
        Some(rho) => Estimate::Value((rho, p_value(rho, pairs.len())?)),
        None => Estimate::Undefined(no_ranks(pairs.len())),
    })
}

/// [`spearman_rho`] with the bootstrap interval of rho, its bounds to be printed with
/// `decimals` decimals (resamples drawn until the Monte-Carlo error allows them).
pub fn spearman(
    pairs: &[(f64, f64)],
    seed: u64,
    confidence: Confidence,
    decimals: usize,
) -> Result<Estimate<Spearman>, StatsError> {
    spearman_with(pairs, seed, confidence, decimals, None)
}

/// [`spearman`] with exactly `resamples` resamples when given (see
/// [`super::resample::bootstrap_units_with`]).
pub fn spearman_with(
    pairs: &[(f64, f64)],
    seed: u64,
    confidence: Confidence,
    decimals: usize,
    resamples: Option<usize>,
) -> Result<Estimate<Spearman>, StatsError> {
    let prepared = Prepared::new(pairs)?;
    let n = pairs.len();
    let all: Vec<usize> = (0..n).collect();
    let mut scratch = Scratch::default();
    let Some(rho) = prepared.rho(&all, &mut scratch) else {
        return Ok(Estimate::Undefined(no_ranks(n)));
    };
    let statistic = |picks: &[usize]| prepared.rho(picks, &mut scratch);
    let interval = bootstrap_units_with(n, rho, statistic, seed, confidence, decimals, resamples);
    Ok(Estimate::Value(Spearman {
        n,
        rho,
        p: p_value(rho, n)?,
        interval,
    }))
}

fn no_ranks(n: usize) -> Undefined {
    if n < 2 {
        Undefined::TooFewValues { n }
    } else {
        Undefined::NoVariation
    }
}

/// The two-sided p-value of rho over `n` pairs (t approximation, `n − 2` df).
pub(super) fn p_value(rho: f64, n: usize) -> Result<Option<f64>, StatsError> {
    if n < 3 {
        return Ok(None);
    }
    let df = (n - 2) as f64;
    let rest = (1.0 - rho) * (1.0 + rho);
    if rest <= 0.0 {
        return Ok(Some(0.0));
    }
    let t = rho * (df / rest).sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).map_err(|e| StatsError::Distribution(e.to_string()))?;
    Ok(Some((2.0 * dist.sf(t.abs())).min(1.0)))
}

/// Refuses a non-finite value: `row` counts pairs from 1, `column` 1 is `x`, 2 is `y`.
pub(crate) fn check_pairs(pairs: &[(f64, f64)]) -> Result<(), StatsError> {
    for (i, (x, y)) in pairs.iter().enumerate() {
        for (column, v) in [(1, x), (2, y)] {
            if !v.is_finite() {
                return Err(StatsError::NotFiniteCell { row: i + 1, column });
            }
        }
    }
    Ok(())
}

/// Both sides of the pairs as distinct levels, ready to be ranked for any resample.
pub(super) struct Prepared {
    x: Levels,
    y: Levels,
    /// Each pair's cell `x level × y levels + y level` of the table of both sides, when that
    /// table is small (criterion answers and CSAT have a handful of values each): a resample
    /// then costs one count per pair and a pass over the cells, no rank per pair.
    cell: Option<Vec<usize>>,
}

/// Counts and rank tables reused from one resample to the next, so resampling allocates
/// nothing.
#[derive(Default)]
pub(super) struct Scratch {
    cells: Vec<usize>,
    counts_x: Vec<usize>,
    counts_y: Vec<usize>,
    ranks_x: Vec<f64>,
    ranks_y: Vec<f64>,
}

impl Prepared {
    pub(super) fn new(pairs: &[(f64, f64)]) -> Result<Prepared, StatsError> {
        check_pairs(pairs)?;
        let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
        let (x, y) = (Levels::new(&xs)?, Levels::new(&ys)?);
        // The table pays when its cells are few beside the pairs a resample counts.
        let cell = (x.distinct * y.distinct <= 4 * pairs.len().max(1)).then(|| {
            x.level
                .iter()
                .zip(&y.level)
                .map(|(&a, &b)| a * y.distinct + b)
                .collect()
        });
        Ok(Prepared { x, y, cell })
    }

    /// rho over the pairs at `picks` (with repeats); none when a side does not vary.
    pub(super) fn rho(&self, picks: &[usize], s: &mut Scratch) -> Option<f64> {
        let x_values = self.x.rank_table(picks, &mut s.counts_x, &mut s.ranks_x);
        let y_values = self.y.rank_table(picks, &mut s.counts_y, &mut s.ranks_y);
        if x_values < 2 || y_values < 2 {
            return None;
        }
        // Average ranks of m items always have mean (m + 1)/2.
        let centre = (picks.len() as f64 + 1.0) / 2.0;
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        if let Some(cell) = &self.cell {
            s.cells.clear();
            s.cells.resize(self.x.distinct * self.y.distinct, 0);
            for &i in picks {
                s.cells[cell[i]] += 1;
            }
            for (a, &rx) in s.ranks_x.iter().enumerate() {
                let dx = rx - centre;
                sxx += s.counts_x[a] as f64 * dx * dx;
                let row = &s.cells[a * self.y.distinct..(a + 1) * self.y.distinct];
                for (&c, &ry) in row.iter().zip(&s.ranks_y) {
                    if c > 0 {
                        sxy += c as f64 * dx * (ry - centre);
                    }
                }
            }
            for (&c, &ry) in s.counts_y.iter().zip(&s.ranks_y) {
                syy += c as f64 * (ry - centre) * (ry - centre);
            }
        } else {
            for &i in picks {
                let (dx, dy) = (s.ranks_x[self.x.level[i]] - centre, s.ranks_y[self.y.level[i]] - centre);
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }
        Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
    }
}

/// One side's values as indices into its ascending distinct values.
struct Levels {
    level: Vec<usize>,
    distinct: usize,
}

impl Levels {
    fn new(values: &[f64]) -> Result<Levels, StatsError> {
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(StatsError::NotFiniteValue { position: i + 1 });
        }
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let mut level = vec![0; values.len()];
        let mut distinct = 0;
        for (k, &i) in order.iter().enumerate() {
            if k > 0 && values[i] != values[order[k - 1]] {
                distinct += 1;
            }
            level[i] = distinct;
        }
        Ok(Levels {
            level,
            distinct: if values.is_empty() { 0 } else { distinct + 1 },
        })
    }

    /// The average ranks of the values at `picks`, in pick order.
    fn ranks(&self, picks: &[usize]) -> Vec<f64> {
        let (mut counts, mut average) = (Vec::new(), Vec::new());
        self.rank_table(picks, &mut counts, &mut average);
        picks.iter().map(|&i| average[self.level[i]]).collect()
    }

    /// Fills `counts` with how often each distinct value (indexed by level) is among those at
    /// `picks` and `average` with its average rank there; returns how many distinct values
    /// they hold (fewer than 2: nothing to correlate). A table per resample, not a rank per
    /// pair: O(n + distinct values), into buffers the caller keeps.
    fn rank_table(&self, picks: &[usize], counts: &mut Vec<usize>, average: &mut Vec<f64>) -> usize {
        counts.clear();
        counts.resize(self.distinct, 0);
        for &i in picks {
            counts[self.level[i]] += 1;
        }
        average.clear();
        let mut below = 0usize;
        let mut present = 0;
        for &c in counts.iter() {
            // Ranks below + 1 ..= below + c, whose mean is below + (c + 1)/2.
            average.push(below as f64 + (c as f64 + 1.0) / 2.0);
            below += c;
            present += usize::from(c > 0);
        }
        present
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rho_p(pairs: &[(f64, f64)]) -> (f64, Option<f64>) {
        *spearman_rho(pairs).unwrap().value().unwrap()
    }

    #[test]
    fn ties_share_their_average_rank() {
        // 3 1 3 2 3: 1 is rank 1, 2 rank 2, the three 3s share ranks 3-5, average 4.
        assert_eq!(
            average_ranks(&[3.0, 1.0, 3.0, 2.0, 3.0]).unwrap(),
            vec![4.0, 1.0, 4.0, 2.0, 4.0]
        );
        // All the same: every value shares the middle rank (n + 1)/2.
        assert_eq!(average_ranks(&[2.0, 2.0, 2.0]).unwrap(), vec![2.0, 2.0, 2.0]);
        assert!(average_ranks(&[]).unwrap().is_empty());
    }

    #[test]
    fn five_pairs_with_ties_match_the_hand_computation() {
        // x 1 2 2 3 4 → ranks 1, 2.5, 2.5, 4, 5; y 2 1 4 3 5 → ranks 2, 1, 4, 3, 5. Centred on 3:
        // dx −2, −0.5, −0.5, 1, 2; dy −1, −2, 1, 0, 2. Σdxdy = 2 + 1 − 0.5 + 0 + 4 = 6.5,
        // Σdx² = 9.5, Σdy² = 10: rho = 6.5/√95 = 0.666886. t = rho √(3/(1 − rho²)) = 1.550111,
        // two-sided p on 3 df = 0.218894 (scipy.stats.spearmanr: 0.6668859289, 0.2188940).
        let (rho, p) = rho_p(&[(1.0, 2.0), (2.0, 1.0), (2.0, 4.0), (3.0, 3.0), (4.0, 5.0)]);
        assert!((rho - 6.5 / 95f64.sqrt()).abs() < 1e-12, "{rho}");
        assert!((p.unwrap() - 0.218894).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn perfect_orders_have_rho_one_and_p_zero() {
        let up: Vec<(f64, f64)> = (0..6).map(|i| (f64::from(i), f64::from(i * i))).collect();
        assert_eq!(rho_p(&up), (1.0, Some(0.0)));
        let down: Vec<(f64, f64)> = up.iter().map(|&(x, y)| (x, -y)).collect();
        assert_eq!(rho_p(&down), (-1.0, Some(0.0)));
        // Two pairs have a rho but no p-value (0 degrees of freedom).
        assert_eq!(rho_p(&[(1.0, 1.0), (2.0, 3.0)]), (1.0, None));
    }

    #[test]
    fn a_side_that_never_varies_has_no_rho() {
        let flat = [(1.0, 3.0), (1.0, 4.0), (1.0, 5.0)];
        assert_eq!(
            spearman_rho(&flat).unwrap(),
            Estimate::Undefined(Undefined::NoVariation)
        );
        assert_eq!(
            spearman_rho(&[(1.0, 2.0)]).unwrap(),
            Estimate::Undefined(Undefined::TooFewValues { n: 1 })
        );
        assert_eq!(
            spearman_rho(&[(1.0, f64::NAN)]).unwrap_err(),
            StatsError::NotFiniteCell { row: 1, column: 2 }
        );
    }

    #[test]
    fn the_bootstrap_interval_is_honest_and_reproducible() {
        // 60 contacts where y follows x with noise: rho is clearly positive.
        let pairs: Vec<(f64, f64)> = (0..60)
            .map(|i| (f64::from(i % 3), f64::from((i % 3) * 2 + (i * 7) % 5)))
            .collect();
        let s = *spearman(&pairs, 7, Confidence::NINETY_FIVE, 2)
            .unwrap()
            .value()
            .unwrap();
        let r = *s.interval.value().unwrap();
        assert_eq!((s.n, r.n, r.seed), (60, 60, 7));
        assert!(r.lower < s.rho && s.rho < r.upper && !r.excludes_estimate, "{s:?}");
        assert!(r.lower > 0.0 && r.stable && r.decimals == 2, "{r:?}");
        let again = *spearman(&pairs, 7, Confidence::NINETY_FIVE, 2)
            .unwrap()
            .value()
            .unwrap();
        assert_eq!(again, s);
        let other = *spearman(&pairs, 8, Confidence::NINETY_FIVE, 2)
            .unwrap()
            .value()
            .unwrap();
        assert_ne!(other.interval, s.interval, "the seed drives the resamples");
    }
}
