//! Reward and discipline flags (DESIGN.md section 5): every rubric's flag rules checked for a set
//! of agents as of one day, with the evidence a lead can defend.
//!
//! - [`rules`]: one rule against one agent's evaluations (the window, the conditions, what is
//!   at stake in open disputes). Pure.
//! - [`report`]: every rule of every rubric for every agent, from rows already read, into the
//!   typed [`FlagsReport`]. Pure, so it is tested without a store.
//! - [`gather`]: the store reads (agents in scope, rules, counted evaluations, the projection of
//!   open disputes) and the call every front end makes, [`gather::flags`], which takes the
//!   [`crate::actor::Actor`] and applies who may see whose flags.
//! - [`scope`]: what a rule scoped to a section or criterion reads of one evaluation. Pure.
//! - [`text`]: the rules, stakes and bounds in words, shared by every rendering.
//! - [`voice`]: a rule's conditions on the customer's voice against one agent's contacts, and
//!   the check of a `csat_below` against the store's CSAT scale. Pure.

pub mod gather;
pub mod report;
pub mod rules;
pub mod scope;
pub mod text;
pub mod voice;

pub use gather::{flags, flags_with};
pub use report::{
    AgentFlag, AtStake, Fired, FlagsQuery, FlagsReport, Pending, PendingDispute, RuleRef, fired_by_agent,
};
pub use rules::{
    Condition, ConditionKind, Contested, Disputed, Measure, Outcome, Scored, Stake, Window, bound_shown, decisive,
    evaluate, kind_name, stake,
};

/// Why the agents asked for cannot be checked (the CLI adds the hint, `commands::errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagsError {
    /// No agent the actor may see is in this team; `teams` are those that exist (in scope).
    #[error("no agent is in team `{team}`")]
    NoTeam { team: String, teams: Vec<String> },
    /// No agent of that id (in scope); `known` are the ids that exist, for a suggestion.
    #[error("no agent `{id}`")]
    NoAgent { id: String, known: Vec<String> },
    /// The agent is not in the team also asked for.
    #[error("agent `{agent}` is in team {}, not {asked}", team.as_deref().unwrap_or("(none)"))]
    OtherTeam {
        agent: String,
        team: Option<String>,
        asked: String,
    },
    /// The day the windows end is no day (a front end names its own flag or parameter).
    #[error("the day the windows end: {problem}")]
    BadAsOf { problem: String },
    /// A rule's `csat_below` lies outside the store's CSAT scale; `at` is `file:line:col`.
    #[error(
        "{at}: flag `{rule}` of rubric `{rubric}` has `csat_below: {threshold}`, outside this store's CSAT scale {scale}"
    )]
    CsatOffScale {
        at: String,
        rubric: String,
        rule: String,
        threshold: String,
        scale: String,
    },
}

/// The day the flag windows end: `text` read as a day (`2026-11-30`, `today`, ...), else today.
pub fn as_of(text: Option<&str>) -> Result<chrono::NaiveDate, FlagsError> {
    let today = crate::dates::today();
    match text {
        Some(text) => crate::dates::parse_day(text, today).map_err(|problem| FlagsError::BadAsOf { problem }),
        None => Ok(today),
    }
}
