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

    /// List, show, amend, void, acknowledge and import evaluations.
    #[command(subcommand)]
    Evaluation(EvaluationCommand),

    /// Show the audit log: every write, who made it and when.
    ///
    /// Example: qaudit log --entity evaluation:12
    Log(LogArgs),
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent (or update the name, team and location of an existing one).
    ///
    /// Example: qaudit agent add a-017 --name "Lucía Pérez" --team north --location madrid-01
    Add {
        /// The agent id used in interaction exports, e.g. a-017.
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        team: Option<String>,
        /// The location (store) the agent works at, if any.
        #[arg(long)]
        location: Option<String>,
    },
    /// List agents.
    ///
    /// Example: qaudit agent list --team north
    List {
        #[arg(long)]
        team: Option<String>,
    },
    /// Import agents from a CSV file with columns id, name, team, location.
    ///
    /// The whole file is checked and imported in one transaction; a bad row is reported with its
    /// line number and nothing is imported. Rows that are already stored unchanged are skipped.
    ///
    /// Example: qaudit agent import agents.csv
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
    },
}

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Scores interactions.
    Evaluator,
    /// Logs mystery-shopper visits.
    Shopper,
    /// Reviews visits, resolves disputes, runs calibration.
    Lead,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member with one or more roles (or add roles to an existing one).
    ///
    /// Example: qaudit staff add marta --name "Marta Gil" --role evaluator --role lead
    Add {
        /// The id people pass as --as (or QAUDIT_USER).
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<Role>,
    },
    /// List staff and their roles.
    ///
    /// Example: qaudit staff list --role evaluator
    List {
        #[arg(long, value_enum)]
        role: Option<Role>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LocationCommand {
    /// Add a location (or update an existing one).
    ///
    /// Example: qaudit location add madrid-01 --name "Madrid Gran Vía" --region centre
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        address: Option<String>,
    },
    /// List locations.
    ///
    /// Example: qaudit location list --region centre
    List {
        #[arg(long)]
        region: Option<String>,
    },
    /// Import locations from a CSV file with columns id, name, region, address.
    ///
    /// One transaction; a bad row is reported with its line number and nothing is imported.
    ///
    /// Example: qaudit location import stores.csv
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// Import interactions from a CSV export.
    ///
    /// Required columns: id, agent, channel, occurred_at. Optional: duration_s, customer; any
    /// other column is kept. Use --map to read another system's column names. The whole file is
    /// one transaction: a bad row stops the import with its line number, unless --skip-invalid.
    /// Ids already stored are skipped. Customer identifiers are pseudonymised.
    ///
    /// Example: qaudit interaction import calls.csv --map "Agent ID=agent" --timezone Europe/Madrid
    Import(InteractionImportArgs),
    /// List interactions.
    ///
    /// Example: qaudit interaction list --agent a-017 --from 2026-11-01
    List {
        #[arg(long)]
        agent: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// First day (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long)]
        from: Option<String>,
        /// Last day, inclusive.
        #[arg(long)]
        to: Option<String>,
        /// At most this many rows (newest first).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Debug, Args)]
pub struct InteractionImportArgs {
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    /// Read a column under another name: --map "their column=our_field" (repeatable).
    #[arg(long = "map", value_name = "THEIRS=OURS")]
    pub maps: Vec<String>,
    /// Time zone of dates written without an offset, e.g. Europe/Madrid (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
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
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The interaction's id (as imported).
    #[arg(long)]
    pub interaction: String,
    /// The rubric to score with (its latest version).
    #[arg(long)]
    pub rubric: String,
    /// A YAML answers file: `answers:`, optional `comments:` and `comment:`.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer, e.g. --set courtesy.greeting=yes (repeatable; overrides the answers file).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// A comment on one criterion, e.g. --note "empathy.acknowledge=Did not apologise".
    #[arg(long = "note", value_name = "KEY=TEXT")]
    pub notes: Vec<String>,
    /// The overall comment for the agent.
    #[arg(long)]
    pub comment: Option<String>,
    /// Save as a draft: answers may be incomplete; scoring again completes it.
    #[arg(long)]
    pub draft: bool,
    /// Ask for the missing answers even when standard input is not a terminal (for scripts).
    #[arg(long)]
    pub interactive: bool,
}

#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Log a mystery-shopper visit with its answers, narrative and attachments.
    ///
    /// Example: qaudit visit log --location madrid-01 --rubric store-visit --visited-at "2026-11-20 11:05" --answers visit.yaml --attach receipt.jpg
    Log(Box<VisitLogArgs>),
    /// Approve a visit, or return it to the shopper with a note (lead role).
    ///
    /// Only approved visits count in reports and flags.
    ///
    /// Example: qaudit visit review 14 --return --note "Receipt photo is unreadable"
    Review {
        /// The visit number.
        id: i64,
        #[arg(long, conflicts_with = "return_visit", required_unless_present = "return_visit")]
        approve: bool,
        #[arg(long = "return", requires = "note")]
        return_visit: bool,
        /// Why (required when returning).
        #[arg(long)]
        note: Option<String>,
    },
    /// List visits.
    ///
    /// Example: qaudit visit list --status complete
    List {
        #[arg(long, value_enum)]
        status: Option<VisitStatus>,
        #[arg(long)]
        location: Option<String>,
        /// Only planned visits not yet logged.
        #[arg(long)]
        planned: bool,
    },
}

/// Where a visit is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VisitStatus {
    Planned,
    Complete,
    Approved,
    Returned,
}

#[derive(Debug, Args)]
pub struct VisitLogArgs {
    #[arg(long)]
    pub location: String,
    #[arg(long)]
    pub rubric: String,
    /// When the shopper arrived (YYYY-MM-DD HH:MM or RFC 3339).
    #[arg(long)]
    pub visited_at: String,
    #[arg(long)]
    pub departed_at: Option<String>,
    /// Minutes waited before being served.
    #[arg(long)]
    pub wait_minutes: Option<f64>,
    /// The agent who served the shopper, if known.
    #[arg(long)]
    pub staff_agent: Option<String>,
    /// A text file with the shopper's account of the visit.
    #[arg(long, value_name = "FILE")]
    pub narrative_file: Option<PathBuf>,
    /// Evidence to store with the visit: receipts, photos (repeatable).
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// The answers file.
    #[arg(long, value_name = "FILE")]
    pub answers: PathBuf,
    /// Fulfil this planned visit, or resubmit this visit after a lead returned it.
    #[arg(long, value_name = "VISIT")]
    pub visit: Option<i64>,
    /// A timezone for times without an offset (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EvaluationCommand {
    /// List evaluations, newest first.
    ///
    /// Example: qaudit evaluation list --agent a-017 --from -30d
    List(EvaluationListArgs),
    /// Show one evaluation: every answer and comment, and its revisions.
    ///
    /// Example: qaudit evaluation show 12
    Show { id: i64 },
    /// Change answers of an evaluation; the old revision is kept.
    ///
    /// Example: qaudit evaluation amend 12 --set empathy.acknowledge=met --reason "Agreed in review"
    Amend {
        id: i64,
        #[arg(long = "set", value_name = "KEY=VALUE", required = true)]
        sets: Vec<String>,
        /// A new comment on a criterion: --note KEY=TEXT (repeatable).
        #[arg(long = "note", value_name = "KEY=TEXT")]
        notes: Vec<String>,
        #[arg(long)]
        reason: String,
    },
    /// Void an evaluation: it stays on record but no longer counts.
    ///
    /// Example: qaudit evaluation void 12 --reason "Scored the wrong call"
    Void {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Record that the agent has seen the evaluation.
    ///
    /// Example: qaudit evaluation ack 12
    Ack { id: i64 },
    /// Import past evaluations from a spreadsheet, one row per criterion (long format).
    ///
    /// Columns: evaluation, subject, agent, evaluator, rubric, scored_at, criterion, value,
    /// comment. Rows with the same evaluation reference form one evaluation; each is validated
    /// like `score`. One transaction; ids already imported are skipped.
    ///
    /// Example: qaudit evaluation import history.csv
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct EvaluationListArgs {
    #[arg(long)]
    pub agent: Option<String>,
    #[arg(long)]
    pub evaluator: Option<String>,
    #[arg(long)]
    pub rubric: Option<String>,
    /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the work, inclusive.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<EvaluationStatus>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

/// An evaluation's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvaluationStatus {
    Draft,
    Submitted,
    Void,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only entries about this entity, e.g. evaluation:12 or rubric:call-quality (prefix match).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only entries by this person.
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// At most this many entries (newest first).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
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
