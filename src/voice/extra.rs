//! The customer-voice KPIs beyond CSAT, NPS, complaints and response (issue 19, "also from the
//! seeds' KPIs"): complaint handling time, time to escalate against `target.escalation`,
//! resolution and reopen rates, the repeat-contact rate, contacts per working day and the
//! contacts and complaints by contact reason. Pure functions over `Store::contact_voice` rows,
//! so the team report, the feedback sheet and the coaching context show the same numbers.
//!
//! Decisions, written down here because the design is silent on them:
//! - Times (handling, escalation) count business seconds when business hours are set, clock
//!   seconds otherwise, like the response targets; a time whose end is before its start is left
//!   out (a data error, not a zero).
//! - A contact is a *repeat* when the same pseudonymised customer contacts again within
//!   `repeat_days` days after it, whoever answers the next time: the contact did not settle
//!   what the customer came for. Contacts without a customer are not counted either way.
//! - A working day is a day with business hours when they are set, else Monday to Friday (the
//!   design names no calendar; weekends are the usual days off).

use super::hours::BusinessHours;
use super::target::{Target, elapsed};
use crate::stats::proportion::{Share, wilson};
use crate::stats::quantile::{ResponseTimes, response_times};
use crate::stats::{Confidence, Estimate, StatsError};
use crate::store::contact_voice::VoiceRow;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How the further KPIs are counted.
#[derive(Debug, Clone)]
pub struct ExtraSettings {
    pub confidence: Confidence,
    pub hours: Option<BusinessHours>,
    pub tz: Tz,
    /// `config set target.escalation`.
    pub escalation_target: Option<Target>,
    /// `--repeat-days`.
    pub repeat_days: u32,
}

/// Durations (complaint handling, time to escalate) with their target when one is set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timed {
    pub times: ResponseTimes,
    /// Whether `times` counts business seconds.
    pub business_time: bool,
    pub target_s: Option<i64>,
    /// The share within the target, with its Wilson interval.
    pub within_target: Option<Share>,
}

/// A yes/no rate (resolution, reopening, repeat contact) with its Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub share: Share,
    /// Fewer than [`crate::stats::voice::MIN_N`] contacts.
    pub too_few: bool,
}

/// Contacts and complaints of one contact reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub contacts: usize,
    pub complaints: usize,
}

/// Contacts per agent per working day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workload {
    pub contacts: usize,
    /// Agents who handled a contact in the period.
    pub agents: usize,
    pub working_days: usize,
    pub per_agent_per_day: f64,
}

/// The further KPIs of a set of contacts. A figure no contact carries is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtraKpis {
    pub complaint_handling: Option<Timed>,
    pub escalation: Option<Timed>,
    pub resolved: Option<Rate>,
    pub reopened: Option<Rate>,
    pub repeat: Option<Rate>,
    pub workload: Option<Workload>,
    pub reasons: Vec<ReasonCount>,
}

/// The further KPIs of `rows`, contacts of the days `from..=to`; `later` holds every real
/// contact from the start of the period to `repeat_days` after its end, of any agent, where the
/// repeats are looked for.
pub fn extra_kpis(
    rows: &[VoiceRow],
    later: &[VoiceRow],
    (from, to): (NaiveDate, NaiveDate),
    s: &ExtraSettings,
) -> Result<ExtraKpis, StatsError> {
    let handling: Vec<i64> = rows
        .iter()
        .filter_map(|r| span(r.complaint_opened_at.as_deref()?, r.complaint_closed_at.as_deref()?, s))
        .collect();
    let escalation: Vec<i64> = rows
        .iter()
        .filter_map(|r| span(&r.occurred_at, r.escalated_at.as_deref()?, s))
        .collect();
    let rate = |flags: Vec<bool>| -> Result<Option<Rate>, StatsError> {
        let yes = flags.iter().filter(|&&f| f).count();
        Ok(match wilson(yes, flags.len(), s.confidence)? {
            Estimate::Value(share) => Some(Rate {
                too_few: share.n < crate::stats::voice::MIN_N,
                share,
            }),
            Estimate::Undefined(_) => None,
        })
    };
    Ok(ExtraKpis {
        complaint_handling: timed(&handling, None, s)?,
        escalation: timed(&escalation, s.escalation_target, s)?,
        resolved: rate(rows.iter().filter_map(|r| r.resolved).collect())?,
        reopened: rate(rows.iter().filter_map(|r| r.reopened).collect())?,
        repeat: rate(repeats(rows, later, s.repeat_days))?,
        workload: workload(rows, working_days(from, to, s.hours.as_ref())),
        reasons: reasons(rows),
    })
}

/// The days of `from..=to` that are working days.
pub fn working_days(from: NaiveDate, to: NaiveDate, hours: Option<&BusinessHours>) -> usize {
    let mut day = from;
    let mut n = 0;
    while day <= to {
        let working = match hours {
            Some(h) => h.is_working_day(day),
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        };
        n += usize::from(working);
        day += Duration::days(1);
    }
    n
}

fn workload(rows: &[VoiceRow], working_days: usize) -> Option<Workload> {
    let mut agents: Vec<&str> = rows.iter().map(|r| r.agent_id.as_str()).collect();
    agents.sort_unstable();
    agents.dedup();
    (working_days > 0 && !agents.is_empty()).then(|| Workload {
        contacts: rows.len(),
        agents: agents.len(),
        working_days,
        per_agent_per_day: rows.len() as f64 / agents.len() as f64 / working_days as f64,
    })
}

/// For each contact of `rows` with a customer: whether the customer contacted again within
/// `days` days after it (among `later`).
fn repeats(rows: &[VoiceRow], later: &[VoiceRow], days: u32) -> Vec<bool> {
    let mut by_customer: HashMap<&str, Vec<(DateTime<Utc>, i64)>> = HashMap::new();
    for r in later {
        if let (Some(c), Some(at)) = (r.customer.as_deref(), instant(&r.occurred_at)) {
            by_customer.entry(c).or_default().push((at, r.interaction_id));
        }
    }
    let window = Duration::days(i64::from(days));
    rows.iter()
        .filter_map(|r| {
            let at = instant(&r.occurred_at)?;
            let contacts = by_customer.get(r.customer.as_deref()?)?;
            Some(contacts.iter().any(|&(next, id)| {
                id != r.interaction_id && (next > at || (next == at && id > r.interaction_id)) && next - at <= window
            }))
        })
        .collect()
}

fn reasons(rows: &[VoiceRow]) -> Vec<ReasonCount> {
    let mut by: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in rows {
        if let Some(reason) = r.reason.as_deref() {
            let e = by.entry(reason).or_default();
            e.0 += 1;
            e.1 += usize::from(r.complaint == Some(true));
        }
    }
    let mut out: Vec<ReasonCount> = by
        .into_iter()
        .map(|(reason, (contacts, complaints))| ReasonCount {
            reason: reason.to_string(),
            contacts,
            complaints,
        })
        .collect();
    // The most frequent reasons first; ties by name (the map's order, kept by a stable sort).
    out.sort_by_key(|r| std::cmp::Reverse(r.contacts));
    out
}

fn timed(seconds: &[i64], target: Option<Target>, s: &ExtraSettings) -> Result<Option<Timed>, StatsError> {
    let as_f64: Vec<f64> = seconds.iter().map(|&x| x as f64).collect();
    let Estimate::Value(times) = response_times(&as_f64)? else {
        return Ok(None);
    };
    let target_s = target.map(|t| t.seconds);
    let within_target = match target_s {
        Some(t) => wilson(seconds.iter().filter(|&&x| x <= t).count(), seconds.len(), s.confidence)?
            .value()
            .copied(),
        None => None,
    };
    Ok(Some(Timed {
        times,
        business_time: s.hours.is_some(),
        target_s,
        within_target,
    }))
}

/// The seconds from `start` to `end` as targets count them; `None` when either is unreadable
/// or the end is before the start.
fn span(start: &str, end: &str, s: &ExtraSettings) -> Option<i64> {
    let (a, b) = (instant(start)?, instant(end)?);
    (b >= a).then(|| elapsed(s.hours.as_ref(), s.tz, a, b))
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
#[path = "extra_tests.rs"]
mod tests;
