//! Rendering report data through templates.
//!
//! Templates live in `templates/` as `NAME.html`, `NAME.md` and `NAME.txt`, embedded at build
//! time; `--templates DIR` overrides any of them by file name. Labels come from
//! `templates/labels/common.yaml` and `templates/labels/NAME.yaml` (`key: { en: ..., es: ... }`)
//! and reach templates as `t`. Undefined variables are errors (a typo in a template must not
//! print an empty cell), and HTML and Markdown output escapes every value: HTML as HTML, Markdown
//! so that a value can neither inject HTML nor Markdown structure (`<`, `>`, `&` become entities;
//! `*`, `` ` ``, `[`, `]`, `|` and `\` are backslash-escaped; line breaks become spaces, so a value
//! cannot break a table row). Data is never evaluated as a template: `{{ 7*7 }}` in a comment is
//! printed as written.
//!
//! Besides minijinja's built-ins, templates get these filters: `score` (one decimal), `pct` (a
//! 0..1 share as a whole percentage), `signed(digits=1)` (`+3.2`, `-1.0`, `±0.0`), `duration`
//! (seconds as `m:ss`), `span` (seconds as `45 s`, `12 min`, `3.5 h`, `2.1 d`), `ljust(n)` and `rjust(n)` (pad, or shorten with `…`, to `n` characters,
//! for text tables), `wrap(width, indent)` (word-wrap for the terminal; later lines indented) and
//! `bar(width)` (a 0..100 score as a bar of block characters); each prints `–` for a missing
//! value (`none`). And these functions, which return inline SVG for HTML: `bar_chart(items,
//! title)` (items with `label`, `value`, `target`), `histogram(counts, mark, mark_label, title)`,
//! `dumbbell_chart(items, before_label, after_label, title)` (items with `label`, `before`,
//! `after`, `target`) and `diverging_chart(items, left_label, right_label, title, limit=1.0)`
//! (items with `label`, `value`) and `line_chart(series, step_label, title)` (series with
//! `label` and `values`, a 0..100 value or none per step); keyword arguments name other attributes, e.g.
//! `bar_chart(data.sections, title, label="title", value="score")`. `{% include "style.css" %}`
//! brings in the shared stylesheet.

mod charts;
mod filters;

pub use filters::{escape_markdown, fit, wrap};

use crate::lang::Lang;
use anyhow::{Context as _, Result};
use charts::add_charts;
use filters::{MARKDOWN, add_filters};
use include_dir::{Dir, include_dir};
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The formats a report renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Text,
}

impl ReportFormat {
    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Text => "txt",
        }
    }
}

/// A report that cannot be rendered through the user's own templates (a fault of a built-in
/// template is an internal error instead). The front end adds how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The templates folder given is not a folder.
    #[error("the templates folder {} is not a folder", dir.display())]
    NotAFolder { dir: PathBuf },
    /// A template of the user's does not render; `what` names it, the line and why.
    #[error("{what}")]
    Template { what: String },
}

/// Templates and labels, built-in or overridden.
pub struct Renderer {
    env: Environment<'static>,
    overrides: Option<PathBuf>,
}

impl Renderer {
    /// The built-in templates, with those in `overrides` (if given) taking their place.
    pub fn new(overrides: Option<&Path>) -> Result<Renderer> {
        if let Some(dir) = overrides
            && !dir.is_dir()
        {
            return Err(RenderError::NotAFolder { dir: dir.to_path_buf() }.into());
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else if name.ends_with(".md") {
                AutoEscape::Custom(MARKDOWN.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            let spanish = state.lookup("lang").as_ref().and_then(Value::as_str) == Some("es");
            let value = &if spanish { in_spanish(value) } else { value.clone() };
            match state.auto_escape() {
                AutoEscape::Custom(name) if name == MARKDOWN => {
                    if value.is_safe() {
                        out.write_str(value.as_str().unwrap_or_default())?;
                    } else {
                        out.write_str(&escape_markdown(&value.to_string()))?;
                    }
                    Ok(())
                }
                _ => minijinja::escape_formatter(out, state, value),
            }
        });
        add_filters(&mut env);
        add_charts(&mut env);
        let overrides = overrides.map(Path::to_path_buf);
        let dir = overrides.clone();
        env.set_loader(move |name| {
            if let Some(dir) = &dir {
                let path = dir.join(name);
                if path.is_file() {
                    return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    });
                }
            }
            Ok(TEMPLATES
                .get_file(name)
                .and_then(|f| f.contents_utf8())
                .map(str::to_string))
        });
        Ok(Renderer { env, overrides })
    }

    /// Renders report `name` (e.g. `feedback`) in `format` and `lang` with `data` as `data`.
    pub fn render(&self, name: &str, format: ReportFormat, lang: Lang, data: &impl Serialize) -> Result<String> {
        let template_name = format!("{name}.{}", format.extension());
        let labels = labels(name, lang)?;
        let mut data = serde_json::to_value(data)?;
        localise_dates(&mut data, lang);
        let ctx = minijinja::context! {
            data => Value::from(Serde(&data)),
            t => Value::from(Serde(&labels)),
            lang => Value::from(Serde(lang)),
        };
        let template = self
            .env
            .get_template(&template_name)
            .map_err(|e| self.template_error(&template_name, &e))?;
        template
            .render(ctx)
            .map_err(|e| self.template_error(&template_name, &e))
    }

    /// A template problem as a user error naming the template and line (when the template is
    /// the user's own) or as an internal error (a built-in template is ours to fix).
    fn template_error(&self, name: &str, e: &minijinja::Error) -> anyhow::Error {
        let overridden = self.overrides.as_ref().is_some_and(|d| d.join(name).is_file());
        let place = match e.line() {
            Some(line) => format!("{}:{line}", e.name().unwrap_or(name)),
            None => e.name().unwrap_or(name).to_string(),
        };
        let what = format!(
            "template {place}: {}",
            e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string())
        );
        if overridden {
            RenderError::Template { what }.into()
        } else {
            anyhow::anyhow!("built-in {what}")
        }
    }
}

/// Every day and time in the data written the language's way (`03/12/2026 19:02 CET` in
/// Spanish, see [`crate::dates::in_lang`]), and every number the code wrote as text with a
/// decimal comma in Spanish (`-0,458`), in one place, so that no template can print an ISO
/// day to a Spanish reader; the report's JSON (`--format json`) is not rendered, and keeps them.
fn localise_dates(value: &mut serde_json::Value, lang: Lang) {
    match value {
        serde_json::Value::String(text) => {
            if let Some(local) = crate::dates::in_lang(text, lang) {
                *text = local;
            } else if lang == Lang::Es && filters::is_decimal(text) {
                *text = filters::decimal_comma(text);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| localise_dates(v, lang)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| localise_dates(v, lang)),
        _ => {}
    }
}

/// A value as a Spanish report prints it: a decimal number with a decimal comma (a threshold
/// or a setting printed as it is, `2,0 h`), and the numbers a chart writes as text (not its
/// coordinates) likewise. Everything else unchanged.
fn in_spanish(value: &Value) -> Value {
    if value.kind() == minijinja::value::ValueKind::Number && !value.is_integer() {
        return Value::from(filters::decimal_comma(&value.to_string()));
    }
    match value.as_str() {
        // A number a template formatted itself (`"%.3f"|format(x)`).
        Some(text) if filters::is_decimal(text) => Value::from(filters::decimal_comma(text)),
        Some(svg) if value.is_safe() && svg.starts_with("<svg") => Value::from_safe_string(svg_text_in_spanish(svg)),
        _ => value.clone(),
    }
}

/// The text between an SVG's tags with decimal commas; attributes (coordinates) untouched.
fn svg_text_in_spanish(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut in_tag = false;
    let mut previous = ' ';
    let mut chars = svg.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '.' if !in_tag && previous.is_ascii_digit() && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push(',');
                previous = c;
                continue;
            }
            _ => {}
        }
        out.push(c);
        previous = c;
    }
    out
}

/// `common` labels merged with the report's own, in one language; the customer-voice
/// section's labels (`voice-kpis`) too, since several reports include that section.
fn labels(report: &str, lang: Lang) -> Result<BTreeMap<String, String>> {
    label_files(&["common", "voice-kpis", report], lang)
}

/// The built-in label files `names` (`templates/labels/NAME.yaml`) merged, later ones winning,
/// in one language; a key without the language falls back to English. Also what the terminal
/// output of scoring words itself with ([`crate::labels`]), so one file holds both languages.
pub fn label_files(names: &[&str], lang: Lang) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for file in names.iter().map(|n| format!("labels/{n}.yaml")) {
        let Some(text) = TEMPLATES.get_file(&file).and_then(|f| f.contents_utf8()) else {
            continue;
        };
        let table: BTreeMap<String, BTreeMap<String, String>> =
            serde_yaml::from_str(text).with_context(|| format!("built-in label file {file}"))?;
        let code = match lang {
            Lang::En => "en",
            Lang::Es => "es",
        };
        for (key, by_lang) in table {
            let text = by_lang
                .get(code)
                .or_else(|| by_lang.get("en"))
                .cloned()
                .unwrap_or_else(|| key.clone());
            out.insert(key, text);
        }
    }
    Ok(out)
}
