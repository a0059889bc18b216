//! What the people commands (`agent`, `staff`, `location`) share: describing what an upsert
//! changed, and importing a CSV file of records atomically.

use crate::cli::ImportOptions;
use crate::commands::Context;
pub(super) use crate::commands::identity::{require_id, require_name};
use crate::csv_input::people::{self, RecordFile};
use crate::output::{Output, Table};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// An optional detail given on the command line: `None` keeps `stored`, a blank value clears it.
pub(super) fn given_or_kept(given: Option<&str>, stored: Option<&String>) -> Option<String> {
    match given {
        Some(v) => Some(v.trim().to_string()).filter(|v| !v.is_empty()),
        None => stored.cloned(),
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

/// How a front end shows the records of one kind (for `--dry-run`).
pub(super) trait Shown: RecordFile {
    /// The columns [`Shown::cells`] shows.
    const SHOWN: &'static [&'static str];

    /// A record as it would be stored.
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

/// Imports a CSV file of records in one transaction, by the core's rules
/// (`csv_input::people::import`): any bad row refuses the whole file, with `hint`, and leaves
/// the store as it was. With `--dry-run` the same happens in a transaction that is rolled back.
pub(super) fn import_records<F: Shown>(
    ctx: &Context,
    file: &Path,
    options: &ImportOptions,
    kind: &F,
    hint: &str,
) -> Result<Output> {
    let options = crate::commands::import_options::prepare(options)?;
    let (mut input, cols) = options.open(file, &F::FIELDS)?;
    let mut store = ctx.open()?;
    let (counts, first) = store.write_or_rehearse(&ctx.writer(&store)?, options.dry_run, |tx| {
        let imported = people::import(tx, &mut input, &cols, kind, DRY_RUN_SHOWN)?.map_err(|p| p.into_error(hint))?;
        let c = imported.counts;
        let counts = ImportCounts {
            file: input.name().to_string(),
            added: c.added,
            updated: c.updated,
            unchanged: c.unchanged,
            dry_run: options.dry_run,
        };
        Ok((counts, imported.first))
    })?;
    if counts.dry_run {
        let line = format!(
            "{}: would add {}, update {}, leave {} unchanged (--dry-run: nothing was written).",
            counts.file, counts.added, counts.updated, counts.unchanged
        );
        let out = Output::new(&counts).line(line);
        if first.is_empty() {
            return Ok(out);
        }
        let mut shown = Table::new(F::SHOWN);
        for record in &first {
            shown.row(kind.cells(record));
        }
        return Ok(out.table(shown.titled("The first rows, as they would be stored:")));
    }
    let line = format!(
        "{}: {} added, {} updated, {} unchanged.",
        counts.file, counts.added, counts.updated, counts.unchanged
    );
    Ok(Output::new(&counts).line(line))
}
