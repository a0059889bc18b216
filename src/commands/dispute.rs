//! `qaudit dispute open | resolve | list | show`: an agent contests an evaluation; a lead resolves
//! it. The rules (who may open and resolve, the window, the proposals, separation of duties, the
//! scope of what is shown) are [`crate::disputes`]; this adapter reads the command line, calls it
//! and words the result. Refusals get their hints in `commands::errors::disputes`.

use super::Context;
use super::errors;
use crate::cli::DisputeCommand;
use crate::dates;
use crate::disputes::{self, Decision, OpenRequest};
use crate::error::refuse;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::report::common::shared_lang;
use crate::report::feedback::shown_answer;
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::disputes::{Dispute, DisputeStatus, Proposal};
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
        } => resolve(ctx, id, (accept, &partial, reject), note.as_deref()),
        DisputeCommand::List { open, lang } => list(ctx, open, lang),
        DisputeCommand::Show { id } => show(ctx, id),
    }
}

/// How the lead says the dispute ends (`--accept`, `--partial KEY=VALUE...`, `--reject`), refused
/// in the labels' language unless exactly one is given. `--partial` pairs are trimmed.
fn decision(
    id: i64,
    (accept, partial, reject): (bool, &[String], bool),
    l: &Labels,
    example: &str,
) -> Result<Decision> {
    match (accept, partial.is_empty(), reject) {
        (true, true, false) => Ok(Decision::Accept),
        (false, false, false) => {
            let mut pairs = Vec::new();
            for pair in partial {
                let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
                    return refuse(
                        fill!(l, "c_not_a_pair", pair = pair),
                        fill!(l, "c_not_a_pair_hint", example = example),
                    );
                };
                pairs.push((key.trim().to_string(), value.trim().to_string()));
            }
            Ok(Decision::Partial(pairs))
        }
        (false, true, true) => Ok(Decision::Reject),
        (false, true, false) => refuse(fill!(l, "c_no_ending", id = id), l.get("c_no_ending_hint")),
        _ => refuse(l.get("c_two_endings"), l.get("c_two_endings_hint")),
    }
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
    let opened = disputes::open(&mut store, &actor, &request, dates::today());
    let shown = opened.map_err(|e| in_evaluation_language(e, &store, id))?;
    let rubric = rubric_of(&store, &shown)?;
    let l = Labels::of("terminal", rubric.language);
    let mut out = Output::new(&shown).line(fill!(
        l,
        "opened_line",
        id = shown.id,
        evaluation = id,
        agent = shown.agent.as_deref().unwrap_or_default(),
        rubric = shown.rubric,
        version = shown.rubric_version,
    ));
    if !shown.proposals.is_empty() {
        out = out.table(proposals_table(&shown.proposals, Some(&rubric), &l));
    }
    let command = format!(
        "qaudit dispute resolve {} --accept | --partial KEY=VALUE | --reject, with --note TEXT",
        shown.id
    );
    Ok(out.line(fill!(l, "opened_until", evaluation = id, command = command)))
}

fn proposals_table(proposals: &[Proposal], rubric: Option<&Rubric>, l: &Labels) -> Table {
    let mut t = Table::new(&[&l.get("col_criterion"), &l.get("col_scored"), &l.get("col_proposed")]);
    for p in proposals {
        t.row(vec![
            p.criterion.clone(),
            answer(rubric, &p.criterion, &p.current, l),
            answer(rubric, &p.criterion, &p.proposed, l),
        ]);
    }
    t
}

/// An answer as the sheets show it (`sí` in Spanish); as stored without the rubric at hand.
fn answer(rubric: Option<&Rubric>, key: &str, value: &str, l: &Labels) -> String {
    match rubric {
        Some(r) => shown_answer(r, key, value, l.lang()),
        None => value.to_string(),
    }
}

/// A refused dispute in the language of evaluation `id`'s rubric (a Spanish agent reads why in
/// Spanish); as it is when there is no such evaluation.
fn in_evaluation_language(e: anyhow::Error, store: &Store, id: i64) -> anyhow::Error {
    let rubric = match store.evaluation(id) {
        Ok(Some(d)) => store.rubric(&d.summary.rubric, Some(d.summary.rubric_version)).ok(),
        _ => None,
    };
    match rubric {
        Some(rubric) => errors::disputes::in_language(e, &rubric),
        None => e,
    }
}

/// The rubric version a dispute's evaluation was scored on, whose language the dispute is shown
/// in (a Spanish team reads its disputes in Spanish).
fn rubric_of(store: &Store, d: &Dispute) -> Result<Rubric> {
    store.rubric(&d.rubric, Some(d.rubric_version))
}

/// The subject as the store words it (`ZD-10021`, `visit 8`), in the language.
fn subject(d: &Dispute, l: &Labels) -> String {
    match d.subject.strip_prefix("visit ") {
        Some(id) => fill!(l, "visit_subject", id = id),
        None => d.subject.clone(),
    }
}

fn status_word(status: DisputeStatus, l: &Labels) -> String {
    l.get(&format!("status_{}", status.as_str()))
}

fn resolve(ctx: &Context, id: i64, given: (bool, &[String], bool), note: Option<&str>) -> Result<Output> {
    let mut store = ctx.open()?;
    // The command line's refusals are in the language of the dispute's rubric, like the
    // library's; English when there is no such dispute (the library then says so).
    let rubric = match store.dispute(id)? {
        Some(d) => Some(rubric_of(&store, &d)?),
        None => None,
    };
    let lang = rubric.as_ref().map_or(Lang::En, |r| r.language);
    // The hint's example is a criterion of the dispute's own rubric, in its language.
    let example = match (&rubric, lang) {
        (Some(r), Lang::Es) => r
            .criteria()
            .next()
            .map(|c| format!("{}={}", c.key, partial_example(c)))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let decision = decision(id, given, &Labels::of("dispute_refusals", lang), &example)?;
    let actor = ctx.actor_in(&store)?;
    let resolved = disputes::resolve(&mut store, &actor, id, &decision, note);
    let resolved = resolved.map_err(|e| match store.dispute(id) {
        Ok(Some(d)) => in_evaluation_language(e, &store, d.evaluation),
        _ => e,
    })?;
    let l = Labels::of("terminal", rubric_of(&store, &resolved.dispute)?.language);
    let (e, revision) = (resolved.dispute.evaluation, resolved.revision);
    let word = l.get(&format!("word_{}", resolved.dispute.status.as_str()));
    let line = match resolved.after {
        Some(after) => fill!(
            l,
            "resolved_amended",
            id = id,
            word = word,
            evaluation = e,
            before = l.score(resolved.before),
            after = l.score(after),
            revision = revision,
        ),
        None => fill!(
            l,
            "resolved_stands",
            id = id,
            word = word,
            evaluation = e,
            before = l.score(resolved.before),
        ),
    };
    Ok(Output::new(&resolved.dispute)
        .line(line)
        .line(fill!(l, "counts_again", evaluation = e)))
}

/// An answer a Spanish `--partial` example may propose for `c`: its scale's middle (`sí` on a
/// binary scale).
fn partial_example(c: &crate::rubric::Criterion) -> String {
    match &c.scale.kind {
        crate::rubric::ScaleKind::Binary => "sí".to_string(),
        crate::rubric::ScaleKind::Range { min, max, .. } => ((min + max) / 2).to_string(),
        crate::rubric::ScaleKind::Choice { options } => {
            options.get(options.len() / 2).map(|o| o.0.clone()).unwrap_or_default()
        }
    }
}

fn list(ctx: &Context, open_only: bool, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let rows = disputes::list(&store, &actor, open_only, dates::today())?;
    // One table, one language: the one every listed dispute's rubric shares, else English.
    let rubrics = rows
        .iter()
        .map(|r| rubric_of(&store, &r.dispute))
        .collect::<Result<Vec<_>>>()?;
    let langs: Vec<Lang> = rubrics.iter().map(|r| r.language).collect();
    let l = Labels::of("terminal", lang.unwrap_or_else(|| shared_lang(&langs)));
    let open = rows.iter().filter(|r| r.dispute.status == DisputeStatus::Open).count();
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let headers: Vec<String> = [
        "col_id",
        "col_evaluation",
        "col_agent",
        "col_opened",
        "col_age",
        "col_status",
        "col_proposals",
        "col_resolved_by",
    ]
    .iter()
    .map(|k| l.get(k))
    .collect();
    let mut t = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    for (r, rubric) in rows.iter().zip(&rubrics) {
        let d = &r.dispute;
        let status = if r.overdue {
            fill!(l, "overdue", days = r.dispute_days)
        } else {
            status_word(d.status, &l)
        };
        let proposals = d
            .proposals
            .iter()
            .map(|p| {
                format!(
                    "{}: {} -> {}",
                    p.criterion,
                    answer(Some(rubric), &p.criterion, &p.current, &l),
                    answer(Some(rubric), &p.criterion, &p.proposed, &l)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        t.row(vec![
            d.id.to_string(),
            format!("{} ({})", d.evaluation, subject(d, &l)),
            d.agent.clone().unwrap_or_default(),
            disputes::day_of(&d.opened_at)
                .map(|x| x.to_string())
                .map(|x| dates::in_lang(&x, l.lang()).unwrap_or(x))
                .unwrap_or_default(),
            fill!(l, "days_short", n = r.age_days),
            status,
            proposals,
            d.resolved_by.clone().unwrap_or_default(),
        ]);
    }
    let summary = if rows.is_empty() {
        l.get(if open_only { "no_open_disputes" } else { "no_disputes" })
    } else {
        let mut s = fill!(l, "disputes_open", n = rows.len(), open = open);
        if overdue > 0 {
            s.push_str(&fill!(l, "disputes_overdue", n = overdue));
        }
        if !open_only {
            s.push_str(&fill!(l, "disputes_resolved", n = rows.len() - open));
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

/// `dispute show ID`: the whole thread, from the agent's reason to the lead's note, in the
/// language of the evaluation's rubric.
fn show(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let d = disputes::show(&store, &actor, id)?;
    let rubric = rubric_of(&store, &d)?;
    let l = Labels::of("terminal", rubric.language);
    let mut out = Output::new(&d).line(fill!(
        l,
        "show_head",
        id = id,
        evaluation = d.evaluation,
        subject = subject(&d, &l),
        rubric = d.rubric,
        version = d.rubric_version,
        agent = d.agent.as_deref().unwrap_or("-"),
        evaluator = d.evaluator,
    ));
    out = out.line(fill!(
        l,
        "show_opened",
        who = d.opened_by,
        date = dates::short_in(&d.opened_at, l.lang()),
        reason = d.reason,
    ));
    if !d.proposals.is_empty() {
        out = out.table(proposals_table(&d.proposals, Some(&rubric), &l));
    }
    let ending = match d.status {
        DisputeStatus::Open => l.get("show_waiting"),
        status => fill!(
            l,
            "show_ending",
            outcome = l.get(&format!("ending_{}", status.as_str())),
            who = d.resolved_by.as_deref().unwrap_or("-"),
            date = d
                .resolved_at
                .as_deref()
                .map(|t| dates::short_in(t, l.lang()))
                .unwrap_or_default(),
            revision = d
                .revision_after
                .map(|r| fill!(l, "show_revision", n = r))
                .unwrap_or_default(),
            note = d.resolution_note.as_deref().unwrap_or(""),
        ),
    };
    Ok(out.line(ending))
}
