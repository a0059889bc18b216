//! Ids and names typed on the command line, checked with the rules of [`crate::text_rules`]
//! and refused with a hint: the people commands and `init --lead` take them.

use crate::text_rules::id_problem;
use anyhow::Result;

/// Refuses an id that [`id_problem`] finds wrong; `what` names it (`agent id`).
pub(super) fn require_id(what: &str, id: &str) -> Result<()> {
    match id_problem(id) {
        None => Ok(()),
        Some(problem) => crate::error::refuse(
            format!("{what} {:?} {problem}", crate::output::terminal::escape(id)),
            "an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017",
        ),
    }
}

/// A name, trimmed; refuses a blank one.
pub(super) fn require_name(what: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if let Some(problem) = crate::text_rules::name_problem(name) {
        return crate::error::refuse(
            format!("the {what} name {problem}"),
            "give the name people know them by, in printable characters, e.g. --name \"Lucía Pérez\"",
        );
    }
    Ok(name.to_string())
}
