//! From report data to what the command prints: the format chosen from the flags and the output
//! file, JSON, CSV or a rendered template, on the terminal or written to the file. The reports
//! compute their data in the library; choosing the form from `--format` and `--output` is the
//! command line's, so this helper lives with the commands that emit reports.

use crate::error::UserError;
use crate::lang::Lang;
use crate::output::{Format, Output};
use crate::report::ReportOptions;
use crate::report::{Renderer, ReportFormat};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

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
    if wants_csv(format, opts) {
        // A report's CSV is its main table, formula cells neutralised like every CSV.
        let json = serde_json::to_value(data)?;
        let out = Output::new(data).table(crate::report::csv_table::main_table(name, &json));
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
    if wants_csv(format, opts) {
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

/// True when the report is asked for as CSV: `--format csv`, or no format and an `--output`
/// file ending in `.csv`.
fn wants_csv(format: Option<Format>, opts: &ReportOptions) -> bool {
    let csv_file = opts
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    format == Some(Format::Csv) || (format.is_none() && csv_file)
}
