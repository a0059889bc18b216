//! The evaluators report: how many evaluations each evaluator scored in a period, the average
//! they gave, and how lenient or harsh they are against everyone's scores.
//!
//! **Leniency** is the mean z-score of an evaluator's overall scores: each score minus the mean
//! of every counted evaluation of the same rubric in the period, divided by that rubric's
//! (sample) standard deviation. +1 means the evaluator scores, on average, one standard deviation
//! above their colleagues. Rubrics with fewer than two evaluations or no spread in the period
//! are left out of it. An evaluator leans *lenient* at [`LEANING`] or more, *harsh* at
//! −[`LEANING`] or less, and is *in line* between; with fewer than [`MIN_EVALUATIONS`] evaluations
//! the leaning is not judged (`too_few`). Rows: most lenient first, then harshest last; evaluators
//! without a leniency at the end, by id.
//!
//! A leniency away from 0 is a signal to calibrate, not a verdict: an evaluator who happens to
//! score the weakest agents will look harsh. Calibration sessions settle it.

use super::common::{PeriodView, share};
use crate::store::reports::{EvaluatorRubricAggregate, RubricSpread};
use serde::Serialize;

/// Mean z-score from which an evaluator leans lenient (or, negative, harsh).
pub const LEANING: f64 = 0.5;
/// Evaluations an evaluator needs in the period for their leaning to be judged.
pub const MIN_EVALUATIONS: u64 = 5;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorsReport {
    pub period: PeriodView,
    pub evaluators: Vec<EvaluatorRow>,
    pub rubrics: Vec<RubricRow>,
    pub leaning_at: f64,
    pub min_evaluations: u64,
    pub evaluations: u64,
    /// Agreement with peers and the reference, and the drift alarm (issue 16).
    pub reliability: Vec<super::evaluator_reliability::EvaluatorReliability>,
    /// Compared contacts in the rolling window.
    pub window: usize,
    /// Points within which two scores of a contact agree.
    pub tolerance: f64,
    /// The drift alarm's parameters (CUSUM `k` and `h`, in standard deviations).
    pub drift_k: f64,
    pub drift_h: f64,
    /// Reference evaluators designated per rubric: `(rubric, staff)`.
    pub references: Vec<(String, String)>,
}

/// How an evaluator's scores compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Leaning {
    Lenient,
    InLine,
    Harsh,
    TooFew,
}

/// One evaluator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorRow {
    pub id: String,
    pub name: String,
    pub evaluations: u64,
    /// The mean overall score they gave.
    pub average: f64,
    pub passed: u64,
    pub pass_rate: Option<f64>,
    pub critical_failures: u64,
    /// Mean z-score against every evaluation of the same rubric; `None` when no rubric they
    /// scored has a spread.
    pub leniency: Option<f64>,
    /// The same with the evaluator's own scores left out of the reference mean and spread (the
    /// fairer figure where one evaluator scores much of a rubric).
    pub leniency_others: Option<f64>,
    pub leaning: Leaning,
    pub rubrics: Vec<String>,
    /// Disputes of their evaluations a lead resolved, and those that changed the score.
    pub disputes_resolved: u64,
    pub disputes_overturned: u64,
    pub overturn_rate: Option<f64>,
}

/// Everyone's scores with one rubric in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricRow {
    pub id: String,
    pub title: String,
    pub evaluations: u64,
    pub mean: f64,
    pub sd: Option<f64>,
}

/// Computes the report from per-(evaluator, rubric) sums and per-rubric spreads; `titles` names
/// the rubrics.
pub fn build(
    rows: &[EvaluatorRubricAggregate],
    spreads: &[RubricSpread],
    titles: &dyn Fn(&str) -> String,
    period: PeriodView,
) -> EvaluatorsReport {
    let mut evaluators: Vec<EvaluatorRow> = Vec::new();
    for r in rows {
        if evaluators.last().is_none_or(|e| e.id != r.evaluator) {
            evaluators.push(EvaluatorRow {
                id: r.evaluator.clone(),
                name: r.name.clone().unwrap_or_else(|| r.evaluator.clone()),
                evaluations: 0,
                average: 0.0,
                passed: 0,
                pass_rate: None,
                critical_failures: 0,
                leniency: None,
                leniency_others: None,
                leaning: Leaning::TooFew,
                rubrics: Vec::new(),
                disputes_resolved: 0,
                disputes_overturned: 0,
                overturn_rate: None,
            });
        }
        let e = evaluators.last_mut().expect("just pushed");
        e.evaluations += r.n;
        e.average += r.sum;
        e.critical_failures += r.critical_failures;
        e.passed += r.passed;
        e.rubrics.push(r.rubric.clone());
    }
    for e in &mut evaluators {
        let mut z_sum = 0.0;
        let mut z_n = 0u64;
        for r in rows.iter().filter(|r| r.evaluator == e.id) {
            let Some(spread) = spreads.iter().find(|s| s.rubric == r.rubric) else {
                continue;
            };
            let Some(sd) = spread.sd.filter(|sd| *sd > 1e-9) else {
                continue;
            };
            z_sum += (r.sum - r.n as f64 * spread.mean) / sd;
            z_n += r.n;
        }
        e.pass_rate = share(e.passed, e.evaluations);
        e.average /= e.evaluations.max(1) as f64;
        e.leniency = (z_n > 0).then(|| z_sum / z_n as f64);
        e.leniency_others = leniency_without_own(rows, &e.id);
        e.leaning = match e.leniency {
            _ if e.evaluations < MIN_EVALUATIONS => Leaning::TooFew,
            None => Leaning::TooFew,
            Some(z) if z >= LEANING => Leaning::Lenient,
            Some(z) if z <= -LEANING => Leaning::Harsh,
            Some(_) => Leaning::InLine,
        };
    }
    evaluators.sort_by(|a, b| match (a.leniency, b.leniency) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    EvaluatorsReport {
        period,
        evaluations: spreads.iter().map(|s| s.n).sum(),
        rubrics: spreads
            .iter()
            .map(|s| RubricRow {
                id: s.rubric.clone(),
                title: titles(&s.rubric),
                evaluations: s.n,
                mean: s.mean,
                sd: s.sd,
            })
            .collect(),
        evaluators,
        leaning_at: LEANING,
        min_evaluations: MIN_EVALUATIONS,
        reliability: Vec::new(),
        window: super::evaluator_reliability::DEFAULT_WINDOW,
        tolerance: crate::stats::DEFAULT_TOLERANCE,
        drift_k: crate::stats::drift::K,
        drift_h: crate::stats::drift::H,
        references: Vec::new(),
    }
}

/// Mean z-score of `evaluator`'s scores against the mean and sample standard deviation of the
/// *other* evaluators' counted scores of each rubric; rubrics where the others have fewer than
/// two scores or no spread are left out.
fn leniency_without_own(rows: &[EvaluatorRubricAggregate], evaluator: &str) -> Option<f64> {
    let (mut z_sum, mut z_n) = (0.0, 0u64);
    for own in rows.iter().filter(|r| r.evaluator == evaluator) {
        let others: Vec<&EvaluatorRubricAggregate> = rows
            .iter()
            .filter(|r| r.rubric == own.rubric && r.evaluator != evaluator)
            .collect();
        let n: u64 = others.iter().map(|r| r.n).sum();
        if n < 2 {
            continue;
        }
        let sum: f64 = others.iter().map(|r| r.sum).sum();
        let sum_sq: f64 = others.iter().map(|r| r.sum_sq).sum();
        let mean = sum / n as f64;
        let Some(sd) = crate::store::reports::sample_sd(n, mean, sum_sq / n as f64).filter(|sd| *sd > 1e-9) else {
            continue;
        };
        z_sum += (own.sum - own.n as f64 * mean) / sd;
        z_n += own.n;
    }
    (z_n > 0).then(|| z_sum / z_n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agg(evaluator: &str, rubric: &str, scores: &[f64]) -> EvaluatorRubricAggregate {
        EvaluatorRubricAggregate {
            evaluator: evaluator.into(),
            name: None,
            rubric: rubric.into(),
            language: Some("en".into()),
            n: scores.len() as u64,
            sum: scores.iter().sum(),
            sum_sq: scores.iter().map(|s| s * s).sum(),
            passed: scores.iter().filter(|s| **s >= 85.0).count() as u64,
            critical_failures: 0,
        }
    }

    #[test]
    fn leniency_is_the_mean_z_score_against_the_rubric() {
        let a = [90.0, 92.0, 94.0, 96.0, 98.0];
        let b = [70.0, 72.0, 74.0, 76.0, 78.0];
        let all: Vec<f64> = a.iter().chain(&b).copied().collect();
        let mean = all.iter().sum::<f64>() / 10.0;
        let mean_sq = all.iter().map(|x| x * x).sum::<f64>() / 10.0;
        let spread = RubricSpread {
            rubric: "r".into(),
            n: 10,
            mean,
            sd: crate::store::reports::sample_sd(10, mean, mean_sq),
        };
        let sd = spread.sd.unwrap();
        let report = build(
            &[agg("ann", "r", &a), agg("bob", "r", &b)],
            &[spread],
            &|id| id.to_string(),
            PeriodView {
                from: "2026-11-01".into(),
                to: "2026-11-30".into(),
                days: 30,
            },
        );
        let ann = &report.evaluators[0];
        assert_eq!(ann.id, "ann");
        assert!((ann.leniency.unwrap() - (94.0 - 84.0) / sd).abs() < 1e-9);
        assert_eq!(ann.leaning, Leaning::Lenient);
        assert_eq!(report.evaluators[1].leaning, Leaning::Harsh);
        assert!((ann.average - 94.0).abs() < 1e-9);
        assert_eq!(ann.pass_rate, Some(1.0));
    }
}
