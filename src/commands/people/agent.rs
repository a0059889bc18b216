//! `qaudit agent add | list | import`: the agents whose work is scored.

use super::shared::{Shown, change, details, given_or_kept, import_records, require_id, require_name};
use crate::cli::{AgentCommand, ImportOptions};
use crate::commands::Context;
use crate::csv_input::people::AgentFile;
use crate::output::{Output, Table};
use crate::store::people::{Agent, Saved};
use anyhow::Result;
use serde::Serialize;
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
        AgentCommand::Survey(cmd) => super::agent_survey::run(ctx, cmd),
    }
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

fn import(ctx: &Context, file: &Path, options: &ImportOptions) -> Result<Output> {
    import_records(
        ctx,
        file,
        options,
        &AgentFile,
        "fix the rows listed and import the file again; locations must be stored first (`qaudit location import`)",
    )
}

impl Shown for AgentFile {
    const SHOWN: &'static [&'static str] = &["id", "name", "team", "location"];

    fn cells(&self, a: &Agent) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![a.id.clone(), a.name.clone(), opt(&a.team), opt(&a.location)]
    }
}
