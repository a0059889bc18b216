//! Evaluator reliability on live work (issue 16), for `report evaluators`: from the contacts
//! that two or more evaluators scored (double scoring with `sample draw --double`, second
//! opinions), per evaluator:
//!
//! - **Agreement with peers**: over their last `window` compared contacts (a rolling window,
//!   default [`DEFAULT_WINDOW`]), the mean deviation of their overall score from the mean of the
//!   other evaluators' scores of the same contact with the same rubric, the mean absolute
//!   deviation with its honest 95% interval (resampling contacts, [`crate::stats::resample`]),
//!   and the share within the tolerance (default 5 points).
//! - **Agreement with the reference**: the same against the reference evaluator a lead
//!   designated for the rubric (`staff reference RUBRIC ID`); without one, the peers are the
//!   reference.
//! - **Drift alarm**: a two-sided CUSUM ([`crate::stats::drift`]) on every deviation in scoring
//!   order (from the reference where it scored the contact, else from the peers), standardised
//!   by the spread of all evaluators' deviations of the rubric in the period. Needs at least
//!   [`MIN_DEVIATIONS`] deviations of the rubric to estimate that spread.
//!
//! The dispute overturn rate and the leniency with the evaluator's own scores left out come from
//! the counted evaluations (see `report::evaluators`).

use crate::stats::{self, Confidence, Estimate, drift};
use crate::store::reliability::MultiScored;
use serde::Serialize;
use std::collections::BTreeMap;

/// Compared contacts in the rolling window.
pub const DEFAULT_WINDOW: usize = 30;
/// Deviations of a rubric needed to estimate their spread for the drift alarm.
pub const MIN_DEVIATIONS: usize = 10;
/// Compared contacts needed for an interval of the mean absolute deviation.
pub const MIN_COMPARED: usize = 5;

/// Agreement of one evaluator with a baseline over the rolling window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Compared contacts in the window.
    pub n: usize,
    /// Mean of evaluator − baseline: positive scores higher.
    pub mean_deviation: Option<f64>,
    pub mean_absolute_deviation: Option<f64>,
    /// Honest 95% interval of the mean absolute deviation (from [`MIN_COMPARED`] contacts).
    pub interval: Option<stats::Resampled>,
    pub within_tolerance: Option<f64>,
}

/// One evaluator's reliability figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorReliability {
    pub evaluator: String,
    /// Contacts this evaluator scored that someone else scored too, in the period.
    pub compared: usize,
    pub peers: Agreement,
    /// `None` when no designated reference scored the same contacts (or they are the reference).
    pub reference: Option<Agreement>,
    pub drift: Option<drift::Alarm>,
    /// Why no drift alarm runs, when none does.
    pub drift_note: Option<String>,
}

/// One compared contact of an evaluator: (scored at, rubric, deviation from the peers' mean,
/// deviation from the reference where the reference scored it).
type Compared<'a> = (&'a str, &'a str, f64, Option<f64>);

/// Builds the figures from every multi-scored evaluation in the period.
pub fn build(
    scored: &[MultiScored],
    references: &BTreeMap<String, String>,
    window: usize,
    tolerance: f64,
    seed: u64,
) -> Vec<EvaluatorReliability> {
    // Per (subject, rubric): the evaluations, in scoring order.
    let mut groups: BTreeMap<(&str, &str), Vec<&MultiScored>> = BTreeMap::new();
    for s in scored {
        groups
            .entry((s.subject.as_str(), s.rubric.as_str()))
            .or_default()
            .push(s);
    }
    // Per evaluator, in scoring order: (scored_at, rubric, deviation from peers, from reference).
    let mut per: BTreeMap<&str, Vec<Compared<'_>>> = BTreeMap::new();
    for ((_, rubric), evals) in &groups {
        let reference = references.get(*rubric);
        for e in evals {
            let others: Vec<f64> = evals
                .iter()
                .filter(|o| o.evaluator != e.evaluator)
                .map(|o| o.overall)
                .collect();
            if others.is_empty() {
                continue;
            }
            let peers = e.overall - others.iter().sum::<f64>() / others.len() as f64;
            let against_reference = reference
                .filter(|r| **r != e.evaluator)
                .and_then(|r| evals.iter().find(|o| &o.evaluator == r))
                .map(|r| e.overall - r.overall);
            per.entry(e.evaluator.as_str())
                .or_default()
                .push((e.scored_at.as_str(), rubric, peers, against_reference));
        }
    }
    // The spread of every deviation of a rubric, for the alarm.
    let mut by_rubric: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for rows in per.values() {
        for (_, rubric, peers, reference) in rows {
            by_rubric.entry(rubric).or_default().push(reference.unwrap_or(*peers));
        }
    }
    let spread: BTreeMap<&str, Option<f64>> = by_rubric
        .iter()
        .map(|(r, d)| {
            let sd = (d.len() >= MIN_DEVIATIONS).then(|| {
                let mean = d.iter().sum::<f64>() / d.len() as f64;
                (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (d.len() - 1) as f64).sqrt()
            });
            (*r, sd.filter(|s| *s > 1e-9))
        })
        .collect();
    per.into_iter()
        .map(|(evaluator, mut rows)| {
            rows.sort_by(|a, b| a.0.cmp(b.0));
            let recent = &rows[rows.len().saturating_sub(window)..];
            let peers = agreement(&recent.iter().map(|r| r.2).collect::<Vec<_>>(), tolerance, seed);
            let against: Vec<f64> = recent.iter().filter_map(|r| r.3).collect();
            let reference = (!against.is_empty()).then(|| agreement(&against, tolerance, seed));
            let standardised: Option<Vec<f64>> = rows
                .iter()
                .map(|(_, rubric, peers, reference)| {
                    spread
                        .get(rubric)
                        .copied()
                        .flatten()
                        .map(|sd| reference.unwrap_or(*peers) / sd)
                })
                .collect();
            let (drift, drift_note) = match standardised {
                Some(z) => (Some(drift::cusum(&z, 1.0)), None),
                None => (
                    None,
                    Some(format!(
                        "fewer than {MIN_DEVIATIONS} compared scores of a rubric in the period to estimate their spread"
                    )),
                ),
            };
            EvaluatorReliability {
                evaluator: evaluator.to_string(),
                compared: rows.len(),
                peers,
                reference,
                drift,
                drift_note,
            }
        })
        .collect()
}

fn agreement(deviations: &[f64], tolerance: f64, seed: u64) -> Agreement {
    let n = deviations.len();
    if n == 0 {
        return Agreement {
            n,
            mean_deviation: None,
            mean_absolute_deviation: None,
            interval: None,
            within_tolerance: None,
        };
    }
    let absolute: Vec<f64> = deviations.iter().map(|d| d.abs()).collect();
    let mad = absolute.iter().sum::<f64>() / n as f64;
    let interval = (n >= MIN_COMPARED)
        .then(|| {
            // Points are printed with 1 decimal: resampled until each bound's Monte-Carlo
            // error is below 0.05 points.
            stats::bootstrap_units_to(
                n,
                mad,
                |picks| Some(picks.iter().map(|&i| absolute[i]).sum::<f64>() / picks.len() as f64),
                seed,
                Confidence::NINETY_FIVE,
                1,
            )
        })
        .and_then(|e| match e {
            Estimate::Value(r) => Some(r),
            Estimate::Undefined(_) => None,
        });
    Agreement {
        n,
        mean_deviation: Some(deviations.iter().sum::<f64>() / n as f64),
        mean_absolute_deviation: Some(mad),
        interval,
        within_tolerance: Some(absolute.iter().filter(|a| **a <= tolerance + 1e-9).count() as f64 / n as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(subject: &str, evaluator: &str, overall: f64, at: &str) -> MultiScored {
        MultiScored {
            subject: subject.into(),
            rubric: "r".into(),
            evaluator: evaluator.into(),
            evaluation: 0,
            overall,
            scored_at: at.into(),
        }
    }

    #[test]
    fn deviations_from_peers_and_from_the_reference() {
        let rows = vec![
            s("i:1", "eva", 80.0, "1"),
            s("i:1", "tom", 90.0, "2"),
            s("i:1", "lea", 84.0, "3"),
            s("i:2", "eva", 70.0, "4"),
            s("i:2", "tom", 74.0, "5"),
        ];
        let refs = BTreeMap::from([("r".to_string(), "lea".to_string())]);
        let out = build(&rows, &refs, 30, 5.0, 1);
        let tom = out.iter().find(|e| e.evaluator == "tom").unwrap();
        // i:1: 90 − mean(80, 84) = 8; i:2: 74 − 70 = 4.
        assert_eq!(tom.peers.n, 2);
        assert!((tom.peers.mean_deviation.unwrap() - 6.0).abs() < 1e-9);
        assert_eq!(tom.peers.within_tolerance, Some(0.5));
        // Against lea, the reference, only on i:1: 90 − 84.
        let r = tom.reference.as_ref().unwrap();
        assert_eq!(r.n, 1);
        assert!((r.mean_deviation.unwrap() - 6.0).abs() < 1e-9);
        // Too few deviations of the rubric for the alarm's spread.
        assert!(tom.drift.is_none() && tom.drift_note.is_some());
        assert!(out.iter().find(|e| e.evaluator == "lea").unwrap().reference.is_none());
    }
}
