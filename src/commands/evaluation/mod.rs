//! `qaudit evaluation list | show | amend | void | ack | import`.

mod import;

use super::Context;
use crate::cli::{EvaluationCommand, EvaluationListArgs};
use crate::dates;
use crate::evaluations::{self, Acknowledged, Amended, Amendment, Counted, Listing};
use crate::fill;
use crate::labels::Labels;
use crate::output::evaluation::result_blocks;
use crate::output::{Output, Table};
use crate::rubric::sheet::Given;
use crate::scoring::words;
use crate::store::evaluations::Status;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: EvaluationCommand) -> Result<Output> {
    match cmd {
        EvaluationCommand::List(args) => list(ctx, &args),
        EvaluationCommand::Show { id } => show(ctx, id),
        EvaluationCommand::Amend {
            id,
            sets,
            comments,
            reason,
        } => {
            if let Some(notice) = comments.deprecation() {
                ctx.notice(notice);
            }
            amend(ctx, id, &sets, &comments.all(), &reason)
        }
        EvaluationCommand::Void { id, reason } => void(ctx, id, &reason),
        EvaluationCommand::Ack { id } => ack(ctx, id),
        EvaluationCommand::Count { id, reason } => count(ctx, id, &reason),
        EvaluationCommand::Import { file, options } => import::run(ctx, &file, &options),
    }
}

fn list(ctx: &Context, args: &EvaluationListArgs) -> Result<Output> {
    let store = ctx.open()?;
    if ctx.global.format == Some(crate::output::Format::Csv) {
        ctx.notice("For section and criterion scores in CSV: `qaudit export evaluations` or `qaudit export scores`.");
    }
    let (from, to) = dates::day_range(
        dates::day_option("--from", args.from.as_deref())?,
        dates::day_option("--to", args.to.as_deref())?,
    );
    let actor = ctx.actor_in(&store)?;
    let mut rows = evaluations::list(
        &store,
        &actor,
        &Listing {
            agent: args.agent.clone(),
            evaluator: args.evaluator.clone(),
            rubric: args.rubric.clone(),
            from,
            to,
            status: args.status,
            limit: super::listing::fetch_limit(args.limit),
        },
    )?;
    let l = Labels::of(
        "lists",
        super::listing::lang_of(&store, args.lang, rows.iter().map(|e| e.rubric.as_str()))?,
    );
    super::listing::cut_in(ctx, &mut rows, args.limit, "what_evaluations", &l);
    let headers = [
        "col_id",
        "col_date",
        "col_subject",
        "col_agent",
        "col_rubric",
        "col_evaluator",
        "col_score",
        "col_result",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for e in &rows {
        let result = l.get(match (e.passed, e.critical_failed) {
            (_, true) => "result_critical",
            (true, false) => "result_pass",
            (false, false) => "result_fail",
        });
        let result = match (e.status, e.revision) {
            (Status::Submitted, 1) => result,
            (Status::Submitted, r) => fill!(l, "result_amended", result = result, n = r),
            (s, _) => fill!(
                l,
                "result_status",
                result = result,
                status = l.get(&format!("status_{}", s.as_str()))
            ),
        };
        // Calibration (issue 7): listed only once the session is closed, and marked.
        let result = match e.calibration {
            Some(session) => fill!(l, "result_calibration", result = result, session = session),
            None => result,
        };
        // Counted once per subject (issue 15): a second opinion counts nowhere.
        let result = if e.second_opinion && e.calibration.is_none() {
            fill!(l, "result_second", result = result)
        } else {
            result
        };
        // Practice (issue 20): training evidence, counted nowhere.
        let result = if e.practice {
            fill!(l, "result_practice", result = result)
        } else {
            result
        };
        let day = e.occurred_at.get(..10).unwrap_or(&e.occurred_at).to_string();
        t.row(vec![
            e.id.to_string(),
            dates::in_lang(&day, l.lang()).unwrap_or(day),
            // Stored as `visit 8`: the word in the list's language.
            match e.subject.strip_prefix("visit ") {
                Some(visit) => fill!(l, "visit_subject", id = visit),
                None => e.subject.clone(),
            },
            e.agent.clone().or_else(|| e.location.clone()).unwrap_or_default(),
            fill!(l, "rubric_version", rubric = e.rubric, version = e.rubric_version),
            e.evaluator.clone(),
            l.score(e.overall),
            result,
        ]);
    }
    let out = Output::new(&rows);
    Ok(if rows.is_empty() {
        out.line(l.get("no_evaluations"))
    } else {
        out.table(t)
    })
}

/// One evaluation in full, in its rubric's language (issue 15: a Spanish team's sheet).
fn show(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    let detail = evaluations::show(&store, &ctx.actor_in(&store)?, id)?;
    let rubric = store.rubric(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
    let l = Labels::of("scoring", rubric.language);
    let rev = detail.current();
    let mut out = result_blocks(Output::new(&detail), &rubric, &detail, l.lang());
    let headers = ["col_criterion", "col_answer", "col_score", "col_comment"].map(|k| l.get(k));
    let mut answers = Table::new(&headers.each_ref().map(String::as_str)).titled(l.get("answers_title"));
    for c in rubric.criteria() {
        let Some(a) = rev.answers.iter().find(|a| a.key == c.key) else {
            answers.row(vec![c.key.clone(), l.get("not_answered"), String::new(), String::new()]);
            continue;
        };
        let shown = match a.norm {
            Some(n) if a.critical_failed => format!("{} {}", l.score(100.0 * n), l.get("critical_field")),
            Some(n) => l.score(100.0 * n),
            None => l.get("not_applicable"),
        };
        let answer = match c.parse_answer(&a.answer) {
            Ok(parsed) => words::answer_of(c, &parsed, &l),
            Err(_) => a.answer.clone(),
        };
        answers.row(vec![
            a.key.clone(),
            answer,
            shown,
            a.comment.clone().unwrap_or_default(),
        ]);
    }
    out = out.table(answers);
    if let Some(c) = &rev.comment {
        out = out.fields(vec![(l.get("comment").as_str(), c.clone())]);
    }
    if detail.revisions.len() > 1 {
        let headers = ["col_revision", "col_overall", "col_by", "col_at", "col_reason"].map(|k| l.get(k));
        let mut revs = Table::new(&headers.each_ref().map(String::as_str)).titled(l.get("revisions_title"));
        for r in &detail.revisions {
            revs.row(vec![
                r.revision.to_string(),
                l.score(r.overall),
                r.created_by.clone(),
                dates::short_in(&r.created_at, l.lang()),
                r.reason
                    .as_deref()
                    .map_or_else(|| l.get("first_scored"), |r| words::revision_reason(r, &l)),
            ]);
        }
        out = out.table(revs);
    }
    let mut notes = Vec::new();
    // Calibration (issue 7): shown only once the session is closed (the store refuses before).
    if let Some(session) = detail.summary.calibration {
        notes.push((
            l.get("calibration_field"),
            fill!(l, "calibration_note", session = session),
        ));
    }
    if detail.summary.practice {
        notes.push((l.get("practice_field"), l.get("practice_note")));
    }
    if let Some(reason) = &detail.void_reason {
        notes.push((l.get("void_field"), reason.clone()));
    }
    notes.push((
        l.get("seen_field"),
        detail
            .summary
            .acknowledged_at
            .as_deref()
            .map(|at| dates::short_in(at, l.lang()))
            .unwrap_or_else(|| l.get("not_yet")),
    ));
    Ok(out.fields(notes.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()))
}

fn amend(ctx: &Context, id: i64, sets: &[String], notes: &[String], reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let given = |flag: &str, pairs: &[String]| -> Vec<Given> {
        pairs
            .iter()
            .map(|pair| Given {
                pair: pair.clone(),
                origin: format!("{flag} {pair}"),
            })
            .collect()
    };
    let (sets, notes) = (given("--set", sets), given("--comment-on", notes));
    let change = Amendment {
        sets: &sets,
        notes: &notes,
        reason,
    };
    let amended = evaluations::amend(&mut store, &actor, id, change)?;
    let Amended {
        detail,
        rubric,
        before,
        after,
    } = amended;
    let l = Labels::of("scoring", rubric.language);
    let line = fill!(
        l,
        "amended_line",
        before = l.score(before),
        after = l.score(after),
        n = detail.revisions.len() - 1
    );
    Ok(result_blocks(Output::new(&detail), &rubric, &detail, l.lang()).line(line))
}

fn void(ctx: &Context, id: i64, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let detail = evaluations::void(&mut store, &actor, id, reason)?;
    let l = labels_of(&store, &detail)?;
    Ok(Output::new(&detail).line(fill!(l, "voided_line", id = id)))
}

fn ack(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let acknowledged = evaluations::acknowledge(&mut store, &actor, id)?;
    let (Acknowledged::Already { detail, at } | Acknowledged::Now { detail, at }) = &acknowledged;
    let l = labels_of(&store, detail)?;
    // English keeps the stored time as before; Spanish reads it day first, in the store's zone.
    let at = dates::in_lang(at, l.lang()).unwrap_or_else(|| at.clone());
    let key = match acknowledged {
        Acknowledged::Already { .. } => "acked_already",
        Acknowledged::Now { .. } => "acked_now",
    };
    Ok(Output::new(detail).line(fill!(l, key, id = id, at = at)))
}

/// `evaluation count ID --reason`: a lead makes this evaluation the one that counts for its
/// subject; the others become second opinions (counted once per subject, issue 15).
fn count(ctx: &Context, id: i64, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let Counted { detail, already } = evaluations::count(&mut store, &actor, id, reason)?;
    let l = labels_of(&store, &detail)?;
    let subject = match detail.summary.subject.strip_prefix("visit ") {
        Some(visit) => fill!(l, "visit_subject", id = visit),
        None => detail.summary.subject.clone(),
    };
    let key = if already { "counts_already" } else { "counts_now" };
    Ok(Output::new(&detail).line(fill!(l, key, id = id, subject = subject)))
}

/// The scoring labels in the language of the evaluation's rubric (a Spanish agent who
/// acknowledges a sheet reads the confirmation in Spanish).
fn labels_of(store: &crate::store::Store, detail: &crate::store::evaluations::Detail) -> Result<Labels> {
    let rubric = store.rubric(&detail.summary.rubric, Some(detail.summary.rubric_version))?;
    Ok(Labels::of("scoring", rubric.language))
}
