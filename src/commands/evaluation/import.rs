//! `qaudit evaluation import CSV`: evaluations kept in spreadsheets before qaudit, one row per
//! criterion (long format), each evaluation validated exactly like `score`.
//!
//! The rules are the core's (`csv_input::evaluations`, shared with the web API); this command
//! requires a lead, reads the file, words each bad row and evaluation, and shows the result.

use crate::cli::ImportOptions;
use crate::commands::Context;
use crate::csv_input::Problems;
use crate::csv_input::evaluations::{self, FIELDS, Groups, prepare};
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::rubric::Rubric;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Serialize)]
struct ImportSummary {
    file: String,
    imported: usize,
    already_imported: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

pub fn run(ctx: &Context, file: &Path, options: &ImportOptions) -> Result<Output> {
    let options = crate::commands::import_options::prepare(options)?;
    let mut store = ctx.open()?;
    // History decides bonuses as much as new scores do: only a lead brings it in, and the
    // import records who (each revision's author and the audit entry).
    let lead = ctx.require_role(&store, Role::Lead, "import evaluations")?;
    let (mut input, cols) = options.open(file, &FIELDS)?;
    let name = input.name().to_string();
    let mut problems = Problems::new(&name);
    let mut groups = Groups::new(&name);
    while let Some(row) = input.next_row(&mut problems)? {
        if let Err(problem) = groups.add(&row, &cols) {
            problems.add(row.line, &problem.to_string());
        }
    }

    let mut ready = Vec::new();
    let mut already = 0;
    let mut rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
    for (reference, group) in groups.iter() {
        if store.external_ref_exists(reference)? {
            already += 1;
            continue;
        }
        match prepare(&store, &mut rubrics, reference, group, &options.times) {
            Ok(r) => ready.push(r),
            Err(e) => match crate::commands::errors::for_cli(e).downcast::<UserError>() {
                Ok(user) => {
                    let mut reason = format!("evaluation `{reference}`: {}", user.message);
                    for d in &user.details {
                        reason.push_str(&format!("; {}", d.trim()));
                    }
                    problems.add(group.first_line(), &reason);
                }
                Err(other) => return Err(other),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error("fix the rows listed above and import the file again; nothing was imported"));
    }
    let imported = ready.len();
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    store.write_or_rehearse(&lead.id, options.dry_run, |tx| {
        evaluations::store(tx, &ready, &lead.id, &file_name, already)
    })?;
    let summary = ImportSummary {
        file: name.clone(),
        imported,
        already_imported: already,
        dry_run: options.dry_run,
    };
    let mut table = Table::new(&["reference", "subject", "rubric", "overall"]);
    for r in &ready {
        table.row(vec![
            r.external_ref.clone(),
            r.label.clone(),
            format!("{} v{}", r.new.rubric_id, r.new.rubric_version),
            crate::output::score(r.result.overall),
        ]);
    }
    let line = if options.dry_run {
        format!(
            "{name}: {imported} evaluation(s) would be imported, {already} already imported (--dry-run: nothing was written)."
        )
    } else {
        format!("{name}: {imported} evaluation(s) imported, {already} already imported.")
    };
    let out = Output::new(&summary).line(line);
    Ok(if imported > 0 { out.table(table) } else { out })
}
