//! Plain agreement figures for a calibration report, next to alpha and the ICC.
//!
//! Coefficients say how reliable the team is; a QA lead also needs to know *who* drifts and
//! *where*. Per evaluator: the mean signed deviation (positive = more lenient than the baseline),
//! the mean absolute deviation, and the share of subjects within a tolerance, against a reference
//! evaluator or, without one, against the mean of the other evaluators on the same subject. Per
//! criterion: the share of subjects on which every rater gave the same answer, least agreed first,
//! which is where a calibration meeting should start. Missing answers (N/A, not scored) are left
//! out, as alpha leaves them out.

use super::{Estimate, StatsError, Undefined};
use serde::Serialize;
use std::cmp::Ordering;

/// The design's default tolerance, in score points.
pub const DEFAULT_TOLERANCE: f64 = 5.0;

/// Scores this close to the tolerance count as within it: a difference of decimals that prints as
/// exactly the tolerance (85.1 − 80.1) must not fall outside by rounding.
const TOLERANCE_SLACK: f64 = 1e-9;

/// What each evaluator is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// The evaluator in this column (0-based) is the reference; it is not reported itself.
    Reference(usize),
    /// The mean of the other evaluators who scored the same subject.
    OthersMean,
}

/// One evaluator's drift from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EvaluatorDeviation {
    /// The evaluator's column, 0-based.
    pub evaluator: usize,
    /// Subjects scored by this evaluator and by the baseline.
    pub compared: usize,
    /// `None` when `compared` is 0.
    pub deviation: Option<Deviation>,
}

/// Deviation figures over the compared subjects.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Deviation {
    /// Mean of evaluator − baseline: positive means more lenient, negative stricter.
    pub mean: f64,
    pub mean_absolute: f64,
    /// Share (0 to 1) of compared subjects with |evaluator − baseline| ≤ tolerance.
    pub within_tolerance: f64,
}

/// Deviations for every evaluator but the reference, from `scores[subject][evaluator]` (`None` where
/// an evaluator did not score that subject).
pub fn evaluator_deviations<U: AsRef<[Option<f64>]>>(
    scores: &[U],
    baseline: Baseline,
    tolerance: f64,
) -> Result<Vec<EvaluatorDeviation>, StatsError> {
    if !(tolerance >= 0.0 && tolerance.is_finite()) {
        return Err(StatsError::OutOfRange {
            name: "the tolerance",
            requirement: "a number of points, 0 or more",
            value: tolerance,
        });
    }
    let raters = check_matrix(scores)?;
    match baseline {
        Baseline::Reference(column) if column >= raters => {
            return Err(StatsError::NoSuchReference {
                column: column + 1,
                raters,
            });
        }
        _ => {}
    }
    let evaluators = (0..raters).filter(|&e| baseline != Baseline::Reference(e));
    Ok(evaluators
        .map(|evaluator| {
            let differences: Vec<f64> = scores
                .iter()
                .filter_map(|row| {
                    let row = row.as_ref();
                    let own = row[evaluator]?;
                    let base = match baseline {
                        Baseline::Reference(column) => row[column]?,
                        Baseline::OthersMean => mean_of_others(row, evaluator)?,
                    };
                    Some(own - base)
                })
                .collect();
            let compared = differences.len();
            let deviation = (compared > 0).then(|| {
                let count = compared as f64;
                let within = differences
                    .iter()
                    .filter(|d| d.abs() <= tolerance + TOLERANCE_SLACK)
                    .count();
                Deviation {
                    mean: differences.iter().sum::<f64>() / count,
                    mean_absolute: differences.iter().map(|d| d.abs()).sum::<f64>() / count,
                    within_tolerance: within as f64 / count,
                }
            });
            EvaluatorDeviation {
                evaluator,
                compared,
                deviation,
            }
        })
        .collect())
}

fn mean_of_others(row: &[Option<f64>], evaluator: usize) -> Option<f64> {
    let others: Vec<f64> = row
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != evaluator)
        .filter_map(|(_, v)| *v)
        .collect();
    (!others.is_empty()).then(|| others.iter().sum::<f64>() / others.len() as f64)
}

/// How often raters gave the same answer on one criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionAgreement {
    pub criterion: String,
    /// Subjects with answers from at least two raters.
    pub subjects: usize,
    /// Of those, subjects where every answer was the same.
    pub agreed: usize,
    /// `agreed / subjects`; undefined when no subject has two answers.
    pub share: Estimate<f64>,
}

/// Exact agreement on one criterion from `answers[subject][rater]`.
pub fn exact_agreement<U: AsRef<[Option<f64>]>>(
    criterion: impl Into<String>,
    answers: &[U],
) -> Result<CriterionAgreement, StatsError> {
    check_matrix(answers)?;
    let (mut subjects, mut agreed) = (0, 0);
    for row in answers {
        let given: Vec<f64> = row.as_ref().iter().flatten().copied().collect();
        if given.len() >= 2 {
            subjects += 1;
            if given.iter().all(|&a| a == given[0]) {
                agreed += 1;
            }
        }
    }
    let share = if subjects == 0 {
        Estimate::Undefined(Undefined::NoPairableUnits)
    } else {
        Estimate::Value(agreed as f64 / subjects as f64)
    };
    Ok(CriterionAgreement {
        criterion: criterion.into(),
        subjects,
        agreed,
        share,
    })
}

/// Sorts least agreed first; criteria that no two raters answered go last; ties by criterion key.
pub fn sort_least_agreed_first(criteria: &mut [CriterionAgreement]) {
    criteria.sort_by(|a, b| {
        let by_share = match (&a.share, &b.share) {
            (Estimate::Value(x), Estimate::Value(y)) => x.total_cmp(y),
            (Estimate::Value(_), Estimate::Undefined(_)) => Ordering::Less,
            (Estimate::Undefined(_), Estimate::Value(_)) => Ordering::Greater,
            (Estimate::Undefined(_), Estimate::Undefined(_)) => Ordering::Equal,
        };
        by_share.then_with(|| a.criterion.cmp(&b.criterion))
    });
}

/// Checks that rows have equal length and hold finite numbers; returns the number of columns.
fn check_matrix<U: AsRef<[Option<f64>]>>(rows: &[U]) -> Result<usize, StatsError> {
    let width = rows.first().map_or(0, |r| r.as_ref().len());
    for (i, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != width {
            return Err(StatsError::RaggedRow {
                row: i + 1,
                found: row.len(),
                expected: width,
            });
        }
        if let Some(j) = row.iter().position(|v| v.is_some_and(|x| !x.is_finite())) {
            return Err(StatsError::NotFiniteCell {
                row: i + 1,
                column: j + 1,
            });
        }
    }
    Ok(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four subjects × three evaluators (Ana, Ben, Cy); Cy skipped subject 4.
    fn scores() -> Vec<Vec<Option<f64>>> {
        vec![
            vec![Some(80.0), Some(84.0), Some(70.0)],
            vec![Some(90.0), Some(96.0), Some(90.0)],
            vec![Some(60.0), Some(62.0), Some(61.0)],
            vec![Some(75.0), Some(85.0), None],
        ]
    }

    fn deviation(d: &EvaluatorDeviation) -> Deviation {
        d.deviation.expect("compared at least one subject")
    }

    #[test]
    fn deviations_against_a_reference() {
        // Ana is the reference. Ben: +4, +6, +2, +10 → mean 5.5, |mean| 5.5, within 5: 2 of 4.
        // Cy: -10, 0, +1 (subject 4 not scored) → mean -3, |mean| 11/3, within 5: 2 of 3.
        let result = evaluator_deviations(&scores(), Baseline::Reference(0), DEFAULT_TOLERANCE).unwrap();
        assert_eq!(
            result.iter().map(|d| (d.evaluator, d.compared)).collect::<Vec<_>>(),
            [(1, 4), (2, 3)]
        );
        let ben = deviation(&result[0]);
        assert_eq!((ben.mean, ben.mean_absolute, ben.within_tolerance), (5.5, 5.5, 0.5));
        let cy = deviation(&result[1]);
        assert_eq!(cy.mean, -3.0);
        assert!((cy.mean_absolute - 11.0 / 3.0).abs() < 1e-12);
        assert!((cy.within_tolerance - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn deviations_against_the_mean_of_the_others() {
        // Ana vs mean(Ben, Cy): 80-77, 90-93, 60-61.5, 75-85 → 3, -3, -1.5, -10: mean -2.875,
        // |mean| 4.375, within 5: 3 of 4.
        let result = evaluator_deviations(&scores(), Baseline::OthersMean, DEFAULT_TOLERANCE).unwrap();
        assert_eq!(result.len(), 3);
        let ana = deviation(&result[0]);
        assert_eq!(
            (ana.mean, ana.mean_absolute, ana.within_tolerance),
            (-2.875, 4.375, 0.75)
        );
    }

    #[test]
    fn a_difference_equal_to_the_tolerance_is_within_it() {
        let scores = vec![vec![Some(80.1), Some(85.1)]];
        let result = evaluator_deviations(&scores, Baseline::Reference(0), 5.0).unwrap();
        assert_eq!(deviation(&result[0]).within_tolerance, 1.0);
    }

    #[test]
    fn an_evaluator_with_nothing_in_common_has_no_figures() {
        let scores = vec![vec![Some(80.0), None], vec![None, Some(70.0)]];
        let result = evaluator_deviations(&scores, Baseline::Reference(0), 5.0).unwrap();
        assert_eq!(
            result,
            [EvaluatorDeviation {
                evaluator: 1,
                compared: 0,
                deviation: None
            }]
        );
    }

    #[test]
    fn refuses_a_missing_reference_and_bad_tolerance() {
        let err = evaluator_deviations(&scores(), Baseline::Reference(3), 5.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the reference rater is column 4, but there are only 3 raters"
        );
        let err = evaluator_deviations(&scores(), Baseline::OthersMean, -1.0).unwrap_err();
        assert!(err.to_string().starts_with("the tolerance must be"));
        let ragged = vec![vec![Some(1.0), Some(2.0)], vec![Some(1.0)]];
        assert!(matches!(
            evaluator_deviations(&ragged, Baseline::OthersMean, 5.0),
            Err(StatsError::RaggedRow { .. })
        ));
    }

    #[test]
    fn exact_agreement_counts_subjects_with_two_or_more_answers() {
        // Subject 3 has one answer only and is not counted; 2 of the other 3 agree.
        let answers = vec![
            vec![Some(1.0), Some(1.0), Some(1.0)],
            vec![Some(0.0), Some(1.0), Some(1.0)],
            vec![Some(1.0), None, None],
            vec![Some(0.0), None, Some(0.0)],
        ];
        let a = exact_agreement("courtesy.greeting", &answers).unwrap();
        assert_eq!((a.subjects, a.agreed), (3, 2));
        assert!((a.share.value().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let none = exact_agreement("x.y", &[vec![Some(1.0), None]]).unwrap();
        assert_eq!(none.share, Estimate::Undefined(Undefined::NoPairableUnits));
    }

    #[test]
    fn criteria_sort_least_agreed_first() {
        let all = vec![vec![Some(1.0), Some(1.0)], vec![Some(2.0), Some(2.0)]];
        let half = vec![vec![Some(1.0), Some(1.0)], vec![Some(2.0), Some(3.0)]];
        let none_agree = vec![vec![Some(1.0), Some(0.0)], vec![Some(2.0), Some(3.0)]];
        let unanswered = vec![vec![None, Some(1.0)]];
        let mut criteria = vec![
            exact_agreement("b.all", &all).unwrap(),
            exact_agreement("a.unanswered", &unanswered).unwrap(),
            exact_agreement("c.half", &half).unwrap(),
            exact_agreement("d.none", &none_agree).unwrap(),
            exact_agreement("a.half", &half).unwrap(),
        ];
        sort_least_agreed_first(&mut criteria);
        let order: Vec<&str> = criteria.iter().map(|c| c.criterion.as_str()).collect();
        assert_eq!(order, ["d.none", "a.half", "c.half", "b.all", "a.unanswered"]);
    }
}
