//! The customer-voice commands: `survey import | list` and the CSAT scale flags of imports.
//! Doc comments here are the help text people read.

use super::ImportOptions;
use clap::{Args, Subcommand};

use std::path::PathBuf;

/// How CSAT values of a file are read.
#[derive(Debug, Clone, Default, Args)]
pub struct CsatArgs {
    /// The scale the file's csat values are on: 1-5 (the default) or 1-10. A store keeps one
    /// scale, fixed by the first import that carries CSAT.
    #[arg(long, value_name = "1-5|1-10")]
    pub csat_scale: Option<String>,
    /// Convert csat values from --csat-scale to the store's scale (linearly, rounded) instead of
    /// refusing a file on another scale.
    #[arg(long, requires = "csat_scale")]
    pub rescale: bool,
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Import customer satisfaction surveys answered after the contact.
    ///
    /// Columns: interaction (the id it was imported with), answered_at, csat and/or nps, and an
    /// optional verbatim (the customer's words). Same options as `interaction import`. Each
    /// row needs csat or nps; csat on --csat-scale, nps 0-10. A survey of the same interaction
    /// answered at the same time is stored once, so importing a file again changes nothing.
    /// Email addresses, phone numbers, card numbers, IBANs and DNI/NIE numbers in verbatims are
    /// replaced by [email], [phone], [card], [iban], [dni] before anything is stored.
    ///
    /// Example: qaudit survey import encuestas.csv --csat-scale 1-5 --date-format "%d/%m/%Y %H:%M"
    Import(SurveyImportArgs),
    /// List surveys with their verbatims (lead role: verbatims are the customer's own words).
    ///
    /// Example: qaudit survey list --agent a-017 --from 2026-11-01
    List {
        /// Only the surveys of this interaction.
        #[arg(long)]
        interaction: Option<String>,
        /// Only the surveys of this agent's interactions.
        #[arg(long)]
        agent: Option<String>,
        /// First day answered (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day answered, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// At most this many rows (newest first); 0 shows them all.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Language of the table (default: the language every interaction rubric of the store
        /// shares, else English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
}

#[derive(Debug, Args)]
pub struct SurveyImportArgs {
    /// The survey export (CSV).
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    #[command(flatten)]
    pub options: ImportOptions,
    #[command(flatten)]
    pub csat: CsatArgs,
    /// Import the good rows and write the bad ones to --rejects.
    #[arg(long, requires = "rejects")]
    pub skip_invalid: bool,
    /// Where --skip-invalid writes the bad rows, with a reason column.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

/// `agent survey`: employee satisfaction per agent, shown beside quality.
#[derive(Debug, Subcommand)]
pub enum AgentSurveyCommand {
    /// Import a staff satisfaction survey (lead role): one score per agent and answer time.
    ///
    /// Columns: agent, answered_at, score (a whole number on --scale). Same options as the
    /// other imports. The whole file is checked first: a bad row or an unknown agent refuses
    /// it, naming file:line, and nothing is stored. An answer of the same agent at the same
    /// time is stored once, so importing a file again changes nothing.
    ///
    /// Example: qaudit agent survey import clima.csv --scale 1-10
    Import(AgentSurveyImportArgs),
}

/// `agent survey import`: a staff survey's answers, one score per agent and time.
#[derive(Debug, Args)]
pub struct AgentSurveyImportArgs {
    /// The staff survey (CSV) with columns agent, answered_at, score.
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    /// The scale the scores are on, as MIN-MAX: 1-5, 1-10, 0-10.
    #[arg(long, value_name = "MIN-MAX")]
    pub scale: String,
    #[command(flatten)]
    pub options: ImportOptions,
}
