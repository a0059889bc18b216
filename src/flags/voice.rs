//! The customer-voice conditions of a flag rule (issue 19, part 5), checked for one agent as a
//! pure function of the rule, the day the window ends and the agent's contacts
//! ([`crate::store::contact_voice::VoiceRow`], read by `gather`).
//!
//! - **The figures** are those of every other report: [`crate::voice::kpi::voice_kpis`] over
//!   the agent's real contacts whose day (UTC) falls in the rule's window, evaluated or not,
//!   whatever the rubric. Each condition reads only the contacts that carry its figure.
//! - **`min_contacts`** (default 30): a condition whose figure rests on fewer contacts is not
//!   met, and its evidence says so ([`VoiceNote::TooFewContacts`]).
//! - **Without `confidence`** the figure itself is compared. **With `confidence: c`** the
//!   one-sided bound at level `c` on the side that makes the condition sure, as the average
//!   conditions do ([`super::rules`]): `csat_below` and `nps_below` need the upper bound below
//!   the threshold, `complaints_per_100_above` the lower bound above it. CSAT's bound is
//!   Student's t (`crate::stats::mean_bound`), NPS's the normal bound with the standard error
//!   of the difference of the promoter and detractor shares (none when every answer is in one
//!   group, as for its interval), complaints' the one-sided Wilson bound. Percentiles have no
//!   interval (pinned), so `response_p90_above` compares the 90th percentile itself.
//! - Comparisons use the one threshold rule of scoring ([`crate::rubric::below`]); "above" is
//!   strictly above.

use super::error::FlagsError;
use super::rules::{Window, decisive};
use crate::rubric::model::ResponseLimit;
use crate::rubric::path::YamlPath;
use crate::rubric::{FlagRule, LoadedRubric, below};
use crate::stats::proportion::wilson_bounds;
use crate::stats::voice::CsatScale;
use crate::stats::{Confidence, Estimate, Interval, Side, StatsError, mean_bound};
use crate::store::contact_voice::VoiceRow;
use crate::voice::kpi::{KpiSettings, response_times_of, voice_kpis};
use chrono::NaiveDate;
use serde::Serialize;

/// Which voice condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceConditionKind {
    CsatBelow,
    NpsBelow,
    #[serde(rename = "complaints_per_100_above")]
    ComplaintsPer100Above,
    ResponseP90Above,
}

/// What a voice condition compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceMeasure {
    /// The figure itself (the CSAT mean, the NPS, complaints per 100, the 90th percentile).
    Figure,
    LowerBound,
    UpperBound,
}

/// Why a voice condition could not be met whatever its figure (a report words it from its
/// labels, `voice_note_KEY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceNote {
    /// No contact in the window carries the figure.
    NoContacts,
    /// Fewer contacts carry it than the rule's `min_contacts`.
    TooFewContacts,
    /// The bound asked for does not exist (fewer than two answers, or every NPS answer in one
    /// group).
    NoBound,
    /// `csat_below` lies outside the store's CSAT scale (the scale changed after the rule was
    /// imported).
    OffScale,
}

/// One voice condition, checked: the evidence of why a flag fired or did not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceCondition {
    pub condition: VoiceConditionKind,
    /// The channel a `response_p90_above` limit reads; null for every channel pooled (and for
    /// the other conditions).
    pub channel: Option<String>,
    /// The threshold: on the store's CSAT scale, NPS points, per 100 contacts, or seconds.
    pub threshold: f64,
    /// The threshold as the rubric author wrote it (`3.5`, `24h`).
    pub threshold_written: String,
    /// The contacts carrying the figure in the window.
    pub n: usize,
    pub min_contacts: u32,
    /// The figure: CSAT mean, NPS, complaints per 100, or the 90th percentile in seconds.
    pub figure: Option<f64>,
    /// The figure's two-sided interval at 95%, as the reports show it; none for percentiles.
    pub interval: Option<Interval>,
    pub measure: VoiceMeasure,
    /// The confidence of the bound compared, when the rule asks for one.
    pub confidence: Option<f64>,
    /// The value compared with the threshold (the figure or its bound).
    pub value: Option<f64>,
    /// `value` with enough decimals to show which side of the threshold it is.
    pub value_shown: Option<String>,
    /// CSAT's scale, for a CSAT condition.
    pub scale: Option<CsatScale>,
    /// Whether response times count business seconds (business hours are set).
    pub business_time: bool,
    pub met: bool,
    /// The value crosses the threshold but rests on fewer contacts than `min_contacts`: the
    /// condition would be met with enough contacts (the report lists such flags as held back).
    pub short_of_contacts: bool,
    /// Why the condition could not be met, when it could not.
    pub note: Option<VoiceNote>,
}

/// A figure before it is compared: its n, value, interval and the bound on the side asked.
struct Figure {
    n: usize,
    figure: Option<f64>,
    interval: Option<Interval>,
    bound: Estimate<f64>,
}

/// Checks the voice conditions of `rule` against `rows` (one agent's contacts, any days; those
/// outside the window are ignored). Empty when the rule has none.
pub fn evaluate_voice(
    rule: &FlagRule,
    as_of: NaiveDate,
    rows: &[VoiceRow],
    settings: &KpiSettings,
) -> Result<Vec<VoiceCondition>, StatsError> {
    let v = &rule.voice;
    if !v.any() {
        return Ok(Vec::new());
    }
    let window = Window::ending(as_of, rule.window_days);
    let inside: Vec<VoiceRow> = rows
        .iter()
        .filter(|r| crate::disputes::day_of(&r.occurred_at).is_some_and(|d| window.contains(d)))
        .cloned()
        .collect();
    let kpis = voice_kpis(&inside, settings)?;
    let confidence = rule.confidence.map(Confidence::new).transpose()?;
    let mut out = Vec::new();
    let check = |kind, threshold: f64, written: String, figure: Figure, side: Side| {
        let measure = match (confidence, side) {
            (None, _) => VoiceMeasure::Figure,
            (Some(_), Side::Upper) => VoiceMeasure::UpperBound,
            (Some(_), Side::Lower) => VoiceMeasure::LowerBound,
        };
        let value = match (confidence, &figure.bound) {
            (None, _) => figure.figure,
            (Some(_), Estimate::Value(b)) => Some(*b),
            (Some(_), Estimate::Undefined(_)) => None,
        };
        let note = if figure.n == 0 {
            Some(VoiceNote::NoContacts)
        } else if figure.n < v.min_contacts() as usize {
            Some(VoiceNote::TooFewContacts)
        } else if value.is_none() {
            Some(VoiceNote::NoBound)
        } else {
            None
        };
        let crosses = value.is_some_and(|x| match side {
            Side::Upper => below(x, threshold),
            Side::Lower => below(threshold, x),
        });
        let met = note.is_none() && crosses;
        VoiceCondition {
            condition: kind,
            channel: None,
            threshold,
            threshold_written: written,
            n: figure.n,
            min_contacts: v.min_contacts(),
            figure: figure.figure,
            interval: figure.interval,
            measure,
            confidence: confidence.map(Confidence::level),
            value,
            value_shown: value.map(|x| decisive(x, threshold)),
            scale: None,
            business_time: false,
            met,
            short_of_contacts: crosses && note == Some(VoiceNote::TooFewContacts),
            note,
        }
    };
    if let Some(threshold) = v.csat_below {
        let answers: Vec<f64> = inside.iter().filter_map(|r| r.csat.map(f64::from)).collect();
        let bound = match confidence {
            Some(c) => match mean_bound(&answers, Side::Upper, c)? {
                Estimate::Value(b) => Estimate::Value(b.bound),
                Estimate::Undefined(why) => Estimate::Undefined(why),
            },
            None => Estimate::Undefined(crate::stats::Undefined::NoValues),
        };
        let figure = Figure {
            n: answers.len(),
            figure: kpis.csat.map(|c| c.mean),
            interval: kpis.csat.and_then(|c| c.mean_interval.value().copied()),
            bound,
        };
        let mut c = check(
            VoiceConditionKind::CsatBelow,
            threshold,
            written(threshold),
            figure,
            Side::Upper,
        );
        let scale = settings.scale;
        c.scale = Some(scale);
        if !(f64::from(scale.min())..=f64::from(scale.max())).contains(&threshold) {
            c.met = false;
            c.short_of_contacts = false;
            c.note = Some(VoiceNote::OffScale);
        }
        out.push(c);
    }
    if let Some(threshold) = v.nps_below {
        let bound = match (confidence, kpis.nps) {
            (Some(c), Some(nps)) => match nps.interval {
                Estimate::Value(_) => Estimate::Value((nps.score + c.one_sided_z() * nps.standard_error).min(100.0)),
                Estimate::Undefined(why) => Estimate::Undefined(why),
            },
            _ => Estimate::Undefined(crate::stats::Undefined::NoValues),
        };
        let figure = Figure {
            n: kpis.nps.map_or(0, |n| n.n),
            figure: kpis.nps.map(|n| n.score),
            interval: kpis.nps.and_then(|n| n.interval.value().copied()),
            bound,
        };
        out.push(check(
            VoiceConditionKind::NpsBelow,
            threshold,
            written(threshold),
            figure,
            Side::Upper,
        ));
    }
    if let Some(threshold) = v.complaints_per_100_above {
        let rate = kpis.complaints;
        let bound = match (confidence, rate) {
            (Some(c), Some(r)) => Estimate::Value(100.0 * wilson_bounds(r.complaints, r.contacts, c.one_sided_z()).0),
            _ => Estimate::Undefined(crate::stats::Undefined::NoValues),
        };
        let figure = Figure {
            n: rate.map_or(0, |r| r.contacts),
            figure: rate.map(|r| r.per_100),
            interval: rate.map(|r| r.interval),
            bound,
        };
        out.push(check(
            VoiceConditionKind::ComplaintsPer100Above,
            threshold,
            written(threshold),
            figure,
            Side::Lower,
        ));
    }
    for limit in &v.response_p90_above {
        out.push(response(limit, &inside, settings, confidence, &check)?);
    }
    Ok(out)
}

/// One `response_p90_above` limit: the 90th percentile is compared whatever the confidence
/// (percentiles have no interval), so the "bound" handed to the check is the percentile itself.
fn response(
    limit: &ResponseLimit,
    rows: &[VoiceRow],
    settings: &KpiSettings,
    confidence: Option<Confidence>,
    check: &impl Fn(VoiceConditionKind, f64, String, Figure, Side) -> VoiceCondition,
) -> Result<VoiceCondition, StatsError> {
    let times = response_times_of(rows, settings, limit.channel.as_deref())?;
    let p90 = times.map(|t| t.p90);
    let figure = Figure {
        n: times.map_or(0, |t| t.n),
        figure: p90,
        interval: None,
        bound: p90.map_or(Estimate::Undefined(crate::stats::Undefined::NoValues), Estimate::Value),
    };
    let mut c = check(
        VoiceConditionKind::ResponseP90Above,
        limit.seconds as f64,
        limit.written.clone(),
        figure,
        Side::Lower,
    );
    // The percentile itself was compared: say so rather than call it a bound.
    if confidence.is_some() {
        c.measure = VoiceMeasure::Figure;
        c.confidence = None;
    }
    c.channel = limit.channel.clone();
    c.business_time = settings.hours.is_some();
    Ok(c)
}

/// A threshold as the rubric author wrote it: `3.5`, `-10`.
fn written(v: f64) -> String {
    format!("{v}")
}

/// Refuses a rubric whose `csat_below` lies outside the store's CSAT scale, placed at the
/// rule's line of `file`; checked on import, before anything is written.
pub fn check_csat_scale(loaded: &LoadedRubric, file: &str, scale: CsatScale) -> Result<(), FlagsError> {
    let range = f64::from(scale.min())..=f64::from(scale.max());
    for (i, rule) in loaded.rubric.flags.iter().enumerate() {
        if let Some(t) = rule.voice.csat_below
            && !range.contains(&t)
        {
            let path = YamlPath::root().key("flags").index(i).key("csat_below");
            return Err(FlagsError::CsatOffScale {
                at: loaded.location(file, &path),
                rubric: loaded.rubric.id.clone(),
                rule: rule.id.clone(),
                threshold: written(t),
                scale: scale.name().to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "voice_tests.rs"]
mod tests;
