//! `qaudit interaction import`: a helpdesk's or dialler's export, as it is.
//!
//! Import decisions (beyond DESIGN.md):
//! - The file is read by the shared reader with every import option (delimiter, encoding,
//!   `--map`, `--value`, `--default`, `--date-format`, `--timezone`, `--ambiguous`); see
//!   `csv_input`. Durations are seconds, `mm:ss` or `hh:mm:ss`, with a decimal comma where the
//!   delimiter is `;`; over a day is a bad row, as is a time before `--earliest` (2000-01-01),
//!   after `--latest` (2100-12-31) or more than a day in the future.
//! - Header names match trimmed and case-insensitively; `--map` names a column of the file.
//! - Values are trimmed; channels are lower-cased. Columns that are no field are kept as they
//!   are, in `extra`, as a JSON object of column name to text (empty cells included).
//! - The whole file is checked; without `--skip-invalid`, every bad row is listed (the first
//!   ten) and nothing is imported. With it, bad rows go to `--rejects` and the rest is stored.
//! - Agents that are not in the store refuse the import, listed, unless `--create-agents`; with
//!   `--skip-invalid` their rows are bad rows like any other, and the rejects file says why.
//! - `--dry-run` runs the whole import in a transaction that is rolled back, and shows the
//!   counts and the first rows as they would be stored.
//! - An id already stored is skipped and counted (the stored interaction is kept as it was);
//!   an id repeated within the file is a bad row naming the line of its first appearance (also
//!   when that first row was itself bad). For this the file's ids, not its rows, are kept in
//!   memory; rows are streamed.
//! - One audit entry per import; none when nothing was written.
//!
//! The row rules and the refusals are the core's (`csv_input::interactions`, shared with the web
//! API); this command opens the file, stores the accepted rows, writes the rejects and words it.

use super::Context;
use crate::cli::InteractionImportArgs;
use crate::commands::errors::imports::row_reason;
use crate::commands::import_options::rejects::Rejects;
use crate::csv_input::interactions::{
    FIELDS, ImportPlan, RowRules, UNKNOWN_SHOWN, UnknownAgents, Verdict, agents_are, listed,
};
use crate::csv_input::{CsvInput, Problems, Record, Row};
use crate::output::{Output, Table};
use crate::store::Tx;
use crate::store::interactions::Interaction;
use crate::store::people::Agent;
use crate::voice::values::{CsatPlan, CsatScale};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::json;
use std::collections::HashSet;
use std::io::IsTerminal;

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
    #[serde(skip)]
    shown_ids: Vec<String>,
    /// The channels of the rows imported (to warn about channels no rubric takes).
    #[serde(skip)]
    channels: std::collections::BTreeSet<String>,
    /// Columns kept in `extra`.
    extra_columns: Vec<String>,
    /// How many rows imported carry a CSAT value (the first fixes the store's scale).
    #[serde(skip)]
    csat_stored: u64,
    timezone: String,
    customers_pseudonymised: bool,
    /// The delimiter and encoding the file was read with.
    delimiter: String,
    encoding: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
    /// With `--dry-run`: the first interactions as they would be stored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    first_rows: Vec<Interaction>,
}

/// How many interactions `--dry-run` shows as they would be stored.
const SHOWN_ROWS: usize = 5;

pub(super) fn import(ctx: &Context, args: &InteractionImportArgs) -> Result<Output> {
    if args.rejects.is_some() && !args.skip_invalid {
        return crate::error::refuse(
            "--rejects only applies with --skip-invalid",
            "add --skip-invalid to import the good rows and write the bad ones to the file, or leave out --rejects",
        );
    }
    let options = super::super::import_options::prepare(&args.options)?;
    crate::commands::import_options::csat::declared(&args.csat)?;
    let (mut input, cols) = options.open(&args.file, &FIELDS)?;
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
    let unset = CsatPlan::decide(None, CsatScale::default(), false).map_err(anyhow::Error::from)?;
    let job = Job {
        rules: RowRules {
            cols: &cols,
            times: &options.times,
            decimal_comma: input.decimal_comma(),
            pseudonymiser: None,
            csat: &unset,
        },
        create_agents: args.create_agents,
        progress: &progress,
    };
    let dry_run = options.dry_run;
    let outcome = store.write_or_rehearse(&ctx.writer(&store)?, dry_run, |tx| {
        let pseudonymiser = if args.keep_customer {
            None
        } else {
            Some(tx.pseudonymiser()?)
        };
        let stored_scale = tx.csat_scale()?;
        // A file without csat says nothing about the scale.
        let csat = crate::commands::import_options::csat::plan(stored_scale.filter(|_| cols.has("csat")), &args.csat)?;
        let job = Job {
            rules: RowRules {
                pseudonymiser: pseudonymiser.as_ref(),
                csat: &csat,
                ..job.rules
            },
            ..job
        };
        let mut report = job.run(tx, &mut input, rejects.as_mut())?;
        report.timezone = options.times.tz.name().to_string();
        report.customers_pseudonymised = !args.keep_customer && cols.has("customer");
        report.delimiter = match input.delimiter() {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        };
        report.encoding = input.encoding().to_string();
        report.dry_run = dry_run;
        if dry_run {
            for id in &report.shown_ids {
                report.first_rows.extend(tx.interaction(id)?);
            }
        }
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
                    "csat_scale": cols.has("csat").then(|| csat.file.name()),
                    "csat_rescaled_to": (csat.file != csat.store).then(|| csat.store.name()),
                }),
            )?;
        }
        if stored_scale.is_none() && report.csat_stored > 0 {
            tx.set_csat_scale(csat.store)?;
        }
        if let Some(r) = rejects.as_mut() {
            r.flush()?;
        }
        Ok(report)
    });
    progress.finish_and_clear();
    let mut report = outcome?;
    untaken_channels(ctx, &store, &report.channels)?;
    if dry_run {
        // The rejects file is left untouched, like the store.
        drop(rejects);
        return Ok(describe_dry_run(report));
    }
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

/// Warns about imported channels that no interaction rubric takes (`Inbound`, `Outbound`: a
/// system's words for what qaudit calls phone), which could never be scored.
fn untaken_channels(
    ctx: &Context,
    store: &crate::store::Store,
    channels: &std::collections::BTreeSet<String>,
) -> Result<()> {
    if channels.is_empty() {
        return Ok(());
    }
    let mut taken: HashSet<String> = HashSet::new();
    for summary in store.rubric_summaries()?.iter().filter(|s| s.subject == "interaction") {
        let rubric = store.rubric(&summary.id, Some(summary.version))?;
        if rubric.channels.is_empty() {
            // A rubric for every channel: any channel can be scored.
            return Ok(());
        }
        taken.extend(rubric.channels);
    }
    let untaken: Vec<String> = channels.iter().filter(|c| !taken.contains(*c)).cloned().collect();
    if let Some(first) = untaken.first() {
        ctx.notice(&format!(
            "No rubric scores channel{} {}; translate a system's own words with --value \"channel:{first}=phone\" (or amend the rows with `qaudit interaction amend ID --set channel=...`).",
            if untaken.len() == 1 { "" } else { "s" },
            untaken.join(", ")
        ));
    }
    Ok(())
}

/// What `--dry-run` found: the counts, the first rows as they would be stored, and what the
/// rejects file would hold.
fn describe_dry_run(report: ImportReport) -> Output {
    let mut summary = format!(
        "{}: {} would be imported, {} already stored",
        report.file, report.imported, report.already_stored
    );
    if report.rejected > 0 {
        summary.push_str(&format!(", {} would be rejected", report.rejected));
    }
    summary.push_str(" (--dry-run: nothing was written).");
    let mut lines = vec![
        summary,
        format!(
            "Read as {} with `{}` between cells; times without an offset in {}.",
            report.encoding, report.delimiter, report.timezone
        ),
    ];
    if !report.created_agents.is_empty() {
        lines.push(format!(
            "Would create {} agent{}: {}.",
            report.created_agents.len(),
            if report.created_agents.len() == 1 { "" } else { "s" },
            listed(&report.created_agents, UNKNOWN_SHOWN)
        ));
    }
    let mut table = Table::new(&["id", "agent", "channel", "occurred_at", "duration_s", "customer"]);
    for i in &report.first_rows {
        table.row(vec![
            i.id.clone(),
            i.agent.clone(),
            i.channel.clone(),
            i.occurred_at.clone(),
            i.duration_s.map(|d| d.to_string()).unwrap_or_default(),
            i.customer.clone().unwrap_or_default(),
        ]);
    }
    let mut out = Output::new(&report);
    for line in lines {
        out = out.line(line);
    }
    if !table.rows.is_empty() {
        out = out.table(table.titled("The first rows, as they would be stored:"));
    }
    out
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
    rules: RowRules<'a>,
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
    /// Streams the file into the store: each row is judged by the plan, and the good ones are
    /// inserted (an id already stored is counted and left as it was).
    fn run(&self, tx: &mut Tx<'_>, input: &mut CsvInput, rejects: Option<&mut Rejects>) -> Result<ImportReport> {
        let mut report = ImportReport {
            file: input.name().to_string(),
            extra_columns: self.rules.cols.others().iter().map(|(name, _)| name.clone()).collect(),
            ..Default::default()
        };
        let imported_at = crate::store::audit::now();
        let unknown_agents = if self.create_agents {
            UnknownAgents::Create
        } else if rejects.is_some() {
            // With --skip-invalid, a row of an unknown agent is a bad row like any other.
            UnknownAgents::Reject
        } else {
            UnknownAgents::Refuse
        };
        let mut plan = ImportPlan::new(self.rules, tx.agent_ids()?, unknown_agents);
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
            let (new, new_agent) = match plan.judge(&row) {
                Verdict::Accept { row, new_agent } => (row, new_agent),
                Verdict::Bad(problem) => {
                    let reason = row_reason(&problem);
                    bad.add(&row, &reason)?;
                    continue;
                }
                Verdict::Held => continue,
            };
            if new_agent {
                let agent = Agent {
                    id: new.agent.clone(),
                    name: new.agent.clone(),
                    team: None,
                    location: None,
                    hired_on: None,
                };
                tx.save_agent(&agent, &format!("interaction import {}:{}", input.name(), row.line))?;
                report.created_agents.push(new.agent.clone());
            }
            if tx.insert_interaction(&new, &imported_at)?.is_some() {
                report.imported += 1;
                report.csat_stored += u64::from(new.voice.csat.is_some());
                if !report.channels.contains(&new.channel) {
                    report.channels.insert(new.channel.clone());
                }
                if report.first_id.is_none() {
                    report.first_id = Some(new.id.clone());
                }
                if report.shown_ids.len() < SHOWN_ROWS {
                    report.shown_ids.push(new.id.clone());
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
            let unknown = plan.unknown();
            if !unknown.is_empty() {
                problems.note(format!(
                    "also, {} not in the store: {}",
                    agents_are(unknown.len()),
                    listed(unknown, UNKNOWN_SHOWN)
                ));
            }
            return Err(problems.into_error(
                "fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv",
            ));
        }
        plan.finish(input.name())?;
        Ok(report)
    }
}
