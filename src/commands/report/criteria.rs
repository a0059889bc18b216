//! `qaudit report criteria`: the answers counted in SQL (`store::criteria_report`), shaped per
//! rubric by `report::criteria`, rendered through `templates/criteria.*`. Only reads.

use super::{Context, check_channel, check_team};
use crate::commands::report_output::{emit, emit_each};
use crate::dates;
use crate::error::refuse;
use crate::lang::Lang;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::common::{Period, shared_lang};
use crate::report::criteria::{self, Breakdown, CriteriaReport, Filters, Input};
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::criteria_report::{AnswerCount, Column, CriteriaFilter};
use anyhow::Result;
use std::collections::BTreeMap;

/// What `report criteria` selects beside the period.
pub struct Args {
    pub rubric: Option<String>,
    pub team: Option<String>,
    pub location: Option<String>,
    pub channel: Option<String>,
    pub by: Breakdown,
    pub min_n: u64,
}

pub fn run(ctx: &Context, args: Args, from: Option<&str>, to: Option<&str>, opts: &ReportOptions) -> Result<Output> {
    let store = ctx.open()?;
    let period = Period::from_options(from, to, dates::today())?;
    check_team(&store, args.team.as_deref())?;
    check_channel(&store, args.channel.as_deref())?;
    check_location(&store, args.location.as_deref())?;
    // An unknown rubric is refused here, with the rubrics there are.
    let only = match &args.rubric {
        Some(id) => Some(store.rubric(id, None)?),
        None => None,
    };
    let column = match args.by {
        Breakdown::Team => Column::Team,
        Breakdown::Month => Column::Month(
            criteria::months(&period)
                .into_iter()
                .map(|m| {
                    let (start, end) = m.period.bounds();
                    (m.label, start, end)
                })
                .collect(),
        ),
    };
    let filter = CriteriaFilter {
        rubric: args.rubric.clone(),
        team: args.team.clone(),
        location: args.location.clone(),
        channel: args.channel.clone(),
    };
    let answers = store.criterion_answers(&period.window(), &filter, &column)?;
    let filters = Filters {
        team: args.team.clone(),
        location: args.location.clone(),
        channel: args.channel.clone(),
    };
    let build = |rows: &[AnswerCount], rubric: Option<&Rubric>| -> Result<(CriteriaReport, Lang)> {
        let mut versions = BTreeMap::new();
        for r in rows {
            if let (Some(rubric), false) = (rubric, versions.contains_key(&r.version)) {
                versions.insert(r.version, store.rubric(&rubric.id, Some(r.version))?);
            }
        }
        let data = criteria::build(
            rows,
            Input {
                rubric,
                versions: &versions,
                period: &period,
                filters: filters.clone(),
                by: args.by,
                min_n: args.min_n,
            },
        );
        Ok((data, rubric.map(|r| r.language).unwrap_or(Lang::En)))
    };
    // One table per rubric, most answers in the period first: criterion keys belong to a rubric.
    let mut by_rubric: BTreeMap<&str, Vec<AnswerCount>> = BTreeMap::new();
    for a in &answers {
        by_rubric.entry(a.rubric.as_str()).or_default().push(a.clone());
    }
    let mut order: Vec<(&str, u64)> = by_rubric
        .iter()
        .map(|(id, rows)| (*id, rows.iter().filter(|r| r.current).map(|r| r.count).sum()))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut tables = Vec::new();
    let mut langs = Vec::new();
    match &only {
        Some(rubric) => {
            let (data, lang) = build(&answers, Some(rubric))?;
            tables.push(data);
            langs.push(lang);
        }
        None => {
            for (id, _) in order {
                let latest = store.rubric(id, None)?;
                let (data, lang) = build(&by_rubric[id], Some(&latest))?;
                tables.push(data);
                langs.push(lang);
            }
        }
    }
    let format = ctx.global.format;
    match tables.len() {
        0 => {
            let (data, lang) = build(&[], None)?;
            emit(format, opts, "criteria", lang, &data)
        }
        1 => emit(format, opts, "criteria", langs[0], &tables[0]),
        _ => emit_each(format, opts, "criteria", shared_lang(&langs), &tables),
    }
}

/// Refuses a location that is not stored, naming those that are.
fn check_location(store: &Store, location: Option<&str>) -> Result<()> {
    if let Some(l) = location
        && store.location(l)?.is_none()
    {
        let ids: Vec<String> = store.locations(None)?.into_iter().map(|l| l.id).collect();
        return refuse(
            format!("no location `{l}` is stored"),
            if ids.is_empty() {
                "no location is stored yet; `qaudit location add ID --name NAME` adds one".to_string()
            } else {
                format!("locations: {}", ids.join(", "))
            },
        );
    }
    Ok(())
}
