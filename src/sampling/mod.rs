//! The seeded algorithms behind `sample draw` and `visit plan`: pure functions over plain
//! numbers and names, no store, no printing, so that every property (uniformity, quotas,
//! balance, lockouts) is tested here directly.
//!
//! # Reproducibility
//!
//! A draw must give the same list on every machine and in every release for the same seed and
//! the same data, so nothing here depends on `rand`'s own sampling algorithms (which may change
//! between releases) or on hash-map order:
//!
//! - The random stream is ChaCha8 (`rand_chacha`), value-stable by contract. Each agent gets its
//!   own stream, seeded with the first 32 bytes of `SHA-256("qaudit sample v1\n" ‖ seed as 8
//!   little-endian bytes ‖ agent id)` ([`agent_rng`]), so an agent's draw does not depend on
//!   which other agents are in the sample (narrowing a draw with `--team` or `--agent` keeps each
//!   remaining agent's list).
//! - Uniform indices come from the raw 64-bit output by rejection ([`uniform_index`]): no modulo
//!   bias and no floating point.
//! - The candidates are given in a stable order (the store sorts them by `occurred_at`, then by
//!   external id), and `k` of `n` are chosen by a partial Fisher–Yates shuffle ([`choose`]):
//!   every subset of size `k` is equally likely (Knuth, *TAOCP* vol. 2, 3.4.2, Algorithm P,
//!   stopped after `k` steps).
//! - Stratification and evaluator shares round with the largest-remainder method in exact
//!   integer arithmetic ([`largest_remainder`]), ties broken by a documented order.
//!
//! [`ALGORITHM`] names this procedure and is recorded with every sample; a change to any of the
//! above must change it.
//!
//! One file per job: [`rng`] (the keyed streams and uniform draws), [`quota`] (largest
//! remainder and one agent's draw), [`evaluators`] (who scores, and the balanced assignment),
//! [`double`] (continuous double scoring), [`new_hires`] (the heavier quota of new hires), [`visit_plan`] (the month's visits), [`month_plan`]
//! (a visit plan checked, run and recorded against the store), [`params`] (what a draw records
//! and how it is checked), [`draw`] (running, recording and verifying a draw) and [`since`]
//! (what changed in a verified sample's interactions after the draw).

pub mod double;
pub mod draw;
mod error;
pub mod evaluators;
pub mod month_plan;
pub mod new_hires;
pub mod params;
pub mod quota;
pub mod rng;
pub mod since;
pub mod visit_plan;

pub use error::SamplingError;
pub use evaluators::{Assignment, EvaluatorShare, assign, parse_evaluators};
pub use quota::{draw_agent, largest_remainder};
pub use rng::{agent_rng, choose, os_seed, uniform_index};
pub use visit_plan::{Month, PLAN_ATTEMPTS, PlanFailure, PlanInput, ProposedVisit, plan_visits};

/// What a sample can be stratified by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stratify {
    Channel,
}

/// The name of the draw procedure described in this module, recorded with every sample.
pub const ALGORITHM: &str = "qaudit-sample-v1";

/// The name of the visit-planning procedure, recorded with every visit plan.
pub const PLAN_ALGORITHM: &str = "qaudit-visit-plan-v2";

#[cfg(test)]
mod tests;
