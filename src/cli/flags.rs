//! The `flags` command and its `decide` and `decisions` subcommands. Doc comments here are the
//! help text people read.

use crate::decisions::Action;
use crate::report::ReportOptions;
use crate::rubric::FlagKind;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FlagsArgs {
    #[command(subcommand)]
    pub command: Option<FlagsCommand>,
    /// The day the windows end, included (YYYY-MM-DD, today, yesterday, -7d; default: today).
    #[arg(long, allow_hyphen_values = true)]
    pub as_of: Option<String>,
    /// Only this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only the agents of this team.
    #[arg(long)]
    pub team: Option<String>,
    /// Only reward or only discipline rules.
    #[arg(long, value_enum)]
    pub kind: Option<FlagKind>,
    #[command(flatten)]
    pub report: ReportOptions,
}

#[derive(Debug, Subcommand)]
pub enum FlagsCommand {
    /// Record a lead's decision on a flag that fires, with the flag's evidence as it stands.
    ///
    /// The flag is the agent's (flags print no number of their own: the agent, the rule and
    /// the as-of day name one). The decision keeps the window, n, mean, the bound used, the
    /// critical failures and the evaluation ids as they are now, so later evaluations never
    /// change what it rested on. Refused when the rule does not fire for the agent that day,
    /// when a standing decision already rests on some of the same evaluations (unless this one
    /// --supersedes it), and when the action does not fit the flag: bonus, recognition and
    /// raise answer reward flags, warning and formal-review discipline flags; coaching and
    /// no-action either. Leads only.
    ///
    /// Example: qaudit --as lea flags decide a-1 --rule consistent-excellence --action bonus --note "Q4 bonus" --as-of 2026-11-30
    Decide(DecideArgs),
    /// The decisions taken on flags, with the evidence each rested on.
    ///
    /// Leads see every decision; an agent (--as their id) their own. --from and --to are the
    /// days the decisions' evidence stood at (their --as-of). Superseded decisions are listed
    /// with the decision that replaced them.
    ///
    /// Example: qaudit --as lea flags decisions --from 2026-11-01 --team north
    Decisions(DecisionsArgs),
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    /// The agent whose flag is decided on.
    #[arg(value_name = "FLAG_ID_OR_AGENT")]
    pub agent: String,
    /// The flag rule's id (as `qaudit flags` shows it in the flag column).
    #[arg(long)]
    pub rule: String,
    /// The rubric of the rule, when several rubrics have a rule of that id.
    #[arg(long)]
    pub rubric: Option<String>,
    /// What was decided.
    #[arg(long, value_enum)]
    pub action: Action,
    /// Why: what the decision rests on besides the numbers, in words the agent may read.
    #[arg(long)]
    pub note: String,
    /// The day the flag's window ends, included (default: today).
    #[arg(long, allow_hyphen_values = true)]
    pub as_of: Option<String>,
    /// The number of the standing decision this one replaces (that one is kept, marked
    /// superseded).
    #[arg(long, value_name = "DECISION")]
    pub supersedes: Option<i64>,
    /// Language of the result and of refusals (default: the language of the rubric holding
    /// the rule, else English).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

#[derive(Debug, Args)]
pub struct DecisionsArgs {
    /// First as-of day (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last as-of day, included.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Only this agent's decisions.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only the decisions on this team's agents.
    #[arg(long)]
    pub team: Option<String>,
    /// Only the decisions on this flag rule.
    #[arg(long)]
    pub rule: Option<String>,
    /// Language of the table (default: the language every rubric of the decisions shares,
    /// else English).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}
