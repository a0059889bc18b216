//! `qaudit survey import | list`: customer satisfaction surveys answered after the contact.

mod import;

use super::Context;
use crate::cli::SurveyCommand;
use crate::dates;
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::store::voice::SurveyFilter;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: SurveyCommand) -> Result<Output> {
    match cmd {
        SurveyCommand::Import(args) => import::import(ctx, &args),
        SurveyCommand::List {
            interaction,
            agent,
            from,
            to,
            limit,
        } => list(ctx, interaction, agent, from.as_deref(), to.as_deref(), limit),
    }
}

/// Verbatims are the customer's own words (scrubbed of identifiers, but still personal and
/// often about the agent): only leads read them, so the whole listing is a lead's.
fn list(
    ctx: &Context,
    interaction: Option<String>,
    agent: Option<String>,
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
    ctx.require_role(&store, Role::Lead, "read survey verbatims")?;
    let filter = SurveyFilter {
        interaction,
        agent,
        from,
        to,
        limit: (limit > 0).then_some(limit),
    };
    let rows = store.surveys(&filter)?;
    if rows.is_empty() {
        return Ok(Output::new(&rows).line("No surveys match. Import them with `qaudit survey import surveys.csv`."));
    }
    let mut table = Table::new(&[
        "interaction",
        "agent",
        "channel",
        "answered_at",
        "csat",
        "nps",
        "verbatim",
    ]);
    let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for s in &rows {
        table.row(vec![
            s.interaction.clone(),
            s.agent.clone(),
            s.channel.clone(),
            dates::short(&s.answered_at),
            num(s.csat),
            num(s.nps),
            s.verbatim.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&rows).table(table))
}
