//! Agreement per scale type and per criterion, and the verdict read from them (issue 16).
//!
//! A verdict never pools scales: a yes/no answer of 1, a `met` of 1.0 and a range's 1 are
//! different things, and alpha over all of them together can read "agree well" while every
//! scale on its own does not. So:
//!
//! - **Per scale type** (yes/no, range, choice): Krippendorff's alpha (nominal for yes/no,
//!   ordinal for ranges and choices unless `--metric` says otherwise) and Gwet's AC1 (yes/no) or
//!   AC2 with ordinal weights (ranges, choices), each with an honest interval
//!   ([`crate::stats::resample`]) and its n.
//! - **The reading** uses the interval's lower bound, not the point estimate, against
//!   Krippendorff's thresholds: at least [`super::ALPHA_RELIABLE`] reliable, at least
//!   [`super::ALPHA_TENTATIVE`] tentative, otherwise unreliable. Below [`MIN_UNITS`] pairable
//!   units the answer is "not enough subjects to judge"; an interval that does not contain its
//!   estimate is not used either.
//! - **ICC(2,1)** on overall scores is read against Koo and Li's (2016) bands on its lower
//!   bound: below 0.50 poor, 0.50 to 0.75 moderate, 0.75 to 0.90 good, above 0.90 excellent;
//!   below [`MIN_ICC_SUBJECTS`] subjects it is not judged.
//! - **Per criterion**, alpha and AC1/AC2 side by side with their n (the subjects answered by two
//!   or more evaluators). Where they disagree (AC at least 0.800, alpha below 0.667) on a
//!   skewed criterion, the report names the prevalence and says to trust AC1: alpha's chance
//!   agreement is computed from the skewed answers themselves, so it collapses although the
//!   evaluators agree (the kappa paradox).

use super::{ALPHA_RELIABLE, ALPHA_TENTATIVE, raw_value};
use crate::rubric::{Criterion, Rubric, ScaleKind};
use crate::stats::{self, Confidence, Estimate, Metric, Resampled, StatsError, Weights};
use serde::Serialize;
use std::collections::BTreeMap;

/// The fewest pairable units (subject and criterion pairs; for a criterion, subjects) a
/// reliability judgement needs.
pub const MIN_UNITS: usize = 10;
/// The fewest subjects scored by every participant an ICC judgement needs.
pub const MIN_ICC_SUBJECTS: usize = 5;
/// AC1 at least this while alpha is below tentative: the paradox sentence.
const PARADOX_AC: f64 = ALPHA_RELIABLE;
/// The share of the most common answer from which a criterion is called skewed.
const SKEWED: f64 = 0.80;

/// How a coefficient reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    Reliable,
    Tentative,
    Unreliable,
    /// Fewer units than the minimum: "not enough subjects to judge".
    TooFew,
    /// The interval does not contain its estimate, or could not be drawn.
    NoInterval,
    /// The coefficient has no value for these data.
    Undefined,
}

/// A coefficient with its n and its honest interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    /// `alpha`, `AC1`, `AC2`, `ICC(2,1)`.
    pub name: String,
    pub value: Option<f64>,
    /// `0.743`, or `undefined`.
    pub text: String,
    /// Units (or subjects) the coefficient is computed on.
    pub n: usize,
    pub interval: Option<IntervalText>,
    pub reading: Reading,
}

/// An interval as reports print it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalText {
    #[serde(flatten)]
    pub resampled: Resampled,
    /// `0.432 to 0.940`.
    pub text: String,
    pub method: &'static str,
}

/// One scale type's agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleAgreement {
    /// `binary`, `range` or `choice`.
    pub scale: &'static str,
    pub criteria: usize,
    pub metric: Metric,
    pub alpha: Coefficient,
    pub ac: Coefficient,
    /// The reading of the scale (alpha's lower bound), what the verdict uses.
    pub reading: Reading,
}

/// One criterion's alpha and AC side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionReliability {
    pub criterion: String,
    pub scale: &'static str,
    pub alpha: Coefficient,
    pub ac: Coefficient,
    /// The most common answer's share of all answers.
    pub prevalence: Option<f64>,
    /// The most common answer, as written (`yes`, `4`, `met`).
    pub prevalent: Option<String>,
    /// AC high, alpha low on a skewed criterion: trust AC (the kappa paradox).
    pub paradox: bool,
}

/// The ICC on overall scores, judged with Koo and Li's bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IccReading {
    pub coefficient: Coefficient,
    /// `poor`, `moderate`, `good`, `excellent`, from the lower bound; `None` when not judged.
    pub band: Option<&'static str>,
}

fn scale_name(c: &Criterion) -> &'static str {
    match c.scale.kind {
        ScaleKind::Binary => "binary",
        ScaleKind::Range { .. } => "range",
        ScaleKind::Choice { .. } => "choice",
    }
}

fn weights_for(scale: &str) -> Weights {
    if scale == "binary" {
        Weights::Identity
    } else {
        Weights::Ordinal
    }
}

fn metric_for(scale: &str, chosen: Option<Metric>) -> Metric {
    match (scale, chosen) {
        ("binary", _) => Metric::Nominal,
        (_, Some(m)) => m,
        _ => Metric::Ordinal,
    }
}

/// Krippendorff's reading of a lower bound.
fn read_bound(lower: f64) -> Reading {
    if lower >= ALPHA_RELIABLE {
        Reading::Reliable
    } else if lower >= ALPHA_TENTATIVE {
        Reading::Tentative
    } else {
        Reading::Unreliable
    }
}

fn interval_text(r: Resampled) -> IntervalText {
    IntervalText {
        text: stats::resample::bounds_text(&r),
        method: stats::resample::METHOD,
        resampled: r,
    }
}

/// A coefficient with its interval and reading; `with_interval` false leaves the interval out
/// (and the reading at "too few"), for criteria below the minimum.
fn coefficient(
    name: &str,
    value: Estimate<f64>,
    n: usize,
    interval: impl FnOnce() -> Result<Estimate<Resampled>, StatsError>,
) -> Result<Coefficient, StatsError> {
    let (value, text) = match value {
        Estimate::Value(v) => (Some(v), format!("{v:.3}")),
        Estimate::Undefined(_) => (None, "undefined".to_string()),
    };
    let (interval, reading) = match value {
        None => (None, Reading::Undefined),
        Some(_) if n < MIN_UNITS => (None, Reading::TooFew),
        Some(_) => match interval()? {
            Estimate::Value(r) if r.excludes_estimate => (Some(interval_text(r)), Reading::NoInterval),
            Estimate::Value(r) => (Some(interval_text(r)), read_bound(r.lower)),
            Estimate::Undefined(_) => (None, Reading::NoInterval),
        },
    };
    Ok(Coefficient {
        name: name.to_string(),
        value,
        text,
        n,
        interval,
        reading,
    })
}

fn pairable(units: &[Vec<Option<f64>>]) -> usize {
    units.iter().filter(|u| u.iter().flatten().count() >= 2).count()
}

/// Alpha and AC of `units` for one scale type.
fn pair(
    units: &[Vec<Option<f64>>],
    scale: &'static str,
    metric: Metric,
    seed: u64,
) -> Result<(Coefficient, Coefficient), StatsError> {
    let n = pairable(units);
    let confidence = Confidence::NINETY_FIVE;
    let alpha = coefficient("alpha", stats::krippendorff_alpha(units, metric)?.alpha, n, || {
        stats::alpha_interval(units, metric, seed, confidence)
    })?;
    // AC beside alpha with its own honest interval (the same bootstrap over the same units); the
    // scale's reading is alpha's, AC's interval decides whether the paradox sentence may trust it.
    let weights = weights_for(scale);
    let ac = coefficient(weights.coefficient(), stats::gwet_ac(units, weights), n, || {
        Ok(stats::ac_interval(units, weights, seed, confidence))
    })?;
    Ok((alpha, ac))
}

/// Alpha (with `metric`) and AC of a ratings matrix from elsewhere (`calibrate agreement`):
/// AC1 for nominal data, AC2 with ordinal weights for ordinal, quadratic for interval and ratio.
pub fn matrix(units: &[Vec<Option<f64>>], metric: Metric, seed: u64) -> Result<(Coefficient, Coefficient), StatsError> {
    let n = pairable(units);
    let confidence = Confidence::NINETY_FIVE;
    let alpha = coefficient("alpha", stats::krippendorff_alpha(units, metric)?.alpha, n, || {
        stats::alpha_interval(units, metric, seed, confidence)
    })?;
    let weights = match metric {
        Metric::Nominal => Weights::Identity,
        Metric::Ordinal => Weights::Ordinal,
        _ => Weights::Quadratic,
    };
    let ac = coefficient(weights.coefficient(), stats::gwet_ac(units, weights), n, || {
        Ok(stats::ac_interval(units, weights, seed, confidence))
    })?;
    Ok((alpha, ac))
}

/// The units of one criterion: one row per subject, one value per participant.
pub type Units = Vec<Vec<Option<f64>>>;

/// Each criterion's units from the participants' answers (`answers[subject][participant]` maps
/// criterion keys to stored answers).
pub fn criterion_units(rubric: &Rubric, answers: &[Vec<Option<&BTreeMap<String, String>>>]) -> Vec<(String, Units)> {
    rubric
        .criteria()
        .map(|c| {
            let units = answers
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|a| a.and_then(|a| a.get(&c.key)).and_then(|v| raw_value(c, v)))
                        .collect()
                })
                .collect();
            (c.key.clone(), units)
        })
        .collect()
}

/// Agreement per scale type present in the rubric, in the order yes/no, range, choice.
pub fn per_scale(
    rubric: &Rubric,
    units: &[(String, Units)],
    chosen: Option<Metric>,
    seed: u64,
) -> Result<Vec<ScaleAgreement>, StatsError> {
    let mut out = Vec::new();
    for scale in ["binary", "range", "choice"] {
        let keys: Vec<&str> = rubric
            .criteria()
            .filter(|c| scale_name(c) == scale)
            .map(|c| c.key.as_str())
            .collect();
        if keys.is_empty() {
            continue;
        }
        let pooled: Units = units
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .flat_map(|(_, u)| u.iter().cloned())
            .collect();
        let metric = metric_for(scale, chosen);
        let (alpha, ac) = pair(&pooled, scale, metric, seed)?;
        out.push(ScaleAgreement {
            scale,
            criteria: keys.len(),
            metric,
            reading: alpha.reading,
            alpha,
            ac,
        });
    }
    Ok(out)
}

/// Alpha and AC per criterion, with the prevalence of the most common answer.
pub fn per_criterion(
    rubric: &Rubric,
    units: &[(String, Units)],
    written: &BTreeMap<String, Vec<String>>,
    chosen: Option<Metric>,
    seed: u64,
) -> Result<Vec<CriterionReliability>, StatsError> {
    let mut out = Vec::new();
    for (key, u) in units {
        let Some(c) = rubric.criterion(key) else { continue };
        let scale = scale_name(c);
        let (alpha, ac) = pair(u, scale, metric_for(scale, chosen), seed)?;
        let (prevalent, prevalence) = prevalence(written.get(key).map(Vec::as_slice).unwrap_or(&[]));
        // Said only where it can be judged: enough subjects, an alpha that exists, and an AC
        // whose interval contains it (one that does not is used by no verdict).
        let paradox = alpha.n >= MIN_UNITS
            && ac.reading != Reading::NoInterval
            && ac.value.is_some_and(|a| a >= PARADOX_AC)
            && alpha.value.is_some_and(|a| a < ALPHA_TENTATIVE)
            && prevalence.is_some_and(|p| p >= SKEWED);
        out.push(CriterionReliability {
            criterion: key.clone(),
            scale,
            alpha,
            ac,
            prevalence,
            prevalent,
            paradox,
        });
    }
    Ok(out)
}

/// The most common answer and its share (N/A left out).
fn prevalence(answers: &[String]) -> (Option<String>, Option<f64>) {
    let given: Vec<&String> = answers.iter().filter(|a| a.as_str() != "na").collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &given {
        *counts.entry(a.as_str()).or_default() += 1;
    }
    match counts.iter().max_by_key(|(_, n)| **n) {
        Some((a, n)) => (Some((*a).to_string()), Some(*n as f64 / given.len() as f64)),
        None => (None, None),
    }
}

/// ICC(2,1) on complete rows with its interval over subjects and Koo and Li's band.
pub fn icc_reading(rows: &[Vec<f64>], seed: u64) -> Result<Option<IccReading>, StatsError> {
    if rows.len() < 2 || rows[0].len() < 2 {
        return Ok(None);
    }
    let value = stats::icc(rows)?.absolute_agreement;
    let n = rows.len();
    let (text, v) = match value {
        Estimate::Value(v) => (format!("{v:.3}"), Some(v)),
        Estimate::Undefined(_) => ("undefined".to_string(), None),
    };
    let interval = match v {
        Some(estimate) if n >= MIN_ICC_SUBJECTS => match stats::bootstrap_units(
            n,
            estimate,
            |picks| {
                let chosen: Vec<&Vec<f64>> = picks.iter().map(|&i| &rows[i]).collect();
                stats::icc(&chosen)
                    .ok()
                    .and_then(|i| i.absolute_agreement.value().copied())
            },
            seed,
            Confidence::NINETY_FIVE,
        ) {
            Estimate::Value(r) => Some(interval_text(r)),
            Estimate::Undefined(_) => None,
        },
        _ => None,
    };
    let (reading, band) = match (&v, &interval) {
        (None, _) => (Reading::Undefined, None),
        _ if n < MIN_ICC_SUBJECTS => (Reading::TooFew, None),
        (_, Some(i)) if i.resampled.excludes_estimate => (Reading::NoInterval, None),
        (_, Some(i)) => {
            let (band, reading) = koo_li(i.resampled.lower);
            (reading, Some(band))
        }
        (_, None) => (Reading::NoInterval, None),
    };
    Ok(Some(IccReading {
        coefficient: Coefficient {
            name: "ICC(2,1)".into(),
            value: v,
            text,
            n,
            interval,
            reading,
        },
        band,
    }))
}

/// Koo and Li's (2016) band of an ICC's lower bound, and how the verdict reads it: below 0.50
/// poor, 0.50 to 0.75 moderate, 0.75 to 0.90 good, above 0.90 excellent.
fn koo_li(lower: f64) -> (&'static str, Reading) {
    if lower > 0.90 {
        ("excellent", Reading::Reliable)
    } else if lower >= 0.75 {
        ("good", Reading::Reliable)
    } else if lower >= 0.50 {
        ("moderate", Reading::Tentative)
    } else {
        ("poor", Reading::Unreliable)
    }
}

/// The verdict's level from the scales' readings: the weakest judged scale; "too few" when no
/// scale could be judged.
pub fn combined(scales: &[ScaleAgreement]) -> Reading {
    let rank = |r: Reading| match r {
        Reading::Unreliable => 0,
        Reading::Tentative => 1,
        Reading::Reliable => 2,
        _ => 3,
    };
    let judged: Vec<Reading> = scales
        .iter()
        .map(|s| s.reading)
        .filter(|r| matches!(r, Reading::Reliable | Reading::Tentative | Reading::Unreliable))
        .collect();
    match judged.into_iter().min_by_key(|r| rank(*r)) {
        Some(r) => r,
        None if scales.iter().any(|s| s.reading == Reading::TooFew) => Reading::TooFew,
        None if scales.iter().any(|s| s.reading == Reading::NoInterval) => Reading::NoInterval,
        None => Reading::Undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lower_bound_is_read_against_krippendorffs_thresholds() {
        assert_eq!(read_bound(0.80), Reading::Reliable);
        assert_eq!(read_bound(0.70), Reading::Tentative);
        assert_eq!(read_bound(0.66), Reading::Unreliable);
    }

    #[test]
    fn the_icc_lower_bound_falls_in_koo_and_lis_bands() {
        assert_eq!(koo_li(0.49), ("poor", Reading::Unreliable));
        assert_eq!(koo_li(0.50), ("moderate", Reading::Tentative));
        assert_eq!(koo_li(0.75), ("good", Reading::Reliable));
        assert_eq!(koo_li(0.90), ("good", Reading::Reliable), "excellent is above 0.90");
        assert_eq!(koo_li(0.91), ("excellent", Reading::Reliable));
    }

    #[test]
    fn below_the_minimum_there_is_no_judgement() {
        let units: Units = vec![vec![Some(1.0), Some(1.0)], vec![Some(0.0), Some(0.0)]];
        let (alpha, ac) = pair(&units, "binary", Metric::Nominal, 1).unwrap();
        assert_eq!(alpha.reading, Reading::TooFew);
        assert_eq!(alpha.value, Some(1.0));
        assert_eq!(ac.reading, Reading::TooFew);
        assert!(alpha.interval.is_none());
    }

    #[test]
    fn a_skewed_criterion_names_the_paradox() {
        assert_eq!(
            prevalence(&["yes".into(), "yes".into(), "no".into(), "na".into()]).1,
            Some(2.0 / 3.0)
        );
        let mut units: Units = vec![vec![Some(1.0), Some(1.0)]; 18];
        units.push(vec![Some(1.0), Some(0.0)]);
        units.push(vec![Some(0.0), Some(1.0)]);
        let (alpha, ac) = pair(&units, "binary", Metric::Nominal, 3).unwrap();
        assert!(ac.value.unwrap() > 0.85 && alpha.value.unwrap() < 0.0);
        assert_eq!(alpha.reading, Reading::Unreliable);
        let i = alpha.interval.unwrap();
        assert_eq!(i.resampled.n, 20);
        assert!(i.resampled.stable, "{i:?}");
        // AC has its own interval, with its n and method, containing its estimate.
        let i = ac.interval.expect("AC1 has an interval from 10 units");
        assert_eq!((i.resampled.n, i.method), (20, stats::resample::METHOD));
        assert!(
            !i.resampled.excludes_estimate && ac.reading != Reading::NoInterval,
            "{i:?}"
        );
        assert!(i.resampled.lower <= ac.value.unwrap() && ac.value.unwrap() <= i.resampled.upper);
    }

    #[test]
    fn the_weakest_judged_scale_decides() {
        let s = |reading| ScaleAgreement {
            scale: "binary",
            criteria: 1,
            metric: Metric::Nominal,
            alpha: Coefficient {
                name: "alpha".into(),
                value: None,
                text: String::new(),
                n: 0,
                interval: None,
                reading,
            },
            ac: Coefficient {
                name: "AC1".into(),
                value: None,
                text: String::new(),
                n: 0,
                interval: None,
                reading,
            },
            reading,
        };
        assert_eq!(
            combined(&[s(Reading::Reliable), s(Reading::Unreliable)]),
            Reading::Unreliable
        );
        assert_eq!(combined(&[s(Reading::TooFew), s(Reading::Reliable)]), Reading::Reliable);
        assert_eq!(combined(&[s(Reading::TooFew)]), Reading::TooFew);
    }
}
