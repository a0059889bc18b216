//! Hints for refused decisions on flags.

use super::Hint;
use crate::decisions::{Action, DecisionError as E};
use crate::rubric::validate::suggest_hint;

pub(super) fn decision(e: &E) -> Hint {
    let hint = match e {
        E::EmptyNote => "say why in --note, e.g. --note \"Four excellent calls; bonus per the Q4 policy\"".into(),
        E::UnknownRule { rule, known } if known.is_empty() => {
            format!("no rubric has flag rules yet, so `{rule}` cannot fire; rules live under `flags:` in a rubric")
        }
        E::UnknownRule { rule, known } => {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            suggest_hint(rule, &names, &format!("the rules: {}", known.join(", ")))
        }
        E::AmbiguousRule { rubrics, .. } => format!("name the rubric with --rubric ({})", rubrics.join(" or ")),
        E::NotFiring { agent, as_of, .. } => format!(
            "a decision answers a flag that fires: `qaudit flags --agent {agent} --as-of {as_of}` shows what fires and why"
        ),
        E::WrongAction { kind, .. } => {
            let fitting: Vec<&str> = Action::ALL
                .into_iter()
                .filter(|a| a.fits(*kind))
                .map(Action::as_str)
                .collect();
            format!("actions for this flag: {}", fitting.join(", "))
        }
        E::AlreadyDecided { existing, .. } | E::AlreadyDecidedOnDays { existing, .. } => format!(
            "history is amended, never rewritten: record the new decision with --supersedes {existing} and say why in --note"
        ),
        E::NoSuchDecision { agent, rule, .. } => {
            format!("`qaudit flags decisions --agent {agent} --rule {rule}` lists the decisions it may supersede")
        }
        E::AlreadySuperseded { by, .. } => format!("supersede the standing decision instead: --supersedes {by}"),
        E::NotAllowed { .. } => {
            "act as a lead with --as LEAD_ID, or as the agent (--as AGENT_ID) to see your own decisions".into()
        }
    };
    (hint, Vec::new())
}
