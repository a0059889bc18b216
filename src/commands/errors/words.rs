//! The command line's wording of library errors whose message names a thing the user gave: the
//! library says "the day the windows end", the command line says the flag that was typed
//! (`--as-of`), so that the web and the API can name their own parameters.

use crate::calibration::CalibrationError;
use crate::coaching::CoachingError;
use crate::csv_input::ColumnsError;
use crate::csv_input::evaluations::GroupError;
use crate::disputes::DisputeError;
use crate::evaluations::EvaluationError;
use crate::flags::FlagsError;
use crate::output::terminal::escape;
use crate::report::common::PeriodError;
use crate::report::render::RenderError;
use crate::rubric::sheet::NotAPair;
use crate::sampling::SamplingError;
use crate::sampling::month_plan::VisitPlanError;
use crate::scoring::practice::PracticeError;
use crate::store::StoreError;
use crate::tenure::{MAX_NEW_HIRE_WEEKS, WeeksError};
use crate::visits::VisitError;
use std::error::Error;

/// The message the command line shows for `e`, or `None` to show the library's own.
pub(super) fn for_cli(e: &(dyn Error + 'static)) -> Option<String> {
    if let Some(e) = e.downcast_ref::<StoreError>() {
        return match e {
            StoreError::BadActor { actor, problem } => Some(format!("--as {:?} {problem}", escape(actor))),
            _ => None,
        };
    }
    if let Some(ColumnsError::RenameAbsent { file, theirs, ours, .. }) = e.downcast_ref::<ColumnsError>() {
        return Some(format!(
            "--map {:?}: {file} has no column {theirs:?}",
            format!("{theirs}={ours}")
        ));
    }
    if let Some(FlagsError::BadAsOf { problem }) = e.downcast_ref::<FlagsError>() {
        return Some(format!("--as-of: {problem}"));
    }
    if let Some(DisputeError::NothingChanged { evaluation, .. }) = e.downcast_ref::<DisputeError>() {
        return Some(format!(
            "--partial leaves every answer of evaluation {evaluation} as it is"
        ));
    }
    if let Some(e) = e.downcast_ref::<PeriodError>() {
        return Some(match e {
            PeriodError::BadFrom { problem } => format!("--from: {problem}"),
            PeriodError::BadTo { problem } => format!("--to: {problem}"),
            PeriodError::Reversed { from, to } => format!("--from {from} is after --to {to}"),
        });
    }
    if let Some(e) = e.downcast_ref::<CalibrationError>() {
        return calibration(e);
    }
    if let Some(GroupError::ScoredAt(t)) = e.downcast_ref::<GroupError>() {
        return Some(format!("scored_at {}", super::imports::time(t)));
    }
    if let Some(e) = e.downcast_ref::<EvaluationError>() {
        return match e {
            EvaluationError::BadSet(NotAPair { pair }) => Some(format!(
                "`--set {pair}` is not KEY=VALUE; e.g. --set courtesy.greeting=yes"
            )),
            EvaluationError::BadNote(NotAPair { pair }) => Some(format!(
                "`--comment-on {pair}` is not KEY=VALUE; e.g. --comment-on empathy.acknowledge=Did not apologise"
            )),
            _ => None,
        };
    }
    if let Some(RenderError::NotAFolder { dir }) = e.downcast_ref::<RenderError>() {
        return Some(format!("--templates {} is not a folder", dir.display()));
    }
    if let Some(PracticeError::SimulatedNotPractice) = e.downcast_ref::<PracticeError>() {
        return Some(
            "--agent and --channel describe a simulated contact, which is scored only as practice".to_string(),
        );
    }
    if let Some(e) = e.downcast_ref::<SamplingError>() {
        return sampling(e);
    }
    if let Some(e) = e.downcast_ref::<VisitPlanError>() {
        return visit_plan(e);
    }
    if let Some(CoachingError::BadStart(problem)) = e.downcast_ref::<CoachingError>() {
        return Some(format!("--starts: {problem}"));
    }
    match e.downcast_ref::<VisitError>()? {
        VisitError::UnknownQuestion { key, rubric, .. } => {
            Some(format!("--comment-on: `{key}` is not a question of {rubric}"))
        }
        VisitError::EmptyNote { key } => Some(format!("--comment-on {key}= has no text")),
        VisitError::NoPurgeReason => Some("--reason is empty".to_string()),
        VisitError::BadThresholds => {
            Some("the integrity thresholds must be numbers from 0, with --min-dwell at most --max-dwell".to_string())
        }
        _ => None,
    }
}

/// New-hire weeks refused, named by the option `flag` that gave them.
pub(super) fn weeks(flag: &str, e: &WeeksError) -> String {
    match e {
        WeeksError::Zero => format!("{flag} 0: no week would count as a new hire's"),
        WeeksError::TooMany { weeks } => format!(
            "{flag} {weeks} is more than {MAX_NEW_HIRE_WEEKS} weeks, which is tenure, not a new hire's first weeks"
        ),
    }
}

/// `sample draw` names the options of the request.
fn sampling(e: &SamplingError) -> Option<String> {
    Some(match e {
        SamplingError::NotADay { field, text, .. } => format!("--{field} {text:?} is not a day"),
        SamplingError::PeriodReversed { from, to } => format!("--from {from} is after --to {to}"),
        SamplingError::NothingPerAgent => "--per-agent 0 draws nothing".to_string(),
        SamplingError::NewHireWeeks(w) => weeks("--new-hire-weeks", w),
        SamplingError::NewHireNothing => "--new-hire-per-agent 0 draws nothing for new hires".to_string(),
        SamplingError::NewHireTooMany { per_agent, max } => {
            format!("--new-hire-per-agent {per_agent} is more than {max} interactions for one agent in one draw")
        }
        SamplingError::NewHireNotHeavier { per_agent, normal } => format!(
            "--new-hire-per-agent {per_agent} is not more than --per-agent {normal}: new hires would not be sampled more heavily"
        ),
        SamplingError::EvaluatorList(problem) => format!("--evaluators: {problem}"),
        SamplingError::DoubleNeedsTwo => {
            "--double needs at least two evaluators: the second opinion comes from someone else".to_string()
        }
        _ => return None,
    })
}

/// `visit plan` names the options of the request.
fn visit_plan(e: &VisitPlanError) -> Option<String> {
    Some(match e {
        VisitPlanError::BadMonth(problem) => format!("--month: {problem}"),
        VisitPlanError::PerLocation {
            per_location,
            month,
            days,
        } => format!("--per-location {per_location} is not a number of visits in {month} ({days} days)"),
        VisitPlanError::Lockout(days) => format!("--lockout-days {days} is more than ten years"),
        VisitPlanError::BadClosed(problem) => format!("--closed: {problem}"),
        _ => return None,
    })
}

/// `calibrate new` and scoring in a session name the options the user typed.
fn calibration(e: &CalibrationError) -> Option<String> {
    Some(match e {
        CalibrationError::WrongDay { visit, logged, given } => {
            format!("visit {visit} was on {logged}, not on the day of --visited-at {given}")
        }
        CalibrationError::BadTolerance { tolerance } => format!("--tolerance {tolerance} is not a number of points"),
        CalibrationError::Unspecified { spec } => format!("--subject {spec:?} does not say what it is"),
        CalibrationError::Subject { spec, problem } => format!("--subject {spec}: {problem}"),
        CalibrationError::SubjectTwice { spec } => format!("--subject {spec} is given twice"),
        CalibrationError::EmptyName => "--evaluators has an empty name".to_string(),
        CalibrationError::NamedTwice { name } => format!("--evaluators names `{name}` twice"),
        CalibrationError::NotStaff { name } => format!("--evaluators: `{name}` is not a staff member"),
        CalibrationError::LacksRole {
            name,
            role,
            subject,
            rubric,
        } => format!(
            "--evaluators: `{name}` does not have the {} role, which scoring {}s with {rubric} needs",
            role.as_str(),
            subject.as_str()
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_names_no_flag_and_the_command_line_names_the_one_typed() {
        let cases: Vec<(anyhow::Error, &str)> = vec![
            (
                StoreError::BadActor {
                    actor: "a b".into(),
                    problem: "has a control character".into(),
                }
                .into(),
                "--as \"a b\" has a control character",
            ),
            (
                FlagsError::BadAsOf {
                    problem: "`x` is not a day".into(),
                }
                .into(),
                "--as-of: `x` is not a day",
            ),
            (VisitError::NoPurgeReason.into(), "--reason is empty"),
            (SamplingError::NothingPerAgent.into(), "--per-agent 0 draws nothing"),
            (
                EvaluationError::BadSet(NotAPair { pair: "a.b".into() }).into(),
                "`--set a.b` is not KEY=VALUE; e.g. --set courtesy.greeting=yes",
            ),
            (
                RenderError::NotAFolder { dir: "mine".into() }.into(),
                "--templates mine is not a folder",
            ),
            (
                PracticeError::SimulatedNotPractice.into(),
                "--agent and --channel describe a simulated contact, which is scored only as practice",
            ),
            (
                SamplingError::NewHireWeeks(WeeksError::Zero).into(),
                "--new-hire-weeks 0: no week would count as a new hire's",
            ),
            (
                SamplingError::NotADay {
                    field: "to",
                    text: "x".into(),
                    why: String::new(),
                }
                .into(),
                "--to \"x\" is not a day",
            ),
            (
                VisitPlanError::Lockout(4000).into(),
                "--lockout-days 4000 is more than ten years",
            ),
            (
                VisitError::EmptyNote { key: "q1".into() }.into(),
                "--comment-on q1= has no text",
            ),
            (CoachingError::BadStart("no day".into()).into(), "--starts: no day"),
            (
                CalibrationError::NamedTwice { name: "eva".into() }.into(),
                "--evaluators names `eva` twice",
            ),
            (
                CalibrationError::BadTolerance { tolerance: -1.0 }.into(),
                "--tolerance -1 is not a number of points",
            ),
            (
                PeriodError::BadTo {
                    problem: "`x` is not a day".into(),
                }
                .into(),
                "--to: `x` is not a day",
            ),
            (
                PeriodError::Reversed {
                    from: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                    to: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                }
                .into(),
                "--from 2026-11-30 is after --to 2026-11-01",
            ),
        ];
        for (e, cli) in cases {
            let core = e.to_string();
            assert!(!core.contains("--"), "{core}");
            let refusal = super::super::for_cli(e.context("while trying"));
            let user = refusal.downcast_ref::<crate::error::UserError>().unwrap();
            assert_eq!(user.message, format!("while trying: {cli}"));
        }
    }
}
