//! Agreement reports: how far evaluators agree, from a closed calibration session or from any
//! ratings matrix (`calibrate agreement FILE.csv`). Pure: the command layer reads the store or
//! the file and renders; this module only arranges numbers and calls [`crate::stats`], where
//! every formula is implemented and tested against the published worked examples.
//!
//! # What a session report holds (DESIGN.md section 6)
//!
//! - **Per subject**: each participant's overall score, the baseline (the reference participant's
//!   score, or without one the mean of all participants) and the spread (highest − lowest).
//! - **Per evaluator**: mean deviation (positive = more lenient), mean absolute deviation and the
//!   share of subjects within the session's tolerance, against the reference or, without one,
//!   against the mean of the *other* participants on the same subject
//!   ([`stats::evaluator_deviations`]).
//! - **Per criterion**: the share of subjects on which every participant gave the same answer,
//!   least agreed first, with the answers side by side. Here N/A counts as an answer: one
//!   evaluator finding a criterion not applicable while another scores it is a disagreement a
//!   calibration meeting must discuss. (Alpha, below, treats N/A as missing, as the design says.)
//! - **Krippendorff's alpha** over (subject, criterion) units, values the raw answers (binary
//!   0/1, range the integer, choice the option's value; N/A and unscored are missing), with a 95%
//!   bootstrap interval resampling units (1000 resamples, seeded by `--seed`).
//! - **ICC(2,1) and ICC(3,1)** on overall scores over the subjects every participant scored,
//!   when there are at least two such subjects.
//! - **A verdict** in plain words (see [`Verdict`]).
//!
//! # The default metric
//!
//! `--metric` picks alpha's metric. Without it: **nominal** when every criterion of the rubric is
//! yes/no (with two values every metric gives the same alpha, and nominal says so most
//! plainly), otherwise **ordinal**. Range points (1..5) and choice options (met / partly /
//! not met) are ordered categories whose steps are not known to be equal, which is what the
//! ordinal metric assumes and no more; interval would also let the wide 1..5 scales dominate the
//! 0..1 answers, since the units pool answers of every scale. Choose `--metric interval` for
//! rubrics whose range points are meant as equal steps.
//!
//! # Thresholds of the verdict
//!
//! Krippendorff (2004, *Content Analysis*, 2nd ed., p. 241): rely on data with alpha ≥ 0.800
//! ([`ALPHA_RELIABLE`]); between 0.667 ([`ALPHA_TENTATIVE`]) and 0.800 draw only tentative
//! conclusions; below 0.667 the data are not reliable. A criterion needs another session when
//! its exact agreement is below [`CRITERION_AGREEMENT`] (80%, the usual floor for percent
//! agreement); an evaluator drifts when their mean absolute deviation exceeds the tolerance.

pub mod scales;
pub mod verdict;

pub use verdict::Verdict;

use crate::rubric::{Answer, Criterion, Rubric, ScaleKind};
use crate::stats::{self, Baseline, Estimate, Metric, StatsError, Undefined};
use serde::Serialize;
use std::collections::BTreeMap;

/// Alpha at or above this: evaluators agree well enough to rely on their scores.
pub const ALPHA_RELIABLE: f64 = 0.800;
/// Alpha at or above this (and below [`ALPHA_RELIABLE`]): only tentative conclusions.
pub const ALPHA_TENTATIVE: f64 = 0.667;
/// A criterion whose exact agreement is below this share needs another session.
pub const CRITERION_AGREEMENT: f64 = 0.80;

/// The metric used when `--metric` is not given, and why (see the module documentation).
/// Returns the metric, the source code of the report (`default_binary`, `default_ordered`) and
/// the reason in words.
pub fn default_metric(rubric: &Rubric) -> (Metric, &'static str, &'static str) {
    if rubric.criteria().all(|c| matches!(c.scale.kind, ScaleKind::Binary)) {
        (
            Metric::Nominal,
            "default_binary",
            "every criterion is yes/no, so the values are categories",
        )
    } else {
        (
            Metric::Ordinal,
            "default_ordered",
            "range and choice answers are ordered categories whose steps are not known to be equal",
        )
    }
}

/// The raw value of a stored answer for alpha: yes/no 1/0, a range's integer, a choice option's
/// value; `None` for N/A (or an answer the criterion does not take, which a stored evaluation
/// cannot hold).
pub fn raw_value(criterion: &Criterion, answer: &str) -> Option<f64> {
    match criterion.parse_answer(answer).ok()? {
        Answer::Binary(yes) => Some(if yes { 1.0 } else { 0.0 }),
        Answer::Level(v) => Some(v as f64),
        Answer::Choice(key) => match &criterion.scale.kind {
            ScaleKind::Choice { options } => options.iter().find(|(k, _)| *k == key).map(|(_, v)| *v),
            _ => None,
        },
        Answer::Na => None,
    }
}

/// Krippendorff's reading of an alpha value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// alpha ≥ 0.800.
    Reliable,
    /// 0.667 ≤ alpha < 0.800.
    Tentative,
    /// alpha < 0.667.
    Unreliable,
    /// alpha has no value for these data.
    Undefined,
}

impl Level {
    fn of(alpha: Option<f64>) -> Level {
        match alpha {
            None => Level::Undefined,
            Some(a) if a >= ALPHA_RELIABLE => Level::Reliable,
            Some(a) if a >= ALPHA_TENTATIVE => Level::Tentative,
            Some(_) => Level::Unreliable,
        }
    }
}

/// A statistic as a report shows it: the value (full precision) and its text (three decimals),
/// or why it is undefined, as a code (for translated labels) and a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stat {
    pub value: Option<f64>,
    /// `0.743`, or `undefined`.
    pub text: String,
    /// `no_pairable_units`, `no_variation`, `zero_denominator`, ... when undefined.
    pub undefined: Option<String>,
    /// The plain sentence saying why it is undefined.
    pub reason: Option<String>,
}

impl Stat {
    fn of(estimate: Estimate<f64>) -> Stat {
        match estimate {
            Estimate::Value(v) => Stat {
                value: Some(v),
                text: format!("{v:.3}"),
                undefined: None,
                reason: None,
            },
            Estimate::Undefined(why) => Stat {
                value: None,
                text: "undefined".into(),
                undefined: Some(undefined_code(why)),
                reason: Some(why.to_string()),
            },
        }
    }
}

fn undefined_code(why: Undefined) -> String {
    serde_json::to_value(why)
        .ok()
        .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_string))
        .unwrap_or_else(|| "undefined".into())
}

/// Krippendorff's alpha with its interval and counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlphaReport {
    pub metric: Metric,
    /// Where the metric came from: `option` (--metric), `default_binary` (nominal for a rubric
    /// of yes/no criteria) or `default_ordered` (ordinal, for range and choice scales).
    pub metric_source: String,
    /// Why this metric, in words.
    pub metric_reason: String,
    #[serde(flatten)]
    pub stat: Stat,
    pub level: Level,
    /// Units given, pairable or not.
    pub units: usize,
    /// Units with values from at least two raters: the ones alpha uses.
    pub pairable_units: usize,
    pub pairable_values: usize,
    /// The percentile bootstrap interval; `None` when alpha is undefined.
    pub interval: Option<Interval>,
}

/// A bootstrap interval of alpha (an honest one: see [`crate::stats::resample`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
    /// `0.432 to 0.940`.
    pub text: String,
    /// 0.95.
    pub confidence: f64,
    pub resamples: usize,
    /// Resamples left out because every value in them was the same.
    pub undefined_resamples: usize,
    pub seed: u64,
    /// Units resampled.
    pub n: usize,
    /// `percentile bootstrap, resampling units`.
    pub method: &'static str,
    /// The larger Monte-Carlo standard error of the two bounds.
    pub mc_error: f64,
    /// The Monte-Carlo error is below the printed precision.
    pub stable: bool,
    /// The interval does not contain alpha: shown with a warning, used by no verdict.
    pub excludes_estimate: bool,
}

/// ICC(2,1) and ICC(3,1), or why they were not computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IccReport {
    /// Rows (subjects or units) rated by every rater: the ones the ICCs use.
    pub subjects: usize,
    pub raters: usize,
    /// ICC(2,1): two-way random effects, absolute agreement, single rater.
    pub absolute_agreement: Option<Stat>,
    /// ICC(3,1): two-way mixed effects, consistency, single rater.
    pub consistency: Option<Stat>,
    pub mean_squares: Option<stats::MeanSquares>,
    /// Why the ICCs were not computed.
    pub not_computed: Option<String>,
}

/// Alpha (with its interval) over `units[unit][rater]`.
pub fn alpha_report(
    units: &[Vec<Option<f64>>],
    metric: Metric,
    (metric_source, metric_reason): (&str, &str),
    seed: u64,
) -> Result<AlphaReport, StatsError> {
    let alpha = stats::krippendorff_alpha(units, metric)?;
    let interval = match stats::alpha_interval(units, metric, seed, stats::Confidence::NINETY_FIVE)? {
        Estimate::Value(ci) => Some(Interval {
            lower: ci.lower,
            upper: ci.upper,
            text: stats::resample::bounds_text(&ci),
            confidence: ci.confidence,
            resamples: ci.resamples,
            undefined_resamples: ci.undefined_resamples,
            seed: ci.seed,
            n: ci.n,
            method: stats::resample::METHOD,
            mc_error: ci.mc_error,
            stable: ci.stable,
            excludes_estimate: ci.excludes_estimate,
        }),
        Estimate::Undefined(_) => None,
    };
    let stat = Stat::of(alpha.alpha);
    Ok(AlphaReport {
        metric,
        metric_source: metric_source.to_string(),
        metric_reason: metric_reason.to_string(),
        level: Level::of(stat.value),
        stat,
        units: alpha.units,
        pairable_units: alpha.pairable_units,
        pairable_values: alpha.pairable_values,
        interval,
    })
}

/// The ICCs over complete `rows[subject][rater]` of `raters` raters; `rows_word` names the rows
/// in the explanation when there are too few (`subjects scored by every participant`).
pub fn icc_report(rows: &[Vec<f64>], raters: usize, rows_word: &str) -> Result<IccReport, StatsError> {
    let not_computed = if raters < 2 {
        Some(format!("not computed: needs at least two raters, there is {raters}"))
    } else if rows.len() < 2 {
        Some(format!(
            "not computed: needs at least two {rows_word}, there {} {}",
            if rows.len() == 1 { "is" } else { "are" },
            rows.len()
        ))
    } else {
        None
    };
    if let Some(why) = not_computed {
        return Ok(IccReport {
            subjects: rows.len(),
            raters,
            absolute_agreement: None,
            consistency: None,
            mean_squares: None,
            not_computed: Some(why),
        });
    }
    let icc = stats::icc(rows)?;
    Ok(IccReport {
        subjects: icc.subjects,
        raters: icc.raters,
        absolute_agreement: Some(Stat::of(icc.absolute_agreement)),
        consistency: Some(Stat::of(icc.consistency)),
        mean_squares: Some(icc.mean_squares),
        not_computed: None,
    })
}

// ---------------------------------------------------------------------------------------------
// Ratings from elsewhere: `calibrate agreement FILE.csv`.

/// The statistics of a ratings matrix: rows are units, columns raters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementReport {
    pub file: String,
    pub raters: Vec<String>,
    pub units: usize,
    /// Values given (cells that are not empty).
    pub values: usize,
    /// Units every rater rated: the rows the ICCs use.
    pub complete_units: usize,
    pub alpha: AlphaReport,
    /// Alpha as judged: its interval's lower bound against the thresholds, its n.
    pub judged_alpha: scales::Coefficient,
    /// Gwet's AC1 (nominal) or AC2 beside alpha.
    pub ac: scales::Coefficient,
    pub icc: IccReport,
    /// ICC(2,1) with its interval and Koo and Li's band.
    pub icc_reading: Option<scales::IccReading>,
    /// The reading, in sentences.
    pub verdict: String,
}

/// Alpha, its interval and the ICCs of `units[unit][rater]`.
pub fn agreement_report(
    file: &str,
    raters: Vec<String>,
    units: &[Vec<Option<f64>>],
    metric: Metric,
    seed: u64,
) -> Result<AgreementReport, StatsError> {
    let alpha = alpha_report(
        units,
        metric,
        ("option", "chosen with --metric (default interval)"),
        seed,
    )?;
    let complete: Vec<Vec<f64>> = units
        .iter()
        .filter_map(|u| u.iter().copied().collect::<Option<Vec<f64>>>())
        .filter(|u| !u.is_empty())
        .collect();
    let icc = icc_report(&complete, raters.len(), "units rated by every rater")?;
    let (judged_alpha, ac) = scales::matrix(units, metric, seed)?;
    let icc_reading = scales::icc_reading(&complete, seed)?;
    let mut verdict = format!(
        "Krippendorff's {}: {}. {} beside it.",
        verdict::coefficient_words(&judged_alpha),
        verdict::reading_words(judged_alpha.reading, judged_alpha.n, scales::MIN_UNITS),
        verdict::coefficient_words(&ac)
    );
    if let Some(icc) = &icc_reading {
        let c = &icc.coefficient;
        let judged = match icc.band {
            Some(band) => format!("{band} (Koo and Li, from the lower bound)"),
            None => verdict::reading_words(c.reading, c.n, scales::MIN_ICC_SUBJECTS),
        };
        verdict.push_str(&format!(" {}: {judged}.", verdict::coefficient_words(c)));
    }
    Ok(AgreementReport {
        file: file.to_string(),
        units: units.len(),
        values: units.iter().flatten().flatten().count(),
        complete_units: complete.len(),
        raters,
        alpha,
        judged_alpha,
        ac,
        icc,
        icc_reading,
        verdict,
    })
}

// ---------------------------------------------------------------------------------------------
// A closed calibration session.

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
    /// Who the work was: `agent a-1`, `location mad-01`.
    pub who: Option<String>,
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
    /// `--metric`, if given.
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
    pub who: Option<String>,
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
                who: s.who.clone(),
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
    let (metric, source, reason) = match input.metric {
        Some(m) => (m, "option", "chosen with --metric"),
        None => default_metric(rubric),
    };
    let alpha = alpha_report(&units, metric, (source, reason), input.seed)?;

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
    use crate::rubric::load_str;

    fn rubric() -> Rubric {
        load_str(
            "test.yaml",
            "id: t\nversion: 1\ntitle: T\nlanguage: en\nsubject: interaction\npass_mark: 80\n\
             critical_policy: flag_only\nna_policy: exclude\n\
             scales:\n  yn: { type: binary }\n  five: { type: range, min: 1, max: 5 }\n  \
             met: { type: choice, options: { met: 1.0, partly: 0.5, not_met: 0.0 } }\n\
             sections:\n  - id: a\n    title: A\n    criteria:\n      \
             - { id: yes, text: Y, scale: yn, na: true }\n      \
             - { id: five, text: F, scale: five }\n      - { id: met, text: M, scale: met }\n",
        )
        .map(|l| l.rubric)
        .unwrap_or_else(|d| panic!("{}", d[0].message))
    }

    fn scored(id: i64, overall: f64, answers: &[(&str, &str)]) -> Option<Scored> {
        Some(Scored {
            evaluation: id,
            overall,
            answers: answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        })
    }

    #[test]
    fn raw_values_follow_the_design() {
        let r = rubric();
        let c = |k: &str| r.criterion(k).unwrap().clone();
        assert_eq!(raw_value(&c("a.yes"), "yes"), Some(1.0));
        assert_eq!(raw_value(&c("a.yes"), "no"), Some(0.0));
        assert_eq!(raw_value(&c("a.yes"), "na"), None);
        assert_eq!(raw_value(&c("a.five"), "4"), Some(4.0));
        assert_eq!(raw_value(&c("a.met"), "partly"), Some(0.5));
    }

    #[test]
    fn default_metric_is_ordinal_with_ordered_scales() {
        assert_eq!(default_metric(&rubric()).0, Metric::Ordinal);
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
                    who: None,
                    scores: vec![
                        scored(1, 80.0, &[("a.yes", "yes"), ("a.five", "4"), ("a.met", "met")]),
                        scored(2, 90.0, &[("a.yes", "na"), ("a.five", "4"), ("a.met", "partly")]),
                    ],
                },
                SubjectInput {
                    name: "S2".into(),
                    who: None,
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
