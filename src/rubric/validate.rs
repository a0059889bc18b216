//! Validation: raw serde shape in, domain `Rubric` out, or every problem found.
//!
//! Each rule of DESIGN.md section 2 is one check here. Problems carry the YAML path of the
//! offending node; the loader turns paths into `file:line:col`. Validation never stops at the
//! first problem: a rubric author fixes a file in one pass.

use super::model::*;
use super::path::YamlPath;
use super::raw::*;
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

/// Collects problems while the rubric is being built.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn value(&mut self, path: &YamlPath, message: impl Into<String>, hint: impl Into<String>) {
        self.push(path, false, message, hint);
    }

    fn key(&mut self, path: &YamlPath, message: impl Into<String>, hint: impl Into<String>) {
        self.push(path, true, message, hint);
    }

    fn push(&mut self, path: &YamlPath, at_key: bool, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(Problem {
            path: path.clone(),
            at_key,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// A required field: reports it missing (at its parent) and returns `None`.
    fn required<'a, T>(&mut self, value: &'a Option<T>, parent: &YamlPath, field: &str, what: &str) -> Option<&'a T> {
        if value.is_none() {
            // Placed at the key when it is written without a value, else at the parent.
            self.key(
                &parent.key(field),
                format!("{what} has no `{field}`"),
                format!("add `{field}:` to {what}"),
            );
        }
        value.as_ref()
    }

    /// One of a fixed set of words.
    fn word<T: Copy>(&mut self, value: &str, path: &YamlPath, choices: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = choices.iter().find(|(w, _)| *w == value) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
        let field = path.last_key().unwrap_or("value");
        self.value(
            path,
            format!("`{field}` is `{value}`, which is not one of {}", names.join(", ")),
            suggest_hint(value, &names, &format!("use one of: {}", names.join(", "))),
        );
        None
    }

    /// A number within `lo..=hi`.
    fn within(&mut self, value: f64, path: &YamlPath, lo: f64, hi: f64) -> bool {
        if !value.is_finite() || value < lo || value > hi {
            let field = path.last_key().unwrap_or("value");
            self.value(
                path,
                format!("`{field}` is {value}, outside {lo}..{hi}"),
                format!("give `{field}` a number from {lo} to {hi}"),
            );
            return false;
        }
        true
    }

    /// A weight: positive, finite and at most [`MAX_WEIGHT`] (larger ones overflow the weighted
    /// sums to infinity and every score would fail); 1 when absent.
    fn weight(&mut self, value: Option<f64>, path: &YamlPath) -> f64 {
        match value {
            None => 1.0,
            Some(w) if w.is_finite() && w > 0.0 && w <= MAX_WEIGHT => w,
            Some(w) => {
                let shown = if w.is_finite() && w.abs() >= 1e7 {
                    format!("{w:e}")
                } else {
                    w.to_string()
                };
                self.value(
                    path,
                    format!("`weight` is {shown}; weights must be positive, finite and at most 1000000"),
                    "give a number greater than 0 and at most 1000000, or leave `weight` out for the default of 1",
                );
                1.0
            }
        }
    }

    /// An id made of the allowed characters, unique among `seen`.
    fn id(
        &mut self,
        value: &str,
        path: &YamlPath,
        allow_underscore: bool,
        seen: &mut HashSet<String>,
        what: &str,
    ) -> bool {
        self.id_at(value, path, allow_underscore, seen, what, false)
    }

    /// Like `id`, for ids that are mapping keys (scale and option names): placed at the key.
    fn id_at(
        &mut self,
        value: &str,
        path: &YamlPath,
        allow_underscore: bool,
        seen: &mut HashSet<String>,
        what: &str,
        at_key: bool,
    ) -> bool {
        let ok_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (allow_underscore && c == '_');
        let allowed = if allow_underscore { "[a-z0-9_-]" } else { "[a-z0-9-]" };
        let mut ok = true;
        if value.is_empty() {
            self.push(
                path,
                at_key,
                format!("a {what} id is empty"),
                format!(
                    "give the {what} an id such as `{}`",
                    if allow_underscore { "my_id" } else { "my-id" }
                ),
            );
            ok = false;
        } else if !value.chars().all(ok_char) {
            self.push(
                path,
                at_key,
                format!("{what} id `{value}` has characters outside {allowed}"),
                format!(
                    "use lowercase ASCII letters, digits{} and hyphens, e.g. `{}`",
                    if allow_underscore { ", underscores" } else { "" },
                    slug(value, allow_underscore)
                ),
            );
            ok = false;
        }
        if !seen.insert(value.to_string()) {
            self.push(
                path,
                at_key,
                format!("duplicate {what} id `{value}`"),
                format!("each {what} needs its own id; rename one of them"),
            );
            ok = false;
        }
        ok
    }
}

/// The 1-based position of the list item a path ends in.
fn position(path: &YamlPath) -> usize {
    match path.0.last() {
        Some(super::path::Seg::Index(i)) => i + 1,
        _ => 1,
    }
}

/// A suggested id built from whatever the author wrote.
fn slug(value: &str, allow_underscore: bool) -> String {
    let sep = if allow_underscore { '_' } else { '-' };
    let s: String = value
        .to_lowercase()
        .chars()
        .map(unaccent)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { sep })
        .collect();
    let s = s.trim_matches(sep).to_string();
    if s.is_empty() { "my-id".to_string() } else { s }
}

/// The letter without its accent, for the Spanish and Portuguese letters rubric authors type.
fn unaccent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
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
        None => Some(Language::En),
        Some(l) => c.word(l, &root.key("language"), &[("en", Language::En), ("es", Language::Es)]),
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

/// Words an answer may take that no choice option may use as its key.
const RESERVED_ANSWERS: [&str; 5] = ["na", "yes", "no", "true", "false"];

fn check_scales(c: &mut Checker, raw: &RawRubric) -> Vec<Scale> {
    let path = YamlPath::root().key("scales");
    let Some(raw_scales) = &raw.scales else {
        c.key(
            &YamlPath::root().key("scales"),
            "the rubric has no `scales`",
            "declare the scales criteria use, e.g. `scales: { yes_no: { type: binary } }`",
        );
        return Vec::new();
    };
    let mut scales = Vec::new();
    let mut seen = HashSet::new();
    for (name, s) in raw_scales {
        let p = path.key(name);
        let what = format!("scale `{name}`");
        if !c.id_at(name, &p, true, &mut seen, "scale", true) {
            continue;
        }
        let Some(kind) = c.required(&s.kind, &p, "type", &what) else {
            continue;
        };
        let Some(kind) = c.word(kind, &p.key("type"), &[("binary", 0), ("range", 1), ("choice", 2)]) else {
            continue;
        };
        let not_for = |c: &mut Checker, present: bool, field: &str, kind_name: &str| {
            if present {
                c.key(
                    &p.key(field),
                    format!("`{field}` does not apply to {what}, a {kind_name} scale"),
                    format!("remove `{field}` from {what}"),
                );
            }
        };
        let kind = match kind {
            0 => {
                not_for(c, s.min.is_some(), "min", "binary");
                not_for(c, s.max.is_some(), "max", "binary");
                not_for(c, s.labels.is_some(), "labels", "binary");
                not_for(c, s.options.is_some(), "options", "binary");
                ScaleKind::Binary
            }
            1 => {
                not_for(c, s.options.is_some(), "options", "range");
                let min = c.required(&s.min, &p, "min", &what).copied();
                let max = c.required(&s.max, &p, "max", &what).copied();
                let (Some(min), Some(max)) = (min, max) else { continue };
                if min >= max {
                    c.value(
                        &p.key("max"),
                        format!("{what} has min {min} and max {max}; min must be below max"),
                        "e.g. `min: 1, max: 5`",
                    );
                    continue;
                }
                let mut labels = Vec::new();
                for (v, label) in s.labels.iter().flatten() {
                    if *v < min || *v > max {
                        c.key(
                            &p.key("labels").key(&v.to_string()),
                            format!("{what} labels the value {v}, outside {min}..{max}"),
                            format!("label only values from {min} to {max}"),
                        );
                    }
                    labels.push((*v, label.clone()));
                }
                ScaleKind::Range { min, max, labels }
            }
            _ => {
                not_for(c, s.min.is_some(), "min", "choice");
                not_for(c, s.max.is_some(), "max", "choice");
                not_for(c, s.labels.is_some(), "labels", "choice");
                let Some(written) = c.required(&s.options, &p, "options", &what) else {
                    continue;
                };
                if written.len() < 2 {
                    c.value(
                        &p.key("options"),
                        format!("{what} has {} option(s); a choice needs at least two", written.len()),
                        "add options such as `{ met: 1.0, partly: 0.5, not_met: 0.0 }`",
                    );
                    continue;
                }
                let options = check_options(c, written, &p.key("options"), &what);
                if options.len() < written.len() {
                    continue; // each bad option is reported already
                }
                ScaleKind::Choice { options }
            }
        };
        scales.push(Scale {
            name: name.clone(),
            kind,
        });
    }
    scales
}

fn check_options(c: &mut Checker, options: &serde_yaml::Mapping, path: &YamlPath, what: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (k, v) in options {
        let key = match k {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            _ => {
                c.value(
                    path,
                    format!("{what} has an option whose name is not a plain word"),
                    "name options with plain words such as `met` or `not_met`",
                );
                continue;
            }
        };
        let p = path.key(&key);
        if !c.id_at(&key, &p, true, &mut seen, "option", true) {
            continue;
        }
        if RESERVED_ANSWERS.contains(&key.as_str()) {
            c.key(
                &p,
                format!("{what} has an option named `{key}`, a word reserved for binary and N/A answers"),
                "rename the option, e.g. `met` / `not_met`",
            );
            continue;
        }
        match v.as_f64() {
            Some(x) if x.is_finite() && (0.0..=1.0).contains(&x) => out.push((key, x)),
            Some(x) => c.value(
                &p,
                format!("{what} gives option `{key}` the value {x}, outside 0..1"),
                "option values are normalised scores from 0.0 (worst) to 1.0 (best)",
            ),
            None => c.value(
                &p,
                format!("{what} gives option `{key}` a value that is not a number"),
                "option values are numbers from 0.0 to 1.0",
            ),
        }
    }
    out
}

fn check_sections(c: &mut Checker, raw: &RawRubric, scales: &[Scale], pass_mark: f64) -> Vec<Section> {
    let path = YamlPath::root().key("sections");
    let Some(raw_sections) = &raw.sections else {
        c.key(
            &YamlPath::root().key("sections"),
            "the rubric has no `sections`",
            "add `sections:` with at least one section of criteria",
        );
        return Vec::new();
    };
    if raw_sections.is_empty() {
        c.value(
            &path,
            "`sections` is empty: the rubric scores nothing",
            "add at least one section with criteria",
        );
    }
    let declared: Vec<&str> = raw.scales.iter().flat_map(|m| m.keys().map(String::as_str)).collect();
    let mut seen = HashSet::new();
    let mut sections = Vec::new();
    for (i, s) in raw_sections.iter().enumerate() {
        let p = path.index(i);
        let what = match &s.id {
            Some(id) => format!("section `{id}`"),
            None => format!("section {}", i + 1),
        };
        let id = c.required(&s.id, &p, "id", &what).cloned().unwrap_or_default();
        if s.id.is_some() {
            c.id(&id, &p.key("id"), true, &mut seen, "section");
        }
        let title = c.required(&s.title, &p, "title", &what).cloned().unwrap_or_default();
        let weight = c.weight(s.weight, &p.key("weight"));
        let target = match s.target {
            Some(t) => {
                c.within(t, &p.key("target"), 0.0, 100.0);
                t
            }
            None => pass_mark,
        };
        let mut criteria = Vec::new();
        match &s.criteria {
            None => c.key(
                &p.key("criteria"),
                format!("{what} has no `criteria`"),
                format!("add `criteria:` with at least one criterion to {what}"),
            ),
            Some(list) if list.is_empty() => c.value(
                &p.key("criteria"),
                format!("{what} has no criteria"),
                format!("add at least one criterion to {what}, or remove the section"),
            ),
            Some(list) => {
                let mut seen_c = HashSet::new();
                for (j, rc) in list.iter().enumerate() {
                    let cp = p.key("criteria").index(j);
                    if let Some(cr) =
                        check_criterion(c, rc, &cp, &id, scales, raw.scales.is_none(), &declared, &mut seen_c)
                    {
                        criteria.push(cr);
                    }
                }
            }
        }
        sections.push(Section {
            id,
            title,
            weight,
            target,
            criteria,
        });
    }
    sections
}

#[allow(clippy::too_many_arguments)]
fn check_criterion(
    c: &mut Checker,
    rc: &RawCriterion,
    p: &YamlPath,
    section_id: &str,
    scales: &[Scale],
    raw_scales_missing: bool,
    declared: &[&str],
    seen: &mut HashSet<String>,
) -> Option<Criterion> {
    let what = match &rc.id {
        Some(id) => format!("criterion `{section_id}.{id}`"),
        None => format!("criterion {} of section `{section_id}`", position(p)),
    };
    let id = c.required(&rc.id, p, "id", &what).cloned();
    if let Some(id) = &id {
        c.id(id, &p.key("id"), true, seen, "criterion");
    }
    let text = c.required(&rc.text, p, "text", &what).cloned();
    let employee_text = rc.employee_text.as_ref().and_then(|t| {
        if t.trim().is_empty() {
            c.value(
                &p.key("employee_text"),
                format!("{what} has an empty `employee_text`"),
                "write the criterion as the employee's sheet should read it, or remove `employee_text`",
            );
            None
        } else {
            Some(t.trim().to_string())
        }
    });
    let scale = match c.required(&rc.scale, p, "scale", &what) {
        Some(name) => match scales.iter().find(|s| &s.name == name) {
            Some(s) => Some(s.clone()),
            // A declared scale with problems of its own, or no `scales` at all: reported already.
            None if declared.contains(&name.as_str()) || raw_scales_missing => None,
            None => {
                c.value(
                    &p.key("scale"),
                    format!("{what} uses scale `{name}`, which `scales` does not declare"),
                    suggest_hint(
                        name,
                        declared,
                        &format!(
                            "declare `{name}` under `scales`, or use one of: {}",
                            declared.join(", ")
                        ),
                    ),
                );
                None
            }
        },
        None => None,
    };
    let weight = c.weight(rc.weight, &p.key("weight"));
    let critical = rc.critical.unwrap_or(false);
    let fail_below = match (critical, rc.fail_below) {
        (false, Some(_)) => {
            c.key(
                &p.key("fail_below"),
                format!("{what} has `fail_below` but is not critical"),
                "add `critical: true`, or remove `fail_below`",
            );
            None
        }
        // The author wrote `critical: true` and meant "a bad answer fails": the scale's default.
        (true, None) => scale.as_ref().map(|s| s.kind.default_fail_below()),
        (true, Some(f)) => {
            if !f.is_finite() || f <= 0.0 || f > 1.0 {
                c.value(
                    &p.key("fail_below"),
                    format!("{what} has `fail_below: {f}`, outside (0, 1]: it could never fail"),
                    "give a normalised score above 0 and at most 1, e.g. 0.5",
                );
            }
            Some(f)
        }
        (false, None) => None,
    };
    let comment_required_below = rc.comment_required_below.and_then(|f| {
        if !f.is_finite() || f <= 0.0 || f > 1.0 {
            c.value(
                &p.key("comment_required_below"),
                format!("{what} has `comment_required_below: {f}`, outside (0, 1]"),
                "give a normalised score above 0 and at most 1, e.g. 0.5",
            );
            None
        } else {
            Some(f)
        }
    });
    let kpi = rc.kpi.as_ref().and_then(|k| {
        c.word(
            k,
            &p.key("kpi"),
            &[("resolution", Kpi::Resolution), ("first_contact", Kpi::FirstContact)],
        )
    });
    let (id, text, scale) = (id?, text?, scale?);
    Some(Criterion {
        key: format!("{section_id}.{id}"),
        id,
        text,
        employee_text,
        scale,
        weight,
        na: rc.na.unwrap_or(false),
        critical,
        fail_below,
        comment_required_below,
        kpi,
        guidance: rc.guidance.clone(),
        coaching: rc.coaching.clone(),
    })
}

fn check_flags(c: &mut Checker, raw: &RawRubric) -> Vec<FlagRule> {
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
        if f.average_at_least.is_none()
            && f.average_below.is_none()
            && f.max_critical_failures.is_none()
            && f.critical_failures_at_least.is_none()
        {
            c.value(
                &p,
                format!("{what} names no condition, so it would fire for everyone"),
                "add a condition: average_at_least, average_below, max_critical_failures or critical_failures_at_least",
            );
        }
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
            if f.average_at_least.is_none() && f.average_below.is_none() {
                c.key(
                    &p.key("confidence"),
                    format!("{what} has `confidence` but no average condition for it to apply to"),
                    "add `average_below` or `average_at_least`, or remove `confidence`",
                );
            }
            // Small samples said plainly (issue 16): a t bound over two scores is too wide to
            // mean anything (t = 6.31 at 90%), and one over fewer does not exist.
            if f.min_evaluations
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
            });
        }
    }
    flags
}
