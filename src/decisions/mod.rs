//! Decisions on flags (issue 20, part 1): a flag is a signal; what a lead decided on it (a bonus,
//! a warning, no action, and why) is recorded with the flag's evidence as it stood, so that
//! anyone can later show that a reward or a disciplinary step followed the evidence, and that
//! like evidence led to like decisions.
//!
//! - [`decide`]: the rules of recording one (who, on what, which action, superseding).
//! - [`list`]: who sees which decisions.
//! - [`consistency`]: per rule, the decisions by lead with their evidence range, and the flags
//!   nobody decided on.
//!
//! The rules every front end relies on:
//!
//! - **A firing** is identified by the agent, the rubric and the rule, at an as-of day (flags
//!   are computed, never stored, and print no identifier of their own). The decision keeps the
//!   flag's evidence: window, n, mean, the bound used, critical failures, evaluation ids.
//! - **The same firing** is one whose evidence shares an evaluation with a standing decision on
//!   the same agent and rule: deciding again is refused unless the new decision names the one it
//!   `supersedes` (history is amended, never rewritten). A flag on the customer's voice alone
//!   counts no evaluation: it is the same firing as a standing decision whose window shares a
//!   day with its own (the days hold the same contacts). A decision is standing until another
//!   supersedes it; each is superseded at most once.
//! - **Action and kind.** Reward actions (bonus, recognition, raise) are refused on a discipline
//!   flag and disciplinary ones (warning, formal-review) on a reward flag; coaching and
//!   no-action fit either (coaching after a reward flag is development, not a sanction).

pub mod consistency;
pub mod decide;
pub mod list;

pub use consistency::{ConsistencyQuery, ConsistencyReport, DEFAULT_WAIT_DAYS};
pub use decide::{DecideRequest, decide};
pub use list::{DecisionQuery, list};

use crate::rubric::FlagKind;
use chrono::NaiveDate;
use serde::Serialize;

/// What a lead decided on a flag (the command line takes it as a value, hence the clap derive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Bonus,
    Recognition,
    Raise,
    Coaching,
    Warning,
    FormalReview,
    NoAction,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Bonus,
        Action::Recognition,
        Action::Raise,
        Action::Coaching,
        Action::Warning,
        Action::FormalReview,
        Action::NoAction,
    ];

    /// The action's word, as typed, stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Bonus => "bonus",
            Action::Recognition => "recognition",
            Action::Raise => "raise",
            Action::Coaching => "coaching",
            Action::Warning => "warning",
            Action::FormalReview => "formal-review",
            Action::NoAction => "no-action",
        }
    }

    /// The action of a stored word.
    pub fn parse(word: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == word)
    }

    /// The kind of flag this action answers; `None` for coaching and no-action, which fit both.
    pub fn kind(self) -> Option<FlagKind> {
        match self {
            Action::Bonus | Action::Recognition | Action::Raise => Some(FlagKind::Reward),
            Action::Warning | Action::FormalReview => Some(FlagKind::Discipline),
            Action::Coaching | Action::NoAction => None,
        }
    }

    /// Whether the action may answer a flag of `kind`.
    pub fn fits(self, kind: FlagKind) -> bool {
        self.kind().is_none_or(|k| k == kind)
    }
}

/// Why a decision is refused (the CLI adds the hint, `commands::errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("the note is empty: a decision says why")]
    EmptyNote,
    /// No rubric has a rule of that id; `known` are the rules that exist.
    #[error("no flag rule `{rule}`")]
    UnknownRule { rule: String, known: Vec<String> },
    /// Several rubrics have a rule of that id.
    #[error("flag rule `{rule}` is in several rubrics: {}", rubrics.join(", "))]
    AmbiguousRule { rule: String, rubrics: Vec<String> },
    /// The rule exists but does not fire for the agent on that day.
    #[error("flag `{rule}` ({rubric}) does not fire for `{agent}` as of {as_of}")]
    NotFiring {
        agent: String,
        rubric: String,
        rule: String,
        as_of: NaiveDate,
    },
    /// A reward action on a discipline flag, or the reverse.
    #[error("`{}` is not an action for a {} flag", action.as_str(), crate::flags::kind_name(*kind))]
    WrongAction { action: Action, kind: FlagKind },
    /// A standing decision already rests on some of this flag's evidence.
    #[error(
        "decision {existing} ({action} by {lead}, as of {as_of}) already answers this flag: it rests on the same evaluations"
    )]
    AlreadyDecided {
        existing: i64,
        action: String,
        lead: String,
        as_of: String,
    },
    /// A standing decision already answers a flag on the customer's voice alone (which counts
    /// no evaluation) over days this one shares.
    #[error(
        "decision {existing} ({action} by {lead}, as of {as_of}) already answers this flag: it rests on the customer's voice over days this window shares ({} to {})", window.0, window.1
    )]
    AlreadyDecidedOnDays {
        existing: i64,
        action: String,
        lead: String,
        as_of: String,
        /// The standing decision's window, first and last day (boxed: the error stays small).
        window: Box<(String, String)>,
    },
    /// `--supersedes` names no decision on this agent and rule.
    #[error("there is no decision {id} on flag `{rule}` for `{agent}`")]
    NoSuchDecision { id: i64, agent: String, rule: String },
    /// `--supersedes` names a decision that another already superseded.
    #[error("decision {id} was already superseded by decision {by}")]
    AlreadySuperseded { id: i64, by: i64 },
    /// Nobody but a lead and the agents themselves see decisions.
    #[error("`{actor}` may not see flag decisions: leads see every decision, an agent their own")]
    NotAllowed { actor: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reward_actions_answer_reward_flags_and_coaching_or_no_action_either() {
        let fitting = |kind| -> Vec<&str> {
            Action::ALL
                .into_iter()
                .filter(|a| a.fits(kind))
                .map(Action::as_str)
                .collect()
        };
        assert_eq!(
            fitting(FlagKind::Reward),
            ["bonus", "recognition", "raise", "coaching", "no-action"]
        );
        assert_eq!(
            fitting(FlagKind::Discipline),
            ["coaching", "warning", "formal-review", "no-action"]
        );
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
