//! A statistic that either has a value or is undefined for these data, with the reason.
//!
//! Reliability coefficients are ratios of variances or disagreements, and perfectly valid data
//! can make the denominator zero: ten calls that every evaluator scored 100 have no variance, so
//! agreement cannot be told apart from chance. Reporting 1, 0 or NaN there would mislead a QA
//! lead, so the result says "undefined" and why, and the caller shows that sentence.

use serde::Serialize;
use std::fmt;

/// A value, or the reason there is none. Serialises as `{"value": …}` or `{"undefined": "…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimate<T> {
    Value(T),
    Undefined(Undefined),
}

impl<T> Estimate<T> {
    /// The value, if defined.
    pub fn value(&self) -> Option<&T> {
        match self {
            Estimate::Value(v) => Some(v),
            Estimate::Undefined(_) => None,
        }
    }
}

/// Why a statistic has no value. `Display` gives a plain sentence for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Undefined {
    /// No unit has values from two or more raters.
    NoPairableUnits,
    /// Every value is the same, so expected disagreement (or total variance) is zero.
    NoVariation,
    /// The variance components this coefficient divides by are zero although the data vary
    /// (for example ICC(3,1) when subjects do not differ and raters are perfectly consistent).
    ZeroDenominator,
    /// A standard deviation needs at least two values.
    TooFewValues { n: usize },
    /// Every bootstrap resample happened to hold a single value, so no interval can be drawn.
    NoDefinedResample,
    /// There are no values at all (no answers, no contacts, no response times).
    NoValues,
    /// Every NPS answer falls in one group (all promoters, all passives or all detractors): the
    /// standard error is zero, and a zero-width interval would claim a certainty the answers do
    /// not give.
    OneGroup,
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undefined::NoPairableUnits => {
                f.write_str("undefined: no unit was rated by two or more raters, so there is nothing to compare")
            }
            Undefined::NoVariation => f.write_str(
                "undefined: every value is the same, so agreement cannot be told apart from chance \
                 (expected disagreement is zero)",
            ),
            Undefined::ZeroDenominator => f.write_str(
                "undefined: these scores leave no variance for this coefficient to divide by \
                 (its denominator is zero)",
            ),
            Undefined::TooFewValues { n } => {
                write!(
                    f,
                    "undefined: a bound needs at least two values to estimate spread, got {n}"
                )
            }
            Undefined::NoDefinedResample => {
                f.write_str("undefined: every bootstrap resample held a single value, so no interval can be drawn")
            }
            Undefined::NoValues => f.write_str("undefined: there are no values to summarise"),
            Undefined::OneGroup => f.write_str(
                "no interval: every answer falls in one group (all promoters, all passives or all \
                 detractors), so the standard error is zero and says nothing about uncertainty",
            ),
        }
    }
}
