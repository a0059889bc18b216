//! `qaudit dispute open | resolve | list | show`: an agent contests an evaluation; a lead resolves
//! it. The rules (who may open and resolve, the window, the proposals, separation of duties, the
//! scope of what is shown) are [`crate::disputes`]; this adapter reads the command line, calls it
//! and words the result. Refusals get their hints in `commands::errors::disputes`.

use super::Context;
use crate::cli::DisputeCommand;
use crate::dates;
use crate::disputes::{self, Decision, OpenRequest, outcome_word};
use crate::error::refuse;
use crate::output::{Output, Table, score};
use crate::store::disputes::{DisputeStatus, Proposal};
use anyhow::Result;

pub fn run(ctx: &Context, cmd: DisputeCommand) -> Result<Output> {
    match cmd {
        DisputeCommand::Open {
            evaluation,
            criteria,
            proposed,
            reason,
        } => open(ctx, evaluation, &criteria, &proposed, &reason),
        DisputeCommand::Resolve {
            id,
            accept,
            partial,
            reject,
            note,
        } => {
            let decision = match (accept, partial.is_empty(), reject) {
                (true, true, false) => Decision::Accept,
                (false, false, false) => Decision::Partial(pairs(&partial)?),
                (false, true, true) => Decision::Reject,
                (false, true, false) => {
                    return refuse(
                        format!("say how dispute {id} ends"),
                        "give one of --accept, --partial KEY=VALUE... or --reject, with --note TEXT",
                    );
                }
                _ => {
                    return refuse(
                        "give only one of --accept, --partial and --reject",
                        "a dispute ends one way: accepted, partly accepted, or rejected",
                    );
                }
            };
            resolve(ctx, id, &decision, note.as_deref())
        }
        DisputeCommand::List { open } => list(ctx, open),
        DisputeCommand::Show { id } => show(ctx, id),
    }
}

/// `--partial KEY=VALUE...` as (criterion, answer) pairs, both trimmed.
fn pairs(partial: &[String]) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for pair in partial {
        let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
            return refuse(
                format!("`--partial {pair}` is not KEY=VALUE"),
                "e.g. --partial empathy.acknowledge=partly",
            );
        };
        pairs.push((key.trim().to_string(), value.trim().to_string()));
    }
    Ok(pairs)
}

fn open(ctx: &Context, id: i64, criteria: &[String], proposed: &[String], reason: &str) -> Result<Output> {
    if criteria.len() != proposed.len() {
        return refuse(
            format!(
                "{} --criterion but {} --proposed: each contested criterion needs the answer proposed for it",
                criteria.len(),
                proposed.len()
            ),
            "write them in pairs: --criterion empathy.acknowledge --proposed met",
        );
    }
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let proposals: Vec<(String, String)> = criteria.iter().cloned().zip(proposed.iter().cloned()).collect();
    let request = OpenRequest {
        evaluation: id,
        proposals: &proposals,
        reason,
    };
    let shown = disputes::open(&mut store, &actor, &request, dates::today())?;
    let mut out = Output::new(&shown).line(format!(
        "Dispute {} opened on evaluation {id} ({}, {} v{}).",
        shown.id,
        shown.agent.as_deref().unwrap_or_default(),
        shown.rubric,
        shown.rubric_version
    ));
    if !shown.proposals.is_empty() {
        out = out.table(proposals_table(&shown.proposals));
    }
    Ok(out.line(format!(
        "Until a lead resolves it, evaluation {id} is left out of flags. Resolve: qaudit dispute resolve {} --accept | --partial KEY=VALUE | --reject, with --note TEXT",
        shown.id
    )))
}

fn proposals_table(proposals: &[Proposal]) -> Table {
    let mut t = Table::new(&["criterion", "scored", "proposed"]);
    for p in proposals {
        t.row(vec![p.criterion.clone(), p.current.clone(), p.proposed.clone()]);
    }
    t
}

fn resolve(ctx: &Context, id: i64, decision: &Decision, note: Option<&str>) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let resolved = disputes::resolve(&mut store, &actor, id, decision, note)?;
    let (e, revision) = (resolved.dispute.evaluation, resolved.revision);
    let word = outcome_word(resolved.dispute.status);
    let line = match resolved.after {
        Some(after) => format!(
            "Dispute {id} {word}: evaluation {e} amended, overall {} -> {} (revision {revision}; the earlier one is kept).",
            score(resolved.before),
            score(after)
        ),
        None => format!(
            "Dispute {id} {word}: evaluation {e} stands as scored (overall {}).",
            score(resolved.before)
        ),
    };
    Ok(Output::new(&resolved.dispute)
        .line(line)
        .line(format!("Evaluation {e} counts again in flags.")))
}

fn list(ctx: &Context, open_only: bool) -> Result<Output> {
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let rows = disputes::list(&store, &actor, open_only, dates::today())?;
    let open = rows.iter().filter(|r| r.dispute.status == DisputeStatus::Open).count();
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let mut t = Table::new(&[
        "id",
        "evaluation",
        "agent",
        "opened",
        "age",
        "status",
        "proposals",
        "resolved by",
    ]);
    for r in &rows {
        let d = &r.dispute;
        let status = if r.overdue {
            format!("OVERDUE (>{}d)", r.dispute_days)
        } else {
            d.status.as_str().to_string()
        };
        let proposals = d
            .proposals
            .iter()
            .map(|p| format!("{}: {} -> {}", p.criterion, p.current, p.proposed))
            .collect::<Vec<_>>()
            .join("; ");
        t.row(vec![
            d.id.to_string(),
            format!("{} ({})", d.evaluation, d.subject),
            d.agent.clone().unwrap_or_default(),
            disputes::day_of(&d.opened_at)
                .map(|x| x.to_string())
                .unwrap_or_default(),
            format!("{}d", r.age_days),
            status,
            proposals,
            d.resolved_by.clone().unwrap_or_default(),
        ]);
    }
    let summary = if rows.is_empty() {
        if open_only { "No open disputes." } else { "No disputes." }.to_string()
    } else {
        let mut s = format!("{} dispute(s): {open} open", rows.len());
        if overdue > 0 {
            s.push_str(&format!(
                ", {overdue} OVERDUE (open longer than the rubric's dispute_days)"
            ));
        }
        if !open_only {
            s.push_str(&format!(", {} resolved", rows.len() - open));
        }
        s.push('.');
        s
    };
    let out = Output::new(&rows);
    Ok(if rows.is_empty() {
        out.line(summary)
    } else {
        out.table(t).line(summary)
    })
}

/// `dispute show ID`: the whole thread, from the agent's reason to the lead's note.
fn show(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let d = disputes::show(&store, &actor, id)?;
    let mut out = Output::new(&d).line(format!(
        "Dispute {id} on evaluation {} ({}, {} v{}), agent {}, scored by {}.",
        d.evaluation,
        d.subject,
        d.rubric,
        d.rubric_version,
        d.agent.as_deref().unwrap_or("-"),
        d.evaluator
    ));
    out = out.line(format!(
        "Opened by {} on {}: {}",
        d.opened_by,
        dates::short(&d.opened_at),
        d.reason
    ));
    if !d.proposals.is_empty() {
        out = out.table(proposals_table(&d.proposals));
    }
    let ending = match d.status {
        DisputeStatus::Open => "Open: waiting for a lead (`qaudit dispute resolve`).".to_string(),
        status => format!(
            "{} by {} on {}{}: {}",
            match status {
                DisputeStatus::Accepted => "Accepted",
                DisputeStatus::Partial => "Partly accepted",
                _ => "Rejected",
            },
            d.resolved_by.as_deref().unwrap_or("-"),
            d.resolved_at.as_deref().map(dates::short).unwrap_or_default(),
            d.revision_after.map(|r| format!(" (revision {r})")).unwrap_or_default(),
            d.resolution_note.as_deref().unwrap_or("")
        ),
    };
    Ok(out.line(ending))
}
