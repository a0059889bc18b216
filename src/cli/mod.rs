//! The command line (DESIGN.md section 7). Doc comments here are the help text people read:
//! one line of what a command does, then a paragraph and an example. One file per command
//! group, mirroring `src/commands/`; this file holds the program, its global flags and the
//! list of commands.

mod calibrate;
mod coach;
mod config;
mod contact;
mod demo;
mod dispute;
mod evaluation;
mod export;
mod flags;
mod import;
mod interaction;
mod log;
mod people;
mod report;
mod rubric;
mod sample;
mod score;
mod survey;
mod visit;
mod visit_plan;

pub use calibrate::CalibrateCommand;
pub use coach::CoachCommand;
pub use config::ConfigCommand;
pub use contact::{ContactCommand, ContactLogArgs, MysteryReportArgs};
pub use demo::DemoArgs;
pub use dispute::DisputeCommand;
pub use evaluation::{EvaluationCommand, EvaluationListArgs};
pub use export::{ExportArgs, ExportKind, ExportStatus};
pub use flags::{DecideArgs, DecisionsArgs, FlagsArgs, FlagsCommand};
pub use import::ImportOptions;
pub use interaction::{InteractionCommand, InteractionImportArgs};
pub use log::{LogArgs, LogCommand};
pub use people::{AgentCommand, LocationCommand, StaffCommand};
pub use report::ReportCommand;
pub use rubric::RubricCommand;
pub use sample::{SampleCommand, SampleDrawArgs, SampleSizeArgs};
pub use score::ScoreArgs;
pub use survey::{AgentSurveyCommand, AgentSurveyImportArgs, CsatArgs, SurveyCommand, SurveyImportArgs};
pub use visit::{VisitCommand, VisitLogArgs};
pub use visit_plan::VisitPlanArgs;

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
#[derive(Debug, Clone, Args)]
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
    /// `--lead ID --name NAME` makes the store's first lead, who then adds the other staff (once
    /// a store has a lead, only staff may change it and only leads add staff or roles).
    ///
    /// Example: qaudit init --db team.db --lead lea --name "Lea Sol"
    Init {
        /// The id of the store's first lead.
        #[arg(long, requires = "name", value_name = "ID")]
        lead: Option<String>,
        /// The first lead's name.
        #[arg(long, requires = "lead", value_name = "NAME")]
        name: Option<String>,
    },

    /// List, show, check and import rubrics (the YAML scorecards).
    #[command(subcommand)]
    Rubric(RubricCommand),

    /// Add, list and import agents: the people whose work is scored.
    #[command(subcommand)]
    Agent(AgentCommand),

    /// Add and list staff: evaluators, mystery shoppers and team leads.
    #[command(subcommand)]
    Staff(StaffCommand),

    /// Add, list and import locations (stores, branches) for mystery shopping.
    #[command(subcommand)]
    Location(LocationCommand),

    /// Import and list interactions: the calls, chats and emails to score.
    #[command(subcommand)]
    Interaction(InteractionCommand),

    /// Import and list customer satisfaction surveys (CSAT, NPS, verbatims).
    #[command(subcommand)]
    Survey(SurveyCommand),

    /// Score one interaction against a rubric.
    ///
    /// Answers come from an answers file (--answers), from --set KEY=VALUE, or, with neither and
    /// a terminal, from a prompt that asks criterion by criterion (type `?` for guidance) and
    /// shows the running score. Everything is checked before anything is written.
    ///
    /// Example: qaudit score --interaction CALL-1042 --rubric call-quality --answers call-1042.yaml
    Score(ScoreArgs),

    /// Log, review and list mystery-shopper visits.
    #[command(subcommand)]
    Visit(VisitCommand),

    /// Log, list and show mystery contacts: shoppers' test calls, emails, chats and messages.
    #[command(subcommand)]
    Contact(ContactCommand),

    /// List, show, amend, void, acknowledge and import evaluations.
    #[command(subcommand)]
    Evaluation(EvaluationCommand),

    /// Show the audit log: every write, who made it (`--as` and the OS user) and when.
    ///
    /// `qaudit log head` prints the last entry's SEQ:HASH: keep it somewhere the store's owner
    /// cannot change (a mail, a commit) and later prove with `qaudit verify --expect-head
    /// SEQ:HASH` that nothing up to it was changed or removed.
    ///
    /// Example: qaudit log --entity evaluation:12
    Log(LogArgs),

    /// Draw reproducible random samples of interactions to score, and size them.
    #[command(subcommand)]
    Sample(SampleCommand),

    /// What is still to score: sampled interactions not yet evaluated, oldest first.
    ///
    /// Example: qaudit queue --evaluator eva
    Queue {
        /// Whose queue (default: everyone's).
        #[arg(long)]
        evaluator: Option<String>,
        /// Language of the table (default: the language every rubric of the queue shares, else
        /// English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },

    /// Feedback sheets and team, location and evaluator reports.
    #[command(subcommand)]
    Report(ReportCommand),

    /// Coaching plans: what an agent should work on, and whether it worked.
    #[command(subcommand)]
    Coach(CoachCommand),

    /// Export results for payroll, HR and BI: evaluations, scores, disputes, visits, flags.
    ///
    /// CSV (the default) or --format json, streamed row by row. Evaluations that count by
    /// default (--status all for every one). No customer data unless --include-customer. Text
    /// cells a spreadsheet would run as formulas get a ' before them.
    ///
    /// Example: qaudit export scores --from 2026-11-01 --to 2026-11-30 --team north --output scores.csv
    Export(ExportArgs),

    /// Reward and discipline flags from the rubrics' flag rules, with their evidence.
    ///
    /// Each rubric's latest rules are checked for every agent over the agent's evaluations of
    /// that rubric (any version) whose work falls in the rule's window: `window_days` days
    /// ending at --as-of, both ends included. Only submitted, non-void, non-calibration
    /// evaluations (visits once approved) count, with their latest revision; an evaluation
    /// under an open dispute is left out and its agent listed as pending, with the flags that
    /// might change. Every flag shows its evidence: n, mean, the confidence bound when the rule
    /// asks for one (one-sided Student's t), critical failures and the evaluation ids.
    ///
    /// --format json gives the whole evidence, --format csv one row per flag (for HR systems);
    /// --output FILE.html|.md|.txt|.csv writes a summary.
    ///
    /// Example: qaudit flags --as-of 2026-11-30 --kind discipline
    Flags(FlagsArgs),

    /// Disputes: an agent contests an evaluation; a lead resolves it.
    #[command(subcommand)]
    Dispute(DisputeCommand),

    /// Calibration sessions: evaluators score the same subjects blind, then compare.
    #[command(subcommand)]
    Calibrate(CalibrateCommand),

    /// Build a realistic demo store and show what qaudit does.
    ///
    /// Teams of agents with different strengths and trends, evaluators with different leniency,
    /// calls, chats and emails sampled and scored, mystery-shopper visits to stores in three
    /// regions, all from a seed. Writes to --db (default ./qaudit.db); a store that holds real
    /// records is never replaced, a previous demo store is.
    ///
    /// Example: qaudit demo --db demo.db --seed 7
    Demo(DemoArgs),

    /// Check the store: SQLite integrity, foreign keys, the keyed audit chain and the head kept
    /// beside the key, every record against the digest its latest audit entry holds, rubric and
    /// attachment hashes, and every stored score recomputed from its answers.
    ///
    /// Exits 1 and lists each problem (which entry or record, what differs) when anything is
    /// wrong. Without the store's key it says so and checks what needs no key.
    ///
    /// Example: qaudit verify --db backup-2026-11-30.db --expect-head 1520:9f2c...
    Verify {
        /// A head printed earlier by `qaudit log head` (SEQ:HASH): that entry must still be in
        /// the log, unchanged.
        #[arg(long, value_name = "SEQ:HASH")]
        expect_head: Option<String>,
    },

    /// Show and change the store's settings (the time zone people read times in).
    ///
    /// Example: qaudit config set timezone Europe/Madrid
    #[command(subcommand)]
    Config(ConfigCommand),

    /// One screen: what the store holds, what is waiting for whom, and the next command to run.
    ///
    /// Example: qaudit status
    Status {
        /// Language of the screen (default: the language every rubric of the store shares, else
        /// English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },

    /// Print a shell completion script.
    ///
    /// Example (bash): qaudit completions bash > ~/.local/share/bash-completion/completions/qaudit
    Completions {
        /// The shell to write completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), e.g. `qaudit man > qaudit.1 && man ./qaudit.1`.
    Man,

    /// Copy the store to FILE, consistently, even while others are writing.
    ///
    /// To restore, stop using the store, then copy the backup over it (or point --db at the
    /// backup); run `qaudit verify` on it first.
    ///
    /// Example: qaudit backup backups/qaudit-2026-11-30.db
    Backup {
        /// Where to write the copy (refused if it exists, unless --force).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[cfg(test)]
mod help_tests;
