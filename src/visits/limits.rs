//! The limits of the visit integrity checks as the command line gives them (`visit show`,
//! `report visit`), hence the clap derive; [`super::thresholds`] checks them.

use clap::Args;

/// The limits of the visit integrity checks (see `visit show`).
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// A photo taken more than this many hours before arrival or after departure is doubtful.
    #[arg(long, value_name = "HOURS", default_value_t = 2.0)]
    pub photo_hours: f64,
    /// A stay shorter than this many minutes is implausible.
    #[arg(long, value_name = "MINUTES", default_value_t = 3.0)]
    pub min_dwell: f64,
    /// A stay longer than this many minutes is implausible.
    #[arg(long, value_name = "MINUTES", default_value_t = 240.0)]
    pub max_dwell: f64,
    /// A visit first logged more than this many hours after it ended is late.
    #[arg(long, value_name = "HOURS", default_value_t = 72.0)]
    pub late_hours: f64,
}
