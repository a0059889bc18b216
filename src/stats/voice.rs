//! The customer's voice as contact-level KPIs (issue 19): CSAT, NPS and complaints per 100
//! contacts, each with its n, an interval and a plain "too few" below [`MIN_N`].
//!
//! - **CSAT** on the declared scale (1-5 or 1-10): the mean with a two-sided Student's t
//!   interval, `x̄ ± t((1 + c)/2; n − 1) · s/√n` (the bounds of [`super::mean_bound`] at the
//!   one-sided level `(1 + c)/2`), clipped to the scale since a mean cannot leave it; and the
//!   share satisfied, the top two boxes (4-5 on 1-5, 9-10 on 1-10), with a Wilson interval.
//!   Fewer than two answers have no t interval ([`Undefined::TooFewValues`]); answers that are
//!   all the same give a zero-width one (the sample has no spread to estimate; `too_few` is
//!   what warns the reader at small n).
//! - **NPS**: % promoters (9-10) minus % detractors (0-6), from −100 to 100. With shares `p`
//!   and `q` of `n` answers, the three groups are multinomial, so
//!   `Var(p − q) = (p + q − (p − q)²) / n`; the interval is `100 (p − q ± z √Var)`, clipped to
//!   `[−100, 100]`. At the edges the standard error is zero: **no interval** is given then,
//!   with the reason: `n = 1` is [`Undefined::TooFewValues`], and every answer in one group
//!   (all promoters, all detractors, all passives) is [`Undefined::OneGroup`], because a
//!   zero-width interval would claim a certainty the answers do not have.
//! - **Complaints per 100 contacts**: `100 k / n` with the Wilson interval of `k / n`, × 100.
//!
//! [`MIN_N`] is 30 answers (or contacts): below it the normal and t approximations behind these
//! intervals are rough for bounded, lumpy answers, so the figures are shown with "too few to
//! judge" and no verdict uses them.

use super::proportion::{Interval, Share, wilson};
use super::{Confidence, Estimate, MeanBound, Side, StatsError, Undefined, mean_bound};
use serde::Serialize;
use std::str::FromStr;

/// The fewest answers (CSAT, NPS) or contacts (complaints, response times) a KPI is judged on.
pub const MIN_N: usize = 30;
/// The t interval's name in reports.
pub const STUDENT_T: &str = "Student's t";
/// The NPS interval's name in reports.
pub const NPS_METHOD: &str = "normal, standard error of the difference of two multinomial shares";

/// The CSAT scale a store declares (`--csat-scale`). A store keeps one (meta `csat_scale`),
/// fixed by the first import carrying CSAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum CsatScale {
    /// 1 (very unsatisfied) to 5 (very satisfied), the usual survey.
    #[default]
    #[serde(rename = "1-5")]
    OneToFive,
    #[serde(rename = "1-10")]
    OneToTen,
}

impl CsatScale {
    pub fn min(self) -> u8 {
        1
    }

    pub fn max(self) -> u8 {
        match self {
            CsatScale::OneToFive => 5,
            CsatScale::OneToTen => 10,
        }
    }

    /// The lowest satisfied answer: the top two boxes start here (4 on 1-5, 9 on 1-10).
    pub fn satisfied_from(self) -> u8 {
        self.max() - 1
    }

    /// As written on the command line and in reports: `1-5` or `1-10`.
    pub fn name(self) -> &'static str {
        match self {
            CsatScale::OneToFive => "1-5",
            CsatScale::OneToTen => "1-10",
        }
    }

    /// The scale written as `1-5` or `1-10` (spaces and an en dash allowed).
    pub fn parse(text: &str) -> Result<Self, String> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match t.replace('–', "-").as_str() {
            "1-5" => Ok(Self::OneToFive),
            "1-10" => Ok(Self::OneToTen),
            _ => Err(format!("`{text}` is not a CSAT scale; the scales are 1-5 and 1-10")),
        }
    }

    /// `value` on this scale carried to `to` linearly (1 stays 1, the top stays the top) and
    /// rounded half up: 1-10 to 1-5 reads 10 and 9 as 5, 8 and 7 as 4; 1-5 to 1-10 reads 4 as
    /// 8. Lossy by nature, so only done when asked (`--rescale`).
    pub fn rescale(self, value: i64, to: CsatScale) -> i64 {
        if self == to {
            return value;
        }
        let (from_top, to_top) = (i64::from(self.max()), i64::from(to.max()));
        let x = (value - 1) as f64 * (to_top - 1) as f64 / (from_top - 1) as f64 + 1.0;
        (x + 0.5).floor() as i64
    }
}

impl std::fmt::Display for CsatScale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CsatScale {
    type Err = StatsError;

    fn from_str(s: &str) -> Result<CsatScale, StatsError> {
        match s.trim() {
            "1-5" => Ok(CsatScale::OneToFive),
            "1-10" => Ok(CsatScale::OneToTen),
            other => Err(StatsError::UnknownCsatScale(other.to_string())),
        }
    }
}

/// CSAT over the answers given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Csat {
    pub scale: CsatScale,
    pub n: usize,
    pub mean: f64,
    /// Student's t interval of the mean, clipped to the scale; undefined for one answer.
    pub mean_interval: Estimate<Interval>,
    /// The top two boxes, with the Wilson interval.
    pub satisfied: Share,
    /// Fewer than [`MIN_N`] answers.
    pub too_few: bool,
}

/// CSAT of `answers` on `scale`; refuses an answer off the scale, undefined for none.
pub fn csat(answers: &[u8], scale: CsatScale, confidence: Confidence) -> Result<Estimate<Csat>, StatsError> {
    check_scale(answers, scale.min(), scale.max(), scale.name())?;
    let n = answers.len();
    let Estimate::Value(satisfied) = wilson(
        answers.iter().filter(|&&a| a >= scale.satisfied_from()).count(),
        n,
        confidence,
    )?
    else {
        return Ok(Estimate::Undefined(Undefined::NoValues));
    };
    let values: Vec<f64> = answers.iter().map(|&a| f64::from(a)).collect();
    let mean = values.iter().sum::<f64>() / n as f64;
    let one_sided = Confidence::new((1.0 + confidence.level()) / 2.0)?;
    let bound = |side| mean_bound(&values, side, one_sided).map(|b| b.value().map(|b: &MeanBound| b.bound));
    let mean_interval = match (bound(Side::Lower)?, bound(Side::Upper)?) {
        (Some(lower), Some(upper)) => Estimate::Value(Interval {
            lower: lower.max(f64::from(scale.min())),
            upper: upper.min(f64::from(scale.max())),
            confidence: confidence.level(),
            method: STUDENT_T,
        }),
        _ => Estimate::Undefined(Undefined::TooFewValues { n }),
    };
    Ok(Estimate::Value(Csat {
        scale,
        n,
        mean,
        mean_interval,
        satisfied,
        too_few: n < MIN_N,
    }))
}

/// NPS over the answers given (0-10).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nps {
    pub n: usize,
    /// Answers of 9 or 10.
    pub promoters: usize,
    /// Answers of 7 or 8.
    pub passives: usize,
    /// Answers of 0 to 6.
    pub detractors: usize,
    /// % promoters − % detractors, from −100 to 100.
    pub score: f64,
    /// The standard error of `score`, in points.
    pub standard_error: f64,
    /// `score ± z · standard_error`, clipped to `[−100, 100]`; none when the error is zero.
    pub interval: Estimate<Interval>,
    /// Fewer than [`MIN_N`] answers.
    pub too_few: bool,
}

/// NPS of `answers` (0-10); refuses an answer above 10, undefined for none.
pub fn nps(answers: &[u8], confidence: Confidence) -> Result<Estimate<Nps>, StatsError> {
    check_scale(answers, 0, 10, "0-10")?;
    let n = answers.len();
    if n == 0 {
        return Ok(Estimate::Undefined(Undefined::NoValues));
    }
    let promoters = answers.iter().filter(|&&a| a >= 9).count();
    let detractors = answers.iter().filter(|&&a| a <= 6).count();
    let total = n as f64;
    let (p, q) = (promoters as f64 / total, detractors as f64 / total);
    let difference = p - q;
    // Never negative in exact arithmetic (p + q ≥ (p − q)²); max(0) absorbs rounding.
    let standard_error = 100.0 * ((p + q - difference * difference).max(0.0) / total).sqrt();
    let score = 100.0 * difference;
    let interval = if n < 2 {
        Estimate::Undefined(Undefined::TooFewValues { n })
    } else if promoters == n || detractors == n || promoters + detractors == 0 {
        Estimate::Undefined(Undefined::OneGroup)
    } else {
        let half = confidence.two_sided_z() * standard_error;
        Estimate::Value(Interval {
            lower: (score - half).max(-100.0),
            upper: (score + half).min(100.0),
            confidence: confidence.level(),
            method: NPS_METHOD,
        })
    };
    Ok(Estimate::Value(Nps {
        n,
        promoters,
        passives: n - promoters - detractors,
        detractors,
        score,
        standard_error,
        interval,
        too_few: n < MIN_N,
    }))
}

/// Complaints per 100 contacts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComplaintRate {
    pub complaints: usize,
    pub contacts: usize,
    pub per_100: f64,
    /// The Wilson interval of the share, × 100.
    pub interval: Interval,
    /// Fewer than [`MIN_N`] contacts.
    pub too_few: bool,
}

/// `complaints` among `contacts` per 100; refuses more complaints than contacts, undefined for
/// no contacts.
pub fn complaints_per_100(
    complaints: usize,
    contacts: usize,
    confidence: Confidence,
) -> Result<Estimate<ComplaintRate>, StatsError> {
    if complaints > contacts {
        return Err(StatsError::OutOfRange {
            name: "the number of complaints",
            requirement: "at most the number of contacts (one complaint per contact)",
            value: complaints as f64,
        });
    }
    Ok(match wilson(complaints, contacts, confidence)? {
        Estimate::Value(share) => Estimate::Value(ComplaintRate {
            complaints,
            contacts,
            per_100: 100.0 * share.share,
            interval: share.interval.scaled(100.0),
            too_few: contacts < MIN_N,
        }),
        Estimate::Undefined(why) => Estimate::Undefined(why),
    })
}

fn check_scale(answers: &[u8], min: u8, max: u8, scale: &'static str) -> Result<(), StatsError> {
    match answers.iter().position(|a| !(min..=max).contains(a)) {
        Some(i) => Err(StatsError::OffScale {
            position: i + 1,
            value: answers[i],
            scale,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "voice_tests.rs"]
mod tests;
