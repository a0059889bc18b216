//! Gwet's AC1 (unweighted, for nominal and yes/no answers) and AC2 (weighted, for ordered
//! answers), with any number of raters and missing values.
//!
//! Why beside alpha: on a criterion that almost everyone answers "yes", alpha and kappa collapse
//! towards zero even when raters agree on nearly every subject (the kappa paradox: chance
//! agreement computed from skewed margins is nearly 1). AC1 computes chance agreement as the
//! propensity to agree on hard-to-score subjects and stays high when raters do agree.
//!
//! Formulas as in K. L. Gwet, *Handbook of Inter-Rater Reliability*, 4th ed. (2014), ch. 4 and
//! the `irrCAC` package (0.4.4), which the fixtures reproduce to 3 decimals: subjects with no
//! rating are dropped; `r_ik` counts raters putting subject `i` in category `k`, `r*_ik` the
//! weighted count `Σ_l w_kl r_il`; `p_a` averages `Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1))` over
//! subjects with two or more ratings; `π_k` averages `r_ik / r_i` over all subjects;
//! `p_e = T_w Σ_k π_k (1 − π_k) / (q (q − 1))` with `T_w` the sum of the weights; AC =
//! `(p_a − p_e) / (1 − p_e)`. Categories are the distinct values given, ascending.

use super::{Estimate, Undefined};
use serde::Serialize;

/// Which agreement weights: identity gives AC1, the others AC2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    /// Only identical answers agree: AC1.
    Identity,
    /// Gwet's ordinal weights, from the categories' ranks: AC2 for ordered categories.
    Ordinal,
    /// `1 − ((x_k − x_l) / (max − min))²`: AC2 for interval-like values.
    Quadratic,
    /// `1 − |x_k − x_l| / (max − min)`.
    Linear,
}

impl Weights {
    /// `AC1` or `AC2`.
    pub fn coefficient(self) -> &'static str {
        match self {
            Weights::Identity => "AC1",
            _ => "AC2",
        }
    }
}

/// Gwet's AC1/AC2 over `units[unit][rater]`.
pub fn gwet_ac<U: AsRef<[Option<f64>]>>(units: &[U], weights: Weights) -> Estimate<f64> {
    let prepared = Prepared::new(units, weights);
    prepared.ac(0..prepared.units.len())
}

/// The ratings reduced to what AC needs, so a bootstrap recomputes it without allocating: per
/// rated unit, its ratings count `r_i`, its category shares `r_ik / r_i` and its agreement term.
pub(super) struct Prepared {
    q: usize,
    total_weight: f64,
    /// (r_i, shares r_ik / r_i, agreement term Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)))
    pub(super) units: Vec<(f64, Vec<f64>, f64)>,
}

impl Prepared {
    pub(super) fn new<U: AsRef<[Option<f64>]>>(units: &[U], weights: Weights) -> Prepared {
        let rated: Vec<Vec<f64>> = units
            .iter()
            .map(|u| u.as_ref().iter().flatten().copied().collect::<Vec<f64>>())
            .filter(|u| !u.is_empty())
            .collect();
        let mut categories: Vec<f64> = rated.iter().flatten().copied().collect();
        categories.sort_by(f64::total_cmp);
        categories.dedup();
        let q = categories.len();
        let w = weight_matrix(&categories, weights);
        let units = rated
            .iter()
            .map(|u| {
                let mut c = vec![0.0; q];
                for v in u {
                    if let Ok(k) = categories.binary_search_by(|x| x.total_cmp(v)) {
                        c[k] += 1.0;
                    }
                }
                let ri: f64 = c.iter().sum();
                let agreement = if ri >= 2.0 {
                    (0..q)
                        .map(|k| {
                            let weighted: f64 = (0..q).map(|l| w[k][l] * c[l]).sum();
                            c[k] * (weighted - 1.0)
                        })
                        .sum::<f64>()
                        / (ri * (ri - 1.0))
                } else {
                    0.0
                };
                (ri, c.iter().map(|x| x / ri).collect(), agreement)
            })
            .collect();
        Prepared {
            q,
            total_weight: w.iter().flatten().sum(),
            units,
        }
    }

    /// AC over the units at `picks` (with repeats).
    pub(super) fn ac(&self, picks: impl Iterator<Item = usize>) -> Estimate<f64> {
        let mut pi = vec![0.0; self.q];
        let (mut n, mut n2more, mut pa_sum) = (0usize, 0usize, 0.0);
        for i in picks {
            let (ri, shares, agreement) = &self.units[i];
            n += 1;
            for (p, s) in pi.iter_mut().zip(shares) {
                *p += s;
            }
            if *ri >= 2.0 {
                n2more += 1;
                pa_sum += agreement;
            }
        }
        if n2more == 0 {
            return Estimate::Undefined(Undefined::NoPairableUnits);
        }
        let pa = pa_sum / n2more as f64;
        // One category given by everyone: complete agreement, which AC1 (unlike alpha) reads as
        // such; irrCAC's limit (p_e = 1 − 1e-15) gives 1 as well. (A resample keeps the
        // categories of all the data: they belong to the scale, not to the resample.)
        if self.q < 2 {
            return Estimate::Value(1.0);
        }
        let pe = self.total_weight * pi.iter().map(|p| (p / n as f64) * (1.0 - p / n as f64)).sum::<f64>()
            / (self.q * (self.q - 1)) as f64;
        Estimate::Value((pa - pe) / (1.0 - pe))
    }
}

/// The `q × q` agreement weights for ascending `categories` (as irrCAC's `Weights`).
fn weight_matrix(categories: &[f64], weights: Weights) -> Vec<Vec<f64>> {
    let q = categories.len();
    let span = categories
        .last()
        .zip(categories.first())
        .map_or(0.0, |(hi, lo)| hi - lo);
    let mut w = vec![vec![0.0; q]; q];
    for k in 0..q {
        for l in 0..q {
            w[k][l] = match weights {
                Weights::Identity => f64::from(u8::from(k == l)),
                Weights::Quadratic => 1.0 - ((categories[k] - categories[l]) / span).powi(2),
                Weights::Linear => 1.0 - (categories[k] - categories[l]).abs() / span,
                Weights::Ordinal => {
                    let m = (k.max(l) - k.min(l) + 1) as f64;
                    m * (m - 1.0) / 2.0
                }
            };
        }
    }
    if weights == Weights::Ordinal && q > 1 {
        let max = w.iter().flatten().copied().fold(0.0, f64::max);
        for row in &mut w {
            for x in row.iter_mut() {
                *x = 1.0 - *x / max;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(e: Estimate<f64>) -> f64 {
        *e.value().expect("defined")
    }

    #[test]
    fn the_kappa_paradox_nearly_everyone_says_yes() {
        // 20 subjects, two raters, both say yes on 18, they split on 2: alpha is near zero
        // (chance agreement on skewed margins is nearly 1) while AC1 stays high.
        let mut units: Vec<Vec<Option<f64>>> = vec![vec![Some(1.0), Some(1.0)]; 18];
        units.push(vec![Some(1.0), Some(0.0)]);
        units.push(vec![Some(0.0), Some(1.0)]);
        let ac1 = value(gwet_ac(&units, Weights::Identity));
        // By hand: p_a = 18/20 = 0.9; π_yes = (18 + 0.5 + 0.5)/20 = 0.95, π_no = 0.05;
        // p_e = T_w Σ π(1 − π) / (q(q − 1)) = 2 × (0.0475 + 0.0475) / 2 = 0.095;
        // AC1 = (0.9 − 0.095) / 0.905 = 0.889503.
        assert!((ac1 - 0.889_503).abs() < 1e-6, "{ac1}");
        let alpha = value(
            crate::stats::krippendorff_alpha(&units, crate::stats::Metric::Nominal)
                .unwrap()
                .alpha,
        );
        assert!(alpha < 0.0, "{alpha}");
    }

    #[test]
    fn unanimity_is_one_and_no_pairs_is_undefined() {
        assert_eq!(
            value(gwet_ac(&vec![vec![Some(1.0), Some(1.0)]; 4], Weights::Identity)),
            1.0
        );
        assert!(gwet_ac(&[vec![Some(1.0), None]], Weights::Identity).value().is_none());
    }

    #[test]
    fn ordinal_weights_follow_irrcac() {
        let w = weight_matrix(&[1.0, 2.0, 3.0], Weights::Ordinal);
        // n_kl = |k − l| + 1; w = n(n − 1)/2 → 0, 1, 3; 1 − w / 3.
        assert!((w[0][1] - (1.0 - 1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(w[0][2], 0.0);
        assert_eq!(w[1][1], 1.0);
    }
}
