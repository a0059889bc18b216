//! Hints for refused interaction imports, and the CLI's wording of each bad row's reason (the
//! rejects file and the list of problems name the flags and commands that fix a row).

use super::Hint;
use crate::csv_input::interactions::{ImportError, RowProblem};

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
        _ => p.to_string(),
    }
}
