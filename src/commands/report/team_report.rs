//! `report team`: one table per rubric scored in the period (or the one asked for), with the
//! team's filters (team, channel), the new hires marked, and the KPIs of the rubrics' `kpi:`
//! criteria.

use super::{Context, latest_rubrics};
use crate::commands::report_output::{emit, emit_each};
use crate::dates;
use crate::error::refuse;
use crate::lang::Lang;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::common::{Period, RubricRef, lang_of_all, shared_lang};
use crate::report::{team, voice};
use crate::store::Store;
use crate::store::reports::TeamFilter;
use crate::store::rubric_cache::RubricCache;
use anyhow::Result;
use std::collections::BTreeMap;

/// `[rubric, version, criterion key, kpi]` for every criterion marked `kpi:` in the stored
/// rubric versions (of one rubric when given), as the team aggregate takes them.
fn kpi_criteria(rubrics: &mut RubricCache<'_>, only: Option<&str>) -> Result<String> {
    let mut rows = Vec::new();
    for (id, version) in rubrics.store().rubric_version_ids()? {
        if only.is_some_and(|o| o != id) {
            continue;
        }
        let rubric = rubrics.get(&id, Some(version))?;
        for c in rubric.criteria() {
            if let Some(kpi) = c.kpi {
                rows.push(serde_json::json!([id, version, c.key, kpi]));
            }
        }
    }
    Ok(serde_json::to_string(&rows)?)
}

/// What `report team` selects beside the period.
pub(super) struct TeamArgs {
    pub(super) team: Option<String>,
    pub(super) rubric: Option<String>,
    pub(super) channel: Option<String>,
    pub(super) trend_min_n: u64,
    pub(super) new_hire_weeks: u32,
    pub(super) repeat_days: u32,
}

/// Refuses a team no agent is in, naming the teams there are.
pub(super) fn check_team(store: &Store, team: Option<&str>) -> Result<()> {
    if let Some(t) = team
        && store.agents(Some(t))?.is_empty()
    {
        let mut teams: Vec<String> = store.agents(None)?.into_iter().filter_map(|a| a.team).collect();
        teams.sort();
        teams.dedup();
        return refuse(
            format!("no agent is in team `{t}`"),
            if teams.is_empty() {
                "no agent has a team yet; `qaudit agent add ID --name NAME --team TEAM` sets one".to_string()
            } else {
                format!("teams: {}", teams.join(", "))
            },
        );
    }
    Ok(())
}

/// Refuses a channel no stored contact is in, naming the channels there are (a typo would
/// otherwise print an empty report that reads like good news).
pub(super) fn check_channel(store: &Store, channel: Option<&str>) -> Result<()> {
    if let Some(c) = channel {
        let channels = store.channels()?;
        if !channels.iter().any(|x| x == c) {
            return refuse(
                format!("no contact is in channel `{c}`"),
                if channels.is_empty() {
                    "no contact is stored yet; `qaudit interaction import FILE.csv` brings them in (visits are in no channel)"
                        .to_string()
                } else {
                    format!("channels: {} (visits are in no channel)", channels.join(", "))
                },
            );
        }
    }
    Ok(())
}

pub(super) fn team_report(
    ctx: &Context,
    args: TeamArgs,
    from: Option<&str>,
    to: Option<&str>,
    opts: &ReportOptions,
) -> Result<Output> {
    let TeamArgs {
        team,
        rubric,
        channel,
        trend_min_n,
        new_hire_weeks,
        repeat_days,
    } = args;
    let weeks = crate::tenure::check_weeks(new_hire_weeks)
        .map_err(|e| crate::commands::errors::weeks_given_as("--new-hire-weeks", &e))?;
    let store = ctx.open()?;
    let period = Period::from_options(from, to, dates::today())?;
    check_team(&store, team.as_deref())?;
    check_channel(&store, channel.as_deref())?;
    let hired_on: BTreeMap<String, String> = store
        .agents(team.as_deref())?
        .into_iter()
        .filter_map(|a| Some((a.id, a.hired_on?)))
        .collect();
    let tenure = (&hired_on, weeks);
    // Never mixed: with `--rubric` one table; without, one per rubric scored in the period
    // (most evaluations first), each with its own pass mark and sections.
    let rubric_ids = match rubric {
        Some(id) => vec![id],
        None => store.team_rubrics(&period.window(), team.as_deref(), channel.as_deref())?,
    };
    let actor = ctx.actor_in(&store)?;
    actor.require_everyones_results("the team report")?;
    // Independent of rubric, so computed once and shown with every table.
    let voice = voice::section(
        &store,
        &voice::Query {
            period,
            team: team.clone(),
            channel: channel.clone(),
            rows: voice::Rows::All,
            repeat_days,
        },
    )?;
    // Each rubric version parsed once for all the tables.
    let mut rubrics = RubricCache::new(&store);
    // Flags as the actor may see them at the end of the period, computed once for every table:
    // they depend on neither the table's rubric nor its team or channel, and each agent's are
    // their own, so no team filter is needed to look up those of the agents in a table.
    let query = crate::flags::FlagsQuery {
        as_of: period.to,
        agent: None,
        team: None,
        kind: None,
    };
    let flags = crate::flags::fired_by_agent(&crate::flags::flags_with(&mut rubrics, &actor, &query)?.0);
    if rubric_ids.is_empty() {
        let (mut data, lang) = team_table(
            &mut rubrics,
            &flags,
            (team, channel),
            &period,
            None,
            trend_min_n,
            tenure,
        )?;
        if let Some(v) = voice {
            let quality = team::best_quality(std::slice::from_ref(&data));
            team::attach_voice(&mut data, v, &quality);
        }
        return emit(ctx.global.format, opts, "team", lang, &data);
    }
    let mut reports = Vec::new();
    let mut langs = Vec::new();
    for id in rubric_ids {
        let (data, l) = team_table(
            &mut rubrics,
            &flags,
            (team.clone(), channel.clone()),
            &period,
            Some(id),
            trend_min_n,
            tenure,
        )?;
        langs.push(l);
        reports.push(data);
    }
    // The voice section once, with the first table: its figures do not depend on the rubric;
    // beside each agent, the quality mean of the table where they have the most evaluations.
    if let Some(v) = voice {
        let quality = team::best_quality(&reports);
        team::attach_voice(&mut reports[0], v, &quality);
    }
    // One table per rubric in one language (README, "Languages"): the one they all share,
    // else English, each rubric's own titles and bands kept; `--lang` wins over both.
    let lang = shared_lang(&langs);
    if reports.len() == 1 {
        return emit(ctx.global.format, opts, "team", lang, &reports[0]);
    }
    emit_each(ctx.global.format, opts, "team", lang, &reports)
}

/// One table of the team report: the agents' results under one rubric (or, with none, all),
/// of one team and one channel when given.
fn team_table(
    rubrics: &mut RubricCache<'_>,
    flags: &BTreeMap<String, Vec<crate::flags::AgentFlag>>,
    (team, channel): (Option<String>, Option<String>),
    period: &Period,
    rubric: Option<String>,
    trend_min_n: u64,
    (hired_on, new_hire_weeks): (&BTreeMap<String, String>, u32),
) -> Result<(team::TeamReport, Lang)> {
    let store = rubrics.store();
    let only = match &rubric {
        Some(id) => Some(rubrics.get(id, None)?.clone()),
        None => None,
    };
    let filter = TeamFilter {
        team: team.clone(),
        rubric: rubric.clone(),
        channel,
        kpis: kpi_criteria(rubrics, rubric.as_deref())?,
    };
    let rows = store.team_aggregate(&period.window(), &filter)?;
    let latest = latest_rubrics(
        rubrics,
        rows.iter()
            .filter_map(|r| r.weakest.as_ref().map(|w| w.rubric.as_str())),
    )?;
    let lang = match &only {
        Some(r) => r.language,
        None => lang_of_all(
            rows.iter()
                .filter_map(|r| r.languages.as_ref())
                .flat_map(|(min, max)| [min.as_str(), max.as_str()]),
        ),
    };
    // The pass mark for the distribution chart: that of the one rubric involved, if only one is.
    let involved: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.rubrics.as_ref())
        .flat_map(|(min, max)| [min.as_str(), max.as_str()])
        .collect();
    let pass_mark = match (&only, involved.first()) {
        (Some(r), _) => Some(r.pass_mark),
        (None, Some(first)) if involved.iter().all(|r| r == first) => Some(rubrics.get(first, None)?.pass_mark),
        _ => None,
    };
    let mut data = team::build(
        rows,
        &latest,
        team,
        only.as_ref().map(RubricRef::of),
        period,
        pass_mark,
        trend_min_n,
    );
    for agent in &mut data.agents {
        agent.flags = flags.get(&agent.id).cloned().unwrap_or_default();
    }
    team::mark_new_hires(&mut data, hired_on, period, new_hire_weeks);
    Ok((data, lang))
}
