//! `qaudit evaluation list | show | amend | void | ack | import`.

use super::Context;
use crate::cli::{EvaluationCommand, EvaluationListArgs};
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::evaluation::result_blocks;
use crate::output::{Output, Table, score};
use crate::roles::Role;
use crate::scoring::{check, compute};
use crate::store::Store;
use crate::store::evaluations::{Detail, Filter, Status};
use anyhow::Result;

pub fn run(ctx: &Context, cmd: EvaluationCommand) -> Result<Output> {
    match cmd {
        EvaluationCommand::List(args) => list(ctx, &args),
        EvaluationCommand::Show { id } => show(ctx, id),
        EvaluationCommand::Amend {
            id,
            sets,
            notes,
            reason,
        } => amend(ctx, id, &sets, &notes, &reason),
        EvaluationCommand::Void { id, reason } => void(ctx, id, &reason),
        EvaluationCommand::Ack { id } => ack(ctx, id),
        EvaluationCommand::Count { id, reason } => count(ctx, id, &reason),
        EvaluationCommand::Import { file, options } => super::evaluation_import::run(ctx, &file, &options),
    }
}

/// A day option parsed, or a user error naming the option.
pub fn day_option(flag: &str, value: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    value
        .as_deref()
        .map(|v| {
            dates::parse_day(v, dates::today())
                .map_err(|e| UserError::new(format!("{flag}: {e}"), "e.g. --from 2026-11-01 --to today").into())
        })
        .transpose()
}

fn list(ctx: &Context, args: &EvaluationListArgs) -> Result<Output> {
    let store = ctx.open()?;
    if ctx.global.format == Some(crate::output::Format::Csv) {
        ctx.notice("For section and criterion scores in CSV: `qaudit export evaluations` or `qaudit export scores`.");
    }
    let (from, to) = dates::day_range(day_option("--from", &args.from)?, day_option("--to", &args.to)?);
    let status = args.status;
    let rows = store.evaluations(&Filter {
        agent: args.agent.clone(),
        evaluator: args.evaluator.clone(),
        rubric: args.rubric.clone(),
        from,
        to,
        status,
        hide_second_opinions: ctx.acting_as_agent(&store)?,
        limit: args.limit,
    })?;
    let mut t = Table::new(&[
        "id",
        "date",
        "subject",
        "agent",
        "rubric",
        "evaluator",
        "score",
        "result",
    ]);
    for e in &rows {
        let result = match (e.passed, e.critical_failed) {
            (_, true) => "critical",
            (true, false) => "pass",
            (false, false) => "fail",
        };
        let result = match (e.status, e.revision) {
            (Status::Submitted, 1) => result.to_string(),
            (Status::Submitted, r) => format!("{result}, amended ({r})"),
            (s, _) => format!("{result}, {}", s.as_str()),
        };
        // Calibration (issue 7): listed only once the session is closed, and marked.
        let result = match e.calibration {
            Some(session) => format!("{result}, calibration {session}"),
            None => result,
        };
        // Counted once per subject (issue 15): a second opinion counts nowhere.
        let result = if e.second_opinion && e.calibration.is_none() {
            format!("{result}, second opinion")
        } else {
            result
        };
        t.row(vec![
            e.id.to_string(),
            e.occurred_at.get(..10).unwrap_or(&e.occurred_at).to_string(),
            e.subject.clone(),
            e.agent.clone().or_else(|| e.location.clone()).unwrap_or_default(),
            format!("{} v{}", e.rubric, e.rubric_version),
            e.evaluator.clone(),
            score(e.overall),
            result,
        ]);
    }
    let out = Output::new(&rows);
    Ok(if rows.is_empty() {
        out.line("No evaluations match.")
    } else {
        out.table(t)
    })
}

/// The evaluation, or a user error pointing at `evaluation list`.
fn find(store: &Store, id: i64) -> Result<Detail> {
    store.evaluation(id)?.ok_or_else(|| {
        UserError::new(
            format!("no evaluation {id}"),
            "`qaudit evaluation list` shows evaluation numbers",
        )
        .into()
    })
}

fn show(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    ctx.hide_second_opinion(&store, id)?;
    let detail = find(&store, id)?;
    let rubric = store.rubric(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
    let rev = detail.current();
    let mut out = result_blocks(Output::new(&detail), &rubric, &detail);
    let mut answers = Table::new(&["criterion", "answer", "score", "comment"]).titled("Answers");
    for c in rubric.criteria() {
        let Some(a) = rev.answers.iter().find(|a| a.key == c.key) else {
            answers.row(vec![
                c.key.clone(),
                "(not answered)".into(),
                String::new(),
                String::new(),
            ]);
            continue;
        };
        let shown = match a.norm {
            Some(n) if a.critical_failed => format!("{} CRITICAL", score(100.0 * n)),
            Some(n) => score(100.0 * n),
            None => "n/a".to_string(),
        };
        answers.row(vec![
            a.key.clone(),
            a.answer.clone(),
            shown,
            a.comment.clone().unwrap_or_default(),
        ]);
    }
    out = out.table(answers);
    if let Some(c) = &rev.comment {
        out = out.fields(vec![("Comment", c.clone())]);
    }
    if detail.revisions.len() > 1 {
        let mut revs = Table::new(&["revision", "overall", "by", "at", "reason"]).titled("Revisions");
        for r in &detail.revisions {
            revs.row(vec![
                r.revision.to_string(),
                score(r.overall),
                r.created_by.clone(),
                r.created_at.clone(),
                r.reason.clone().unwrap_or_else(|| "scored".into()),
            ]);
        }
        out = out.table(revs);
    }
    let mut notes = Vec::new();
    // Calibration (issue 7): shown only once the session is closed (the store refuses before).
    if let Some(session) = detail.summary.calibration {
        notes.push((
            "Calibration",
            format!("session {session}: counts in no report or flag (`qaudit calibrate report {session}`)"),
        ));
    }
    if let Some(reason) = &detail.void_reason {
        notes.push(("Void", reason.clone()));
    }
    notes.push((
        "Seen by agent",
        detail
            .summary
            .acknowledged_at
            .clone()
            .unwrap_or_else(|| "not yet".into()),
    ));
    Ok(out.fields(notes))
}

/// Only the evaluator who scored it or a lead may change an evaluation.
fn may_change(ctx: &Context, store: &Store, detail: &Detail, what: &str) -> Result<String> {
    let actor = ctx.actor();
    if actor == detail.summary.evaluator {
        return Ok(actor);
    }
    ctx.require_role(store, Role::Lead, what).map(|m| m.id)
}

/// An evaluation under an open dispute changes only through the dispute's resolution, so the
/// agent's case is heard before the score moves.
fn refuse_if_disputed(store: &Store, id: i64, what: &str) -> Result<()> {
    match store.open_dispute_on(id)? {
        Some(dispute) => refuse(
            format!("evaluation {id} is under dispute {dispute}; it cannot be {what} now"),
            format!(
                "a lead resolves the dispute first: `qaudit dispute resolve {dispute} --accept | --partial KEY=VALUE | --reject --note TEXT`"
            ),
        ),
        None => Ok(()),
    }
}

fn amend(ctx: &Context, id: i64, sets: &[String], notes: &[String], reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let detail = find(&store, id)?;
    let actor = may_change(ctx, &store, &detail, "amend another evaluator's evaluation")?;
    refuse_if_disputed(&store, id, "amended")?;
    // Calibration (issue 7): a calibration score records how its evaluator scored blind.
    if let Some(session) = detail.summary.calibration {
        return refuse(
            format!("evaluation {id} is a calibration score (session {session}) and is kept as scored"),
            format!(
                "the session measures how the team scores blind; discuss the differences with `qaudit calibrate report {session}`"
            ),
        );
    }
    match detail.summary.status {
        Status::Void => {
            return refuse(
                format!("evaluation {id} is void"),
                "a void evaluation stays as it is; score the subject again if needed",
            );
        }
        Status::Draft => {
            return refuse(
                format!("evaluation {id} is a draft"),
                "finish a draft with `qaudit score` rather than amending it",
            );
        }
        Status::Submitted => {}
    }
    if reason.trim().is_empty() {
        return refuse(
            "the reason is empty",
            "say why the evaluation changes, e.g. --reason \"Agreed in review with the agent\"",
        );
    }
    let rubric = store.rubric(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
    let mut sheet = detail.current().sheet();
    for pair in sets {
        sheet
            .set(pair)
            .map_err(|e| UserError::new(e, "write each change as --set section.criterion=value"))?;
    }
    for pair in notes {
        sheet
            .note(pair)
            .map_err(|e| UserError::new(e, "write each comment as --note section.criterion=text"))?;
    }
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    store.write(&actor, |tx| {
        tx.revise_evaluation(id, &result, &checked, reason, Status::Submitted)
    })?;
    let detail = find(&store, id)?;
    let before = detail.revisions[detail.revisions.len() - 2].overall;
    Ok(result_blocks(Output::new(&detail), &rubric, &detail).line(format!(
        "Amended: overall {} -> {}; revision {} is kept.",
        score(before),
        score(result.overall),
        detail.revisions.len() - 1
    )))
}

fn void(ctx: &Context, id: i64, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let detail = find(&store, id)?;
    let actor = may_change(ctx, &store, &detail, "void another evaluator's evaluation")?;
    refuse_if_disputed(&store, id, "voided")?;
    if detail.summary.status == Status::Void {
        return refuse(format!("evaluation {id} is already void"), "nothing to do");
    }
    if reason.trim().is_empty() {
        return refuse(
            "the reason is empty",
            "say why, e.g. --reason \"Scored the wrong call\"",
        );
    }
    store.write(&actor, |tx| tx.void_evaluation(id, reason))?;
    let detail = find(&store, id)?;
    Ok(Output::new(&detail).line(format!(
        "Evaluation {id} is void: it stays on record and no longer counts."
    )))
}

fn ack(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let detail = find(&store, id)?;
    if detail.summary.status != Status::Submitted {
        return refuse(
            format!("evaluation {id} is {}", detail.summary.status.as_str()),
            "only submitted evaluations are acknowledged by the agent",
        );
    }
    // Calibration (issue 7): a calibration score is not feedback to the agent.
    if let Some(session) = detail.summary.calibration {
        return refuse(
            format!("evaluation {id} is a calibration score (session {session}), not feedback to the agent"),
            "agents acknowledge the evaluations that count; calibration scores count in no report",
        );
    }
    // "Seen by agent" is the agent's word: only they (or a lead acting for them) give it.
    let actor = ctx.actor();
    if detail.summary.agent.as_deref() != Some(actor.as_str()) {
        let who = detail.summary.agent.clone().unwrap_or_else(|| "the agent".to_string());
        ctx.require_role(&store, Role::Lead, &format!("acknowledge evaluation {id} for {who}"))?;
    }
    if let Some(at) = &detail.summary.acknowledged_at {
        return Ok(Output::new(&detail).line(format!("Evaluation {id} was already acknowledged at {at}.")));
    }
    let at = store.write(&actor, |tx| tx.acknowledge_evaluation(id))?;
    let detail = find(&store, id)?;
    Ok(Output::new(&detail).line(format!("Evaluation {id} acknowledged at {at}.")))
}

/// `evaluation count ID --reason`: a lead makes this evaluation the one that counts for its
/// subject; the others become second opinions (counted once per subject, issue 15).
fn count(ctx: &Context, id: i64, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "choose which evaluation counts")?;
    let detail = find(&store, id)?;
    let s = &detail.summary;
    if s.status != Status::Submitted || s.calibration.is_some() {
        return refuse(
            format!(
                "evaluation {id} is {}, so it cannot count",
                if s.calibration.is_some() {
                    "a calibration score"
                } else {
                    s.status.as_str()
                }
            ),
            "only a submitted evaluation outside calibration counts; `qaudit evaluation list --agent AGENT` shows them",
        );
    }
    if reason.trim().is_empty() {
        return refuse(
            "the reason is empty",
            "say why, e.g. --reason \"eva scored the wrong recording\"",
        );
    }
    if !s.second_opinion {
        return Ok(Output::new(&detail).line(format!("Evaluation {id} already counts for {}.", s.subject)));
    }
    let subject = store.subject_of_evaluation(id)?;
    store.write(&lead.id, |tx| tx.switch_counted(id, subject, reason))?;
    let detail = find(&store, id)?;
    Ok(Output::new(&detail).line(format!(
        "Evaluation {id} now counts for {}; the other evaluations of it are second opinions.",
        detail.summary.subject
    )))
}
