//! `qaudit visit log | review | list | show | evidence | purge | plan`: mystery-shopper visits.
//!
//! Logging and resubmitting live in [`log`], a lead's review and purging in [`review`], the
//! whole visit as a lead or its shopper reads it in [`show`], getting the evidence back out
//! in [`evidence`], and scoring a logged visit in a calibration session in [`calibration`].

mod calibration;
mod evidence;
mod log;
mod plan;
mod review;
mod show;

use super::Context;
use crate::cli::VisitCommand;
use crate::dates;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::store::Store;
use crate::store::visits::{Visit, VisitFilter};
use crate::visits::VisitStatus;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: VisitCommand) -> Result<Output> {
    match cmd {
        VisitCommand::Log(args) => match args.calibration {
            // Calibration (issue 7): a participant scores a logged visit; no visit is logged.
            Some(session) => calibration::score_visit(ctx, &args, session),
            None => log::log(ctx, &args),
        },
        VisitCommand::Review {
            id,
            approve,
            return_visit: _,
            note,
            comment_on,
            lang,
        } => review::review(ctx, id, approve, note, &comment_on, lang),
        VisitCommand::List {
            status,
            location,
            planned,
            limit,
            lang,
        } => list(
            ctx,
            Filters {
                status,
                location,
                planned,
            },
            limit,
            lang,
        ),
        VisitCommand::Show { id, checks, report } => show::show(ctx, id, &checks, &report),
        VisitCommand::Evidence { id, output, removed } => evidence::write(ctx, id, &output, removed),
        VisitCommand::Purge {
            id,
            evidence,
            reason,
            lang,
        } => review::purge(ctx, id, &evidence, &reason, lang),
        VisitCommand::Plan(args) => plan::run(ctx, &args),
    }
}

/// A listed visit with, for leads, its integrity outcome.
#[derive(serde::Serialize)]
struct Listed {
    #[serde(flatten)]
    visit: Visit,
    #[serde(skip_serializing_if = "Option::is_none")]
    integrity: Option<crate::visits::checks::Outcome>,
}

/// Which visits `visit list` shows.
struct Filters {
    status: Option<VisitStatus>,
    location: Option<String>,
    planned: bool,
}

fn list(ctx: &Context, filters: Filters, limit: usize, lang: Option<Lang>) -> Result<Output> {
    let Filters {
        status,
        location,
        planned,
    } = filters;
    let store = ctx.open()?;
    let status = if planned { Some(VisitStatus::Planned) } else { status };
    let status = status.map(|s| {
        serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let actor = ctx.actor_in(&store)?;
    let visits = store.visits(&VisitFilter {
        status,
        location,
        limit: i64::MAX as usize,
    })?;
    let mut visits = crate::visits::access::visible_in(&actor, visits);
    let l = Labels::of("lists", visits_lang(&store, &visits, lang)?);
    super::listing::cut_in(ctx, &mut visits, limit, "what_visits", &l);
    // Leads see each logged visit's integrity outcome (default thresholds; `visit show` explains).
    let lead = actor.is_lead();
    let mut listed = Vec::new();
    for v in visits {
        let integrity = if lead {
            let tz = store
                .location(&v.location)?
                .and_then(|l| l.timezone)
                .and_then(|z| dates::parse_tz(&z).ok())
                .unwrap_or_else(dates::zone);
            crate::visits::verdict(&store, v.id, tz, &Default::default())?.map(|x| x.outcome)
        } else {
            None
        };
        listed.push(Listed { visit: v, integrity });
    }
    // The files themselves are in `visit show ID` (and in the JSON here).
    let mut headers = vec![
        "col_visit",
        "col_date",
        "col_location",
        "col_shopper",
        "col_agent",
        "col_score",
        "col_status",
        "col_files",
    ];
    if lead {
        // Within 80 columns: leads see the checks where others see the number of files.
        headers.pop();
        headers.push("col_checks");
    }
    let headers: Vec<String> = headers.iter().map(|k| l.get(k)).collect();
    let mut t = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    let es = l.lang() == Lang::Es;
    // The states as the visit report words them (`pendiente de revisión` for `complete`).
    let states = Labels::of("visit", l.lang());
    for Listed { visit: v, integrity } in &listed {
        let when = v
            .visited_at
            .as_deref()
            .or(v.planned_for.as_deref())
            .map(|t| dates::short(t).chars().take(10).collect::<String>())
            .map(|day| dates::in_lang(&day, l.lang()).unwrap_or(day))
            .unwrap_or_default();
        t.row(vec![
            v.id.to_string(),
            when,
            v.location.clone(),
            v.shopper.clone().unwrap_or_default(),
            v.staff_agent.clone().unwrap_or_default(),
            v.overall.map(|o| l.score(o)).unwrap_or_default(),
            if es {
                states.get(&format!("st_{}", v.status))
            } else {
                v.status.clone()
            },
            v.attachments.len().to_string(),
        ]);
        if lead && let Some(row) = t.rows.last_mut() {
            row.pop();
            row.push(integrity.map(|o| o.label(es).to_string()).unwrap_or_default());
        }
    }
    let out = Output::new(&listed);
    Ok(if listed.is_empty() {
        out.line(l.get("no_visits"))
    } else {
        out.table(t)
    })
}

/// The language of a list of visits: `--lang`, else the one every rubric of the visits shares;
/// a visit not scored yet may be scored with any visit rubric, so it covers all of them.
fn visits_lang(store: &Store, visits: &[Visit], lang: Option<Lang>) -> Result<Lang> {
    if let Some(lang) = lang {
        return Ok(lang);
    }
    let mut rubrics = Vec::new();
    for v in visits {
        match v.evaluation.map(|e| store.evaluation(e)).transpose()?.flatten() {
            Some(e) => rubrics.push(e.summary.rubric),
            None => rubrics.extend(
                store
                    .rubric_summaries()?
                    .into_iter()
                    .filter(|r| r.subject == "visit")
                    .map(|r| r.id),
            ),
        }
    }
    super::listing::lang_of(store, None, rubrics.iter().map(String::as_str))
}
