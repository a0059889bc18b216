//! `visit log`: a shopper logs a visit, fulfils a planned one, or resubmits a returned one.
//!
//! A resubmission keeps every field the shopper does not give again (times, wait, employee,
//! narrative, answers and comments), replaces the answers given again, stores new evidence
//! once (a file whose sha256 the visit already holds is not stored twice) and removes evidence
//! only when asked (`--remove-evidence NAME --reason`), leaving a tombstone. Each submission is a
//! revision of the visit, and of its evaluation.

use super::super::Context;
use crate::cli::VisitLogArgs;
use crate::commands::errors::scoring::in_language;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::Output;
use crate::output::evaluation::result_blocks;
use crate::roles::Role;
use crate::rubric::Subject;
use crate::rubric::load::hex;
use crate::rubric::sheet::Sheet;
use crate::scoring::{check, compute, read_sheet};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::visits::{NewAttachment, Visit, VisitReport};
use crate::visits::{access, photo};
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Evidence files larger than this are refused: a receipt photo is a few megabytes.
const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;
/// Narratives larger than this are refused.
const MAX_NARRATIVE_BYTES: u64 = 1024 * 1024;

/// A time given with `flag`, read in `tz`; refused in `lang`.
fn parse_time(flag: &str, text: &str, tz: chrono_tz::Tz, lang: Lang) -> Result<chrono::DateTime<chrono::Utc>> {
    dates::parse_time(text, tz)
        .map_err(|e| crate::commands::errors::dates::time_given_as(flag, &e, lang, "--visited-at \"2026-11-20 11:05\""))
}

/// Logs a visit; the summary and the refusals of its answers come in the rubric's language.
pub(super) fn log(ctx: &Context, args: &VisitLogArgs) -> Result<Output> {
    let lang = args.lang.unwrap_or_else(|| {
        ctx.open()
            .ok()
            .and_then(|store| store.rubric(&args.rubric, None).ok())
            .map_or(Lang::En, |r| r.language)
    });
    logged(ctx, args, &Labels::of("scoring", lang))
        .map_err(|e| crate::commands::errors::visits::in_language(in_language(e, lang), lang))
}

fn logged(ctx: &Context, args: &VisitLogArgs, l: &Labels) -> Result<Output> {
    let mut store = ctx.open()?;
    let shopper = ctx.require_role(&store, Role::Shopper, "log mystery-shopper visits")?;
    let Some(location) = store.location(&args.location)? else {
        return refuse(
            fill!(l, "v_no_location", id = args.location),
            l.get("v_no_location_hint"),
        );
    };
    let rubric = store.rubric(&args.rubric, None)?;
    crate::scoring::fits_subject(&rubric, Subject::Visit)?;
    let tz = match args.timezone.as_deref().or(location.timezone.as_deref()) {
        Some(name) => dates::parse_tz(name).map_err(|e| UserError::new(e, "e.g. --timezone Europe/Madrid"))?,
        None => dates::zone(),
    };
    let existing = match args.visit {
        None => None,
        Some(id) => Some(access::to_log_again(&store, &shopper, id, &args.location)?),
    };
    // The last submission, whose fields are kept when not given again.
    let previous = match &existing {
        Some(v) if v.status == "returned" => Some(v.clone()),
        _ => None,
    };
    let visited = match (&args.visited_at, previous.as_ref().and_then(|p| p.visited_at.clone())) {
        (Some(t), _) => dates::store_time(parse_time("--visited-at", t, tz, l.lang())?),
        (None, Some(kept)) => kept,
        (None, None) => {
            return refuse(l.get("v_visited_required"), l.get("v_visited_required_hint"));
        }
    };
    let departed = match &args.departed_at {
        Some(t) => Some(dates::store_time(parse_time("--departed-at", t, tz, l.lang())?)),
        None => previous.as_ref().and_then(|p| p.departed_at.clone()),
    };
    if let Some(d) = &departed
        && d < &visited
    {
        return refuse(l.get("v_departed_before"), l.get("v_departed_before_hint"));
    }
    if visited > dates::store_time(chrono::Utc::now() + Duration::hours(1)) {
        return refuse(
            fill!(l, "v_future", at = args.visited_at.clone().unwrap_or_default()),
            l.get("v_future_hint"),
        );
    }
    if let Some(w) = args.wait_minutes
        && (!w.is_finite() || !(0.0..=24.0 * 60.0).contains(&w))
    {
        return refuse(fill!(l, "v_bad_wait", w = w), l.get("v_bad_wait_hint"));
    }
    let wait_minutes = args.wait_minutes.or(previous.as_ref().and_then(|p| p.wait_minutes));
    let staff_agent = match &args.staff_agent {
        Some(a) => Some(a.trim().to_string()).filter(|a| !a.is_empty()),
        None => previous.as_ref().and_then(|p| p.staff_agent.clone()),
    };
    if let Some(agent) = &staff_agent {
        check_employee(&store, agent, &location.id, l)?;
    }
    let narrative = match args
        .narrative_file
        .as_deref()
        .map(|p| read_narrative(p, l))
        .transpose()?
    {
        Some(n) => Some(n),
        None => previous.as_ref().and_then(|p| p.narrative.clone()),
    };
    let mut notices = Vec::new();
    let existing = match existing {
        Some(v) => Some(v),
        None => {
            let linked = planned_in_month(&store, &shopper.id, &location.id, &visited, tz)?;
            match &linked {
                Some(v) => notices.push(format!(
                    "Linked to planned visit {} ({} at {}); it is now logged.",
                    v.id,
                    v.planned_for.clone().unwrap_or_default(),
                    v.location
                )),
                None => {
                    if let Some(other) = others_planned(&store, &location.id, &visited, tz)? {
                        notices.push(format!(
                            "Note: visit {} to {} is planned for {} on {}; this one is logged as a separate, unplanned visit.",
                            other.id,
                            other.location,
                            other.shopper.clone().unwrap_or_default(),
                            other.planned_for.clone().unwrap_or_default()
                        ));
                    }
                }
            }
            linked
        }
    };
    let removals = removals(existing.as_ref(), args, l)?;
    let attachments = args
        .attachments
        .iter()
        .map(|p| read_attachment(p, l))
        .collect::<Result<Vec<_>>>()?;
    let evaluation = existing
        .as_ref()
        .and_then(|v| v.evaluation)
        .map(|e| store.evaluation(e))
        .transpose()?
        .flatten();
    let rubric = match &evaluation {
        Some(e) if e.summary.rubric != rubric.id => {
            // The subject is stored as `visit 8`: the label says the word.
            let visit = e.summary.subject.strip_prefix("visit ").unwrap_or(&e.summary.subject);
            return refuse(
                fill!(
                    l,
                    "v_other_rubric",
                    visit = visit,
                    scored = e.summary.rubric,
                    given = rubric.id
                ),
                fill!(l, "v_other_rubric_hint", scored = e.summary.rubric),
            );
        }
        Some(e) => store.rubric(&e.summary.rubric, Some(e.summary.rubric_version))?,
        None => rubric,
    };
    let given = args.answers.as_deref().map(read_sheet).transpose()?;
    // Practice (issue 20) is scored on contacts; a visit is always the real work.
    if given.as_ref().is_some_and(|g| g.practice) {
        return refuse(l.get("v_practice"), l.get("v_practice_hint"));
    }
    let sheet = match (given, &evaluation) {
        (Some(g), Some(e)) => merge(e.current().sheet(), g),
        (Some(g), None) => g,
        (None, Some(e)) => e.current().sheet(),
        (None, None) => {
            return refuse(l.get("v_answers_required"), l.get("v_answers_required_hint"));
        }
    };
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let report = VisitReport {
        location: location.id.clone(),
        shopper: shopper.id.clone(),
        staff_agent,
        visited_at: visited,
        departed_at: departed,
        wait_minutes,
        narrative,
        logged_at: crate::store::audit::now(),
    };
    let (logged, evaluation_id) = store.write(&shopper.id, |tx| {
        let logged = tx.log_visit(existing.as_ref().map(|v| v.id), &report, &attachments)?;
        for (id, reason) in &removals {
            tx.remove_attachment(logged.visit, *id, reason)?;
        }
        let (evaluation_id, revision) = match existing.as_ref().and_then(|v| v.evaluation) {
            Some(eval) => {
                let revision = tx.revise_evaluation(
                    eval,
                    &result,
                    &checked,
                    "visit resubmitted after review",
                    Status::Submitted,
                )?;
                tx.sync_visit_evaluation(eval, report.staff_agent.as_deref(), &report.visited_at)?;
                (eval, revision)
            }
            None => (
                tx.insert_evaluation(
                    &NewEvaluation {
                        subject: SubjectRef::Visit(logged.visit),
                        rubric_id: rubric.id.clone(),
                        rubric_version: rubric.version,
                        evaluator: shopper.id.clone(),
                        agent: report.staff_agent.clone(),
                        location: Some(location.id.clone()),
                        occurred_at: report.visited_at.clone(),
                        status: Status::Submitted,
                        calibration: None,
                        external_ref: None,
                        scored_at: report.logged_at.clone(),
                        practice: false,
                    },
                    &result,
                    &checked,
                )?,
                1,
            ),
        };
        tx.record_visit_revision(logged.visit, logged.revision, &report, Some((evaluation_id, revision)))?;
        Ok((logged, evaluation_id))
    })?;
    for n in &notices {
        ctx.notice(n);
    }
    let detail = store.evaluation(evaluation_id)?.expect("just written");
    let mut out = result_blocks(Output::new(&logged), &rubric, &detail, l.lang());
    let mut fields = Vec::new();
    if !logged.added.is_empty() {
        fields.push((l.get("evidence_added"), logged.added.join(", ")));
    }
    if !logged.already_stored.is_empty() {
        let same: Vec<String> = logged
            .already_stored
            .iter()
            .map(|(given, stored)| fill!(l, "same_file_as", given = given, stored = stored))
            .collect();
        fields.push((l.get("already_stored"), same.join(", ")));
    }
    if !removals.is_empty() {
        fields.push((l.get("evidence_removed"), args.remove_evidence.join(", ")));
    }
    if !fields.is_empty() {
        out = out.fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
    }
    let id = logged.visit;
    let what = if logged.revision > 1 {
        fill!(l, "visit_resubmitted", id = id, n = logged.revision)
    } else {
        fill!(l, "visit_logged", id = id)
    };
    Ok(out.line(fill!(l, "visit_next", what = what, id = id)))
}

/// The employee must work at the visited location.
fn check_employee(store: &crate::store::Store, agent: &str, location: &str, l: &Labels) -> Result<()> {
    let Some(a) = store.agent(agent)? else {
        return refuse(fill!(l, "v_no_agent", agent = agent), l.get("v_no_agent_hint"));
    };
    let name = &a.name;
    match a.location.as_deref() {
        Some(at) if at == location => Ok(()),
        Some(at) => refuse(
            fill!(
                l,
                "v_agent_elsewhere",
                agent = agent,
                name = name,
                at = at,
                location = location
            ),
            fill!(
                l,
                "v_agent_elsewhere_hint",
                agent = agent,
                name = name,
                location = location
            ),
        ),
        None => refuse(
            fill!(l, "v_agent_nowhere", agent = agent, name = name, location = location),
            fill!(
                l,
                "v_agent_nowhere_hint",
                agent = agent,
                name = name,
                location = location
            ),
        ),
    }
}

/// A planned visit of this shopper to this location in the month of the visit, to link to.
fn planned_in_month(
    store: &crate::store::Store,
    shopper: &str,
    location: &str,
    visited: &str,
    tz: chrono_tz::Tz,
) -> Result<Option<Visit>> {
    let Some((day, first, last)) = month_of(visited, tz) else {
        return Ok(None);
    };
    let (day, first, last) = (day.to_string(), first.to_string(), last.to_string());
    // The nearest planned day on or after the visit first, else any in the month.
    let found = match store.planned_visit_for(Some(shopper), location, &day, &last)? {
        Some(v) => Some(v),
        None => store.planned_visit_for(Some(shopper), location, &first, &last)?,
    };
    found.map(|(id, _)| store.visit(id)).transpose().map(Option::flatten)
}

/// Another shopper's planned visit to this location in the month of the visit, to mention.
fn others_planned(
    store: &crate::store::Store,
    location: &str,
    visited: &str,
    tz: chrono_tz::Tz,
) -> Result<Option<Visit>> {
    let Some((_, first, last)) = month_of(visited, tz) else {
        return Ok(None);
    };
    match store.planned_visit_for(None, location, &first.to_string(), &last.to_string())? {
        Some((id, _)) => store.visit(id),
        None => Ok(None),
    }
}

/// The day of a stored time in `tz`, and the first and last day of its month.
fn month_of(visited: &str, tz: chrono_tz::Tz) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
    let day = chrono::DateTime::parse_from_rfc3339(visited)
        .ok()?
        .with_timezone(&tz)
        .date_naive();
    let first = day.with_day(1)?;
    let last = (first + Duration::days(31)).with_day(1)? - Duration::days(1);
    Some((day, first, last))
}

/// `--remove-evidence NAME`: attachment ids of the visit being resubmitted, with the reason.
fn removals(existing: Option<&Visit>, args: &VisitLogArgs, l: &Labels) -> Result<Vec<(i64, String)>> {
    if args.remove_evidence.is_empty() {
        return Ok(Vec::new());
    }
    let Some(v) = existing else {
        return refuse(l.get("v_remove_needs_visit"), l.get("v_remove_needs_visit_hint"));
    };
    let reason = args.reason.clone().unwrap_or_default();
    if reason.trim().is_empty() {
        return refuse(l.get("v_empty_reason"), l.get("v_empty_reason_hint"));
    }
    args.remove_evidence
        .iter()
        .map(|name| match v.attachments.iter().find(|a| &a.file_name == name) {
            Some(a) => Ok((a.id, reason.clone())),
            None => refuse(
                fill!(l, "v_no_evidence_named", id = v.id, name = name),
                if v.attachments.is_empty() {
                    l.get("v_holds_no_evidence")
                } else {
                    fill!(
                        l,
                        "v_its_evidence",
                        names = v
                            .attachments
                            .iter()
                            .map(|a| a.file_name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            ),
        })
        .collect()
}

/// The last submission's sheet with the answers and comments given again replacing theirs.
fn merge(mut kept: Sheet, given: Sheet) -> Sheet {
    kept.answers.extend(given.answers);
    kept.comments.extend(given.comments);
    if given.comment.is_some() {
        kept.comment = given.comment;
    }
    kept.origin.extend(given.origin);
    kept
}

/// `cannot read NAME: ERROR` with `hint` (a key), in `l`'s language: the system's own words in
/// English (as before), the usual two causes worded in another language.
fn unreadable(l: &Labels, name: &dyn std::fmt::Display, e: std::io::Error, hint: &str) -> UserError {
    let error = match e.kind() {
        _ if l.lang() == Lang::En => e.to_string(),
        std::io::ErrorKind::NotFound => l.get("v_io_not_found"),
        std::io::ErrorKind::PermissionDenied => l.get("v_io_denied"),
        _ => e.to_string(),
    };
    UserError::new(fill!(l, "v_cannot_read", name = name, error = error), l.get(hint))
}

fn read_narrative(path: &Path, l: &Labels) -> Result<String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| unreadable(l, &name, e, "v_narrative_path_hint"))?;
    if meta.len() > MAX_NARRATIVE_BYTES {
        return refuse(
            fill!(
                l,
                "v_narrative_too_big",
                name = name,
                size = meta.len(),
                max = MAX_NARRATIVE_BYTES
            ),
            l.get("v_narrative_too_big_hint"),
        );
    }
    std::fs::read_to_string(path).map_err(|e| unreadable(l, &name, e, "v_narrative_utf8_hint").into())
}

/// Reads an evidence file with its media type and EXIF facts. Only its base name is kept (with
/// no slash or backslash); `visit evidence` makes it fully safe when writing it back out.
fn read_attachment(path: &Path, l: &Labels) -> Result<NewAttachment> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| unreadable(l, &name, e, "v_attachment_path_hint"))?;
    if !meta.is_file() {
        return refuse(fill!(l, "v_not_a_file", name = name), l.get("v_not_a_file_hint"));
    }
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return refuse(
            fill!(
                l,
                "v_attachment_too_big",
                name = name,
                size = meta.len(),
                max = MAX_ATTACHMENT_BYTES
            ),
            l.get("v_attachment_too_big_hint"),
        );
    }
    let content = std::fs::read(path).map_err(|e| unreadable(l, &name, e, "v_attachment_read_hint"))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().replace(['/', '\\'], "_"))
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .unwrap_or_else(|| "attachment".to_string());
    let facts = photo::facts(&content);
    let sha256 = hex(&Sha256::digest(&content));
    Ok(NewAttachment {
        file_name,
        content,
        sha256,
        media_type: facts.media_type,
        taken_at: facts.taken_at,
        gps: facts.gps,
    })
}
