//! `qaudit visit log --calibration SESSION`: a participant scores a visit already logged.

use crate::calibration::{self, ScoringRequest, visit};
use crate::cli::VisitLogArgs;
use crate::commands::Context;
use crate::commands::sealed_receipt::sealed;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::Output;
use crate::rubric::Subject;
use crate::scoring::{check, compute, read_sheet};
use crate::store::evaluations::{Status, SubjectRef};
use anyhow::Result;

/// `visit log --calibration SESSION`: a participant scores a visit that is already logged (the
/// rules are `crate::calibration::visit`'s). No visit is created or changed.
///
/// `--visit NUMBER` names the visit (it may be left out when the session has one visit at
/// `--location`). `--location` must be the visit's and `--visited-at` the visit's day, as a
/// check that the shopper scores the visit they mean; the visit's details and evidence are
/// the logged ones, so `--departed-at`, `--wait-minutes`, `--staff-agent`, `--narrative-file`
/// and `--attach` are refused.
pub(super) fn score_visit(ctx: &Context, args: &VisitLogArgs, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let shopper = ctx.actor_in(&store)?;
    calibration::participation::require_scorer(&shopper, Subject::Visit)?;
    let given: Vec<&str> = [
        (args.departed_at.is_some(), "--departed-at"),
        (args.wait_minutes.is_some(), "--wait-minutes"),
        (args.staff_agent.is_some(), "--staff-agent"),
        (args.narrative_file.is_some(), "--narrative-file"),
        (!args.attachments.is_empty(), "--attach"),
        (!args.remove_evidence.is_empty(), "--remove-evidence"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| *flag)
    .collect();
    if !given.is_empty() {
        return refuse(
            format!(
                "{} cannot be given with --calibration: a calibration scores a visit as it was logged",
                given.join(", ")
            ),
            "give only --visit, --location, --rubric, --visited-at and --answers",
        );
    }
    let session = calibration::found(id, store.calibration_session(id)?)?;
    let visit_number = match args.visit {
        Some(n) => n,
        None => visit::visit_at(&session, &args.location)?,
    };
    let Some(logged) = store.visit(visit_number)? else {
        return refuse(
            format!("no visit {visit_number}"),
            "`qaudit calibrate status SESSION` lists the session's subjects",
        );
    };
    let subject_name = format!("visit {}", logged.id);
    let request = ScoringRequest {
        session: id,
        subject: SubjectRef::Visit(logged.id),
        subject_name: &subject_name,
        rubric: &args.rubric,
    };
    let p = calibration::participation_in(&store, &shopper, &request)?;
    visit::confirm_location(&logged, &args.location)?;
    let tz = match &args.timezone {
        Some(name) => dates::parse_tz(name).map_err(|e| UserError::new(e, "e.g. --timezone Europe/Madrid"))?,
        None => chrono_tz::UTC,
    };
    let Some(given_text) = args.visited_at.as_deref() else {
        return refuse(
            "--visited-at is required to score a visit in a calibration session",
            "give the day of the visit, e.g. --visited-at 2026-11-20",
        );
    };
    let Some(answers) = args.answers.as_deref() else {
        return refuse(
            "--answers is required to score a visit in a calibration session",
            "give your answers file, e.g. --answers visit.yaml",
        );
    };
    let given_at = dates::parse_time(given_text, tz)
        .map_err(|e| UserError::new(format!("--visited-at: {e}"), "e.g. --visited-at \"2026-11-20 11:05\""))?;
    visit::confirm_day(&logged, given_at, given_text, tz)?;
    // The session's rubric version, whatever the latest is.
    let rubric = store.rubric(&p.session.rubric, Some(p.session.rubric_version))?;
    let sheet = read_sheet(answers)?;
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let evaluation = store.write(&shopper.id, |tx| {
        tx.check_calibration_scoring(id, request.subject, &shopper.id)?;
        match p.draft {
            Some(draft) => {
                tx.revise_evaluation(draft, &result, &checked, "draft completed", Status::Submitted)?;
                Ok(draft)
            }
            None => tx.insert_evaluation(
                &visit::visit_evaluation(&p, &logged, &shopper, &rubric),
                &result,
                &checked,
            ),
        }
    })?;
    Ok(sealed(&p.receipt(evaluation, &subject_name, false), ""))
}
