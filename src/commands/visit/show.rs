//! `visit show ID`: the whole visit in one place (see [`crate::report::visit`]), as tables, as
//! JSON, or as a printable visit report (`--output visit.html|visit.md`) with photos inline.
//!
//! Leads see any visit with its integrity findings and EXIF positions; the visit's shopper sees
//! their own visit, with the lead's notes, but not the reasons to doubt it; to anyone else it is
//! not found ([`crate::visits::access`]).

use super::super::Context;
use crate::commands::report_output::{emit, report_format};
use crate::lang::Lang;
use crate::output::{Format, Output, Table, score};
use crate::report::ReportFormat;
use crate::report::ReportOptions;
use crate::report::common::Named;
use crate::report::visit::{self, VisitView};
use crate::visits::photo::is_inline_image;
use crate::visits::{CheckArgs, access};
use crate::visits::{thresholds, verdict};
use anyhow::Result;
use std::collections::BTreeMap;

pub(super) fn show(ctx: &Context, id: i64, checks: &CheckArgs, opts: &ReportOptions) -> Result<Output> {
    let thresholds = thresholds(checks)?;
    let store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let detail = access::visible(&store, &actor, id)?;
    let lead = actor.is_lead();
    let location = store.location(&detail.visit.location)?;
    let tz = location
        .as_ref()
        .and_then(|l| l.timezone.as_deref())
        .and_then(|z| crate::dates::parse_tz(z).ok())
        .unwrap_or_else(crate::dates::zone);
    let evaluation = detail
        .visit
        .evaluation
        .map(|e| store.evaluation(e))
        .transpose()?
        .flatten();
    let rubric = evaluation
        .as_ref()
        .map(|e| store.rubric(&e.summary.rubric, Some(e.summary.rubric_version)))
        .transpose()?;
    let lang = opts
        .lang
        .unwrap_or_else(|| rubric.as_ref().map(|r| r.language).unwrap_or(Lang::En));
    let printable = opts.output.is_some() || matches!(ctx.global.format, Some(Format::Md | Format::Html | Format::Txt));
    // Photos go inline (as data: URIs) in the HTML and Markdown reports only.
    let inline = printable
        && matches!(
            report_format(ctx.global.format, opts.output.as_deref())?,
            Some(ReportFormat::Html | ReportFormat::Markdown)
        );
    let mut photos = BTreeMap::new();
    if inline {
        for a in detail.evidence.iter().filter(|a| a.removed.is_none()) {
            if a.media_type.as_deref().is_some_and(is_inline_image) {
                photos.insert(a.id, store.attachment_content(a.id)?);
            }
        }
    }
    let named_staff = |sid: &str| -> Result<Named> {
        Ok(Named {
            id: sid.to_string(),
            name: store
                .staff_member(sid)?
                .map(|m| m.name)
                .unwrap_or_else(|| sid.to_string()),
        })
    };
    let shopper = detail.visit.shopper.as_deref().map(named_staff).transpose()?;
    let staff_agent = match detail.visit.staff_agent.as_deref() {
        Some(a) => Some(Named {
            id: a.to_string(),
            name: store.agent(a)?.map(|x| x.name).unwrap_or_else(|| a.to_string()),
        }),
        None => None,
    };
    let verdict = if lead {
        verdict(&store, id, tz, &thresholds)?
    } else {
        None
    };
    let data = visit::build(
        visit::Input {
            detail: &detail,
            location: Named {
                id: detail.visit.location.clone(),
                name: location
                    .map(|l| l.name)
                    .unwrap_or_else(|| detail.visit.location.clone()),
            },
            tz,
            shopper,
            staff_agent,
            evaluation: evaluation.as_ref(),
            rubric: rubric.as_ref(),
            lead,
            verdict,
            photos,
        },
        lang,
    );
    if printable {
        return emit(ctx.global.format, opts, "visit", lang, &data);
    }
    Ok(tables(&data))
}

/// The visit as fields and tables for the terminal.
fn tables(v: &VisitView) -> Output {
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "–".to_string());
    let named = |n: &Option<Named>| {
        n.as_ref()
            .map(|n| format!("{} ({})", n.name, n.id))
            .unwrap_or_else(|| "–".into())
    };
    let mut fields = vec![
        ("Visit", format!("{} ({})", v.visit, v.status)),
        (
            "Location",
            format!("{} ({}), times in {}", v.location.name, v.location.id, v.timezone),
        ),
        ("Shopper", named(&v.shopper)),
        ("Employee", named(&v.staff_agent)),
        (
            "Planned",
            match (&v.plan, &v.planned_for) {
                (Some(p), Some(d)) => format!("plan {p}, for {d}"),
                (Some(p), None) => format!("plan {p}"),
                _ => "not planned".to_string(),
            },
        ),
        ("Arrived", opt(&v.arrived)),
        ("Departed", opt(&v.departed)),
        (
            "Dwell",
            v.dwell_minutes
                .map(|m| format!("{m} min"))
                .unwrap_or_else(|| "–".into()),
        ),
        (
            "Wait",
            v.wait_minutes.map(|m| format!("{m} min")).unwrap_or_else(|| "–".into()),
        ),
        ("Narrative", opt(&v.narrative)),
    ];
    if let Some(s) = &v.scores {
        fields.push((
            "Score",
            format!(
                "{}{} ({}), evaluation {}, {}",
                score(s.overall),
                s.band.as_ref().map(|b| format!(" {b}")).unwrap_or_default(),
                if s.passed { "passed" } else { "failed" },
                s.evaluation,
                s.rubric
            ),
        ));
        let sections: Vec<String> = s
            .sections
            .iter()
            .map(|x| match (x.score, x.all_na) {
                (None, _) => format!("{} N/A", x.title),
                (Some(v), true) => format!("{} {} (all N/A)", x.title, score(v)),
                (Some(v), false) => format!("{} {}", x.title, score(v)),
            })
            .collect();
        fields.push(("Sections", sections.join(" · ")));
    }
    if let Some(i) = &v.integrity {
        fields.push(("Integrity", i.outcome.clone()));
    }
    let mut out = Output::new(v).fields(fields);
    let mut files =
        Table::new(&["file", "type", "bytes", "submission", "photo time", "gps", "removed"]).titled("Evidence");
    let mut digests = Table::new(&["file", "sha256"]);
    for e in &v.evidence {
        files.row(vec![
            e.name.clone(),
            e.media_type.clone(),
            e.size.to_string(),
            e.submission.map(|s| s.to_string()).unwrap_or_default(),
            e.taken_at.clone().unwrap_or_default(),
            e.gps.clone().unwrap_or_default(),
            e.removed.clone().unwrap_or_default(),
        ]);
        digests.row(vec![e.name.clone(), e.sha256.clone()]);
    }
    if !v.evidence.is_empty() {
        out = out.table(files).table(digests);
    }
    let mut history = Table::new(&["when", "what", "by", "details"]).titled("History");
    let mut events: Vec<(String, String, String, String)> = Vec::new();
    for s in &v.submissions {
        let mut details = vec![format!("arrived {}", s.arrived)];
        if let Some(d) = &s.departed {
            details.push(format!("departed {d}"));
        }
        if let Some(w) = s.wait_minutes {
            details.push(format!("wait {w} min"));
        }
        if let Some(a) = &s.staff_agent {
            details.push(format!("employee {a}"));
        }
        if let Some(o) = s.overall {
            details.push(format!("score {}", score(o)));
        }
        if !s.changed.is_empty() {
            details.push(format!("changed {}", s.changed.join(", ")));
        }
        if let Some(n) = &s.narrative {
            details.push(format!("narrative: {n}"));
        }
        events.push((
            s.at.clone(),
            format!("submission {}", s.submission),
            s.by.clone(),
            details.join("; "),
        ));
    }
    for r in &v.reviews {
        let mut details: Vec<String> = r.note.iter().cloned().collect();
        details.extend(r.comments.iter().map(|(k, t)| format!("{k}: {t}")));
        events.push((r.at.clone(), r.status.clone(), r.by.clone(), details.join("; ")));
    }
    events.sort_by(|a, b| a.0.cmp(&b.0));
    if !events.is_empty() {
        for e in events {
            history.row(vec![e.0, e.1, e.2, e.3]);
        }
        out = out.table(history);
    }
    if let Some(last) = v.submissions.last() {
        let notes: BTreeMap<&str, &str> = v
            .reviews
            .last()
            .map(|r| r.comments.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect())
            .unwrap_or_default();
        let mut answers = Table::new(&["question", "answer", "comment", "lead's note"]).titled("Answers");
        for a in &last.answers {
            answers.row(vec![
                a.key.clone(),
                a.shown.clone(),
                a.comment.clone().unwrap_or_default(),
                notes.get(a.key.as_str()).map(|s| s.to_string()).unwrap_or_default(),
            ]);
        }
        out = out.table(answers);
    }
    if let Some(i) = &v.integrity {
        let mut t = Table::new(&["check", "outcome", "reason"]).titled("Integrity (leads only)");
        for f in &i.findings {
            t.row(vec![f.check.clone(), f.outcome.clone(), f.reason.clone()]);
        }
        out = out.table(t);
    }
    out
}
