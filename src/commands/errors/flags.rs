//! Hints for refused flag reports (unknown agents and teams).

use super::Hint;
use crate::flags::FlagsError;
use crate::rubric::validate::suggest_hint;

pub(super) fn flags(e: &FlagsError) -> Hint {
    let hint = match e {
        FlagsError::NoTeam { teams, .. } if teams.is_empty() => {
            "no agent has a team yet; `qaudit agent add ID --name NAME --team TEAM` sets one".to_string()
        }
        FlagsError::NoTeam { teams, .. } => format!("teams: {}", teams.join(", ")),
        FlagsError::NoAgent { id, known } => {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            suggest_hint(id, &names, "`qaudit agent list` shows the agents")
        }
        FlagsError::OtherTeam { .. } => "give --agent or --team, or both matching".to_string(),
        FlagsError::BadAsOf { .. } => {
            "give the day the windows end, e.g. --as-of 2026-11-30 (the last day of the month)".to_string()
        }
        FlagsError::CsatOffScale { scale, .. } => {
            let top = scale.rsplit('-').next().unwrap_or("5");
            format!(
                "CSAT in this store is on the {scale} scale: give `csat_below` a number from 1 to {top}, e.g. 3.5; nothing was imported"
            )
        }
    };
    (hint, Vec::new())
}
