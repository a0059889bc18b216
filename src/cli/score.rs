//! The `score` command. Doc comments here are the help text people read.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The interaction's id (as imported). Without it, `--practice --agent ID --channel C`
    /// scores a simulated contact.
    #[arg(long)]
    pub interaction: Option<String>,
    /// The rubric to score with (its latest version).
    #[arg(long)]
    pub rubric: String,
    /// A YAML answers file: `answers:`, optional `comments:` and `comment:`.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer, e.g. --set courtesy.greeting=yes (repeatable; overrides the answers file).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub comments: CriterionComments,
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
    /// Score as practice (training): a recording used in training (--interaction) or a
    /// role-play or simulated contact (--agent, --channel). Shown as practice on the agent's
    /// sheet and in `coach review`; never counts in reports, flags, samples or calibration.
    /// `practice: true` in the answers file does the same.
    /// Refused with --calibration and --second-opinion (by the scoring rules, so that
    /// `practice: true` in the answers file is refused the same way).
    #[arg(long)]
    pub practice: bool,
    /// The agent of a simulated contact (with --practice, instead of --interaction).
    #[arg(long, conflicts_with = "interaction", requires = "channel")]
    pub agent: Option<String>,
    /// The channel of a simulated contact.
    #[arg(long, value_enum, requires = "agent")]
    pub channel: Option<crate::scoring::practice::Channel>,
    /// What the simulated contact played, e.g. "angry customer, late refund".
    #[arg(long, value_name = "TEXT", requires = "agent")]
    pub scenario: Option<String>,
    /// When the simulated contact took place (default: now), e.g. 2026-11-02T10:00.
    #[arg(long, value_name = "TIME", requires = "agent")]
    pub occurred_at: Option<String>,
    /// The language of the result, the refusals and the prompt (default: the rubric's).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

/// Comments on criteria, `--comment-on KEY=TEXT` (issue 15: `--note` is a message to a person).
/// The old `--note KEY=TEXT` of `score` and `evaluation amend` is still taken for one version,
/// hidden from the help, with a notice.
#[derive(Debug, Clone, Default, Args)]
pub struct CriterionComments {
    /// A comment on one criterion, e.g. --comment-on "empathy.acknowledge=Did not apologise"
    /// (repeatable).
    #[arg(long = "comment-on", value_name = "KEY=TEXT")]
    pub comment_on: Vec<String>,
    /// The old name of --comment-on.
    #[arg(long = "note", value_name = "KEY=TEXT", hide = true)]
    pub deprecated_note: Vec<String>,
}

impl CriterionComments {
    /// Every comment given, under either name.
    pub fn all(&self) -> Vec<String> {
        self.comment_on.iter().chain(&self.deprecated_note).cloned().collect()
    }

    /// The notice for the old name, when it was used.
    pub fn deprecation(&self) -> Option<&'static str> {
        (!self.deprecated_note.is_empty()).then_some(
            "note: --note KEY=TEXT is now --comment-on KEY=TEXT (a criterion's comment); --note will stop taking KEY=TEXT in the next version",
        )
    }
}
