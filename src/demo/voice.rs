//! The customer's voice of the demo's contacts: CSAT (1-5), NPS, complaints, response times,
//! resolution and contact reasons, tied to the agent's quality with noise, and tied more
//! strongly to three criteria the demo's answers favour, so that `report validity` on a demo
//! store finds them:
//!
//! - `resolution.resolved` / `resolucion.resuelto` (the problem was solved),
//! - `empathy.acknowledge` / `empatia.reconoce_emociones` (the customer's feelings named),
//! - `clarity.next_steps` / `claridad.proximos_pasos` (the customer knows what happens next).
//!
//! Other criteria relate to satisfaction only through the agent's overall quality. The draws
//! come from their own generator (seeded from the demo's seed), so the rest of the demo is the
//! same with or without them.

use super::answers::normal;
use crate::voice::values::ContactVoice;
use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// The criteria customers feel most in the demo (see the module comment).
pub const FAVOURED: [&str; 6] = [
    "resolution.resolved",
    "empathy.acknowledge",
    "clarity.next_steps",
    "resolucion.resuelto",
    "empatia.reconoce_emociones",
    "claridad.proximos_pasos",
];

/// A survey the demo's customer answered after the contact.
pub struct DemoSurvey {
    pub answered_at: DateTime<Utc>,
    pub csat: i64,
    pub nps: i64,
    pub verbatim: Option<String>,
}

/// How much better than expected a contact went where customers feel it (see
/// [`super::answers::Scoring::felt`]): drawn for every contact from the voice's generator,
/// independent of the agent, so the favoured criteria carry it and no other criterion does.
pub fn felt(rng: &mut ChaCha8Rng) -> f64 {
    0.15 * normal(rng)
}

const REASONS_EN: [&str; 5] = ["billing", "delivery", "returns", "technical", "account"];
const REASONS_ES: [&str; 5] = ["facturación", "entrega", "devolución", "avería", "cuenta"];
const COMPLAINTS_EN: [&str; 3] = ["Charged twice", "Late delivery", "Promised call-back never came"];
const COMPLAINTS_ES: [&str; 3] = ["Cobro duplicado", "Entrega con retraso", "No me devolvieron la llamada"];
const GOOD_ES: [&str; 3] = [
    "Me lo resolvieron a la primera, muy amables.",
    "Todo claro, sé qué pasará ahora. Mi número es 600 123 456 por si acaso.",
    "Entendió mi enfado y lo arregló.",
];
const BAD_ES: [&str; 3] = [
    "Sigo sin solución. Escribidme a cliente.demo@example.com",
    "Nadie me explicó los siguientes pasos.",
    "Me cobraron en la tarjeta 4111 1111 1111 1111 dos veces y nadie lo reconoce.",
];
const GOOD_EN: [&str; 2] = [
    "Sorted first time, thank you.",
    "Clear and kind; I know what happens next.",
];
const BAD_EN: [&str; 2] = [
    "Still not fixed. Call me on +44 7700 900123.",
    "Nobody told me what happens next.",
];

fn one<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// The voice of one contact of an agent of `quality` (0..1). `felt` ([`felt`]) raised the
/// favoured criteria's answers when it was evaluated and is independent of the other
/// criteria's answers, so satisfaction tracks the favoured criteria much more than the rest,
/// which it follows only through the agent's quality.
pub fn contact(
    rng: &mut ChaCha8Rng,
    quality: f64,
    felt: f64,
    channel: &str,
    at: DateTime<Utc>,
    spanish: bool,
) -> (ContactVoice, Option<DemoSurvey>) {
    let quality = quality.clamp(0.0, 1.0);
    let s = (0.6 + 0.1 * (quality - 0.75) + 1.5 * felt + 0.08 * normal(rng)).clamp(0.0, 1.0);
    let f = (quality + felt).clamp(0.0, 1.0);
    let csat = (1.0 + s * 4.0 + 0.5 * normal(rng)).round().clamp(1.0, 5.0) as i64;
    let nps = (s * 10.0 + 1.2 * normal(rng)).round().clamp(0.0, 10.0) as i64;
    let complaint = rng.random::<f64>() < 0.02 + 0.30 * (1.0 - s).powi(2);
    let slow = 1.0 + 2.0 * (1.0 - quality) + 0.3 * normal(rng).abs();
    let response_s = match channel {
        "phone" => (8.0 + 25.0 * slow) as i64,
        "chat" => (20.0 + 60.0 * slow) as i64,
        _ => (3_600.0 * (2.0 + 9.0 * slow)) as i64,
    };
    let resolved = rng.random::<f64>() < 0.35 + 0.6 * f;
    let reopened = !resolved && rng.random::<f64>() < 0.3;
    let (reasons, complaints) = if spanish {
        (&REASONS_ES, &COMPLAINTS_ES)
    } else {
        (&REASONS_EN, &COMPLAINTS_EN)
    };
    let stamp = crate::dates::store_time;
    let mut voice = ContactVoice {
        complaint: Some(complaint),
        response_s: Some(response_s),
        resolved: Some(resolved),
        reopened: Some(reopened),
        reason: Some(one(rng, reasons).to_string()),
        ..Default::default()
    };
    // About a third of customers answer the end-of-contact questions.
    if rng.random::<f64>() < 0.35 {
        voice.csat = Some(csat);
        voice.nps = Some(nps);
    }
    if complaint {
        voice.complaint_reason = Some(one(rng, complaints).to_string());
        voice.complaint_opened_at = Some(stamp(at));
        voice.complaint_closed_at = Some(stamp(at + Duration::hours(rng.random_range(2..120))));
        if rng.random::<f64>() < 0.4 {
            voice.escalated_at = Some(stamp(at + Duration::minutes(rng.random_range(10..600))));
        }
    }
    // A few answer a survey days later, some with their own words.
    let survey = (rng.random::<f64>() < 0.06).then(|| {
        let pool: &[&str] = match (spanish, csat >= 4) {
            (true, true) => &GOOD_ES,
            (true, false) => &BAD_ES,
            (false, true) => &GOOD_EN,
            (false, false) => &BAD_EN,
        };
        DemoSurvey {
            answered_at: (at + Duration::hours(rng.random_range(24..120))).min(Utc::now()),
            csat,
            nps,
            verbatim: (rng.random::<f64>() < 0.6).then(|| one(rng, pool).to_string()),
        }
    });
    (voice, survey)
}
