//! Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing values.
//!
//! K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
//! Communication, University of Pennsylvania. The input is a reliability data matrix: one row per
//! unit (in qaudit a (subject, criterion) pair), one cell per coder, `None` where a coder gave no
//! value (N/A, or did not score it). A unit with fewer than two values cannot be paired and is
//! dropped. Each remaining unit `u` with `m_u` values adds to the coincidence matrix
//!
//! ```text
//! o_ck = Σ_u (number of ordered c-k pairs of values from different coders in u) / (m_u − 1)
//! ```
//!
//! whose margins `n_c` count the pairable values of each kind, `n = Σ n_c`. Then
//!
//! ```text
//! alpha = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
//! ```
//!
//! with the difference function `δ²` of the metric (see [`Metric`]). Alpha is 1 for perfect
//! agreement and 0 when coders agree no more than chance. It is undefined, and reported as such,
//! when no unit is pairable or when every pairable value is the same (then `D_e = 0`).

use super::{Estimate, StatsError, Undefined};
use serde::Serialize;

/// The level of measurement, which decides how far apart two different values are.
/// `calibrate agreement --metric` takes it, hence the clap derive; the variants carry plain
/// comments so that clap's help lists the values without descriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    // Categories: any two different values disagree equally, `δ² = 1` (binary and choice answers).
    Nominal,
    // Ranks: `δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²`, so the distance between two values grows
    // with how many observed values lie between them, not with their numeric gap.
    Ordinal,
    // Equal intervals: `δ²_ck = (c − k)²` (range scales, overall scores).
    Interval,
    // Relative differences from an absolute zero: `δ²_ck = ((c − k)/(c + k))²`; values must be ≥ 0.
    Ratio,
}

/// Alpha with the counts a report shows next to it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Alpha {
    pub metric: Metric,
    pub alpha: Estimate<f64>,
    /// Units given, pairable or not.
    pub units: usize,
    /// Units with at least two values: the ones alpha uses.
    pub pairable_units: usize,
    /// Values in pairable units: `n` above.
    pub pairable_values: usize,
}

/// Alpha for `units[unit][coder]`. Rows may differ in length: alpha does not use coder identity.
pub fn krippendorff_alpha<U: AsRef<[Option<f64>]>>(units: &[U], metric: Metric) -> Result<Alpha, StatsError> {
    let data = Reliability::new(units, metric)?;
    Ok(Alpha {
        metric,
        alpha: data.alpha(data.units.iter()),
        units: units.len(),
        pairable_units: data.units.len(),
        pairable_values: data.units.iter().flatten().map(|&(_, count)| count as usize).sum(),
    })
}

/// The reliability data reduced to what alpha needs, so the bootstrap can recompute it cheaply.
pub(super) struct Reliability {
    metric: Metric,
    /// Distinct values in pairable units, ascending, so that index order is rank order.
    values: Vec<f64>,
    /// One entry per pairable unit: (index into `values`, how many coders gave that value).
    pub(super) units: Vec<Vec<(usize, f64)>>,
}

impl Reliability {
    /// Validates every cell and keeps the pairable units.
    pub(super) fn new<U: AsRef<[Option<f64>]>>(units: &[U], metric: Metric) -> Result<Reliability, StatsError> {
        let mut pairable: Vec<Vec<f64>> = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            let mut present = Vec::new();
            for (j, cell) in unit.as_ref().iter().enumerate() {
                let Some(value) = *cell else { continue };
                if !value.is_finite() {
                    return Err(StatsError::NotFiniteCell {
                        row: i + 1,
                        column: j + 1,
                    });
                }
                if metric == Metric::Ratio && value < 0.0 {
                    return Err(StatsError::NegativeRatioValue {
                        row: i + 1,
                        column: j + 1,
                        value,
                    });
                }
                // Folds -0.0 into 0.0, which `total_cmp` below would otherwise keep apart.
                present.push(if value == 0.0 { 0.0 } else { value });
            }
            if present.len() >= 2 {
                pairable.push(present);
            }
        }
        let mut values: Vec<f64> = pairable.iter().flatten().copied().collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let units = pairable
            .iter()
            .map(|unit| {
                let mut indices: Vec<usize> = unit
                    .iter()
                    .map(|v| {
                        let (Ok(i) | Err(i)) = values.binary_search_by(|x| x.total_cmp(v));
                        i
                    })
                    .collect();
                indices.sort_unstable();
                let mut counts: Vec<(usize, f64)> = Vec::new();
                for i in indices {
                    match counts.last_mut() {
                        Some((last, count)) if *last == i => *count += 1.0,
                        _ => counts.push((i, 1.0)),
                    }
                }
                counts
            })
            .collect();
        Ok(Reliability { metric, values, units })
    }

    /// Alpha over the given pairable units (all of them, or a bootstrap resample with repeats).
    pub(super) fn alpha<'a>(&self, units: impl Iterator<Item = &'a Vec<(usize, f64)>>) -> Estimate<f64> {
        let v = self.values.len();
        let mut coincidences = vec![0.0; v * v];
        let mut any_unit = false;
        for unit in units {
            any_unit = true;
            let m: f64 = unit.iter().map(|&(_, count)| count).sum();
            for &(c, n_c) in unit {
                for &(k, n_k) in unit {
                    let pairs = if c == k { n_c * (n_k - 1.0) } else { n_c * n_k };
                    coincidences[c * v + k] += pairs / (m - 1.0);
                }
            }
        }
        if !any_unit {
            return Estimate::Undefined(Undefined::NoPairableUnits);
        }
        let margins: Vec<f64> = (0..v).map(|c| coincidences[c * v..(c + 1) * v].iter().sum()).collect();
        if margins.iter().filter(|&&n_c| n_c > 0.0).count() < 2 {
            return Estimate::Undefined(Undefined::NoVariation);
        }
        let n: f64 = margins.iter().sum();
        let distance = Distance::new(self.metric, &self.values, &margins);
        let (mut observed, mut expected) = (0.0, 0.0);
        for c in 0..v {
            for k in (0..v).filter(|&k| k != c) {
                let d = distance.squared(c, k);
                observed += coincidences[c * v + k] * d;
                expected += margins[c] * margins[k] * d;
            }
        }
        Estimate::Value(1.0 - (n - 1.0) * observed / expected)
    }
}

/// The metric's squared difference `δ²` between two distinct values, by index.
struct Distance<'a> {
    metric: Metric,
    values: &'a [f64],
    margins: &'a [f64],
    /// `cumulative[i]` = number of pairable values ranked below `values[i]` (ordinal only).
    cumulative: Vec<f64>,
}

impl<'a> Distance<'a> {
    fn new(metric: Metric, values: &'a [f64], margins: &'a [f64]) -> Distance<'a> {
        let cumulative = match metric {
            Metric::Ordinal => std::iter::once(0.0)
                .chain(margins.iter().scan(0.0, |total, n_g| {
                    *total += n_g;
                    Some(*total)
                }))
                .collect(),
            _ => Vec::new(),
        };
        Distance {
            metric,
            values,
            margins,
            cumulative,
        }
    }

    /// `δ²` for `c != k`.
    fn squared(&self, c: usize, k: usize) -> f64 {
        match self.metric {
            Metric::Nominal => 1.0,
            Metric::Ordinal => {
                let (low, high) = (c.min(k), c.max(k));
                let spanned = self.cumulative[high + 1] - self.cumulative[low];
                (spanned - (self.margins[c] + self.margins[k]) / 2.0).powi(2)
            }
            Metric::Interval => (self.values[c] - self.values[k]).powi(2),
            // Distinct values ≥ 0 have a positive sum.
            Metric::Ratio => ((self.values[c] - self.values[k]) / (self.values[c] + self.values[k])).powi(2),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Krippendorff (2011), section C: 4 coders (A to D) × 12 units, values 1..5, `.` missing.
    /// Returned as units × coders.
    pub(in crate::stats) fn canonical() -> Vec<Vec<Option<f64>>> {
        let coders = [
            "1 2 3 3 2 1 4 1 2 . . .",
            "1 2 3 3 2 2 4 1 2 5 . 3",
            ". 3 3 3 2 3 4 2 2 5 1 .",
            "1 2 3 3 2 4 4 1 2 5 1 .",
        ];
        transpose(&coders)
    }

    fn transpose(coders: &[&str]) -> Vec<Vec<Option<f64>>> {
        let rows: Vec<Vec<Option<f64>>> = coders
            .iter()
            .map(|line| line.split_whitespace().map(|cell| cell.parse().ok()).collect())
            .collect();
        (0..rows[0].len())
            .map(|u| rows.iter().map(|row| row[u]).collect())
            .collect()
    }

    fn value(units: &[Vec<Option<f64>>], metric: Metric) -> f64 {
        *krippendorff_alpha(units, metric)
            .unwrap()
            .alpha
            .value()
            .expect("alpha is defined")
    }

    /// Alpha straight from its definition over pairs of values, without the coincidence matrix:
    /// `D_o` averages `δ²` over ordered pairs within each unit (weight `1/(m_u − 1)`) and `D_e`
    /// over all ordered pairs of pairable values. Written independently of the code above.
    fn brute_force(units: &[Vec<Option<f64>>], metric: Metric) -> f64 {
        let pairable: Vec<Vec<f64>> = units
            .iter()
            .map(|u| u.iter().flatten().copied().collect::<Vec<f64>>())
            .filter(|u| u.len() >= 2)
            .collect();
        let all: Vec<f64> = pairable.iter().flatten().copied().collect();
        let n = all.len() as f64;
        let count_within = |low: f64, high: f64| all.iter().filter(|&&x| low <= x && x <= high).count() as f64;
        let delta2 = |a: f64, b: f64| match metric {
            Metric::Nominal => f64::from(u8::from(a != b)),
            Metric::Ordinal => {
                let (low, high) = (a.min(b), a.max(b));
                (count_within(low, high) - (count_within(a, a) + count_within(b, b)) / 2.0).powi(2)
            }
            Metric::Interval => (a - b).powi(2),
            Metric::Ratio if a + b == 0.0 => 0.0,
            Metric::Ratio => ((a - b) / (a + b)).powi(2),
        };
        let ordered_pairs = |xs: &[f64]| -> f64 {
            let mut total = 0.0;
            for (i, &a) in xs.iter().enumerate() {
                for (j, &b) in xs.iter().enumerate() {
                    if i != j {
                        total += delta2(a, b);
                    }
                }
            }
            total
        };
        let d_o = pairable
            .iter()
            .map(|u| ordered_pairs(u) / (u.len() as f64 - 1.0))
            .sum::<f64>()
            / n;
        let d_e = ordered_pairs(&all) / (n * (n - 1.0));
        1.0 - d_o / d_e
    }

    #[test]
    fn reproduces_krippendorffs_canonical_example() {
        let data = canonical();
        let cases = [
            (Metric::Nominal, "0.743", 113.0 / 152.0),
            (Metric::Ordinal, "0.815", 108_577.0 / 133_160.0),
            (Metric::Interval, "0.849", 951.0 / 1120.0),
            (Metric::Ratio, "0.797", 18_222_619.0 / 22_852_465.0),
        ];
        // Published to three decimals; the fractions are exact rational arithmetic on the same data.
        for (metric, published, exact) in cases {
            let alpha = value(&data, metric);
            assert_eq!(format!("{alpha:.3}"), published, "{metric:?}");
            assert!((alpha - exact).abs() < 1e-12, "{metric:?}: {alpha} vs {exact}");
            assert!(
                (alpha - brute_force(&data, metric)).abs() < 1e-12,
                "{metric:?} brute force"
            );
        }
        let counts = krippendorff_alpha(&data, Metric::Nominal).unwrap();
        // Unit 12 holds a single value (coder B's 3) and is dropped; the paper's n is 40.
        assert_eq!(
            (counts.units, counts.pairable_units, counts.pairable_values),
            (12, 11, 40)
        );
    }

    #[test]
    fn reproduces_the_binary_example_without_missing_data() {
        // Krippendorff (2011), section A: 2 coders × 10 units, nominal alpha = 0.095 (exactly 2/21).
        let data = transpose(&["0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0"]);
        let alpha = value(&data, Metric::Nominal);
        assert_eq!(format!("{alpha:.3}"), "0.095");
        assert!((alpha - 2.0 / 21.0).abs() < 1e-12);
    }

    #[test]
    fn reproduces_the_three_coder_example_with_missing_data() {
        // The example of the Wikipedia article on alpha (also in the `krippendorff` Python
        // package's tests): nominal 0.691358, interval 0.810845.
        let data = transpose(&[
            ". . . . . 3 4 1 2 1 1 3 3 . 3",
            "1 . 2 1 3 3 4 3 . . . . . . .",
            ". . 2 1 3 4 4 . 2 1 1 3 3 . 4",
        ]);
        assert_eq!(format!("{:.6}", value(&data, Metric::Nominal)), "0.691358");
        assert_eq!(format!("{:.6}", value(&data, Metric::Interval)), "0.810845");
    }

    #[test]
    fn agrees_with_the_pairwise_definition_on_varied_data() {
        // A small deterministic generator: 30 units × 5 coders, values 0..6, about 30% missing.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let data: Vec<Vec<Option<f64>>> = (0..30)
            .map(|_| {
                (0..5)
                    .map(|_| {
                        if next() % 10 < 3 {
                            None
                        } else {
                            Some((next() % 7) as f64)
                        }
                    })
                    .collect()
            })
            .collect();
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio] {
            let (fast, slow) = (value(&data, metric), brute_force(&data, metric));
            assert!((fast - slow).abs() < 1e-12, "{metric:?}: {fast} vs {slow}");
        }
    }

    #[test]
    fn perfect_agreement_is_one() {
        let data = transpose(&["1 2 3 4 .", "1 2 3 4 5", "1 2 3 . 5"]);
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio] {
            assert_eq!(value(&data, metric), 1.0, "{metric:?}");
        }
    }

    #[test]
    fn one_coder_is_undefined() {
        let data = transpose(&["1 2 3 4"]);
        let result = krippendorff_alpha(&data, Metric::Nominal).unwrap();
        assert_eq!(result.alpha, Estimate::Undefined(Undefined::NoPairableUnits));
        assert_eq!((result.units, result.pairable_units, result.pairable_values), (4, 0, 0));
        assert!(Undefined::NoPairableUnits.to_string().contains("two or more raters"));
    }

    #[test]
    fn a_unit_with_a_single_value_is_dropped() {
        let mut data = transpose(&["1 2 3 3", "1 2 3 4"]);
        let before = krippendorff_alpha(&data, Metric::Interval).unwrap();
        data.push(vec![Some(5.0), None]);
        let after = krippendorff_alpha(&data, Metric::Interval).unwrap();
        assert_eq!(after.alpha, before.alpha);
        assert_eq!((after.units, after.pairable_units, after.pairable_values), (5, 4, 8));
    }

    #[test]
    fn all_values_identical_is_undefined_and_explained() {
        let data = transpose(&["4 4 4", "4 4 .", "4 . 4"]);
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio] {
            let result = krippendorff_alpha(&data, metric).unwrap();
            assert_eq!(result.alpha, Estimate::Undefined(Undefined::NoVariation), "{metric:?}");
        }
        let reason = Undefined::NoVariation.to_string();
        assert!(reason.contains("every value is the same") && reason.contains("expected disagreement is zero"));
    }

    #[test]
    fn negative_zero_is_zero() {
        let data = vec![vec![Some(0.0), Some(-0.0)], vec![Some(1.0), Some(1.0)]];
        assert_eq!(value(&data, Metric::Nominal), 1.0);
    }

    #[test]
    fn refuses_non_finite_values_and_negative_ratio_values() {
        let nan = vec![vec![Some(1.0), Some(2.0)], vec![None, Some(f64::NAN)]];
        let err = krippendorff_alpha(&nan, Metric::Nominal).unwrap_err();
        assert_eq!(err.to_string(), "the value in row 2, column 2 is not a finite number");
        let negative = vec![vec![Some(1.0), Some(-2.0)]];
        assert!(krippendorff_alpha(&negative, Metric::Interval).is_ok());
        let err = krippendorff_alpha(&negative, Metric::Ratio).unwrap_err();
        assert_eq!(
            err,
            StatsError::NegativeRatioValue {
                row: 1,
                column: 2,
                value: -2.0
            }
        );
    }
}
