//! `qaudit agent survey import`: a staff satisfaction survey, one score per agent and answer
//! time, on the scale the import declares (`--scale 1-10`), shown beside quality.
//!
//! Decisions: a lead's import (staff satisfaction is personal); columns that are no field
//! refuse the file; every bad row (an unknown agent, a score off the scale, a time that is no
//! time, the same agent and time twice) is listed with its line and nothing is stored; an
//! answer already stored is skipped and counted, so importing the file again changes nothing.

use crate::cli::{AgentSurveyCommand, AgentSurveyImportArgs};
use crate::commands::Context;
use crate::commands::errors::imports::survey_reason;
use crate::commands::import_options;
use crate::csv_input::Problems;
use crate::csv_input::surveys::{AGENT_SURVEY_FIELDS, ScoreScale, SurveyProblem, agent_survey_row};
use crate::error::UserError;
use crate::output::Output;
use crate::roles::Role;
use crate::store::voice::{Inserted, NewAgentSurvey};
use anyhow::Result;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

pub fn run(ctx: &Context, cmd: AgentSurveyCommand) -> Result<Output> {
    match cmd {
        AgentSurveyCommand::Import(args) => import(ctx, &args),
    }
}

#[derive(Debug, Default, Serialize)]
struct Report {
    file: String,
    imported: u64,
    already_stored: u64,
    scale: String,
}

fn import(ctx: &Context, args: &AgentSurveyImportArgs) -> Result<Output> {
    let scale = ScoreScale::parse(&args.scale)
        .map_err(|m| UserError::new(format!("--scale: {m}"), "declare the survey's scale, e.g. --scale 1-10"))?;
    let options = import_options::prepare(&args.options)?;
    let (mut input, cols) = options.open(&args.file, &AGENT_SURVEY_FIELDS)?;
    let mut store = ctx.open()?;
    let actor = ctx.require_role(&store, Role::Lead, "import staff surveys")?.id;
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| input.name().to_string(), |n| n.to_string_lossy().to_string());
    let report = store.write_or_rehearse(&actor, options.dry_run, |tx| {
        let agents = tx.agent_ids()?;
        let mut report = Report {
            file: input.name().to_string(),
            scale: format!("{}-{}", scale.min, scale.max),
            ..Default::default()
        };
        let imported_at = crate::store::audit::now();
        let mut problems = Problems::new(input.name());
        let mut seen: HashMap<(String, String), u64> = HashMap::new();
        while let Some(row) = input.next_row(&mut problems)? {
            let judged = agent_survey_row(&row, &cols, &options.times, scale).and_then(|s| {
                if !agents.contains(&s.agent) {
                    return Err(SurveyProblem::UnknownAgent { agent: s.agent });
                }
                let key = (s.agent.clone(), s.answered_at.clone());
                if let Some(first) = seen.insert(key, row.line) {
                    return Err(SurveyProblem::Repeated { first_line: first });
                }
                Ok(s)
            });
            let s = match judged {
                Ok(s) => s,
                Err(p) => {
                    problems.add(row.line, &survey_reason(&p));
                    continue;
                }
            };
            let new = NewAgentSurvey {
                agent: s.agent,
                answered_at: s.answered_at,
                score: s.score,
                scale_min: scale.min,
                scale_max: scale.max,
            };
            match tx.insert_agent_survey(&new, &imported_at)? {
                Inserted::New => report.imported += 1,
                Inserted::AlreadyStored => report.already_stored += 1,
            }
        }
        if !problems.is_empty() {
            return Err(problems.into_error("fix the rows listed and import the file again"));
        }
        if report.imported > 0 {
            tx.audit_agent_survey_import(
                &file_name,
                &json!({ "file": report.file, "imported": report.imported,
                         "already_stored": report.already_stored, "scale": report.scale }),
            )?;
        }
        Ok(report)
    })?;
    let line = format!(
        "{}: {} staff survey answer{} imported on the {} scale, {} already stored{}.",
        report.file,
        report.imported,
        if report.imported == 1 { "" } else { "s" },
        report.scale,
        report.already_stored,
        if options.dry_run {
            " (--dry-run: nothing was written)"
        } else {
            ""
        }
    );
    Ok(Output::new(&report).line(line))
}
