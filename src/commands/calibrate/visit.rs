//! `qaudit visit log --calibration SESSION`: a participant scores a visit already logged.

use super::participation::{participation, sealed_output};
use super::{find_session, list};
use crate::cli::VisitLogArgs;
use crate::commands::Context;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::Output;
use crate::roles::Role;
use crate::scoring::{check, compute, read_sheet};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use anyhow::Result;

/// `visit log --calibration SESSION`: a participant scores a visit that is already logged. No
/// visit is created or changed; the evaluation links to the visit and carries the session.
///
/// `--visit NUMBER` names the visit (it may be left out when the session has one visit at
/// `--location`). `--location` must be the visit's and `--visited-at` the visit's day, as a
/// check that the shopper scores the visit they mean; the visit's details and evidence are
/// the logged ones, so `--departed-at`, `--wait-minutes`, `--staff-agent`, `--narrative-file`
/// and `--attach` are refused.
pub(in crate::commands) fn score_visit(ctx: &Context, args: &VisitLogArgs, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let shopper = ctx.require_role(&store, Role::Shopper, "score visits")?;
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
    let session = find_session(&store, id)?;
    let visit_number = match args.visit {
        Some(n) => n,
        None => {
            let at_location: Vec<i64> = session
                .subjects
                .iter()
                .filter(|s| s.location.as_deref() == Some(args.location.as_str()))
                .filter_map(|s| match s.subject {
                    SubjectRef::Visit(v) => Some(v),
                    SubjectRef::Interaction(_) => None,
                })
                .collect();
            match at_location.as_slice() {
                [one] => *one,
                _ => {
                    let subjects: Vec<String> = session.subjects.iter().map(|s| s.spec.clone()).collect();
                    return refuse(
                        format!(
                            "say which visit of calibration session {id} you score at {}",
                            args.location
                        ),
                        format!("pass --visit NUMBER; the session's subjects are {}", list(&subjects)),
                    );
                }
            }
        }
    };
    let Some(visit) = store.visit(visit_number)? else {
        return refuse(
            format!("no visit {visit_number}"),
            "`qaudit calibrate status SESSION` lists the session's subjects",
        );
    };
    let subject = SubjectRef::Visit(visit.id);
    let subject_name = format!("visit {}", visit.id);
    let p = participation(&store, id, &shopper.id, subject, &subject_name, &args.rubric)?;
    if visit.location != args.location {
        return refuse(
            format!("visit {} was at {}, not {}", visit.id, visit.location, args.location),
            format!("give --location {}", visit.location),
        );
    }
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
    let visited_at = visit.visited_at.clone().unwrap_or_default();
    let logged_day = chrono::DateTime::parse_from_rfc3339(&visited_at)
        .map(|t| t.with_timezone(&tz).date_naive())
        .ok();
    if logged_day.is_some_and(|d| d != given_at.with_timezone(&tz).date_naive()) {
        return refuse(
            format!(
                "visit {} was on {}, not on the day of --visited-at {}",
                visit.id,
                logged_day.map(|d| d.to_string()).unwrap_or_default(),
                given_text
            ),
            "check that you score the visit you mean; give its day with --visited-at",
        );
    }
    // The session's rubric version, whatever the latest is.
    let rubric = store.rubric(&p.session.rubric, Some(p.session.rubric_version))?;
    let sheet = read_sheet(answers)?;
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let evaluation = store.write(&shopper.id, |tx| {
        tx.check_calibration_scoring(id, subject, &shopper.id)?;
        match p.draft {
            Some(draft) => {
                tx.revise_evaluation(draft, &result, &checked, "draft completed", Status::Submitted)?;
                Ok(draft)
            }
            None => tx.insert_evaluation(
                &NewEvaluation {
                    subject,
                    rubric_id: rubric.id.clone(),
                    rubric_version: rubric.version,
                    evaluator: shopper.id.clone(),
                    agent: visit.staff_agent.clone(),
                    location: Some(visit.location.clone()),
                    occurred_at: visited_at.clone(),
                    status: Status::Submitted,
                    calibration: Some(id),
                    external_ref: None,
                    scored_at: crate::store::audit::now(),
                },
                &result,
                &checked,
            ),
        }
    })?;
    Ok(sealed_output(&p.session, evaluation, &subject_name, false, ""))
}
