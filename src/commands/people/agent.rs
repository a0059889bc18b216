//! `qaudit agent add | list | import`: the agents whose work is scored.

use super::shared::{Shown, change, details, given_or_kept, import_records, require_id, require_name};
use crate::cli::{AgentCommand, ImportOptions};
use crate::commands::Context;
use crate::csv_input::people::AgentFile;
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
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
            hired_on,
        } => add(
            ctx,
            &id,
            &name,
            &Details {
                team: team.as_deref(),
                location: location.as_deref(),
                hired_on: hired_on.as_deref(),
            },
        ),
        AgentCommand::List { team, lang } => {
            list(ctx, team.as_deref(), &Labels::of("people", lang.unwrap_or(Lang::En)))
        }
        AgentCommand::Import { file, options } => import(ctx, &file, &options),
        AgentCommand::Survey(cmd) => super::agent_survey::run(ctx, cmd),
    }
}

#[derive(Serialize)]
struct AgentSaved {
    result: Saved,
    agent: Agent,
}

/// The optional details of `agent add`: `None` keeps the stored value, a blank one clears it.
struct Details<'a> {
    team: Option<&'a str>,
    location: Option<&'a str>,
    hired_on: Option<&'a str>,
}

fn add(ctx: &Context, id: &str, name: &str, given: &Details<'_>) -> Result<Output> {
    require_id("agent id", id)?;
    let name = require_name("agent", name)?;
    let (team, location) = (given.team, given.location);
    let hired_on = match given.hired_on.map(str::trim) {
        Some(text) if !text.is_empty() => Some(crate::tenure::parse_hire_date(text, crate::dates::today()).or_else(
            |why| {
                crate::error::refuse(
                    format!("--hired-on: {why}"),
                    "give the day the agent was hired, e.g. --hired-on 2026-11-02 (--hired-on \"\" clears it)",
                )
            },
        )?),
        other => other.map(str::to_string),
    };
    let mut store = ctx.open()?;
    let (saved, before, agent) = store.write(&ctx.writer(&store)?, |tx| {
        let before = tx.agent(id)?;
        let agent = Agent {
            id: id.to_string(),
            name: name.clone(),
            team: given_or_kept(team, before.as_ref().and_then(|b| b.team.as_ref())),
            location: given_or_kept(location, before.as_ref().and_then(|b| b.location.as_ref())),
            hired_on: given_or_kept(hired_on.as_deref(), before.as_ref().and_then(|b| b.hired_on.as_ref())),
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
            details(
                &agent.name,
                &[
                    ("team", &agent.team),
                    ("location", &agent.location),
                    ("hired on", &agent.hired_on)
                ]
            )
        ),
        (Saved::Updated, Some(b)) => {
            let changes: Vec<String> = [
                change("name", Some(&b.name), Some(&agent.name)),
                change("team", b.team.as_deref(), agent.team.as_deref()),
                change("location", b.location.as_deref(), agent.location.as_deref()),
                change("hired on", b.hired_on.as_deref(), agent.hired_on.as_deref()),
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

/// The agents, worded in `l`'s language (`--lang`).
fn list(ctx: &Context, team: Option<&str>, l: &Labels) -> Result<Output> {
    let store = ctx.open()?;
    let agents = store.agents(team)?;
    if agents.is_empty() {
        let line = match team {
            Some(t) => fill!(l, "a_no_team", team = t),
            None => l.get("a_none"),
        };
        return Ok(Output::new(&agents).line(line));
    }
    // The hire date column appears once some agent has one (stores without hire dates list
    // agents as before).
    let dated = agents.iter().any(|a| a.hired_on.is_some());
    let mut headers = vec!["a_col_id", "a_col_name", "a_col_team", "a_col_location"];
    if dated {
        headers.push("a_col_hired");
    }
    let headers: Vec<String> = headers.into_iter().map(|k| l.get(k)).collect();
    let mut table = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    for a in &agents {
        let mut row = vec![
            a.id.clone(),
            a.name.clone(),
            a.team.clone().unwrap_or_default(),
            a.location.clone().unwrap_or_default(),
        ];
        if dated {
            row.push(
                a.hired_on
                    .as_deref()
                    .map(|d| dates::in_lang(d, l.lang()).unwrap_or_else(|| d.to_string()))
                    .unwrap_or_default(),
            );
        }
        table.row(row);
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
    const SHOWN: &'static [&'static str] = &["id", "name", "team", "location", "hired on"];

    fn cells(&self, a: &Agent) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            a.id.clone(),
            a.name.clone(),
            opt(&a.team),
            opt(&a.location),
            opt(&a.hired_on),
        ]
    }
}
