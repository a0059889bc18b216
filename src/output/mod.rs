//! Printing: commands return an [`Output`]; this module writes it as a table, JSON or CSV to any
//! `Write`, so that tests and pipes see exactly what a terminal sees.

pub mod csv_cells;
pub mod evaluation;
pub mod style;
mod table;
pub mod terminal;

use serde::Serialize;
use std::io::{self, Write};

pub use table::render_table;

/// The formats of `--format`. Report commands also take `md`, `html` and `txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned tables for people (the default).
    Table,
    /// JSON for scripts: the whole result, nothing rounded.
    Json,
    /// CSV for spreadsheets: the result's main table.
    Csv,
    /// Markdown (reports only).
    Md,
    /// A self-contained HTML page (reports only).
    Html,
    /// Plain text (reports only).
    Txt,
}

/// A table of strings with its headers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            title: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// One piece of a command's human-readable result.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A line of text.
    Line(String),
    /// Label/value pairs, aligned.
    Fields(Vec<(String, String)>),
    Table(Table),
}

/// What a command produced: blocks for people and CSV, and the data for JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub blocks: Vec<Block>,
    pub json: serde_json::Value,
    /// The command wrote its result itself (a streamed export): nothing more to print.
    pub streamed: bool,
}

impl Output {
    /// An output whose JSON form is `data`.
    pub fn new(data: &impl Serialize) -> Self {
        Output {
            blocks: Vec::new(),
            json: serde_json::to_value(data).unwrap_or(serde_json::Value::Null),
            streamed: false,
        }
    }

    /// The output of a command that wrote its result to stdout itself.
    pub fn streamed() -> Self {
        Output {
            streamed: true,
            ..Output::new(&())
        }
    }

    pub fn line(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Line(text.into()));
        self
    }

    pub fn fields(mut self, fields: Vec<(&str, String)>) -> Self {
        self.blocks.push(Block::Fields(
            fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        ));
        self
    }

    pub fn table(mut self, table: Table) -> Self {
        self.blocks.push(Block::Table(table));
        self
    }

    /// Writes the output in `format` (`table` for anything but JSON and CSV).
    pub fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        if self.streamed {
            return Ok(());
        }
        match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.json)?;
                writeln!(out)
            }
            Format::Csv => self.write_csv(out),
            _ => {
                // Stored text never drives the terminal: everything people read is escaped.
                let mut text = Vec::new();
                self.write_human(&mut text)?;
                let text = String::from_utf8_lossy(&text);
                out.write_all(terminal::escape_keeping_colour(&text).as_bytes())
            }
        }
    }

    fn write_human(&self, out: &mut dyn Write) -> io::Result<()> {
        for (i, block) in self.blocks.iter().enumerate() {
            let spaced = i > 0 && !matches!((&self.blocks[i - 1], block), (Block::Line(_), Block::Line(_)));
            if spaced {
                writeln!(out)?;
            }
            match block {
                Block::Line(text) => writeln!(out, "{text}")?,
                Block::Fields(fields) => {
                    let width = fields.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
                    for (k, v) in fields {
                        // Long values wrap under themselves to stay within 80 columns.
                        let lines = wrap(v, table::line_width().saturating_sub(width + 2).max(20));
                        for (i, line) in lines.iter().enumerate() {
                            let label = if i == 0 { k.as_str() } else { "" };
                            writeln!(out, "{label:width$}  {line}")?;
                        }
                    }
                }
                Block::Table(t) => {
                    if let Some(title) = &t.title {
                        writeln!(out, "{title}")?;
                    }
                    writeln!(out, "{}", render_table(t))?;
                }
            }
        }
        Ok(())
    }

    /// CSV carries the tables (one after another, a blank line between them); fields and lines
    /// become `field,value` rows so nothing is lost. Every cell is neutralised against
    /// spreadsheet formulas ([`csv_cells`]).
    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let tables: Vec<&Table> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        let mut w = csv_cells::writer(Vec::new());
        let e = io::Error::other;
        if tables.is_empty() {
            csv_cells::write_row(&mut w, ["field", "value"]).map_err(e)?;
            for block in &self.blocks {
                match block {
                    Block::Fields(fields) => {
                        for (k, v) in fields {
                            csv_cells::write_row(&mut w, [k, v]).map_err(e)?;
                        }
                    }
                    Block::Line(text) => csv_cells::write_row(&mut w, ["", text]).map_err(e)?,
                    Block::Table(_) => {}
                }
            }
        }
        let mut bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        for (i, t) in tables.iter().enumerate() {
            if i > 0 {
                bytes.push(b'\n');
            }
            let mut w = csv_cells::writer(Vec::new());
            csv_cells::write_row(&mut w, &t.headers).map_err(e)?;
            for row in &t.rows {
                csv_cells::write_row(&mut w, row).map_err(e)?;
            }
            bytes.extend(w.into_inner().map_err(|e| io::Error::other(e.to_string()))?);
        }
        out.write_all(&bytes)
    }
}

/// Greedy word wrap; words longer than the width stay whole, and escape sequences (colour)
/// do not count towards the width.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let visible = |s: &str| {
        let mut n = 0;
        let mut in_escape = false;
        for c in s.chars() {
            match (in_escape, c) {
                (false, '\u{1b}') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, _) => n += 1,
            }
        }
        n
    };
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && visible(&line) + 1 + visible(word) > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Formats a score the way every printed score looks: one decimal.
pub fn score(value: f64) -> String {
    format!("{value:.1}")
}
