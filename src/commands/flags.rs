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
use crate::flags::text::{CSV_COLUMNS, bound_text, csv_row, seconds_text};
use crate::flags::voice::{VoiceCondition, VoiceConditionKind};
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
    if report
        .flags
        .iter()
        .chain(&report.held_back)
        .any(|f| !f.voice.is_empty())
    {
        out = out.table(voice_table(report, &l, &date));
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

/// The customer-voice evidence of the flags that have it: one row per condition, with its
/// figure, n, interval, the value compared and the threshold.
fn voice_table(report: &FlagsReport, l: &Labels, date: &str) -> Table {
    let keys = [
        "col_agent",
        "col_flag",
        "col_figure",
        "col_value",
        "col_contacts",
        "col_interval",
        "col_compared",
        "col_threshold",
        "col_result",
    ];
    let cols: Vec<String> = keys.iter().map(|k| l.get(k)).collect();
    let mut t = Table::new(&cols.iter().map(String::as_str).collect::<Vec<_>>()).titled(fill!(
        l,
        "voice_table_title",
        date = date
    ));
    // The flags that fire, then those held back for too few contacts (their result says so).
    for f in report
        .flags
        .iter()
        .chain(&report.held_back)
        .filter(|f| !f.voice.is_empty())
    {
        for c in &f.voice {
            let what = match (&c.channel, c.condition) {
                (Some(channel), _) => format!("{} ({})", l.get(&figure_key(c)), l.channel(channel)),
                (None, VoiceConditionKind::ResponseP90Above) => {
                    format!("{} ({})", l.get(&figure_key(c)), l.get("voice_all_channels"))
                }
                _ => l.get(&figure_key(c)),
            };
            let interval = match c.interval {
                Some(i) => format!("{} – {}", figure(c, i.lower, l), figure(c, i.upper, l)),
                None if c.condition == VoiceConditionKind::ResponseP90Above => l.get("voice_no_interval"),
                None => "–".to_string(),
            };
            let measure = l.get(&format!("voice_measure_{}", word(&c.measure)));
            let measure = match c.confidence {
                Some(level) => format!("{measure} {:.0}%", level * 100.0),
                None => measure,
            };
            let compared = match (c.value, c.condition) {
                (None, _) => "–".to_string(),
                (Some(v), VoiceConditionKind::ResponseP90Above) => seconds_text(v),
                (Some(_), _) => crate::labels::number(l.lang(), c.value_shown.as_deref().unwrap_or_default()),
            };
            let op = match c.condition {
                VoiceConditionKind::CsatBelow | VoiceConditionKind::NpsBelow => "<",
                _ => ">",
            };
            let mut result = l.get(if c.met { "met" } else { "not_met" });
            if let Some(note) = c.note {
                let note = l
                    .get(&format!("voice_note_{}", word(&note)))
                    .replace("{min}", &c.min_contacts.to_string())
                    .replace("{n}", &c.n.to_string());
                result = format!("{result}: {note}");
            }
            t.row(vec![
                f.agent.clone(),
                f.flag.clone(),
                what,
                c.figure.map(|v| figure(c, v, l)).unwrap_or_else(|| "–".to_string()),
                c.n.to_string(),
                interval,
                format!("{measure} {compared}"),
                format!("{op} {}", crate::labels::number(l.lang(), &c.threshold_written)),
                result,
            ]);
        }
    }
    t
}

/// The label key naming a voice condition's figure.
fn figure_key(c: &VoiceCondition) -> String {
    format!("voice_figure_{}", word(&c.condition))
}

/// A voice figure as the reports write it: CSAT with two decimals, NPS and complaints with
/// one, response times as a clock.
fn figure(c: &VoiceCondition, v: f64, l: &Labels) -> String {
    match c.condition {
        VoiceConditionKind::CsatBelow => crate::labels::number(l.lang(), &format!("{v:.2}")),
        VoiceConditionKind::ResponseP90Above => seconds_text(v),
        _ => l.score(v),
    }
}

/// An enum as its snake_case word (a label key's tail).
fn word(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
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
