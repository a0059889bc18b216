//! The `rubric` commands. Doc comments here are the help text people read.

use clap::Subcommand;
use std::path::PathBuf;

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
