//! `qaudit interaction import | list | amend | withdraw`: the calls, chats and emails to score.

mod amend;
mod import;

use super::Context;
use crate::cli::InteractionCommand;
use crate::dates;
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
        } => list(ctx, agent, channel, from.as_deref(), to.as_deref(), limit, withdrawn),
        InteractionCommand::Amend { id, sets, reason } => amend::amend(ctx, &id, &sets, &reason),
        InteractionCommand::Withdraw { id, reason } => amend::withdraw(ctx, &id, &reason),
    }
}

fn list(
    ctx: &Context,
    agent: Option<String>,
    channel: Option<String>,
    from: Option<&str>,
    to: Option<&str>,
    limit: usize,
    withdrawn: bool,
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
    let mut headers = vec!["id", "agent", "channel", "occurred_at", "duration", "customer"];
    // Practice role-plays and mystery contacts never count; the column says which rows are
    // such, and appears only when the list holds one, so a list of real contacts stays as it was.
    let marked = rows.iter().any(|i| i.origin.is_some());
    if marked {
        headers.push("kind");
    }
    if withdrawn {
        headers.push("withdrawn");
    }
    let mut table = Table::new(&headers);
    for i in &rows {
        let mut cells = vec![
            i.id.clone(),
            i.agent.clone(),
            i.channel.clone(),
            dates::short(&i.occurred_at),
            i.duration_s.map(duration).unwrap_or_default(),
            i.customer.clone().unwrap_or_default(),
        ];
        if marked {
            cells.push(i.origin.clone().unwrap_or_default());
        }
        if withdrawn {
            cells.push(i.withdraw_reason.clone().unwrap_or_default());
        }
        table.row(cells);
    }
    Ok(Output::new(&rows).table(table))
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
