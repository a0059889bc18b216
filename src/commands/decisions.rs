//! `qaudit flags decide` and `qaudit flags decisions`: a lead's decisions on flags, with the
//! evidence they rested on. The rules (who, on what, superseding, who sees which) are
//! [`crate::decisions`]; this adapter reads the command line and shapes the output: a summary
//! or a table for people, `--format json` for everything, `--format csv` one row per decision.

use super::Context;
use crate::cli::{DecideArgs, DecisionsArgs, FlagsCommand};
use crate::dates;
use crate::decisions::{DecideRequest, DecisionQuery, list};
use crate::output::{Format, Output, Table};
use crate::store::decisions::StoredDecision;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: FlagsCommand) -> Result<Output> {
    match cmd {
        FlagsCommand::Decide(args) => decide(ctx, args),
        FlagsCommand::Decisions(args) => decisions(ctx, &args),
    }
}

fn decide(ctx: &Context, args: DecideArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let as_of = dates::day_option("--as-of", args.as_of.as_deref())?.unwrap_or_else(dates::today);
    let actor = ctx.actor_in(&store)?;
    let req = DecideRequest {
        agent: args.agent,
        rule: args.rule,
        rubric: args.rubric,
        action: args.action,
        note: args.note,
        as_of,
        supersedes: args.supersedes,
    };
    let d = crate::decisions::decide(&mut store, &actor, &req)?;
    let mut fields = vec![
        ("decision", d.id.to_string()),
        ("agent", format!("{} ({})", d.decision.agent, d.agent_name)),
        (
            "flag",
            format!("{} ({}, {})", d.decision.rule, d.decision.rubric, d.decision.kind),
        ),
        ("action", d.decision.action.clone()),
        (
            "window",
            format!(
                "{} – {} (as of {})",
                d.decision.window_from, d.decision.window_to, d.decision.as_of
            ),
        ),
        ("evidence", evidence(&d)),
        ("evaluations", ids(&d.decision.evaluations)),
        ("note", d.decision.note.clone()),
        (
            "decided",
            format!("by {} at {}", d.decided_by, dates::short(&d.decided_at)),
        ),
    ];
    if let Some(old) = d.decision.supersedes {
        fields.push(("supersedes", format!("decision {old}")));
    }
    Ok(Output::new(&d).fields(fields))
}

fn decisions(ctx: &Context, args: &DecisionsArgs) -> Result<Output> {
    let store = ctx.open()?;
    let query = DecisionQuery {
        from: dates::day_option("--from", args.from.as_deref())?,
        to: dates::day_option("--to", args.to.as_deref())?,
        agent: args.agent.clone(),
        team: args.team.clone(),
        rule: args.rule.clone(),
    };
    if let (Some(f), Some(t)) = (query.from, query.to)
        && f > t
    {
        return crate::error::refuse(
            format!("--from {f} is after --to {t}"),
            "give the earlier day as --from and the later one as --to",
        );
    }
    let actor = ctx.actor_in(&store)?;
    let rows = list(&store, &actor, &query)?;
    if ctx.global.format == Some(Format::Csv) {
        let mut t = Table::new(&list::COLUMNS);
        for d in &rows {
            t.row(list::row(d));
        }
        return Ok(Output::new(&rows).table(t));
    }
    if rows.is_empty() {
        return Ok(Output::new(&rows).line("No decision matches; `qaudit flags decide` records one."));
    }
    let mut t = Table::new(&[
        "#", "as of", "agent", "flag", "action", "n", "mean", "bound", "crit", "lead", "status", "note",
    ]);
    for d in &rows {
        let status = match (d.superseded_by, d.decision.supersedes) {
            (Some(by), _) => format!("superseded by {by}"),
            (None, Some(old)) => format!("supersedes {old}"),
            (None, None) => String::new(),
        };
        t.row(vec![
            d.id.to_string(),
            d.decision.as_of.clone(),
            d.decision.agent.clone(),
            format!("{} ({})", d.decision.rule, d.decision.kind),
            d.decision.action.clone(),
            d.decision.n.to_string(),
            d.decision.mean.map(crate::output::score).unwrap_or_default(),
            d.decision.bound.map(|b| format!("{b:.3}")).unwrap_or_default(),
            d.decision.critical_failures.to_string(),
            d.decided_by.clone(),
            status,
            d.decision.note.clone(),
        ]);
    }
    Ok(Output::new(&rows).table(t))
}

/// n, mean, bound and critical failures in one line.
fn evidence(d: &StoredDecision) -> String {
    let mut parts = vec![format!("n {}", d.decision.n)];
    if let Some(m) = d.decision.mean {
        parts.push(format!("mean {}", crate::output::score(m)));
    }
    if let (Some(b), Some(c)) = (d.decision.bound, d.decision.bound_confidence) {
        let side = d.decision.bound_side.as_deref().unwrap_or("");
        parts.push(format!("{:.0}% {side} bound {b:.3}", c * 100.0));
    }
    parts.push(format!("critical failures {}", d.decision.critical_failures));
    parts.join(", ")
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}
