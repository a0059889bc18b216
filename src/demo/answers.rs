//! Plausible answers for the demo: each criterion is answered from the agent's quality (with
//! their weak and strong sections, the evaluator's leniency and some noise), N/A where a
//! criterion allows it now and then, rare critical failures, and the comments the rubric
//! requires for low answers.

use crate::lang::Lang;
use crate::rubric::sheet::Checked;
use crate::rubric::{Answer, Rubric, ScaleKind};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// How one evaluation is answered.
pub struct Scoring {
    /// Expected normalised score before noise.
    pub quality: f64,
    /// Index of the section the agent is weak at, and strong at.
    pub weak: usize,
    pub strong: usize,
    /// How much better than expected this contact went where customers feel it: added to the
    /// answers of the criteria the demo's customers feel ([`super::voice::FAVOURED`]) and
    /// nowhere else, so that their satisfaction follows those criteria (0 for visits).
    pub felt: f64,
}

const COMMENTS_EN: [&str; 6] = [
    "Missed this step; we listened back to it together.",
    "The customer had to ask twice before this was done.",
    "Rushed here; the customer sounded unsure afterwards.",
    "Not done on this contact: see the recording at the timestamp noted.",
    "Partly done; the key point was left out.",
    "Needs the standard phrase from the protocol.",
];
const COMMENTS_ES: [&str; 6] = [
    "Se saltó este paso; lo escuchamos juntos después.",
    "El cliente tuvo que pedirlo dos veces.",
    "Con prisa en este punto; el cliente quedó con dudas.",
    "No se hizo en este contacto: ver la grabación en el minuto indicado.",
    "Hecho a medias; faltó lo esencial.",
    "Falta la frase estándar del protocolo.",
];
const OVERALL_EN: [&str; 4] = [
    "Friendly and clear overall; focus on the points marked below.",
    "Solid contact. Keep the closing summary you used here.",
    "The customer left satisfied, but the procedure needs tightening.",
    "Good recovery after a difficult start.",
];
const OVERALL_ES: [&str; 4] = [
    "Amable y claro en general; trabaja los puntos marcados abajo.",
    "Buen contacto. Mantén el resumen final que usaste aquí.",
    "El cliente quedó satisfecho, pero falta rigor en el procedimiento.",
    "Buena recuperación tras un inicio difícil.",
];

/// A standard normal draw (Box–Muller), so noise needs no extra crate.
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Answers every criterion of `rubric`.
pub fn answer(rng: &mut ChaCha8Rng, rubric: &Rubric, s: &Scoring) -> Checked {
    let (comments_pool, overall_pool) = match rubric.language {
        Lang::Es => (&COMMENTS_ES, &OVERALL_ES),
        Lang::En => (&COMMENTS_EN, &OVERALL_EN),
    };
    let mut answers = BTreeMap::new();
    let mut comments = BTreeMap::new();
    for (i, section) in rubric.sections.iter().enumerate() {
        let shift = if i == s.weak {
            -0.22
        } else if i == s.strong {
            0.08
        } else {
            0.0
        };
        for c in &section.criteria {
            // For a criterion customers feel, the answer the agent's quality alone would give,
            // drawn from a copy of the generator (the same draws): what the generator draws next
            // follows it, so the rest of the demo is the same whatever the contact's `felt`.
            let mut without_felt = None;
            let answer = if c.na && rng.random::<f64>() < 0.22 {
                Answer::Na
            } else if c.critical {
                // Critical steps are mostly done right; a weaker agent slips now and then.
                if rng.random::<f64>() < (1.0 - s.quality).max(0.0) * 0.06 {
                    lowest(&c.scale.kind)
                } else {
                    highest(&c.scale.kind)
                }
            } else {
                let q = s.quality + shift + 0.10 * normal(rng);
                if super::voice::FAVOURED.contains(&c.key.as_str()) {
                    without_felt = Some(pick(&mut rng.clone(), &c.scale.kind, q.clamp(0.0, 1.0)));
                }
                let felt = if without_felt.is_some() { s.felt } else { 0.0 };
                pick(rng, &c.scale.kind, (q + felt).clamp(0.0, 1.0))
            };
            let needs_comment = |a: &Answer| {
                c.comment_required_below
                    .zip(c.normalise(a))
                    .is_some_and(|(limit, n)| n < limit)
                    || (c.critical
                        && c.normalise(a)
                            .zip(c.fail_below)
                            .is_some_and(|(n, f)| crate::rubric::below(n, f)))
            };
            let drawn = needs_comment(without_felt.as_ref().unwrap_or(&answer))
                .then(|| rng.random_range(0..comments_pool.len()));
            if needs_comment(&answer) {
                comments.insert(c.key.clone(), comments_pool[drawn.unwrap_or(0)].to_string());
            }
            answers.insert(c.key.clone(), answer);
        }
    }
    let comment = Some(overall_pool[rng.random_range(0..overall_pool.len())].to_string());
    Checked {
        answers,
        comments,
        comment,
    }
}

/// The worst answer a scale allows.
fn lowest(kind: &ScaleKind) -> Answer {
    match kind {
        ScaleKind::Binary => Answer::Binary(false),
        ScaleKind::Range { min, .. } => Answer::Level(*min),
        ScaleKind::Choice { options } => {
            let worst = options
                .iter()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("a choice has options");
            Answer::Choice(worst.0.clone())
        }
    }
}

/// The best answer a scale allows.
fn highest(kind: &ScaleKind) -> Answer {
    match kind {
        ScaleKind::Binary => Answer::Binary(true),
        ScaleKind::Range { max, .. } => Answer::Level(*max),
        ScaleKind::Choice { options } => {
            let best = options
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .expect("a choice has options");
            Answer::Choice(best.0.clone())
        }
    }
}

/// An answer whose normalised score is near `q`.
fn pick(rng: &mut ChaCha8Rng, kind: &ScaleKind, q: f64) -> Answer {
    match kind {
        ScaleKind::Binary => Answer::Binary(rng.random::<f64>() < q.powf(0.7)),
        ScaleKind::Range { min, max, .. } => {
            let v = *min as f64 + q * (*max - *min) as f64 + 0.5 * normal(rng);
            Answer::Level((v.round() as i64).clamp(*min, *max))
        }
        ScaleKind::Choice { options } => {
            let target = q + 0.12 * normal(rng);
            let best = options
                .iter()
                .min_by(|a, b| (a.1 - target).abs().total_cmp(&(b.1 - target).abs()))
                .expect("a choice has options");
            Answer::Choice(best.0.clone())
        }
    }
}
