//! The options every CSV import takes (`agent`, `location`, `interaction` and `evaluation
//! import`), read by the shared reader in `csv_input`.

use crate::csv_input::{Ambiguous, TextEncoding};
use clap::Args;

/// How to read a file exported by another system.
#[derive(Debug, Clone, Default, Args)]
pub struct ImportOptions {
    /// Read a column under another name: --map "their column=our_field" (repeatable).
    #[arg(long = "map", value_name = "THEIRS=OURS")]
    pub maps: Vec<String>,
    /// Read a value as another: --value "channel:Teléfono=phone" (repeatable; never split on
    /// commas). Compared trimmed and case-insensitively.
    #[arg(long = "value", value_name = "FIELD:FROM=TO")]
    pub values: Vec<String>,
    /// A value for a column the file lacks, or for its empty cells: --default channel=phone
    /// (repeatable).
    #[arg(long = "default", value_name = "FIELD=VALUE")]
    pub defaults: Vec<String>,
    /// The character between cells: , ; | or tab (default: detected from the header).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// The file's text encoding (default UTF-8; a byte-order mark is always recognised).
    #[arg(long, value_enum)]
    pub encoding: Option<TextEncoding>,
    /// Another way dates are written, in strftime notation, e.g. "%d/%m/%Y %H:%M"; RFC 3339 and
    /// YYYY-MM-DD HH:MM[:SS] are always read.
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// Time zone of times written without an offset, e.g. Europe/Madrid (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Which moment a local time repeated or skipped by a daylight-saving change is (default:
    /// such a row is bad).
    #[arg(long, value_enum)]
    pub ambiguous: Option<Ambiguous>,
    /// The first plausible day of the work (default 2000-01-01); earlier dates are bad rows.
    #[arg(long, value_name = "DAY")]
    pub earliest: Option<String>,
    /// The last plausible day (default 2100-12-31); a time more than a day in the future is
    /// always a bad row.
    #[arg(long, value_name = "DAY")]
    pub latest: Option<String>,
    /// Check the file and show what would be imported (counts, first rows as stored, problems)
    /// without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}
