//! `qaudit agent add | list | import`, and the pieces `location` and `staff` share with it:
//! checking ids and names, describing what an upsert changed, and importing a CSV file of
//! records atomically.

use super::Context;
use crate::cli::{AgentCommand, ImportOptions};
use crate::csv_input::{Columns, Fields, Others, Problems, Record, Row};
use crate::output::{Output, Table};
use crate::store::Tx;
use crate::store::people::{Agent, Saved, id_problem};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

pub fn run(ctx: &Context, cmd: AgentCommand) -> Result<Output> {
    match cmd {
        AgentCommand::Add {
            id,
            name,
            team,
            location,
        } => add(ctx, &id, &name, team.as_deref(), location.as_deref()),
        AgentCommand::List { team } => list(ctx, team.as_deref()),
        AgentCommand::Import { file, options } => import(ctx, &file, &options),
    }
}

/// Refuses an id that [`id_problem`] finds wrong; `what` names it (`agent id`).
pub(super) fn require_id(what: &str, id: &str) -> Result<()> {
    match id_problem(id) {
        None => Ok(()),
        Some(problem) => crate::error::refuse(
            format!("{what} {:?} {problem}", crate::output::terminal::escape(id)),
            "an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017",
        ),
    }
}

/// A name, trimmed; refuses a blank one.
pub(super) fn require_name(what: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if let Some(problem) = crate::text_rules::name_problem(name) {
        return crate::error::refuse(
            format!("the {what} name {problem}"),
            "give the name people know them by, in printable characters, e.g. --name \"Lucía Pérez\"",
        );
    }
    Ok(name.to_string())
}

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

#[derive(Serialize)]
struct AgentSaved {
    result: Saved,
    agent: Agent,
}

fn add(ctx: &Context, id: &str, name: &str, team: Option<&str>, location: Option<&str>) -> Result<Output> {
    require_id("agent id", id)?;
    let name = require_name("agent", name)?;
    let mut store = ctx.open()?;
    let (saved, before, agent) = store.write(&ctx.writer(&store)?, |tx| {
        let before = tx.agent(id)?;
        let agent = Agent {
            id: id.to_string(),
            name: name.clone(),
            team: given_or_kept(team, before.as_ref().and_then(|b| b.team.as_ref())),
            location: given_or_kept(location, before.as_ref().and_then(|b| b.location.as_ref())),
        };
        if location.is_some()
            && let Some(l) = &agent.location
            && tx.location(l)?.is_none()
        {
            return crate::error::refuse(
                format!("no location `{l}` in the store"),
                format!(
                    "add it first with `qaudit location add {l} --name NAME` (see `qaudit location list` for the ones there are)"
                ),
            );
        }
        let saved = tx.save_agent(&agent, "agent add")?;
        Ok((saved, before, agent))
    })?;
    let line = match (saved, &before) {
        (Saved::Added, _) | (_, None) => format!(
            "Added agent {id}: {}.",
            details(&agent.name, &[("team", &agent.team), ("location", &agent.location)])
        ),
        (Saved::Updated, Some(b)) => {
            let changes: Vec<String> = [
                change("name", Some(&b.name), Some(&agent.name)),
                change("team", b.team.as_deref(), agent.team.as_deref()),
                change("location", b.location.as_deref(), agent.location.as_deref()),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!("Updated agent {id}: {}.", changes.join(", "))
        }
        (Saved::Unchanged, _) => format!("Agent {id} is already stored with these details; nothing changed."),
    };
    Ok(Output::new(&AgentSaved { result: saved, agent }).line(line))
}

fn list(ctx: &Context, team: Option<&str>) -> Result<Output> {
    let store = ctx.open()?;
    let agents = store.agents(team)?;
    if agents.is_empty() {
        let line = match team {
            Some(t) => format!("No agents in team `{t}`. `qaudit agent list` shows every team."),
            None => "No agents yet. Add one with `qaudit agent add ID --name NAME`, or import a file with `qaudit agent import agents.csv`.".to_string(),
        };
        return Ok(Output::new(&agents).line(line));
    }
    let mut table = Table::new(&["id", "name", "team", "location"]);
    for a in &agents {
        table.row(vec![
            a.id.clone(),
            a.name.clone(),
            a.team.clone().unwrap_or_default(),
            a.location.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&agents).table(table))
}

const AGENT_FIELDS: Fields = Fields {
    required: &["id", "name"],
    optional: &["team", "location"],
    others: Others::Refuse,
    mappable: true,
};

fn import(ctx: &Context, file: &Path, options: &ImportOptions) -> Result<Output> {
    import_records(
        ctx,
        file,
        options,
        &AgentFile,
        "fix the rows listed and import the file again; locations must be stored first (`qaudit location import`)",
    )
}

struct AgentFile;

impl RecordFile for AgentFile {
    type Record = Agent;
    const FIELDS: Fields<'static> = AGENT_FIELDS;

    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Agent, String>> {
        let before = tx.agent(id)?;
        let Some(name) = row.text(cols.index("name")) else {
            return Ok(Err("name is empty".to_string()));
        };
        if let Some(problem) = crate::text_rules::name_problem(name) {
            return Ok(Err(format!("name {problem}")));
        }
        let location = cell_or_kept(row, cols, "location", before.as_ref().and_then(|b| b.location.as_ref()));
        if cols.has("location")
            && let Some(l) = &location
            && tx.location(l)?.is_none()
        {
            return Ok(Err(format!("location {l:?} is not in the store")));
        }
        Ok(Ok(Agent {
            id: id.to_string(),
            name: name.to_string(),
            team: cell_or_kept(row, cols, "team", before.as_ref().and_then(|b| b.team.as_ref())),
            location,
        }))
    }

    fn save(&self, tx: &mut Tx<'_>, record: &Agent, source: &str) -> Result<Saved> {
        tx.save_agent(record, source)
    }

    const SHOWN: &'static [&'static str] = &["id", "name", "team", "location"];

    fn cells(&self, a: &Agent) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![a.id.clone(), a.name.clone(), opt(&a.team), opt(&a.location)]
    }
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
    let options = super::import_options::prepare(options)?;
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
