//! `qaudit survey import`: a survey tool's export, as it is.
//!
//! Import decisions (beyond DESIGN.md):
//! - The shared reader and every import option, as for `interaction import`; columns that are
//!   no field refuse the file (a survey export's other columns could carry identifiers).
//! - Each row names an interaction already imported (not withdrawn) and gives csat (on
//!   `--csat-scale`, checked against the store's scale like `interaction import`) or nps or
//!   both. The whole file is checked: without `--skip-invalid` every bad row is listed and
//!   nothing is stored; with it, bad rows go to `--rejects`.
//! - A survey of the same interaction answered at the same time is stored once: importing a
//!   file again stores nothing and says so. The same pair twice in one file is a bad row.
//! - Verbatims are scrubbed (`voice::scrub`) before anything is stored.
//! - One audit entry per import; none when nothing was written.

use super::Context;
use crate::cli::SurveyImportArgs;
use crate::commands::errors::imports::survey_reason;
use crate::commands::import_options::{self, csat, rejects::Rejects};
use crate::csv_input::surveys::{SURVEY_FIELDS, SurveyProblem, survey_row};
use crate::csv_input::{Problems, Record, Row};
use crate::output::Output;
use crate::store::voice::{Inserted, NewSurvey};
use anyhow::Result;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug, Default, Serialize)]
struct Report {
    file: String,
    imported: u64,
    already_stored: u64,
    rejected: u64,
    rejects_file: Option<String>,
    /// Verbatims in which an identifier was replaced.
    verbatims_scrubbed: u64,
    csat_scale: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

pub(super) fn import(ctx: &Context, args: &SurveyImportArgs) -> Result<Output> {
    if args.rejects.is_some() && !args.skip_invalid {
        return crate::error::refuse(
            "--rejects only applies with --skip-invalid",
            "add --skip-invalid to import the good rows and write the bad ones to the file, or leave out --rejects",
        );
    }
    let options = import_options::prepare(&args.options)?;
    csat::declared(&args.csat)?;
    let (mut input, cols) = options.open(&args.file, &SURVEY_FIELDS)?;
    let mut store = ctx.open()?;
    let mut rejects = match &args.rejects {
        Some(path) if args.skip_invalid => Some(Rejects::create(path, &input, &args.file)?),
        _ => None,
    };
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| input.name().to_string(), |n| n.to_string_lossy().to_string());
    let dry_run = options.dry_run;
    let outcome = store.write_or_rehearse(&ctx.writer(&store)?, dry_run, |tx| {
        let stored_scale = tx.csat_scale()?;
        // A file without csat says nothing about the scale.
        let plan = csat::plan(stored_scale.filter(|_| cols.has("csat")), &args.csat)?;
        let mut report = Report {
            file: input.name().to_string(),
            csat_scale: cols.has("csat").then(|| plan.file.name()),
            dry_run,
            ..Default::default()
        };
        let imported_at = crate::store::audit::now();
        let mut problems = Problems::new(input.name());
        let mut seen: HashMap<(String, String), u64> = HashMap::new();
        let mut csat_stored = 0;
        let mut bad = |row: &Row, reason: String, rejects: &mut Option<Rejects>| -> Result<()> {
            match rejects.as_mut() {
                Some(r) => r.write(row, &reason),
                None => {
                    problems.add(row.line, &reason);
                    Ok(())
                }
            }
        };
        while let Some(record) = input.next_record()? {
            let row = match record {
                Record::Row(row) => row,
                Record::Ragged(row) => {
                    let reason = input.ragged_reason(&row);
                    bad(&row, reason, &mut rejects)?;
                    continue;
                }
            };
            let judged = survey_row(&row, &cols, &options.times, &plan).and_then(|s| {
                if let Some(first) = seen.get(&(s.interaction.clone(), s.answered_at.clone())) {
                    return Err(SurveyProblem::Repeated { first_line: *first });
                }
                seen.insert((s.interaction.clone(), s.answered_at.clone()), row.line);
                Ok(s)
            });
            let survey = match judged {
                Ok(s) => s,
                Err(p) => {
                    bad(&row, survey_reason(&p), &mut rejects)?;
                    continue;
                }
            };
            let number = match tx.interaction_number(&survey.interaction)? {
                Some((n, false)) => n,
                found => {
                    let id = survey.interaction.clone();
                    let p = if found.is_some() {
                        SurveyProblem::Withdrawn { id }
                    } else {
                        SurveyProblem::UnknownInteraction { id }
                    };
                    bad(&row, survey_reason(&p), &mut rejects)?;
                    continue;
                }
            };
            let raw = row.text(cols.index("verbatim"));
            let scrubbed = raw.is_some() && raw != survey.verbatim.as_deref();
            let new = NewSurvey {
                interaction: number,
                answered_at: survey.answered_at,
                csat: survey.csat,
                nps: survey.nps,
                verbatim: survey.verbatim,
            };
            match tx.insert_survey(&new, &imported_at)? {
                Inserted::New => {
                    report.imported += 1;
                    report.verbatims_scrubbed += u64::from(scrubbed);
                    csat_stored += u64::from(new.csat.is_some());
                }
                Inserted::AlreadyStored => report.already_stored += 1,
            }
        }
        if !problems.is_empty() {
            return Err(problems.into_error(
                "fix the rows listed and import the file again, or import the good rows with --skip-invalid --rejects rejects.csv",
            ));
        }
        report.rejected = rejects.as_ref().map_or(0, |r| r.count() as u64);
        if report.imported > 0 {
            tx.audit_survey_import(
                &file_name,
                &json!({
                    "file": report.file,
                    "imported": report.imported,
                    "already_stored": report.already_stored,
                    "rejected": report.rejected,
                    "verbatims_scrubbed": report.verbatims_scrubbed,
                    "csat_scale": report.csat_scale,
                    "csat_rescaled_to": (plan.file != plan.store).then(|| plan.store.name()),
                }),
            )?;
        }
        if stored_scale.is_none() && csat_stored > 0 {
            tx.set_csat_scale(plan.store)?;
        }
        if let Some(r) = rejects.as_mut() {
            r.flush()?;
        }
        Ok(report)
    });
    let mut report = outcome?;
    if dry_run {
        drop(rejects);
    } else if let Some(r) = rejects {
        report.rejects_file = Some(r.path().display().to_string());
        r.finish()?;
    }
    Ok(describe(report))
}

fn describe(report: Report) -> Output {
    let verb = if report.dry_run {
        "would be imported"
    } else {
        "imported"
    };
    let mut summary = format!(
        "{}: {} {verb}, {} already stored",
        report.file, report.imported, report.already_stored
    );
    if report.rejects_file.is_some() || report.rejected > 0 {
        summary.push_str(&format!(", {} rejected", report.rejected));
    }
    if report.imported == 0 && report.rejected == 0 && report.already_stored > 0 {
        summary.push_str(" (nothing new to import)");
    }
    if report.dry_run {
        summary.push_str(" (--dry-run: nothing was written)");
    }
    summary.push('.');
    let mut lines = vec![summary];
    if report.verbatims_scrubbed > 0 {
        lines.push(format!(
            "Customer identifiers were replaced in {} verbatim{} before storing ([email], [phone], [card], [iban], [dni]).",
            report.verbatims_scrubbed,
            if report.verbatims_scrubbed == 1 { "" } else { "s" }
        ));
    }
    if let Some(file) = &report.rejects_file {
        lines.push(format!("The rejected rows are in {file} with their line and reason."));
    }
    let mut out = Output::new(&report);
    for line in lines {
        out = out.line(line);
    }
    out
}
