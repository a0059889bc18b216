//! Coaching plans and their review: what an agent should work on, and whether it worked.
//!
//! **Focus criteria.** Each criterion of the rubric is weighed by its *priority*: its share of
//! the whole rubric's weight (section weight share times criterion weight share within the
//! section) times its *gap*, the points by which the agent's average on it falls short of its
//! section's target (0 when at or above target). Criteria with a critical failure in the period
//! come first, whatever their priority and however few times they were observed (one data breach
//! is reason enough to coach). Other criteria need a gap and at least `min_observations`
//! answers other than N/A ([`MIN_OBSERVATIONS`] by default, `--min-observations`): an average of
//! one or two answers is not a pattern. Criteria below target but observed fewer times are listed
//! apart, to watch. At most `focus` criteria are chosen ([`FOCUS`] by default).
//!
//! **Actions and goals.** The action for each focus criterion is the rubric's `coaching` text; its
//! goal is to reach the section's target on average (for a critical criterion, also no failure)
//! over the evaluations sampled before the follow-up.
//!
//! **Follow-up.** On the day the plan starts (the day it is made unless `--starts`) plus
//! `--follow-up-days` ([`FOLLOW_UP_DAYS`] by default). How many evaluations to sample before then:
//! enough to know the agent's average within ±[`SAMPLE_MARGIN`] points at 95% confidence,
//! `ceil((1.96 × sd / 10)²)` with the standard deviation of the agent's overall scores in the
//! period ([`DEFAULT_SD`] when there are fewer than two), and enough to observe each focus
//! criterion `min_observations` times again at the rate it applied in the period; at least
//! `min_observations`, at most [`MAX_SAMPLE`].
//!
//! **Review.** After the follow-up date, each focus criterion before (the plan's period) and
//! after (from the day the plan started to today): *goal met* when the average after reaches the
//! target with no critical failure; *improved* when it rose by at least [`IMPROVEMENT`] points;
//! *worse* when it fell by as much; *no change* otherwise; *no data* when it was not observed
//! after. The coaching *worked* when every focus criterion observed after met its goal, *partly*
//! when at least one met its goal or improved, *not yet* otherwise.

use super::common::{Named, Period, PeriodView, RubricRef, Trend, trend, weight_share};
use super::training::IMPROVEMENT;
use crate::rubric::Rubric;
use crate::store::coaching::{CriterionStats, OverallStats};
use crate::store::reports::sample_sd;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Answers other than N/A a criterion needs in the period to be a focus criterion.
pub const MIN_OBSERVATIONS: u32 = 3;
/// How many focus criteria a plan has at most.
pub const FOCUS: usize = 3;
/// Days from the start of the plan to its follow-up.
pub const FOLLOW_UP_DAYS: u32 = 30;
/// The precision (points either side) the follow-up sample aims for on the agent's average:
/// about the width of a score band, enough to tell "meets standard" from "needs improvement".
pub const SAMPLE_MARGIN: f64 = 10.0;
/// The standard deviation of overall scores assumed when the period has fewer than two.
pub const DEFAULT_SD: f64 = 10.0;
/// The largest follow-up sample a plan asks for (a month of regular QA for one agent is rarely
/// more).
pub const MAX_SAMPLE: u32 = 20;

/// How a plan is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub min_observations: u32,
    pub focus: usize,
    pub follow_up_days: u32,
}

/// The statistics a plan is computed from (gathered by the command from the store).
pub struct Input<'a> {
    pub rubric: &'a Rubric,
    pub agent: Named,
    pub team: Option<String>,
    pub period: Period,
    pub current: OverallStats,
    pub previous: OverallStats,
    /// Section id, average, evaluations where it applied.
    pub sections: Vec<(String, f64, u64)>,
    pub criteria: Vec<CriterionStats>,
    pub previous_criteria: Vec<CriterionStats>,
}

/// A coaching plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The plan's number once saved.
    pub id: Option<i64>,
    pub agent: Named,
    pub team: Option<String>,
    pub rubric: RubricRef,
    pub period: PeriodView,
    pub previous_period: PeriodView,
    pub evaluations: u64,
    pub previous_evaluations: u64,
    pub average: Option<f64>,
    pub previous_average: Option<f64>,
    /// The rubric's pass mark: the target for the overall average.
    pub target: f64,
    pub trend: Trend,
    pub passed: u64,
    pub critical_failures: u64,
    pub sections: Vec<SectionAverage>,
    pub focus: Vec<Focus>,
    /// Below target but observed fewer than `min_observations` times: not yet a pattern.
    pub watch: Vec<Watch>,
    pub settings: Settings,
    pub follow_up: FollowUp,
    pub created_by: Option<String>,
    pub created_at: Option<String>,
    pub acknowledged_at: Option<String>,
    /// What was agreed in the coaching meeting (`--note`, `--action`, `--commitment`).
    pub meeting: Meeting,
    /// Comments added later by the agent or a lead (`coach note`), oldest first.
    pub comments: Vec<crate::store::coaching::PlanComment>,
    /// The customer-voice context of the period: the agent's own figures and the team's
    /// (`report::voice`), absent when no contact of the period carries a voice figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<super::voice::VoiceSection>,
}

/// What the lead and the agent agreed in the meeting: the lead's note, the lead's actions and
/// the agent's commitments, kept with the plan so the review can hold both sides to them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Meeting {
    pub note: Option<String>,
    pub actions: Vec<String>,
    pub commitments: Vec<String>,
}

/// A section's average in the period against its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionAverage {
    pub id: String,
    pub title: String,
    pub average: Option<f64>,
    pub target: f64,
    pub evaluations: u64,
    pub below_target: bool,
}

/// A criterion to work on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    pub rank: usize,
    pub key: String,
    pub section: String,
    pub text: String,
    /// Answers other than N/A in the period.
    pub observed: u64,
    /// Average 0..100 of those answers.
    pub average: f64,
    pub previous_average: Option<f64>,
    /// The section's target: the goal.
    pub target: f64,
    pub gap: f64,
    pub weight_share: f64,
    /// `weight_share × gap`: what closing the gap adds to the overall score.
    pub priority: f64,
    pub critical: bool,
    pub critical_failures: u64,
    /// The rubric's coaching text: the action.
    pub action: Option<String>,
}

/// A criterion below target with too few observations to be a focus criterion yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Watch {
    pub key: String,
    pub text: String,
    pub observed: u64,
    pub average: f64,
    pub target: f64,
}

/// When to review the plan and how many evaluations to sample before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub starts_on: String,
    pub on: String,
    pub days: u32,
    pub sample: u32,
    /// The standard deviation used for the sample (points).
    pub sd: f64,
    /// Evaluations needed to know the average within the margin.
    pub for_average: u32,
    /// Evaluations needed to observe every focus criterion again.
    pub for_criteria: u32,
}

fn average_of(c: &CriterionStats) -> Option<f64> {
    c.mean.map(|m| m * 100.0)
}

/// What a review needs from a saved plan (its JSON; other fields are ignored, so plans saved by
/// other versions of qaudit still read).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavedPlan {
    pub agent: Named,
    pub rubric: RubricRef,
    pub period: PeriodView,
    pub target: f64,
    pub focus: Vec<Focus>,
    pub settings: Settings,
    pub follow_up: FollowUp,
}

/// Computes a plan from the period's statistics, starting on `starts_on`.
pub fn plan(input: Input<'_>, settings: Settings, starts_on: NaiveDate) -> Plan {
    let rubric = input.rubric;
    let sections = rubric
        .sections
        .iter()
        .map(|s| {
            let found = input.sections.iter().find(|(id, _, _)| *id == s.id);
            let average = found.map(|(_, a, _)| *a);
            SectionAverage {
                id: s.id.clone(),
                title: s.title.clone(),
                average,
                target: s.target,
                evaluations: found.map(|(_, _, n)| *n).unwrap_or(0),
                below_target: average.is_some_and(|a| crate::rubric::below(a, s.target)),
            }
        })
        .collect();

    let mut candidates: Vec<(usize, Focus)> = Vec::new();
    let mut watch = Vec::new();
    let mut order = 0;
    for section in &rubric.sections {
        for c in &section.criteria {
            order += 1;
            let Some(stats) = input.criteria.iter().find(|s| s.key == c.key) else {
                continue;
            };
            let Some(average) = average_of(stats) else {
                continue;
            };
            let gap = (section.target - average).max(0.0);
            let share = weight_share(rubric, &c.key);
            let failed = stats.critical_failures > 0;
            if !failed && gap <= 0.0 {
                continue;
            }
            if !failed && stats.observed < u64::from(settings.min_observations) {
                watch.push(Watch {
                    key: c.key.clone(),
                    text: c.employee_wording().to_string(),
                    observed: stats.observed,
                    average,
                    target: section.target,
                });
                continue;
            }
            candidates.push((
                order,
                Focus {
                    rank: 0,
                    key: c.key.clone(),
                    section: section.title.clone(),
                    text: c.employee_wording().to_string(),
                    observed: stats.observed,
                    average,
                    previous_average: input
                        .previous_criteria
                        .iter()
                        .find(|p| p.key == c.key)
                        .and_then(average_of),
                    target: section.target,
                    gap,
                    weight_share: share,
                    priority: share * gap,
                    critical: c.critical,
                    critical_failures: stats.critical_failures,
                    action: c.coaching.clone(),
                },
            ));
        }
    }
    candidates.sort_by(|(oa, a), (ob, b)| {
        (b.critical_failures > 0)
            .cmp(&(a.critical_failures > 0))
            .then(b.critical_failures.cmp(&a.critical_failures))
            .then(b.priority.total_cmp(&a.priority))
            .then(oa.cmp(ob))
    });
    let focus: Vec<Focus> = candidates
        .into_iter()
        .take(settings.focus)
        .enumerate()
        .map(|(i, (_, mut f))| {
            f.rank = i + 1;
            f
        })
        .collect();

    let follow_up = follow_up(&input.current, &input.criteria, &focus, &settings, starts_on);
    Plan {
        id: None,
        agent: input.agent,
        team: input.team,
        rubric: RubricRef::of(rubric),
        period: input.period.view(),
        previous_period: input.period.previous().view(),
        evaluations: input.current.evaluations,
        previous_evaluations: input.previous.evaluations,
        average: input.current.average,
        previous_average: input.previous.average,
        target: rubric.pass_mark,
        trend: trend(input.current.average, input.previous.average),
        passed: input.current.passed,
        critical_failures: input.current.critical_failures,
        sections,
        focus,
        watch,
        settings,
        follow_up,
        created_by: None,
        created_at: None,
        acknowledged_at: None,
        meeting: Meeting::default(),
        comments: Vec::new(),
        voice: None,
    }
}

/// The follow-up date and sample (see the module's documentation for the rule).
fn follow_up(
    current: &OverallStats,
    criteria: &[CriterionStats],
    focus: &[Focus],
    settings: &Settings,
    starts_on: NaiveDate,
) -> FollowUp {
    let sd = match (current.average, current.mean_square) {
        (Some(mean), Some(mean_sq)) => sample_sd(current.evaluations, mean, mean_sq).unwrap_or(DEFAULT_SD),
        _ => DEFAULT_SD,
    };
    let for_average = ((1.96 * sd / SAMPLE_MARGIN).powi(2)).ceil() as u32;
    let min = settings.min_observations.max(1);
    let evaluations = current.evaluations.max(1) as f64;
    let for_criteria = focus
        .iter()
        .filter_map(|f| criteria.iter().find(|c| c.key == f.key))
        .map(|c| {
            let rate = (c.observed as f64 / evaluations).clamp(0.0, 1.0);
            if rate <= 0.0 {
                min
            } else {
                (f64::from(min) / rate).ceil() as u32
            }
        })
        .max()
        .unwrap_or(0);
    let sample = for_average.max(for_criteria).clamp(min, MAX_SAMPLE.max(min));
    FollowUp {
        starts_on: starts_on.to_string(),
        on: (starts_on + Duration::days(i64::from(settings.follow_up_days))).to_string(),
        days: settings.follow_up_days,
        sample,
        sd,
        for_average,
        for_criteria,
    }
}

/// How one focus criterion moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    GoalMet,
    Improved,
    NoChange,
    Worse,
    NoData,
}

/// Whether the coaching worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Worked,
    Partly,
    NotYet,
    NoData,
}

/// A review of a saved plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub plan: i64,
    pub agent: Named,
    pub rubric: RubricRef,
    pub created_at: String,
    pub created_by: String,
    pub acknowledged_at: Option<String>,
    pub follow_up_on: String,
    pub sample_size: u32,
    pub before: PeriodView,
    pub after: PeriodView,
    pub evaluations_before: u64,
    pub evaluations_after: u64,
    pub average_before: Option<f64>,
    pub average_after: Option<f64>,
    pub target: f64,
    pub trend: Trend,
    /// Whether the evaluations after reached the planned sample.
    pub enough: bool,
    pub criteria: Vec<ReviewRow>,
    pub outcome: Outcome,
    /// The plan's training sessions and whether their criteria improved after them
    /// (`report::training`), filled by `coaching::review`.
    pub training: Vec<super::training::SessionEffect>,
    /// The agent's practice evaluations since the plan's period began: training evidence,
    /// counted nowhere.
    pub practice: Vec<crate::store::training::PracticeEvaluation>,
}

/// One focus criterion before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    pub key: String,
    pub section: String,
    pub text: String,
    pub target: f64,
    pub critical: bool,
    pub before: Option<f64>,
    pub before_observed: u64,
    pub critical_before: u64,
    pub after: Option<f64>,
    pub after_observed: u64,
    pub critical_after: u64,
    pub change: Option<f64>,
    pub verdict: Verdict,
}

/// What a review compares.
pub struct ReviewInput<'a> {
    pub plan_id: i64,
    pub plan: &'a SavedPlan,
    pub created_at: String,
    pub created_by: String,
    pub acknowledged_at: Option<String>,
    pub follow_up_on: String,
    pub sample_size: u32,
    pub before_period: Period,
    pub after_period: Period,
    pub before: OverallStats,
    pub after: OverallStats,
    pub criteria_before: Vec<CriterionStats>,
    pub criteria_after: Vec<CriterionStats>,
}

/// The verdict for one criterion (see the module's documentation).
pub fn verdict(before: Option<f64>, after: Option<f64>, target: f64, critical_after: u64) -> Verdict {
    let Some(a) = after else {
        return Verdict::NoData;
    };
    if crate::rubric::meets(a, target) && critical_after == 0 {
        return Verdict::GoalMet;
    }
    match before {
        Some(b) if a - b >= IMPROVEMENT => Verdict::Improved,
        Some(b) if b - a >= IMPROVEMENT => Verdict::Worse,
        _ => Verdict::NoChange,
    }
}

/// Compares the focus criteria of a saved plan before and after it.
pub fn review(input: ReviewInput<'_>) -> Review {
    let plan = input.plan;
    let find = |list: &[CriterionStats], key: &str| list.iter().find(|c| c.key == key).cloned();
    let criteria: Vec<ReviewRow> = plan
        .focus
        .iter()
        .map(|f| {
            let b = find(&input.criteria_before, &f.key);
            let a = find(&input.criteria_after, &f.key);
            let before = b.as_ref().and_then(average_of);
            let after = a.as_ref().and_then(average_of);
            let critical_after = a.as_ref().map(|c| c.critical_failures).unwrap_or(0);
            ReviewRow {
                key: f.key.clone(),
                section: f.section.clone(),
                text: f.text.clone(),
                target: f.target,
                critical: f.critical,
                before,
                before_observed: b.as_ref().map(|c| c.observed).unwrap_or(0),
                critical_before: b.as_ref().map(|c| c.critical_failures).unwrap_or(0),
                after,
                after_observed: a.as_ref().map(|c| c.observed).unwrap_or(0),
                critical_after,
                change: before.zip(after).map(|(b, a)| a - b),
                verdict: verdict(before, after, f.target, critical_after),
            }
        })
        .collect();
    let with_data: Vec<&ReviewRow> = criteria.iter().filter(|r| r.verdict != Verdict::NoData).collect();
    let outcome = if input.after.evaluations == 0 || with_data.is_empty() {
        Outcome::NoData
    } else if with_data.iter().all(|r| r.verdict == Verdict::GoalMet) {
        Outcome::Worked
    } else if with_data
        .iter()
        .any(|r| matches!(r.verdict, Verdict::GoalMet | Verdict::Improved))
    {
        Outcome::Partly
    } else {
        Outcome::NotYet
    };
    Review {
        plan: input.plan_id,
        agent: plan.agent.clone(),
        rubric: plan.rubric.clone(),
        created_at: crate::dates::short(&input.created_at),
        created_by: input.created_by,
        acknowledged_at: input.acknowledged_at.as_deref().map(crate::dates::short),
        follow_up_on: input.follow_up_on,
        sample_size: input.sample_size,
        before: input.before_period.view(),
        after: input.after_period.view(),
        evaluations_before: input.before.evaluations,
        evaluations_after: input.after.evaluations,
        average_before: input.before.average,
        average_after: input.after.average,
        target: plan.target,
        trend: trend(input.after.average, input.before.average),
        enough: input.after.evaluations >= u64::from(input.sample_size),
        criteria,
        outcome,
        training: Vec::new(),
        practice: Vec::new(),
    }
}

/// Today's position against a plan's follow-up date, for `coach list`.
pub fn follow_up_status(follow_up_on: &str, today: NaiveDate) -> (bool, i64) {
    match NaiveDate::parse_from_str(follow_up_on, "%Y-%m-%d") {
        Ok(day) => (today >= day, (day - today).num_days()),
        Err(_) => (false, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(verdict(Some(60.0), Some(92.0), 90.0, 0), Verdict::GoalMet);
        assert_eq!(verdict(Some(60.0), Some(66.0), 90.0, 0), Verdict::Improved);
        assert_eq!(verdict(Some(60.0), Some(62.0), 90.0, 0), Verdict::NoChange);
        assert_eq!(verdict(Some(60.0), Some(50.0), 90.0, 0), Verdict::Worse);
        assert_eq!(verdict(Some(50.0), Some(100.0), 100.0, 0), Verdict::GoalMet);
        // Still failing sometimes: not the goal, but fewer failures show as a higher average.
        assert_eq!(verdict(Some(50.0), Some(80.0), 100.0, 1), Verdict::Improved);
        assert_eq!(verdict(Some(95.0), Some(95.0), 90.0, 1), Verdict::NoChange);
        assert_eq!(verdict(Some(50.0), None, 100.0, 0), Verdict::NoData);
    }
}
