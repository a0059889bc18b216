//! The `contact` commands: mystery shoppers' test contacts to the contact centre. Doc comments
//! here are the help text people read.

use crate::mystery::ContactChannel;
use crate::report::ReportOptions;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Log a mystery contact: a test call, email, chat or social message a shopper made to the
    /// contact centre, scored with an interaction rubric, with its time to answer (shopper role).
    ///
    /// The time to answer is --answered-at minus --started-at (for an email, hours of the clock).
    /// The contact is kept apart from real contacts: never sampled, never in `report team` or
    /// `flags`; `report mystery` reports it.
    ///
    /// Example: qaudit contact log --channel phone --started-at "2026-11-20 10:00" --answered-at "2026-11-20 10:02" --rubric call-quality --answers call.yaml
    Log(Box<ContactLogArgs>),
    /// List mystery contacts: a lead sees every one, a shopper their own, an agent those they
    /// answered (without the shopper).
    ///
    /// Example: qaudit contact list --channel email
    List {
        /// Only contacts through this channel.
        #[arg(long, value_enum)]
        channel: Option<ContactChannel>,
        /// At most this many contacts (newest first); 0 shows them all.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Language of the table (default: the language every rubric of the contacts shares,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// One mystery contact: channel, times, time to answer, agent, shopper and its scores.
    ///
    /// Example: qaudit contact show 3
    Show {
        /// The contact number (`contact list` shows them).
        id: i64,
        /// Language of the result (default: the rubric's language).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
}

#[derive(Debug, Args)]
pub struct ContactLogArgs {
    /// How the shopper contacted the centre.
    #[arg(long, value_enum)]
    pub channel: ContactChannel,
    /// The agent who answered, if the shopper knows.
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,
    /// When the call was placed or the email or message sent (YYYY-MM-DD HH:MM or RFC 3339; the
    /// store's timezone unless the time gives its offset).
    #[arg(long, value_name = "TIME")]
    pub started_at: String,
    /// When the centre answered (picked up, replied).
    #[arg(long, value_name = "TIME")]
    pub answered_at: String,
    /// The interaction rubric the answers follow (default: the one stored rubric for the
    /// channel).
    #[arg(long)]
    pub rubric: Option<String>,
    /// The answers file (like `score --answers`).
    #[arg(long, value_name = "FILE")]
    pub answers: PathBuf,
    /// A comment on the whole contact (replaces the answers file's `comment`).
    #[arg(long)]
    pub comment: Option<String>,
    /// The centre's own reference of the contact (ticket, case or call number), if any.
    #[arg(long)]
    pub reference: Option<String>,
    /// Language of the result and of refusals (default: the rubric's language).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

/// Options of `report mystery`.
#[derive(Debug, Args)]
pub struct MysteryReportArgs {
    /// First day of the contacts (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day of the contacts, inclusive.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Only contacts scored with this rubric.
    #[arg(long)]
    pub rubric: Option<String>,
    #[command(flatten)]
    pub report: ReportOptions,
}
