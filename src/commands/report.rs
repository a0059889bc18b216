//! `qaudit report feedback | team | locations | evaluators | ramp-up | decisions | validity`.
//!
//! Each gathers its numbers from the store (aggregated in SQL, see `store::reports`), shapes them
//! into the report's data (`report::*`), and renders it through the templates in the language of
//! the rubric (or `--lang`). Reports only read: none of them changes the store.

mod ramp_up;

use super::Context;
use super::report_output::emit;
use crate::cli::ReportCommand;
use crate::dates;
use crate::error::refuse;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::common::{Named, Period, lang_of_all};
use crate::report::{evaluators, feedback, locations};
use crate::rubric::{Rubric, Subject};
use crate::store::Store;
use crate::store::disputes::DisputeStatus;
use crate::store::evaluations::Status;
use crate::store::rubric_cache::RubricCache;
use anyhow::Result;
use std::collections::BTreeMap;

mod criteria;
mod mystery;
mod team_report;
mod validity;

use team_report::{TeamArgs, check_channel, check_team, team_report};

pub fn run(ctx: &Context, cmd: ReportCommand) -> Result<Output> {
    match cmd {
        ReportCommand::Feedback { evaluation, report } => feedback_sheet(ctx, evaluation, &report),
        ReportCommand::Team {
            team,
            from,
            to,
            rubric,
            channel,
            trend_min_n,
            new_hire_weeks,
            repeat_days,
            report,
        } => team_report(
            ctx,
            TeamArgs {
                team,
                rubric,
                channel,
                trend_min_n,
                new_hire_weeks,
                repeat_days,
            },
            from.as_deref(),
            to.as_deref(),
            &report,
        ),
        ReportCommand::RampUp {
            weeks,
            rubric,
            team,
            report,
        } => ramp_up::ramp_up_report(ctx, weeks, rubric.as_deref(), team.as_deref(), &report),
        ReportCommand::Criteria {
            rubric,
            team,
            location,
            channel,
            from,
            to,
            by,
            min_n,
            report,
        } => criteria::run(
            ctx,
            criteria::Args {
                rubric,
                team,
                location,
                channel,
                by,
                min_n,
            },
            from.as_deref(),
            to.as_deref(),
            &report,
        ),
        ReportCommand::Locations {
            region,
            from,
            to,
            rubric,
            checks,
            report,
        } => locations_report(
            ctx,
            region,
            from.as_deref(),
            to.as_deref(),
            rubric.as_deref(),
            &checks,
            &report,
        ),
        ReportCommand::Mystery(args) => mystery::run(ctx, &args),
        ReportCommand::Evaluators {
            from,
            to,
            channel,
            window,
            tolerance,
            seed,
            report,
        } => evaluators_report(
            ctx,
            from.as_deref(),
            to.as_deref(),
            &ReliabilityOptions {
                window,
                tolerance,
                seed,
                channel,
            },
            &report,
        ),
        ReportCommand::Validity {
            rubric,
            from,
            to,
            resamples,
            seed,
            report,
        } => validity::run(
            ctx,
            validity::Args {
                rubric,
                resamples,
                seed,
            },
            from.as_deref(),
            to.as_deref(),
            &report,
        ),
        ReportCommand::Decisions { from, to, days, report } => {
            decisions_report(ctx, from.as_deref(), to.as_deref(), days, &report)
        }
    }
}

/// The consistency of decisions on flags (`crate::decisions::consistency`), leads only.
fn decisions_report(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    days: u32,
    opts: &ReportOptions,
) -> Result<Output> {
    let store = ctx.open()?;
    let period = Period::from_options(from, to, dates::today())?;
    let actor = ctx.actor_in(&store)?;
    let query = crate::decisions::ConsistencyQuery {
        period,
        wait_days: days,
    };
    let (data, lang) = crate::decisions::consistency::report(&store, &actor, &query)?;
    emit(ctx.global.format, opts, "decisions", lang, &data)
}

fn feedback_sheet(ctx: &Context, id: i64, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    // Scope is the core's: an agent sees only their own counted evaluations (no second opinion).
    let actor = ctx.actor_in(&store)?;
    let detail = crate::evaluations::show(&store, &actor, id)?;
    let s = &detail.summary;
    match s.status {
        Status::Draft => {
            return refuse(
                format!("evaluation {id} is a draft"),
                "finish it with `qaudit score` first: a feedback sheet is for a submitted evaluation",
            );
        }
        Status::Void => {
            return refuse(
                format!("evaluation {id} is void: it no longer counts"),
                format!("`qaudit evaluation show {id}` shows it with the reason it was voided"),
            );
        }
        Status::Submitted => {}
    }
    if let Some(session) = s.calibration {
        return refuse(
            format!("evaluation {id} is a calibration score (session {session}), not feedback for an agent"),
            format!("`qaudit calibrate report {session}` compares the evaluators of that session"),
        );
    }
    let rubric = store.rubric(&s.rubric, Some(s.rubric_version))?;
    let agent = match &s.agent {
        Some(a) => Some(named_agent(&store, a)?),
        None => None,
    };
    let location = match &s.location {
        Some(l) => Some(Named {
            id: l.clone(),
            name: store.location(l)?.map(|l| l.name).unwrap_or_else(|| l.clone()),
        }),
        None => None,
    };
    let evaluator = Named {
        id: s.evaluator.clone(),
        name: store
            .staff_member(&s.evaluator)?
            .map(|m| m.name)
            .unwrap_or_else(|| s.evaluator.clone()),
    };
    let (channel, duration_s) = match rubric.subject {
        Subject::Interaction => match store.interaction(&s.subject)? {
            Some(i) => (Some(i.channel), i.duration_s),
            None => (None, None),
        },
        Subject::Visit => (None, None),
    };
    let under_dispute = match store.open_dispute_on(id)? {
        Some(d) => store.dispute(d)?.map(|d| feedback::OpenDispute {
            id: d.id,
            opened_at: dates::short(&d.opened_at),
        }),
        None => None,
    };
    let mut decided: Vec<_> = store
        .disputes(false)?
        .into_iter()
        .filter(|x| x.evaluation == id && x.status != DisputeStatus::Open)
        .collect();
    decided.sort_by_key(|x| x.id);
    let lang = rubric.language;
    let mut data = feedback::build(
        feedback::Input {
            detail: &detail,
            rubric: &rubric,
            agent,
            location,
            evaluator,
            subject_kind: rubric.subject.as_str(),
            channel,
            duration_s,
            under_dispute,
            decided: &decided,
        },
        opts.lang.unwrap_or(lang),
        dates::today(),
    );
    if let Some(agent) = &s.agent {
        // The work's own day (in the store's zone) ends the period of the voice context.
        let day = dates::local(&s.occurred_at);
        let period = Period::from_options(None, day.get(..10), dates::today())?;
        let team = store.agent(agent)?.and_then(|a| a.team);
        let (from, to) = period.bounds();
        let quality = store.agent_overall(agent, &rubric.id, &from, &to)?;
        data.voice =
            crate::report::voice::agent_section(&store, agent, team, period, (quality.average, quality.evaluations))?;
    }
    emit(ctx.global.format, opts, "feedback", lang, &data)
}

fn named_agent(store: &Store, id: &str) -> Result<Named> {
    Ok(Named {
        id: id.to_string(),
        name: store.agent(id)?.map(|a| a.name).unwrap_or_else(|| id.to_string()),
    })
}

/// The latest version of each rubric named, each once, read through the report's cache.
fn latest_rubrics<'a>(rubrics: &mut RubricCache<'_>, ids: impl IntoIterator<Item = &'a str>) -> Result<Vec<Rubric>> {
    let mut out: Vec<Rubric> = Vec::new();
    for id in ids {
        if !out.iter().any(|r| r.id == id) {
            out.push(rubrics.get(id, None)?.clone());
        }
    }
    Ok(out)
}

fn locations_report(
    ctx: &Context,
    region: Option<String>,
    from: Option<&str>,
    to: Option<&str>,
    rubric: Option<&str>,
    checks: &crate::visits::CheckArgs,
    opts: &ReportOptions,
) -> Result<Output> {
    let thresholds = crate::visits::thresholds(checks)?;
    let store = ctx.open()?;
    let period = Period::from_options(from, to, dates::today())?;
    if let Some(r) = &region
        && store.locations(Some(r))?.is_empty()
    {
        let mut regions: Vec<String> = store.locations(None)?.into_iter().filter_map(|l| l.region).collect();
        regions.sort();
        regions.dedup();
        return refuse(
            format!("no location is in region `{r}`"),
            if regions.is_empty() {
                "no location has a region yet; `qaudit location add ID --name NAME --region REGION` sets one"
                    .to_string()
            } else {
                format!("regions: {}", regions.join(", "))
            },
        );
    }
    let (start, end) = period.bounds();
    let ids: Vec<String> = match rubric {
        Some(id) => {
            let r = store.rubric(id, None)?;
            if r.subject != Subject::Visit {
                return refuse(
                    format!("rubric {id} scores interactions, not visits"),
                    "give a visit rubric such as store-visit or visita-tienda",
                );
            }
            vec![r.id]
        }
        None => store.visit_rubrics(&start, &end)?,
    };
    let lead = store
        .staff_member(&ctx.actor())?
        .is_some_and(|m| m.has(crate::roles::Role::Lead));
    let mut tables = Vec::new();
    let mut langs = Vec::new();
    let mut cache = RubricCache::new(&store);
    for id in ids.iter().map(Some).chain(ids.is_empty().then_some(None)) {
        let rows = store.location_aggregate(&period.window(), region.as_deref(), id.map(String::as_str))?;
        let rubrics = latest_rubrics(
            &mut cache,
            rows.iter()
                .filter_map(|r| r.weakest.as_ref().map(|w| w.rubric.as_str())),
        )?;
        langs.extend(rows.iter().filter_map(|r| r.languages.clone()));
        let integrity = match (id, lead) {
            (Some(id), true) => location_integrity(&store, id, &start, &end, &thresholds)?,
            _ => BTreeMap::new(),
        };
        let mut table = locations::build(rows, &rubrics, region.clone(), &period, &integrity, lead);
        if let Some(id) = id {
            table.rubric = Some(Named {
                id: id.clone(),
                name: store.rubric(id, None)?.title,
            });
        }
        tables.push(table);
    }
    let lang = lang_of_all(langs.iter().flat_map(|(min, max)| [min.as_str(), max.as_str()]));
    let data = locations::LocationTables {
        region,
        period: period.view(),
        lead,
        thresholds,
        tables,
    };
    emit(ctx.global.format, opts, "locations", lang, &data)
}

/// Per location, the integrity findings of its counted visits with `rubric` in `[from, to)`.
fn location_integrity(
    store: &Store,
    rubric: &str,
    from: &str,
    to: &str,
    t: &crate::visits::checks::Thresholds,
) -> Result<BTreeMap<String, locations::LocationIntegrity>> {
    use crate::visits::checks::Outcome;
    let mut out: BTreeMap<String, locations::LocationIntegrity> = BTreeMap::new();
    for (visit, location) in store.counted_visits(rubric, from, to)? {
        let tz = store
            .location(&location)?
            .and_then(|l| l.timezone)
            .and_then(|z| dates::parse_tz(&z).ok())
            .unwrap_or_else(dates::zone);
        let Some(v) = crate::visits::verdict(store, visit, tz, t)? else {
            continue;
        };
        let e = out.entry(location).or_default();
        match v.outcome {
            Outcome::Doubtful => {
                e.doubtful += 1;
                let reasons: Vec<String> = v
                    .findings
                    .iter()
                    .filter(|f| f.outcome == Outcome::Doubtful)
                    .map(|f| f.reason.clone())
                    .collect();
                e.reasons.push(format!("visit {visit}: {}", reasons.join("; ")));
            }
            Outcome::Unverifiable => e.unverifiable += 1,
            Outcome::Verified => {}
        }
    }
    Ok(out)
}

/// The options of `report evaluators` beside the period.
pub struct ReliabilityOptions {
    pub window: usize,
    pub tolerance: f64,
    pub seed: u64,
    /// Only evaluations of contacts in this channel.
    pub channel: Option<String>,
}

fn evaluators_report(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    reliability: &ReliabilityOptions,
    opts: &ReportOptions,
) -> Result<Output> {
    let store = ctx.open()?;
    let period = Period::from_options(from, to, dates::today())?;
    let (start, end) = period.bounds();
    let channel = reliability.channel.as_deref();
    check_channel(&store, channel)?;
    let rows = store.evaluator_aggregate(&start, &end, channel)?;
    let spreads = store.rubric_spread(&start, &end, channel)?;
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for s in &spreads {
        titles.insert(s.rubric.clone(), store.rubric(&s.rubric, None)?.title);
    }
    let lang = lang_of_all(rows.iter().map(|r| r.language.as_deref().unwrap_or("en")));
    let mut data = evaluators::build(
        &rows,
        &spreads,
        &|id| titles.get(id).cloned().unwrap_or_else(|| id.to_string()),
        period.view(),
    );
    // Evaluator reliability on live work (issue 16).
    if reliability.window == 0 {
        return crate::error::refuse(
            "--window 0 compares nothing",
            "give how many of each evaluator's latest double-scored contacts to compare, e.g. --window 30",
        );
    }
    let references = store.rubric_references()?;
    let by_rubric: BTreeMap<String, String> = references.iter().cloned().collect();
    data.reliability = crate::report::evaluator_reliability::build(
        &store.multi_scored(&start, &end, channel)?,
        &by_rubric,
        reliability.window,
        reliability.tolerance,
        reliability.seed,
    );
    data.window = reliability.window;
    data.tolerance = reliability.tolerance;
    data.references = references;
    for outcome in store.dispute_outcomes(&start, &end, channel)? {
        if let Some(e) = data.evaluators.iter_mut().find(|e| e.id == outcome.evaluator) {
            e.disputes_resolved = outcome.resolved;
            e.disputes_overturned = outcome.overturned;
            e.overturn_rate = crate::report::common::share(outcome.overturned, outcome.resolved);
        }
    }
    emit(ctx.global.format, opts, "evaluators", lang, &data)
}
