//! `qaudit report ramp-up`: the agents with a hire date, their counted evaluations by week of
//! tenure (`report::ramp_up`), in the rubric's language.

use super::check_team;
use crate::commands::Context;
use crate::commands::report_output::emit;
use crate::dates;
use crate::lang::Lang;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::common::{RubricRef, shared_lang};
use crate::report::ramp_up::{self, AgentInput};
use crate::rubric::Rubric;
use anyhow::Result;

pub(super) fn ramp_up_report(
    ctx: &Context,
    weeks: u32,
    rubric: Option<&str>,
    team: Option<&str>,
    opts: &ReportOptions,
) -> Result<Output> {
    let weeks =
        crate::tenure::check_weeks(weeks).map_err(|e| crate::commands::errors::weeks_given_as("--weeks", &e))?;
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    check_team(&store, team)?;
    let only = rubric.map(|id| store.rubric(id, None)).transpose()?;
    let today = dates::today();
    let mut inputs = Vec::new();
    let mut rubrics: Vec<Rubric> = Vec::new();
    for agent in ramp_up::visible(&actor, store.agents(team)?) {
        let Some(hired) = crate::tenure::hired_on(agent.hired_on.as_deref()) else {
            continue;
        };
        let (from, to) = dates::day_range(Some(hired), Some(crate::tenure::last_day_of_week(hired, weeks)));
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let mut scores = Vec::new();
        for s in store.counted_scores_of(&agent.id, &from, &to, rubric)? {
            if !rubrics.iter().any(|r| r.id == s.rubric) {
                rubrics.push(store.rubric(&s.rubric, None)?);
            }
            if let Some(day) = dates::day_of(&s.occurred_at) {
                scores.push((day, s.overall));
            }
        }
        inputs.push(AgentInput {
            id: agent.id,
            name: agent.name,
            team: agent.team,
            hired_on: hired,
            scores,
        });
    }
    let lang = match &only {
        Some(r) => r.language,
        None => shared_lang(&rubrics.iter().map(|r| r.language).collect::<Vec<Lang>>()),
    };
    let data = ramp_up::build(
        inputs,
        weeks,
        today,
        team.map(str::to_string),
        only.as_ref().map(RubricRef::of),
    );
    if data.agents.is_empty() {
        ctx.notice(
            "No agent in scope has a hire date: set one with `qaudit agent add ID --name NAME --hired-on YYYY-MM-DD` or a hired_on column in `qaudit agent import`.",
        );
    }
    emit(ctx.global.format, opts, "ramp-up", lang, &data)
}
