//! A visit scored in a calibration session: the shopper scores a visit already logged, as it
//! was logged. No visit is created or changed; the evaluation links to the visit and carries
//! the session. The shopper names the visit's location and day as a check that they score the
//! visit they mean.

use super::{CalibrationError, Participation};
use crate::actor::Actor;
use crate::rubric::Rubric;
use crate::store::calibration::Session;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::visits::Visit;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The session's one visit at `location`, when no visit number was given.
pub fn visit_at(session: &Session, location: &str) -> Result<i64, CalibrationError> {
    let at_location: Vec<i64> = session
        .subjects
        .iter()
        .filter(|s| s.location.as_deref() == Some(location))
        .filter_map(|s| match s.subject {
            SubjectRef::Visit(v) => Some(v),
            SubjectRef::Interaction(_) => None,
        })
        .collect();
    match at_location.as_slice() {
        [one] => Ok(*one),
        _ => Err(CalibrationError::WhichVisit {
            id: session.id,
            location: location.to_string(),
            subjects: session.subjects.iter().map(|s| s.spec.clone()).collect(),
        }),
    }
}

/// The location the shopper names must be the visit's.
pub fn confirm_location(visit: &Visit, location: &str) -> Result<(), CalibrationError> {
    if visit.location == location {
        return Ok(());
    }
    Err(CalibrationError::WrongLocation {
        visit: visit.id,
        location: visit.location.clone(),
        given: location.to_string(),
    })
}

/// The time the shopper names (`given`, written `given_text`) must fall on the visit's day in
/// `tz`. A visit logged without a readable time is not checked.
pub fn confirm_day(visit: &Visit, given: DateTime<Utc>, given_text: &str, tz: Tz) -> Result<(), CalibrationError> {
    let logged = visit
        .visited_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&tz).date_naive());
    match logged {
        Some(day) if day != given.with_timezone(&tz).date_naive() => Err(CalibrationError::WrongDay {
            visit: visit.id,
            logged: day.to_string(),
            given: given_text.to_string(),
        }),
        _ => Ok(()),
    }
}

/// The submitted calibration evaluation of a visit: by the shopper, of the staff member who
/// served them, at the visit's location and time, in the session.
pub fn visit_evaluation(p: &Participation, visit: &Visit, shopper: &Actor, rubric: &Rubric) -> NewEvaluation {
    NewEvaluation {
        subject: SubjectRef::Visit(visit.id),
        rubric_id: rubric.id.clone(),
        rubric_version: rubric.version,
        evaluator: shopper.id.clone(),
        agent: visit.staff_agent.clone(),
        location: Some(visit.location.clone()),
        occurred_at: visit.visited_at.clone().unwrap_or_default(),
        status: Status::Submitted,
        calibration: Some(p.session.id),
        external_ref: None,
        scored_at: crate::store::audit::now(),
        practice: false,
    }
}
