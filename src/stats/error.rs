//! Input the statistics refuse, as opposed to valid input that carries no information.
//!
//! A [`StatsError`] means the caller passed something no statistic can be computed from (a
//! `NaN`, a ragged matrix, a confidence of 1.2): the command layer turns it into a refusal with a
//! hint. Valid data that simply leaves a statistic undefined (every answer the same, a single
//! evaluation) is not an error; see [`crate::stats::Undefined`].

use thiserror::Error;

/// Why the statistics refused their input. Row and column numbers count from 1, as a person does.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StatsError {
    /// A matrix cell holds `NaN` or an infinity.
    #[error("the value in row {row}, column {column} is not a finite number")]
    NotFiniteCell { row: usize, column: usize },
    /// A list element holds `NaN` or an infinity.
    #[error("value number {position} is not a finite number")]
    NotFiniteValue { position: usize },
    /// The ratio metric measures distance relative to an absolute zero, so it has no meaning for
    /// negative values (and `(c - k) / (c + k)` would divide by zero for `c = -k`).
    #[error("the ratio metric needs values of zero or more, but row {row}, column {column} holds {value}")]
    NegativeRatioValue { row: usize, column: usize, value: f64 },
    /// Rows of a subjects × raters matrix differ in length.
    #[error("row {row} has {found} values but row 1 has {expected}: every row needs one value per rater")]
    RaggedRow { row: usize, found: usize, expected: usize },
    /// Too few rows or columns for the statistic to exist at all.
    #[error("{statistic} needs at least {needed} {items}, got {found}")]
    TooFew {
        statistic: &'static str,
        needed: usize,
        items: &'static str,
        found: usize,
    },
    /// A parameter outside its allowed range.
    #[error("{name} must be {requirement}, got {value}")]
    OutOfRange {
        name: &'static str,
        requirement: &'static str,
        value: f64,
    },
    /// A reference rater index past the last column.
    #[error("the reference rater is column {column}, but there are only {raters} raters")]
    NoSuchReference { column: usize, raters: usize },
    /// An answer outside its scale (CSAT on 1-5 or 1-10, NPS on 0-10); counted from 1.
    #[error("answer number {position} is {value}, outside the {scale} scale")]
    OffScale {
        position: usize,
        value: u8,
        scale: &'static str,
    },
    /// A CSAT scale other than the two qaudit knows.
    #[error("the CSAT scale must be 1-5 or 1-10, got {0:?}")]
    UnknownCsatScale(String),
    /// A p-value outside `[0, 1]`; counted from 1.
    #[error("p-value number {position} is {value}, not a probability from 0 to 1")]
    NotAProbability { position: usize, value: f64 },
    /// One series of pairs (a criterion's, the overall score's) was refused; `source` says why.
    #[error("{series}: {source}")]
    InSeries { series: String, source: Box<StatsError> },
    /// statrs refused to build a distribution. Inputs are validated first, so this is a bug.
    #[error("the statistics library refused the parameters: {0}")]
    Distribution(String),
}
