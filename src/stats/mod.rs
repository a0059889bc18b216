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
//! Quantiles come from statrs; the bootstrap's random stream from `rand_chacha`'s ChaCha8.
//! - [`drift`]: the CUSUM drift alarm of `report evaluators`.

pub mod agreement;
pub mod alpha;
pub mod confidence;
pub mod drift;
mod error;
mod estimate;
pub mod gwet;
pub mod icc;
pub mod resample;
pub mod sample_size;

pub use agreement::{
    Baseline, CriterionAgreement, DEFAULT_TOLERANCE, Deviation, EvaluatorDeviation, evaluator_deviations,
    exact_agreement, sort_least_agreed_first,
};
pub use alpha::{Alpha, Metric, krippendorff_alpha};
pub use confidence::{Confidence, MeanBound, Side, mean_bound};
pub use error::StatsError;
pub use estimate::{Estimate, Undefined};
pub use gwet::{Weights, gwet_ac};
pub use icc::{Icc, MeanSquares, icc};
pub use resample::{Resampled, ac_interval, alpha_interval, bootstrap_units, bootstrap_units_to};
pub use sample_size::{DEFAULT_PROPORTION, SampleSize, mean_sample_size, proportion_sample_size};
