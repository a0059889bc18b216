//! `visit show ID`: the whole visit in one place (see [`crate::report::visit`]), as tables, as
//! JSON, or as a printable visit report (`--output visit.html|visit.md`) with photos inline.
//!
//! Leads see any visit with its integrity findings and EXIF positions; the visit's shopper sees
//! their own visit, with the lead's notes, but not the reasons to doubt it; to anyone else it is
//! not found ([`crate::visits::access`]).

use super::super::Context;
use crate::commands::report_output::{emit, report_format};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Format, Output, Table};
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
    Ok(tables(&data, lang))
}

/// The visit as fields and tables for the terminal, in the report's language (visit.yaml's
/// `t_` labels: a Spanish team's `visit show` reads Spanish; the English words are as before).
fn tables(v: &VisitView, lang: Lang) -> Output {
    let l = Labels::of("visit", lang);
    let es = lang == Lang::Es;
    // Times in the location's zone as `YYYY-MM-DD HH:MM`, day first in Spanish.
    let time = |t: &str| crate::dates::in_lang(t, lang).unwrap_or_else(|| t.to_string());
    let opt = |s: &Option<String>| s.as_deref().map(time).unwrap_or_else(|| "–".to_string());
    let named = |n: &Option<Named>| {
        n.as_ref()
            .map(|n| format!("{} ({})", n.name, n.id))
            .unwrap_or_else(|| "–".into())
    };
    // English shows the stored state (`approved`); Spanish its label.
    let status = |s: &str| if es { l.get(&format!("st_{s}")) } else { s.to_string() };
    let minutes = |m: String| fill!(l, "t_minutes", n = m);
    let mut fields = vec![
        (
            l.get("t_visit"),
            fill!(l, "t_visit_value", id = v.visit, status = status(&v.status)),
        ),
        (
            l.get("t_location"),
            fill!(
                l,
                "t_location_value",
                name = v.location.name,
                id = v.location.id,
                tz = v.timezone
            ),
        ),
        (l.get("shopper"), named(&v.shopper)),
        (l.get("employee"), named(&v.staff_agent)),
        (
            l.get("planned"),
            match (&v.plan, &v.planned_for) {
                (Some(p), Some(d)) => fill!(l, "t_planned_for", plan = p, day = time(d)),
                (Some(p), None) => fill!(l, "t_plan", plan = p),
                _ => l.get("not_planned"),
            },
        ),
        (l.get("arrived"), opt(&v.arrived)),
        (l.get("departed"), opt(&v.departed)),
        (
            l.get("t_dwell"),
            v.dwell_minutes
                .map(|m| minutes(m.to_string()))
                .unwrap_or_else(|| "–".into()),
        ),
        (
            l.get("wait"),
            v.wait_minutes
                .map(|m| minutes(crate::labels::number(lang, &m.to_string())))
                .unwrap_or_else(|| "–".into()),
        ),
        (
            l.get("narrative"),
            v.narrative.clone().unwrap_or_else(|| "–".to_string()),
        ),
    ];
    if let Some(s) = &v.scores {
        fields.push((
            l.get("t_score"),
            fill!(
                l,
                "t_score_value",
                score = l.score(s.overall),
                band = s.band.as_ref().map(|b| format!(" {b}")).unwrap_or_default(),
                verdict = l.get(if s.passed { "passed" } else { "failed" }),
                evaluation = s.evaluation,
                rubric = s.rubric
            ),
        ));
        let sections: Vec<String> = s
            .sections
            .iter()
            .map(|x| match (x.score, x.all_na) {
                (None, _) => fill!(l, "t_section_na", title = x.title),
                (Some(v), true) => fill!(l, "t_section_all_na", title = x.title, score = l.score(v)),
                (Some(v), false) => format!("{} {}", x.title, l.score(v)),
            })
            .collect();
        fields.push((l.get("t_sections"), sections.join(" · ")));
    }
    if let Some(i) = &v.integrity {
        fields.push((l.get("t_integrity"), i.outcome.clone()));
    }
    let mut out = Output::new(v).fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
    let heads = |keys: &[&str]| keys.iter().map(|k| l.get(k)).collect::<Vec<_>>();
    let table = |keys: &[&str]| {
        let h = heads(keys);
        Table::new(&h.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let mut files = table(&[
        "t_col_file",
        "t_col_type",
        "t_col_bytes",
        "t_col_submission",
        "t_col_photo_time",
        "t_col_gps",
        "t_col_removed",
    ])
    .titled(l.get("evidence"));
    let mut digests = table(&["t_col_file", "t_col_sha256"]);
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
    let mut history = table(&["t_col_when", "t_col_what", "t_col_by", "t_col_details"]).titled(l.get("t_history"));
    let mut events: Vec<(String, String, String, String)> = Vec::new();
    for s in &v.submissions {
        let mut details = vec![fill!(l, "t_arrived", t = time(&s.arrived))];
        if let Some(d) = &s.departed {
            details.push(fill!(l, "t_departed", t = time(d)));
        }
        if let Some(w) = s.wait_minutes {
            details.push(fill!(l, "t_wait", n = crate::labels::number(lang, &w.to_string())));
        }
        if let Some(a) = &s.staff_agent {
            details.push(fill!(l, "t_employee", id = a));
        }
        if let Some(o) = s.overall {
            details.push(fill!(l, "t_overall", score = l.score(o)));
        }
        if !s.changed.is_empty() {
            details.push(fill!(l, "t_changed", keys = s.changed.join(", ")));
        }
        if let Some(n) = &s.narrative {
            details.push(fill!(l, "t_narrative", text = n));
        }
        events.push((
            s.at.clone(),
            fill!(l, "t_submission", n = s.submission),
            s.by.clone(),
            details.join("; "),
        ));
    }
    for r in &v.reviews {
        let mut details: Vec<String> = r.note.iter().cloned().collect();
        details.extend(r.comments.iter().map(|(k, t)| format!("{k}: {t}")));
        events.push((r.at.clone(), status(&r.status), r.by.clone(), details.join("; ")));
    }
    events.sort_by(|a, b| a.0.cmp(&b.0));
    if !events.is_empty() {
        for e in events {
            history.row(vec![time(&e.0), e.1, e.2, e.3]);
        }
        out = out.table(history);
    }
    if let Some(last) = v.submissions.last() {
        let notes: BTreeMap<&str, &str> = v
            .reviews
            .last()
            .map(|r| r.comments.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect())
            .unwrap_or_default();
        let mut answers =
            table(&["t_col_question", "t_col_answer", "t_col_comment", "t_col_lead_note"]).titled(l.get("answers"));
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
        let mut t = table(&["t_col_check", "t_col_outcome", "t_col_reason"]).titled(l.get("integrity"));
        for f in &i.findings {
            let check = if es {
                l.get(&format!("check_{}", f.check))
            } else {
                f.check.clone()
            };
            t.row(vec![check, f.outcome.clone(), f.reason.clone()]);
        }
        out = out.table(t);
    }
    out
}
