//! `qaudit coach plan | show | note | list | ack | review`: coaching plans and whether they worked.
//!
//! How focus criteria, goals, the follow-up sample and the review's verdicts are decided is
//! documented in `report::coaching`. Here: who may do what. Anyone may print a plan; saving one
//! needs the lead role; the agent acknowledges their own plan (or a lead does for them); a review
//! is refused before the follow-up date; the agent comments on their own plan (`coach note`), a
//! lead on any. Saving the same plan twice (same agent, period, rubric and focus, no newer
//! evaluation) is refused with the saved plan's number. Saving, acknowledging and comments are
//! audited (`coaching.plan`, `coaching.ack`, `coaching.note`).

use super::Context;
use super::report::rubric_lang;
use crate::cli::CoachCommand;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table};
use crate::report::ReportOptions;
use crate::report::coaching::{self, Meeting, Settings};
use crate::report::common::{Named, Period};
use crate::report::render::emit;
use crate::roles::Role;
use crate::store::Store;
use crate::store::coaching::{NewCoachingPlan, StoredPlan};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;

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
            &PlanArgs {
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
        CoachCommand::List { agent } => list(ctx, agent.as_deref()),
        CoachCommand::Ack { id } => ack(ctx, id),
        CoachCommand::Review { id, report } => review(ctx, id, &report),
    }
}

struct PlanArgs {
    agent: String,
    from: Option<String>,
    to: Option<String>,
    rubric: Option<String>,
    settings: Settings,
    starts: Option<String>,
    save: bool,
    meeting: Meeting,
}

/// Repeatable texts without blanks.
fn cleaned(texts: Vec<String>) -> Vec<String> {
    texts
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn find_agent(store: &Store, id: &str) -> Result<crate::store::people::Agent> {
    store
        .agent(id)?
        .ok_or_else(|| UserError::new(format!("no agent `{id}`"), "`qaudit agent list` shows agent ids").into())
}

fn plan(ctx: &Context, args: &PlanArgs, opts: &ReportOptions) -> Result<Output> {
    let mut store = ctx.open()?;
    let agent = find_agent(&store, &args.agent)?;
    let today = dates::today();
    let period = Period::from_options(args.from.as_deref(), args.to.as_deref(), today)?;
    let starts_on = match &args.starts {
        Some(s) => dates::parse_day(s, today)
            .map_err(|e| UserError::new(format!("--starts: {e}"), "e.g. --starts 2026-12-01"))?,
        None => today,
    };
    let (from, to) = period.bounds();
    let rubric_id = match &args.rubric {
        Some(r) => r.clone(),
        None => match store.agent_rubrics(&agent.id, &from, &to)?.first() {
            Some((r, _)) => r.clone(),
            None => {
                return refuse(
                    format!(
                        "{} has no counted evaluation between {} and {}",
                        agent.id, period.from, period.to
                    ),
                    format!(
                        "a plan needs scored work: widen the period with --from, or see `qaudit evaluation list --agent {}`",
                        agent.id
                    ),
                );
            }
        },
    };
    let rubric = store.rubric(&rubric_id, None)?;
    let current = store.agent_overall(&agent.id, &rubric.id, &from, &to)?;
    if current.evaluations == 0 {
        return refuse(
            format!(
                "{} has no counted evaluation with {} between {} and {}",
                agent.id, rubric.id, period.from, period.to
            ),
            format!(
                "widen the period with --from, or pick another rubric; `qaudit evaluation list --agent {}` shows the evaluations",
                agent.id
            ),
        );
    }
    let (prev_from, prev_to) = period.previous().bounds();
    let previous = store.agent_overall(&agent.id, &rubric.id, &prev_from, &prev_to)?;
    let input = coaching::Input {
        rubric: &rubric,
        agent: Named {
            id: agent.id.clone(),
            name: agent.name.clone(),
        },
        team: agent.team.clone(),
        period,
        current,
        previous,
        sections: store.agent_sections(&agent.id, &rubric.id, &from, &to)?,
        criteria: store.agent_criteria(&agent.id, &rubric.id, &from, &to)?,
        previous_criteria: store.agent_criteria(&agent.id, &rubric.id, &prev_from, &prev_to)?,
    };
    let mut plan = coaching::plan(input, args.settings.clone(), starts_on);
    plan.meeting = args.meeting.clone();
    if args.save {
        let lead = ctx.require_role(&store, Role::Lead, "save coaching plans")?;
        if let Some(copy) = same_plan(&store, &plan, &agent.id, &rubric.id)? {
            return refuse(
                format!(
                    "coaching plan {copy} already covers {} with {} for {} to {} and the same focus, and no evaluation is newer",
                    agent.id, rubric.id, plan.period.from, plan.period.to
                ),
                format!("see it with `qaudit coach show {copy}`; add to it with `qaudit coach note {copy} TEXT`"),
            );
        }
        let new = NewCoachingPlan {
            agent: agent.id.clone(),
            rubric: rubric.id.clone(),
            period_from: period.from.to_string(),
            period_to: period.to.to_string(),
            follow_up_on: plan.follow_up.on.clone(),
            sample_size: plan.follow_up.sample,
            plan: serde_json::to_value(&plan)?,
        };
        let id = store.write(&lead.id, |tx| tx.insert_coaching_plan(&new))?;
        let saved = store
            .coaching_plan(id)?
            .context("the coaching plan just saved is missing")?;
        plan.id = Some(id);
        plan.created_by = Some(saved.created_by);
        plan.created_at = Some(dates::short(&saved.created_at));
        ctx.notice(&format!(
            "Saved as coaching plan {id}. The agent confirms with `qaudit --as {} coach ack {id}`; review it from {} with `qaudit coach review {id}`.",
            agent.id, plan.follow_up.on
        ));
    }
    emit(ctx.global.format, opts, "coaching", rubric_lang(opts, &rubric), &plan)
}

fn find_plan(store: &Store, id: i64) -> Result<StoredPlan> {
    store.coaching_plan(id)?.ok_or_else(|| {
        UserError::new(
            format!("no coaching plan {id}"),
            "`qaudit coach list` shows the saved plans; `qaudit coach plan AGENT --save` saves one",
        )
        .into()
    })
}

fn list(ctx: &Context, agent: Option<&str>) -> Result<Output> {
    let store = ctx.open()?;
    if let Some(a) = agent {
        find_agent(&store, a)?;
    }
    let plans = store.coaching_plans(agent)?;
    let today = dates::today();
    let mut t = Table::new(&["plan", "agent", "rubric", "period", "follow-up", "review", "seen"]);
    for p in &plans {
        let (due, days) = coaching::follow_up_status(&p.follow_up_on, today);
        t.row(vec![
            p.id.to_string(),
            p.agent.clone(),
            p.rubric.clone(),
            short_period(&p.period_from, &p.period_to),
            p.follow_up_on.clone(),
            if due { "due".into() } else { format!("in {days} d") },
            p.acknowledged_at
                .as_deref()
                .map(|a| a.get(..10).unwrap_or(a).to_string())
                .unwrap_or_else(|| "not yet".into()),
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
            Some(a) => format!("No coaching plan for {a} yet; `qaudit --as LEAD coach plan {a} --save` makes one."),
            None => "No coaching plan yet; `qaudit --as LEAD coach plan AGENT --save` makes one.".into(),
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
    let plan = find_plan(&store, id)?;
    let actor = ctx.actor();
    if actor != plan.agent {
        ctx.require_role(
            &store,
            Role::Lead,
            &format!("acknowledge coaching plan {id} for {}", plan.agent),
        )
        .map_err(|e| {
            let reason = e.to_string();
            anyhow::Error::from(UserError::new(
                reason,
                format!(
                    "the agent confirms their own plan: `qaudit --as {} coach ack {id}`",
                    plan.agent
                ),
            ))
        })?;
    }
    if let Some(at) = &plan.acknowledged_at {
        return Ok(Output::new(&plan).line(format!(
            "Coaching plan {id} was already acknowledged at {}.",
            dates::short(at)
        )));
    }
    let at = store.write(&actor, |tx| tx.acknowledge_coaching_plan(id))?;
    let plan = find_plan(&store, id)?;
    Ok(Output::new(&plan).line(format!(
        "Coaching plan {id} acknowledged by {} at {}.",
        plan.agent,
        dates::short(&at)
    )))
}

fn day(text: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| format!("the saved plan's {what} `{text}`"))
}

fn review(ctx: &Context, id: i64, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    let stored = find_plan(&store, id)?;
    let saved: coaching::SavedPlan =
        serde_json::from_value(stored.plan.clone()).with_context(|| format!("reading coaching plan {id}"))?;
    let today = dates::today();
    let follow_up = day(&stored.follow_up_on, "follow-up date")?;
    let starts = day(&saved.follow_up.starts_on, "start")?;
    let after = Period {
        from: starts,
        to: today.max(starts),
    };
    let (after_from, after_to) = after.bounds();
    let after_stats = store.agent_overall(&stored.agent, &stored.rubric, &after_from, &after_to)?;
    if today < follow_up {
        let days = (follow_up - today).num_days();
        return refuse(
            format!(
                "coaching plan {id} is reviewed from {follow_up}, in {days} day{}",
                if days == 1 { "" } else { "s" }
            ),
            format!(
                "the review compares the work before and after the plan, so give it time: {} evaluation(s) of {} since {starts}, {} planned before the follow-up; `qaudit coach plan {} --from {starts}` shows the progress so far",
                after_stats.evaluations, stored.agent, stored.sample_size, stored.agent
            ),
        );
    }
    let before = Period {
        from: day(&stored.period_from, "period")?,
        to: day(&stored.period_to, "period")?,
    };
    let (before_from, before_to) = before.bounds();
    let rubric = store.rubric(&saved.rubric.id, Some(saved.rubric.version))?;
    let data = coaching::review(coaching::ReviewInput {
        plan_id: id,
        plan: &saved,
        created_at: stored.created_at.clone(),
        created_by: stored.created_by.clone(),
        acknowledged_at: stored.acknowledged_at.clone(),
        follow_up_on: stored.follow_up_on.clone(),
        sample_size: stored.sample_size,
        before_period: before,
        after_period: after,
        before: store.agent_overall(&stored.agent, &stored.rubric, &before_from, &before_to)?,
        after: after_stats,
        criteria_before: store.agent_criteria(&stored.agent, &stored.rubric, &before_from, &before_to)?,
        criteria_after: store.agent_criteria(&stored.agent, &stored.rubric, &after_from, &after_to)?,
    });
    emit(
        ctx.global.format,
        opts,
        "coaching-review",
        rubric_lang(opts, &rubric),
        &data,
    )
}

/// A saved plan this one would copy: same agent, period, rubric and focus criteria, and no
/// evaluation of the agent with that rubric scored since it was saved.
fn same_plan(store: &Store, plan: &coaching::Plan, agent: &str, rubric: &str) -> Result<Option<i64>> {
    let focus: Vec<&str> = plan.focus.iter().map(|f| f.key.as_str()).collect();
    for saved in store.coaching_plans(Some(agent))? {
        let saved_focus: Vec<&str> = saved.plan["focus"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["key"].as_str()).collect())
            .unwrap_or_default();
        if saved.rubric == rubric
            && saved.period_from == plan.period.from
            && saved.period_to == plan.period.to
            && saved_focus == focus
            && store.evaluations_scored_since(agent, rubric, &saved.created_at)? == 0
        {
            return Ok(Some(saved.id));
        }
    }
    Ok(None)
}

/// The saved plan as it was made, with whether it was acknowledged and every comment since.
fn stored_view(store: &Store, saved: &StoredPlan) -> Result<serde_json::Value> {
    let mut view = saved.plan.clone();
    view["id"] = saved.id.into();
    view["created_by"] = saved.created_by.clone().into();
    view["created_at"] = dates::short(&saved.created_at).into();
    view["acknowledged_at"] = saved.acknowledged_at.as_deref().map(dates::short).into();
    let comments: Vec<_> = store
        .coaching_comments(saved.id)?
        .into_iter()
        .map(|c| crate::store::coaching::PlanComment {
            at: dates::short(&c.at),
            ..c
        })
        .collect();
    view["comments"] = serde_json::to_value(comments)?;
    if view.get("meeting").is_none_or(|m| m.is_null()) {
        view["meeting"] = serde_json::to_value(Meeting::default())?;
    }
    Ok(view)
}

/// `coach show ID`: the saved plan, rendered like the plan when it was made.
fn show(ctx: &Context, id: i64, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    let saved = find_plan(&store, id)?;
    let rubric = store.rubric(&saved.rubric, None)?;
    let view = stored_view(&store, &saved)?;
    emit(ctx.global.format, opts, "coaching", rubric_lang(opts, &rubric), &view)
}

/// `coach note ID TEXT`: the agent comments on their own plan, or a lead on any.
fn note(ctx: &Context, id: i64, text: &str) -> Result<Output> {
    let text = text.trim();
    if text.is_empty() {
        return refuse(
            "the comment is empty",
            "write what you want on the plan, e.g. \"Practised the greeting\"",
        );
    }
    let mut store = ctx.open()?;
    let saved = find_plan(&store, id)?;
    let actor = ctx.actor();
    if actor != saved.agent {
        ctx.require_role(
            &store,
            Role::Lead,
            &format!("comment on {}'s coaching plan {id}", saved.agent),
        )
        .map_err(|e| {
            anyhow::Error::from(UserError::new(
                e.to_string(),
                format!(
                    "the agent comments on their own plan: `qaudit --as {} coach note {id} TEXT`",
                    saved.agent
                ),
            ))
        })?;
    }
    let at = store.write(&actor, |tx| tx.comment_coaching_plan(id, text))?;
    let view = stored_view(&store, &find_plan(&store, id)?)?;
    Ok(Output::new(&view).line(format!(
        "Comment by {actor} added to coaching plan {id} at {}.",
        dates::short(&at)
    )))
}
