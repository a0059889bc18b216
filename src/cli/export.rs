//! `qaudit export`: results for payroll, HR and BI.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: ExportKind,
    /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day of the work, inclusive (for flags: the day their windows end; default today).
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Only evaluations with this rubric.
    #[arg(long)]
    pub rubric: Option<String>,
    /// Only this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only the agents of this team.
    #[arg(long)]
    pub team: Option<String>,
    /// `counted` (the default): what reports and flags count (submitted, outside calibration,
    /// approved visits); `all`: drafts, voided and calibration evaluations too, every visit.
    #[arg(long, value_enum, default_value = "counted")]
    pub status: ExportStatus,
    /// Write to this file instead of stdout (replaced only once the export is complete).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also export the customer pseudonym (or identifier, if imported with --keep-customer).
    #[arg(long)]
    pub include_customer: bool,
}

/// The exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// One row per evaluation, with a column per section score.
    Evaluations,
    /// One row per criterion answer (long format), with section, weight, norm and comment.
    Scores,
    /// One row per dispute.
    Disputes,
    /// One row per mystery-shopper visit, with its evaluation's score.
    Visits,
    /// One row per flag that fires (as `qaudit flags --format csv`).
    Flags,
    /// One row per decision on a flag, with its evidence (as `qaudit flags decisions`); --from
    /// and --to are the decisions' as-of days.
    Decisions,
}

/// Which evaluations an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportStatus {
    Counted,
    All,
}
