//! `qaudit visit log | review | list | show | evidence | purge | plan`: mystery-shopper visits.
//!
//! Logging and resubmitting live in [`log`], a lead's review and purging in [`review`], the
//! whole visit as a lead or its shopper reads it in [`show`], getting the evidence back out
//! in [`evidence`], and scoring a logged visit in a calibration session in [`calibration`].

mod calibration;
mod evidence;
mod log;
mod plan;
mod review;
mod show;

use super::Context;
use crate::cli::VisitCommand;
use crate::dates;
use crate::output::{Output, Table, score};
use crate::store::visits::{Visit, VisitFilter};
use crate::visits::VisitStatus;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: VisitCommand) -> Result<Output> {
    match cmd {
        VisitCommand::Log(args) => match args.calibration {
            // Calibration (issue 7): a participant scores a logged visit; no visit is logged.
            Some(session) => calibration::score_visit(ctx, &args, session),
            None => log::log(ctx, &args),
        },
        VisitCommand::Review {
            id,
            approve,
            return_visit: _,
            note,
            comment_on,
        } => review::review(ctx, id, approve, note, &comment_on),
        VisitCommand::List {
            status,
            location,
            planned,
            limit,
        } => list(ctx, status, location, planned, limit),
        VisitCommand::Show { id, checks, report } => show::show(ctx, id, &checks, &report),
        VisitCommand::Evidence { id, output, removed } => evidence::write(ctx, id, &output, removed),
        VisitCommand::Purge { id, evidence, reason } => review::purge(ctx, id, &evidence, &reason),
        VisitCommand::Plan(args) => plan::run(ctx, &args),
    }
}

/// A listed visit with, for leads, its integrity outcome.
#[derive(serde::Serialize)]
struct Listed {
    #[serde(flatten)]
    visit: Visit,
    #[serde(skip_serializing_if = "Option::is_none")]
    integrity: Option<crate::visits::checks::Outcome>,
}

fn list(
    ctx: &Context,
    status: Option<VisitStatus>,
    location: Option<String>,
    planned: bool,
    limit: usize,
) -> Result<Output> {
    let store = ctx.open()?;
    let status = if planned { Some(VisitStatus::Planned) } else { status };
    let status = status.map(|s| {
        serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let actor = ctx.actor_in(&store)?;
    let visits = store.visits(&VisitFilter {
        status,
        location,
        limit: i64::MAX as usize,
    })?;
    let mut visits = crate::visits::access::visible_in(&actor, visits);
    super::listing::cut(ctx, &mut visits, limit, "visits");
    // Leads see each logged visit's integrity outcome (default thresholds; `visit show` explains).
    let lead = actor.is_lead();
    let mut listed = Vec::new();
    for v in visits {
        let integrity = if lead {
            let tz = store
                .location(&v.location)?
                .and_then(|l| l.timezone)
                .and_then(|z| dates::parse_tz(&z).ok())
                .unwrap_or_else(dates::zone);
            crate::visits::verdict(&store, v.id, tz, &Default::default())?.map(|x| x.outcome)
        } else {
            None
        };
        listed.push(Listed { visit: v, integrity });
    }
    // The files themselves are in `visit show ID` (and in the JSON here).
    let mut headers = vec![
        "visit", "date", "location", "shopper", "agent", "score", "status", "files",
    ];
    if lead {
        // Within 80 columns: leads see the checks where others see the number of files.
        headers.pop();
        headers.push("checks");
    }
    let mut t = Table::new(&headers);
    for Listed { visit: v, integrity } in &listed {
        let when = v
            .visited_at
            .as_deref()
            .or(v.planned_for.as_deref())
            .map(|t| dates::short(t).chars().take(10).collect::<String>())
            .unwrap_or_default();
        t.row(vec![
            v.id.to_string(),
            when,
            v.location.clone(),
            v.shopper.clone().unwrap_or_default(),
            v.staff_agent.clone().unwrap_or_default(),
            v.overall.map(score).unwrap_or_default(),
            v.status.clone(),
            v.attachments.len().to_string(),
        ]);
        if lead && let Some(row) = t.rows.last_mut() {
            row.pop();
            row.push(integrity.map(|o| o.label(false).to_string()).unwrap_or_default());
        }
    }
    let out = Output::new(&listed);
    Ok(if listed.is_empty() {
        out.line("No visits match.")
    } else {
        out.table(t)
    })
}
