//! The `interaction` commands. Doc comments here are the help text people read.

use super::ImportOptions;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// Import interactions from a CSV export.
    ///
    /// Required columns: id, agent, channel, occurred_at. Optional: duration_s, customer, and the
    /// customer's voice: csat (on --csat-scale), nps (0-10), complaint (yes/no or the reason),
    /// response_s (seconds, mm:ss, 4m, 2h), resolved, reopened (yes/no), complaint_opened_at,
    /// complaint_closed_at, escalated_at (times) and reason (the contact reason); any other
    /// column is kept. Use --map to read another system's column names. The whole file is
    /// one transaction: a bad row stops the import with its line number, unless --skip-invalid.
    /// Ids already stored are skipped. Customer identifiers are pseudonymised.
    ///
    /// Times are RFC 3339, YYYY-MM-DD HH:MM[:SS] or --date-format, in --timezone; durations
    /// seconds, mm:ss or hh:mm:ss. A duration over a day, a time before --earliest, after
    /// --latest or more than a day in the future is a bad row. Agents that are not stored refuse
    /// the import (they are listed) unless --create-agents; with --skip-invalid their rows are
    /// rejected like any bad row. --dry-run shows what would be stored and writes nothing.
    ///
    /// Example: qaudit interaction import llamadas.csv --encoding windows-1252 --date-format "%d/%m/%Y %H:%M" --timezone Europe/Madrid --value "channel:Teléfono=phone"
    Import(InteractionImportArgs),
    /// List interactions.
    ///
    /// Example: qaudit interaction list --agent a-017 --from 2026-11-01
    List {
        /// Only this agent's interactions.
        #[arg(long)]
        agent: Option<String>,
        /// Only this channel (phone, chat, email).
        #[arg(long)]
        channel: Option<String>,
        /// First day (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// At most this many rows (newest first); 0 shows them all.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Also withdrawn interactions, with why (left out by default).
        #[arg(long)]
        withdrawn: bool,
        /// Language of the table and notices (default: English; interactions carry no rubric).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Correct an imported interaction (lead role); the earlier values are kept.
    ///
    /// Fields: channel, agent, occurred_at (RFC 3339, or YYYY-MM-DD HH:MM in UTC), duration_s
    /// (seconds, mm:ss or hh:mm:ss), customer (pseudonymised) and extra.COLUMN (an extra
    /// column; an empty value removes it). Changing the agent or the time moves the
    /// interaction's evaluations with it. Audited, with the reason.
    ///
    /// Example: qaudit interaction amend CALL-1042 --set agent=a-017 --reason "Transferred call: the export named the first agent"
    Amend {
        /// The interaction's id (as imported).
        id: String,
        /// FIELD=VALUE (repeatable).
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        sets: Vec<String>,
        /// Why the record changes.
        #[arg(long)]
        reason: String,
    },
    /// Withdraw an interaction imported by mistake (lead role).
    ///
    /// It stays on record, with the reason, but leaves work queues and reports; its
    /// evaluations are voided with the same reason. Audited.
    ///
    /// Example: qaudit interaction withdraw CALL-1042 --reason "Test call from the dialler"
    Withdraw {
        /// The interaction's id (as imported).
        id: String,
        /// Why the record is withdrawn.
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct InteractionImportArgs {
    /// The helpdesk or dialler export (CSV).
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    #[command(flatten)]
    pub options: ImportOptions,
    /// Create agents that are not in the store yet (named by their id) instead of refusing.
    #[arg(long)]
    pub create_agents: bool,
    /// Import the good rows and write the bad ones to --rejects.
    #[arg(long, requires = "rejects")]
    pub skip_invalid: bool,
    /// Where --skip-invalid writes the bad rows, with a reason column.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Store customer identifiers as they are instead of pseudonymising them.
    #[arg(long)]
    pub keep_customer: bool,
    #[command(flatten)]
    pub csat: super::CsatArgs,
}
