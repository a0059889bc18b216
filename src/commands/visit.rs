//! `qaudit visit log | review | list`: mystery-shopper visits.

use super::Context;
use super::score::{check, compute, read_sheet};
use crate::cli::{Role, VisitCommand, VisitLogArgs, VisitStatus};
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::evaluation::result_blocks;
use crate::output::{Output, Table, score};
use crate::rubric::Subject;
use crate::rubric::load::hex;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::visits::{NewAttachment, VisitFilter, VisitReport};
use anyhow::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Evidence files larger than this are refused: a receipt photo is a few megabytes.
const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;
/// Narratives larger than this are refused.
const MAX_NARRATIVE_BYTES: u64 = 1024 * 1024;

pub fn run(ctx: &Context, cmd: VisitCommand) -> Result<Output> {
    match cmd {
        VisitCommand::Log(args) => match args.calibration {
            // Calibration (issue 7): a participant scores a logged visit; no visit is logged.
            Some(session) => super::calibrate::score_visit(ctx, &args, session),
            None => log(ctx, &args),
        },
        VisitCommand::Review {
            id,
            approve,
            return_visit: _,
            note,
        } => review(ctx, id, approve, note),
        VisitCommand::List {
            status,
            location,
            planned,
        } => list(ctx, status, location, planned),
        VisitCommand::Plan(args) => super::visit_plan::run(ctx, &args),
    }
}

fn parse_time(flag: &str, text: &str, tz: chrono_tz::Tz) -> Result<chrono::DateTime<chrono::Utc>> {
    dates::parse_time(text, tz)
        .map_err(|e| UserError::new(format!("{flag}: {e}"), "e.g. --visited-at \"2026-11-20 11:05\"").into())
}

fn log(ctx: &Context, args: &VisitLogArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let shopper = ctx.require_role(&store, Role::Shopper, "log mystery-shopper visits")?;
    if store.location(&args.location)?.is_none() {
        return refuse(
            format!("no location `{}` in the store", args.location),
            "add it with `qaudit location add ID --name NAME`; `qaudit location list` shows what is there",
        );
    }
    let rubric = store.rubric(&args.rubric, None)?;
    if rubric.subject != Subject::Visit {
        return refuse(
            format!("rubric {} scores interactions, not visits", rubric.id),
            "log visits with a visit rubric such as store-visit or visita-tienda",
        );
    }
    let tz = match &args.timezone {
        Some(name) => dates::parse_tz(name).map_err(|e| UserError::new(e, "e.g. --timezone Europe/Madrid"))?,
        None => chrono_tz::UTC,
    };
    let visited = parse_time("--visited-at", &args.visited_at, tz)?;
    let departed = args
        .departed_at
        .as_deref()
        .map(|t| parse_time("--departed-at", t, tz))
        .transpose()?;
    if let Some(d) = departed
        && d < visited
    {
        return refuse(
            "--departed-at is before --visited-at",
            "give the time the shopper left, after the time they arrived",
        );
    }
    if visited > chrono::Utc::now() + chrono::Duration::hours(1) {
        return refuse(
            format!("--visited-at {} is in the future", args.visited_at),
            "log a visit after it happened",
        );
    }
    if let Some(w) = args.wait_minutes
        && (!w.is_finite() || !(0.0..=24.0 * 60.0).contains(&w))
    {
        return refuse(
            format!("--wait-minutes {w} is not a waiting time"),
            "give the minutes waited before being served, from 0",
        );
    }
    if let Some(agent) = &args.staff_agent
        && store.agent(agent)?.is_none()
    {
        return refuse(
            format!("no agent `{agent}` in the store"),
            "add the employee with `qaudit agent add`, or leave --staff-agent out",
        );
    }
    let existing = match args.visit {
        None => None,
        Some(id) => {
            let Some(v) = store.visit(id)? else {
                return refuse(
                    format!("no visit {id}"),
                    "`qaudit visit list --planned` shows the planned visits",
                );
            };
            if v.location != args.location {
                return refuse(
                    format!("visit {id} is planned at {}, not {}", v.location, args.location),
                    "give the location of the planned visit",
                );
            }
            if v.status != "planned" && v.status != "returned" {
                return refuse(
                    format!(
                        "visit {id} is {}; only planned or returned visits can be logged again",
                        v.status
                    ),
                    "log a new visit without --visit",
                );
            }
            Some(v)
        }
    };
    let narrative = args.narrative_file.as_deref().map(read_narrative).transpose()?;
    let attachments = args
        .attachments
        .iter()
        .map(|p| read_attachment(p))
        .collect::<Result<Vec<_>>>()?;
    let sheet = read_sheet(&args.answers)?;
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let report = VisitReport {
        location: args.location.clone(),
        shopper: shopper.id.clone(),
        staff_agent: args.staff_agent.clone(),
        visited_at: dates::store_time(visited),
        departed_at: departed.map(dates::store_time),
        wait_minutes: args.wait_minutes,
        narrative,
    };
    let (visit_id, evaluation_id) = store.write(&shopper.id, |tx| {
        let visit_id = tx.log_visit(existing.as_ref().map(|v| v.id), &report, &attachments)?;
        let evaluation_id = match existing.as_ref().and_then(|v| v.evaluation) {
            Some(eval) => {
                tx.revise_evaluation(
                    eval,
                    &result,
                    &checked,
                    "visit resubmitted after review",
                    Status::Submitted,
                )?;
                eval
            }
            None => tx.insert_evaluation(
                &NewEvaluation {
                    subject: SubjectRef::Visit(visit_id),
                    rubric_id: rubric.id.clone(),
                    rubric_version: rubric.version,
                    evaluator: shopper.id.clone(),
                    agent: args.staff_agent.clone(),
                    location: Some(args.location.clone()),
                    occurred_at: report.visited_at.clone(),
                    status: Status::Submitted,
                    calibration: None,
                    external_ref: None,
                    scored_at: crate::store::audit::now(),
                },
                &result,
                &checked,
            )?,
        };
        Ok((visit_id, evaluation_id))
    })?;
    let detail = store.evaluation(evaluation_id)?.expect("just written");
    let files: Vec<String> = attachments
        .iter()
        .map(|a| format!("{} ({} bytes)", a.file_name, a.content.len()))
        .collect();
    let mut out = result_blocks(Output::new(&detail), &rubric, &detail);
    if !files.is_empty() {
        out = out.fields(vec![("Evidence", files.join(", "))]);
    }
    Ok(out.line(format!("Visit {visit_id} logged; it counts in reports once a lead approves it (`qaudit visit review {visit_id} --approve`).")))
}

fn read_narrative(path: &Path) -> Result<String> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        UserError::new(
            format!("cannot read {name}: {e}"),
            "check the path of the narrative file",
        )
    })?;
    if meta.len() > MAX_NARRATIVE_BYTES {
        return refuse(
            format!(
                "{name} is {} bytes; narratives are limited to {MAX_NARRATIVE_BYTES}",
                meta.len()
            ),
            "keep the account of the visit to a few pages of text",
        );
    }
    std::fs::read_to_string(path)
        .map_err(|e| UserError::new(format!("cannot read {name}: {e}"), "save the narrative as UTF-8 text").into())
}

/// Reads an evidence file. Only its base name is kept, so an exported attachment can never be
/// written outside the folder it is exported to.
fn read_attachment(path: &Path) -> Result<NewAttachment> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| UserError::new(format!("cannot read {name}: {e}"), "check the path of the attachment"))?;
    if !meta.is_file() {
        return refuse(
            format!("{name} is not a file"),
            "attach files such as receipt.jpg, one --attach per file",
        );
    }
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return refuse(
            format!(
                "{name} is {} bytes; attachments are limited to {MAX_ATTACHMENT_BYTES}",
                meta.len()
            ),
            "attach a smaller photo or scan (resize it, or save it as JPEG)",
        );
    }
    let content = std::fs::read(path)
        .map_err(|e| UserError::new(format!("cannot read {name}: {e}"), "check that you may read the file"))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().replace(['/', '\\'], "_"))
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .unwrap_or_else(|| "attachment".to_string());
    let sha256 = hex(&Sha256::digest(&content));
    Ok(NewAttachment {
        file_name,
        content,
        sha256,
    })
}

fn review(ctx: &Context, id: i64, approve: bool, note: Option<String>) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "review visits")?;
    let Some(visit) = store.visit(id)? else {
        return refuse(
            format!("no visit {id}"),
            "`qaudit visit list --status complete` shows visits waiting for review",
        );
    };
    if visit.status != "complete" {
        return refuse(
            format!("visit {id} is {}; only complete visits wait for review", visit.status),
            "`qaudit visit list --status complete` shows visits waiting for review",
        );
    }
    if visit.shopper.as_deref() == Some(lead.id.as_str()) {
        return refuse(
            format!("`{}` logged visit {id} and may not review it", lead.id),
            "ask another lead to review it",
        );
    }
    if !approve && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return refuse(
            "a returned visit needs a note",
            "say what the shopper should fix, e.g. --note \"Receipt photo is unreadable\"",
        );
    }
    let status = if approve { "approved" } else { "returned" };
    store.write(&lead.id, |tx| tx.review_visit(id, status, note.as_deref()))?;
    let visit = store.visit(id)?.expect("exists");
    let line = if approve {
        format!("Visit {id} approved: it now counts in reports and flags.")
    } else {
        format!(
            "Visit {id} returned to {}: they can log it again with --visit {id}.",
            visit.shopper.clone().unwrap_or_default()
        )
    };
    Ok(Output::new(&visit).line(line))
}

fn list(ctx: &Context, status: Option<VisitStatus>, location: Option<String>, planned: bool) -> Result<Output> {
    let store = ctx.open()?;
    let status = if planned { Some(VisitStatus::Planned) } else { status };
    let status = status.map(|s| {
        serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let visits = store.visits(&VisitFilter {
        status,
        location,
        limit: 500,
    })?;
    let mut t = Table::new(&[
        "visit", "date", "location", "shopper", "agent", "score", "status", "evidence",
    ]);
    for v in &visits {
        let when = v
            .visited_at
            .as_deref()
            .or(v.planned_for.as_deref())
            .map(dates::short)
            .unwrap_or_default();
        t.row(vec![
            v.id.to_string(),
            when,
            v.location.clone(),
            v.shopper.clone().unwrap_or_default(),
            v.staff_agent.clone().unwrap_or_default(),
            v.overall.map(score).unwrap_or_default(),
            v.status.clone(),
            if v.attachments.is_empty() {
                String::new()
            } else {
                format!("{} file(s)", v.attachments.len())
            },
        ]);
    }
    let out = Output::new(&visits);
    Ok(if visits.is_empty() {
        out.line("No visits match.")
    } else {
        out.table(t)
    })
}
