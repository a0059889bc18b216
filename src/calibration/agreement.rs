//! Ratings from elsewhere: `calibrate agreement FILE.csv` reads a matrix (rows are units,
//! columns raters) and this computes alpha beside Gwet's coefficient and the ICCs.

use super::metrics::{AlphaReport, IccReport, MetricSource, alpha_report, icc_report};
use super::{scales, verdict};
use crate::stats::{Metric, StatsError};
use serde::Serialize;

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
    let alpha = alpha_report(units, metric, MetricSource::Given, seed)?;
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
