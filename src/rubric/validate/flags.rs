//! The flag rules: when a rule fires on an agent, over how many evaluations and days.

use super::MIN_CONFIDENCE_EVALUATIONS;
use super::checker::Checker;
use super::flag_scope::check_scope;
use super::flag_voice::check_voice;
use crate::rubric::model::*;
use crate::rubric::path::YamlPath;
use crate::rubric::raw::*;
use std::collections::HashSet;

pub(super) fn check_flags(c: &mut Checker, raw: &RawRubric) -> Vec<FlagRule> {
    let path = YamlPath::root().key("flags");
    let mut seen = HashSet::new();
    let mut flags = Vec::new();
    for (i, f) in raw.flags.iter().flatten().enumerate() {
        let p = path.index(i);
        let what = match &f.id {
            Some(id) => format!("flag `{id}`"),
            None => format!("flag {}", i + 1),
        };
        let id = c.required(&f.id, &p, "id", &what).cloned();
        if let Some(id) = &id {
            c.id(id, &p.key("id"), false, &mut seen, "flag");
        }
        let kind = c.required(&f.kind, &p, "kind", &what).and_then(|k| {
            c.word(
                k,
                &p.key("kind"),
                &[("reward", FlagKind::Reward), ("discipline", FlagKind::Discipline)],
            )
        });
        let window_days = match c.required(&f.window_days, &p, "window_days", &what) {
            Some(&d) if (1..=3660).contains(&d) => Some(d as u32),
            Some(&d) => {
                c.value(
                    &p.key("window_days"),
                    format!("{what} has `window_days: {d}`, outside 1..3660"),
                    "give the length of the window in days, e.g. 30",
                );
                None
            }
            None => None,
        };
        let count = |c: &mut Checker, v: Option<i64>, field: &str, lo: i64| -> Option<u32> {
            let v = v?;
            if v < lo || v > i64::from(u32::MAX) {
                c.value(
                    &p.key(field),
                    format!("{what} has `{field}: {v}`; it must be a whole number from {lo}"),
                    format!("give `{field}` a count of {lo} or more"),
                );
                return None;
            }
            Some(v as u32)
        };
        let min_evaluations = count(c, f.min_evaluations, "min_evaluations", 1);
        let max_critical_failures = count(c, f.max_critical_failures, "max_critical_failures", 0);
        let critical_failures_at_least = count(c, f.critical_failures_at_least, "critical_failures_at_least", 1);
        for (field, v) in [
            ("average_at_least", f.average_at_least),
            ("average_below", f.average_below),
        ] {
            if let Some(v) = v {
                c.within(v, &p.key(field), 0.0, 100.0);
            }
        }
        let voice = check_voice(c, f, &p, &what);
        let voice_written = f.csat_below.is_some()
            || f.nps_below.is_some()
            || f.complaints_per_100_above.is_some()
            || f.response_p90_above.is_some();
        if f.average_at_least.is_none()
            && f.average_below.is_none()
            && f.max_critical_failures.is_none()
            && f.critical_failures_at_least.is_none()
            && !voice_written
        {
            c.value(
                &p,
                format!("{what} names no condition, so it would fire for everyone"),
                "add a condition: average_at_least, average_below, max_critical_failures, critical_failures_at_least, csat_below, nps_below, complaints_per_100_above or response_p90_above",
            );
        }
        let averages = f.average_at_least.is_some() || f.average_below.is_some();
        if let (Some(lo), Some(hi)) = (f.average_at_least, f.average_below)
            && lo >= hi
        {
            c.value(
                &p.key("average_below"),
                format!("{what} asks for an average at least {lo} and below {hi}: no agent can match"),
                "make `average_at_least` lower than `average_below`, or keep only one",
            );
        }
        if let (Some(max), Some(least)) = (max_critical_failures, critical_failures_at_least)
            && max < least
        {
            c.value(
                &p.key("critical_failures_at_least"),
                format!("{what} asks for at most {max} and at least {least} critical failures: no agent can match"),
                "keep only one of `max_critical_failures` and `critical_failures_at_least`",
            );
        }
        if let Some(conf) = f.confidence {
            if !conf.is_finite() || conf <= 0.0 || conf >= 1.0 {
                c.value(
                    &p.key("confidence"),
                    format!("{what} has `confidence: {conf}`, outside (0, 1)"),
                    "give a confidence level such as 0.90 or 0.95",
                );
            }
            if !averages && !voice_written {
                c.key(
                    &p.key("confidence"),
                    format!("{what} has `confidence` but no average condition for it to apply to"),
                    "add `average_below` or `average_at_least`, or remove `confidence`",
                );
            }
            // Small samples said plainly (issue 16): a t bound over two scores is too wide to
            // mean anything (t = 6.31 at 90%), and one over fewer does not exist.
            // A voice condition's bound is over contacts (`min_contacts`, checked with it).
            if averages
                && f.min_evaluations
                    .is_none_or(|m| m < i64::from(MIN_CONFIDENCE_EVALUATIONS))
            {
                c.key(
                    &p.key("confidence"),
                    format!(
                        "{what} has `confidence` but {}; a confidence bound needs at least {MIN_CONFIDENCE_EVALUATIONS}",
                        match f.min_evaluations {
                            Some(m) => format!("`min_evaluations: {m}`"),
                            None => "no `min_evaluations`".to_string(),
                        }
                    ),
                    format!("add `min_evaluations: {MIN_CONFIDENCE_EVALUATIONS}` (or more) to the rule"),
                );
            }
            if f.average_at_least.is_some() && f.average_below.is_some() {
                c.key(
                    &p.key("confidence"),
                    format!(
                        "{what} has `confidence` with both average conditions, so it is unclear which bound to test"
                    ),
                    "keep one of `average_at_least` and `average_below` on a rule with `confidence`",
                );
            }
        }
        let scope = check_scope(c, raw, f, &p, &what);
        if let (Some(id), Some(kind), Some(window_days)) = (id, kind, window_days) {
            flags.push(FlagRule {
                id,
                kind,
                description: f.description.clone(),
                window_days,
                min_evaluations,
                average_at_least: f.average_at_least,
                average_below: f.average_below,
                max_critical_failures,
                critical_failures_at_least,
                confidence: f.confidence,
                scope,
                voice,
            });
        }
    }
    flags
}
