//! The team report: one row per agent over a period, with team totals, the KPIs the seeds ask
//! for where the data exists, and the distribution of overall scores.
//!
//! The numbers come from one SQL aggregate ([`crate::store::reports::TEAM_AGGREGATE_SQL`]); this
//! module only shapes them. Rows are in the aggregate's order: highest average first, agents
//! without evaluations in the period last, then by name. Per agent: evaluations and average in
//! the period, the trend against the previous period of the same length (an arrow when it moved
//! by at least [`super::common::TREND_STEP`] point), the pass rate, critical failures, the
//! weakest section (lowest section average), open disputes, the share of evaluations the agent
//! has acknowledged ("seen by agent"), and coaching plans about the period acknowledged by the
//! agent. KPIs: evaluations with a resolution failure (a criterion marked `kpi: resolution`
//! answered below full marks), the share resolved at first contact (`kpi: first_contact`
//! answered yes, of those answered), and the average handling time of all the contacts the agent
//! handled in the period (`duration_s` of the imported interactions, evaluated or not).
//!
//! Customer voice ([`attach_voice`]): when contacts of the period carry voice figures, the
//! section of `report::voice` goes with the first table (it does not depend on the rubric),
//! each agent beside the quality mean of the table where they have the most evaluations
//! ([`best_quality`]), and each agent's row carries a flat [`super::voice::Brief`] for the CSV.
//!
//! New hires ([`mark_new_hires`]): agents with some day of the period in their first
//! `--new-hire-weeks` weeks of tenure ([`crate::tenure::new_hire_in`]) are marked, so that a
//! lead reads their numbers as those of someone still learning the job.

use super::common::{Period, PeriodView, RubricRef, Trend, Weakest, share, trend_counted};
use crate::rubric::Rubric;
use crate::store::reports::AgentAggregate;
use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamReport {
    pub team: Option<String>,
    pub rubric: Option<RubricRef>,
    pub period: PeriodView,
    pub previous_period: PeriodView,
    /// The pass mark, when every rubric involved has the same one.
    pub pass_mark: Option<f64>,
    pub agents: Vec<AgentRow>,
    pub totals: Totals,
    /// Overall scores in the period by ten-point bins (0-10, ..., 90-100).
    pub distribution: Vec<u64>,
    /// The fewest evaluations both periods need for a trend (`--trend-min-n`).
    pub trend_min_n: u64,
    /// True when some trend reads "n too small".
    pub small_trends: bool,
    /// The first weeks of tenure that mark an agent as a new hire (`--new-hire-weeks`).
    pub new_hire_weeks: u32,
    /// How many agents of the table are marked as new hires.
    pub new_hires: usize,
    /// The customer-voice section (`report::voice`), absent when no contact of the period
    /// carries a voice figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<super::voice::VoiceSection>,
}

/// The KPIs of an agent or of the team.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Evaluations with a resolution criterion answered below full marks.
    pub resolution_failures: u64,
    /// Evaluations where a resolution criterion was answered (not N/A).
    pub resolution_checked: u64,
    /// Share resolved at first contact, of the evaluations where it was answered.
    pub first_contact: Option<f64>,
    pub first_contact_yes: u64,
    pub first_contact_answered: u64,
    /// Contacts handled in the period (all imported interactions).
    pub contacts: u64,
    /// Average handling time of those contacts, in seconds.
    pub handling_time_s: Option<f64>,
}

/// One agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub evaluations: u64,
    pub average: Option<f64>,
    pub previous_average: Option<f64>,
    pub trend: Trend,
    pub passed: u64,
    pub pass_rate: Option<f64>,
    pub critical_failures: u64,
    pub weakest_section: Option<Weakest>,
    pub open_disputes: u64,
    /// Evaluations the agent has acknowledged (`evaluation ack`), and their share.
    pub acknowledged: u64,
    pub seen: Option<f64>,
    /// Coaching plans about the period, and how many the agent acknowledged.
    pub plans: u64,
    pub plans_acknowledged: u64,
    pub kpi: Kpis,
    /// Reward and discipline flags firing at the end of the period (`qaudit flags`).
    pub flags: Vec<crate::flags::AgentFlag>,
    /// The hire date, when known.
    pub hired_on: Option<String>,
    /// Some day of the period falls in the agent's first `new_hire_weeks` weeks of tenure.
    pub new_hire: bool,
    /// The agent's voice figures, when the voice section has a row for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<super::voice::Brief>,
}

/// The team as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub agents: usize,
    pub evaluated_agents: usize,
    pub evaluations: u64,
    pub average: Option<f64>,
    pub previous_evaluations: u64,
    pub previous_average: Option<f64>,
    pub trend: Trend,
    pub passed: u64,
    pub pass_rate: Option<f64>,
    pub critical_failures: u64,
    pub open_disputes: u64,
    pub acknowledged: u64,
    pub seen: Option<f64>,
    pub plans: u64,
    pub plans_acknowledged: u64,
    pub kpi: Kpis,
}

fn kpis(a: &AgentAggregate) -> Kpis {
    Kpis {
        resolution_failures: a.resolution_failures,
        resolution_checked: a.resolution_checked,
        first_contact: share(a.first_contact_yes, a.first_contact_answered),
        first_contact_yes: a.first_contact_yes,
        first_contact_answered: a.first_contact_answered,
        contacts: a.contacts,
        handling_time_s: match (a.duration_sum, a.duration_n) {
            (Some(sum), n) if n > 0 => Some(sum / n as f64),
            _ => None,
        },
    }
}

/// The mean of several groups' means, weighted by their sizes.
fn pooled<'a>(groups: impl Iterator<Item = (Option<f64>, u64)> + 'a) -> (Option<f64>, u64) {
    let (mut sum, mut n) = (0.0, 0u64);
    for (mean, count) in groups {
        if let Some(m) = mean {
            sum += m * count as f64;
            n += count;
        }
    }
    ((n > 0).then(|| sum / n as f64), n)
}

/// Shapes the aggregate rows into the report; `rubrics` names the weakest sections.
pub fn build(
    rows: Vec<AgentAggregate>,
    rubrics: &[Rubric],
    team: Option<String>,
    rubric: Option<RubricRef>,
    period: &Period,
    pass_mark: Option<f64>,
    trend_min_n: u64,
) -> TeamReport {
    let mut distribution = vec![0u64; 10];
    for r in &rows {
        for (i, n) in r.bins.iter().enumerate() {
            distribution[i] += n;
        }
    }
    let (average, evaluations) = pooled(rows.iter().map(|r| (r.average, r.evaluations)));
    let (previous_average, previous_evaluations) =
        pooled(rows.iter().map(|r| (r.previous_average, r.previous_evaluations)));
    let sum = |f: &dyn Fn(&AgentAggregate) -> u64| rows.iter().map(f).sum::<u64>();
    let passed = sum(&|r| r.passed);
    let acknowledged = sum(&|r| r.acknowledged);
    let durations: f64 = rows.iter().filter_map(|r| r.duration_sum).sum();
    let duration_n = sum(&|r| r.duration_n);
    let first_contact_yes = sum(&|r| r.first_contact_yes);
    let first_contact_answered = sum(&|r| r.first_contact_answered);
    let totals = Totals {
        agents: rows.len(),
        evaluated_agents: rows.iter().filter(|r| r.evaluations > 0).count(),
        evaluations,
        average,
        previous_evaluations,
        previous_average,
        trend: trend_counted(
            average,
            evaluations,
            previous_average,
            previous_evaluations,
            trend_min_n,
        ),
        passed,
        pass_rate: share(passed, evaluations),
        critical_failures: sum(&|r| r.critical_failures),
        open_disputes: sum(&|r| r.open_disputes),
        acknowledged,
        seen: share(acknowledged, evaluations),
        plans: sum(&|r| r.plans),
        plans_acknowledged: sum(&|r| r.plans_acknowledged),
        kpi: Kpis {
            resolution_failures: sum(&|r| r.resolution_failures),
            resolution_checked: sum(&|r| r.resolution_checked),
            first_contact: share(first_contact_yes, first_contact_answered),
            first_contact_yes,
            first_contact_answered,
            contacts: sum(&|r| r.contacts),
            handling_time_s: (duration_n > 0).then(|| durations / duration_n as f64),
        },
    };
    let agents: Vec<AgentRow> = rows
        .iter()
        .map(|r| AgentRow {
            id: r.id.clone(),
            name: r.name.clone(),
            team: r.team.clone(),
            evaluations: r.evaluations,
            average: r.average,
            previous_average: r.previous_average,
            trend: trend_counted(
                r.average,
                r.evaluations,
                r.previous_average,
                r.previous_evaluations,
                trend_min_n,
            ),
            passed: r.passed,
            pass_rate: share(r.passed, r.evaluations),
            critical_failures: r.critical_failures,
            weakest_section: r.weakest.as_ref().map(|w| Weakest::of(w, rubrics)),
            open_disputes: r.open_disputes,
            acknowledged: r.acknowledged,
            seen: share(r.acknowledged, r.evaluations),
            plans: r.plans,
            plans_acknowledged: r.plans_acknowledged,
            kpi: kpis(r),
            flags: Vec::new(),
            hired_on: None,
            new_hire: false,
            voice: None,
        })
        .collect();
    let small_trends = totals.trend.direction == super::common::Direction::Small
        || agents
            .iter()
            .any(|a| a.trend.direction == super::common::Direction::Small);
    TeamReport {
        trend_min_n,
        small_trends,
        team,
        rubric,
        period: period.view(),
        previous_period: period.previous().view(),
        pass_mark,
        agents,
        totals,
        distribution,
        new_hire_weeks: crate::tenure::DEFAULT_NEW_HIRE_WEEKS,
        new_hires: 0,
        voice: None,
    }
}

/// Attaches the voice section, each agent's row beside `quality` (their quality mean, its
/// evaluations and rubric), highest first, and each agent with a row gets its
/// [`super::voice::Brief`].
pub fn attach_voice(report: &mut TeamReport, mut voice: super::voice::VoiceSection, quality: &[super::voice::Quality]) {
    // Highest quality first, like the table; agents without one last, in the table's order.
    let mut ranked: Vec<&super::voice::Quality> = quality.iter().collect();
    ranked.sort_by(|a, b| {
        b.mean
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.mean.unwrap_or(f64::NEG_INFINITY))
    });
    let order: Vec<&str> = ranked.iter().map(|q| q.agent.as_str()).collect();
    voice.beside_quality(quality, &order);
    for a in &mut report.agents {
        a.voice = voice.agents.iter().find(|v| v.id == a.id).map(super::voice::Brief::of);
    }
    report.voice = Some(voice);
}

/// Each agent's quality mean in the table of `reports` where they have the most evaluations
/// (the first such table on a tie): the figure the voice section shows beside them, whatever
/// the rubric.
pub fn best_quality(reports: &[TeamReport]) -> Vec<super::voice::Quality> {
    let mut out: Vec<super::voice::Quality> = Vec::new();
    for r in reports {
        for a in &r.agents {
            let this = super::voice::Quality {
                agent: a.id.clone(),
                mean: a.average,
                evaluations: a.evaluations,
                rubric: r.rubric.as_ref().map(|x| x.id.clone()),
            };
            match out.iter_mut().find(|q| q.agent == a.id) {
                Some(q) if q.evaluations < a.evaluations => *q = this,
                Some(_) => {}
                None => out.push(this),
            }
        }
    }
    out
}

/// Marks the new hires of `report` in `period`: `hired_on` gives each agent's stored hire date
/// (agents not in it have none).
pub fn mark_new_hires(
    report: &mut TeamReport,
    hired_on: &std::collections::BTreeMap<String, String>,
    period: &Period,
    weeks: u32,
) {
    report.new_hire_weeks = weeks;
    for a in &mut report.agents {
        a.hired_on = hired_on.get(&a.id).cloned();
        let day = crate::tenure::hired_on(a.hired_on.as_deref());
        a.new_hire = crate::tenure::new_hire_in(day, period.from, period.to, weeks);
    }
    report.new_hires = report.agents.iter().filter(|a| a.new_hire).count();
}
