//! The command line (DESIGN.md section 7). Doc comments here are the help text people read:
//! one line of what a command does, then a paragraph and an example.

mod config;
mod export;
mod import;

pub use config::ConfigCommand;
pub use export::{ExportArgs, ExportKind, ExportStatus};

use crate::output::Format;
use clap::{Args, Parser, Subcommand};
pub use import::ImportOptions;
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
    Status,

    /// Print a shell completion script.
    ///
    /// Example (bash): qaudit completions bash > ~/.local/share/bash-completion/completions/qaudit
    Completions {
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
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The seed: the same seed builds the same store.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    #[arg(long, default_value_t = 24)]
    pub agents: usize,
    #[arg(long, default_value_t = 3000)]
    pub interactions: usize,
    #[arg(long, default_value_t = 900)]
    pub evaluations: usize,
    #[arg(long, default_value_t = 96)]
    pub visits: usize,
    /// Open the reports it writes in the default browser.
    #[arg(long)]
    pub open: bool,
}

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

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
}

#[derive(Debug, Subcommand)]
pub enum SampleCommand {
    /// Draw up to N interactions per agent in a period, uniformly at random, and assign them.
    ///
    /// Only interactions not yet evaluated are drawn (unless --include-evaluated), and never one
    /// that is already in an open item of another sample. Each agent's interactions are sorted
    /// by time (then id) and N of them chosen by a seeded partial Fisher-Yates shuffle (ChaCha8),
    /// so the draw is the same on every machine for a seed and the same data; the seed and every
    /// parameter are recorded and printed, and `sample show ID --verify` re-draws it. Agents
    /// with fewer interactions than the quota get all of theirs, and the shortfall is listed.
    /// Items are shared among the evaluators (equally, or by the given shares), never to an
    /// evaluator whose own agent id it is. Needs the lead role.
    ///
    /// Example: qaudit sample draw --from 2026-11-16 --to 2026-11-22 --per-agent 4 --evaluators eva,lea --seed 42
    Draw(SampleDrawArgs),
    /// Show a sample: its parameters, seed, items, who scored what, and progress.
    ///
    /// With --verify, the draw is run again from the recorded seed and parameters against the
    /// store as it was when the sample was drawn, and the two lists are compared.
    ///
    /// Example: qaudit sample show 3 --verify
    Show {
        id: i64,
        /// Re-run the draw from the recorded seed and check it gives the same list.
        #[arg(long)]
        verify: bool,
    },
    /// List samples with their progress.
    ///
    /// Example: qaudit sample list
    List,
    /// How many to sample: for a proportion (Cochran) or to know an agent's average.
    ///
    /// With --population: evaluations needed to estimate a proportion (e.g. the pass rate)
    /// within --margin at --confidence. With --sd: evaluations needed to know an average score
    /// within --margin points.
    ///
    /// Example: qaudit sample size --population 10000 --margin 0.05
    Size(SampleSizeArgs),
}

#[derive(Debug, Args)]
pub struct SampleDrawArgs {
    /// First day of the period (YYYY-MM-DD, today, yesterday, -7d).
    #[arg(long, allow_hyphen_values = true)]
    pub from: String,
    /// Last day of the period, inclusive.
    #[arg(long, allow_hyphen_values = true)]
    pub to: String,
    /// How many interactions to draw for each agent.
    #[arg(long)]
    pub per_agent: u32,
    /// Only these channels (repeatable).
    #[arg(long = "channel")]
    pub channels: Vec<String>,
    /// Only this team's agents.
    #[arg(long)]
    pub team: Option<String>,
    /// Only these agents (repeatable).
    #[arg(long = "agent")]
    pub agents: Vec<String>,
    /// The rubric the sample will be scored with (recorded; checks channels fit).
    #[arg(long)]
    pub rubric: Option<String>,
    /// Who scores: `eva,lea` (balanced) or `eva:60,lea:40` (shares). Default: every evaluator.
    #[arg(long)]
    pub evaluators: Option<String>,
    /// The random seed (default: chosen and printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Spread each agent's quota over channels in proportion to their volume.
    #[arg(long, value_enum)]
    pub stratify: Option<Stratify>,
    /// Also draw interactions that already have an evaluation (never assigned to someone who
    /// already scored them).
    #[arg(long)]
    pub include_evaluated: bool,
    /// Give this share of the sample (0-100) a second, blind evaluator as well: continuous
    /// double scoring. The second evaluation is a second opinion (it never counts) and feeds
    /// `report evaluators`.
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub double: Option<u32>,
    /// Show what would be drawn without recording anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// What a sample can be stratified by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stratify {
    Channel,
}

#[derive(Debug, Args)]
pub struct SampleSizeArgs {
    /// Population size (interactions in the period, or an agent's contacts with --sd): applies
    /// the finite-population correction; omit for a very large population.
    #[arg(long)]
    pub population: Option<u64>,
    /// Standard deviation of overall scores (points), to size an estimate of an average.
    #[arg(long)]
    pub sd: Option<f64>,
    /// Margin of error: a proportion (0.05) with --population, points with --sd.
    #[arg(long)]
    pub margin: Option<f64>,
    /// Confidence level, as a fraction (0.95 is 95%).
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Expected proportion (0.5 is the safe default).
    #[arg(long, default_value_t = 0.5)]
    pub proportion: f64,
}

#[derive(Debug, Args)]
pub struct VisitPlanArgs {
    /// The month to plan, YYYY-MM.
    #[arg(long)]
    pub month: String,
    /// Visits per location in the month.
    #[arg(long)]
    pub per_location: u32,
    /// Only these locations (comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    pub locations: Vec<String>,
    /// The shoppers to plan for (comma-separated; default: every shopper).
    #[arg(long, value_delimiter = ',')]
    pub shoppers: Vec<String>,
    /// Days before the same shopper may visit the same location again.
    #[arg(long, default_value_t = 30)]
    pub lockout_days: u32,
    /// The random seed (default: chosen and printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Days no location opens, e.g. --closed 2026-12-24,2026-12-25 (besides each location's
    /// own closed weekdays, `location add --open-days`).
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    pub closed: Vec<String>,
}

/// The limits of the visit integrity checks (see `visit show`).
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// A photo taken more than this many hours before arrival or after departure is doubtful.
    #[arg(long, value_name = "HOURS", default_value_t = 2.0)]
    pub photo_hours: f64,
    /// A stay shorter than this many minutes is implausible.
    #[arg(long, value_name = "MINUTES", default_value_t = 3.0)]
    pub min_dwell: f64,
    /// A stay longer than this many minutes is implausible.
    #[arg(long, value_name = "MINUTES", default_value_t = 240.0)]
    pub max_dwell: f64,
    /// A visit first logged more than this many hours after it ended is late.
    #[arg(long, value_name = "HOURS", default_value_t = 72.0)]
    pub late_hours: f64,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The feedback sheet for one evaluation, to hand to the agent as it is.
    ///
    /// Who, what, when and with which rubric; the result (overall, band, pass or fail); critical
    /// failures first; every section with its answers and comments; strengths and the two or
    /// three criteria to work on with the rubric's coaching text; the evaluator's comment; and how
    /// to dispute it, until when. In the rubric's language unless --lang.
    ///
    /// Example: qaudit report feedback 12 --output feedback-12.html
    Feedback {
        /// The evaluation number.
        evaluation: i64,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// One row per agent: evaluations, average, trend, pass rate, critical failures, weakest
    /// section, open disputes, evaluations and coaching plans acknowledged, with team totals and
    /// KPIs (resolution failures, first-contact resolution, average handling time).
    ///
    /// One table per rubric scored in the period (most evaluations first), so pass marks and
    /// sections of different rubrics never mix; `--rubric` gives one. Agents are sorted by
    /// average, highest first; agents without evaluations in the period come last. The trend compares with the previous period of the same length. Only counted
    /// evaluations (submitted, not calibration, approved visits) are included. The period
    /// defaults to the 30 days ending today.
    ///
    /// Example: qaudit report team --team north --from 2026-11-01 --to 2026-11-30 --output team.html
    Team {
        /// Only this team's agents (all of them, evaluated or not).
        #[arg(long)]
        team: Option<String>,
        /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the work, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// One table, for this rubric (default: one table per rubric scored in the period).
        #[arg(long)]
        rubric: Option<String>,
        /// The fewest evaluations both periods need before a trend arrow is shown; below it the
        /// trend reads "n too small".
        #[arg(long, value_name = "N", default_value_t = crate::report::common::DEFAULT_TREND_MIN_N)]
        trend_min_n: u64,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// The mystery-shopping league table: locations ranked by average, approved visits only.
    ///
    /// Per location: visits, average, rank, change since the previous period of the same length
    /// and weakest section; then the regions, best and worst. The period defaults to the 30 days
    /// ending today.
    ///
    /// Example: qaudit report locations --region centre --from -30d
    Locations {
        /// Only this region's locations.
        #[arg(long)]
        region: Option<String>,
        /// First day of the visits (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the visits, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// Only visits scored with this rubric (without it, one table per rubric).
        #[arg(long)]
        rubric: Option<String>,
        #[command(flatten)]
        checks: CheckArgs,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Per evaluator: how many scored, average given, and leniency against their peers.
    ///
    /// Leniency is the mean z-score of the evaluator's overall scores against every evaluation
    /// of the same rubric in the period: above +0.5 leans lenient, below -0.5 harsh (judged from
    /// 5 evaluations). The period defaults to the 30 days ending today.
    ///
    /// Example: qaudit report evaluators --from 2026-11-01
    Evaluators {
        /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the work, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// The rolling window: each evaluator's last N double-scored contacts.
        #[arg(long, value_name = "N", default_value_t = crate::report::evaluator_reliability::DEFAULT_WINDOW)]
        window: usize,
        /// Points within which two scores of the same contact agree.
        #[arg(long, value_name = "POINTS", default_value_t = crate::stats::DEFAULT_TOLERANCE)]
        tolerance: f64,
        /// Seed of the bootstrap intervals.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        report: ReportOptions,
    },
}

#[derive(Debug, Subcommand)]
pub enum CoachCommand {
    /// A coaching plan for an agent over a period: focus criteria, actions, goals, follow-up.
    ///
    /// Focus criteria are ranked by their weight in the rubric times their gap to the section's
    /// target; criteria with a critical failure come first; others must have been observed (not
    /// N/A) at least --min-observations times. Each gets the rubric's coaching text as the action
    /// and the target as its goal. The follow-up comes --follow-up-days after the plan starts,
    /// with the number of evaluations to sample before it. The period defaults to the 30 days
    /// ending today; the rubric to the one most of the agent's evaluations use.
    ///
    /// Example: qaudit --as lea coach plan a-017 --from -30d --save --output plan.html
    Plan {
        /// The agent's id.
        agent: String,
        /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the work, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// The rubric (default: the one most of the agent's evaluations in the period use).
        #[arg(long)]
        rubric: Option<String>,
        /// Answers (not N/A) a criterion needs in the period to be a focus criterion.
        #[arg(long, default_value_t = 3, value_name = "N")]
        min_observations: u32,
        /// How many focus criteria at most.
        #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
        focus: u32,
        /// Days from the start of the plan to its follow-up review.
        #[arg(long, default_value_t = 30, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=365))]
        follow_up_days: u32,
        /// The day the plan starts, e.g. the coaching session (default: today). Work from this
        /// day on counts as "after" in the review.
        #[arg(long, allow_hyphen_values = true, value_name = "DAY")]
        starts: Option<String>,
        /// Record the plan (lead role), so the agent can acknowledge it and it can be reviewed
        /// after the follow-up date. The same plan (agent, period, rubric, focus) with no newer
        /// evaluation is refused with the saved plan's number.
        #[arg(long)]
        save: bool,
        /// The lead's note to the agent from the coaching meeting.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// An action agreed in the meeting, for the lead or the team (repeatable).
        #[arg(long = "action", value_name = "TEXT")]
        actions: Vec<String>,
        /// A commitment the agent made in the meeting (repeatable).
        #[arg(long = "commitment", value_name = "TEXT")]
        commitments: Vec<String>,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Show a saved coaching plan with what was agreed and every comment since.
    ///
    /// Example: qaudit coach show 4 --output plan.html
    Show {
        /// The plan number (see `coach list`).
        id: i64,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Add a comment to a saved plan: the agent (--as AGENT_ID, on their own plan) or a lead.
    ///
    /// Example: qaudit --as a-017 coach note 4 "I will listen back to two calls a week"
    Note {
        /// The plan number (see `coach list`).
        id: i64,
        /// The comment.
        text: String,
    },
    /// List saved coaching plans, newest first, with their follow-up dates.
    ///
    /// Example: qaudit coach list --agent a-017
    List {
        /// Only this agent's plans.
        #[arg(long)]
        agent: Option<String>,
    },
    /// Record that the agent has seen and agreed the plan (the agent, or a lead for them).
    ///
    /// Example: qaudit --as a-017 coach ack 4
    Ack {
        /// The plan number (see `coach list`).
        id: i64,
    },
    /// After the follow-up date: the focus criteria before and after the plan. Did it work?
    ///
    /// Before is the plan's period; after runs from the day the plan started to today. Each
    /// focus criterion is marked goal met, improved (5 points or more), no change, worse or no
    /// data; refused before the follow-up date.
    ///
    /// Example: qaudit coach review 4 --output review-4.html
    Review {
        /// The plan number (see `coach list`).
        id: i64,
        #[command(flatten)]
        report: ReportOptions,
    },
}

#[derive(Debug, Args)]
pub struct FlagsArgs {
    /// The day the windows end, included (YYYY-MM-DD, today, yesterday, -7d; default: today).
    #[arg(long, allow_hyphen_values = true)]
    pub as_of: Option<String>,
    /// Only this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// Only the agents of this team.
    #[arg(long)]
    pub team: Option<String>,
    /// Only reward or only discipline rules.
    #[arg(long, value_enum)]
    pub kind: Option<FlagKindArg>,
    #[command(flatten)]
    pub report: ReportOptions,
}

/// Reward or discipline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlagKindArg {
    Reward,
    Discipline,
}

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
    },
}

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
    Status { id: i64 },
    /// Close a session (lead role): its scores are unsealed and its report becomes available.
    ///
    /// Closing is final: unfinished drafts and subjects not scored are left out of the report
    /// as missing values.
    ///
    /// Example: qaudit calibrate close 2
    Close { id: i64 },
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

/// Krippendorff's alpha metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Nominal,
    Ordinal,
    Interval,
    Ratio,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent (or update the name, team and location of an existing one).
    ///
    /// Adding an id that is stored updates it and says what changed; --team and --location
    /// left out keep their stored values, and an empty value (--team "") clears them. The
    /// location must be stored first (`qaudit location add`).
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
    /// The first line must name the columns (id and name are required; any other column is
    /// refused). The whole file is checked and imported in one transaction: every bad row is
    /// reported as file:line and nothing is imported. Stored ids are updated; rows already
    /// stored unchanged are skipped, so importing the same file again changes nothing. A column
    /// left out of the file keeps the stored values; an empty cell clears them.
    ///
    /// Example: qaudit agent import agents.csv --delimiter ";" --encoding windows-1252
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
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
    /// Designate the reference evaluator of a rubric (lead role): `report evaluators` compares
    /// every other evaluator with them on the contacts both scored.
    ///
    /// Without one, the mean of the other evaluators is the reference.
    /// Example: qaudit staff reference call-quality lea
    Reference {
        /// The rubric.
        rubric: String,
        /// The staff member (with the evaluator role) whose scores are the reference.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LocationCommand {
    /// Add a location (or update an existing one).
    ///
    /// --region, --address, --open-days and --timezone left out keep their stored values; an
    /// empty value clears them. A location without opening days opens every day; without a
    /// time zone its visit and photo times are read in UTC.
    ///
    /// Example: qaudit location add madrid-01 --name "Madrid Gran Vía" --region centre --open-days Mon-Sat --timezone Europe/Madrid
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        address: Option<String>,
        /// The days it opens: Mon-Sat, Mon-Fri,Sun, Tue,Thu (`visit plan` plans no visit on
        /// other days).
        #[arg(long, value_name = "DAYS")]
        open_days: Option<String>,
        /// Its IANA time zone, e.g. Europe/Madrid: visit times typed without an offset and EXIF
        /// photo times are read in it.
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
    },
    /// List locations.
    ///
    /// Example: qaudit location list --region centre
    List {
        #[arg(long)]
        region: Option<String>,
    },
    /// Import locations from a CSV file with columns id, name, region, address, open_days,
    /// timezone (open_days as `Mon-Sat`; only id and name are required).
    ///
    /// Same rules as `agent import`: a header naming the columns (id and name required), one
    /// transaction, every bad row reported as file:line and nothing imported; unchanged rows
    /// are skipped.
    ///
    /// Example: qaudit location import stores.csv --map "Store=id"
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
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
        #[arg(long)]
        agent: Option<String>,
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
    /// Score as a participant of this calibration session: the result stays sealed until a lead
    /// closes it, and never counts in reports or flags.
    #[arg(long, value_name = "SESSION")]
    pub calibration: Option<i64>,
    /// Score a contact that another evaluation already counts for (or that its sample assignee
    /// is drafting): a second opinion, which never counts in reports or flags and feeds the
    /// evaluator-agreement figures of `report evaluators`.
    #[arg(long, conflicts_with = "calibration")]
    pub second_opinion: bool,
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
        /// A note on one question for the shopper, e.g. --comment-on "tangibles.clean=The photo
        /// does not show the fitting rooms" (repeatable; the shopper sees it in `visit show`).
        #[arg(long = "comment-on", value_name = "KEY=TEXT")]
        comment_on: Vec<String>,
    },
    /// Everything about one visit: location, shopper, employee, planned visit, arrival,
    /// departure, dwell and wait, narrative, every attachment (name, type, size, sha256), each
    /// submission and review with its notes, the scores, and (for leads) the integrity checks
    /// and EXIF positions.
    ///
    /// Leads see any visit; a shopper sees their own, without the integrity reasons. --output
    /// visit.html (or .md) writes a printable visit report with the photos inline.
    ///
    /// Example: qaudit visit show 14 --output visit-14.html
    Show {
        /// The visit number.
        id: i64,
        #[command(flatten)]
        checks: CheckArgs,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Write a visit's attachments into a folder, byte for byte.
    ///
    /// File names are made safe (no folders, no control characters) and unique (photo.jpg,
    /// photo-2.jpg); a file already in the folder is never overwritten: nothing is written then.
    /// Removed evidence is left out unless --removed.
    ///
    /// Example: qaudit visit evidence 14 --output evidence-14/
    Evidence {
        /// The visit number.
        id: i64,
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// Also write evidence that was removed (and not purged).
        #[arg(long)]
        removed: bool,
    },
    /// Purge the bytes of removed evidence (lead role); its name, sha256 and tombstone stay.
    ///
    /// Example: qaudit visit purge 14 --evidence old-receipt.jpg --reason "Shows a customer's card"
    Purge {
        /// The visit number.
        id: i64,
        /// The removed attachment's stored name.
        #[arg(long, value_name = "NAME")]
        evidence: String,
        #[arg(long)]
        reason: String,
    },
    /// Plan a month of mystery-shopper visits: spread over the month, balanced across shoppers,
    /// never the same shopper at the same location within the lockout.
    ///
    /// The month is cut into one window per visit, so a location's visits fall in different
    /// parts of the month. The lockout also counts visits already logged or planned. The plan is
    /// deterministic for a seed; it is recorded, and a shopper fulfils a planned visit with
    /// `qaudit visit log --visit ID`. Needs the lead role.
    ///
    /// Example: qaudit visit plan --month 2026-12 --per-location 2 --seed 7
    Plan(VisitPlanArgs),
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
    pub visited_at: Option<String>,
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
    /// The answers file (optional when resubmitting: answers given replace those of the last
    /// submission, the others are kept).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Fulfil this planned visit, or resubmit this visit after a lead returned it. Fields and
    /// answers not given again are kept; evidence already stored (same sha256) is not stored
    /// twice.
    #[arg(long, value_name = "VISIT")]
    pub visit: Option<i64>,
    /// When resubmitting, take this attachment off the visit (by its stored name; repeatable).
    /// It leaves a tombstone (who, when, --reason); its bytes stay.
    #[arg(long = "remove-evidence", value_name = "NAME", requires = "reason")]
    pub remove_evidence: Vec<String>,
    /// Why the evidence is removed.
    #[arg(long)]
    pub reason: Option<String>,
    /// A timezone for times without an offset (default UTC).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Score an already logged visit as a participant of this calibration session: give the
    /// visit with --visit (or leave it out when the session has one visit at --location), its
    /// day with --visited-at, and --answers; no visit is logged and no evidence is added.
    #[arg(long, value_name = "SESSION")]
    pub calibration: Option<i64>,
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
    /// Make this evaluation the one that counts for its subject; the others become second
    /// opinions (lead role, audited).
    ///
    /// One evaluation counts per interaction or visit: the first submitted, or the sample
    /// assignee's. Example: qaudit evaluation count 31 --reason "eva scored the wrong recording"
    Count {
        /// The evaluation number.
        id: i64,
        /// Why the choice changes (recorded in the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Import past evaluations from a spreadsheet, one row per criterion (long format).
    ///
    /// Columns: evaluation, subject, agent, evaluator, rubric, scored_at, criterion, value,
    /// comment. Rows with the same evaluation reference form one evaluation; each is validated
    /// like `score`. One transaction; ids already imported are skipped.
    ///
    /// Example: qaudit evaluation import history.csv --date-format "%d/%m/%Y %H:%M"
    Import {
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
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
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day of the work, inclusive.
    #[arg(long, allow_hyphen_values = true)]
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
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub what: Option<LogCommand>,
    /// Only entries about this entity, e.g. evaluation:12 or rubric:call-quality (prefix match).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only entries by this person.
    #[arg(long = "actor", id = "log_actor", value_name = "NAME")]
    pub actor: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// At most this many entries (newest first).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Print the last entry's sequence number and hash (SEQ:HASH), to keep elsewhere.
    ///
    /// Example: qaudit log head
    Head,
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
