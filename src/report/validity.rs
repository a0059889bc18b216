//! The validity report (`report validity`, issue 19): does the rubric measure what customers
//! feel? Per rubric, every criterion's association with CSAT and with NPS over the same
//! contacts ([`crate::stats::validity`]: Spearman's rho, a bootstrap interval, n, BH-decided),
//! the criteria customers feel most first, those with no measurable relation marked for review,
//! and the overall score against CSAT and NPS.
//!
//! What it does not say: that a criterion causes satisfaction. The figures are associations
//! over the contacts that were both evaluated and rated; the templates say so, and show no
//! figure for a series below the minimum number of pairs.
//!
//! The order of the criteria: by the better verdict of the two measures (related first, then
//! inverse, no measurable relation, no variation, too few), then by the strongest |rho| among
//! the measures with that verdict, then by key, so the order never depends on input order.

use super::common::{Period, PeriodView, RubricRef};
use crate::rubric::Rubric;
use crate::stats::{
    CriterionPairs, Relation, StatsError, Validity, ValidityInput, ValidityOptions, Verdict, VoiceMeasure, validity,
};
use crate::store::validity::EvaluationVoice;
use serde::Serialize;
use std::collections::BTreeMap;

/// One series' figures as the report shows them: none below the minimum n or without variation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Association {
    /// Contacts with both values.
    pub n: usize,
    pub verdict: Verdict,
    /// No measurable relation, or one the wrong way round.
    pub review: bool,
    pub rho: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// The decimals the interval's bounds are printed with (fewer when the Monte-Carlo error
    /// of the resamples does not allow two).
    pub decimals: Option<usize>,
    pub p: Option<f64>,
    /// BH-adjusted over the criteria of the measure; for the overall score, `p` itself.
    pub adjusted_p: Option<f64>,
    pub resamples: Option<usize>,
}

impl Association {
    fn of(r: &Relation) -> Association {
        let m = r.measured;
        let interval = m.and_then(|m| m.interval.value().copied());
        Association {
            n: r.n,
            verdict: r.verdict,
            review: r.for_review,
            rho: m.map(|m| m.rho),
            lower: interval.map(|i| i.lower),
            upper: interval.map(|i| i.upper),
            decimals: interval.map(|i| i.decimals),
            p: m.map(|m| m.p),
            adjusted_p: m.map(|m| m.adjusted_p),
            resamples: interval.map(|i| i.resamples),
        }
    }
}

/// One criterion's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionRow {
    /// 1 for the criterion customers feel most.
    pub rank: usize,
    pub key: String,
    pub section: String,
    pub text: String,
    pub critical: bool,
    pub csat: Association,
    pub nps: Association,
    /// Related to neither measure while tested on one: the rubric's owner should look at it.
    pub review: bool,
}

/// The report for one rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidityReport {
    pub rubric: RubricRef,
    pub period: PeriodView,
    /// Evaluated contacts with a CSAT, and with an NPS answer.
    pub contacts_csat: usize,
    pub contacts_nps: usize,
    pub min_pairs: usize,
    /// The false discovery rate of Benjamini-Hochberg.
    pub q: f64,
    pub confidence: f64,
    pub seed: u64,
    /// Fixed resamples per interval (`--resamples`); none: as many as two decimals need.
    pub resamples: Option<usize>,
    /// Criteria tested against CSAT and against NPS (the BH families' sizes).
    pub tested_csat: usize,
    pub tested_nps: usize,
    /// The criteria, customers' most felt first (see the module comment).
    pub criteria: Vec<CriterionRow>,
    pub overall_csat: Association,
    pub overall_nps: Association,
    /// Some series has fewer pairs than `min_pairs`.
    pub too_few: bool,
    /// Criteria marked for review.
    pub for_review: usize,
}

/// The report for `rubric` (its latest version names the criteria) from its rows (all of
/// `rubric`); refuses options no test can use.
pub fn build(
    rows: &[EvaluationVoice],
    rubric: &Rubric,
    period: &Period,
    options: ValidityOptions,
) -> Result<ValidityReport, StatsError> {
    let csat = measure(rows, rubric, VoiceMeasure::Csat, options)?;
    let nps = measure(rows, rubric, VoiceMeasure::Nps, options)?;
    let by_key = |v: &Validity| -> BTreeMap<String, Association> {
        v.criteria
            .iter()
            .map(|c| (c.criterion.clone(), Association::of(&c.relation)))
            .collect()
    };
    let (csat_of, nps_of) = (by_key(&csat), by_key(&nps));
    let mut criteria: Vec<CriterionRow> = csat_of
        .iter()
        .map(|(key, a)| {
            let n = nps_of[key];
            let (section, text, critical) = describe(rubric, key);
            let related = |x: &Association| matches!(x.verdict, Verdict::Related);
            CriterionRow {
                rank: 0,
                key: key.clone(),
                section,
                text,
                critical,
                csat: *a,
                nps: n,
                review: !related(a) && !related(&n) && (a.review || n.review),
            }
        })
        .collect();
    criteria.sort_by(|a, b| {
        let (va, vb) = (best(a), best(b));
        va.0.cmp(&vb.0)
            .then_with(|| vb.1.total_cmp(&va.1))
            .then_with(|| a.key.cmp(&b.key))
    });
    for (i, c) in criteria.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    let overall_csat = Association::of(&csat.overall);
    let overall_nps = Association::of(&nps.overall);
    let too_few = criteria
        .iter()
        .flat_map(|c| [c.csat, c.nps])
        .chain([overall_csat, overall_nps])
        .any(|a| a.verdict == Verdict::TooFew);
    Ok(ValidityReport {
        rubric: RubricRef::of(rubric),
        period: period.view(),
        contacts_csat: rows.iter().filter(|r| r.csat.is_some()).count(),
        contacts_nps: rows.iter().filter(|r| r.nps.is_some()).count(),
        min_pairs: options.min_pairs,
        q: options.q,
        confidence: options.confidence.level(),
        seed: options.seed,
        resamples: options.resamples,
        tested_csat: csat.tested,
        tested_nps: nps.tested,
        for_review: criteria.iter().filter(|c| c.review).count(),
        criteria,
        overall_csat,
        overall_nps,
        too_few,
    })
}

/// The better verdict of a row's two measures, and the strongest |rho| among those with it.
fn best(row: &CriterionRow) -> (Verdict, f64) {
    let verdict = row.csat.verdict.min(row.nps.verdict);
    let strength = [row.csat, row.nps]
        .iter()
        .filter(|a| a.verdict == verdict)
        .filter_map(|a| a.rho.map(f64::abs))
        .fold(0.0, f64::max);
    (verdict, strength)
}

/// The figures of one measure: every criterion of the latest version (those answered only in
/// older versions too), paired over the contacts rated on it.
fn measure(
    rows: &[EvaluationVoice],
    rubric: &Rubric,
    measure: VoiceMeasure,
    options: ValidityOptions,
) -> Result<Validity, StatsError> {
    let value = |r: &EvaluationVoice| match measure {
        VoiceMeasure::Csat => r.csat,
        VoiceMeasure::Nps => r.nps,
    };
    // Contacts are numbered by their row: the same number in every series, so one resample of
    // contacts serves all criteria.
    let mut pairs: BTreeMap<&str, CriterionPairs> =
        rubric.criteria().map(|c| (c.key.as_str(), pairs_of(&c.key))).collect();
    let (mut overall, mut overall_contacts) = (Vec::new(), Vec::new());
    for (contact, r) in rows.iter().enumerate() {
        let Some(y) = value(r) else { continue };
        let y = f64::from(y);
        overall.push((r.overall, y));
        overall_contacts.push(contact);
        for (key, norm) in &r.answers {
            let series = pairs.entry(key.as_str()).or_insert_with(|| pairs_of(key));
            series.pairs.push((*norm, y));
            series.contacts.push(contact);
        }
    }
    let input = ValidityInput {
        measure,
        criteria: pairs.into_values().collect(),
        overall,
        overall_contacts,
    };
    validity(&input, options)
}

fn pairs_of(key: &str) -> CriterionPairs {
    CriterionPairs {
        criterion: key.to_string(),
        pairs: Vec::new(),
        contacts: Vec::new(),
    }
}

/// A criterion's section title, text and criticality from the latest version; a criterion
/// since removed reads as its key.
fn describe(rubric: &Rubric, key: &str) -> (String, String, bool) {
    rubric
        .sections
        .iter()
        .find_map(|s| {
            s.criteria
                .iter()
                .find(|c| c.key == key)
                .map(|c| (s.title.clone(), c.text.clone(), c.critical))
        })
        .unwrap_or_else(|| (key.split('.').next().unwrap_or(key).to_string(), key.to_string(), false))
}
