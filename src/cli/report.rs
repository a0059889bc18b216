//! The `report` commands. Doc comments here are the help text people read.

use crate::report::ReportOptions;
use crate::visits::CheckArgs;
use clap::Subcommand;

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
    /// When contacts of the period carry customer-voice figures (CSAT, NPS, complaints,
    /// response times...), a "Customer voice" section gives them for the team and per agent,
    /// over every real contact of the period, evaluated or not; an agent reading the report
    /// sees only their own row of it.
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
        /// Only contacts in this channel (phone, chat, email...): evaluations, trend, KPIs and
        /// contacts handled. Visits are in no channel, so a visit rubric shows none.
        #[arg(long)]
        channel: Option<String>,
        /// The fewest evaluations both periods need before a trend arrow is shown; below it the
        /// trend reads "n too small".
        #[arg(long, value_name = "N", default_value_t = crate::report::common::DEFAULT_TREND_MIN_N)]
        trend_min_n: u64,
        /// Mark as new hires the agents with some day of the period in their first N weeks of
        /// tenure (from `agent add --hired-on`).
        #[arg(long, value_name = "N", default_value_t = crate::tenure::DEFAULT_NEW_HIRE_WEEKS)]
        new_hire_weeks: u32,
        /// The customer-voice section's repeat-contact rate: a contact counts as repeated when
        /// the same (pseudonymised) customer contacts again within N days after it.
        #[arg(long, value_name = "N", default_value_t = crate::report::voice::DEFAULT_REPEAT_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=365))]
        repeat_days: u32,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// New hires' ramp-up: the mean score of their counted evaluations by week of tenure.
    ///
    /// For every agent with a hire date (`agent add --hired-on`), week 1 being the hire day and
    /// the six days after it: n and the mean overall score of the counted evaluations of the
    /// work done in each of their first N weeks, and the same for the cohort (every evaluation
    /// of that week of tenure, whoever the agent). Only counted evaluations (submitted, not
    /// practice, calibration or second opinions). In the rubric's language (Spanish for a
    /// Spanish rubric) unless --lang; html has a line chart.
    ///
    /// Example: qaudit report ramp-up --weeks 8 --rubric call-quality --team north --output ramp-up.html
    RampUp {
        /// How many weeks of tenure to show.
        #[arg(long, value_name = "N", default_value_t = crate::tenure::DEFAULT_NEW_HIRE_WEEKS)]
        weeks: u32,
        /// Only evaluations with this rubric (default: every rubric's overall score).
        #[arg(long)]
        rubric: Option<String>,
        /// Only this team's agents.
        #[arg(long)]
        team: Option<String>,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Per criterion: mean score, share failing, n and trend, worst first, with a heat map.
    ///
    /// The training view: which criteria the team fails most. One table per rubric scored in
    /// the period (criterion keys belong to a rubric); `--rubric` gives one. Per criterion: the
    /// mean normalised score (as %), the share of answers failing, n (answers counted; N/A never
    /// counts), the same for the previous period of the same length and the trend (points of
    /// mean; "n too small" when either period has fewer than --min-n answers). An answer fails
    /// when a critical criterion fails by its fail_below rule, or, for any other criterion, when
    /// its normalised score is below 0.5 (a "no" on yes/no). The heat map (html; a table in md
    /// and txt) crosses criteria with teams (default) or months (--by month), each cell with its
    /// mean and n. Only counted evaluations (submitted, not void, calibration, second opinion,
    /// practice or mystery), by the date of the work. The period defaults to the 30 days ending
    /// today.
    ///
    /// Example: qaudit report criteria --team north --from 2026-11-01 --to 2026-11-30 --output criteria.html
    Criteria {
        /// One table, for this rubric (default: one per rubric scored in the period).
        #[arg(long)]
        rubric: Option<String>,
        /// Only the work of this team's agents.
        #[arg(long)]
        team: Option<String>,
        /// Only work at this location: visits to it, and contacts of agents who work there.
        #[arg(long)]
        location: Option<String>,
        /// Only contacts in this channel (phone, chat, email...). Visits are in no channel, so
        /// a visit rubric shows none.
        #[arg(long)]
        channel: Option<String>,
        /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the work, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// The heat map's columns: the agents' teams, or the months of the period.
        #[arg(long, value_enum, default_value = "team")]
        by: crate::report::criteria::Breakdown,
        /// The fewest answers both periods need before a trend is shown; below it the trend
        /// reads "n too small", and heat-map cells with fewer are marked.
        #[arg(long, value_name = "N", default_value_t = crate::report::common::DEFAULT_TREND_MIN_N)]
        min_n: u64,
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
    /// Mystery contacts by channel: n, mean score, pass rate, median and 90th percentile time
    /// to answer. Only shoppers' test contacts, never real ones.
    ///
    /// The time to answer of an email is in hours of the clock. The period (of the time each
    /// contact was started) defaults to the 30 days ending today.
    ///
    /// Example: qaudit report mystery --from 2026-11-01 --to 2026-11-30 --output mystery.html
    Mystery(super::MysteryReportArgs),
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
        /// Only evaluations of contacts in this channel (phone, chat, email...), for the
        /// evaluators and the peers they are compared with, reliability and disputes alike.
        /// Visits are in no channel, so shoppers drop out.
        #[arg(long)]
        channel: Option<String>,
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
    /// Does the rubric measure what customers feel? Each criterion's association with CSAT and
    /// NPS, ranked.
    ///
    /// Per rubric (every rubric with rated contacts, most first, unless --rubric), over the
    /// counted evaluations of real contacts whose customer gave a CSAT or NPS (the latest
    /// survey answer, else the import's column): for every criterion, Spearman's rank
    /// correlation between its answers and CSAT, and NPS, with a 95% percentile-bootstrap
    /// interval (resampling contacts) and n. Benjamini-Hochberg over the criteria (false
    /// discovery rate 5%) decides which are related; the others read "no measurable relation"
    /// and are marked for review, the criteria customers feel most listed first. Also the
    /// overall score against CSAT and NPS. A series with fewer than 30 pairs shows no figure,
    /// only "too few". An association, not a cause. Leads only. The period (of the work)
    /// defaults to the 30 days ending today.
    ///
    /// Example: qaudit --as lea report validity --rubric call-quality --from 2026-09-01 --to 2026-11-30
    Validity {
        /// Only this rubric (default: every rubric with rated contacts in the period).
        #[arg(long)]
        rubric: Option<String>,
        /// First day of the work (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last day of the work, inclusive.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// Exactly N bootstrap resamples per interval, for speed (at least 200); the bounds
        /// print fewer decimals when N leaves the second to chance. Default: as many as two
        /// decimals need (2,000 doubling up to 32,000).
        #[arg(long, value_name = "N")]
        resamples: Option<usize>,
        /// Seed of the bootstrap intervals.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        report: ReportOptions,
    },
    /// Were like flags treated alike? Per flag rule, the decisions each lead took, per action
    /// with the evidence range (n and mean) they rested on; then the flags that fired with no
    /// decision after --days days.
    ///
    /// Decisions count by the day their evidence stood at (their --as-of), superseded ones
    /// left out. A flag is undecided when it fires as of --to minus --days and no decision
    /// rests on any of its evaluations. Leads only. The period defaults to the 30 days ending
    /// today.
    ///
    /// Example: qaudit --as lea report decisions --from 2026-11-01 --to 2026-11-30 --days 14
    Decisions {
        /// First as-of day of the decisions (YYYY-MM-DD, today, yesterday, -7d).
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Last as-of day, included.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// How many days a flag may wait for a decision before it is listed as undecided.
        #[arg(long, value_name = "N", default_value_t = crate::decisions::DEFAULT_WAIT_DAYS)]
        days: u32,
        #[command(flatten)]
        report: ReportOptions,
    },
}
