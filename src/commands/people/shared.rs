//! What the people commands (`agent`, `staff`, `location`) share: describing what an upsert
//! changed, and importing a CSV file of records atomically.

use crate::cli::ImportOptions;
use crate::commands::Context;
pub(super) use crate::commands::identity::{require_id, require_name};
use crate::csv_input::{Columns, Fields, Problems, Record, Row};
use crate::output::{Output, Table};
use crate::store::Tx;
use crate::store::people::{Saved, id_problem};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// An optional detail given on the command line: `None` keeps `stored`, a blank value clears it.
pub(super) fn given_or_kept(given: Option<&str>, stored: Option<&String>) -> Option<String> {
    match given {
        Some(v) => Some(v.trim().to_string()).filter(|v| !v.is_empty()),
        None => stored.cloned(),
    }
}

/// An optional column of an import: absent keeps `stored`, a blank cell clears it.
pub(super) fn cell_or_kept(row: &Row, cols: &Columns, field: &str, stored: Option<&String>) -> Option<String> {
    if cols.has(field) {
        row.text(cols.index(field)).map(str::to_string)
    } else {
        stored.cloned()
    }
}

/// `team "north" → "south"`, or `None` when the value did not change.
pub(super) fn change(label: &str, before: Option<&str>, after: Option<&str>) -> Option<String> {
    let show = |v: Option<&str>| v.map_or("(none)".to_string(), |v| format!("{v:?}"));
    (before != after).then(|| format!("{label} {} → {}", show(before), show(after)))
}

/// `Lucía Pérez, team north, location madrid-01`: a record's details in one line.
pub(super) fn details(name: &str, parts: &[(&str, &Option<String>)]) -> String {
    let mut text = name.to_string();
    for (label, value) in parts {
        if let Some(v) = value {
            text.push_str(&format!(", {label} {v}"));
        }
    }
    text
}

/// A kind of record imported from CSV by [`import_records`] (agents, locations).
pub(super) trait RecordFile {
    type Record;
    /// Its columns; the first required one is the id.
    const FIELDS: Fields<'static>;

    /// Reads one row whose id is already checked: the record to store (absent optional columns
    /// keep the stored values), or why the row is bad.
    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Self::Record, String>>;

    /// Stores one record (audited), saying whether it was added, updated or unchanged.
    fn save(&self, tx: &mut Tx<'_>, record: &Self::Record, source: &str) -> Result<Saved>;

    /// The columns [`RecordFile::cells`] shows (for `--dry-run`).
    const SHOWN: &'static [&'static str];

    /// A record as it would be stored, for `--dry-run`.
    fn cells(&self, record: &Self::Record) -> Vec<String>;
}

/// How many records `--dry-run` shows as they would be stored.
pub(super) const DRY_RUN_SHOWN: usize = 5;

/// What an import of agents or locations did.
#[derive(Debug, Default, Serialize)]
pub(super) struct ImportCounts {
    file: String,
    added: usize,
    updated: usize,
    unchanged: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

/// Imports a CSV file of records in one transaction: every row is checked (and every bad row
/// reported as `file:line: reason`, an id repeated in the file naming both lines); any bad row
/// refuses the whole file and leaves the store as it was. Unchanged rows write nothing.
/// With `--dry-run` the same happens in a transaction that is rolled back.
pub(super) fn import_records<F: RecordFile>(
    ctx: &Context,
    file: &Path,
    options: &ImportOptions,
    kind: &F,
    hint: &str,
) -> Result<Output> {
    let options = crate::commands::import_options::prepare(options)?;
    let (mut input, cols) = options.open(file, &F::FIELDS)?;
    let id_field = F::FIELDS.required[0];
    let mut store = ctx.open()?;
    let mut shown = Table::new(F::SHOWN);
    let counts = store.write_or_rehearse(&ctx.writer(&store)?, options.dry_run, |tx| {
        let mut counts = ImportCounts {
            file: input.name().to_string(),
            dry_run: options.dry_run,
            ..Default::default()
        };
        let mut problems = Problems::new(input.name());
        let mut seen: HashMap<String, u64> = HashMap::new();
        while let Some(record) = input.next_record()? {
            let row = match record {
                Record::Row(row) => row,
                Record::Ragged(row) => {
                    problems.add(row.line, &input.ragged_reason(&row));
                    continue;
                }
            };
            let id = row.get(cols.index(id_field)).trim();
            if let Some(problem) = id_problem(id) {
                let reason = if id.is_empty() {
                    format!("{id_field} is empty")
                } else {
                    format!("{id_field} {id:?} {problem}")
                };
                problems.add(row.line, &reason);
                continue;
            }
            if let Some(first) = seen.get(id) {
                problems.add(
                    row.line,
                    &format!("{id_field} {id:?} already appears on line {first}; each id may appear once"),
                );
                continue;
            }
            seen.insert(id.to_string(), row.line);
            let record = match kind.parse(tx, &row, &cols, id)? {
                Ok(record) => record,
                Err(reason) => {
                    problems.add(row.line, &reason);
                    continue;
                }
            };
            if !problems.is_empty() {
                // The import fails anyway; keep checking the rows, stop writing.
                continue;
            }
            if shown.rows.len() < DRY_RUN_SHOWN {
                shown.row(kind.cells(&record));
            }
            match kind.save(tx, &record, &format!("{}:{}", input.name(), row.line))? {
                Saved::Added => counts.added += 1,
                Saved::Updated => counts.updated += 1,
                Saved::Unchanged => counts.unchanged += 1,
            }
        }
        if !problems.is_empty() {
            return Err(problems.into_error(hint));
        }
        Ok(counts)
    })?;
    if counts.dry_run {
        let line = format!(
            "{}: would add {}, update {}, leave {} unchanged (--dry-run: nothing was written).",
            counts.file, counts.added, counts.updated, counts.unchanged
        );
        let out = Output::new(&counts).line(line);
        return Ok(if shown.rows.is_empty() {
            out
        } else {
            out.table(shown.titled("The first rows, as they would be stored:"))
        });
    }
    let line = format!(
        "{}: {} added, {} updated, {} unchanged.",
        counts.file, counts.added, counts.updated, counts.unchanged
    );
    Ok(Output::new(&counts).line(line))
}
