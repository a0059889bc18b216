//! The shape of the flags report: what a check asks for and what it returns, with its evidence.
//! Its own module so that the computation (`report`) and the wording shared by every rendering
//! (`text`) both read it without reading each other: the files of `flags` import downwards only.

use super::rules::{Condition, Stake, Window};
use super::voice::VoiceCondition;
use crate::rubric::{FlagKind, FlagScope};
use crate::stats::MeanBound;
use chrono::NaiveDate;
use serde::Serialize;

/// What to check: the day every window ends, and which agents and rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagsQuery {
    pub as_of: NaiveDate,
    /// One agent only.
    pub agent: Option<String>,
    /// The agents of one team only.
    pub team: Option<String>,
    /// Reward or discipline rules only.
    pub kind: Option<FlagKind>,
}

/// The whole result: what `--format json` prints and the templates render.
#[derive(Debug, Serialize)]
pub struct FlagsReport {
    /// The day every window ends.
    pub as_of: NaiveDate,
    pub agent: Option<String>,
    pub team: Option<String>,
    pub kind: Option<FlagKind>,
    /// Every rule checked.
    pub rules: Vec<RuleRef>,
    /// The flags that fire, rewards first, then by agent, rubric and rule order.
    pub flags: Vec<Fired>,
    /// Agents with evaluations under dispute inside a window.
    pub pending: Vec<Pending>,
    /// Flags held back only by `min_contacts`: every condition holds but a customer-voice
    /// figure rests on too few contacts to judge (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub held_back: Vec<Fired>,
}

/// A rule that was checked.
#[derive(Debug, Serialize)]
pub struct RuleRef {
    pub rubric: String,
    /// The rubric version the rule comes from (the latest).
    pub version: u32,
    pub flag: String,
    pub kind: FlagKind,
    pub window_days: u32,
    /// The section or criterion the averages read; absent for the overall score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<FlagScope>,
    /// The conditions in words.
    pub rule: String,
    /// The same conditions as terms, for reports in another language.
    pub terms: Vec<RuleTerm>,
    pub description: Option<String>,
}

/// A flag that fires, with its evidence.
#[derive(Debug, Serialize)]
pub struct Fired {
    pub agent: String,
    pub agent_name: String,
    pub team: Option<String>,
    pub rubric: String,
    pub rubric_version: u32,
    pub flag: String,
    pub kind: FlagKind,
    pub description: Option<String>,
    /// The section or criterion the averages read (then `n`, `mean`, the bound and the critical
    /// failures are those of that scope); absent for the overall score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<FlagScope>,
    /// The conditions in words.
    pub rule: String,
    pub window: Window,
    pub n: usize,
    pub mean: Option<f64>,
    /// The confidence bound, when the rule asks for one.
    pub bound: Option<MeanBound>,
    /// The bound printed with enough decimals to show which side of the threshold it is.
    pub bound_shown: Option<String>,
    pub critical_failures: u32,
    /// The evaluations counted, oldest work first.
    pub evaluations: Vec<i64>,
    /// Every condition with the value it was checked against.
    pub conditions: Vec<Condition>,
    /// Open disputes that might withdraw this flag once resolved.
    pub pending_disputes: Vec<i64>,
    /// Every condition on the customer's voice with its figure, n, interval and threshold;
    /// absent when the rule has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub voice: Vec<VoiceCondition>,
}

/// An agent whose flags wait on disputes.
#[derive(Debug, Serialize)]
pub struct Pending {
    pub agent: String,
    pub agent_name: String,
    pub team: Option<String>,
    pub rubric: String,
    /// The disputed evaluations left out.
    pub disputes: Vec<PendingDispute>,
    /// The rules whose outcome might change when the disputes are resolved.
    pub flags: Vec<AtStake>,
}

/// One disputed evaluation left out.
#[derive(Debug, Serialize)]
pub struct PendingDispute {
    pub dispute: i64,
    pub evaluation: i64,
    /// The day of the work.
    pub date: NaiveDate,
}

/// A rule that might change, and how.
#[derive(Debug, Serialize)]
pub struct AtStake {
    pub flag: String,
    pub kind: FlagKind,
    #[serde(flatten)]
    pub stake: Stake,
    /// The same in words, e.g. "fires if rejected".
    pub change: String,
}

/// One condition of a rule, for a report to word in its own language through the label files
/// (`term_KEY` in templates/labels/flags.yaml, with `{value}` and `{confidence}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTerm {
    pub key: &'static str,
    /// The threshold or count as the rubric author wrote it (`92`, `67.8`).
    pub value: String,
    /// The confidence of a bound, in percent, when the rule uses one.
    pub confidence: Option<u32>,
}
