//! The `dispute` commands. Doc comments here are the help text people read.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DisputeCommand {
    /// Dispute an evaluation, within the rubric's dispute window.
    ///
    /// The agent (--as AGENT_ID), or a lead acting for them, disputes a submitted evaluation
    /// within `dispute_days` (a rubric field, default 14) of the day it was scored, optionally
    /// proposing other answers. One dispute per evaluation may be open at a time; until it is
    /// resolved the evaluation is left out of flags.
    ///
    /// Example: qaudit --as a-017 dispute open 12 --criterion empathy.acknowledge --proposed met --reason "I apologised at 02:10"
    Open {
        /// The evaluation number.
        evaluation: i64,
        /// A criterion the agent contests (repeatable, each followed by --proposed).
        #[arg(long = "criterion", value_name = "KEY")]
        criteria: Vec<String>,
        /// The answer the agent proposes for the preceding --criterion.
        #[arg(long = "proposed", value_name = "VALUE")]
        proposed: Vec<String>,
        /// Why the evaluation is wrong, for the lead who resolves it.
        #[arg(long)]
        reason: String,
    },
    /// Resolve a dispute (lead role): accept the proposals, change some answers, or reject.
    ///
    /// Accepting or partly accepting amends the evaluation as `evaluation amend` does: a new
    /// revision whose reason names the dispute, the earlier one kept. The lead who scored the
    /// evaluation, or who opened the dispute for the agent, may not resolve it.
    ///
    /// Example: qaudit --as lea dispute resolve 3 --partial empathy.acknowledge=partly --note "Apology was partial"
    Resolve {
        /// The dispute number (`qaudit dispute list --open`).
        id: i64,
        /// Apply the answers the agent proposed.
        #[arg(long, group = "decision")]
        accept: bool,
        /// Set these answers instead (repeatable): what the lead decided.
        #[arg(long, group = "decision", value_name = "KEY=VALUE")]
        partial: Vec<String>,
        /// Keep the evaluation as scored.
        #[arg(long, group = "decision")]
        reject: bool,
        /// The decision's reason, for the agent (required); recorded with the dispute and the revision.
        #[arg(long)]
        note: Option<String>,
    },
    /// Show one dispute as a thread: the agent's reason and proposals, the lead's decision and note.
    ///
    /// Example: qaudit dispute show 3
    Show {
        /// The dispute number (`qaudit dispute list`).
        id: i64,
    },
    /// List disputes with their age; overdue ones stand out.
    ///
    /// Open disputes come first, oldest first. A dispute is overdue when it has been open
    /// longer than its rubric's `dispute_days`.
    ///
    /// Example: qaudit dispute list --open
    List {
        /// Only open disputes.
        #[arg(long)]
        open: bool,
        /// Language of the table (default: the language every listed dispute's rubric shares,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
}
