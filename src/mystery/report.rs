//! `report mystery`: the results of the mystery contacts by channel, apart from every real
//! contact. Per channel: how many contacts, their mean score, the share that passed, and the
//! median and 90th percentile of the time to answer. Quantiles interpolate between order
//! statistics (the 0.5 quantile of 10 s and 20 s is 15 s; of n sorted values the p quantile
//! sits at position (n - 1) x p, counting from 0), so they are reproducible by hand.

use super::ContactChannel;
use crate::report::common::PeriodView;
use serde::Serialize;

/// One mystery contact as the report reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactResult {
    pub channel: ContactChannel,
    pub overall: f64,
    pub passed: bool,
    pub answer_seconds: i64,
}

/// The report: one row per channel with contacts, and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MysteryReport {
    pub period: PeriodView,
    /// The rubric the contacts were scored with, when the report keeps one (`--rubric`).
    pub rubric: Option<String>,
    pub channels: Vec<ChannelRow>,
    pub contacts: usize,
    pub mean_score: Option<f64>,
    pub pass_rate: Option<f64>,
}

/// One channel's mystery contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelRow {
    pub channel: ContactChannel,
    pub n: usize,
    pub mean_score: f64,
    pub pass_rate: f64,
    /// Seconds.
    pub median_answer_s: f64,
    /// Seconds.
    pub p90_answer_s: f64,
    /// Email is read in hours of the clock; the other channels in minutes and seconds.
    pub in_hours: bool,
}

/// The report of `results` (the contacts of the period) by channel.
pub fn build(results: &[ContactResult], period: PeriodView, rubric: Option<String>) -> MysteryReport {
    let mut channels = Vec::new();
    for channel in ContactChannel::ALL {
        let of: Vec<&ContactResult> = results.iter().filter(|r| r.channel == channel).collect();
        if of.is_empty() {
            continue;
        }
        let n = of.len();
        let mut times: Vec<f64> = of.iter().map(|r| r.answer_seconds as f64).collect();
        times.sort_by(f64::total_cmp);
        channels.push(ChannelRow {
            channel,
            n,
            mean_score: of.iter().map(|r| r.overall).sum::<f64>() / n as f64,
            pass_rate: of.iter().filter(|r| r.passed).count() as f64 / n as f64,
            median_answer_s: quantile(&times, 0.5),
            p90_answer_s: quantile(&times, 0.9),
            in_hours: channel.answered_in_hours(),
        });
    }
    let n = results.len();
    MysteryReport {
        period,
        rubric,
        channels,
        contacts: n,
        mean_score: (n > 0).then(|| results.iter().map(|r| r.overall).sum::<f64>() / n as f64),
        pass_rate: (n > 0).then(|| results.iter().filter(|r| r.passed).count() as f64 / n as f64),
    }
}

/// The `p` quantile of non-empty ascending `sorted`, interpolating between order statistics.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * p;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
}
