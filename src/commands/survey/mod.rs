//! `qaudit survey import | list`: customer satisfaction surveys answered after the contact.

mod import;

use super::Context;
use crate::cli::SurveyCommand;
use crate::dates;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::report::common::lang_of_all;
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
            lang,
        } => list(
            ctx,
            Filter {
                interaction,
                agent,
                from,
                to,
                limit,
            },
            lang,
        ),
    }
}

/// What `survey list` was asked for.
struct Filter {
    interaction: Option<String>,
    agent: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: usize,
}

/// Verbatims are the customer's own words (scrubbed of identifiers, but still personal and
/// often about the agent): only leads read them, so the whole listing is a lead's.
fn list(ctx: &Context, f: Filter, lang: Option<Lang>) -> Result<Output> {
    let Filter {
        interaction,
        agent,
        from,
        to,
        limit,
    } = f;
    let (from, to) = (from.as_deref(), to.as_deref());
    let (from, to) = super::listing::period(from, to, dates::today())?;
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
    let lang = match lang {
        Some(l) => l,
        None => {
            let rubrics = store.rubric_summaries()?;
            lang_of_all(
                rubrics
                    .iter()
                    .filter(|r| r.subject == "interaction")
                    .map(|r| r.language.as_str()),
            )
        }
    };
    let l = Labels::of("voice", lang);
    if rows.is_empty() {
        return Ok(Output::new(&rows).line(l.get("no_surveys")));
    }
    let keys = [
        "col_interaction",
        "col_agent",
        "col_channel",
        "col_answered",
        "col_csat",
        "col_nps",
        "col_verbatim",
    ];
    let headers: Vec<String> = keys.iter().map(|k| l.get(k)).collect();
    let mut table = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for s in &rows {
        table.row(vec![
            s.interaction.clone(),
            s.agent.clone(),
            s.channel.clone(),
            dates::short_in(&s.answered_at, lang),
            num(s.csat),
            num(s.nps),
            s.verbatim.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&rows).table(table))
}
