//! The command line (DESIGN.md section 7). Doc comments here are the help text people read:
//! one line of what a command does, then a paragraph and an example.

use crate::output::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Quality assurance and mystery-shopping audits: score calls, chats, emails and store visits
/// against YAML rubrics, then coach, calibrate and reward from the results.
#[derive(Debug, Parser)]
#[command(name = "qaudit", version, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The store: one SQLite file holding every rubric version, score and audit entry.
    #[arg(
        long,
        global = true,
        env = "QAUDIT_DB",
        default_value = "qaudit.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    /// Who is acting (a staff id); recorded in the audit log. Defaults to the OS user.
    #[arg(long = "as", global = true, env = "QAUDIT_USER", value_name = "NAME")]
    pub actor: Option<String>,

    /// How to print results: table (default), json or csv; reports also take md, html, txt.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Print results only: no notices on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the store (or upgrade it) and load the bundled rubrics.
    ///
    /// Safe to run again: an existing store is upgraded to this version's schema and bundled
    /// rubrics that are already stored are left as they are.
    ///
    /// Example: qaudit init --db team.db
    Init,

    /// List, show, check and import rubrics (the YAML scorecards).
    #[command(subcommand)]
    Rubric(RubricCommand),
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the rubrics in the store, latest version of each.
    ///
    /// Example: qaudit rubric list
    List,

    /// Show a rubric's sections, criteria, scales and weights.
    ///
    /// `--format json` gives the whole rubric, guidance and coaching text included.
    ///
    /// Example: qaudit rubric show call-quality --version 1
    Show {
        /// The rubric id, e.g. call-quality.
        id: String,
        /// A stored version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
    },

    /// Check rubric files without touching any store.
    ///
    /// Every problem in every file is listed with its file:line:col and a hint; the exit code
    /// is 1 when any file is invalid. Use it in a git hook or CI on your rubric repository.
    ///
    /// Example: qaudit rubric validate rubrics/*.yaml
    Validate {
        /// Rubric YAML files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },

    /// Store rubric files as new versions.
    ///
    /// A file whose content is already stored is reported unchanged. Changed content needs a
    /// new `version:` number in the file, so that past evaluations keep their exact rubric.
    /// All files are checked first; if any is invalid, nothing is imported.
    ///
    /// Example: qaudit rubric import my-rubrics/chat.yaml
    Import {
        /// Rubric YAML files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
