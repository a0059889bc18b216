//! Statistics for calibration, sampling and flags (DESIGN.md sections 5 and 6).
//!
//! Pure functions over plain numbers: no store, no files, no printing, so every formula is tested
//! against published worked examples. Inputs are matrices with one row per unit or subject and one
//! column per rater, `None` for a missing value. Functions return [`StatsError`] for input no
//! statistic can use (a `NaN`, a ragged matrix, a confidence of 1.5) and an [`Estimate`] that is
//! either a value or [`Undefined`] with a plain reason for valid data that carries no information
//! (every score the same, a single evaluation).
//!
//! - [`alpha`]: Krippendorff's alpha, four metrics, missing values (Krippendorff 2011).
//! - [`gwet`]: Gwet's AC1 and AC2 (Gwet 2014), beside alpha for skewed criteria.
//! - [`resample`]: honest bootstrap intervals (n, method, enough resamples, estimate inside).
//! - [`mod@icc`]: ICC(2,1) and ICC(3,1) with the ANOVA mean squares (Shrout and Fleiss 1979).
//! - [`agreement`]: per-evaluator deviation and per-criterion exact agreement.
//! - [`confidence`]: one-sided Student's t bounds of a mean, for flag rules.
//! - [`sample_size`]: Cochran's sample sizes with the finite-population correction.
//!
//! - [`drift`]: the CUSUM drift alarm of `report evaluators`.
//!
//! The customer's voice (issue 19):
//!
//! - [`voice`]: CSAT (mean with Student's t, share satisfied with Wilson), NPS (with the standard
//!   error of the difference of two shares) and complaints per 100 contacts, with n and "too few".
//! - [`proportion`]: a share with its Wilson score interval.
//! - [`quantile`]: numpy's default (linear) quantiles; median and 90th percentile of response times.
//! - [`spearman`]: Spearman's rho with ties, its t-approximation p-value and bootstrap interval.
//! - [`fdr`]: the Benjamini-Hochberg procedure.
//! - [`validity`]: each criterion's association with CSAT or NPS, BH-decided and ranked.
//!
//! Quantiles of distributions come from statrs; the bootstrap's random stream from
//! `rand_chacha`'s ChaCha8.

pub mod agreement;
pub mod alpha;
pub mod confidence;
pub mod drift;
mod error;
mod estimate;
pub mod fdr;
pub mod gwet;
pub mod icc;
pub mod proportion;
pub mod quantile;
pub mod resample;
pub mod sample_size;
pub mod spearman;
pub mod validity;
pub mod voice;

pub use agreement::{
    Baseline, CriterionAgreement, DEFAULT_TOLERANCE, Deviation, EvaluatorDeviation, evaluator_deviations,
    exact_agreement, sort_least_agreed_first,
};
pub use alpha::{Alpha, Metric, krippendorff_alpha};
pub use confidence::{Confidence, MeanBound, Side, mean_bound};
pub use error::StatsError;
pub use estimate::{Estimate, Undefined};
pub use fdr::{Discovery, benjamini_hochberg};
pub use gwet::{Weights, gwet_ac};
pub use icc::{Icc, MeanSquares, icc};
pub use proportion::{Interval, Share, wilson};
pub use quantile::{ResponseTimes, quantile, response_times};
pub use resample::{Resampled, ac_interval, alpha_interval, bootstrap_units, bootstrap_units_to};
pub use sample_size::{DEFAULT_PROPORTION, SampleSize, mean_sample_size, proportion_sample_size};
pub use spearman::{Spearman, average_ranks, spearman, spearman_rho};
pub use validity::{
    CriterionPairs, CriterionValidity, Relation, Validity, ValidityInput, ValidityOptions, Verdict, VoiceMeasure,
    validity,
};
pub use voice::{ComplaintRate, Csat, CsatScale, Nps, complaints_per_100, csat, nps};
