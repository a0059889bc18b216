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
//!
//! # Layout
//!
//! [`metrics`] holds the thresholds, the default metric and alpha and the ICCs as reports show
//! them; [`session_report`] the report of a closed session; [`agreement`] the report of a ratings
//! file; [`scales`] and [`verdict`] the per-scale reading and its words. The rules of a session
//! itself are in [`start`] (what a new session must be), [`session`] (who starts and closes one,
//! progress, the report's input), [`participation`] (who scores what, and
//! the sealed receipt) and [`visit`] (a logged visit scored in a session); their refusals are
//! [`CalibrationError`]s.

pub mod agreement;
mod error;
pub mod metrics;
pub mod participation;
pub mod scales;
pub mod session;
pub mod session_report;
pub mod start;
pub mod verdict;
pub mod visit;

pub use agreement::{AgreementReport, agreement_report};
pub use error::{CalibrationError, SubjectProblem};
pub use metrics::{
    ALPHA_RELIABLE, ALPHA_TENTATIVE, AlphaReport, CRITERION_AGREEMENT, IccReport, Interval, Level, MetricSource, Stat,
    alpha_report, default_metric, icc_report, raw_value,
};
pub use participation::{Participation, Receipt, ScoringRequest, participation, participation_in};
pub use session::{Progress, found, may_close, may_start, progress};
pub use session_report::{
    AnswerCell, CalibrationReport, CriterionAgreement, Drift, EvaluatorDrift, Missing, ScoreCell, Scored,
    SessionHeader, SessionInput, SubjectAnswers, SubjectInput, SubjectScores, session_report,
};
pub use start::{Planned, SessionRequest, plan};
pub use verdict::Verdict;

#[cfg(test)]
mod start_tests;
/// The small rubric the calibration unit tests score with: one binary, one range and one
/// choice criterion.
#[cfg(test)]
fn fixture_rubric() -> crate::rubric::Rubric {
    crate::rubric::load_str(
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

#[cfg(test)]
mod tests;
