//! The problem collector every check writes to, and the small rules they share: required
//! fields, words from a fixed list, numbers within bounds, weights, and ids (their form and
//! uniqueness, with a suggested id when one is badly written).

use super::{MAX_WEIGHT, Problem, suggest_hint};
use crate::rubric::path::YamlPath;
use std::collections::HashSet;

/// Collects problems while the rubric is being built.
#[derive(Default)]
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
}

impl Checker {
    pub(super) fn value(&mut self, path: &YamlPath, message: impl Into<String>, hint: impl Into<String>) {
        self.push(path, false, message, hint);
    }

    pub(super) fn key(&mut self, path: &YamlPath, message: impl Into<String>, hint: impl Into<String>) {
        self.push(path, true, message, hint);
    }

    pub(super) fn push(&mut self, path: &YamlPath, at_key: bool, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(Problem {
            path: path.clone(),
            at_key,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// A required field: reports it missing (at its parent) and returns `None`.
    pub(super) fn required<'a, T>(
        &mut self,
        value: &'a Option<T>,
        parent: &YamlPath,
        field: &str,
        what: &str,
    ) -> Option<&'a T> {
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
    pub(super) fn word<T: Copy>(&mut self, value: &str, path: &YamlPath, choices: &[(&str, T)]) -> Option<T> {
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
    pub(super) fn within(&mut self, value: f64, path: &YamlPath, lo: f64, hi: f64) -> bool {
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
    pub(super) fn weight(&mut self, value: Option<f64>, path: &YamlPath) -> f64 {
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
    pub(super) fn id(
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
    pub(super) fn id_at(
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
pub(super) fn position(path: &YamlPath) -> usize {
    match path.0.last() {
        Some(crate::rubric::path::Seg::Index(i)) => i + 1,
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
