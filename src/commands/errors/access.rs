//! Hints for refusals because of who acts.

use super::Hint;
use crate::actor::Denied;

pub(super) fn denied(e: &Denied) -> Hint {
    let hint = match e {
        Denied::MissingRole { actor, role, .. } => format!(
            "a lead can add it with `qaudit staff add {actor} --name NAME --role {}`, or act as someone else with --as",
            role.as_str()
        ),
        Denied::NotStaff { role, .. } => format!(
            "pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role {}`",
            role.as_str()
        ),
        Denied::OthersResults { actor, .. } => format!(
            "`{actor}` reads their own results with `qaudit evaluation list --as {actor}` and `qaudit report feedback EVALUATION --as {actor}`"
        ),
    };
    (hint, Vec::new())
}
