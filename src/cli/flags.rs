//! The `flags` command. Doc comments here are the help text people read.

use crate::report::ReportOptions;
use crate::rubric::FlagKind;
use clap::Args;

#[derive(Debug, Args)]
pub struct FlagsArgs {
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
