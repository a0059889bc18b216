//! Validation: raw serde shape in, domain `Rubric` out, or every problem found.
//!
//! Each rule of DESIGN.md section 2 is one check here. Problems carry the YAML path of the
//! offending node; the loader turns paths into `file:line:col`. Validation never stops at the
//! first problem: a rubric author fixes a file in one pass.

mod checker;
mod flag_scope;
mod flag_voice;
mod flags;
mod scales;
mod sections;

use super::model::*;
use super::path::YamlPath;
use super::raw::*;
use crate::lang::Lang;
use checker::Checker;
use flags::check_flags;
use scales::check_scales;
use sections::check_sections;
use std::collections::HashSet;

/// The fewest evaluations a flag rule with `confidence` may fire on (issue 16).
pub const MIN_CONFIDENCE_EVALUATIONS: u32 = 3;
/// The largest weight a section or criterion may have: weights are relative, so a million to
/// one is more range than any rubric needs, and sums of such weights stay exact.
pub const MAX_WEIGHT: f64 = 1e6;

/// One rule broken, at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: YamlPath,
    /// Point at the key (for missing or misplaced fields) rather than at the value.
    pub at_key: bool,
    pub message: String,
    pub hint: String,
}

/// "did you mean `x`?" when a close name exists, else the fallback.
pub fn suggest_hint(value: &str, names: &[&str], fallback: &str) -> String {
    match super::suggest::closest(value, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => fallback.to_string(),
    }
}

/// Validates a raw rubric into the domain type, or returns every problem found.
pub fn validate(raw: &RawRubric) -> Result<Rubric, Vec<Problem>> {
    let mut c = Checker::default();
    let root = YamlPath::root();
    let what = "the rubric";

    let id = c.required(&raw.id, &root, "id", what).cloned().unwrap_or_default();
    if raw.id.is_some() {
        c.id(&id, &root.key("id"), false, &mut HashSet::new(), "rubric");
    }
    let version = match c.required(&raw.version, &root, "version", what) {
        Some(&v) if (1..=i64::from(u32::MAX)).contains(&v) => v as u32,
        Some(&v) => {
            c.value(
                &root.key("version"),
                format!("`version` is {v}; it must be a whole number from 1"),
                "start at `version: 1` and raise it with each change",
            );
            1
        }
        None => 1,
    };
    let title = c
        .required(&raw.title, &root, "title", what)
        .cloned()
        .unwrap_or_default();
    if raw.title.as_ref().is_some_and(|t| t.trim().is_empty()) {
        c.value(
            &root.key("title"),
            "`title` is empty",
            "give the rubric a title people will recognise in reports",
        );
    }
    let language = match &raw.language {
        None => Some(Lang::En),
        Some(l) => c.word(l, &root.key("language"), &[("en", Lang::En), ("es", Lang::Es)]),
    };
    let subject = c.required(&raw.subject, &root, "subject", what).and_then(|s| {
        c.word(
            s,
            &root.key("subject"),
            &[("interaction", Subject::Interaction), ("visit", Subject::Visit)],
        )
    });
    let channels = check_channels(&mut c, raw, subject);
    let pass_mark = match c.required(&raw.pass_mark, &root, "pass_mark", what) {
        Some(&p) => {
            c.within(p, &root.key("pass_mark"), 0.0, 100.0);
            p
        }
        None => 0.0,
    };
    let critical_policy = match &raw.critical_policy {
        None => Some(CriticalPolicy::ZeroOverall),
        Some(p) => c.word(
            p,
            &root.key("critical_policy"),
            &[
                ("zero_overall", CriticalPolicy::ZeroOverall),
                ("zero_section", CriticalPolicy::ZeroSection),
                ("flag_only", CriticalPolicy::FlagOnly),
            ],
        ),
    };
    let na_policy = match &raw.na_policy {
        None => Some(NaPolicy::Exclude),
        Some(p) => c.word(
            p,
            &root.key("na_policy"),
            &[("exclude", NaPolicy::Exclude), ("pass", NaPolicy::Pass)],
        ),
    };
    let dispute_days = match raw.dispute_days {
        None => 14,
        Some(d) if (0..=366).contains(&d) => d as u32,
        Some(d) => {
            c.value(
                &root.key("dispute_days"),
                format!("`dispute_days` is {d}, outside 0..366"),
                "give the number of days an agent has to dispute an evaluation, e.g. 14",
            );
            14
        }
    };
    let bands = check_bands(&mut c, raw);
    let scales = check_scales(&mut c, raw);
    let sections = check_sections(&mut c, raw, &scales, pass_mark);
    let flags = check_flags(&mut c, raw);

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Rubric {
        id,
        version,
        title,
        language: language.expect("checked"),
        subject: subject.expect("checked"),
        channels,
        pass_mark,
        critical_policy: critical_policy.expect("checked"),
        na_policy: na_policy.expect("checked"),
        dispute_days,
        bands,
        scales,
        sections,
        flags,
    })
}

fn check_channels(c: &mut Checker, raw: &RawRubric, subject: Option<Subject>) -> Vec<String> {
    let path = YamlPath::root().key("channels");
    let Some(channels) = &raw.channels else {
        return Vec::new();
    };
    if subject == Some(Subject::Visit) {
        c.key(
            &path,
            "`channels` is set on a visit rubric",
            "channels (phone, chat, email) apply to interaction rubrics only; remove `channels`",
        );
        return Vec::new();
    }
    if channels.is_empty() {
        c.value(
            &path,
            "`channels` is an empty list",
            "list the channels this rubric applies to, e.g. [phone, chat, email], or leave `channels` out for all",
        );
    }
    let mut seen = HashSet::new();
    for (i, ch) in channels.iter().enumerate() {
        c.id(ch, &path.index(i), true, &mut seen, "channel");
    }
    channels.clone()
}

fn check_bands(c: &mut Checker, raw: &RawRubric) -> Vec<Band> {
    let path = YamlPath::root().key("bands");
    let Some(raw_bands) = &raw.bands else {
        return Vec::new();
    };
    if raw_bands.is_empty() {
        c.value(
            &path,
            "`bands` is an empty list",
            "list at least one band ending with `min: 0`, or leave `bands` out",
        );
        return Vec::new();
    }
    let mut bands = Vec::new();
    for (i, b) in raw_bands.iter().enumerate() {
        let p = path.index(i);
        let what = format!("band {}", i + 1);
        let min = c.required(&b.min, &p, "min", &what).copied();
        let label = c.required(&b.label, &p, "label", &what).cloned();
        if let Some(m) = min {
            c.within(m, &p.key("min"), 0.0, 100.0);
        }
        if let (Some(min), Some(label)) = (min, label) {
            bands.push((i, Band { min, label }));
        }
    }
    for pair in bands.windows(2) {
        let ((_, a), (j, b)) = (&pair[0], &pair[1]);
        if b.min >= a.min {
            c.value(
                &path.index(*j).key("min"),
                format!(
                    "bands are not strictly descending: `{}` (min {}) follows `{}` (min {})",
                    b.label, b.min, a.label, a.min
                ),
                "list bands from the highest `min` to the lowest, each lower than the one before",
            );
        }
    }
    if let Some((j, last)) = bands.last()
        && last.min != 0.0
        && bands.len() == raw_bands.len()
    {
        c.value(
            &path.index(*j).key("min"),
            format!(
                "the last band `{}` starts at {}, not 0, so low scores would have no band",
                last.label, last.min
            ),
            "end the bands with `min: 0`",
        );
    }
    bands.into_iter().map(|(_, b)| b).collect()
}
