//! The `evaluation` commands. Doc comments here are the help text people read.

use super::ImportOptions;
use crate::store::evaluations::Status as EvaluationStatus;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum EvaluationCommand {
    /// List evaluations, newest first.
    ///
    /// Example: qaudit evaluation list --agent a-017 --from -30d
    List(EvaluationListArgs),
    /// Show one evaluation: every answer and comment, and its revisions.
    ///
    /// Example: qaudit evaluation show 12
    Show {
        /// The evaluation number (`evaluation list` shows them).
        id: i64,
    },
    /// Change answers of an evaluation; the old revision is kept.
    ///
    /// Example: qaudit evaluation amend 12 --set empathy.acknowledge=met --reason "Agreed in review"
    Amend {
        /// The evaluation number (`evaluation list` shows them).
        id: i64,
        /// A changed answer, e.g. --set empathy.acknowledge=met (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE", required = true)]
        sets: Vec<String>,
        #[command(flatten)]
        comments: super::score::CriterionComments,
        /// Why the evaluation changes (kept in its history and the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Void an evaluation: it stays on record but no longer counts.
    ///
    /// Example: qaudit evaluation void 12 --reason "Scored the wrong call"
    Void {
        /// The evaluation number (`evaluation list` shows them).
        id: i64,
        /// Why it no longer counts (kept in its history and the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Record that the agent has seen the evaluation.
    ///
    /// Example: qaudit evaluation ack 12
    Ack {
        /// The evaluation number (`evaluation list` shows them).
        id: i64,
    },
    /// Make this evaluation the one that counts for its subject; the others become second
    /// opinions (lead role, audited).
    ///
    /// One evaluation counts per interaction or visit: the first submitted, or the sample
    /// assignee's. Example: qaudit evaluation count 31 --reason "eva scored the wrong recording"
    Count {
        /// The evaluation number.
        id: i64,
        /// Why the choice changes (recorded in the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Import past evaluations from a spreadsheet, one row per criterion (long format).
    ///
    /// Columns: evaluation, subject, agent, evaluator, rubric, scored_at, criterion, value,
    /// comment. Rows with the same evaluation reference form one evaluation; each is validated
    /// like `score`. One transaction; ids already imported are skipped.
    ///
    /// Example: qaudit evaluation import history.csv --date-format "%d/%m/%Y %H:%M"
    Import {
        /// The CSV of evaluations scored elsewhere.
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
}

#[derive(Debug, Args)]
pub struct EvaluationListArgs {
    /// Only this agent's evaluations.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only the evaluations this evaluator scored.
    #[arg(long)]
    pub evaluator: Option<String>,
    /// Only evaluations with this rubric.
    #[arg(long)]
    pub rubric: Option<String>,
    /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day of the work, inclusive.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Only evaluations in this state.
    #[arg(long, value_enum)]
    pub status: Option<EvaluationStatus>,
    /// At most this many rows (newest first); 0 shows them all.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Language of the table (default: the language every rubric of the rows shares, else
    /// English).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}
