//! `qaudit interaction import | list | amend | withdraw`: the calls, chats and emails to score.

mod amend;
mod import;

use super::Context;
use crate::cli::InteractionCommand;
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::store::interactions::InteractionFilter;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: InteractionCommand) -> Result<Output> {
    match cmd {
        InteractionCommand::Import(args) => import::import(ctx, &args),
        InteractionCommand::List {
            agent,
            channel,
            from,
            to,
            limit,
            withdrawn,
            lang,
        } => list(
            ctx,
            agent,
            channel,
            from.as_deref(),
            to.as_deref(),
            limit,
            withdrawn,
            Labels::of("lists", lang.unwrap_or(Lang::En)),
        ),
        InteractionCommand::Amend { id, sets, reason } => amend::amend(ctx, &id, &sets, &reason),
        InteractionCommand::Withdraw { id, reason } => amend::withdraw(ctx, &id, &reason),
    }
}

/// The list in `l`'s language (`--lang`; an interaction has no rubric to take one from).
#[allow(clippy::too_many_arguments)]
fn list(
    ctx: &Context,
    agent: Option<String>,
    channel: Option<String>,
    from: Option<&str>,
    to: Option<&str>,
    limit: usize,
    withdrawn: bool,
    l: Labels,
) -> Result<Output> {
    let (from, to) = super::listing::period(from, to, dates::today())?;
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
        withdrawn,
    };
    let rows = store.interactions(&filter, (limit > 0).then_some(limit))?;
    if rows.is_empty() {
        let line = l.get(if filtered {
            "no_interactions"
        } else {
            "no_interactions_yet"
        });
        return Ok(Output::new(&rows).line(line));
    }
    let total = store.count_interactions(&filter)?;
    if total > rows.len() as u64 {
        ctx.notice(&fill!(
            l,
            "cut_of",
            shown = rows.len(),
            total = total,
            what = l.get("what_interactions")
        ));
    }
    let mut headers = vec![
        "i_col_id",
        "i_col_agent",
        "i_col_channel",
        "i_col_occurred",
        "i_col_duration",
        "i_col_customer",
    ];
    // Practice role-plays and mystery contacts never count; the column says which rows are
    // such, and appears only when the list holds one, so a list of real contacts stays as it was.
    let marked = rows.iter().any(|i| i.origin.is_some());
    if marked {
        headers.push("i_col_kind");
    }
    if withdrawn {
        headers.push("i_col_withdrawn");
    }
    let headers: Vec<String> = headers.into_iter().map(|k| l.get(k)).collect();
    let mut table = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    for i in &rows {
        let mut cells = vec![
            i.id.clone(),
            i.agent.clone(),
            l.channel(&i.channel),
            dates::short_in(&i.occurred_at, l.lang()),
            i.duration_s.map(duration).unwrap_or_default(),
            i.customer.clone().unwrap_or_default(),
        ];
        if marked {
            cells.push(i.origin.as_deref().map(|o| origin(&l, o)).unwrap_or_default());
        }
        if withdrawn {
            cells.push(i.withdraw_reason.clone().unwrap_or_default());
        }
        table.row(cells);
    }
    Ok(Output::new(&rows).table(table))
}

/// A practice or mystery contact's kind as the language names it; another as stored.
fn origin(l: &Labels, stored: &str) -> String {
    match stored {
        "mystery" | "practice" => l.get(&format!("origin_{stored}")),
        other => other.to_string(),
    }
}

/// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
pub(super) fn duration(seconds: i64) -> String {
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
}
