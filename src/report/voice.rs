//! The "Customer voice" section of the team report, the feedback sheet and the coaching plan
//! (issue 19): for a period and a set of agents (a team, or everyone), the set's customer-voice
//! KPIs and one row per agent shown, beside the agent's quality mean and own satisfaction.
//!
//! Pinned: the KPIs are over every real contact of the period, evaluated or not, whatever the
//! rubric (`Store::contact_voice`); the figures are `voice::kpi` and `voice::extra`'s. When no
//! contact of the period carries any voice figure the section is `None` and reports omit it, so
//! a store without voice data reads as before.
//!
//! Scope is the caller's choice of [`Rows`]: an agent's feedback and coaching context show the
//! agent's own row and the set's aggregate, never another agent's figures.
//!
//! Employee satisfaction (`agent survey import`) is the mean of the agent's staff-survey answers
//! given in the period, on the scale of the latest (answers on another scale are left out of
//! the mean rather than mixed), shown with n and the latest answer.

use super::common::{Period, PeriodView};
use crate::stats::Confidence;
use crate::stats::voice::{CsatScale, MIN_N};
use crate::store::Store;
use crate::store::contact_voice::{StaffAnswer, VoiceFilter, VoiceRow};
use crate::voice::extra::{ExtraKpis, ExtraSettings, extra_kpis};
use crate::voice::kpi::{KpiSettings, VoiceKpis, voice_kpis};
use anyhow::Result;
use chrono::Duration;
use serde::Serialize;
use std::collections::BTreeMap;

/// The repeat-contact window when `--repeat-days` is not given.
pub const DEFAULT_REPEAT_DAYS: u32 = 7;

/// Which agents get a row of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// Every agent of the set with a contact or a staff-survey answer in the period.
    All,
    /// This agent only (an agent's feedback sheet or coaching plan).
    Only(String),
}

/// What the section covers.
#[derive(Debug, Clone)]
pub struct Query {
    pub period: Period,
    /// The set: the agents of this team, or every agent.
    pub team: Option<String>,
    pub channel: Option<String>,
    pub rows: Rows,
    pub repeat_days: u32,
}

/// The section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceSection {
    pub period: PeriodView,
    /// The set's team; `None` is every agent.
    pub team: Option<String>,
    pub channel: Option<String>,
    pub scale: CsatScale,
    pub repeat_days: u32,
    /// The fewest answers or contacts a figure is judged on; below it reports say "too few".
    pub min_n: usize,
    /// Whether times count business hours (`config set business-hours`).
    pub business_time: bool,
    pub set: Figures,
    pub agents: Vec<AgentVoice>,
}

/// Every customer-voice figure of a set of contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    #[serde(flatten)]
    pub kpis: VoiceKpis,
    #[serde(flatten)]
    pub extra: ExtraKpis,
}

/// One agent's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentVoice {
    pub id: String,
    pub name: String,
    /// The agent's quality mean in the period (the report's rubric), filled by the report.
    pub quality: Option<f64>,
    pub evaluations: u64,
    /// The rubric of `quality`, when the report names one.
    pub quality_rubric: Option<String>,
    pub figures: Figures,
    pub staff: Option<StaffScore>,
}

/// An agent's own satisfaction from the staff survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffScore {
    pub n: usize,
    pub mean: f64,
    pub latest: i64,
    pub latest_at: String,
    pub scale_min: i64,
    pub scale_max: i64,
}

/// The section for `q`, or `None` when no contact of the period carries a voice figure.
pub fn section(store: &Store, q: &Query) -> Result<Option<VoiceSection>> {
    let (from, to) = q.period.bounds();
    let filter = VoiceFilter {
        from: from.clone(),
        to: to.clone(),
        agent: None,
        team: q.team.clone(),
        channel: q.channel.clone(),
    };
    let rows = store.contact_voice(&filter)?;
    if !rows.iter().any(carries_voice) {
        return Ok(None);
    }
    // Repeats are looked for among every agent's contacts, up to `repeat_days` after the period.
    let (_, later_to) = Period {
        from: q.period.from,
        to: q.period.to + Duration::days(i64::from(q.repeat_days)),
    }
    .bounds();
    let later = store.contact_voice(&VoiceFilter {
        from,
        to: later_to,
        agent: None,
        team: None,
        channel: None,
    })?;
    let confidence = Confidence::new(0.95)?;
    let kpi = KpiSettings::of_store(store, confidence)?;
    let extra = ExtraSettings {
        confidence,
        hours: kpi.hours.clone(),
        tz: kpi.tz,
        escalation_target: store.escalation_target()?,
        repeat_days: q.repeat_days,
    };
    let days = (q.period.from, q.period.to);
    let figures = |rows: &[VoiceRow]| -> Result<Figures> {
        Ok(Figures {
            kpis: voice_kpis(rows, &kpi)?,
            extra: extra_kpis(rows, &later, days, &extra)?,
        })
    };
    let (from, to) = q.period.bounds();
    let staff = staff_scores(store.staff_answers(&from, &to)?);
    let mut by_agent: BTreeMap<&str, Vec<VoiceRow>> = BTreeMap::new();
    for r in &rows {
        by_agent.entry(&r.agent_id).or_default().push(r.clone());
    }
    let mut agents = Vec::new();
    for a in store.agents(q.team.as_deref())? {
        if let Rows::Only(only) = &q.rows
            && *only != a.id
        {
            continue;
        }
        let own = by_agent.remove(a.id.as_str()).unwrap_or_default();
        let score = staff.get(&a.id).cloned();
        if own.is_empty() && score.is_none() && q.rows == Rows::All {
            continue;
        }
        agents.push(AgentVoice {
            figures: figures(&own)?,
            id: a.id,
            name: a.name,
            quality: None,
            evaluations: 0,
            quality_rubric: None,
            staff: score,
        });
    }
    Ok(Some(VoiceSection {
        period: q.period.view(),
        team: q.team.clone(),
        channel: q.channel.clone(),
        scale: kpi.scale,
        repeat_days: q.repeat_days,
        min_n: MIN_N,
        business_time: kpi.hours.is_some(),
        set: figures(&rows)?,
        agents,
    }))
}

/// The customer-voice section of one agent over `period`: the agent's own row, beside their
/// quality `(mean, evaluations)`, and the aggregate of their team (of every agent when they
/// have none); never another agent's row.
pub fn agent_section(
    store: &Store,
    agent: &str,
    team: Option<String>,
    period: Period,
    (quality, evaluations): (Option<f64>, u64),
) -> Result<Option<VoiceSection>> {
    let query = Query {
        period,
        team,
        channel: None,
        rows: Rows::Only(agent.to_string()),
        repeat_days: DEFAULT_REPEAT_DAYS,
    };
    let mut voice = section(store, &query)?;
    if let Some(v) = &mut voice {
        let own = Quality {
            agent: agent.to_string(),
            mean: quality,
            evaluations,
            rubric: None,
        };
        v.beside_quality(&[own], &[agent]);
    }
    Ok(voice)
}

/// An agent's quality mean beside their voice row, and which rubric's it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    pub agent: String,
    pub mean: Option<f64>,
    pub evaluations: u64,
    pub rubric: Option<String>,
}

impl VoiceSection {
    /// Puts the agents' quality means beside their rows and orders the rows like `order` (the
    /// report's own table); agents not in it keep their place after those that are.
    pub fn beside_quality(&mut self, quality: &[Quality], order: &[&str]) {
        for a in &mut self.agents {
            if let Some(q) = quality.iter().find(|q| q.agent == a.id) {
                a.quality = q.mean;
                a.evaluations = q.evaluations;
                a.quality_rubric = q.rubric.clone();
            }
        }
        let place = |id: &str| order.iter().position(|o| *o == id).unwrap_or(usize::MAX);
        self.agents.sort_by_key(|a| place(&a.id));
    }
}

/// Whether a contact carries any customer-voice figure.
fn carries_voice(r: &VoiceRow) -> bool {
    r.csat.is_some()
        || r.nps.is_some()
        || r.complaint.is_some()
        || r.response_s.is_some()
        || r.resolved.is_some()
        || r.reopened.is_some()
        || r.complaint_opened_at.is_some()
        || r.escalated_at.is_some()
        || r.reason.is_some()
}

/// Each agent's staff-survey score from `answers` (by agent, oldest first).
fn staff_scores(answers: Vec<StaffAnswer>) -> BTreeMap<String, StaffScore> {
    let mut by: BTreeMap<String, Vec<StaffAnswer>> = BTreeMap::new();
    for a in answers {
        by.entry(a.agent_id.clone()).or_default().push(a);
    }
    by.into_iter()
        .filter_map(|(agent, answers)| {
            let latest = answers.last()?.clone();
            let same: Vec<i64> = answers
                .iter()
                .filter(|a| (a.scale_min, a.scale_max) == (latest.scale_min, latest.scale_max))
                .map(|a| a.score)
                .collect();
            let score = StaffScore {
                n: same.len(),
                mean: same.iter().sum::<i64>() as f64 / same.len() as f64,
                latest: latest.score,
                latest_at: latest.answered_at,
                scale_min: latest.scale_min,
                scale_max: latest.scale_max,
            };
            Some((agent, score))
        })
        .collect()
}

/// An agent's voice figures in one flat record: the team report's CSV and JSON row (its
/// section carries the intervals and per-channel times).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub contacts: usize,
    pub csat_mean: Option<f64>,
    pub csat_n: usize,
    /// Share satisfied (top two boxes).
    pub csat_satisfied: Option<f64>,
    pub nps: Option<f64>,
    pub nps_n: usize,
    pub complaints_per_100: Option<f64>,
    pub complaints_n: usize,
    pub resolved: Option<f64>,
    pub reopened: Option<f64>,
    pub repeat: Option<f64>,
    pub per_working_day: Option<f64>,
    /// The staff-survey mean, and its scale (`1-10`).
    pub staff_score: Option<f64>,
    pub staff_scale: Option<String>,
}

impl Brief {
    pub fn of(a: &AgentVoice) -> Brief {
        let (k, x) = (&a.figures.kpis, &a.figures.extra);
        let rate = |r: &Option<crate::voice::extra::Rate>| r.as_ref().map(|r| r.share.share);
        Brief {
            contacts: k.contacts,
            csat_mean: k.csat.map(|c| c.mean),
            csat_n: k.csat.map_or(0, |c| c.n),
            csat_satisfied: k.csat.map(|c| c.satisfied.share),
            nps: k.nps.map(|n| n.score),
            nps_n: k.nps.map_or(0, |n| n.n),
            complaints_per_100: k.complaints.map(|c| c.per_100),
            complaints_n: k.complaints.map_or(0, |c| c.contacts),
            resolved: rate(&x.resolved),
            reopened: rate(&x.reopened),
            repeat: rate(&x.repeat),
            per_working_day: x.workload.as_ref().map(|w| w.per_agent_per_day),
            staff_score: a.staff.as_ref().map(|s| s.mean),
            staff_scale: a.staff.as_ref().map(|s| format!("{}-{}", s.scale_min, s.scale_max)),
        }
    }
}
