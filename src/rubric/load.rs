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
    let (index, yaml_problems) = yaml_index::index(text).map_err(|p| vec![diag(Some(p.pos), p.message, p.hint)])?;
    if !yaml_problems.is_empty() {
        // serde_yaml refuses duplicate keys outright, so nothing further can be checked.
        return Err(yaml_problems
            .into_iter()
            .map(|p| diag(Some(p.pos), p.message, p.hint))
            .collect());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let pos = e.location().map(|l| Pos {
            line: l.line(),
            col: l.column(),
        });
        vec![diag(
            pos,
            format!("YAML error: {}", strip_location(&e.to_string())),
            "fix the YAML at this position".to_string(),
        )]
    })?;
    if !value.is_mapping() {
        let what = if value.is_null() {
            "the file is empty"
        } else {
            "the file is not a mapping of fields"
        };
        return Err(vec![diag(
            Some(Pos { line: 1, col: 1 }),
            format!("{what}; a rubric starts with fields such as `id:`, `title:` and `sections:`"),
            "see the rubric format in the README or `qaudit rubric show call-quality --format json`".to_string(),
        )]);
    }
    let canonical = serde_yaml::to_string(&value).unwrap_or_default();

    let mut diags: Vec<Diagnostic> = yaml_problems
        .into_iter()
        .map(|p| diag(Some(p.pos), p.message, p.hint))
        .collect();
    let mut unknown = Vec::new();
    let raw: Result<RawRubric, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        value,
        &mut |path: serde_ignored::Path| unknown.push(YamlPath::from(&path)),
    ));
    for path in &unknown {
        let (message, hint) = unknown_field(path);
        diags.push(diag(index.nearest(path, true), message, hint));
    }
    match raw {
        Err(e) => {
            let path = YamlPath::from(e.path());
            let (message, hint) = type_error(&path, &e.inner().to_string());
            diags.push(diag(index.nearest(&path, false), message, hint));
        }
        Ok(raw) => match validate(&raw) {
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
                    diags.push(diag(locate(&index, &p.path, p.at_key), p.message, p.hint));
                }
            }
        },
    }
    diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    diags.dedup();
    Err(diags)
}

fn locate(index: &PositionIndex, path: &YamlPath, at_key: bool) -> Option<Pos> {
    index.nearest(path, at_key)
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    let plain = msg
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected a mapping of fields");
    let plain = match plain.strip_prefix("invalid type: ") {
        Some(rest) => format!("wrong type: found {rest}"),
        None => plain,
    };
    let field = path.last_key().unwrap_or("this value");
    let hint = if plain.contains("expected a list") {
        format!("write `{field}` as a list, one `- ` item per line")
    } else if plain.contains("expected a number") || plain.contains("expected a whole number") {
        format!("write `{field}` as a number without quotes")
    } else if plain.contains("true or false") {
        format!("write `{field}` as true or false")
    } else {
        format!("check the value of `{field}` against the rubric format")
    };
    (format!("`{path}`: {plain}"), hint)
}
