//! `qaudit flags`: every rubric's reward and discipline rules, checked for every agent, with the
//! evidence a lead can defend. The rules, what counts and who may see whose flags are
//! [`crate::flags`]; this adapter reads the command line, calls [`crate::flags::flags`] and
//! shapes the report:
//!
//! - a table (and the pending list) for people; `--format json` for the whole evidence;
//!   `--format csv` for HR systems, one row per flag; `--output FILE` (or `--format
//!   md|html|txt`) renders `templates/flags.*` in the rubrics' language (Spanish only when every
//!   rubric in the result is Spanish) unless `--lang` says otherwise. A `.csv` output file gets
//!   the CSV.

use super::Context;
use crate::cli::FlagsArgs;
use crate::dates;
use crate::fill;
use crate::flags::text::{CSV_COLUMNS, bound_text, csv_row};
use crate::flags::{FlagsQuery, FlagsReport, Stake};
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Format, Output, Table};
use crate::rubric::{FlagKind, FlagScope};
use anyhow::Result;
use std::path::Path;

pub fn run(ctx: &Context, args: FlagsArgs) -> Result<Output> {
    let store = ctx.open()?;
    let as_of = crate::flags::as_of(args.as_of.as_deref())?;
    let actor = ctx.actor_in(&store)?;
    let query = FlagsQuery {
        as_of,
        agent: args.agent.clone(),
        team: args.team.clone(),
        kind: args.kind,
    };
    let (report, lang) = crate::flags::flags(&store, &actor, &query)?;
    present(ctx, &args, &report, lang)
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// The report as the options ask: table, JSON, CSV (stdout or a .csv file), or a rendered file.
fn present(ctx: &Context, args: &FlagsArgs, report: &FlagsReport, lang: Lang) -> Result<Output> {
    let format = ctx.global.format;
    let output = args.report.output.as_deref();
    if let Some(path) = output {
        crate::output_guard::guard(path, "--output")?;
    }
    let csv_file = output
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if format == Some(Format::Csv) || (format.is_none() && csv_file) {
        let out = csv_output(report);
        return match output {
            None => Ok(out),
            Some(path) => {
                let mut bytes = Vec::new();
                out.write(Format::Csv, &mut bytes)?;
                crate::output_guard::write_file(path, &bytes, "--output")?;
                Ok(
                    Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                        .fields(vec![("written", path.display().to_string())]),
                )
            }
        };
    }
    if output.is_some() || matches!(format, Some(Format::Md | Format::Html | Format::Txt)) {
        let format = format.filter(|f| *f != Format::Table);
        return super::report_output::emit(format, &args.report, "flags", lang, report);
    }
    Ok(table_output(report, args.report.lang.unwrap_or(lang)))
}

/// The terminal tables, in the report's language (a Spanish team's `qaudit flags` reads Spanish,
/// with decimal commas and days first).
fn table_output(report: &FlagsReport, lang: Lang) -> Output {
    let l = Labels::of("flags", lang);
    let date = dates::in_lang(&report.as_of.to_string(), lang).unwrap_or_else(|| report.as_of.to_string());
    let mut out = Output::new(report);
    if report.flags.is_empty() {
        out = out.line(fill!(l, "table_none", date = date, n = report.rules.len()));
    }
    // One table per rubric and kind: flag ids are the rubric's own (two rubrics may share one),
    // and a lead reads who to reward apart from who needs a review.
    let mut groups: Vec<(&str, FlagKind)> = Vec::new();
    for f in &report.flags {
        if !groups.contains(&(f.rubric.as_str(), f.kind)) {
            groups.push((f.rubric.as_str(), f.kind));
        }
    }
    let headers = |keys: &[&str]| keys.iter().map(|k| l.get(k)).collect::<Vec<_>>();
    for (rubric, kind) in groups {
        let kind_word = match kind {
            FlagKind::Reward => l.get("kind_reward"),
            FlagKind::Discipline => l.get("kind_discipline"),
        };
        let cols = headers(&[
            "col_agent",
            "col_flag",
            "col_n",
            "col_mean",
            "col_bound",
            "col_critical",
            "col_evaluations",
        ]);
        let mut t = Table::new(&cols.iter().map(String::as_str).collect::<Vec<_>>()).titled(fill!(
            l,
            "table_title",
            kind = kind_word,
            rubric = rubric,
            date = date
        ));
        for f in report.flags.iter().filter(|f| f.rubric == rubric && f.kind == kind) {
            let flag = match &f.scope {
                None => f.flag.clone(),
                Some(scope) => fill!(l, "scoped_flag", flag = f.flag, scope = scope_in(scope, &l)),
            };
            let flag = if f.pending_disputes.is_empty() {
                flag
            } else {
                fill!(l, "pending_flag", flag = flag, ids = ids(&f.pending_disputes))
            };
            let bound = f
                .bound
                .as_ref()
                .map(|b| bound_text(b, f.bound_shown.as_deref()))
                .unwrap_or_default();
            t.row(vec![
                f.agent.clone(),
                flag,
                f.n.to_string(),
                f.mean.map(|m| l.score(m)).unwrap_or_default(),
                crate::labels::number(lang, &bound),
                f.critical_failures.to_string(),
                ids(&f.evaluations),
            ]);
        }
        out = out.table(t);
    }
    if !report.pending.is_empty() {
        let cols = headers(&["col_agent", "col_rubric", "col_disputes", "col_might_change"]);
        let mut t =
            Table::new(&cols.iter().map(String::as_str).collect::<Vec<_>>()).titled(l.get("pending_table_title"));
        for p in &report.pending {
            let disputes = p
                .disputes
                .iter()
                .map(|d| fill!(l, "dispute_on", dispute = d.dispute, evaluation = d.evaluation))
                .collect::<Vec<_>>()
                .join(", ");
            let flags = if p.flags.is_empty() {
                l.get("none")
            } else {
                p.flags
                    .iter()
                    .map(|s| format!("{}: {}", s.flag, change_in(&s.stake, &l)))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            t.row(vec![p.agent.clone(), p.rubric.clone(), disputes, flags]);
        }
        out = out.table(t);
    }
    out
}

/// The section or criterion a scoped flag reads, in the labels' language ("section empathy").
fn scope_in(scope: &FlagScope, l: &Labels) -> String {
    fill!(l, &format!("scope_{}", scope.kind_name()), id = scope.id())
}

/// What a dispute's outcome would do to a flag, in the labels' language ("fires if rejected").
fn change_in(s: &Stake, l: &Labels) -> String {
    let mut parts = Vec::new();
    if s.if_rejected != s.now {
        parts.push(l.get(if s.if_rejected {
            "fires_if_rejected"
        } else {
            "withdrawn_if_rejected"
        }));
    }
    if s.if_accepted != s.now {
        parts.push(l.get(if s.if_accepted {
            "fires_if_accepted"
        } else {
            "withdrawn_if_accepted"
        }));
    }
    parts.join(", ")
}

/// One row per flag, for HR systems (the columns of [`crate::flags::text::csv_row`]).
fn csv_output(report: &FlagsReport) -> Output {
    let mut t = Table::new(&CSV_COLUMNS);
    for f in &report.flags {
        t.row(csv_row(report, f));
    }
    Output::new(report).table(t)
}
