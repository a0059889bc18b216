//! Flags in words: the conditions of a rule, what a dispute may change, a confidence bound, and
//! the CSV row HR systems read. Shared by the core (the report carries `rule` and `change` in
//! words) and by every rendering of it (`qaudit flags`, `qaudit export flags`, the web), so each
//! reads the same.

use super::model::{Fired, FlagsReport, RuleTerm};
use super::rules::{Stake, kind_name};
use super::voice::VoiceCondition;
use crate::output::score;
use crate::rubric::FlagRule;
use crate::stats::{MeanBound, Side};

/// The conditions of a rule in words: "mean >= 92, at least 4 evaluations, ... in 30 days",
/// led by the scope of a scoped rule: "section empathy: mean >= 90, ...".
pub fn rule_text(rule: &FlagRule) -> String {
    let scope = rule
        .scope
        .as_ref()
        .map(|s| format!("{} {}: ", s.kind_name(), s.id()))
        .unwrap_or_default();
    let mut parts = Vec::new();
    let mean = |word: &str| match rule.confidence {
        Some(c) => format!("{:.0}% {word} bound of the mean", c * 100.0),
        None => "mean".to_string(),
    };
    // Thresholds as the rubric author wrote them: 92, 67.8.
    let num = |v: f64| format!("{v}");
    if let Some(v) = rule.average_at_least {
        parts.push(format!("{} >= {}", mean("lower"), num(v)));
    }
    if let Some(v) = rule.average_below {
        parts.push(format!("{} < {}", mean("upper"), num(v)));
    }
    if let Some(n) = rule.min_evaluations {
        parts.push(format!("at least {n} evaluations"));
    }
    match rule.max_critical_failures {
        Some(0) => parts.push("no critical failure".to_string()),
        Some(k) => parts.push(format!("at most {k} critical failures")),
        None => {}
    }
    if let Some(k) = rule.critical_failures_at_least {
        parts.push(format!("at least {k} critical failures"));
    }
    for term in voice_terms(rule) {
        parts.push(voice_words(&term));
    }
    format!("{scope}{} in {} days", parts.join(", "), rule.window_days)
}

/// The conditions of a rule as terms, in the order [`rule_text`] words them.
pub fn rule_terms(rule: &FlagRule) -> Vec<RuleTerm> {
    let confidence = rule.confidence.map(|c| (c * 100.0).round() as u32);
    let term = |key: &'static str, value: String, confidence: Option<u32>| RuleTerm { key, value, confidence };
    let mut terms = Vec::new();
    if let Some(v) = rule.average_at_least {
        terms.push(term(
            if confidence.is_some() {
                "lower_bound_at_least"
            } else {
                "mean_at_least"
            },
            format!("{v}"),
            confidence,
        ));
    }
    if let Some(v) = rule.average_below {
        terms.push(term(
            if confidence.is_some() {
                "upper_bound_below"
            } else {
                "mean_below"
            },
            format!("{v}"),
            confidence,
        ));
    }
    if let Some(n) = rule.min_evaluations {
        terms.push(term("min_evaluations", n.to_string(), None));
    }
    match rule.max_critical_failures {
        Some(0) => terms.push(term("no_critical_failure", String::new(), None)),
        Some(k) => terms.push(term("max_critical_failures", k.to_string(), None)),
        None => {}
    }
    if let Some(k) = rule.critical_failures_at_least {
        terms.push(term("critical_failures_at_least", k.to_string(), None));
    }
    terms.extend(voice_terms(rule));
    terms
}

/// The voice conditions of a rule as terms (`term_voice_*`), `min_contacts` last.
fn voice_terms(rule: &FlagRule) -> Vec<RuleTerm> {
    let v = &rule.voice;
    if !v.any() {
        return Vec::new();
    }
    let confidence = rule.confidence.map(|c| (c * 100.0).round() as u32);
    let bound = |figure: &'static str, bound: &'static str| if confidence.is_some() { bound } else { figure };
    let term = |key: &'static str, value: String, confidence: Option<u32>| RuleTerm { key, value, confidence };
    let mut terms = Vec::new();
    if let Some(t) = v.csat_below {
        terms.push(term(
            bound("voice_csat_below", "voice_csat_bound_below"),
            format!("{t}"),
            confidence,
        ));
    }
    if let Some(t) = v.nps_below {
        terms.push(term(
            bound("voice_nps_below", "voice_nps_bound_below"),
            format!("{t}"),
            confidence,
        ));
    }
    if let Some(t) = v.complaints_per_100_above {
        terms.push(term(
            bound("voice_complaints_above", "voice_complaints_bound_above"),
            format!("{t}"),
            confidence,
        ));
    }
    for limit in &v.response_p90_above {
        let value = match &limit.channel {
            Some(channel) => format!("{} ({channel})", limit.written),
            None => limit.written.clone(),
        };
        terms.push(term("voice_response_p90_above", value, None));
    }
    terms.push(term("voice_min_contacts", v.min_contacts().to_string(), None));
    terms
}

/// A voice term in English, for [`rule_text`].
fn voice_words(t: &RuleTerm) -> String {
    let pct = t.confidence.unwrap_or_default();
    let v = &t.value;
    match t.key {
        "voice_csat_below" => format!("CSAT mean < {v}"),
        "voice_csat_bound_below" => format!("{pct}% upper bound of the CSAT mean < {v}"),
        "voice_nps_below" => format!("NPS < {v}"),
        "voice_nps_bound_below" => format!("{pct}% upper bound of the NPS < {v}"),
        "voice_complaints_above" => format!("complaints per 100 contacts > {v}"),
        "voice_complaints_bound_above" => format!("{pct}% lower bound of complaints per 100 contacts > {v}"),
        "voice_response_p90_above" => format!("90th percentile of response times > {v}"),
        _ => format!("at least {v} contacts per customer-voice figure"),
    }
}

/// How a stake reads: "fires if rejected", "withdrawn if accepted", ...
pub fn change_text(s: &Stake) -> String {
    let mut parts = Vec::new();
    for (outcome, word) in [(s.if_rejected, "rejected"), (s.if_accepted, "accepted")] {
        if outcome != s.now {
            parts.push(if outcome {
                format!("fires if {word}")
            } else {
                format!("withdrawn if {word}")
            });
        }
    }
    parts.join(", ")
}

/// A bound as a table shows it: `≤65.3 @90%` (the mean is at most 65.3 with 90% confidence),
/// with as many decimals as it takes to show the side of the threshold (`shown`).
pub fn bound_text(b: &MeanBound, shown: Option<&str>) -> String {
    let side = match b.side {
        Side::Upper => "≤",
        Side::Lower => "≥",
    };
    let value = shown.map(str::to_string).unwrap_or_else(|| score(b.bound));
    format!("{side}{value} @{:.0}%", b.confidence.level() * 100.0)
}

/// The columns of the CSV, one row per flag that fires (see [`csv_row`]). `scope` is
/// `section`, `criterion` or empty (the overall score); `scope_id` the section id or criterion
/// key (added last, so tools reading columns by position keep working).
/// `voice` holds the customer-voice evidence, one entry per condition separated by `; `:
/// `condition[channel] figure=F n=N interval=LO..HI compared=V threshold=T met|not_met[ note]`.
pub const CSV_COLUMNS: [&str; 22] = [
    "as_of",
    "agent",
    "agent_name",
    "team",
    "rubric",
    "rubric_version",
    "flag",
    "kind",
    "window_from",
    "window_to",
    "n",
    "mean",
    "bound",
    "bound_side",
    "confidence",
    "critical_failures",
    "evaluations",
    "pending_disputes",
    "rule",
    "scope",
    "scope_id",
    "voice",
];

/// One flag as a CSV row for HR systems: scores with two decimals, ids separated by spaces.
pub fn csv_row(report: &FlagsReport, f: &Fired) -> Vec<String> {
    let two = |v: f64| format!("{v:.2}");
    let side = f.bound.as_ref().map(|b| match b.side {
        Side::Upper => "upper",
        Side::Lower => "lower",
    });
    let spaced = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ");
    vec![
        report.as_of.to_string(),
        f.agent.clone(),
        f.agent_name.clone(),
        f.team.clone().unwrap_or_default(),
        f.rubric.clone(),
        f.rubric_version.to_string(),
        f.flag.clone(),
        kind_name(f.kind).to_string(),
        f.window.from.to_string(),
        f.window.to.to_string(),
        f.n.to_string(),
        f.mean.map(two).unwrap_or_default(),
        f.bound.as_ref().map(|b| two(b.bound)).unwrap_or_default(),
        side.unwrap_or_default().to_string(),
        f.bound
            .as_ref()
            .map(|b| b.confidence.level().to_string())
            .unwrap_or_default(),
        f.critical_failures.to_string(),
        spaced(&f.evaluations),
        spaced(&f.pending_disputes),
        f.rule.clone(),
        f.scope.as_ref().map(|s| s.kind_name().to_string()).unwrap_or_default(),
        f.scope.as_ref().map(|s| s.id().to_string()).unwrap_or_default(),
        voice_cell(&f.voice),
    ]
}

/// Seconds as a clock reads them, `h:mm:ss` (or `m:ss` under an hour), the way the reports'
/// `duration` filter writes response times.
pub fn seconds_text(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// An enum as its snake_case word.
fn word(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The voice evidence of a flag as one CSV cell (see [`CSV_COLUMNS`]).
fn voice_cell(conditions: &[VoiceCondition]) -> String {
    let two = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    conditions
        .iter()
        .map(|c| {
            let mut cell = word(&c.condition);
            if let Some(channel) = &c.channel {
                cell.push_str(&format!("[{channel}]"));
            }
            let interval = c
                .interval
                .map(|i| format!("{:.2}..{:.2}", i.lower, i.upper))
                .unwrap_or_default();
            cell.push_str(&format!(
                " figure={} n={} interval={interval} compared={} threshold={} {}",
                two(c.figure),
                c.n,
                c.value_shown.clone().unwrap_or_default(),
                c.threshold_written,
                if c.met { "met" } else { "not_met" }
            ));
            if let Some(note) = c.note {
                cell.push(' ');
                cell.push_str(&word(&note));
            }
            cell
        })
        .collect::<Vec<_>>()
        .join("; ")
}
