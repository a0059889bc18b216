//! One flag rule checked for one agent (DESIGN.md section 5): whether it fires, with the
//! evidence, as a pure function of the rule, the day the window ends and the agent's
//! evaluations. No store, no printing; `gather` reads the evaluations.
//!
//! The semantics every caller relies on:
//!
//! - **Window.** A rule with `window_days: N` looks at the `N` days ending at `as_of`, both ends
//!   inclusive: `[as_of - (N - 1), as_of]`. The day that counts is the day of the work (an
//!   interaction's `occurred_at`, a visit's `visited_at`, in UTC), not the day it was scored.
//!   Evaluations after `as_of` are outside every window.
//! - **Conditions are ANDed**, and a rule never fires on an empty window (a flag needs evidence,
//!   so a rule with only `max_critical_failures` does not reward agents nobody scored).
//! - **`min_evaluations`** fires on at least that many evaluations, never on fewer.
//! - **`average_at_least` / `average_below`** compare the mean of the overall scores (reward:
//!   `mean >= threshold`; discipline: `mean < threshold`). With `confidence: c` they compare the
//!   one-sided Student's t bound at level `c` instead (`crate::stats::mean_bound`): the lower
//!   bound must reach the threshold for a reward, the upper bound must be below it for a
//!   discipline flag. A bound needs two evaluations, so a rule with `confidence` never fires on
//!   one. Comparisons follow the one threshold rule of scoring (`crate::rubric::meets`: both
//!   sides rounded to 9 decimals), so a mean that is exactly 92 in decimal arithmetic meets
//!   `average_at_least: 92`.
//! - **Critical failures** are the evaluations in the window whose current revision failed a
//!   critical criterion (`evaluations.critical_failed`), whatever the rubric's critical policy.
//!   `max_critical_failures: k` needs at most `k`; `critical_failures_at_least: k` at least `k`.
//!
//! Which evaluations count (submitted, not void, not calibration, approved visits, latest
//! revision, no open dispute) is decided before they reach this module.

use crate::rubric::{FlagKind, FlagRule, below, meets};
use crate::stats::{Confidence, Estimate, MeanBound, Side, StatsError, mean_bound};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// One counted evaluation, as flag rules see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub id: i64,
    /// The day of the work (UTC).
    pub day: NaiveDate,
    /// The overall score of the current revision, 0..100.
    pub overall: f64,
    /// Whether the current revision failed a critical criterion.
    pub critical_failed: bool,
}

/// The days a rule looks at, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
}

impl Window {
    /// The `days` days ending at `as_of` (inclusive).
    pub fn ending(as_of: NaiveDate, days: u32) -> Window {
        let days = days.max(1);
        Window {
            from: as_of - Duration::days(i64::from(days) - 1),
            to: as_of,
            days,
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// A condition of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    MinEvaluations,
    AverageAtLeast,
    AverageBelow,
    MaxCriticalFailures,
    CriticalFailuresAtLeast,
}

/// What a condition compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The number of evaluations in the window.
    Evaluations,
    Mean,
    /// The one-sided lower confidence bound of the mean.
    LowerBound,
    /// The one-sided upper confidence bound of the mean.
    UpperBound,
    CriticalFailures,
}

/// One condition of a rule, checked: the evidence of why a flag fired or did not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub condition: ConditionKind,
    pub threshold: f64,
    pub measure: Measure,
    /// The measured value; `None` when it does not exist (no mean of nothing, no bound of one).
    pub value: Option<f64>,
    pub met: bool,
    /// Why the value is missing, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule checked against one agent's evaluations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub window: Window,
    /// Evaluations in the window.
    pub n: usize,
    /// Mean overall score in the window (`None` on an empty window).
    pub mean: Option<f64>,
    /// The confidence bound, when the rule asks for one and it exists.
    pub bound: Option<MeanBound>,
    pub critical_failures: u32,
    /// Ids of the evaluations in the window, oldest work first.
    pub evaluations: Vec<i64>,
    pub conditions: Vec<Condition>,
    /// Whether the conditions on evaluations hold (a flag also needs its voice conditions,
    /// `voice`); true for a rule with voice conditions only.
    pub fired: bool,
}

/// Checks `rule` against `evaluations` (any order; those outside the window are ignored).
pub fn evaluate(rule: &FlagRule, as_of: NaiveDate, evaluations: &[Scored]) -> Result<Outcome, StatsError> {
    let window = Window::ending(as_of, rule.window_days);
    let mut inside: Vec<&Scored> = evaluations.iter().filter(|e| window.contains(e.day)).collect();
    inside.sort_by_key(|e| (e.day, e.id));
    let n = inside.len();
    let scores: Vec<f64> = inside.iter().map(|e| e.overall).collect();
    let mean = (n > 0).then(|| scores.iter().sum::<f64>() / n as f64);
    let critical_failures = inside.iter().filter(|e| e.critical_failed).count() as u32;
    let mut conditions = Vec::new();

    if let Some(min) = rule.min_evaluations {
        conditions.push(Condition {
            condition: ConditionKind::MinEvaluations,
            threshold: f64::from(min),
            measure: Measure::Evaluations,
            value: Some(n as f64),
            met: n >= min as usize,
            note: None,
        });
    }

    let mut bound = None;
    let averages = [
        (ConditionKind::AverageAtLeast, rule.average_at_least, Side::Lower),
        (ConditionKind::AverageBelow, rule.average_below, Side::Upper),
    ];
    for (kind, threshold, side) in averages {
        let Some(threshold) = threshold else { continue };
        let (measure, value, note) = match rule.confidence {
            None => (
                Measure::Mean,
                mean,
                mean.is_none().then(|| "no evaluation in the window".to_string()),
            ),
            Some(level) => {
                let measure = match side {
                    Side::Lower => Measure::LowerBound,
                    Side::Upper => Measure::UpperBound,
                };
                match mean_bound(&scores, side, Confidence::new(level)?)? {
                    Estimate::Value(b) => {
                        bound = Some(b);
                        (measure, Some(b.bound), None)
                    }
                    Estimate::Undefined(why) => (measure, None, Some(why.to_string())),
                }
            }
        };
        let met = value.is_some_and(|v| match kind {
            ConditionKind::AverageAtLeast => meets(v, threshold),
            _ => below(v, threshold),
        });
        conditions.push(Condition {
            condition: kind,
            threshold,
            measure,
            value,
            met,
            note,
        });
    }

    if let Some(max) = rule.max_critical_failures {
        conditions.push(Condition {
            condition: ConditionKind::MaxCriticalFailures,
            threshold: f64::from(max),
            measure: Measure::CriticalFailures,
            value: Some(f64::from(critical_failures)),
            met: critical_failures <= max,
            note: None,
        });
    }
    if let Some(least) = rule.critical_failures_at_least {
        conditions.push(Condition {
            condition: ConditionKind::CriticalFailuresAtLeast,
            threshold: f64::from(least),
            measure: Measure::CriticalFailures,
            value: Some(f64::from(critical_failures)),
            met: critical_failures >= least,
            note: None,
        });
    }

    // A rule on the customer's voice alone has no condition here: its evaluations hold
    // vacuously and `voice` decides.
    let fired = if conditions.is_empty() && rule.voice.any() {
        true
    } else {
        n > 0 && conditions.iter().all(|c| c.met)
    };
    Ok(Outcome {
        window,
        n,
        mean,
        bound,
        critical_failures,
        evaluations: inside.iter().map(|e| e.id).collect(),
        conditions,
        fired,
    })
}

/// An evaluation under an open dispute, in the two forms its resolution is most likely to take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disputed {
    pub dispute: i64,
    /// As currently scored: what stands if the dispute is rejected.
    pub as_scored: Scored,
    /// With the agent's proposals applied: what stands if the dispute is accepted (the same as
    /// `as_scored` when the dispute proposes no answers).
    pub as_proposed: Scored,
}

/// How a rule's outcome for one agent depends on the agent's open disputes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stake {
    /// The open disputes whose evaluations fall in the rule's window.
    pub disputes: Vec<i64>,
    /// Whether the rule fires now, with the disputed evaluations left out.
    pub now: bool,
    /// Whether it would fire if every dispute were rejected (evaluations as scored).
    pub if_rejected: bool,
    /// Whether it would fire if every dispute were accepted as proposed.
    pub if_accepted: bool,
}

impl Stake {
    /// True when resolving the disputes (rejected, or accepted as proposed) changes the outcome.
    /// A partial resolution may land anywhere; these two are the outcomes the parties asked for.
    pub fn might_change(&self) -> bool {
        self.now != self.if_rejected || self.now != self.if_accepted
    }
}

/// A disputed evaluation as one rule reads it in the two forms its resolution may take; a form
/// is `None` when the rule does not count the evaluation in it (a scoped rule whose section or
/// criterion is N/A in that form, `scope::project`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contested {
    pub dispute: i64,
    /// The day of the work.
    pub day: NaiveDate,
    pub as_scored: Option<Scored>,
    pub as_proposed: Option<Scored>,
}

impl From<Disputed> for Contested {
    /// As an overall rule reads it: both forms count.
    fn from(d: Disputed) -> Contested {
        Contested {
            dispute: d.dispute,
            day: d.as_scored.day,
            as_scored: Some(d.as_scored),
            as_proposed: Some(d.as_proposed),
        }
    }
}

/// What is at stake for `rule` in the agent's open disputes; `None` when no disputed evaluation
/// falls in the rule's window (the disputes cannot change this rule).
pub fn stake(
    rule: &FlagRule,
    as_of: NaiveDate,
    counted: &[Scored],
    disputed: &[Contested],
) -> Result<Option<Stake>, StatsError> {
    let window = Window::ending(as_of, rule.window_days);
    let inside: Vec<&Contested> = disputed.iter().filter(|d| window.contains(d.day)).collect();
    if inside.is_empty() {
        return Ok(None);
    }
    let with = |pick: fn(&Contested) -> Option<Scored>| -> Result<bool, StatsError> {
        let mut all = counted.to_vec();
        all.extend(inside.iter().filter_map(|d| pick(d)));
        Ok(evaluate(rule, as_of, &all)?.fired)
    };
    let mut disputes: Vec<i64> = inside.iter().map(|d| d.dispute).collect();
    disputes.sort_unstable();
    Ok(Some(Stake {
        disputes,
        now: evaluate(rule, as_of, counted)?.fired,
        if_rejected: with(|d| d.as_scored)?,
        if_accepted: with(|d| d.as_proposed)?,
    }))
}

/// `value` printed with the fewest decimals (one at least, nine at most) that keep it on its own
/// side of `threshold` under [`meets`]: a bound of 69.99671 against 70 prints `69.997`, never
/// `70.0` (issue 16: flag evidence must show which side of the threshold the bound is).
pub fn decisive(value: f64, threshold: f64) -> String {
    let side = meets(value, threshold);
    for decimals in 1..=9 {
        let text = format!("{value:.decimals$}");
        let shown: f64 = text.parse().unwrap_or(value);
        if meets(shown, threshold) == side {
            return text;
        }
    }
    format!("{value:.9}")
}

/// The bound of an outcome printed by [`decisive`] against the threshold of its average
/// condition.
pub fn bound_shown(outcome: &Outcome) -> Option<String> {
    let bound = outcome.bound?;
    let condition = outcome
        .conditions
        .iter()
        .find(|c| matches!(c.measure, Measure::LowerBound | Measure::UpperBound))?;
    Some(decisive(bound.bound, condition.threshold))
}

/// `reward` or `discipline`.
pub fn kind_name(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::Reward => "reward",
        FlagKind::Discipline => "discipline",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisive_decimals_show_the_side_of_the_threshold() {
        assert_eq!(decisive(69.99671, 70.0), "69.997");
        assert_eq!(decisive(65.3, 70.0), "65.3");
        assert_eq!(decisive(70.04, 70.0), "70.0");
        assert_eq!(decisive(70.0, 70.0), "70.0");
        assert_eq!(decisive(100.0 * (0.7 + 1.4) / 3.0, 70.0), "70.0");
        assert_eq!(decisive(92.0000001, 92.0), "92.0");
        assert_eq!(decisive(91.99999, 92.0), "91.99999");
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rule(f: impl FnOnce(&mut FlagRule)) -> FlagRule {
        let mut r = FlagRule {
            id: "r".into(),
            kind: FlagKind::Reward,
            description: None,
            window_days: 30,
            min_evaluations: None,
            average_at_least: None,
            average_below: None,
            max_critical_failures: None,
            critical_failures_at_least: None,
            confidence: None,
            scope: None,
            voice: Default::default(),
        };
        f(&mut r);
        r
    }

    fn scored(id: i64, d: &str, overall: f64, critical: bool) -> Scored {
        Scored {
            id,
            day: day(d),
            overall,
            critical_failed: critical,
        }
    }

    #[test]
    fn the_window_holds_its_first_and_last_day_only() {
        let w = Window::ending(day("2026-11-30"), 30);
        assert_eq!(w.from, day("2026-11-01"));
        assert!(w.contains(day("2026-11-01")) && w.contains(day("2026-11-30")));
        assert!(!w.contains(day("2026-10-31")) && !w.contains(day("2026-12-01")));
        let one = Window::ending(day("2026-11-30"), 1);
        assert_eq!((one.from, one.to), (day("2026-11-30"), day("2026-11-30")));
    }

    #[test]
    fn min_evaluations_and_the_mean_at_the_threshold() {
        let r = rule(|r| {
            r.min_evaluations = Some(3);
            r.average_at_least = Some(92.0);
        });
        let three = [
            scored(1, "2026-11-01", 90.0, false),
            scored(2, "2026-11-10", 92.0, false),
            scored(3, "2026-11-30", 94.0, false),
        ];
        let o = evaluate(&r, day("2026-11-30"), &three).unwrap();
        assert!(o.fired, "{o:?}");
        assert_eq!(o.evaluations, vec![1, 2, 3]);
        assert!(!evaluate(&r, day("2026-11-30"), &three[..2]).unwrap().fired);
        // One point lower and the mean misses.
        let lower = [three[0], three[1], scored(3, "2026-11-30", 93.0, false)];
        assert!(!evaluate(&r, day("2026-11-30"), &lower).unwrap().fired);
        // Rounding noise does not decide a flag.
        let noisy = [scored(1, "2026-11-01", 92.0 - 1e-12, false)];
        let r1 = rule(|r| r.average_at_least = Some(92.0));
        assert!(evaluate(&r1, day("2026-11-30"), &noisy).unwrap().fired);
    }

    #[test]
    fn average_below_is_strict() {
        let r = rule(|r| r.average_below = Some(70.0));
        let at = [scored(1, "2026-11-05", 70.0, false)];
        assert!(!evaluate(&r, day("2026-11-30"), &at).unwrap().fired);
        let below = [scored(1, "2026-11-05", 69.9, false)];
        assert!(evaluate(&r, day("2026-11-30"), &below).unwrap().fired);
    }

    #[test]
    fn critical_failure_counts() {
        let at_least = rule(|r| r.critical_failures_at_least = Some(2));
        let max = rule(|r| r.max_critical_failures = Some(0));
        let one = [scored(1, "2026-11-05", 0.0, true), scored(2, "2026-11-06", 95.0, false)];
        let two = [one[0], one[1], scored(3, "2026-11-07", 0.0, true)];
        assert!(!evaluate(&at_least, day("2026-11-30"), &one).unwrap().fired);
        assert!(evaluate(&at_least, day("2026-11-30"), &two).unwrap().fired);
        assert!(!evaluate(&max, day("2026-11-30"), &one).unwrap().fired);
        assert!(evaluate(&max, day("2026-11-30"), &one[1..]).unwrap().fired);
        // Never on an empty window.
        assert!(!evaluate(&max, day("2026-11-30"), &[]).unwrap().fired);
    }

    #[test]
    fn confidence_uses_the_t_bound() {
        // Scores 60, 65, 70, 62, 68: mean 65, sd √17, se 1.8439, t(0.90; 4) = 1.5332, so the
        // one-sided upper bound is 67.827.
        let values = [60.0, 65.0, 70.0, 62.0, 68.0];
        let evals: Vec<Scored> = values
            .iter()
            .enumerate()
            .map(|(i, v)| scored(i as i64 + 1, "2026-11-10", *v, false))
            .collect();
        let fires = rule(|r| {
            r.average_below = Some(67.9);
            r.confidence = Some(0.9);
        });
        let o = evaluate(&fires, day("2026-11-30"), &evals).unwrap();
        let b = o.bound.unwrap();
        assert!((b.bound - 67.827).abs() < 5e-4, "{b:?}");
        assert!(o.fired);
        let misses = rule(|r| {
            r.average_below = Some(67.8);
            r.confidence = Some(0.9);
        });
        assert!(!evaluate(&misses, day("2026-11-30"), &evals).unwrap().fired);
        // The plain mean (65) would have fired; the bound is what decides.
        let one = evaluate(&misses, day("2026-11-30"), &evals[..1]).unwrap();
        assert!(!one.fired);
        assert!(one.conditions[0].note.as_deref().unwrap().contains("two values"));
    }

    #[test]
    fn stake_compares_the_outcomes_the_parties_asked_for() {
        let r = rule(|r| {
            r.min_evaluations = Some(2);
            r.average_at_least = Some(90.0);
        });
        let counted = [scored(1, "2026-11-05", 95.0, false)];
        let disputed = [Contested::from(Disputed {
            dispute: 7,
            as_scored: scored(2, "2026-11-06", 80.0, false),
            as_proposed: scored(2, "2026-11-06", 90.0, false),
        })];
        let s = stake(&r, day("2026-11-30"), &counted, &disputed).unwrap().unwrap();
        assert_eq!(
            s,
            Stake {
                disputes: vec![7],
                now: false,
                if_rejected: false,
                if_accepted: true
            }
        );
        assert!(s.might_change());
        // Outside the window the dispute is not at stake.
        assert_eq!(stake(&r, day("2027-02-01"), &counted, &disputed).unwrap(), None);
    }
}
