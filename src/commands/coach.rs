//! `qaudit coach plan | show | note | list | ack | review`: coaching plans and whether they worked.
//!
//! How focus criteria, goals, the follow-up sample and the review's verdicts are decided is
//! documented in `report::coaching`; who may do what (saving needs the lead role, the agent
//! acknowledges and comments on their own plan or a lead does, no plan saved twice, no review
//! before the follow-up date) in [`crate::coaching`]. Here: the flags as its requests, and its
//! results as reports and lines. Saving, acknowledging and comments are audited
//! (`coaching.plan`, `coaching.ack`, `coaching.note`).

use super::Context;
use super::report_output::emit;
use crate::cli::CoachCommand;
use crate::coaching::training::{self, SessionRequest};
use crate::coaching::{self as core, Built, PlanRequest};
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::output::{Output, Table};
use crate::report::ReportOptions;
use crate::report::coaching::{self, Meeting, Settings};
use crate::report::common::rubric_lang;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: CoachCommand) -> Result<Output> {
    match cmd {
        CoachCommand::Plan {
            agent,
            from,
            to,
            rubric,
            min_observations,
            focus,
            follow_up_days,
            starts,
            save,
            note,
            actions,
            commitments,
            report,
        } => plan(
            ctx,
            &PlanRequest {
                agent,
                from,
                to,
                rubric,
                settings: Settings {
                    min_observations,
                    focus: focus as usize,
                    follow_up_days,
                },
                starts,
                save,
                meeting: Meeting {
                    note: note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
                    actions: cleaned(actions),
                    commitments: cleaned(commitments),
                },
            },
            &report,
        ),
        CoachCommand::Show { id, report } => show(ctx, id, &report),
        CoachCommand::Note { id, text } => note(ctx, id, &text),
        CoachCommand::List { agent, lang } => list(ctx, agent.as_deref(), lang),
        CoachCommand::Ack { id } => ack(ctx, id),
        CoachCommand::Review { id, report } => review(ctx, id, &report),
        CoachCommand::Session {
            id,
            date,
            kind,
            criteria,
            note,
        } => session(
            ctx,
            &SessionRequest {
                plan: id,
                date,
                kind,
                criteria,
                note,
            },
        ),
    }
}

/// Repeatable texts without blanks.
fn cleaned(texts: Vec<String>) -> Vec<String> {
    texts
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn plan(ctx: &Context, req: &PlanRequest, opts: &ReportOptions) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let Built { plan, rubric } = core::build_plan(&mut store, &actor, req, dates::today())?;
    if let Some(id) = plan.id {
        ctx.notice(&format!(
            "Saved as coaching plan {id}. The agent confirms with `qaudit --as {} coach ack {id}`; review it from {} with `qaudit coach review {id}`.",
            plan.agent.id, plan.follow_up.on
        ));
    }
    emit(ctx.global.format, opts, "coaching", rubric_lang(opts, &rubric), &plan)
}

fn list(ctx: &Context, agent: Option<&str>, lang: Option<crate::lang::Lang>) -> Result<Output> {
    let store = ctx.open()?;
    if let Some(a) = agent {
        core::find_agent(&store, a)?;
    }
    let plans = store.coaching_plans(agent)?;
    let today = dates::today();
    let lang = super::listing::lang_of(&store, lang, plans.iter().map(|p| p.rubric.as_str()))?;
    let l = Labels::of("coaching", lang);
    let day = |d: &str| dates::in_lang(d, lang).unwrap_or_else(|| d.to_string());
    let headers = [
        "t_col_plan",
        "t_col_agent",
        "t_col_rubric",
        "t_col_period",
        "t_col_follow_up",
        "t_col_review",
        "t_col_seen",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for p in &plans {
        let (due, days) = coaching::follow_up_status(&p.follow_up_on, today);
        t.row(vec![
            p.id.to_string(),
            p.agent.clone(),
            p.rubric.clone(),
            match lang {
                // Days first in Spanish, each in full (`07/11/2026..06/12/2026`).
                crate::lang::Lang::Es => format!("{}..{}", day(&p.period_from), day(&p.period_to)),
                crate::lang::Lang::En => short_period(&p.period_from, &p.period_to),
            },
            day(&p.follow_up_on),
            if due {
                l.get("t_due")
            } else {
                fill!(l, "t_in_days", n = days)
            },
            p.acknowledged_at
                .as_deref()
                .map(|a| day(a.get(..10).unwrap_or(a)))
                .unwrap_or_else(|| l.get("t_not_yet")),
        ]);
    }
    let rows: Vec<serde_json::Value> = plans
        .iter()
        .map(|p| {
            let (due, _) = coaching::follow_up_status(&p.follow_up_on, today);
            serde_json::json!({
                "id": p.id, "agent": p.agent, "rubric": p.rubric, "period_from": p.period_from,
                "period_to": p.period_to, "follow_up_on": p.follow_up_on, "sample_size": p.sample_size,
                "due": due, "focus": p.plan["focus"].as_array().map(|f| f.iter().map(|c| c["key"].clone()).collect::<Vec<_>>()),
                "created_by": p.created_by, "created_at": p.created_at, "acknowledged_at": p.acknowledged_at,
            })
        })
        .collect();
    let out = Output::new(&rows);
    Ok(if plans.is_empty() {
        out.line(match agent {
            Some(a) => fill!(l, "t_none_of", agent = a),
            None => l.get("t_none"),
        })
    } else {
        out.table(t)
    })
}

/// `2026-10-01..10-31` within a year, both days in full across years.
fn short_period(from: &str, to: &str) -> String {
    match (from.get(..5), to.get(5..)) {
        (Some(year), Some(rest)) if to.starts_with(year) => format!("{from}..{rest}"),
        _ => format!("{from}..{to}"),
    }
}

fn ack(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let done = core::acknowledge(&mut store, &actor, id)?;
    let line = match (&done.now, &done.plan.acknowledged_at) {
        (Some(at), _) => format!(
            "Coaching plan {id} acknowledged by {} at {}.",
            done.plan.agent,
            dates::short(at)
        ),
        (None, at) => format!(
            "Coaching plan {id} was already acknowledged at {}.",
            dates::short(at.as_deref().unwrap_or_default())
        ),
    };
    Ok(Output::new(&done.plan).line(line))
}

fn review(ctx: &Context, id: i64, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    let (data, rubric) = core::review(&store, id, dates::today())?;
    emit(
        ctx.global.format,
        opts,
        "coaching-review",
        rubric_lang(opts, &rubric),
        &data,
    )
}

/// `coach show ID`: the saved plan, rendered like the plan when it was made.
fn show(ctx: &Context, id: i64, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    let saved = core::find_plan(&store, id)?;
    let rubric = store.rubric(&saved.rubric, None)?;
    let view = core::stored_view(&store, &saved)?;
    emit(ctx.global.format, opts, "coaching", rubric_lang(opts, &rubric), &view)
}

/// `coach session ID ...`: a lead records a training session of the plan.
fn session(ctx: &Context, req: &SessionRequest) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let s = training::record(&mut store, &actor, req, dates::today())?;
    Ok(Output::new(&s).line(format!(
        "Training session {} ({}, {}) recorded on coaching plan {} for {}; `qaudit coach review {}` says whether they improved after it.",
        s.id,
        s.kind,
        s.held_on,
        s.plan,
        s.criteria.join(", "),
        s.plan
    )))
}

/// `coach note ID TEXT`: the agent comments on their own plan, or a lead on any.
fn note(ctx: &Context, id: i64, text: &str) -> Result<Output> {
    core::comment_text(text)?;
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let at = core::comment(&mut store, &actor, id, text)?;
    let view = core::stored_view(&store, &core::find_plan(&store, id)?)?;
    Ok(Output::new(&view).line(format!(
        "Comment by {} added to coaching plan {id} at {}.",
        actor.id,
        dates::short(&at)
    )))
}
