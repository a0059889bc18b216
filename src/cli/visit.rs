//! The `visit` commands. Doc comments here are the help text people read.

use super::VisitPlanArgs;
use crate::report::ReportOptions;
use crate::visits::{CheckArgs, VisitStatus};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Log a mystery-shopper visit with its answers, narrative and attachments.
    ///
    /// Example: qaudit visit log --location madrid-01 --rubric store-visit --visited-at "2026-11-20 11:05" --answers visit.yaml --attach receipt.jpg
    Log(Box<VisitLogArgs>),
    /// Approve a visit, or return it to the shopper with a note (lead role).
    ///
    /// Only approved visits count in reports and flags.
    ///
    /// Example: qaudit visit review 14 --return --note "Receipt photo is unreadable"
    Review {
        /// The visit number.
        id: i64,
        /// Approve the visit: it then counts in reports.
        #[arg(long, conflicts_with = "return_visit", required_unless_present = "return_visit")]
        approve: bool,
        /// Return it to the shopper to fix (with --note and --comment-on).
        #[arg(long = "return", requires = "note")]
        return_visit: bool,
        /// Why (required when returning).
        #[arg(long)]
        note: Option<String>,
        /// A note on one question for the shopper, e.g. --comment-on "tangibles.clean=The photo
        /// does not show the fitting rooms" (repeatable; the shopper sees it in `visit show`).
        #[arg(long = "comment-on", value_name = "KEY=TEXT")]
        comment_on: Vec<String>,
        /// Language of the result and refusals (default: the visit's rubric's language, else
        /// English for a visit not yet scored).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Everything about one visit: location, shopper, employee, planned visit, arrival,
    /// departure, dwell and wait, narrative, every attachment (name, type, size, sha256), each
    /// submission and review with its notes, the scores, and (for leads) the integrity checks
    /// and EXIF positions.
    ///
    /// Leads see any visit; a shopper sees their own, without the integrity reasons. --output
    /// visit.html (or .md) writes a printable visit report with the photos inline.
    ///
    /// Example: qaudit visit show 14 --output visit-14.html
    Show {
        /// The visit number.
        id: i64,
        #[command(flatten)]
        checks: CheckArgs,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Write a visit's attachments into a folder, byte for byte.
    ///
    /// File names are made safe (no folders, no control characters) and unique (photo.jpg,
    /// photo-2.jpg); a file already in the folder is never overwritten: nothing is written then.
    /// Removed evidence is left out unless --removed.
    ///
    /// Example: qaudit visit evidence 14 --output evidence-14/
    Evidence {
        /// The visit number.
        id: i64,
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// Also write evidence that was removed (and not purged).
        #[arg(long)]
        removed: bool,
    },
    /// Purge the bytes of removed evidence (lead role); its name, sha256 and tombstone stay.
    ///
    /// Example: qaudit visit purge 14 --evidence old-receipt.jpg --reason "Shows a customer's card"
    Purge {
        /// The visit number.
        id: i64,
        /// The removed attachment's stored name.
        #[arg(long, value_name = "NAME")]
        evidence: String,
        /// Why the evidence is taken out (kept in the audit log).
        #[arg(long)]
        reason: String,
        /// Language of the result and refusals (default: the visit's rubric's language).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Plan a month of mystery-shopper visits: spread over the month, balanced across shoppers,
    /// never the same shopper at the same location within the lockout.
    ///
    /// The month is cut into one window per visit, so a location's visits fall in different
    /// parts of the month. The lockout also counts visits already logged or planned. The plan is
    /// deterministic for a seed; it is recorded, and a shopper fulfils a planned visit with
    /// `qaudit visit log --visit ID`. Needs the lead role.
    ///
    /// Example: qaudit visit plan --month 2026-12 --per-location 2 --seed 7
    Plan(VisitPlanArgs),
    /// List visits: a lead sees every one, a shopper their own.
    ///
    /// Example: qaudit visit list --status complete
    List {
        /// Only visits in this state.
        #[arg(long, value_enum)]
        status: Option<VisitStatus>,
        /// Only visits to this location.
        #[arg(long)]
        location: Option<String>,
        /// Only planned visits not yet logged.
        #[arg(long)]
        planned: bool,
        /// At most this many visits (newest first); 0 shows them all.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Language of the table (default: the language every rubric of the visits shares,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
}

#[derive(Debug, Args)]
pub struct VisitLogArgs {
    /// The location visited (its id).
    #[arg(long)]
    pub location: String,
    /// The visit rubric the answers follow (e.g. store-visit, visita-tienda).
    #[arg(long)]
    pub rubric: String,
    /// When the shopper arrived (YYYY-MM-DD HH:MM or RFC 3339).
    #[arg(long)]
    pub visited_at: Option<String>,
    /// When the shopper left, e.g. 2026-11-20T10:40 (local time).
    #[arg(long)]
    pub departed_at: Option<String>,
    /// Minutes waited before being served.
    #[arg(long)]
    pub wait_minutes: Option<f64>,
    /// The agent who served the shopper, if known.
    #[arg(long)]
    pub staff_agent: Option<String>,
    /// A text file with the shopper's account of the visit.
    #[arg(long, value_name = "FILE")]
    pub narrative_file: Option<PathBuf>,
    /// Evidence to store with the visit: receipts, photos (repeatable).
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// The answers file (optional when resubmitting: answers given replace those of the last
    /// submission, the others are kept).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Fulfil this planned visit, or resubmit this visit after a lead returned it. Fields and
    /// answers not given again are kept; evidence already stored (same sha256) is not stored
    /// twice.
    #[arg(long, value_name = "VISIT")]
    pub visit: Option<i64>,
    /// When resubmitting, take this attachment off the visit (by its stored name; repeatable).
    /// It leaves a tombstone (who, when, --reason); its bytes stay.
    #[arg(long = "remove-evidence", value_name = "NAME", requires = "reason")]
    pub remove_evidence: Vec<String>,
    /// Why the evidence is removed.
    #[arg(long)]
    pub reason: Option<String>,
    /// A timezone for times without an offset (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Score an already logged visit as a participant of this calibration session: give the
    /// visit with --visit (or leave it out when the session has one visit at --location), its
    /// day with --visited-at, and --answers; no visit is logged and no evidence is added.
    #[arg(long, value_name = "SESSION")]
    pub calibration: Option<i64>,
    /// Language of the result and of refusals of the answers (default: the rubric's language).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}
