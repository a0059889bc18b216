//! `qaudit dispute open | resolve | list | show`: an agent contests an evaluation; a lead resolves it.
//!
//! The rules, in the order they are checked:
//!
//! - **Who opens.** The evaluation's agent (`--as` names the agent's id), or a lead acting for
//!   them. Nobody else, and never on an evaluation without an agent.
//! - **What may be disputed.** A submitted evaluation: not a draft, not a void one, not a
//!   calibration score (it counts nowhere). One dispute per evaluation may be open at a time; a
//!   resolved dispute does not stop a new one while the window is still open.
//! - **The window.** `dispute_days` of the rubric version the evaluation was scored on (default
//!   14), counted in days from the day it was scored (UTC): scored on 2 November with 14 days,
//!   the last day to dispute is 16 November. The date of the work does not matter here; the agent
//!   cannot dispute what was not yet scored.
//! - **Proposals.** `--criterion KEY --proposed VALUE`, paired in order, so the counts must
//!   match. Each must name a criterion of that rubric version, give an answer its scale takes
//!   and differ from the answer scored; together they must still make a complete, scoreable
//!   evaluation (so accepting them cannot fail later). A dispute may also carry only a reason.
//! - **Resolving** needs the lead role, and not the lead who scored the evaluation, nor the
//!   lead who opened the dispute for the agent (nor the agent). `--accept` applies the proposals, `--partial KEY=VALUE...` sets the answers the
//!   lead decided (any criterion of the rubric version), `--reject --note TEXT` leaves the
//!   evaluation as it is. Accept and partial amend the evaluation through the normal revision
//!   path (`evaluation amend`): a new revision whose reason names the dispute, the old one kept.
//! - **Overdue.** A dispute is overdue when it has been open longer than the rubric's
//!   `dispute_days`: a lead should answer at least as fast as the agent had to ask.
//!
//! While a dispute is open its evaluation is left out of flags (its agent is listed as pending);
//! once resolved the evaluation counts again with its latest revision. Every write is audited
//! (`dispute.open`, `dispute.resolve`, and `evaluation.amend` for the new revision); every
//! refusal is a user error with a hint and leaves the store as it was.

use super::Context;
use crate::cli::DisputeCommand;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table, score};
use crate::roles::Role;
use crate::rubric::sheet::Checked;
use crate::rubric::validate::suggest_hint;
use crate::rubric::{Rubric, ScoreResult};
use crate::scoring::{check, compute};
use crate::store::Store;
use crate::store::disputes::{Dispute, DisputeStatus, NewDispute, Proposal, already_open};
use crate::store::evaluations::{Detail, Status};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

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
                (false, false, false) => Decision::Partial(partial),
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
            resolve(ctx, id, decision, note.as_deref())
        }
        DisputeCommand::List { open } => list(ctx, open),
        DisputeCommand::Show { id } => show(ctx, id),
    }
}

/// The day of a stored time in the store's zone.
pub(super) fn day_of(stored: &str) -> Option<NaiveDate> {
    dates::day_of(stored).or_else(|| NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok())
}

fn find_evaluation(store: &Store, id: i64) -> Result<Detail> {
    store.evaluation(id)?.ok_or_else(|| {
        UserError::new(
            format!("no evaluation {id}"),
            "`qaudit evaluation list --agent ID` shows an agent's evaluation numbers",
        )
        .into()
    })
}

/// The evaluation's current answers with `changes` applied, checked and scored the way
/// `evaluation amend` does it.
fn rescore(rubric: &Rubric, detail: &Detail, changes: &[(String, String)]) -> Result<(Checked, ScoreResult)> {
    let mut sheet = detail.current().sheet();
    for (key, value) in changes {
        sheet.origin.insert(key.clone(), format!("{key}={value}"));
        sheet.answers.insert(key.clone(), value.clone());
    }
    let checked = check(rubric, &sheet, true)?;
    let result = compute(rubric, &checked, false)?;
    Ok((checked, result))
}

/// The overall score and critical failure the evaluation would have with the dispute's
/// proposals accepted; `None` when they no longer make a scoreable evaluation.
pub(super) fn projected(rubric: &Rubric, detail: &Detail, proposals: &[Proposal]) -> Option<(f64, bool)> {
    let changes: Vec<(String, String)> = proposals
        .iter()
        .map(|p| (p.criterion.clone(), p.proposed.clone()))
        .collect();
    rescore(rubric, detail, &changes)
        .ok()
        .map(|(_, r)| (r.overall, !r.critical_failures.is_empty()))
}

/// Checks one `KEY` / `VALUE` change against the rubric and the answer scored; returns the
/// answer as the rubric writes it (`Y` becomes `yes`) and the current answer.
fn check_change(rubric: &Rubric, detail: &Detail, key: &str, value: &str, example: &str) -> Result<(String, String)> {
    let keys: Vec<&str> = rubric.criteria().map(|c| c.key.as_str()).collect();
    let Some(criterion) = rubric.criterion(key) else {
        return refuse(
            format!("`{key}` is not a criterion of {} version {}", rubric.id, rubric.version),
            suggest_hint(
                key,
                &keys,
                &format!("`qaudit rubric show {}` lists its criteria", rubric.id),
            ),
        );
    };
    let answer = criterion
        .parse_answer(value)
        .map_err(|e| UserError::new(e, format!("e.g. {example}")))?;
    let current = detail
        .current()
        .answers
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.answer.clone())
        .unwrap_or_default();
    Ok((answer.to_string(), current))
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
    if reason.trim().is_empty() {
        return refuse(
            "the reason is empty",
            "say why the evaluation is wrong, e.g. --reason \"I apologised at 02:10\"",
        );
    }
    let mut store = ctx.open()?;
    let detail = find_evaluation(&store, id)?;
    let s = &detail.summary;
    let actor = ctx.actor();
    let Some(agent) = s.agent.clone() else {
        return refuse(
            format!("evaluation {id} scores no agent, so nobody can dispute it"),
            format!("if it was scored wrongly, its evaluator or a lead can `qaudit evaluation amend {id}`"),
        );
    };
    if actor != agent {
        let is_lead = store.staff_member(&actor)?.is_some_and(|m| m.has(Role::Lead));
        if !is_lead {
            return refuse(
                format!("`{actor}` may not dispute evaluation {id}: it scores {agent}'s work"),
                format!("the agent disputes it (--as {agent}), or a lead opens the dispute for them"),
            );
        }
    }
    match s.status {
        Status::Void => {
            return refuse(
                format!("evaluation {id} is void"),
                "a void evaluation counts nowhere, so there is nothing to dispute",
            );
        }
        Status::Draft => {
            return refuse(
                format!("evaluation {id} is a draft"),
                "a draft is disputed once it is submitted",
            );
        }
        Status::Submitted => {}
    }
    if let Some(session) = s.calibration {
        return refuse(
            format!("evaluation {id} is a calibration score (session {session})"),
            "calibration scores count in no report or flag, so there is nothing to dispute",
        );
    }
    if let Some(open) = store.open_dispute_on(id)? {
        return Err(already_open(id, open).into());
    }
    let rubric = store.rubric(&s.rubric, Some(s.rubric_version))?;
    let scored = day_of(&s.scored_at).unwrap_or_else(dates::today);
    let last = scored + chrono::Duration::days(i64::from(rubric.dispute_days));
    let today = dates::today();
    if today > last {
        return refuse(
            format!(
                "the dispute window of evaluation {id} closed on {last}: it was scored on {scored} and {} allows {} days",
                rubric.id, rubric.dispute_days
            ),
            format!("if it was scored wrongly, its evaluator or a lead can still `qaudit evaluation amend {id}`"),
        );
    }
    // Points a lead already decided on this evaluation: the thread ends there.
    let resolved: Vec<Dispute> = store
        .disputes(false)?
        .into_iter()
        .filter(|d| d.evaluation == id && d.status != DisputeStatus::Open)
        .collect();
    let mut proposals: Vec<Proposal> = Vec::new();
    for (key, value) in criteria.iter().zip(proposed) {
        let key = key.trim();
        if proposals.iter().any(|p| p.criterion == key) {
            return refuse(
                format!("`{key}` is contested twice"),
                "give each criterion once, with the one answer proposed for it",
            );
        }
        if let Some(done) = resolved.iter().find(|d| d.proposals.iter().any(|p| p.criterion == key)) {
            return refuse(
                format!(
                    "`{key}` of evaluation {id} was already decided in dispute {} ({})",
                    done.id,
                    done.status.as_str()
                ),
                format!(
                    "`qaudit dispute show {}` gives the lead's note; a decided point is not disputed again",
                    done.id
                ),
            );
        }
        let example = format!("--criterion {key} --proposed VALUE");
        let (answer, current) = check_change(&rubric, &detail, key, value, &example)?;
        if answer == current {
            return refuse(
                format!("`{key}` is already answered `{current}` in evaluation {id}"),
                "propose a different answer, or leave the criterion out",
            );
        }
        proposals.push(Proposal {
            criterion: key.to_string(),
            current,
            proposed: answer,
        });
    }
    if !proposals.is_empty() {
        let changes: Vec<(String, String)> = proposals
            .iter()
            .map(|p| (p.criterion.clone(), p.proposed.clone()))
            .collect();
        rescore(&rubric, &detail, &changes)?;
    }
    let reason = reason.trim();
    let dispute = store.write(&actor, |tx| {
        tx.open_dispute(&NewDispute {
            evaluation: id,
            reason,
            proposals: &proposals,
            agent: &agent,
        })
    })?;
    let shown = store.dispute(dispute)?.expect("just written");
    let mut out = Output::new(&shown).line(format!(
        "Dispute {dispute} opened on evaluation {id} ({agent}, {} v{}).",
        s.rubric, s.rubric_version
    ));
    if !proposals.is_empty() {
        out = out.table(proposals_table(&proposals));
    }
    Ok(out.line(format!(
        "Until a lead resolves it, evaluation {id} is left out of flags. Resolve: qaudit dispute resolve {dispute} --accept | --partial KEY=VALUE | --reject, with --note TEXT"
    )))
}

fn proposals_table(proposals: &[Proposal]) -> Table {
    let mut t = Table::new(&["criterion", "scored", "proposed"]);
    for p in proposals {
        t.row(vec![p.criterion.clone(), p.current.clone(), p.proposed.clone()]);
    }
    t
}

/// How a lead ends a dispute.
enum Decision {
    Accept,
    Partial(Vec<String>),
    Reject,
}

fn resolve(ctx: &Context, id: i64, decision: Decision, note: Option<&str>) -> Result<Output> {
    let mut store = ctx.open()?;
    let Some(dispute) = store.dispute(id)? else {
        return refuse(
            format!("no dispute {id}"),
            "`qaudit dispute list --open` shows the disputes waiting for a lead",
        );
    };
    let lead = ctx.require_role(&store, Role::Lead, "resolve disputes")?;
    let e = dispute.evaluation;
    if lead.id == dispute.evaluator {
        return refuse(
            format!("`{}` scored evaluation {e}, so may not resolve its dispute", lead.id),
            "another lead resolves it (--as THEIR_ID): a dispute needs a second pair of eyes",
        );
    }
    if lead.id == dispute.opened_by {
        return refuse(
            format!(
                "`{}` opened dispute {id} for {}, so may not resolve it",
                lead.id,
                dispute.agent.as_deref().unwrap_or("the agent")
            ),
            "another lead resolves it (--as THEIR_ID): whoever argues a dispute does not decide it",
        );
    }
    if dispute.agent.as_deref() == Some(lead.id.as_str()) {
        return refuse(
            format!(
                "`{}` is the agent of evaluation {e}, so may not resolve its dispute",
                lead.id
            ),
            "another lead resolves it (--as THEIR_ID)",
        );
    }
    if dispute.status != DisputeStatus::Open {
        return refuse(
            format!(
                "dispute {id} was already resolved: {} by {} on {}",
                dispute.status.as_str(),
                dispute.resolved_by.clone().unwrap_or_default(),
                dispute.resolved_at.as_deref().map(dates::short).unwrap_or_default()
            ),
            format!(
                "to change evaluation {e} now, amend it: `qaudit evaluation amend {e} --set KEY=VALUE --reason TEXT`"
            ),
        );
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let detail = find_evaluation(&store, e)?;
    let (outcome, changes) = match &decision {
        Decision::Reject => (DisputeStatus::Rejected, Vec::new()),
        Decision::Accept => {
            if dispute.proposals.is_empty() {
                return refuse(
                    format!("dispute {id} proposes no answers, so there is nothing to accept"),
                    "set the answers you decided with --partial KEY=VALUE..., or --reject --note TEXT",
                );
            }
            let changes = dispute
                .proposals
                .iter()
                .map(|p| (p.criterion.clone(), p.proposed.clone()))
                .collect();
            (DisputeStatus::Accepted, changes)
        }
        Decision::Partial(pairs) => {
            let rubric = store.rubric(&dispute.rubric, Some(dispute.rubric_version))?;
            let mut changes: Vec<(String, String)> = Vec::new();
            for pair in pairs {
                let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
                    return refuse(
                        format!("`--partial {pair}` is not KEY=VALUE"),
                        "e.g. --partial empathy.acknowledge=partly",
                    );
                };
                let key = key.trim();
                if changes.iter().any(|(k, _)| k == key) {
                    return refuse(
                        format!("`{key}` is given twice"),
                        "give each criterion once, with the answer you decided",
                    );
                }
                let (answer, _) = check_change(&rubric, &detail, key, value.trim(), &format!("--partial {key}=VALUE"))?;
                changes.push((key.to_string(), answer));
            }
            (DisputeStatus::Partial, changes)
        }
    };
    if outcome != DisputeStatus::Rejected && detail.summary.status != Status::Submitted {
        return refuse(
            format!(
                "evaluation {e} is {} and cannot be amended",
                detail.summary.status.as_str()
            ),
            format!("close the dispute with `qaudit dispute resolve {id} --reject --note TEXT`"),
        );
    }
    let current = detail.current();
    let changes: Vec<(String, String)> = changes
        .into_iter()
        .filter(|(k, v)| current.answers.iter().find(|a| &a.key == k).map(|a| &a.answer) != Some(v))
        .collect();
    if matches!(decision, Decision::Partial(_)) && changes.is_empty() {
        return refuse(
            format!("--partial leaves every answer of evaluation {e} as it is"),
            format!("to keep the evaluation as scored, `qaudit dispute resolve {id} --reject --note TEXT`"),
        );
    }
    // Every ending is explained to the agent: the note is what the feedback sheet shows.
    let Some(note) = note else {
        return refuse(
            format!("resolving dispute {id} needs a note for the agent"),
            "say why, e.g. --note \"The recording has no apology\" (with --accept, --partial or --reject)",
        );
    };
    let before = current.overall;
    let revised = if changes.is_empty() {
        None
    } else {
        let rubric = store.rubric(&dispute.rubric, Some(dispute.rubric_version))?;
        Some(rescore(&rubric, &detail, &changes)?)
    };
    let word = match outcome {
        DisputeStatus::Accepted => "accepted",
        DisputeStatus::Partial => "partly accepted",
        _ => "rejected",
    };
    let reason = format!("dispute {id} {word}: {note}");
    let revision = store.write(&lead.id, |tx| {
        let revision = match &revised {
            Some((checked, result)) => tx.revise_evaluation(e, result, checked, &reason, Status::Submitted)?,
            None => detail.summary.revision,
        };
        tx.resolve_dispute(id, outcome, Some(note), revision)?;
        Ok(revision)
    })?;
    let shown = store.dispute(id)?.expect("just resolved");
    let line = match &revised {
        Some((_, result)) => format!(
            "Dispute {id} {word}: evaluation {e} amended, overall {} -> {} (revision {revision}; the earlier one is kept).",
            score(before),
            score(result.overall)
        ),
        None => format!(
            "Dispute {id} {word}: evaluation {e} stands as scored (overall {}).",
            score(before)
        ),
    };
    Ok(Output::new(&shown)
        .line(line)
        .line(format!("Evaluation {e} counts again in flags.")))
}

/// A dispute as `dispute list` shows it.
#[derive(Debug, Serialize)]
struct Listed {
    #[serde(flatten)]
    dispute: Dispute,
    /// Days open so far (open), or days it was open (resolved).
    age_days: i64,
    /// The rubric version's `dispute_days`.
    dispute_days: u32,
    /// Open longer than `dispute_days`.
    overdue: bool,
}

fn list(ctx: &Context, open_only: bool) -> Result<Output> {
    let store = ctx.open()?;
    let today = dates::today();
    let mut windows: HashMap<(String, u32), u32> = HashMap::new();
    let mut rows = Vec::new();
    for d in store.disputes(open_only)? {
        let key = (d.rubric.clone(), d.rubric_version);
        let dispute_days = match windows.get(&key) {
            Some(days) => *days,
            None => {
                let days = store.rubric(&d.rubric, Some(d.rubric_version))?.dispute_days;
                windows.insert(key, days);
                days
            }
        };
        let opened = day_of(&d.opened_at).unwrap_or(today);
        let until = match d.status {
            DisputeStatus::Open => today,
            _ => d.resolved_at.as_deref().and_then(day_of).unwrap_or(today),
        };
        let age_days = (until - opened).num_days().max(0);
        let overdue = d.status == DisputeStatus::Open && age_days > i64::from(dispute_days);
        rows.push(Listed {
            dispute: d,
            age_days,
            dispute_days,
            overdue,
        });
    }
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
            day_of(&d.opened_at).map(|x| x.to_string()).unwrap_or_default(),
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
    let Some(d) = store.dispute(id)? else {
        return refuse(format!("no dispute {id}"), "`qaudit dispute list` shows every dispute");
    };
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
