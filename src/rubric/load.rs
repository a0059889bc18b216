//! Loading a rubric file: YAML text in, a validated `Rubric` or every problem out.
//!
//! The order of checks is what makes the errors useful: a YAML syntax error stops everything
//! (nothing else can be trusted), otherwise duplicate keys, unknown fields, wrong types and the
//! validation rules are all collected and reported together, sorted by line.

use super::fields::struct_fields;
use super::model::Rubric;
use super::path::{Seg, YamlPath};
use super::raw::*;
use super::validate::{suggest_hint, validate};
use super::yaml_index::{self, Pos, PositionIndex};
use sha2::{Digest, Sha256};
use std::fmt;

/// Rubric files larger than this are refused before parsing: no real scorecard comes close, and
/// a bound keeps a hostile file from exhausting memory.
pub const MAX_RUBRIC_BYTES: usize = 2 * 1024 * 1024;

/// One problem in a rubric file, placed where the parser or validator found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: String,
    /// The offending line of the file, for a caret display.
    pub source_line: Option<String>,
}

/// The hint of a file that is no rubric at all: where the format is described. A front end may
/// put its own way of showing a rubric in its place (the CLI names `rubric show`).
pub const FORMAT_HINT: &str =
    "see the rubric format in the README or the JSON form of a built-in rubric such as call-quality";

impl Diagnostic {
    /// `file:line:col` (or just `file` when the position is unknown).
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.col),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.location(), self.message)?;
        if let (Some(p), Some(line)) = (self.pos, &self.source_line) {
            let num = p.line.to_string();
            let pad = " ".repeat(num.len());
            // Tabs would misplace the caret; show them as one space each.
            let shown = line.replace('\t', " ");
            writeln!(f, "  {num} | {shown}")?;
            let caret_at = shown.chars().take(p.col.saturating_sub(1)).count();
            writeln!(f, "  {pad} | {}^", " ".repeat(caret_at))?;
        }
        write!(f, "  hint: {}", self.hint)
    }
}

/// A rubric that passed validation, with what the store keeps of it.
#[derive(Debug, Clone)]
pub struct LoadedRubric {
    pub rubric: Rubric,
    /// sha256 of the content, independent of comments and formatting.
    pub sha256: String,
    /// The file as written.
    pub yaml: String,
}

impl LoadedRubric {
    /// `file:line:col` of the node at `path` in the file as written (a problem found after
    /// loading, against the store), or `file` when it cannot be placed.
    pub fn location(&self, file: &str, path: &YamlPath) -> String {
        let text = self.yaml.strip_prefix('\u{feff}').unwrap_or(&self.yaml);
        let pos = yaml_index::index(text)
            .ok()
            .and_then(|(index, _)| index.nearest(path, false));
        Diagnostic {
            file: file.to_string(),
            pos,
            message: String::new(),
            hint: String::new(),
            source_line: None,
        }
        .location()
    }
}

/// Parses and validates rubric text. `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str) -> Result<LoadedRubric, Vec<Diagnostic>> {
    let diag = |pos: Option<Pos>, message: String, hint: String| Diagnostic {
        file: file.to_string(),
        pos,
        source_line: pos.and_then(|p| text.lines().nth(p.line.saturating_sub(1)).map(str::to_string)),
        message,
        hint,
    };
    if text.len() > MAX_RUBRIC_BYTES {
        return Err(vec![diag(
            None,
            format!(
                "the file is {} bytes; rubrics are limited to {} bytes",
                text.len(),
                MAX_RUBRIC_BYTES
            ),
            "a rubric is a scorecard of a few dozen criteria; check that this is the right file".to_string(),
        )]);
    }
    // A byte-order mark is legal at the start of a YAML file (some Windows editors write one)
    // and invisible in editors, so positions are counted without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (index, yaml_problems) = yaml_index::index(text).map_err(|p| vec![diag(Some(p.pos), p.message, p.hint)])?;
    if !yaml_problems.is_empty() {
        // serde_yaml refuses duplicate keys outright, so nothing further can be checked.
        return Err(yaml_problems
            .into_iter()
            .map(|p| diag(Some(p.pos), p.message, p.hint))
            .collect());
    }
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let pos = e.location().map(|l| Pos {
            line: l.line(),
            col: l.column(),
        });
        let (message, hint) = yaml_error(&strip_location(&e.to_string()));
        vec![diag(pos, message, hint)]
    })?;
    if !value.is_mapping() {
        let what = if value.is_null() {
            "the file is empty"
        } else {
            "the file is not a mapping of fields"
        };
        return Err(vec![diag(
            index.value(&YamlPath::root()).or(Some(Pos { line: 1, col: 1 })),
            format!("{what}; a rubric starts with fields such as `id:`, `title:` and `sections:`"),
            FORMAT_HINT.to_string(),
        )]);
    }
    // `<<: *anchor` merge keys are YAML's way to share fields; resolve them like a YAML 1.1 reader.
    if let Err(e) = value.apply_merge() {
        return Err(vec![diag(
            None,
            format!("YAML merge key error: {e}"),
            "a `<<:` merge key takes an alias of a mapping, e.g. `<<: *defaults`".to_string(),
        )]);
    }
    let canonical = serde_yaml::to_string(&value).unwrap_or_default();

    let (raw, unknown, type_errors) = deserialize_leniently(value);
    let mut diags: Vec<Diagnostic> = Vec::new();
    for path in dedup_aliased(&index, unknown) {
        let (message, hint) = unknown_field(&path);
        diags.push(diag(index.nearest(&path, true), message, hint));
    }
    for (path, msg) in &type_errors {
        let (message, hint) = type_error(path, msg);
        diags.push(diag(index.nearest(path, false), message, hint));
    }
    match validate(&raw) {
        Ok(rubric) if diags.is_empty() => {
            return Ok(LoadedRubric {
                rubric,
                sha256: hex(&Sha256::digest(canonical.as_bytes())),
                yaml: text.to_string(),
            });
        }
        Ok(_) => {}
        Err(problems) => {
            for p in problems {
                // A value with the wrong type was set aside; what validation says about it
                // (or anything below it) only repeats the type error.
                if type_errors.iter().any(|(bad, _)| follows_from(&p.path, bad)) {
                    continue;
                }
                diags.push(diag(locate(&index, &p.path, p.at_key), p.message, p.hint));
            }
        }
    }
    diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    diags.dedup();
    Err(diags)
}

/// Whether a validation problem at `path` is a consequence of the type error at `bad`: it is
/// about the bad value itself or what lies below it, or about a sibling field of the same
/// section, criterion, scale or flag (whose rules read the fields together).
fn follows_from(path: &YamlPath, bad: &YamlPath) -> bool {
    path.0.starts_with(&bad.0) || (bad.0.len() >= 3 && path.0.starts_with(&bad.parent().0))
}

/// How many wrongly typed values one file may have before the loader stops looking for more.
const MAX_TYPE_ERRORS: usize = 50;

/// Deserialises the raw rubric, setting aside every value of the wrong type (serde stops at the
/// first one): each is recorded, replaced by null (or, in a list, by an empty mapping) and the
/// document is read again. Returns the raw rubric, the unknown fields and the type errors.
fn deserialize_leniently(mut value: serde_yaml::Value) -> (RawRubric, Vec<YamlPath>, Vec<(YamlPath, String)>) {
    let mut type_errors = Vec::new();
    loop {
        let mut unknown = Vec::new();
        let result: Result<RawRubric, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
            value.clone(),
            &mut |path: serde_ignored::Path| unknown.push(YamlPath::from(&path)),
        ));
        match result {
            Ok(raw) => return (raw, unknown, type_errors),
            Err(e) => {
                let path = YamlPath::from(e.path());
                let replaced = type_errors.len() < MAX_TYPE_ERRORS && set_aside(&mut value, &path);
                type_errors.push((path, e.inner().to_string()));
                if !replaced {
                    let empty = serde_yaml::Value::Mapping(Default::default());
                    let raw = serde_yaml::from_value(empty).expect("every raw field is optional");
                    return (raw, unknown, type_errors);
                }
            }
        }
    }
}

/// Replaces the node at `path` by null (in a mapping) or an empty mapping (in a list); false
/// when there is nothing left to replace.
fn set_aside(value: &mut serde_yaml::Value, path: &YamlPath) -> bool {
    let Some((last, parents)) = path.0.split_last() else {
        return false;
    };
    let mut node = value;
    for seg in parents {
        node = match (seg, node) {
            (Seg::Key(k), serde_yaml::Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), serde_yaml::Value::Sequence(s)) => match s.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Seg::Key(k), serde_yaml::Value::Mapping(m)) => {
            // The key may be written as a number (`labels: { 1: ... }`); match it as text.
            let key = m
                .keys()
                .find(|key| scalar_text(key).as_deref() == Some(k.as_str()))
                .cloned();
            match key {
                Some(key) if !m[&key].is_null() => {
                    m.insert(key, serde_yaml::Value::Null);
                    true
                }
                Some(key) => m.remove(&key).is_some(),
                None => false,
            }
        }
        (Seg::Index(i), serde_yaml::Value::Sequence(s)) if *i < s.len() => {
            let empty = serde_yaml::Value::Mapping(Default::default());
            if s[*i] == empty {
                return false;
            }
            s[*i] = empty;
            true
        }
        _ => false,
    }
}

fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A field inside an aliased mapping is seen once per alias; report it where it is written.
fn dedup_aliased(index: &PositionIndex, unknown: Vec<YamlPath>) -> Vec<YamlPath> {
    let written: Vec<&YamlPath> = unknown.iter().filter(|p| index.has_key(p)).collect();
    let keep: Vec<YamlPath> = unknown
        .iter()
        .filter(|p| index.has_key(p) || !written.iter().any(|w| w.last_key() == p.last_key()))
        .cloned()
        .collect();
    keep
}

/// serde_yaml's parse errors in plain words.
fn yaml_error(msg: &str) -> (String, String) {
    if msg.contains("more than one document") {
        return (
            "the file holds more than one document (a second `---`)".to_string(),
            "keep one rubric per file; remove the second `---` and what follows, or split the file".to_string(),
        );
    }
    if msg.contains("as u128") || msg.contains("as i128") {
        let field = msg.split(':').next().unwrap_or("a value");
        return (
            format!("`{field}` is too large to be a whole number qaudit can read"),
            format!("give `{field}` a sensible whole number"),
        );
    }
    (
        format!("YAML error: {msg}"),
        "fix the YAML at this position".to_string(),
    )
}

fn locate(index: &PositionIndex, path: &YamlPath, at_key: bool) -> Option<Pos> {
    index.nearest(path, at_key)
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    // One allocation, no formatting machinery: `verify` hexes every record digest of the log.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic shows it already.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Which raw struct a path's parent mapping deserialises into, with a name for messages.
fn known_fields(parent: &YamlPath) -> Option<(&'static [&'static str], String)> {
    let segs = &parent.0;
    let key = |i: usize| match segs.get(i) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    match segs.len() {
        0 => Some((struct_fields::<RawRubric>(), "the rubric".to_string())),
        2 if key(0) == Some("bands") => Some((struct_fields::<RawBand>(), "a band".to_string())),
        2 if key(0) == Some("scales") => Some((
            struct_fields::<RawScale>(),
            format!("scale `{}`", key(1).unwrap_or("?")),
        )),
        2 if key(0) == Some("sections") => Some((struct_fields::<RawSection>(), "a section".to_string())),
        2 if key(0) == Some("flags") => Some((struct_fields::<RawFlag>(), "a flag rule".to_string())),
        4 if key(0) == Some("sections") && key(2) == Some("criteria") => {
            Some((struct_fields::<RawCriterion>(), "a criterion".to_string()))
        }
        _ => None,
    }
}

fn unknown_field(path: &YamlPath) -> (String, String) {
    let field = path.last_key().unwrap_or("?");
    match known_fields(&path.parent()) {
        Some((fields, owner)) => (
            format!("unknown field `{field}` in {owner} (at `{path}`)"),
            suggest_hint(field, fields, &format!("fields allowed here: {}", fields.join(", "))),
        ),
        None => (format!("unknown field `{field}` at `{path}`"), "remove it".to_string()),
    }
}

/// Rewrites serde's "invalid type: string \"x\", expected f64" into plain words.
fn type_error(path: &YamlPath, msg: &str) -> (String, String) {
    let mut plain = msg
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a mapping of fields");
    if let Some(i) = plain.find("expected struct Raw") {
        plain.truncate(i);
        plain.push_str("expected a mapping of fields");
    }
    let plain = match plain.strip_prefix("invalid type: ") {
        Some(rest) => format!("wrong type: found {rest}"),
        None => plain,
    };
    let field = format!(
        "`{}`",
        path.last_key().map(str::to_string).unwrap_or_else(|| path.to_string())
    );
    let hint = if path.0.len() > 1 && path.parent().last_key() == Some("labels") {
        "label keys are whole numbers on the scale, e.g. `labels: { 1: Poor, 5: Excellent }`".to_string()
    } else if plain.contains("expected a list") {
        format!("write {field} as a list, one `- ` item per line")
    } else if plain.contains("expected a number") || plain.contains("expected a whole number") {
        format!("write {field} as a number without quotes")
    } else if plain.contains("true or false") {
        format!("write {field} as true or false")
    } else if plain.contains("expected a mapping") {
        format!("write {field} as indented `field: value` lines")
    } else {
        format!("check the value of {field} against the rubric format")
    };
    (format!("`{path}`: {plain}"), hint)
}
