//! `qaudit interaction import | list`: the calls, chats and emails to score.
//!
//! Import decisions (beyond DESIGN.md):
//! - Header names match trimmed and case-insensitively; `--map` names a column of the file.
//! - Values are trimmed; channels are lower-cased. Columns that are no field are kept as they
//!   are, in `extra`, as a JSON object of column name to text (empty cells included).
//! - The whole file is checked; without `--skip-invalid`, every bad row is listed (the first
//!   ten) and nothing is imported. With it, bad rows go to `--rejects` and the rest is stored.
//! - Agents that are not in the store refuse the import (also with `--skip-invalid`: it is a
//!   set-up problem, not a row problem) unless `--create-agents`.
//! - An id already stored is skipped and counted (the stored interaction is kept as it was);
//!   an id repeated within the file is a bad row naming the line of its first appearance (also
//!   when that first row was itself bad). For this the file's ids, not its rows, are kept in
//!   memory; rows are streamed.
//! - One audit entry per import; none when nothing was written.

use super::Context;
use crate::cli::{InteractionCommand, InteractionImportArgs};
use crate::csv_input::{Columns, CsvInput, Fields, Others, Problems, Record, Rejects, Row, parse_renames};
use crate::dates;
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::store::Tx;
use crate::store::interactions::{InteractionFilter, NewInteraction, Pseudonymiser};
use crate::store::people::{Agent, id_problem};
use anyhow::Result;
use chrono_tz::Tz;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;

pub fn run(ctx: &Context, cmd: InteractionCommand) -> Result<Output> {
    match cmd {
        InteractionCommand::Import(args) => import(ctx, &args),
        InteractionCommand::List {
            agent,
            channel,
            from,
            to,
            limit,
        } => list(ctx, agent, channel, from.as_deref(), to.as_deref(), limit),
    }
}

const FIELDS: Fields = Fields {
    required: &["id", "agent", "channel", "occurred_at"],
    optional: &["duration_s", "customer"],
    others: Others::Keep,
    mappable: true,
};

/// How many unknown agents a refusal names before counting the rest.
const UNKNOWN_SHOWN: usize = 10;

/// What an import did.
#[derive(Debug, Default, Serialize)]
struct ImportReport {
    file: String,
    imported: u64,
    already_stored: u64,
    rejected: u64,
    /// Where the rejected rows were written (`--rejects`).
    rejects_file: Option<String>,
    created_agents: Vec<String>,
    /// The first and last interaction imported, in file order.
    first_id: Option<String>,
    last_id: Option<String>,
    /// Columns kept in `extra`.
    extra_columns: Vec<String>,
    timezone: String,
    customers_pseudonymised: bool,
}

fn import(ctx: &Context, args: &InteractionImportArgs) -> Result<Output> {
    if args.rejects.is_some() && !args.skip_invalid {
        return crate::error::refuse(
            "--rejects only applies with --skip-invalid",
            "add --skip-invalid to import the good rows and write the bad ones to the file, or leave out --rejects",
        );
    }
    let tz = match &args.timezone {
        None => chrono_tz::UTC,
        Some(name) => dates::parse_tz(name).map_err(|m| {
            UserError::new(
                format!("--timezone: {m}"),
                "time zones are IANA names such as Europe/Madrid or America/Mexico_City; the default is UTC",
            )
        })?,
    };
    let renames = parse_renames(&args.maps, &FIELDS)?;
    let mut input = CsvInput::open(&args.file)?;
    let cols = input.columns(&FIELDS, &renames)?;
    let mut store = ctx.open()?;
    let mut rejects = match &args.rejects {
        Some(path) if args.skip_invalid => Some(Rejects::create(path, &input, &args.file)?),
        _ => None,
    };
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| input.name().to_string(), |n| n.to_string_lossy().to_string());
    let progress = progress_bar(ctx, input.size());
    let job = Job {
        cols: &cols,
        tz,
        pseudonymiser: None,
        create_agents: args.create_agents,
        progress: &progress,
    };
    let outcome = store.write(&ctx.writer(&store)?, |tx| {
        let pseudonymiser = if args.keep_customer {
            None
        } else {
            Some(tx.pseudonymiser()?)
        };
        let job = Job {
            pseudonymiser: pseudonymiser.as_ref(),
            ..job
        };
        let mut report = job.run(tx, &mut input, rejects.as_mut())?;
        report.timezone = tz.name().to_string();
        report.customers_pseudonymised = !args.keep_customer && cols.has("customer");
        if report.imported > 0 || !report.created_agents.is_empty() {
            tx.audit_interaction_import(
                &file_name,
                &json!({
                    "file": report.file,
                    "imported": report.imported,
                    "already_stored": report.already_stored,
                    "rejected": report.rejected,
                    "created_agents": report.created_agents.len(),
                    "first_id": report.first_id,
                    "last_id": report.last_id,
                    "timezone": report.timezone,
                    "keep_customer": args.keep_customer,
                }),
            )?;
        }
        if let Some(r) = rejects.as_mut() {
            r.flush()?;
        }
        Ok(report)
    });
    progress.finish_and_clear();
    let mut report = outcome?;
    if let Some(r) = rejects {
        report.rejects_file = Some(r.path().display().to_string());
        r.finish()?;
    }
    if args.keep_customer && cols.has("customer") {
        ctx.notice("Customer identifiers were stored as they are (--keep-customer).");
    }
    Ok(describe_import(report))
}

fn describe_import(report: ImportReport) -> Output {
    let mut summary = format!(
        "{}: {} imported, {} already stored",
        report.file, report.imported, report.already_stored
    );
    if report.rejects_file.is_some() {
        summary.push_str(&format!(", {} rejected", report.rejected));
    }
    if report.imported == 0 && report.rejected == 0 && report.already_stored > 0 {
        summary.push_str(" (nothing new to import)");
    }
    summary.push('.');
    let mut lines = vec![summary];
    if !report.created_agents.is_empty() {
        lines.push(format!(
            "Created {} agent{} named by their id: {} (name them with `qaudit agent add ID --name NAME`).",
            report.created_agents.len(),
            if report.created_agents.len() == 1 { "" } else { "s" },
            listed(&report.created_agents, UNKNOWN_SHOWN)
        ));
    }
    if !report.extra_columns.is_empty() {
        lines.push(format!(
            "Other columns kept with each interaction: {}.",
            report.extra_columns.join(", ")
        ));
    }
    if let Some(file) = &report.rejects_file {
        if report.rejected > 0 {
            lines.push(format!(
                "The rejected rows are in {file} with their line and reason; fix them, remove those two columns and import that file."
            ));
        } else {
            lines.push(format!("No row was rejected ({file} holds only the header)."));
        }
    }
    let mut out = Output::new(&report);
    for line in lines {
        out = out.line(line);
    }
    out
}

/// `a, b, c and 4 more`.
fn listed(items: &[String], shown: usize) -> String {
    let mut text = items.iter().take(shown).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}

/// A progress bar on stderr, only for a person watching a terminal.
fn progress_bar(ctx: &Context, bytes: u64) -> ProgressBar {
    if ctx.global.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(bytes);
    if let Ok(style) =
        ProgressStyle::with_template("importing [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// One import's settings.
#[derive(Clone, Copy)]
struct Job<'a> {
    cols: &'a Columns,
    tz: Tz,
    pseudonymiser: Option<&'a Pseudonymiser>,
    create_agents: bool,
    progress: &'a ProgressBar,
}

/// Where bad rows go: the rejects file, or the list of problems that refuses the import.
struct BadRows<'a> {
    rejects: Option<&'a mut Rejects>,
    problems: Problems,
}

impl BadRows<'_> {
    fn add(&mut self, row: &Row, reason: &str) -> Result<()> {
        match self.rejects.as_deref_mut() {
            Some(r) => r.write(row, reason),
            None => {
                self.problems.add(row.line, reason);
                Ok(())
            }
        }
    }
}

impl Job<'_> {
    /// Streams the file into the store: each row is checked, converted and inserted.
    fn run(&self, tx: &mut Tx<'_>, input: &mut CsvInput, rejects: Option<&mut Rejects>) -> Result<ImportReport> {
        let mut report = ImportReport {
            file: input.name().to_string(),
            extra_columns: self.cols.others().iter().map(|(name, _)| name.clone()).collect(),
            ..Default::default()
        };
        let imported_at = crate::store::audit::now();
        // The ids of this file (not its rows) and the line each first appeared on, to refuse
        // repeats whatever the store holds.
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut known = tx.agent_ids()?;
        let mut unknown: Vec<String> = Vec::new();
        let mut unknown_seen: HashSet<String> = HashSet::new();
        let mut bad = BadRows {
            rejects,
            problems: Problems::new(input.name()),
        };
        let mut rows: u64 = 0;
        while let Some(record) = input.next_record()? {
            rows += 1;
            if rows % 1024 == 0 {
                self.progress.set_position(input.position());
            }
            let row = match record {
                Record::Row(row) => row,
                Record::Ragged(row) => {
                    bad.add(&row, &input.ragged_reason(&row))?;
                    continue;
                }
            };
            let parsed = id_field(&row, self.cols, "id").and_then(|id| {
                if let Some(first) = seen.get(&id) {
                    return Err(format!(
                        "id {id:?} is repeated (first on line {first}); each id may appear once"
                    ));
                }
                seen.insert(id.clone(), row.line);
                self.parse(&row, id)
            });
            let new = match parsed {
                Ok(new) => new,
                Err(reason) => {
                    bad.add(&row, &reason)?;
                    continue;
                }
            };
            if !known.contains(&new.agent) {
                if !self.create_agents {
                    if unknown_seen.insert(new.agent.clone()) {
                        unknown.push(new.agent.clone());
                    }
                    continue;
                }
                let agent = Agent {
                    id: new.agent.clone(),
                    name: new.agent.clone(),
                    team: None,
                    location: None,
                };
                tx.save_agent(&agent, &format!("interaction import {}:{}", input.name(), row.line))?;
                known.insert(new.agent.clone());
                report.created_agents.push(new.agent.clone());
            }
            if tx.insert_interaction(&new, &imported_at)?.is_some() {
                report.imported += 1;
                if report.first_id.is_none() {
                    report.first_id = Some(new.id.clone());
                }
                report.last_id = Some(new.id);
            } else {
                report.already_stored += 1;
            }
        }
        self.progress.set_position(input.size());
        let BadRows { rejects, mut problems } = bad;
        report.rejected = rejects.map_or(0, |r| r.count() as u64);
        if !problems.is_empty() {
            if !unknown.is_empty() {
                problems.note(format!(
                    "also, {} agent{} not in the store: {}",
                    unknown.len(),
                    if unknown.len() == 1 { " is" } else { "s are" },
                    listed(&unknown, UNKNOWN_SHOWN)
                ));
            }
            return Err(problems.into_error(
                "fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv",
            ));
        }
        if !unknown.is_empty() {
            return Err(UserError::new(
                format!(
                    "{}: {} agent{} not in the store: {}",
                    input.name(),
                    unknown.len(),
                    if unknown.len() == 1 { " is" } else { "s are" },
                    listed(&unknown, UNKNOWN_SHOWN)
                ),
                "import them first with `qaudit agent import agents.csv` (or `qaudit agent add`), or add --create-agents to create them named by their id",
            )
            .with_details(vec!["nothing was imported".to_string()])
            .into());
        }
        Ok(report)
    }

    /// Checks and converts one row whose `id` is checked already, or says why it is bad.
    fn parse(&self, row: &Row, id: String) -> Result<NewInteraction, String> {
        let c = self.cols;
        let agent = id_field(row, c, "agent")?;
        let raw_channel = row.get(c.index("channel")).trim();
        let channel = raw_channel.to_lowercase();
        if channel.is_empty() {
            return Err("channel is empty".to_string());
        }
        if !channel
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
        {
            return Err(format!(
                "channel {raw_channel:?} may only use a-z, 0-9, _ and - (e.g. phone, chat, email)"
            ));
        }
        let Some(when) = row.text(c.index("occurred_at")) else {
            return Err("occurred_at is empty".to_string());
        };
        let occurred_at = dates::store_time(dates::parse_time(when, self.tz).map_err(|m| format!("occurred_at {m}"))?);
        let duration_s = match row.text(c.index("duration_s")) {
            None => None,
            Some(d) => match d.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => return Err(format!("duration_s {d:?} is not a whole number of seconds")),
            },
        };
        let customer = row.text(c.index("customer")).map(|raw| match self.pseudonymiser {
            Some(p) => p.pseudonym(raw),
            None => raw.to_string(),
        });
        let extra = if c.others().is_empty() {
            None
        } else {
            let map: serde_json::Map<String, serde_json::Value> = c
                .others()
                .iter()
                .map(|(name, i)| (name.clone(), serde_json::Value::String(row.get(Some(*i)).to_string())))
                .collect();
            Some(serde_json::Value::Object(map).to_string())
        };
        Ok(NewInteraction {
            id,
            channel,
            agent,
            occurred_at,
            duration_s,
            customer,
            extra,
        })
    }
}

/// An id column (`id`, `agent`), trimmed and checked.
fn id_field(row: &Row, cols: &Columns, field: &str) -> Result<String, String> {
    let value = row.get(cols.index(field)).trim();
    match id_problem(value) {
        None => Ok(value.to_string()),
        Some(_) if value.is_empty() => Err(format!("{field} is empty")),
        Some(problem) => Err(format!("{field} {value:?} {problem}")),
    }
}

fn list(
    ctx: &Context,
    agent: Option<String>,
    channel: Option<String>,
    from: Option<&str>,
    to: Option<&str>,
    limit: usize,
) -> Result<Output> {
    let today = dates::today();
    let day = |flag: &str, text: Option<&str>| {
        text.map(|t| dates::parse_day(t, today).map_err(|m| UserError::new(format!("--{flag} {t:?} is not a day"), m)))
            .transpose()
    };
    let (first, last) = (day("from", from)?, day("to", to)?);
    if let (Some(f), Some(l)) = (first, last)
        && f > l
    {
        return crate::error::refuse(
            format!("--from {f} is after --to {l}"),
            "give the earlier day as --from and the later one as --to",
        );
    }
    let (from, to) = dates::day_range(first, last);
    let store = ctx.open()?;
    if let Some(a) = &agent
        && store.agent(a)?.is_none()
    {
        return crate::error::refuse(
            format!("no agent `{a}` in the store"),
            "`qaudit agent list` shows the agents there are",
        );
    }
    let filtered = agent.is_some() || channel.is_some() || from.is_some() || to.is_some();
    let filter = InteractionFilter {
        agent,
        channel: channel.map(|c| c.trim().to_lowercase()),
        from,
        to,
    };
    let rows = store.interactions(&filter, (limit > 0).then_some(limit))?;
    if rows.is_empty() {
        let line = if filtered {
            "No interactions match."
        } else {
            "No interactions yet. Import an export with `qaudit interaction import calls.csv`."
        };
        return Ok(Output::new(&rows).line(line));
    }
    let total = store.count_interactions(&filter)?;
    if total > rows.len() as u64 {
        ctx.notice(&format!(
            "Showing the newest {} of {total} interactions; --limit 0 shows them all.",
            rows.len()
        ));
    }
    let mut table = Table::new(&["id", "agent", "channel", "occurred_at", "duration", "customer"]);
    for i in &rows {
        table.row(vec![
            i.id.clone(),
            i.agent.clone(),
            i.channel.clone(),
            i.occurred_at.clone(),
            i.duration_s.map(duration).unwrap_or_default(),
            i.customer.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&rows).table(table))
}

/// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
fn duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(duration(0), "0:00");
        assert_eq!(duration(312), "5:12");
        assert_eq!(duration(3725), "1:02:05");
    }

    #[test]
    fn long_lists_are_cut() {
        let items: Vec<String> = (1..=12).map(|i| format!("a{i}")).collect();
        assert_eq!(listed(&items[..2], 10), "a1, a2");
        assert!(listed(&items, 10).ends_with("a10 and 2 more"));
    }
}
