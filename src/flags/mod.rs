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
//! - [`model`]: the report's shape (the query, the flags that fire, the agents pending, the rule
//!   terms), read by `report`, which fills it, and by `text`, which words it.
//! - [`error`]: why a check cannot run ([`FlagsError`]).
//! - [`text`]: the rules, stakes and bounds in words, shared by every rendering.
//! - [`voice`]: a rule's conditions on the customer's voice against one agent's contacts, and
//!   the check of a `csat_below` against the store's CSAT scale. Pure.

pub mod error;
pub mod gather;
pub mod model;
pub mod report;
pub mod rules;
pub mod scope;
pub mod text;
pub mod voice;

pub use error::FlagsError;
pub use gather::{flags, flags_with};
pub use model::{AtStake, Fired, FlagsQuery, FlagsReport, Pending, PendingDispute, RuleRef, RuleTerm};
pub use report::{AgentFlag, fired_by_agent};
pub use rules::{
    Condition, ConditionKind, Contested, Disputed, Measure, Outcome, Scored, Stake, Window, bound_shown, decisive,
    evaluate, kind_name, stake,
};

/// The day the flag windows end: `text` read as a day (`2026-11-30`, `today`, ...), else today.
pub fn as_of(text: Option<&str>) -> Result<chrono::NaiveDate, FlagsError> {
    let today = crate::dates::today();
    match text {
        Some(text) => crate::dates::parse_day(text, today).map_err(|problem| FlagsError::BadAsOf { problem }),
        None => Ok(today),
    }
}
