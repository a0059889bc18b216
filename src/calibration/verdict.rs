//! The verdict of a calibration session, in plain English (the templates compose the same from
//! their labels in the report's language): per scale type, never pooled, read from the lower
//! bound of each interval (see [`super::scales`]), then the ICC in Koo and Li's bands, the
//! criteria that need another session, the kappa paradox where it applies, and the evaluators
//! who drift.

use super::scales::{
    Coefficient, CriterionReliability, IccReading, MIN_ICC_SUBJECTS, MIN_UNITS, Reading, ScaleAgreement,
};
use super::{Drift, EvaluatorDrift};
use serde::Serialize;

/// The plain-language conclusion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The weakest judged scale's reading; `too_few` when no scale could be judged.
    pub level: Reading,
    /// The conclusion in English sentences.
    pub summary: String,
    /// Criteria whose exact agreement is below 80%, least agreed first.
    pub criteria: Vec<String>,
    /// Evaluators whose mean absolute deviation exceeds the tolerance.
    pub drifting: Vec<Drift>,
    /// Skewed criteria where AC is high and alpha low: trust AC there.
    pub paradox: Vec<String>,
    /// Evaluations missing (not scored, or left as drafts).
    pub missing: usize,
}

fn scale_words(scale: &str) -> &'static str {
    match scale {
        "binary" => "yes/no criteria",
        "range" => "range criteria",
        _ => "choice criteria",
    }
}

/// `alpha 0.437 (95% interval 0.21 to 0.60, n = 72)` or `alpha 0.9 (n = 6)`.
pub fn coefficient_words(c: &Coefficient) -> String {
    match &c.interval {
        Some(i) => format!("{} {} (95% interval {}, n = {})", c.name, c.text, i.text, c.n),
        None => format!("{} {} (n = {})", c.name, c.text, c.n),
    }
}

/// What a reading says, in words.
pub fn reading_words(r: Reading, n: usize, minimum: usize) -> String {
    match r {
        Reading::Reliable => "reliable (the interval's lower bound is at least 0.800)".into(),
        Reading::Tentative => "tentative only (the lower bound is between 0.667 and 0.800)".into(),
        Reading::Unreliable => "not reliable (the lower bound is below 0.667)".into(),
        Reading::TooFew => format!("not enough subjects to judge ({n}, at least {minimum} needed)"),
        Reading::NoInterval => "not judged: its interval does not contain the estimate, so it cannot be trusted".into(),
        Reading::Undefined => "undefined for these answers".into(),
    }
}

/// Builds the verdict.
pub fn verdict(
    scales: &[ScaleAgreement],
    icc: Option<&IccReading>,
    reliability: &[CriterionReliability],
    flagged: Vec<String>,
    evaluators: &[EvaluatorDrift],
    baseline: &str,
    missing: usize,
) -> Verdict {
    let level = super::scales::combined(scales);
    let mut summary = match level {
        Reading::Reliable => "Evaluators agree well on every scale that could be judged.".to_string(),
        Reading::Tentative => "Agreement is only tentative: evaluators need another session.".to_string(),
        Reading::Unreliable => "Evaluators do not agree well enough: they need another session.".to_string(),
        Reading::TooFew => {
            "Not enough subjects to judge agreement: score more subjects in the next session.".to_string()
        }
        Reading::NoInterval | Reading::Undefined => "Agreement cannot be judged from these answers.".to_string(),
    };
    for s in scales {
        summary.push_str(&format!(
            " {}: {}, {}; {}.",
            capitalise(scale_words(s.scale)),
            coefficient_words(&s.alpha),
            coefficient_words(&s.ac),
            reading_words(s.reading, s.alpha.n, MIN_UNITS)
        ));
    }
    if let Some(icc) = icc {
        let c = &icc.coefficient;
        let judged = match icc.band {
            Some(band) => format!("{band} agreement on overall scores (Koo and Li, from the lower bound)"),
            None => reading_words(c.reading, c.n, MIN_ICC_SUBJECTS),
        };
        summary.push_str(&format!(" Overall scores: {}; {judged}.", coefficient_words(c)));
    }
    if !flagged.is_empty() {
        summary.push_str(&format!(" Criteria to discuss again: {}.", flagged.join(", ")));
    }
    let paradox: Vec<String> = reliability
        .iter()
        .filter(|r| r.paradox)
        .map(|r| r.criterion.clone())
        .collect();
    for r in reliability.iter().filter(|r| r.paradox) {
        summary.push_str(&format!(
            " On {}, {:.0}% of answers are `{}`: {} is low only because chance agreement on such skewed answers is high, while {} {} shows the evaluators agree, so trust {} there.",
            r.criterion,
            r.prevalence.unwrap_or(0.0) * 100.0,
            r.prevalent.as_deref().unwrap_or(""),
            r.alpha.name,
            r.ac.name,
            r.ac.text,
            r.ac.name
        ));
    }
    let drifting: Vec<Drift> = evaluators
        .iter()
        .filter(|e| e.drifts)
        .filter_map(|e| {
            Some(Drift {
                evaluator: e.evaluator.clone(),
                mean_deviation: e.mean_deviation?,
                mean_absolute_deviation: e.mean_absolute_deviation?,
            })
        })
        .collect();
    for d in &drifting {
        let (tendency, direction) = if d.mean_deviation >= 0.0 {
            ("more lenient", "higher")
        } else {
            ("stricter", "lower")
        };
        summary.push_str(&format!(
            " {} is {tendency} than {baseline}: {:.1} points {direction} on average, {:.1} points apart on average.",
            d.evaluator,
            d.mean_deviation.abs(),
            d.mean_absolute_deviation
        ));
    }
    Verdict {
        level,
        summary,
        criteria: flagged,
        drifting,
        paradox,
        missing,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
