//! The numbers every agreement report is made of: the thresholds of Krippendorff's reading, the
//! default metric and the raw value of an answer, and alpha and the ICCs as a report shows them
//! (value, text, or why undefined). The session and matrix reports build on these.

use crate::rubric::{Answer, Criterion, Rubric, ScaleKind};
use crate::stats::{self, Estimate, Metric, StatsError, Undefined};
use serde::Serialize;

/// Alpha at or above this: evaluators agree well enough to rely on their scores.
pub const ALPHA_RELIABLE: f64 = 0.800;
/// Alpha at or above this (and below [`ALPHA_RELIABLE`]): only tentative conclusions.
pub const ALPHA_TENTATIVE: f64 = 0.667;
/// A criterion whose exact agreement is below this share needs another session.
pub const CRITERION_AGREEMENT: f64 = 0.80;

/// The metric used when the caller gives none, and how it was chosen (see the module
/// documentation).
pub fn default_metric(rubric: &Rubric) -> (Metric, MetricSource) {
    if rubric.criteria().all(|c| matches!(c.scale.kind, ScaleKind::Binary)) {
        (Metric::Nominal, MetricSource::DefaultBinary)
    } else {
        (Metric::Ordinal, MetricSource::DefaultOrdered)
    }
}

/// How alpha's metric was chosen. Front-end neutral: each rendering words it through the label
/// `metric_KEY` (the CLI's `metric_option` names its `--metric`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricSource {
    /// The caller gave it (on the command line, `--metric`). Serialized `option`, as before.
    #[serde(rename = "option")]
    Given,
    /// Nominal, for a rubric of yes/no criteria.
    DefaultBinary,
    /// Ordinal, for range and choice scales.
    DefaultOrdered,
}

impl MetricSource {
    /// Why this metric, in words, for the report's data.
    pub fn reason(self) -> &'static str {
        match self {
            MetricSource::Given => "chosen by the caller",
            MetricSource::DefaultBinary => "every criterion is yes/no, so the values are categories",
            MetricSource::DefaultOrdered => {
                "range and choice answers are ordered categories whose steps are not known to be equal"
            }
        }
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
    /// Where the metric came from: `option` (given by the caller), `default_binary` or
    /// `default_ordered`.
    pub metric_source: MetricSource,
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
    /// The Monte-Carlo error is below half a unit of the third decimal.
    pub stable: bool,
    /// The decimals the bounds are printed with (3 when stable, fewer otherwise).
    pub decimals: usize,
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
    metric_source: MetricSource,
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
            decimals: ci.decimals,
            excludes_estimate: ci.excludes_estimate,
        }),
        Estimate::Undefined(_) => None,
    };
    let stat = Stat::of(alpha.alpha);
    Ok(AlphaReport {
        metric,
        metric_source,
        metric_reason: metric_source.reason().to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        super::super::fixture_rubric()
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
}
