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
//! (seconds as `m:ss`), `ljust(n)` and `rjust(n)` (pad, or shorten with `…`, to `n` characters,
//! for text tables), `wrap(width, indent)` (word-wrap for the terminal; later lines indented) and
//! `bar(width)` (a 0..100 score as a bar of block characters); each prints `–` for a missing
//! value (`none`). And these functions, which return inline SVG for HTML: `bar_chart(items,
//! title)` (items with `label`, `value`, `target`), `histogram(counts, mark, mark_label, title)`,
//! `dumbbell_chart(items, before_label, after_label, title)` (items with `label`, `before`,
//! `after`, `target`) and `diverging_chart(items, left_label, right_label, title, limit=1.0)`
//! (items with `label`, `value`); keyword arguments name other attributes, e.g.
//! `bar_chart(data.sections, title, label="title", value="score")`. `{% include "style.css" %}`
//! brings in the shared stylesheet.

use crate::error::UserError;
use crate::lang::Lang;
use crate::output::{Format, Output};
use crate::report::ReportOptions;
use anyhow::{Context as _, Result};
use include_dir::{Dir, include_dir};
use minijinja::value::{Kwargs, Serde};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
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
            return Err(UserError::new(
                format!("--templates {} is not a folder", dir.display()),
                "give a folder holding templates named like the built-in ones, e.g. feedback.html",
            )
            .into());
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
        env.set_formatter(|out, state, value| match state.auto_escape() {
            AutoEscape::Custom(name) if name == MARKDOWN => {
                if value.is_safe() {
                    out.write_str(value.as_str().unwrap_or_default())?;
                } else {
                    out.write_str(&escape_markdown(&value.to_string()))?;
                }
                Ok(())
            }
            _ => minijinja::escape_formatter(out, state, value),
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
        let ctx = minijinja::context! {
            data => Value::from(Serde(data)),
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
            UserError::new(
                what,
                "check the template against the report's data: `--format json` shows every field, under `data`",
            )
            .into()
        } else {
            anyhow::anyhow!("built-in {what}")
        }
    }
}

/// The name of the Markdown auto-escape mode.
const MARKDOWN: &str = "markdown";

/// Escapes a value for Markdown: entities for what HTML would read, a backslash for what
/// Markdown would read as emphasis, code, links or table cells, and spaces for line breaks.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' if out.is_empty() => out.push_str("\\#"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(' ');
                }
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A value as text for the text filters: `–` when missing.
fn text_of(v: &Value) -> String {
    if v.is_none() || v.is_undefined() {
        "–".to_string()
    } else {
        v.to_string()
    }
}

fn number(v: &Value) -> Option<f64> {
    if v.is_none() || v.is_undefined() {
        None
    } else {
        f64::try_from(v.clone()).ok()
    }
}

fn not_a_number(filter: &str, v: &Value) -> minijinja::Error {
    minijinja::Error::new(
        ErrorKind::InvalidOperation,
        format!("`{filter}` needs a number or none, not {}", v.kind()),
    )
}

/// `text` padded with spaces to `width` characters, or shortened to it with `…`.
pub fn fit(text: &str, width: usize, right: bool) -> String {
    let n = text.chars().count();
    if n > width {
        let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
        if width > 0 {
            short.push('…');
        }
        return short;
    }
    let pad = " ".repeat(width - n);
    if right {
        format!("{pad}{text}")
    } else {
        format!("{text}{pad}")
    }
}

/// Word-wraps `text` to lines of at most `width` characters; lines after the first are
/// prefixed with `indent` spaces (so a template can start the first line after a label of that
/// width). Words longer than a line are left whole. Existing line breaks are kept.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += w;
        }
        lines.push(line);
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 || l.is_empty() {
                l.clone()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn add_filters(env: &mut Environment<'static>) {
    env.add_filter(
        "score",
        |state: &minijinja::State, v: Value| -> Result<String, minijinja::Error> {
            match number(&v) {
                Some(x) => Ok(localise(state, format!("{x:.1}"))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("score", &v)),
            }
        },
    );
    env.add_filter("pct", |v: Value| -> Result<String, minijinja::Error> {
        match number(&v) {
            Some(x) => Ok(format!("{:.0}%", x * 100.0)),
            None if v.is_none() => Ok("–".into()),
            None => Err(not_a_number("pct", &v)),
        }
    });
    env.add_filter(
        "signed",
        |state: &minijinja::State, v: Value, digits: Option<usize>| -> Result<String, minijinja::Error> {
            let digits = digits.unwrap_or(1);
            match number(&v) {
                Some(x) if x.abs() < 0.5 * 10f64.powi(-(digits as i32)) => {
                    Ok(localise(state, format!("±{:.digits$}", 0.0)))
                }
                Some(x) => Ok(localise(state, format!("{x:+.digits$}"))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("signed", &v)),
            }
        },
    );
    env.add_filter("duration", |v: Value| -> Result<String, minijinja::Error> {
        match number(&v) {
            Some(x) => {
                let s = x.round().max(0.0) as u64;
                Ok(if s >= 3600 {
                    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                } else {
                    format!("{}:{:02}", s / 60, s % 60)
                })
            }
            None if v.is_none() => Ok("–".into()),
            None => Err(not_a_number("duration", &v)),
        }
    });
    env.add_filter("ljust", |v: Value, width: usize| fit(&text_of(&v), width, false));
    env.add_filter("rjust", |v: Value, width: usize| fit(&text_of(&v), width, true));
    env.add_filter("bar", |v: Value, width: usize| match number(&v) {
        Some(x) => {
            let full = ((x.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
            format!("{}{}", "█".repeat(full), "░".repeat(width - full))
        }
        None => " ".repeat(width),
    });
    env.add_filter("wrap", |v: Value, width: Option<usize>, indent: Option<usize>| {
        wrap(&text_of(&v), width.unwrap_or(78), indent.unwrap_or(0))
    });
}

/// A formatted number in the report's language: Spanish writes the decimal comma (`64,5`).
fn localise(state: &minijinja::State, formatted: String) -> String {
    match state.lookup("lang").as_ref().and_then(Value::as_str) {
        Some("es") => decimal_comma(&formatted),
        _ => formatted,
    }
}

/// `64.5` as Spanish writes it, `64,5`.
fn decimal_comma(formatted: &str) -> String {
    formatted.replace('.', ",")
}

/// `item.key` as a number, `None` when missing or none.
fn attr_number(item: &Value, key: &str) -> Option<f64> {
    item.get_attr(key).ok().and_then(|v| number(&v))
}

fn attr_text(item: &Value, key: &str) -> String {
    item.get_attr(key)
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_none())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn items(v: &Value) -> Result<Vec<Value>, minijinja::Error> {
    Ok(v.try_iter()?.collect())
}

/// A keyword argument naming which attribute of the items to read, or `default`.
fn key(kwargs: &Kwargs, name: &str, default: &str) -> Result<String, minijinja::Error> {
    Ok(kwargs
        .get::<Option<String>>(name)?
        .unwrap_or_else(|| default.to_string()))
}

/// Chart functions. Each takes a list of items and reads their attributes, named by keyword
/// arguments so that a report's own rows can be charted as they are: `bar_chart(rows, title,
/// label="title", value="score", target="target")`. Items whose value is none are left out of
/// bar charts.
fn add_charts(env: &mut Environment<'static>) {
    env.add_function("bar_chart", |list: Value, title: Option<String>, kwargs: Kwargs| {
        let (l, v, t) = (
            key(&kwargs, "label", "label")?,
            key(&kwargs, "value", "value")?,
            key(&kwargs, "target", "target")?,
        );
        kwargs.assert_all_used()?;
        let rows: Vec<(String, f64, Option<f64>)> = items(&list)?
            .iter()
            .filter_map(|i| Some((attr_text(i, &l), attr_number(i, &v)?, attr_number(i, &t))))
            .collect();
        Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::bars_titled(
            &rows,
            title.as_deref().unwrap_or(""),
        )))
    });
    env.add_function(
        "histogram",
        |counts: Value, mark: Option<f64>, mark_label: Option<String>, title: Option<String>| {
            let mut bins = [0u64; 10];
            for (i, c) in items(&counts)?.iter().take(10).enumerate() {
                bins[i] = number(c).unwrap_or(0.0).max(0.0) as u64;
            }
            Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::histogram(
                &bins,
                mark,
                mark_label.as_deref().unwrap_or(""),
                title.as_deref().unwrap_or(""),
            )))
        },
    );
    env.add_function(
        "dumbbell_chart",
        |list: Value, before_label: String, after_label: String, title: Option<String>, kwargs: Kwargs| {
            let l = key(&kwargs, "label", "label")?;
            let b = key(&kwargs, "before", "before")?;
            let a = key(&kwargs, "after", "after")?;
            let t = key(&kwargs, "target", "target")?;
            kwargs.assert_all_used()?;
            let rows: Vec<super::svg::Change> = items(&list)?
                .iter()
                .map(|i| {
                    (
                        attr_text(i, &l),
                        attr_number(i, &b),
                        attr_number(i, &a),
                        attr_number(i, &t),
                    )
                })
                .collect();
            Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::dumbbell(
                &rows,
                &before_label,
                &after_label,
                title.as_deref().unwrap_or(""),
            )))
        },
    );
    env.add_function(
        "diverging_chart",
        |list: Value, left: String, right: String, title: Option<String>, kwargs: Kwargs| {
            let (l, v) = (key(&kwargs, "label", "label")?, key(&kwargs, "value", "value")?);
            let limit = kwargs.get::<Option<f64>>("limit")?.unwrap_or(1.0);
            kwargs.assert_all_used()?;
            let rows: Vec<(String, Option<f64>)> = items(&list)?
                .iter()
                .map(|i| (attr_text(i, &l), attr_number(i, &v)))
                .collect();
            Ok::<_, minijinja::Error>(Value::from_safe_string(super::svg::diverging(
                &rows,
                limit,
                &left,
                &right,
                title.as_deref().unwrap_or(""),
            )))
        },
    );
}

/// `common` labels merged with the report's own, in one language.
fn labels(report: &str, lang: Lang) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for file in ["labels/common.yaml".to_string(), format!("labels/{report}.yaml")] {
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

/// The format a report is written in: `--format` if it names one, else the `--output` file's
/// extension, else text for the terminal. `None` means JSON data.
pub fn report_format(format: Option<Format>, output: Option<&Path>) -> Result<Option<ReportFormat>> {
    let from_flag = |f: Format| match f {
        Format::Json => Ok(None),
        Format::Md => Ok(Some(ReportFormat::Markdown)),
        Format::Html => Ok(Some(ReportFormat::Html)),
        Format::Txt | Format::Table => Ok(Some(ReportFormat::Text)),
        Format::Csv => Err(UserError::new(
            "this report has no CSV form here",
            "use --format json for the data, or html, md or txt",
        )
        .into()),
    };
    if let Some(f) = format {
        return from_flag(f);
    }
    match output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        None => Ok(Some(ReportFormat::Text)),
        Some("html" | "htm") => Ok(Some(ReportFormat::Html)),
        Some("md" | "markdown") => Ok(Some(ReportFormat::Markdown)),
        Some("txt" | "text") => Ok(Some(ReportFormat::Text)),
        Some("json") => Ok(None),
        Some(other) => Err(UserError::new(
            format!("cannot tell the format of a .{other} file"),
            "name the file .html, .md, .txt, .csv or .json, or give --format",
        )
        .into()),
    }
}

/// Renders a report as the options ask and returns what the command prints: the report itself,
/// or a line saying where it was written.
pub fn emit(
    format: Option<Format>,
    opts: &ReportOptions,
    name: &str,
    default_lang: Lang,
    data: &impl Serialize,
) -> Result<Output> {
    if let Some(path) = &opts.output {
        crate::output_guard::guard(path, "--output")?;
    }
    let lang = opts.lang.unwrap_or(default_lang);
    let csv_file = opts
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if format == Some(Format::Csv) || (format.is_none() && csv_file) {
        // A report's CSV is its main table, formula cells neutralised like every CSV.
        let json = serde_json::to_value(data)?;
        let out = Output::new(data).table(super::csv_table::main_table(name, &json));
        let Some(path) = &opts.output else {
            return Ok(out);
        };
        let mut bytes = Vec::new();
        out.write(Format::Csv, &mut bytes)?;
        crate::output_guard::write_file(path, &bytes, "--output")?;
        return Ok(
            Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                .line(format!("Wrote {}", path.display())),
        );
    }
    let rendered = match report_format(format, opts.output.as_deref())? {
        None => {
            let mut json = serde_json::to_string_pretty(data)?;
            json.push('\n');
            json
        }
        Some(f) => Renderer::new(opts.templates.as_deref())?.render(name, f, lang, data)?,
    };
    match &opts.output {
        None => Ok(Output::new(data).line(rendered.trim_end())),
        Some(path) => {
            crate::output_guard::write_file(path, rendered.as_bytes(), "--output")?;
            Ok(
                Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                    .line(format!("Wrote {}", path.display())),
            )
        }
    }
}

/// Emits several reports of one kind as one document: JSON as an array, text, Markdown and HTML
/// as the reports one after another (the team report's one table per rubric). CSV has one table
/// per file, so several are refused with a hint to choose one.
pub fn emit_each<T: Serialize>(
    format: Option<Format>,
    opts: &ReportOptions,
    name: &str,
    lang: Lang,
    reports: &[T],
) -> Result<Output> {
    let lang = opts.lang.unwrap_or(lang);
    let csv_file = opts
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if format == Some(Format::Csv) || (format.is_none() && csv_file) {
        return Err(crate::error::UserError::new(
            format!(
                "the {name} report has {} tables, one per rubric, and a CSV file holds one",
                reports.len()
            ),
            "choose one with --rubric ID",
        )
        .into());
    }
    let rendered = match report_format(format, opts.output.as_deref())? {
        None => {
            let mut json = serde_json::to_string_pretty(reports)?;
            json.push('\n');
            json
        }
        Some(f) => {
            let renderer = Renderer::new(opts.templates.as_deref())?;
            let mut parts = Vec::new();
            for r in reports {
                parts.push(renderer.render(name, f, lang, r)?);
            }
            if f == ReportFormat::Html {
                splice_bodies(&parts)
            } else {
                parts.join("\n")
            }
        }
    };
    match &opts.output {
        None => Ok(Output::new(&reports).line(rendered.trim_end())),
        Some(path) => {
            crate::output_guard::write_file(path, rendered.as_bytes(), "--output")?;
            Ok(
                Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                    .line(format!("Wrote {}", path.display())),
            )
        }
    }
}

/// One HTML document from several: the first one's head, every body's content in order.
fn splice_bodies(docs: &[String]) -> String {
    let body = |d: &str| -> String {
        let start = d.find("<body").and_then(|i| d[i..].find('>').map(|j| i + j + 1));
        let end = d.rfind("</body>");
        match (start, end) {
            (Some(s), Some(e)) if s <= e => d[s..e].to_string(),
            _ => d.to_string(),
        }
    };
    let Some(first) = docs.first() else {
        return String::new();
    };
    let Some(close) = first.rfind("</body>") else {
        return docs.join("\n");
    };
    let mut out = first[..close].to_string();
    for d in &docs[1..] {
        out.push_str("<hr>\n");
        out.push_str(&body(d));
    }
    out.push_str(&first[close..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_reports_write_the_decimal_comma() {
        let mut env = Environment::new();
        add_filters(&mut env);
        let show = |lang: &str| {
            env.render_str(
                "{{ 64.5|score }} {{ -2.26|signed }} {{ none|score }}",
                minijinja::context! { lang => lang },
            )
            .unwrap()
        };
        assert_eq!(show("es"), "64,5 -2,3 –");
        assert_eq!(show("en"), "64.5 -2.3 –");
    }

    #[test]
    fn markdown_escaping_keeps_values_literal() {
        assert_eq!(
            escape_markdown("<script>alert(1)</script> {{ 7*7 }} a|b [x](y)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7\\*7 }} a\\|b \\[x\\](y)"
        );
        assert_eq!(escape_markdown("# not a heading\r\nnext"), "\\# not a heading next");
        assert_eq!(escape_markdown("first_contact a/b"), "first_contact a/b");
    }

    #[test]
    fn wrap_and_fit_count_characters() {
        assert_eq!(wrap("uno dos tres cuatro", 8, 2), "uno dos\n  tres\n  cuatro");
        assert_eq!(fit("Sección", 9, false), "Sección  ");
        assert_eq!(fit("Sección", 5, true), "Secc…");
        assert_eq!(fit("7", 3, true), "  7");
    }

    #[test]
    fn filters_print_a_dash_for_missing_values() {
        let r = Renderer::new(None).unwrap();
        let out = r
            .env
            .render_str(
                "{{ none|score }} {{ 81.25|score }} {{ 0.5|pct }} {{ -1.04|signed }} {{ 340|duration }} [{{ none|ljust(3) }}]",
                (),
            )
            .unwrap();
        assert_eq!(out, "– 81.2 50% -1.0 5:40 [–  ]");
    }
}
