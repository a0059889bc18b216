//! `qaudit export evaluations | scores | disputes | visits | flags`: results for payroll, HR
//! and BI, streamed from the store row by row ([`sink`]), so memory stays flat however many
//! evaluations there are. CSV unless `--format json`.
//!
//! Decisions: the filters are those of reports (`--from/--to` on the day of the work); counted
//! evaluations unless `--status all`; the customer only with `--include-customer`; section and
//! criterion scores at full precision (reports round, exports do not); a section column is
//! `section.ID`, empty where the section was not applicable or belongs to another rubric; the
//! evaluations (and their disputes) the exporter may see, as `evaluation list` shows them, and
//! the visits as `visit list` shows them (a lead all, a shopper their own, an agent none).

mod sink;

use super::Context;
use crate::cli::{ExportArgs, ExportKind, ExportStatus};
use crate::dates;
use crate::error::UserError;
use crate::evaluations::visibility::Sight;
use crate::output::{Format, Output};
use crate::rubric::Rubric;
use crate::store::Store;
use crate::store::exports::{DISPUTE_COLUMNS, ExportFilter, Field, VISIT_COLUMNS};
use crate::visits::access::VisitSight;
use anyhow::Result;
use sink::{Cell, Encoded, Kind, Part, Sink};
use std::collections::HashMap;

pub fn run(ctx: &Context, args: ExportArgs) -> Result<Output> {
    let kind = match ctx.global.format {
        None | Some(Format::Csv) | Some(Format::Table) => Kind::Csv,
        Some(Format::Json) => Kind::Json,
        Some(other) => {
            return crate::error::refuse(
                format!("exports are CSV or JSON, not {other:?}").to_lowercase(),
                "use --format csv (the default) or --format json",
            );
        }
    };
    let store = ctx.open()?;
    // The exporter sees what they would see listed (blind to others' scores, issue 16).
    let actor = ctx.actor_in(&store)?;
    let filter = filter(&store, &args, Sight::of(&actor), VisitSight::of(&actor))?;
    let written = match args.what {
        ExportKind::Flags => return flags(ctx, &args, kind),
        ExportKind::Decisions => return decisions(ctx, &store, &actor, &args, kind),
        ExportKind::Evaluations => evaluations(&store, &filter, &args, kind)?,
        ExportKind::Scores => scores(&store, &filter, &args, kind)?,
        ExportKind::Disputes => named(&store, &args, kind, DISPUTE_COLUMNS, |s, each| {
            s.export_disputes(&filter, each)
        })?,
        ExportKind::Visits => named(&store, &args, kind, VISIT_COLUMNS, |s, each| {
            s.export_visits(&filter, each)
        })?,
    };
    Ok(done(ctx, &args, written))
}

/// What the command prints once the rows are written: nothing more on stdout, a line on
/// stderr saying where they went.
fn done(ctx: &Context, args: &ExportArgs, (rows, path): (u64, Option<std::path::PathBuf>)) -> Output {
    if let Some(path) = path {
        let what = format!("{:?}", args.what).to_lowercase();
        return Output::new(&serde_json::json!({ "written": path.display().to_string(), "rows": rows }))
            .line(format!("Wrote {rows} row(s) of {what} to {}", path.display()));
    }
    if rows == 0 {
        ctx.notice("No rows match (the CSV has only its header); --status all includes drafts, voided and calibration evaluations.");
    }
    Output::streamed()
}

fn filter(store: &Store, args: &ExportArgs, sight: Sight, visits: VisitSight) -> Result<ExportFilter> {
    let today = dates::today();
    let day = |flag: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| dates::parse_day(t, today).map_err(|m| UserError::new(format!("--{flag} {t:?} is not a day"), m)))
            .transpose()
    };
    let (first, last) = (day("from", &args.from)?, day("to", &args.to)?);
    if let (Some(f), Some(l)) = (first, last)
        && f > l
    {
        return crate::error::refuse(
            format!("--from {f} is after --to {l}"),
            "give the earlier day as --from and the later one as --to",
        );
    }
    if let Some(a) = &args.agent
        && store.agent(a)?.is_none()
    {
        return crate::error::refuse(
            format!("no agent `{a}` in the store"),
            "`qaudit agent list` shows the agents",
        );
    }
    if let Some(t) = &args.team
        && store.agents(Some(t))?.is_empty()
    {
        return crate::error::refuse(
            format!("no agent is in team `{t}`"),
            "`qaudit agent list` shows the teams",
        );
    }
    if let Some(r) = &args.rubric {
        store.rubric(r, None)?;
    }
    let (from, to) = dates::day_range(first, last);
    Ok(ExportFilter {
        from,
        to,
        rubric: args.rubric.clone(),
        agent: args.agent.clone(),
        team: args.team.clone(),
        all: args.status == ExportStatus::All,
        sight,
        visits,
    })
}

/// The rubrics the filtered evaluations use, by (id, version).
fn rubrics(store: &Store, filter: &ExportFilter) -> Result<HashMap<(String, u32), Rubric>> {
    let mut out = HashMap::new();
    for (id, version) in store.export_rubric_versions(filter)? {
        let rubric = store.rubric(&id, Some(version))?;
        out.insert((id, version), rubric);
    }
    Ok(out)
}

fn text(v: &Option<String>) -> Cell<'_> {
    Cell::opt(v)
}

fn evaluations(
    store: &Store,
    filter: &ExportFilter,
    args: &ExportArgs,
    kind: Kind,
) -> Result<(u64, Option<std::path::PathBuf>)> {
    let rubrics = rubrics(store, filter)?;
    // Section columns: every section of the rubrics involved, in rubric order, once each.
    let mut keys: Vec<&(String, u32)> = rubrics.keys().collect();
    keys.sort();
    let mut sections: Vec<String> = Vec::new();
    for k in keys {
        for s in &rubrics[k].sections {
            if !sections.contains(&s.id) {
                sections.push(s.id.clone());
            }
        }
    }
    let mut headers: Vec<String> = [
        "evaluation",
        "subject",
        "channel",
        "location",
        "rubric",
        "rubric_version",
        "evaluator",
        "agent",
        "team",
        "occurred_at",
        "scored_at",
        "status",
        "calibration",
        "revision",
        "overall",
        "passed",
        "critical_failed",
        "band",
        "acknowledged_at",
        "origin",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    if args.include_customer {
        headers.push("customer".to_string());
    }
    headers.extend(sections.iter().map(|s| format!("section.{s}")));
    let mut sink = Sink::create(kind, headers, args.output.as_deref(), store.path())?;
    let rows = store.export_evaluations(filter, args.include_customer, |e| {
        let mut cells = Vec::with_capacity(20 + sections.len());
        cells.extend([
            Cell::Int(Some(e.id)),
            Cell::text(&e.subject),
            text(&e.channel),
            text(&e.location),
            Cell::text(&e.rubric),
            Cell::Int(Some(i64::from(e.rubric_version))),
            Cell::text(&e.evaluator),
            text(&e.agent),
            text(&e.team),
            Cell::text(&e.occurred_at),
            Cell::text(&e.scored_at),
            Cell::text(&e.status),
            Cell::Int(e.calibration),
            Cell::Int(Some(e.revision)),
            Cell::Num(Some(e.overall)),
            Cell::Bool(e.passed),
            Cell::Bool(e.critical_failed),
            text(&e.band),
            text(&e.acknowledged_at),
            text(&e.origin),
        ]);
        if args.include_customer {
            cells.push(text(&e.customer));
        }
        for s in &sections {
            let score = e.sections.iter().find(|(id, _)| id == s).and_then(|(_, v)| *v);
            cells.push(Cell::Num(score));
        }
        sink.row(&cells)
    })?;
    Ok((rows, sink.finish()?))
}

fn scores(
    store: &Store,
    filter: &ExportFilter,
    args: &ExportArgs,
    kind: Kind,
) -> Result<(u64, Option<std::path::PathBuf>)> {
    let rubrics = rubrics(store, filter)?;
    let headers: Vec<String> = [
        "evaluation",
        "subject",
        "rubric",
        "rubric_version",
        "evaluator",
        "agent",
        "team",
        "occurred_at",
        "status",
        "section",
        "section_weight",
        "criterion",
        "weight",
        "critical",
        "answer",
        "norm",
        "critical_failed",
        "comment",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let mut sink = Sink::create(kind, headers, args.output.as_deref(), store.path())?;
    // Per rubric version, its criteria sorted by key (the order the store gives each
    // evaluation's answers in), each with its section and weights encoded once.
    let mut criteria: HashMap<(String, u32), Vec<(String, Encoded)>> = HashMap::new();
    for ((id, version), r) in &rubrics {
        let mut list = Vec::new();
        for s in &r.sections {
            for c in &s.criteria {
                let mut e = Encoded::default();
                sink.encode(
                    SECTION_COLUMN,
                    &[
                        Cell::text(&s.id),
                        Cell::Num(Some(s.weight)),
                        Cell::text(&c.key),
                        Cell::Num(Some(c.weight)),
                        Cell::Bool(c.critical),
                    ],
                    &mut e,
                );
                list.push((c.key.clone(), e));
            }
        }
        list.sort_by(|a, b| a.0.cmp(&b.0));
        criteria.insert((id.clone(), *version), list);
    }
    let none = Vec::new();
    // The evaluation being written: its columns encoded once, its rubric's criteria, and how
    // far its answers have walked them.
    let mut evaluation = (0, Encoded::default(), &none, 0usize);
    let mut unknown = Encoded::default();
    let rows = store.export_scores(filter, |s| {
        if evaluation.0 != s.evaluation {
            sink.encode(
                0,
                &[
                    Cell::Int(Some(s.evaluation)),
                    Cell::text(s.subject),
                    Cell::text(s.rubric),
                    Cell::Int(Some(i64::from(s.rubric_version))),
                    Cell::text(s.evaluator),
                    Cell::Text(s.agent),
                    Cell::Text(s.team),
                    Cell::text(s.occurred_at),
                    Cell::text(s.status),
                ],
                &mut evaluation.1,
            );
            let key = (s.rubric.to_string(), s.rubric_version);
            evaluation.0 = s.evaluation;
            evaluation.2 = criteria.get(&key).unwrap_or(&none);
            evaluation.3 = 0;
        }
        let list = evaluation.2;
        while evaluation.3 < list.len() && list[evaluation.3].0.as_str() < s.criterion {
            evaluation.3 += 1;
        }
        let criterion = match list.get(evaluation.3) {
            Some((key, e)) if key == s.criterion => e,
            // An answer to a criterion its rubric version does not have: no section, no weights.
            _ => {
                sink.encode(
                    SECTION_COLUMN,
                    &[
                        Cell::Text(None),
                        Cell::Num(None),
                        Cell::text(s.criterion),
                        Cell::Num(None),
                        Cell::Bool(false),
                    ],
                    &mut unknown,
                );
                &unknown
            }
        };
        sink.row_of(&[
            Part::Encoded(&evaluation.1),
            Part::Encoded(criterion),
            Part::Cells(&[
                Cell::text(s.answer),
                Cell::Num(s.norm),
                Cell::Bool(s.critical_failed),
                Cell::Text(s.comment),
            ]),
        ])
    })?;
    Ok((rows, sink.finish()?))
}

/// The column of `export scores` where a criterion's own columns (section, section weight,
/// criterion, weight, critical) begin.
const SECTION_COLUMN: usize = 9;

type Each<'a> = &'a mut dyn FnMut(&[(&str, Field)]) -> Result<()>;

/// An export whose store query names its own columns (disputes, visits).
fn named(
    store: &Store,
    args: &ExportArgs,
    kind: Kind,
    columns: &[&str],
    query: impl FnOnce(&Store, Each<'_>) -> Result<u64>,
) -> Result<(u64, Option<std::path::PathBuf>)> {
    let headers = columns.iter().map(|c| c.to_string()).collect();
    let mut sink = Sink::create(kind, headers, args.output.as_deref(), store.path())?;
    let rows = query(store, &mut |row| {
        let cells: Vec<Cell<'_>> = row.iter().map(|(_, v)| Cell::of(v)).collect();
        sink.row(&cells)
    })?;
    Ok((rows, sink.finish()?))
}

/// `export flags`: the flags that fire as of `--to` (default today), as `qaudit flags --format
/// csv|json` gives them.
fn flags(ctx: &Context, args: &ExportArgs, kind: Kind) -> Result<Output> {
    let format = match kind {
        Kind::Csv => Format::Csv,
        Kind::Json => Format::Json,
    };
    let store = ctx.open()?;
    // The day the windows end is read as `qaudit flags --as-of` reads it, with its message.
    let as_of = crate::flags::as_of(args.to.as_deref())?;
    let actor = ctx.actor_in(&store)?;
    let query = crate::flags::FlagsQuery {
        as_of,
        agent: args.agent.clone(),
        team: args.team.clone(),
        kind: None,
    };
    let (report, _) = crate::flags::flags(&store, &actor, &query)?;
    let out = match kind {
        Kind::Csv => {
            let mut t = crate::output::Table::new(&crate::flags::text::CSV_COLUMNS);
            for f in &report.flags {
                t.row(crate::flags::text::csv_row(&report, f));
            }
            Output::new(&report).table(t)
        }
        Kind::Json => Output::new(&report),
    };
    whole(ctx, args, &out, format, "the flags")
}

/// `export decisions`: every decision on a flag the exporter may see (a lead all, an agent
/// their own), as `qaudit flags decisions --format csv|json` gives them; `--from/--to` are the
/// decisions' as-of days.
fn decisions(
    ctx: &Context,
    store: &Store,
    actor: &crate::actor::Actor,
    args: &ExportArgs,
    kind: Kind,
) -> Result<Output> {
    let query = crate::decisions::DecisionQuery {
        from: dates::day_option("--from", args.from.as_deref())?,
        to: dates::day_option("--to", args.to.as_deref())?,
        agent: args.agent.clone(),
        team: args.team.clone(),
        rule: None,
    };
    let rows = crate::decisions::list(store, actor, &query)?;
    let (out, format) = match kind {
        Kind::Csv => {
            let mut t = crate::output::Table::new(&crate::decisions::list::COLUMNS);
            for d in &rows {
                t.row(crate::decisions::list::row(d));
            }
            (Output::new(&rows).table(t), Format::Csv)
        }
        Kind::Json => (Output::new(&rows), Format::Json),
    };
    whole(ctx, args, &out, format, "the decisions")
}

/// Writes an export built whole in memory (flags, decisions) to `--output` (replaced only once
/// complete) or stdout; `what` names it in the line saying where it went.
fn whole(ctx: &Context, args: &ExportArgs, out: &Output, format: Format, what: &str) -> Result<Output> {
    let mut bytes = Vec::new();
    out.write(format, &mut bytes)?;
    match &args.output {
        Some(path) => {
            crate::output_guard::refuse_store_path(&ctx.global.db, path, "--output")?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let temp = path.with_file_name(format!(".{name}.qaudit-partial"));
            std::fs::write(&temp, &bytes)
                .and_then(|_| std::fs::rename(&temp, path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&temp);
                    UserError::new(
                        format!("cannot write {}: {e}", path.display()),
                        "check that the folder exists and that you may write there",
                    )
                })?;
            Ok(
                Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                    .line(format!("Wrote {what} to {}", path.display())),
            )
        }
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(&bytes)?;
            Ok(Output::streamed())
        }
    }
}
