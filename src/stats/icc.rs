//! Intraclass correlations ICC(2,1) and ICC(3,1) for calibration on overall scores.
//!
//! P. E. Shrout and J. L. Fleiss (1979), "Intraclass correlations: uses in assessing rater
//! reliability", *Psychological Bulletin* 86(2), 420–428. From a complete `n` subjects × `k`
//! raters matrix, the two-way ANOVA without replication gives the mean squares for subjects
//! (BMS, `n − 1` df), raters (JMS, `k − 1` df) and residual error (EMS, `(n − 1)(k − 1)` df). Then
//!
//! ```text
//! ICC(2,1) = (BMS − EMS) / (BMS + (k − 1) EMS + k (JMS − EMS) / n)
//! ICC(3,1) = (BMS − EMS) / (BMS + (k − 1) EMS)
//! ```
//!
//! ICC(2,1) treats raters as a random sample and asks for *absolute agreement*: an evaluator who
//! is 10 points harsher than the rest lowers it. ICC(3,1) holds the raters fixed and asks only
//! for *consistency*: the same evaluator does not lower it if the ranking of subjects is kept.
//! Calibration reports both, so a lead can tell "evaluators rank calls differently" from "one
//! evaluator is systematically strict".

use super::{Estimate, StatsError, Undefined};
use serde::Serialize;

/// The ANOVA table behind the coefficients, for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanSquares {
    /// Between subjects (BMS), with `n − 1` degrees of freedom.
    pub subjects: f64,
    /// Between raters (JMS), with `k − 1` degrees of freedom.
    pub raters: f64,
    /// Residual (EMS), with `(n − 1)(k − 1)` degrees of freedom.
    pub error: f64,
    pub df_subjects: usize,
    pub df_raters: usize,
    pub df_error: usize,
}

/// Both coefficients for one subjects × raters matrix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Icc {
    pub subjects: usize,
    pub raters: usize,
    pub mean_squares: MeanSquares,
    /// ICC(2,1): two-way random effects, absolute agreement, single rater.
    pub absolute_agreement: Estimate<f64>,
    /// ICC(3,1): two-way mixed effects, consistency, single rater.
    pub consistency: Estimate<f64>,
}

/// ICC(2,1) and ICC(3,1) from `scores[subject][rater]`, which must be complete (the caller keeps
/// only the subjects that every participant scored) with at least 2 subjects and 2 raters.
pub fn icc<R: AsRef<[f64]>>(scores: &[R]) -> Result<Icc, StatsError> {
    let n = scores.len();
    if n < 2 {
        return Err(too_few("subjects (rows)", n));
    }
    let k = scores[0].as_ref().len();
    if k < 2 {
        return Err(too_few("raters (columns)", k));
    }
    for (i, row) in scores.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != k {
            return Err(StatsError::RaggedRow {
                row: i + 1,
                found: row.len(),
                expected: k,
            });
        }
        if let Some(j) = row.iter().position(|v| !v.is_finite()) {
            return Err(StatsError::NotFiniteCell {
                row: i + 1,
                column: j + 1,
            });
        }
    }

    let (nf, kf) = (n as f64, k as f64);
    let row_means: Vec<f64> = scores.iter().map(|r| r.as_ref().iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| scores.iter().map(|r| r.as_ref()[j]).sum::<f64>() / nf)
        .collect();
    let grand = row_means.iter().sum::<f64>() / nf;
    let ss_subjects = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_raters = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    // The residual summed directly rather than as SS_total − SS_rows − SS_cols, which can cancel
    // to a small negative number.
    let ss_error: f64 = scores
        .iter()
        .zip(&row_means)
        .flat_map(|(r, rm)| {
            r.as_ref()
                .iter()
                .zip(&col_means)
                .map(move |(x, cm)| (x - rm - cm + grand).powi(2))
        })
        .sum();
    let (df_subjects, df_raters, df_error) = (n - 1, k - 1, (n - 1) * (k - 1));
    let ms = MeanSquares {
        subjects: ss_subjects / df_subjects as f64,
        raters: ss_raters / df_raters as f64,
        error: ss_error / df_error as f64,
        df_subjects,
        df_raters,
        df_error,
    };

    let first = scores[0].as_ref()[0];
    let all_same = scores.iter().all(|r| r.as_ref().iter().all(|&x| x == first));
    let (absolute_agreement, consistency) = if all_same {
        (
            Estimate::Undefined(Undefined::NoVariation),
            Estimate::Undefined(Undefined::NoVariation),
        )
    } else {
        // Denominators far below the total mean square are rounding noise from subtracting equal
        // means, not variance: treat them as zero rather than divide noise by noise.
        let total_ms = (ss_subjects + ss_raters + ss_error) / (n * k - 1) as f64;
        let ratio = |numerator: f64, denominator: f64| {
            if denominator <= 1e-12 * total_ms {
                Estimate::Undefined(Undefined::ZeroDenominator)
            } else {
                Estimate::Value(numerator / denominator)
            }
        };
        let numerator = ms.subjects - ms.error;
        (
            ratio(
                numerator,
                ms.subjects + (kf - 1.0) * ms.error + kf * (ms.raters - ms.error) / nf,
            ),
            ratio(numerator, ms.subjects + (kf - 1.0) * ms.error),
        )
    };
    Ok(Icc {
        subjects: n,
        raters: k,
        mean_squares: ms,
        absolute_agreement,
        consistency,
    })
}

fn too_few(items: &'static str, found: usize) -> StatsError {
    StatsError::TooFew {
        statistic: "an intraclass correlation",
        needed: 2,
        items,
        found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
    const SHROUT_FLEISS: [[f64; 4]; 6] = [
        [9.0, 2.0, 5.0, 8.0],
        [6.0, 1.0, 3.0, 2.0],
        [8.0, 4.0, 6.0, 8.0],
        [7.0, 1.0, 2.0, 6.0],
        [10.0, 5.0, 6.0, 9.0],
        [6.0, 2.0, 4.0, 7.0],
    ];

    fn value(e: Estimate<f64>) -> f64 {
        *e.value().expect("defined")
    }

    #[test]
    fn reproduces_shrout_and_fleiss() {
        let r = icc(&SHROUT_FLEISS).unwrap();
        assert_eq!((r.subjects, r.raters), (6, 4));
        // Their Table 3 ANOVA: BMS 11.24, JMS 32.49, EMS 1.02.
        let ms = r.mean_squares;
        assert!((ms.subjects - 11.24).abs() < 5e-3, "BMS {}", ms.subjects);
        assert!((ms.raters - 32.49).abs() < 5e-3, "JMS {}", ms.raters);
        assert!((ms.error - 1.02).abs() < 5e-3, "EMS {}", ms.error);
        assert_eq!((ms.df_subjects, ms.df_raters, ms.df_error), (5, 3, 15));
        // Published to two decimals: ICC(2,1) = .29, ICC(3,1) = .71; computed 0.2898 and 0.7148.
        let icc2 = value(r.absolute_agreement);
        let icc3 = value(r.consistency);
        assert_eq!(format!("{icc2:.3}"), "0.290");
        assert_eq!(format!("{icc3:.3}"), "0.715");
        // ICC(1,1) = .17 from the same table: WMS pools raters and error, (3·JMS + 15·EMS) / 18.
        let wms = (3.0 * ms.raters + 15.0 * ms.error) / 18.0;
        let icc1 = (ms.subjects - wms) / (ms.subjects + 3.0 * wms);
        assert_eq!(format!("{icc1:.2}"), "0.17");
    }

    #[test]
    fn a_harsh_rater_lowers_agreement_but_not_consistency() {
        // Rater 2 gives every subject exactly 10 points less: perfectly consistent, not in agreement.
        let scores = [[90.0, 80.0], [70.0, 60.0], [85.0, 75.0]];
        // BMS = 650/3, JMS = 150, EMS = 0: ICC(2,1) = (650/3) / (650/3 + 2·150/3) = 13/19.
        let r = icc(&scores).unwrap();
        assert!((value(r.consistency) - 1.0).abs() < 1e-12);
        assert!((value(r.absolute_agreement) - 13.0 / 19.0).abs() < 1e-12);
    }

    #[test]
    fn identical_scores_everywhere_are_undefined_and_said_plainly() {
        let r = icc(&[[80.0, 80.0], [80.0, 80.0], [80.0, 80.0]]).unwrap();
        assert_eq!(r.absolute_agreement, Estimate::Undefined(Undefined::NoVariation));
        assert_eq!(r.consistency, Estimate::Undefined(Undefined::NoVariation));
        assert!(Undefined::NoVariation.to_string().contains("every value is the same"));
    }

    #[test]
    fn only_rater_differences_leave_consistency_undefined() {
        // Subjects all alike, raters perfectly consistent: ICC(3,1) is 0/0; ICC(2,1) is 0.
        let r = icc(&[[70.1, 80.3], [70.1, 80.3], [70.1, 80.3]]).unwrap();
        assert_eq!(r.consistency, Estimate::Undefined(Undefined::ZeroDenominator));
        assert!(value(r.absolute_agreement).abs() < 1e-9);
    }

    #[test]
    fn refuses_incomplete_or_too_small_matrices() {
        let one_subject = icc(&[[1.0, 2.0]]).unwrap_err();
        assert_eq!(
            one_subject.to_string(),
            "an intraclass correlation needs at least 2 subjects (rows), got 1"
        );
        let one_rater = icc(&[[1.0], [2.0]]).unwrap_err();
        assert!(one_rater.to_string().contains("2 raters (columns), got 1"));
        let ragged = icc(&[vec![1.0, 2.0], vec![3.0]]).unwrap_err();
        assert_eq!(
            ragged,
            StatsError::RaggedRow {
                row: 2,
                found: 1,
                expected: 2
            }
        );
        let nan = icc(&[[1.0, 2.0], [3.0, f64::NAN]]).unwrap_err();
        assert_eq!(nan, StatsError::NotFiniteCell { row: 2, column: 2 });
    }
}
