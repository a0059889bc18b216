//! The report of a closed calibration session: each subject's scores side by side, each
//! evaluator's drift from the baseline, exact agreement per criterion, alpha, the ICCs and the
//! verdict (see the module documentation of [`crate::calibration`]).

use super::metrics::{
    AlphaReport, CRITERION_AGREEMENT, IccReport, MetricSource, alpha_report, default_metric, icc_report, raw_value,
};
use super::{Verdict, scales, verdict};
use crate::rubric::Rubric;
use crate::stats::{self, Baseline, Metric, StatsError};
use serde::Serialize;
use std::collections::BTreeMap;

/// What identifies the session in the report's heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionHeader {
    pub id: i64,
    pub rubric: String,
    pub rubric_version: u32,
    pub rubric_title: String,
    pub created_by: String,
    pub created_at: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
}

/// One participant's submitted evaluation of one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub evaluation: i64,
    pub overall: f64,
    /// Criterion key → the answer as stored (`yes`, `4`, `partly`, `na`).
    pub answers: BTreeMap<String, String>,
}

/// One subject with each participant's evaluation (in the order of the participants).
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectInput {
    pub name: String,
    /// Whose work it was: the agent, and the location of a visit.
    pub agent: Option<String>,
    pub location: Option<String>,
    pub scores: Vec<Option<Scored>>,
}

/// Everything a session report is computed from.
#[derive(Debug, Clone)]
pub struct SessionInput<'a> {
    pub header: SessionHeader,
    pub rubric: &'a Rubric,
    pub participants: Vec<String>,
    pub reference: Option<String>,
    pub tolerance: f64,
    pub subjects: Vec<SubjectInput>,
    /// The metric the caller chose, if any (`--metric` on the command line).
    pub metric: Option<Metric>,
    pub seed: u64,
}

/// The report of a closed session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    pub session: SessionHeader,
    pub participants: Vec<String>,
    pub reference: Option<String>,
    /// What evaluators are compared with, in words: `lea (the reference)` or `the mean of the others`.
    pub baseline: String,
    pub tolerance: f64,
    pub subjects: Vec<SubjectScores>,
    pub evaluators: Vec<EvaluatorDrift>,
    /// Least agreed first.
    pub criteria: Vec<CriterionAgreement>,
    /// Alpha over every criterion's answers, all scales pooled: shown for reference only, never
    /// used by the verdict (a yes/no 1 and a range's 1 are different things).
    pub alpha: AlphaReport,
    /// Agreement per scale type, with honest intervals: what the verdict reads.
    pub scales: Vec<scales::ScaleAgreement>,
    /// Alpha and AC1/AC2 per criterion, side by side.
    pub reliability: Vec<scales::CriterionReliability>,
    pub icc: IccReport,
    /// ICC(2,1) with its interval and Koo and Li's band.
    pub icc_reading: Option<scales::IccReading>,
    pub verdict: Verdict,
    /// The fewest pairable units a reliability judgement needs ([`scales::MIN_UNITS`]).
    pub min_units: usize,
    /// The fewest subjects an ICC judgement needs ([`scales::MIN_ICC_SUBJECTS`]).
    pub min_icc_subjects: usize,
    /// Evaluations expected (subjects × participants) and submitted.
    pub expected: usize,
    pub submitted: usize,
    /// Each evaluation missing (not scored, or left as a draft).
    pub missing: Vec<Missing>,
}

/// A participant who did not submit a score for a subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub participant: String,
    pub subject: String,
}

/// One subject's overall scores side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectScores {
    pub subject: String,
    pub agent: Option<String>,
    pub location: Option<String>,
    /// One per participant, in the order of `participants`.
    pub scores: Vec<ScoreCell>,
    /// The reference's score, or the mean of the participants' scores.
    pub baseline: Option<f64>,
    /// Highest minus lowest score.
    pub spread: Option<f64>,
}

/// One participant's overall score of one subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCell {
    pub participant: String,
    pub overall: Option<f64>,
    pub evaluation: Option<i64>,
}

/// How far one evaluator is from the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorDrift {
    pub evaluator: String,
    /// Subjects scored by the evaluator and the baseline.
    pub compared: usize,
    /// Mean of evaluator − baseline: positive = more lenient, negative = stricter.
    pub mean_deviation: Option<f64>,
    pub mean_absolute_deviation: Option<f64>,
    /// Share of compared subjects within the tolerance.
    pub within_tolerance: Option<f64>,
    /// How many compared subjects were within the tolerance.
    pub within: usize,
    /// `lenient`, `strict` or `in line` (no mean deviation), `not compared`.
    pub tendency: String,
    /// The mean absolute deviation exceeds the tolerance.
    pub drifts: bool,
}

/// Exact agreement on one criterion, with the answers side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionAgreement {
    pub criterion: String,
    pub text: String,
    /// Subjects with answers from at least two participants.
    pub subjects: usize,
    /// Of those, subjects where every answer was the same (N/A included as an answer).
    pub agreed: usize,
    pub share: Option<f64>,
    /// Below [`CRITERION_AGREEMENT`]: needs another session.
    pub needs_session: bool,
    pub answers: Vec<SubjectAnswers>,
}

/// Every participant's answer to one criterion on one subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectAnswers {
    pub subject: String,
    /// One per participant, in the order of `participants`.
    pub answers: Vec<AnswerCell>,
    /// Whether every given answer is the same; `None` with fewer than two answers.
    pub agreed: Option<bool>,
}

/// One participant's answer (`None`: did not score the subject).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerCell {
    pub participant: String,
    pub answer: Option<String>,
}

/// An evaluator who drifts from the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    pub evaluator: String,
    /// Positive: more lenient; negative: stricter.
    pub mean_deviation: f64,
    pub mean_absolute_deviation: f64,
}

/// Computes the report of a closed session.
pub fn session_report(input: SessionInput<'_>) -> Result<CalibrationReport, StatsError> {
    let rubric = input.rubric;
    let participants = &input.participants;
    let reference = input
        .reference
        .as_ref()
        .and_then(|r| participants.iter().position(|p| p == r));

    // Per subject: overall scores.
    let overall: Vec<Vec<Option<f64>>> = input
        .subjects
        .iter()
        .map(|s| s.scores.iter().map(|e| e.as_ref().map(|e| e.overall)).collect())
        .collect();
    let subjects: Vec<SubjectScores> = input
        .subjects
        .iter()
        .zip(&overall)
        .map(|(s, row)| {
            let given: Vec<f64> = row.iter().flatten().copied().collect();
            let baseline = match reference {
                Some(r) => row[r],
                None if given.is_empty() => None,
                None => Some(given.iter().sum::<f64>() / given.len() as f64),
            };
            let spread = (given.len() >= 2).then(|| {
                given.iter().copied().fold(f64::MIN, f64::max) - given.iter().copied().fold(f64::MAX, f64::min)
            });
            SubjectScores {
                subject: s.name.clone(),
                agent: s.agent.clone(),
                location: s.location.clone(),
                scores: participants
                    .iter()
                    .zip(&s.scores)
                    .map(|(p, e)| ScoreCell {
                        participant: p.clone(),
                        overall: e.as_ref().map(|e| e.overall),
                        evaluation: e.as_ref().map(|e| e.evaluation),
                    })
                    .collect(),
                baseline,
                spread,
            }
        })
        .collect();

    // Per evaluator: deviations from the baseline.
    let baseline = match reference {
        Some(r) => Baseline::Reference(r),
        None => Baseline::OthersMean,
    };
    let evaluators: Vec<EvaluatorDrift> = stats::evaluator_deviations(&overall, baseline, input.tolerance)?
        .into_iter()
        .map(|d| {
            let dev = d.deviation;
            let drifts = dev.is_some_and(|x| x.mean_absolute > input.tolerance + 1e-9);
            EvaluatorDrift {
                evaluator: participants[d.evaluator].clone(),
                compared: d.compared,
                mean_deviation: dev.map(|x| x.mean),
                mean_absolute_deviation: dev.map(|x| x.mean_absolute),
                within_tolerance: dev.map(|x| x.within_tolerance),
                within: dev.map_or(0, |x| (x.within_tolerance * d.compared as f64).round() as usize),
                tendency: match dev {
                    None => "not compared".into(),
                    Some(x) if x.mean > 0.05 => "lenient".into(),
                    Some(x) if x.mean < -0.05 => "strict".into(),
                    Some(_) => "in line".into(),
                },
                drifts,
            }
        })
        .collect();

    // Per criterion: exact agreement on the answers as written (N/A is an answer here).
    let mut agreements: Vec<(stats::CriterionAgreement, CriterionAgreement)> = Vec::new();
    for c in rubric.criteria() {
        let answers: Vec<Vec<Option<&str>>> = input
            .subjects
            .iter()
            .map(|s| {
                s.scores
                    .iter()
                    .map(|e| e.as_ref().and_then(|e| e.answers.get(&c.key)).map(String::as_str))
                    .collect()
            })
            .collect();
        let mut distinct: Vec<&str> = answers.iter().flatten().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let codes: Vec<Vec<Option<f64>>> = answers
            .iter()
            .map(|row| {
                row.iter()
                    .map(|a| a.and_then(|a| distinct.iter().position(|d| *d == a)).map(|i| i as f64))
                    .collect()
            })
            .collect();
        let stat = stats::exact_agreement(c.key.clone(), &codes)?;
        let share = stat.share.value().copied();
        let side_by_side = input
            .subjects
            .iter()
            .zip(&answers)
            .map(|(s, row)| {
                let given: Vec<&str> = row.iter().flatten().copied().collect();
                SubjectAnswers {
                    subject: s.name.clone(),
                    answers: participants
                        .iter()
                        .zip(row)
                        .map(|(p, a)| AnswerCell {
                            participant: p.clone(),
                            answer: a.map(str::to_string),
                        })
                        .collect(),
                    agreed: (given.len() >= 2).then(|| given.iter().all(|a| *a == given[0])),
                }
            })
            .collect();
        agreements.push((
            stat.clone(),
            CriterionAgreement {
                criterion: c.key.clone(),
                text: c.text.clone(),
                subjects: stat.subjects,
                agreed: stat.agreed,
                share,
                needs_session: share.is_some_and(|s| s < CRITERION_AGREEMENT - 1e-9),
                answers: side_by_side,
            },
        ));
    }
    let mut order: Vec<stats::CriterionAgreement> = agreements.iter().map(|(s, _)| s.clone()).collect();
    stats::sort_least_agreed_first(&mut order);
    let criteria: Vec<CriterionAgreement> = order
        .iter()
        .filter_map(|o| {
            agreements
                .iter()
                .find(|(s, _)| s.criterion == o.criterion)
                .map(|(_, c)| c.clone())
        })
        .collect();

    // Alpha over (subject, criterion) units.
    let units: Vec<Vec<Option<f64>>> = input
        .subjects
        .iter()
        .flat_map(|s| {
            rubric.criteria().map(move |c| {
                s.scores
                    .iter()
                    .map(|e| {
                        e.as_ref()
                            .and_then(|e| e.answers.get(&c.key))
                            .and_then(|a| raw_value(c, a))
                    })
                    .collect()
            })
        })
        .collect();
    let (metric, source) = match input.metric {
        Some(m) => (m, MetricSource::Given),
        None => default_metric(rubric),
    };
    let alpha = alpha_report(&units, metric, source, input.seed)?;

    // ICCs over the subjects every participant scored.
    let complete: Vec<Vec<f64>> = overall
        .iter()
        .filter_map(|row| row.iter().copied().collect::<Option<Vec<f64>>>())
        .collect();
    let icc = icc_report(&complete, participants.len(), "subjects scored by every participant")?;

    // What is missing.
    let mut missing = Vec::new();
    for s in &input.subjects {
        for (p, e) in participants.iter().zip(&s.scores) {
            if e.is_none() {
                missing.push(Missing {
                    participant: p.clone(),
                    subject: s.name.clone(),
                });
            }
        }
    }
    let expected = input.subjects.len() * participants.len();
    let baseline_words = match &input.reference {
        Some(r) => format!("{r} (the reference)"),
        None => "the mean of the others".to_string(),
    };
    // Per scale type and per criterion (issue 16): what the verdict reads.
    let answers: Vec<Vec<Option<&BTreeMap<String, String>>>> = input
        .subjects
        .iter()
        .map(|s| s.scores.iter().map(|e| e.as_ref().map(|e| &e.answers)).collect())
        .collect();
    let criterion_units = scales::criterion_units(rubric, &answers);
    let scale_agreement = scales::per_scale(rubric, &criterion_units, input.metric, input.seed)?;
    let written: BTreeMap<String, Vec<String>> = rubric
        .criteria()
        .map(|c| {
            let given = answers
                .iter()
                .flatten()
                .flatten()
                .filter_map(|a| a.get(&c.key).cloned())
                .collect();
            (c.key.clone(), given)
        })
        .collect();
    let reliability = scales::per_criterion(rubric, &criterion_units, &written, input.metric, input.seed)?;
    let icc_reading = scales::icc_reading(&complete, input.seed)?;
    let flagged: Vec<String> = criteria
        .iter()
        .filter(|c| c.needs_session)
        .map(|c| c.criterion.clone())
        .collect();
    let verdict = verdict::verdict(
        &scale_agreement,
        icc_reading.as_ref(),
        &reliability,
        flagged,
        &evaluators,
        &baseline_words,
        missing.len(),
    );
    Ok(CalibrationReport {
        session: input.header,
        participants: participants.clone(),
        reference: input.reference.clone(),
        baseline: baseline_words,
        tolerance: input.tolerance,
        subjects,
        evaluators,
        criteria,
        alpha,
        scales: scale_agreement,
        reliability,
        icc,
        icc_reading,
        verdict,
        min_units: scales::MIN_UNITS,
        min_icc_subjects: scales::MIN_ICC_SUBJECTS,
        expected,
        submitted: expected - missing.len(),
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        super::super::fixture_rubric()
    }

    fn scored(id: i64, overall: f64, answers: &[(&str, &str)]) -> Option<Scored> {
        Some(Scored {
            evaluation: id,
            overall,
            answers: answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        })
    }

    #[test]
    fn a_session_report_lines_everything_up() {
        let r = rubric();
        let input = SessionInput {
            header: SessionHeader {
                id: 1,
                rubric: "t".into(),
                rubric_version: 1,
                rubric_title: "T".into(),
                created_by: "lea".into(),
                created_at: "x".into(),
                closed_by: None,
                closed_at: None,
            },
            rubric: &r,
            participants: vec!["ana".into(), "ben".into()],
            reference: Some("ana".into()),
            tolerance: 5.0,
            subjects: vec![
                SubjectInput {
                    name: "S1".into(),
                    agent: None,
                    location: None,
                    scores: vec![
                        scored(1, 80.0, &[("a.yes", "yes"), ("a.five", "4"), ("a.met", "met")]),
                        scored(2, 90.0, &[("a.yes", "na"), ("a.five", "4"), ("a.met", "partly")]),
                    ],
                },
                SubjectInput {
                    name: "S2".into(),
                    agent: None,
                    location: None,
                    scores: vec![
                        scored(3, 60.0, &[("a.yes", "no"), ("a.five", "2"), ("a.met", "met")]),
                        None,
                    ],
                },
            ],
            metric: Some(Metric::Interval),
            seed: 1,
        };
        let report = session_report(input).unwrap();
        assert_eq!(report.subjects[0].baseline, Some(80.0));
        assert_eq!(report.subjects[0].spread, Some(10.0));
        assert_eq!(report.evaluators.len(), 1);
        assert_eq!(report.evaluators[0].mean_deviation, Some(10.0));
        assert!(report.evaluators[0].drifts);
        // a.yes: yes vs na disagree (N/A is an answer for exact agreement); a.met disagrees; a.five agrees.
        let order: Vec<&str> = report.criteria.iter().map(|c| c.criterion.as_str()).collect();
        assert_eq!(order, ["a.met", "a.yes", "a.five"]);
        assert_eq!(
            report.missing,
            [Missing {
                participant: "ben".into(),
                subject: "S2".into()
            }]
        );
        // Alpha units: 2 subjects × 3 criteria; pairable: S1's five and met (yes has one value).
        assert_eq!((report.alpha.units, report.alpha.pairable_units), (6, 2));
        assert!(report.icc.not_computed.is_some());
    }
}
