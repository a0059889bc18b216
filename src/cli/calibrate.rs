//! The `calibrate` commands. Doc comments here are the help text people read.

use crate::report::ReportOptions;
use crate::stats::Metric;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// Start a calibration session over one or more subjects (lead role).
    ///
    /// The participants score every subject once, blind, with `score --calibration SESSION`
    /// (interactions) or `visit log --calibration SESSION --visit NUMBER` (logged visits; no
    /// visit is logged again). Until a lead closes the session no command shows any of its
    /// scores or answers, to anyone. Participants need the evaluator role for an interaction
    /// rubric and the shopper role for a visit rubric; nobody scores an interaction they
    /// handled. Calibration scores never count in reports or flags and are never amended.
    ///
    /// Example: qaudit calibrate new --rubric call-quality --subject interaction:CALL-1 --subject interaction:CALL-2 --evaluators eva,lea,ed --reference lea
    New {
        /// The rubric every participant scores with (its latest version).
        #[arg(long)]
        rubric: String,
        /// `interaction:ID` or `visit:NUMBER` (repeatable), scored with the session's rubric.
        #[arg(long = "subject", required = true)]
        subjects: Vec<String>,
        /// Participants (staff ids), comma-separated; at least two.
        #[arg(long, value_delimiter = ',', required = true)]
        evaluators: Vec<String>,
        /// The participant whose scores are the reference (default: each evaluator is compared
        /// with the mean of the other participants).
        #[arg(long)]
        reference: Option<String>,
        /// Points within which a participant's overall score counts as agreeing.
        #[arg(long, default_value_t = 5.0)]
        tolerance: f64,
    },
    /// Who has scored which subject of a session: scored, draft or not yet; never a score.
    ///
    /// Example: qaudit calibrate status 2
    Status {
        /// The session number (`calibrate new` prints it).
        id: i64,
    },
    /// Close a session (lead role): its scores are unsealed and its report becomes available.
    ///
    /// Closing is final: unfinished drafts and subjects not scored are left out of the report
    /// as missing values.
    ///
    /// Example: qaudit calibrate close 2
    Close {
        /// The session number (`calibrate new` prints it).
        id: i64,
    },
    /// Agreement statistics of a closed session, and a plain verdict.
    ///
    /// Per subject each participant's overall score; per evaluator the mean deviation, mean
    /// absolute deviation and share within the tolerance; per criterion the exact agreement,
    /// least agreed first, with the answers side by side; Krippendorff's alpha over (subject,
    /// criterion) units with a 95% bootstrap interval; ICC(2,1) and ICC(3,1) on overall scores
    /// of the subjects every participant scored. The verdict reads alpha as Krippendorff does:
    /// 0.800 or more reliable, 0.667 to 0.800 tentative, below unreliable; criteria under 80%
    /// exact agreement need another session.
    ///
    /// Example: qaudit calibrate report 2 --output calibration-2.html
    Report {
        /// The session number (`calibrate new` prints it).
        id: i64,
        /// Alpha's metric. Default: nominal when every criterion is yes/no, otherwise ordinal
        /// (range points and choice options are ordered categories with unknown step sizes).
        #[arg(long, value_enum)]
        metric: Option<Metric>,
        /// Seed of the bootstrap interval (the same seed gives the same interval).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Agreement statistics for ratings from elsewhere: a CSV whose first row names the raters
    /// and each further row is one unit (an empty cell is missing).
    ///
    /// Prints Krippendorff's alpha with its 95% bootstrap interval, and ICC(2,1) and ICC(3,1)
    /// over the rows every rater filled (when there are at least two). Every cell must be a
    /// number or empty; a cell that is not is reported as file:line.
    ///
    /// Example: qaudit calibrate agreement ratings.csv --metric ordinal
    Agreement {
        /// The ratings: a CSV whose first row names the raters, one unit per further row.
        #[arg(value_name = "CSV")]
        file: PathBuf,
        /// Alpha's metric.
        #[arg(long, value_enum, default_value = "interval")]
        metric: Metric,
        /// Seed of the bootstrap interval.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}
