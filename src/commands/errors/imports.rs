//! Hints for refused interaction imports, and the CLI's wording of each bad row's reason (the
//! rejects file and the list of problems name the flags and commands that fix a row).

use super::Hint;
use crate::csv_input::evaluations::GroupError;
use crate::csv_input::interactions::{ImportError, RowProblem};
use crate::csv_input::surveys::SurveyProblem;
use crate::csv_input::{ColumnsError, ReadError};

pub(super) fn import(e: &ImportError) -> Hint {
    match e {
        ImportError::UnknownAgents { .. } => (
            "import them first with `qaudit agent import agents.csv` (or `qaudit agent add`), or add --create-agents to create them named by their id".to_string(),
            vec!["nothing was imported".to_string()],
        ),
    }
}

/// A bad row's reason as the command line gives it: the core's, with the flag or command that
/// fixes it.
pub fn row_reason(p: &RowProblem) -> String {
    match p {
        RowProblem::BadChannel { raw } => {
            format!("{p}; translate the file's words with --value \"channel:{raw}=phone\"")
        }
        RowProblem::UnknownAgent { .. } => {
            format!("{p} (add it with `qaudit agent add`, or import with --create-agents)")
        }
        RowProblem::Voice(v) if v.field == "csat" => {
            format!("{p}; declare the file's scale with --csat-scale 1-5 or 1-10")
        }
        _ => p.to_string(),
    }
}

/// A bad survey row's reason as the command line gives it, with the command that fixes it.
pub fn survey_reason(p: &SurveyProblem) -> String {
    match p {
        SurveyProblem::UnknownInteraction { .. } => {
            format!("{p}; import it first with `qaudit interaction import`, or correct the id")
        }
        SurveyProblem::UnknownAgent { .. } => format!("{p}; add it with `qaudit agent add`"),
        SurveyProblem::BadValue { field: "csat", .. } => {
            format!("{p}; declare the file's scale with --csat-scale 1-5 or 1-10")
        }
        SurveyProblem::NoAnswer => format!("{p}; each survey needs a csat or an nps answer"),
        _ => p.to_string(),
    }
}

/// The hints of an evaluation of an evaluation import that cannot be imported (the file's
/// problems list only the message; the hint is there for a front end that shows one).
pub(super) fn evaluation_group(e: &GroupError) -> Hint {
    let hint = match e {
        GroupError::BadVersion { .. } => "write RUBRIC or RUBRIC@VERSION, e.g. call-quality@1",
        GroupError::ScoredAt(_) => {
            "write RFC 3339 or YYYY-MM-DD HH:MM, or give the file's own format with --date-format"
        }
        GroupError::BadVisitSubject(_) => "write visit subjects as visit:12",
        GroupError::NoVisit(_) => "log the visit first with `qaudit visit log`",
        GroupError::NotVisitRubric(_) => "use a visit rubric for visit subjects",
        GroupError::NoInteraction(_) => "import the interactions first with `qaudit interaction import`",
        GroupError::Withdrawn { .. } => "leave its rows out: a withdrawn interaction is no longer scored",
        GroupError::WrongChannel { .. } => "use a rubric for that channel",
        GroupError::NotInteractionRubric(_) => "use an interaction rubric",
        GroupError::WrongAgent { .. } => "correct the agent column or leave it empty",
        GroupError::NotStaff(_) => "add them first with `qaudit staff add`",
        GroupError::MissingRole { .. } => "add the role with `qaudit staff add`",
    };
    (hint.to_string(), Vec::new())
}

/// The hints for a file that does not read as CSV text: the flags that read it otherwise.
pub(super) fn read(e: &ReadError) -> Hint {
    let hint = match e {
        ReadError::TooManyColumns { .. } | ReadError::HeaderTooLong { .. } => {
            "export only the columns you need, or check that --delimiter is right"
        }
        ReadError::NotUtf8 { .. } => {
            "read it with --encoding windows-1252 (or latin1, utf-16), or save it as \"CSV UTF-8\" in your spreadsheet"
        }
    };
    (hint.to_string(), Vec::new())
}

/// The hints for a file whose columns do not give the import's fields.
pub(super) fn columns(e: &ColumnsError) -> Hint {
    let hint = match e {
        ColumnsError::RenameAbsent { header, .. } => format!("the header is: {header}"),
        ColumnsError::Missing {
            missing,
            fields,
            mappable: true,
            ..
        } => {
            let first = missing.first().map_or("", String::as_str);
            format!(
                "name the columns {fields} in the first line, read yours with --map \"their column={first}\", or give one value for every row with --default {first}=VALUE"
            )
        }
        ColumnsError::Missing { fields, .. } => format!("the first line must name the columns: {fields}"),
        ColumnsError::Unknown { .. } => {
            "remove that column, rename it to one of the columns listed, or read it with --map".to_string()
        }
    };
    (hint, Vec::new())
}
