//! The `demo` command: a realistic store and its reports. Doc comments here are the help text people read.

use clap::Args;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The seed: the same seed builds the same store.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// How many agents the demo team has.
    #[arg(long, default_value_t = 24)]
    pub agents: usize,
    /// How many interactions it imports.
    #[arg(long, default_value_t = 3000)]
    pub interactions: usize,
    /// How many of them are scored.
    #[arg(long, default_value_t = 900)]
    pub evaluations: usize,
    /// How many mystery-shopper visits it logs.
    #[arg(long, default_value_t = 96)]
    pub visits: usize,
    /// Open the reports it writes in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Language of what it shows: `es` prints the Spanish team's report and writes its
    /// feedback sheet, coaching plan and location table in Spanish (default: English).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}
