//! The `coach` commands. Doc comments here are the help text people read.

use crate::report::ReportOptions;
use clap::Subcommand;

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
        /// Language of the table (default: the language every rubric of the plans shares,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Record that the agent has seen and agreed the plan (the agent, or a lead for them).
    ///
    /// Example: qaudit --as a-017 coach ack 4
    Ack {
        /// The plan number (see `coach list`).
        id: i64,
    },
    /// Record a training session of a plan (lead role): a simulation, workshop, e-learning
    /// module or shadowing on a day, aimed at some of the rubric's criteria.
    ///
    /// Sessions are kept as recorded (a correction is a new session with a note). `coach show`
    /// lists them; `coach review` says, per targeted criterion, whether the agent's counted work
    /// improved from the session day on.
    ///
    /// Example: qaudit --as lea coach session 4 --date 2026-11-20 --kind simulation --criteria empathy.acknowledge,courtesy.greeting
    Session {
        /// The plan number (see `coach list`).
        id: i64,
        /// The day of the session (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true, value_name = "DAY")]
        date: String,
        /// How the agent was trained.
        #[arg(long, value_enum)]
        kind: crate::coaching::training::Kind,
        /// The criteria it targets, as section.criterion keys of the plan's rubric.
        #[arg(long, value_delimiter = ',', required = true, value_name = "KEY[,KEY...]")]
        criteria: Vec<String>,
        /// What was done, e.g. "role-play of a late refund with the team lead".
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// After the follow-up date: the focus criteria before and after the plan. Did it work?
    ///
    /// Before is the plan's period; after runs from the day the plan started to today. Each
    /// focus criterion is marked goal met, improved (5 points or more), no change, worse or no
    /// data; refused before the follow-up date. Each training session's criteria are compared
    /// before and from its day (improved, not improved, or too few with fewer than 3 answers a
    /// side), and the agent's practice evaluations are listed as training evidence.
    ///
    /// Example: qaudit coach review 4 --output review-4.html
    Review {
        /// The plan number (see `coach list`).
        id: i64,
        #[command(flatten)]
        report: ReportOptions,
    },
}
