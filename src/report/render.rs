//! Rendering report data through templates.
//!
//! Templates live in `templates/` as `NAME.html`, `NAME.md` and `NAME.txt`, embedded at build
//! time; `--templates DIR` overrides any of them by file name. Labels come from
//! `templates/labels/common.yaml` and `templates/labels/NAME.yaml` (`key: { en: ..., es: ... }`)
//! and reach templates as `t`. Undefined variables are errors (a typo in a template must not
//! print an empty cell), and HTML and Markdown output escapes every value.

use crate::cli::{Lang, ReportOptions};
use crate::error::UserError;
use crate::output::{Format, Output};
use anyhow::{Context as _, Result};
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
            if name.ends_with(".html") || name.ends_with(".md") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.add_filter("score", |v: f64| format!("{v:.1}"));
        env.add_filter("pct", |v: f64| format!("{:.0}%", v * 100.0));
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
            "reports have no CSV form",
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
            "name the file .html, .md, .txt or .json, or give --format",
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
    let lang = opts.lang.unwrap_or(default_lang);
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
            write_atomically(path, rendered.as_bytes())?;
            Ok(
                Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                    .line(format!("Wrote {}", path.display())),
            )
        }
    }
}

/// Writes through a temporary file in the same folder and renames it into place, so a reader
/// never sees half a report.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("report")
    ));
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            UserError::new(
                format!("cannot write {}: {e}", path.display()),
                "check that the folder exists and you may write in it",
            )
            .into()
        })
}
