//! Hints for refused calibration actions.

use super::Hint;
use crate::calibration::{CalibrationError, SubjectProblem};

pub(super) fn calibration(e: &CalibrationError) -> Hint {
    let hint = match e {
        CalibrationError::Denied(denied) => return super::access::denied(denied),
        CalibrationError::NoSession { .. } => {
            "a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`"
                .into()
        }
        CalibrationError::Closed { id } => {
            format!("`qaudit calibrate report {id}` shows its results; a lead can start a new session")
        }
        CalibrationError::AlreadyClosed { id } => format!("`qaudit calibrate report {id}` compares its scores"),
        CalibrationError::NotParticipant { participants, .. } => format!(
            "its participants are {}; act as one of them with --as",
            participants.join(", ")
        ),
        CalibrationError::NotASubject { subjects, .. } => format!("its subjects are {}", subjects.join(", ")),
        CalibrationError::WrongRubric { rubric, .. } => format!("pass --rubric {rubric}"),
        CalibrationError::AlreadyScored { .. } => "each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind".into(),
        CalibrationError::WhichVisit { subjects, .. } => {
            format!("pass --visit NUMBER; the session's subjects are {}", subjects.join(", "))
        }
        CalibrationError::WrongLocation { location, .. } => format!("give --location {location}"),
        CalibrationError::WrongDay { .. } => {
            "check that you score the visit you mean; give its day with --visited-at".into()
        }
        CalibrationError::BadTolerance { .. } => {
            "give the points within which overall scores count as agreeing, e.g. --tolerance 5".into()
        }
        CalibrationError::Unspecified { .. } => {
            "write interaction:ID or visit:NUMBER, e.g. --subject interaction:CALL-1042".into()
        }
        CalibrationError::Subject { problem, .. } => subject(problem).into(),
        CalibrationError::SubjectTwice { .. } => "name each subject once".into(),
        CalibrationError::EmptyName => "list staff ids separated by commas, e.g. --evaluators eva,lea,ed".into(),
        CalibrationError::NamedTwice { .. } => "name each participant once".into(),
        CalibrationError::NotStaff { .. } => {
            "`qaudit staff list` shows the staff; add someone with `qaudit staff add`".into()
        }
        CalibrationError::LacksRole { name, role, .. } => {
            format!("add it with `qaudit staff add {name} --name NAME --role {}`", role.as_str())
        }
        CalibrationError::TooFew { .. } => {
            "list the evaluators who score the same subjects, e.g. --evaluators eva,lea,ed".into()
        }
        CalibrationError::OwnInteraction { .. } => {
            "leave them out of --evaluators, or choose another interaction".into()
        }
        CalibrationError::ReferenceOutside {
            reference,
            participants,
        } => format!(
            "the reference scores the subjects too: add `{reference}` to --evaluators, or pick one of {}",
            participants.join(", ")
        ),
    };
    (hint, Vec::new())
}

fn subject(problem: &SubjectProblem) -> &'static str {
    match problem {
        SubjectProblem::NoInteraction { .. } => "`qaudit interaction list` shows the interactions",
        SubjectProblem::NotAnInteractionRubric { .. } => {
            "calibrate interactions with an interaction rubric, visits with a visit rubric"
        }
        SubjectProblem::WrongChannel { .. } => "choose interactions of the rubric's channels, or another rubric",
        SubjectProblem::NotAVisitNumber { .. } => {
            "write visit:NUMBER, e.g. --subject visit:14 (`qaudit visit list` shows the numbers)"
        }
        SubjectProblem::NoVisit { .. } => "`qaudit visit list` shows the visits",
        SubjectProblem::NotAVisitRubric { .. } => "calibrate visits with a visit rubric such as store-visit",
        SubjectProblem::NotLogged { .. } => {
            "calibrate on visits a shopper has logged (`qaudit visit list --status complete`)"
        }
        SubjectProblem::UnknownKind { .. } => "write interaction:ID or visit:NUMBER",
    }
}
