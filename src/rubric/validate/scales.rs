//! The answer scales: their kinds, bounds and choice options.

use super::checker::Checker;
use crate::rubric::model::*;
use crate::rubric::path::YamlPath;
use crate::rubric::raw::*;
use std::collections::HashSet;

/// Words an answer may take that no choice option may use as its key.
const RESERVED_ANSWERS: [&str; 5] = ["na", "yes", "no", "true", "false"];

pub(super) fn check_scales(c: &mut Checker, raw: &RawRubric) -> Vec<Scale> {
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

pub(super) fn check_options(
    c: &mut Checker,
    options: &serde_yaml::Mapping,
    path: &YamlPath,
    what: &str,
) -> Vec<(String, f64)> {
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
