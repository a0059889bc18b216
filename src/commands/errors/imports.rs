//! Hints for refused interaction imports, and the CLI's wording of each bad row's reason (the
//! rejects file and the list of problems name the flags and commands that fix a row).

use super::Hint;
use crate::csv_input::evaluations::GroupError;
use crate::csv_input::interactions::{ImportError, RowProblem};
use crate::csv_input::surveys::SurveyProblem;
use crate::csv_input::voice::VoiceProblem;
use crate::csv_input::{CellProblem, ColumnsError, ReadError, TimeProblem};

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
        RowProblem::BadTime(t) => format!("occurred_at {}", time(t)),
        RowProblem::Voice(VoiceProblem {
            field,
            problem: CellProblem::Time(t),
        }) => format!("{field} {}", time(t)),
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
        SurveyProblem::BadValue {
            field,
            problem: CellProblem::Time(t),
        } => format!("{field} {}", time(t)),
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

/// A time cell refused, with the options of the import that read it after all.
pub fn time(t: &TimeProblem) -> String {
    match t {
        TimeProblem::NotATime { text, format } => {
            let own = format
                .as_ref()
                .map(|f| format!(", {f:?} (--date-format)"))
                .unwrap_or_default();
            format!(
                "`{text}` is not a date and time; the formats read are RFC 3339 (2026-11-20T10:05:00+01:00), YYYY-MM-DD HH:MM[:SS]{own}; other formats need --date-format, e.g. \"%d/%m/%Y %H:%M\""
            )
        }
        TimeProblem::Repeated { .. } => format!("{t}; add --ambiguous earlier or --ambiguous later"),
        TimeProblem::Skipped { .. } => format!(
            "{t}; add --ambiguous earlier or --ambiguous later to read it with the offset before or after the change"
        ),
        TimeProblem::TooEarly { text, earliest } => {
            format!("`{text}` is before {earliest} (implausible; --earliest DAY moves the bound)")
        }
        TimeProblem::TooLate { text, latest } => {
            format!("`{text}` is after {latest} (implausible; --latest DAY moves the bound)")
        }
        TimeProblem::Nonexistent { .. } | TimeProblem::Future { .. } => t.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The core names no option; the command line adds the one that reads the cell after all.
    #[test]
    fn time_problems_name_the_import_options_on_the_command_line_only() {
        let tz: chrono_tz::Tz = "Europe/Madrid".parse().unwrap();
        let cases = [
            (
                TimeProblem::NotATime {
                    text: "3/11".into(),
                    format: Some("%d.%m".into()),
                },
                "`3/11` is not a date and time; the formats read are RFC 3339 (2026-11-20T10:05:00+01:00), YYYY-MM-DD HH:MM[:SS], \"%d.%m\" (--date-format); other formats need --date-format, e.g. \"%d/%m/%Y %H:%M\"",
            ),
            (
                TimeProblem::Repeated {
                    text: "2026-10-25 02:30".into(),
                    tz,
                },
                "`2026-10-25 02:30` happens twice in Europe/Madrid (a daylight-saving change repeats that hour); add --ambiguous earlier or --ambiguous later",
            ),
            (
                TimeProblem::TooEarly {
                    text: "1990-01-01".into(),
                    earliest: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
                },
                "`1990-01-01` is before 2000-01-01 (implausible; --earliest DAY moves the bound)",
            ),
        ];
        for (problem, cli) in cases {
            assert!(!problem.to_string().contains("--"), "{problem}");
            assert_eq!(time(&problem), cli);
        }
        let row = RowProblem::BadTime(TimeProblem::Future {
            text: "2099-01-01".into(),
        });
        assert_eq!(
            row_reason(&row),
            "occurred_at `2099-01-01` is more than a day in the future"
        );
    }
}
