//! The customer-voice KPIs of a set of contacts (issue 19): CSAT, NPS, complaints per 100 and
//! response times against each channel's target. One computation for every front end: the team
//! report, the feedback sheet, the coaching context and the flag rules all call
//! [`voice_kpis`] (or [`voice_kpis_by_agent`]) over the rows `Store::contact_voice` reads, so a
//! figure is the same number wherever it is shown.
//!
//! Each figure counts only the contacts that carry it: complaints per 100 is over the contacts
//! whose export said yes or no, not over every contact (an export without the column is not
//! "no complaints"). Intervals are pinned by the issue: CSAT's mean with Student's t, its share
//! satisfied and complaints with Wilson, NPS with the standard error of the difference of the
//! promoter and detractor shares; percentiles have none. Small n is flagged by the statistics
//! (`too_few`), and said by the renderer.

use super::hours::BusinessHours;
use super::target::{Target, elapsed};
use crate::stats::proportion::{Share, wilson};
use crate::stats::quantile::{ResponseTimes, response_times};
use crate::stats::voice::{ComplaintRate, Csat, CsatScale, Nps, complaints_per_100, csat, nps};
use crate::stats::{Confidence, Estimate, StatsError};
use crate::store::Store;
use crate::store::contact_voice::VoiceRow;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the KPIs are computed with, read once from the store's settings.
#[derive(Debug, Clone)]
pub struct KpiSettings {
    /// The store's CSAT scale (the default 1-5 when no import carried CSAT yet).
    pub scale: CsatScale,
    pub confidence: Confidence,
    /// `config set business-hours`: response times then count business seconds.
    pub hours: Option<BusinessHours>,
    /// The store's zone, in which business hours are read.
    pub tz: Tz,
    /// `config set target.response.CHANNEL`, by channel.
    pub targets: BTreeMap<String, Target>,
}

impl KpiSettings {
    /// The store's CSAT scale, business hours, zone and response targets, at `confidence`.
    pub fn of_store(store: &Store, confidence: Confidence) -> anyhow::Result<KpiSettings> {
        Ok(KpiSettings {
            scale: store.csat_scale()?.unwrap_or_default(),
            confidence,
            hours: store.business_hours()?,
            tz: store.timezone()?,
            targets: store.response_targets()?.into_iter().collect(),
        })
    }
}

/// The customer-voice figures of one set of contacts. A figure no contact carries is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceKpis {
    /// Real customer contacts in the set, whatever they carry.
    pub contacts: usize,
    pub csat: Option<Csat>,
    pub nps: Option<Nps>,
    pub complaints: Option<ComplaintRate>,
    /// One entry per channel with response times, by channel name.
    pub response: Vec<ChannelResponse>,
}

/// Response times of one channel, against its target when one is set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelResponse {
    pub channel: String,
    /// In seconds: business seconds when business hours are set, clock seconds otherwise.
    pub times: ResponseTimes,
    /// Whether `times` counts business seconds.
    pub business_time: bool,
    /// The channel's target in seconds, counted like `times`.
    pub target_s: Option<i64>,
    /// The share of contacts answered within the target, with its Wilson interval.
    pub within_target: Option<Share>,
}

/// The KPIs of `rows` (any mix of agents and channels).
pub fn voice_kpis(rows: &[VoiceRow], settings: &KpiSettings) -> Result<VoiceKpis, StatsError> {
    let csat_answers: Vec<u8> = rows.iter().filter_map(|r| r.csat).collect();
    let nps_answers: Vec<u8> = rows.iter().filter_map(|r| r.nps).collect();
    let told: Vec<bool> = rows.iter().filter_map(|r| r.complaint).collect();
    let complaints = told.iter().filter(|&&c| c).count();
    Ok(VoiceKpis {
        contacts: rows.len(),
        csat: value(csat(&csat_answers, settings.scale, settings.confidence)?),
        nps: value(nps(&nps_answers, settings.confidence)?),
        complaints: value(complaints_per_100(complaints, told.len(), settings.confidence)?),
        response: channel_responses(rows, settings)?,
    })
}

/// The KPIs of each agent's contacts among `rows`, by agent id.
pub fn voice_kpis_by_agent(
    rows: &[VoiceRow],
    settings: &KpiSettings,
) -> Result<BTreeMap<String, VoiceKpis>, StatsError> {
    let mut by_agent: BTreeMap<&str, Vec<VoiceRow>> = BTreeMap::new();
    for row in rows {
        by_agent.entry(&row.agent_id).or_default().push(row.clone());
    }
    by_agent
        .into_iter()
        .map(|(agent, rows)| Ok((agent.to_string(), voice_kpis(&rows, settings)?)))
        .collect()
}

fn value<T>(estimate: Estimate<T>) -> Option<T> {
    match estimate {
        Estimate::Value(v) => Some(v),
        Estimate::Undefined(_) => None,
    }
}

fn channel_responses(rows: &[VoiceRow], settings: &KpiSettings) -> Result<Vec<ChannelResponse>, StatsError> {
    let mut by_channel: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for row in rows {
        if let Some(seconds) = row.response_s {
            by_channel
                .entry(&row.channel)
                .or_default()
                .push(counted_seconds(row, seconds, settings));
        }
    }
    let mut out = Vec::with_capacity(by_channel.len());
    for (channel, seconds) in by_channel {
        let as_f64: Vec<f64> = seconds.iter().map(|&s| s as f64).collect();
        let Some(times) = value(response_times(&as_f64)?) else {
            continue;
        };
        let target_s = settings.targets.get(channel).map(|t| t.seconds);
        let within_target = match target_s {
            Some(t) => value(wilson(
                seconds.iter().filter(|&&s| s <= t).count(),
                seconds.len(),
                settings.confidence,
            )?),
            None => None,
        };
        out.push(ChannelResponse {
            channel: channel.to_string(),
            times,
            business_time: settings.hours.is_some(),
            target_s,
            within_target,
        });
    }
    Ok(out)
}

/// The response times of `rows` on `channel`, or pooled over every channel when `None`, in
/// seconds counted the way targets count them (a flag rule's `response_p90_above`); `None`
/// when no contact carries one.
pub fn response_times_of(
    rows: &[VoiceRow],
    settings: &KpiSettings,
    channel: Option<&str>,
) -> Result<Option<ResponseTimes>, StatsError> {
    let seconds: Vec<f64> = rows
        .iter()
        .filter(|r| channel.is_none_or(|c| r.channel == c))
        .filter_map(|r| r.response_s.map(|s| counted_seconds(r, s, settings) as f64))
        .collect();
    Ok(value(response_times(&seconds)?))
}

/// A response time the way targets count it: the business seconds between the contact and its
/// answer when business hours are set (an email at 17:00 on Friday answered at 10:00 on Monday
/// took 2 business hours), the stored seconds otherwise.
fn counted_seconds(row: &VoiceRow, seconds: i64, settings: &KpiSettings) -> i64 {
    let Some(hours) = &settings.hours else {
        return seconds;
    };
    match DateTime::parse_from_rfc3339(&row.occurred_at) {
        Ok(at) => {
            let from = at.with_timezone(&Utc);
            elapsed(Some(hours), settings.tz, from, from + Duration::seconds(seconds))
        }
        Err(_) => seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(agent: &str, channel: &str, at: &str) -> VoiceRow {
        VoiceRow::bare(1, agent, channel, at)
    }

    fn settings(hours: Option<&str>) -> KpiSettings {
        KpiSettings {
            scale: CsatScale::OneToFive,
            confidence: Confidence::new(0.95).unwrap(),
            hours: hours.map(|h| BusinessHours::parse(h).unwrap()),
            tz: chrono_tz::UTC,
            targets: BTreeMap::from([("email".to_string(), Target::parse("24h").unwrap())]),
        }
    }

    #[test]
    fn each_figure_counts_only_the_contacts_that_carry_it() {
        let mut rows = vec![row("a-1", "phone", "2026-11-02T10:00:00Z"); 4];
        rows[0].csat = Some(5);
        rows[1].csat = Some(3);
        rows[0].nps = Some(10);
        rows[1].complaint = Some(true);
        rows[2].complaint = Some(false);
        let k = voice_kpis(&rows, &settings(None)).unwrap();
        assert_eq!(k.contacts, 4);
        let c = k.csat.unwrap();
        assert_eq!((c.n, c.mean, c.satisfied.count), (2, 4.0, 1));
        assert_eq!(k.nps.unwrap().score, 100.0);
        let complaints = k.complaints.unwrap();
        assert_eq!(
            (complaints.complaints, complaints.contacts, complaints.per_100),
            (1, 2, 50.0)
        );
        assert!(k.response.is_empty());
    }

    #[test]
    fn response_times_count_business_time_against_the_channels_target() {
        // Friday 17:00 answered Monday 10:00: 65 clock hours, 2 business hours.
        let mut late = row("a-1", "email", "2026-12-04T17:00:00Z");
        late.response_s = Some(65 * 3600);
        let mut quick = row("a-2", "email", "2026-12-01T10:00:00Z");
        quick.response_s = Some(3600);
        let rows = vec![late, quick];
        let clock = voice_kpis(&rows, &settings(None)).unwrap();
        let business = voice_kpis(&rows, &settings(Some("Mon-Fri 09:00-18:00"))).unwrap();
        let (c, b) = (&clock.response[0], &business.response[0]);
        assert_eq!((c.times.n, c.target_s, c.business_time), (2, Some(86_400), false));
        assert_eq!(c.within_target.unwrap().count, 1);
        assert_eq!(b.times.p90, 2.0 * 3600.0 - 0.1 * 3600.0);
        assert_eq!(b.within_target.unwrap().count, 2);
        let by_agent = voice_kpis_by_agent(&rows, &settings(None)).unwrap();
        assert_eq!(by_agent.keys().collect::<Vec<_>>(), ["a-1", "a-2"]);
        assert_eq!(by_agent["a-2"].response[0].within_target.unwrap().count, 1);
    }
}
