//! Does the rubric measure what customers feel? (issue 19, `report validity`.) For every
//! criterion, Spearman's rho between its answers and the customer's CSAT or NPS over the same
//! contacts, with a bootstrap interval, n and p; Benjamini-Hochberg over the criteria decides
//! which are marked related; and the overall score against the same measure.
//!
//! Plain data only: the words (association, not cause; "customers feel it") belong to the
//! labels. The rules:
//!
//! - A series with fewer than [`MIN_PAIRS`] pairs is [`Verdict::TooFew`]: no rho is shown, no
//!   test is counted. A series where either side never varies (every contact met the criterion)
//!   is [`Verdict::NoVariation`]: it cannot show an association, which is not evidence of none.
//! - The other criteria form the BH family (`m` = how many were tested), at false discovery rate
//!   `q` ([`super::fdr::DEFAULT_Q`]). Discovered with rho > 0 is [`Verdict::Related`]; with
//!   rho < 0 [`Verdict::Inverse`] (customers are less satisfied where the criterion is met);
//!   not discovered is [`Verdict::NoMeasurableRelation`]. The last two are marked for review.
//! - The overall score is one test of its own, outside the family: related when `p ≤ q`.
//! - Order: related, inverse, no measurable relation, no variation, too few; within each the
//!   strongest `|rho|` (or the largest n) first, then by criterion, so the criteria that matter
//!   most to customers come first and the order never depends on input order.
//! - The intervals of a measure come from one joint bootstrap over the contacts (numbered across
//!   the input): each resample of contacts is drawn once, and every series takes the pairs of
//!   the contacts drawn (common random numbers: two criteria on the same contacts are resampled
//!   alike; one draw serves all criteria). Each stops when its own bounds are stable to
//!   `decimals` decimals (2 by default: rho reads at two, and a third would take a hundred
//!   times the resamples), or after exactly `resamples` when given.

use super::fdr::{DEFAULT_Q, benjamini_hochberg, check_rate};
use super::resample::{Resampled, Series, bootstrap_jointly};
use super::spearman::{Prepared, Scratch, check_pairs, p_value};
use super::{Confidence, Estimate, StatsError};
use serde::Serialize;
use std::cmp::Ordering;

/// The fewest contacts with both a criterion answer and the customer's measure for an
/// association to be shown. Below 30 the bootstrap interval of rho spans most of −1 to 1 and
/// the t approximation of its p-value is rough.
pub const MIN_PAIRS: usize = 30;

/// What the customer said, the other side of every pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceMeasure {
    Csat,
    Nps,
}

/// One criterion's pairs `(criterion answer as a norm, CSAT or NPS)`, one per contact.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionPairs {
    pub criterion: String,
    pub pairs: Vec<(f64, f64)>,
    /// The contact of each pair, numbered from 0 across the input (each at most once per
    /// series); empty: the i-th pair is contact i.
    pub contacts: Vec<usize>,
}

/// Everything the validity figures are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidityInput {
    pub measure: VoiceMeasure,
    pub criteria: Vec<CriterionPairs>,
    /// `(overall score, CSAT or NPS)`, one per evaluated contact with the measure.
    pub overall: Vec<(f64, f64)>,
    /// The contact of each overall pair, as in [`CriterionPairs::contacts`].
    pub overall_contacts: Vec<usize>,
}

/// The choices behind the figures, echoed in the result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValidityOptions {
    pub min_pairs: usize,
    /// The false discovery rate of BH.
    pub q: f64,
    pub confidence: Confidence,
    pub seed: u64,
    /// Decimals the interval bounds are printed with.
    pub decimals: usize,
    /// Exactly this many resamples per interval (fewer printed decimals if their Monte-Carlo
    /// error is larger); `None`: as many as the decimals need, up to the cap of
    /// [`super::resample`].
    pub resamples: Option<usize>,
}

impl ValidityOptions {
    /// The defaults ([`MIN_PAIRS`], q = 0.05, 95%, 2 decimals) with the caller's seed.
    pub fn new(seed: u64) -> ValidityOptions {
        ValidityOptions {
            min_pairs: MIN_PAIRS,
            q: DEFAULT_Q,
            confidence: Confidence::NINETY_FIVE,
            seed,
            decimals: 2,
            resamples: None,
        }
    }
}

/// How a series relates to the customer's measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Related,
    Inverse,
    NoMeasurableRelation,
    NoVariation,
    TooFew,
}

impl Verdict {
    /// Marked for review: no measurable relation, or one the wrong way round.
    pub fn for_review(self) -> bool {
        matches!(self, Verdict::Inverse | Verdict::NoMeasurableRelation)
    }
}

/// The figures of a series that was tested.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measured {
    pub rho: f64,
    pub p: f64,
    /// BH-adjusted p over the criteria; for the overall score, `p` itself.
    pub adjusted_p: f64,
    pub interval: Estimate<Resampled>,
}

/// One series' result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    /// Contacts with both values.
    pub n: usize,
    pub verdict: Verdict,
    pub for_review: bool,
    /// None for too few pairs or no variation.
    pub measured: Option<Measured>,
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionValidity {
    pub criterion: String,
    #[serde(flatten)]
    pub relation: Relation,
}

/// The validity figures for one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validity {
    pub measure: VoiceMeasure,
    pub options: ValidityOptions,
    /// Sorted as the module documents, strongest relation first.
    pub criteria: Vec<CriterionValidity>,
    /// How many criteria were tested (the BH family's `m`).
    pub tested: usize,
    pub overall: Relation,
}

/// The validity figures of `input`; refuses a non-finite value (naming the series) and options
/// no test can use (`min_pairs` below 3, `q` outside `(0, 1)`).
pub fn validity(input: &ValidityInput, options: ValidityOptions) -> Result<Validity, StatsError> {
    if options.min_pairs < 3 {
        return Err(StatsError::OutOfRange {
            name: "the minimum number of pairs",
            requirement: "at least 3 (a p-value needs one degree of freedom)",
            value: options.min_pairs as f64,
        });
    }
    check_rate(options.q)?;
    // Every series checked before any bootstrap, so a refusal costs nothing.
    for c in &input.criteria {
        check_pairs(&c.pairs).map_err(|e| in_series(format!("criterion {}", c.criterion), e))?;
    }
    check_pairs(&input.overall).map_err(|e| in_series("the overall score".into(), e))?;
    let mut series: Vec<SeriesPairs<'_>> = input.criteria.iter().map(|c| (&c.pairs[..], &c.contacts[..])).collect();
    series.push((&input.overall, &input.overall_contacts));
    let mut tests = test_all(&series, options)?;
    let overall = tests.pop().flatten();
    let p_values: Vec<f64> = tests.iter().flatten().map(|t| t.p).collect();
    let mut discoveries = benjamini_hochberg(&p_values, options.q)?.into_iter();
    let mut criteria: Vec<CriterionValidity> = input
        .criteria
        .iter()
        .zip(tests)
        .map(|(c, tested)| {
            let decided = tested.and_then(|m| {
                discoveries.next().map(|d| {
                    let adjusted = Measured {
                        adjusted_p: d.adjusted,
                        ..m
                    };
                    (adjusted, d.discovered)
                })
            });
            CriterionValidity {
                criterion: c.criterion.clone(),
                relation: relation(&c.pairs, decided, options),
            }
        })
        .collect();
    criteria.sort_by(strongest_first);
    Ok(Validity {
        measure: input.measure,
        options,
        tested: p_values.len(),
        criteria,
        overall: relation(&input.overall, overall.map(|m| (m, m.p <= options.q)), options),
    })
}

/// One series' pairs and the contact of each (empty: the i-th pair is contact i).
type SeriesPairs<'a> = (&'a [(f64, f64)], &'a [usize]);

/// rho, p and interval of every series with enough varying pairs (`adjusted_p` still `p`),
/// none for the others. The intervals come from one joint bootstrap over the contacts: each
/// resample of contacts is drawn once and every series takes the pairs of the contacts drawn
/// (common random numbers, one draw for all criteria).
fn test_all(series: &[SeriesPairs<'_>], options: ValidityOptions) -> Result<Vec<Option<Measured>>, StatsError> {
    const NONE: u32 = u32::MAX;
    let contact = |contacts: &[usize], i: usize| contacts.get(i).copied().unwrap_or(i);
    let units = series
        .iter()
        .flat_map(|(pairs, contacts)| (0..pairs.len()).map(|i| contact(contacts, i) + 1))
        .max()
        .unwrap_or(0);
    let mut tested = Vec::new();
    let mut out: Vec<Option<(f64, f64)>> = Vec::with_capacity(series.len());
    for (pairs, contacts) in series {
        if pairs.len() < options.min_pairs {
            out.push(None);
            continue;
        }
        let prepared = Prepared::new(pairs)?;
        let all: Vec<usize> = (0..pairs.len()).collect();
        // min_pairs ≥ 3, so a series that varies always has a p-value.
        let Some(rho) = prepared.rho(&all, &mut Scratch::default()) else {
            out.push(None);
            continue;
        };
        let Some(p) = p_value(rho, pairs.len())? else {
            out.push(None);
            continue;
        };
        let mut position = vec![NONE; units];
        for i in 0..pairs.len() {
            position[contact(contacts, i)] = i as u32;
        }
        let shape = Series {
            estimate: rho,
            n: pairs.len(),
        };
        tested.push((prepared, position, shape));
        out.push(Some((rho, p)));
    }
    let shapes: Vec<Series> = tested.iter().map(|t| t.2).collect();
    let (mut scratch, mut picked) = (Scratch::default(), Vec::new());
    let statistic = |k: usize, picks: &[usize]| {
        let (prepared, position, _) = &tested[k];
        picked.clear();
        picked.extend(
            picks
                .iter()
                .map(|&c| position[c])
                .filter(|&i| i != NONE)
                .map(|i| i as usize),
        );
        prepared.rho(&picked, &mut scratch)
    };
    let mut intervals = bootstrap_jointly(
        units,
        &shapes,
        statistic,
        options.seed,
        options.confidence,
        options.decimals,
        options.resamples,
    )
    .into_iter();
    Ok(out
        .into_iter()
        .map(|m| {
            let (rho, p) = m?;
            Some(Measured {
                rho,
                p,
                adjusted_p: p,
                interval: intervals.next()?,
            })
        })
        .collect())
}

fn relation(pairs: &[(f64, f64)], decided: Option<(Measured, bool)>, options: ValidityOptions) -> Relation {
    let n = pairs.len();
    let verdict = match decided {
        None if n < options.min_pairs => Verdict::TooFew,
        None => Verdict::NoVariation,
        Some((m, true)) if m.rho > 0.0 => Verdict::Related,
        Some((_, true)) => Verdict::Inverse,
        Some((_, false)) => Verdict::NoMeasurableRelation,
    };
    Relation {
        n,
        verdict,
        for_review: verdict.for_review(),
        measured: decided.map(|(m, _)| m),
    }
}

fn strongest_first(a: &CriterionValidity, b: &CriterionValidity) -> Ordering {
    let strength = |c: &CriterionValidity| c.relation.measured.map_or(0.0, |m| m.rho.abs());
    a.relation
        .verdict
        .cmp(&b.relation.verdict)
        .then_with(|| strength(b).total_cmp(&strength(a)))
        .then_with(|| b.relation.n.cmp(&a.relation.n))
        .then_with(|| a.criterion.cmp(&b.criterion))
}

fn in_series(series: String, error: StatsError) -> StatsError {
    StatsError::InSeries {
        series,
        source: Box::new(error),
    }
}

#[cfg(test)]
#[path = "validity_tests.rs"]
mod tests;
