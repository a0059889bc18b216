//! The ramp-up report: how new hires' scores move over their first weeks.
//!
//! For every agent with a hire date, their counted evaluations are put in the week of tenure
//! the work was done in ([`crate::tenure::week_of`]: week 1 is the hire day and the six days
//! after it), and each week gets n and the mean overall score. The cohort's week `w` pools every
//! evaluation done in anyone's week `w` (a mean over evaluations, not a mean of the agents'
//! means, so an agent scored twice as often weighs twice as much; n says how many there are and
//! `agents` how many people they come from). Weeks not reached yet (as of the day the report is
//! made) are marked so, rather than read as weeks without evaluations.

use super::common::RubricRef;
use crate::tenure;
use chrono::NaiveDate;
use serde::Serialize;

/// One agent's counted evaluations in their first weeks, as the store gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentInput {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub hired_on: NaiveDate,
    /// The day of each evaluated piece of work and its overall score.
    pub scores: Vec<(NaiveDate, f64)>,
}

/// One week of tenure of an agent or of the cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCell {
    pub week: u32,
    pub n: u64,
    pub mean: Option<f64>,
    /// The agents with an evaluation in this week (1 or 0 on an agent's own row).
    pub agents: u64,
    /// False while the week lies (wholly) after the report's day for this agent, or for every
    /// agent of the cohort.
    pub reached: bool,
}

/// One agent's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRamp {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub hired_on: String,
    /// The week of tenure the report's day falls in (0 before the hire day).
    pub tenure_week: u32,
    pub evaluations: u64,
    /// The mean over all of the agent's evaluations in the weeks shown.
    pub mean: Option<f64>,
    pub weeks: Vec<WeekCell>,
    /// The weeks' means alone, for the chart.
    pub means: Vec<Option<f64>>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RampUpReport {
    pub weeks: u32,
    /// The day the report was made (`YYYY-MM-DD`): weeks after it are not reached.
    pub as_of: String,
    pub team: Option<String>,
    /// The rubric, with `--rubric`; none for every rubric's overall score.
    pub rubric: Option<RubricRef>,
    /// Agents with a hire date, earliest hired first.
    pub agents: Vec<AgentRamp>,
    pub cohort: Vec<WeekCell>,
    pub cohort_means: Vec<Option<f64>>,
    pub evaluations: u64,
}

/// The agents whose ramp-up `actor` may see: an agent only their own, anyone else (staff, or
/// the trusted user of the machine) everyone's, as in the team report.
pub fn visible(
    actor: &crate::actor::Actor,
    agents: Vec<crate::store::people::Agent>,
) -> Vec<crate::store::people::Agent> {
    if actor.kind != crate::actor::ActorKind::Agent {
        return agents;
    }
    agents.into_iter().filter(|a| actor.is_agent(&a.id)).collect()
}

/// Sum and count, for a mean.
#[derive(Default, Clone, Copy)]
struct Tally {
    sum: f64,
    n: u64,
}

impl Tally {
    fn add(&mut self, v: f64) {
        self.sum += v;
        self.n += 1;
    }

    fn mean(self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// Builds the report over the first `weeks` weeks of tenure of `agents`, as of `today`.
/// Scores outside those weeks (before the hire, or later) are left out.
pub fn build(
    mut agents: Vec<AgentInput>,
    weeks: u32,
    today: NaiveDate,
    team: Option<String>,
    rubric: Option<RubricRef>,
) -> RampUpReport {
    agents.sort_by(|a, b| a.hired_on.cmp(&b.hired_on).then(a.id.cmp(&b.id)));
    let span = weeks as usize;
    let mut cohort = vec![(Tally::default(), 0u64, false); span];
    let mut rows = Vec::with_capacity(agents.len());
    for a in agents {
        let mut tallies = vec![Tally::default(); span];
        for (day, overall) in &a.scores {
            if let Some(w) = tenure::week_of(a.hired_on, *day).filter(|w| *w <= weeks) {
                tallies[w as usize - 1].add(*overall);
            }
        }
        let tenure_week = tenure::week_of(a.hired_on, today).unwrap_or(0);
        let mut all = Tally::default();
        let cells: Vec<WeekCell> = tallies
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let week = i as u32 + 1;
                let reached = week <= tenure_week;
                let c = &mut cohort[i];
                c.0.sum += t.sum;
                c.0.n += t.n;
                c.1 += u64::from(t.n > 0);
                c.2 |= reached;
                all.sum += t.sum;
                all.n += t.n;
                WeekCell {
                    week,
                    n: t.n,
                    mean: t.mean(),
                    agents: u64::from(t.n > 0),
                    reached,
                }
            })
            .collect();
        rows.push(AgentRamp {
            id: a.id,
            name: a.name,
            team: a.team,
            hired_on: a.hired_on.format("%Y-%m-%d").to_string(),
            tenure_week,
            evaluations: all.n,
            mean: all.mean(),
            means: cells.iter().map(|c| c.mean).collect(),
            weeks: cells,
        });
    }
    let cohort: Vec<WeekCell> = cohort
        .into_iter()
        .enumerate()
        .map(|(i, (t, agents, reached))| WeekCell {
            week: i as u32 + 1,
            n: t.n,
            mean: t.mean(),
            agents,
            reached,
        })
        .collect();
    RampUpReport {
        weeks,
        as_of: today.format("%Y-%m-%d").to_string(),
        team,
        rubric,
        evaluations: rows.iter().map(|r| r.evaluations).sum(),
        cohort_means: cohort.iter().map(|c| c.mean).collect(),
        cohort,
        agents: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_pool_evaluations_by_tenure() {
        let ana = AgentInput {
            id: "a-1".into(),
            name: "Ana".into(),
            team: None,
            hired_on: d("2026-11-02"),
            scores: vec![
                (d("2026-11-01"), 10.0), // before the hire: left out
                (d("2026-11-02"), 60.0),
                (d("2026-11-08"), 70.0),
                (d("2026-11-16"), 90.0), // week 3
            ],
        };
        let luis = AgentInput {
            id: "a-2".into(),
            name: "Luis".into(),
            team: None,
            hired_on: d("2026-11-09"),
            scores: vec![(d("2026-11-09"), 80.0), (d("2026-11-30"), 99.0)], // week 4: beyond
        };
        let r = build(vec![luis, ana], 3, d("2026-11-18"), None, None);
        assert_eq!(r.agents[0].id, "a-1", "earliest hired first");
        assert_eq!(r.agents[0].means, vec![Some(65.0), None, Some(90.0)]);
        assert_eq!(r.agents[0].tenure_week, 3);
        assert_eq!(r.agents[1].tenure_week, 2);
        assert!(!r.agents[1].weeks[2].reached);
        let cohort: Vec<(u64, Option<f64>, u64)> = r.cohort.iter().map(|c| (c.n, c.mean, c.agents)).collect();
        assert_eq!(cohort, vec![(3, Some(70.0), 2), (0, None, 0), (1, Some(90.0), 1)]);
        assert_eq!(r.evaluations, 4);
    }
}
