//! The `visit plan` arguments: which locations to visit, when. Doc comments here are the
//! help text people read.

use clap::Args;

#[derive(Debug, Args)]
pub struct VisitPlanArgs {
    /// The month to plan, YYYY-MM.
    #[arg(long)]
    pub month: String,
    /// Visits per location in the month.
    #[arg(long)]
    pub per_location: u32,
    /// Only these locations (comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    pub locations: Vec<String>,
    /// The shoppers to plan for (comma-separated; default: every shopper).
    #[arg(long, value_delimiter = ',')]
    pub shoppers: Vec<String>,
    /// Days before the same shopper may visit the same location again.
    #[arg(long, default_value_t = 30)]
    pub lockout_days: u32,
    /// The random seed (default: chosen and printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Days no location opens, e.g. --closed 2026-12-24,2026-12-25 (besides each location's
    /// own closed weekdays, `location add --open-days`).
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    pub closed: Vec<String>,
}
