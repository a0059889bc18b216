//! The customer-voice conditions of a flag rule (issue 19, part 5): `csat_below`, `nps_below`,
//! `complaints_per_100_above`, `response_p90_above` and `min_contacts`.
//!
//! Checked here without a store: numbers within the widest range they can mean (CSAT on 1..10,
//! the largest scale a store may declare; NPS on -100..100; complaints per 100 on 0..100),
//! response spans written like the response targets (`24h`, `90s`, or seconds), channel names
//! written like imported ones, and `min_contacts` only beside a voice condition. Whether a
//! `csat_below` lies on *this store's* scale is known only at import (`crate::flags::voice_rules`).

use super::MIN_CONFIDENCE_EVALUATIONS;
use super::checker::Checker;
use crate::rubric::model::{ResponseLimit, VoiceConditions};
use crate::rubric::path::YamlPath;
use crate::rubric::raw::RawFlag;
use crate::voice::target::{RESPONSE_PREFIX, Target, response_channel};

/// The voice conditions of rule `f` at `p` (those refused are left out).
pub(super) fn check_voice(c: &mut Checker, f: &RawFlag, p: &YamlPath, what: &str) -> VoiceConditions {
    let number = |c: &mut Checker, v: Option<f64>, field: &str, lo: f64, hi: f64| {
        v.filter(|&v| c.within(v, &p.key(field), lo, hi))
    };
    let mut voice = VoiceConditions {
        csat_below: number(c, f.csat_below, "csat_below", 1.0, 10.0),
        nps_below: number(c, f.nps_below, "nps_below", -100.0, 100.0),
        complaints_per_100_above: number(c, f.complaints_per_100_above, "complaints_per_100_above", 0.0, 100.0),
        response_p90_above: f
            .response_p90_above
            .as_ref()
            .map(|v| response_limits(c, v, &p.key("response_p90_above"), what))
            .unwrap_or_default(),
        min_contacts: None,
    };
    if let Some(m) = f.min_contacts {
        let path = p.key("min_contacts");
        if !(1..=i64::from(u32::MAX)).contains(&m) {
            c.value(
                &path,
                format!("{what} has `min_contacts: {m}`; it must be a whole number from 1"),
                "give `min_contacts` a count of 1 or more, e.g. 30",
            );
        } else if !voice.any() {
            c.key(
                &path,
                format!("{what} has `min_contacts` but no condition on the customer's voice for it to apply to"),
                "add `csat_below`, `nps_below`, `complaints_per_100_above` or `response_p90_above`, or remove `min_contacts`",
            );
        } else {
            voice.min_contacts = Some(m as u32);
        }
    }
    if f.confidence.is_some() && voice.any() && voice.min_contacts() < MIN_CONFIDENCE_EVALUATIONS {
        c.key(
            &p.key("min_contacts"),
            format!(
                "{what} has `confidence` but `min_contacts: {}`; a confidence bound needs at least {MIN_CONFIDENCE_EVALUATIONS}",
                voice.min_contacts()
            ),
            format!("raise `min_contacts` to {MIN_CONFIDENCE_EVALUATIONS} or more (the default is 30)"),
        );
    }
    voice
}

/// `response_p90_above`: one span for every channel pooled, or a mapping of channel to span.
fn response_limits(c: &mut Checker, value: &serde_yaml::Value, path: &YamlPath, what: &str) -> Vec<ResponseLimit> {
    use serde_yaml::Value;
    let span = |c: &mut Checker, v: &Value, at: &YamlPath, channel: Option<String>| -> Option<ResponseLimit> {
        let written = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        match Target::parse(&written) {
            Ok(t) => Some(ResponseLimit {
                channel,
                seconds: t.seconds,
                written: written.trim().to_string(),
            }),
            Err(_) => {
                c.value(
                    at,
                    format!("{what} has `response_p90_above` `{written}`, which is not a time span"),
                    "write a span like the response targets: 24h, 90s, 1h30m or 2d (or a mapping such as `{ email: 24h }`)",
                );
                None
            }
        }
    };
    match value {
        Value::Mapping(m) if !m.is_empty() => m
            .iter()
            .filter_map(|(k, v)| {
                let name = k.as_str().unwrap_or_default();
                let at = path.key(name);
                if response_channel(&format!("{RESPONSE_PREFIX}{name}")).is_none() {
                    c.key(
                        &at,
                        format!("{what} has `response_p90_above` for `{name}`, which is not a channel name"),
                        "name channels as imported: lower case letters, digits, `_` or `-` (email, phone, chat)",
                    );
                    return None;
                }
                span(c, v, &at, Some(name.to_string()))
            })
            .collect(),
        _ => span(c, value, path, None).into_iter().collect(),
    }
}
