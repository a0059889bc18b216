//! The options every report takes, shared by the report, coach, calibrate, visit and export
//! commands and read by the renderer; they are command-line arguments, hence the clap derive.

use crate::lang::Lang;
use clap::Args;
use std::path::PathBuf;

/// Options every report takes: where to write it, its language and templates.
#[derive(Debug, Args, Clone)]
pub struct ReportOptions {
    /// Write the report to this file; its extension (.html, .md, .txt, .json) picks the format
    /// unless --format is given.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the labels (default: the rubric's language; for a report over several
    /// rubrics, Spanish when all of them are Spanish, else English).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// A folder of templates overriding the built-in ones by file name (e.g. feedback.html,
    /// team.txt); `--format json` shows the data a template receives, under `data`.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}
