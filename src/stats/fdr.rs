//! The Benjamini-Hochberg procedure (Benjamini and Hochberg 1995): with many criteria each
//! tested for a relation to CSAT, some look related by chance; BH keeps the expected share of
//! false "related" marks at most `q` (the false discovery rate, [`DEFAULT_Q`] = 0.05).
//!
//! With the `m` p-values in ascending order `p(1) ≤ … ≤ p(m)`, the largest `k` with
//! `p(k) ≤ k q / m` is found and the `k` smallest are marked. Equivalently each gets the
//! adjusted p-value `min over j ≥ i of min(1, m p(j) / j)` and is marked when it is at most
//! `q`; that adjusted value is what `scipy.stats.false_discovery_control(ps, method="bh")`
//! returns, and what a report prints beside the decision.

use super::StatsError;
use serde::Serialize;

/// The false discovery rate used unless the caller picks another.
pub const DEFAULT_Q: f64 = 0.05;

/// One p-value's outcome, in the order the p-values were given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Discovery {
    pub p: f64,
    /// The BH-adjusted p-value.
    pub adjusted: f64,
    /// `adjusted ≤ q`: marked as a discovery (here, "related").
    pub discovered: bool,
}

/// BH at false discovery rate `q` over `p_values` (any order); refuses a p-value outside
/// `[0, 1]` or a `q` outside `(0, 1)`.
pub fn benjamini_hochberg(p_values: &[f64], q: f64) -> Result<Vec<Discovery>, StatsError> {
    check_rate(q)?;
    if let Some(i) = p_values.iter().position(|p| !(0.0..=1.0).contains(p)) {
        return Err(StatsError::NotAProbability {
            position: i + 1,
            value: p_values[i],
        });
    }
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![1.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p_values[i] * m as f64 / (rank + 1) as f64).min(1.0);
        adjusted[i] = running;
    }
    Ok(p_values
        .iter()
        .zip(adjusted)
        .map(|(&p, adjusted)| Discovery {
            p,
            adjusted,
            discovered: adjusted <= q,
        })
        .collect())
}

/// Refuses a false discovery rate outside `(0, 1)`.
pub(crate) fn check_rate(q: f64) -> Result<(), StatsError> {
    if q > 0.0 && q < 1.0 {
        Ok(())
    } else {
        Err(StatsError::OutOfRange {
            name: "the false discovery rate",
            requirement: "strictly between 0 and 1 (for example 0.05)",
            value: q,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Benjamini and Hochberg (1995), section 4.2: fifteen p-values from a study of myocardial
    /// infarction treatments.
    const PAPER: [f64; 15] = [
        0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590,
        1.000,
    ];

    #[test]
    fn the_papers_example_marks_four_at_five_percent() {
        // k q / m = k/300: p(4) = 0.0095 ≤ 4/300 = 0.0133, but p(5) = 0.0201 > 0.0167 and no
        // later p(k) is below k/300 (p(9) = 0.0459 > 0.03): four discoveries, where Bonferroni
        // (0.05/15 = 0.0033) keeps three.
        let d = benjamini_hochberg(&PAPER, DEFAULT_Q).unwrap();
        let marked: Vec<bool> = d.iter().map(|d| d.discovered).collect();
        assert_eq!(marked.iter().filter(|&&m| m).count(), 4);
        assert!(marked[..4].iter().all(|&m| m) && !marked[4]);
        // Adjusted: 0.0095 × 15/4 = 0.035625; p(6) and p(7) share min(0.0278 × 15/6,
        // 0.0298 × 15/7) = 0.063857 (scipy.stats.false_discovery_control agrees).
        assert!((d[3].adjusted - 0.035625).abs() < 1e-12);
        assert!((d[5].adjusted - 0.0298 * 15.0 / 7.0).abs() < 1e-12);
        assert_eq!(d[5].adjusted, d[6].adjusted);
        assert_eq!(d[14].adjusted, 1.0);
    }

    #[test]
    fn order_of_the_input_is_kept() {
        let mut shuffled = PAPER;
        shuffled.reverse();
        let d = benjamini_hochberg(&shuffled, DEFAULT_Q).unwrap();
        assert!(d[14].discovered && d[11].discovered && !d[10].discovered);
        assert_eq!(d[14].p, 0.0001);
        assert!(benjamini_hochberg(&[], DEFAULT_Q).unwrap().is_empty());
    }

    #[test]
    fn refuses_impossible_p_values_and_rates() {
        let err = benjamini_hochberg(&[0.2, 1.5], DEFAULT_Q).unwrap_err();
        assert!(err.to_string().contains("p-value number 2"), "{err}");
        assert!(benjamini_hochberg(&[0.2], 0.0).is_err());
        assert!(benjamini_hochberg(&[f64::NAN], 0.05).is_err());
    }
}
