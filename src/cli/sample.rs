//! The `sample` commands: draw a fair, repeatable sample and size one. Doc comments here are
//! the help text people read.

use crate::sampling::Stratify;
use clap::{Args, Subcommand};

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
        /// The sample number (`sample list` shows them).
        id: i64,
        /// Re-run the draw from the recorded seed and check it gives the same list.
        #[arg(long)]
        verify: bool,
        /// Language of the result (default: the sample's rubric's language).
        #[arg(long)]
        lang: Option<crate::lang::Lang>,
    },
    /// List samples with their progress.
    ///
    /// Example: qaudit sample list
    List {
        /// Language of the table (default: the language every sample's rubric shares, else
        /// English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
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
    /// Sample new hires more heavily: agents with some day of the period in their first N weeks
    /// of tenure (counted from `agent add --hired-on`) get --new-hire-per-agent interactions
    /// instead of --per-agent. Who was a new hire is recorded with the sample.
    #[arg(long, value_name = "N", requires = "new_hire_per_agent")]
    pub new_hire_weeks: Option<u32>,
    /// How many interactions to draw for each new hire (more than --per-agent).
    #[arg(long, value_name = "K", requires = "new_hire_weeks")]
    pub new_hire_per_agent: Option<u32>,
    /// Show what would be drawn without recording anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Language of the result (default: the rubric's language, else English).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
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
