//! The `log` commands. Doc comments here are the help text people read.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub what: Option<LogCommand>,
    /// Only entries about this entity, e.g. evaluation:12 or rubric:call-quality (prefix match).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only entries by this person.
    #[arg(long = "actor", id = "log_actor", value_name = "NAME")]
    pub actor: Option<String>,
    /// First day, inclusive.
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day, inclusive.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// At most this many entries (newest first); 0 shows them all.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Language of the headings and notices (default: English; the log spans every rubric).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Print the last entry's sequence number and hash (SEQ:HASH), to keep elsewhere.
    ///
    /// Example: qaudit log head
    Head,
}
