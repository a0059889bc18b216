//! Validity on constructed criteria whose relation to CSAT is known.

use super::*;
use crate::stats::fdr::benjamini_hochberg;

/// A fixed pseudo-random stream (an LCG), so the data need no RNG crate.
fn noise(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        })
        .collect()
}

/// CSAT 1-5 for 80 contacts, and criteria built from it.
fn input() -> ValidityInput {
    let n = 80;
    let csat: Vec<f64> = noise(1, n).iter().map(|u| 1.0 + (u * 5.0).floor()).collect();
    let jitter = noise(2, n);
    let unrelated = noise(3, n);
    let pairs = |f: &dyn Fn(usize) -> f64| (0..n).map(|i| (f(i), csat[i])).collect::<Vec<_>>();
    let criterion = |name: &str, pairs: Vec<(f64, f64)>| CriterionPairs {
        criterion: name.into(),
        pairs,
        contacts: Vec::new(),
    };
    // Met (1), partly (0.5), not met (0): met mostly when the customer was satisfied.
    let met = |i: usize| ((csat[i] - 1.0) / 4.0 + jitter[i] * 0.6 - 0.3).clamp(0.0, 1.0);
    ValidityInput {
        measure: VoiceMeasure::Csat,
        criteria: vec![
            criterion("closing", pairs(&|i| (unrelated[i] * 3.0).floor() / 2.0)),
            criterion("upsell", pairs(&met)[..12].to_vec()),
            criterion("hold", pairs(&|i| 1.0 - met(i))),
            criterion("empathy", pairs(&|_| 1.0)),
            criterion("greeting", pairs(&|i| (met(i) * 2.0).round() / 2.0)),
            criterion("resolution", pairs(&met)),
        ],
        overall: pairs(&|i| 100.0 * met(i)),
        overall_contacts: Vec::new(),
    }
}

/// The figures of [`input`] with seed 11, computed once for all tests (bootstraps are slow in
/// debug builds).
fn run() -> &'static Validity {
    static RUN: std::sync::OnceLock<Validity> = std::sync::OnceLock::new();
    RUN.get_or_init(|| validity(&input(), ValidityOptions::new(11)).unwrap())
}

#[test]
fn criteria_are_judged_and_sorted_strongest_first() {
    let v = run();
    let order: Vec<(&str, Verdict)> = v
        .criteria
        .iter()
        .map(|c| (c.criterion.as_str(), c.relation.verdict))
        .collect();
    assert_eq!(
        order,
        vec![
            ("resolution", Verdict::Related),
            ("greeting", Verdict::Related),
            ("hold", Verdict::Inverse),
            ("closing", Verdict::NoMeasurableRelation),
            ("empathy", Verdict::NoVariation),
            ("upsell", Verdict::TooFew),
        ],
        "{v:#?}"
    );
    // Rounding met to halves loses information: greeting's rho is below resolution's.
    let rho = |i: usize| v.criteria[i].relation.measured.unwrap().rho;
    assert!(rho(0) > rho(1) && rho(1) > 0.5, "{} {}", rho(0), rho(1));
    assert!((rho(2) + rho(0)).abs() < 1e-12, "hold is resolution reversed");
    assert_eq!(v.tested, 4, "too few and no variation are not in the BH family");
}

#[test]
fn review_marks_no_relation_and_inverse_only() {
    let v = run();
    let review: Vec<&str> = v
        .criteria
        .iter()
        .filter(|c| c.relation.for_review)
        .map(|c| c.criterion.as_str())
        .collect();
    assert_eq!(review, vec!["hold", "closing"]);
    let upsell = &v.criteria[5].relation;
    assert_eq!((upsell.n, upsell.measured), (12, None));
    assert_eq!(v.criteria[4].relation.n, 80);
}

#[test]
fn adjusted_p_values_are_benjamini_hochberg_over_the_tested() {
    let v = run();
    let tested: Vec<Measured> = v.criteria.iter().filter_map(|c| c.relation.measured).collect();
    let p: Vec<f64> = tested.iter().map(|m| m.p).collect();
    let bh = benjamini_hochberg(&p, DEFAULT_Q).unwrap();
    for (m, d) in tested.iter().zip(&bh) {
        assert_eq!(m.adjusted_p, d.adjusted);
        assert!(m.adjusted_p >= m.p);
    }
    // closing is unrelated noise: its p is far above q.
    assert!(tested[3].p > 0.05, "{:?}", tested[3]);
}

#[test]
fn intervals_state_n_and_resamples_and_follow_the_seed() {
    let v = run();
    let interval = *v.criteria[0].relation.measured.unwrap().interval.value().unwrap();
    assert_eq!((interval.n, interval.seed, interval.confidence), (80, 11, 0.95));
    assert!(interval.resamples >= 2000 && interval.lower > 0.0 && interval.upper <= 1.0);
    let again = validity(&input(), ValidityOptions::new(11)).unwrap();
    assert_eq!(&again, v, "the same seed gives the same figures");
    let other = validity(&input(), ValidityOptions::new(12)).unwrap();
    assert_ne!(other.criteria[0].relation.measured, v.criteria[0].relation.measured);
}

#[test]
fn the_overall_score_is_tested_on_its_own() {
    let v = run();
    assert_eq!(v.overall.verdict, Verdict::Related);
    let m = v.overall.measured.unwrap();
    assert_eq!(m.adjusted_p, m.p);
    assert!(m.rho > 0.8, "{m:?}");
    // Too few overall pairs: too few, not tested.
    let mut small = input();
    small.overall.truncate(MIN_PAIRS - 1);
    let v = validity(&small, ValidityOptions::new(11)).unwrap();
    assert_eq!((v.overall.verdict, v.overall.measured), (Verdict::TooFew, None));
}

#[test]
fn a_lower_minimum_tests_small_criteria_too() {
    let options = ValidityOptions {
        min_pairs: 10,
        ..ValidityOptions::new(11)
    };
    let v = validity(&input(), options).unwrap();
    assert_eq!(v.tested, 5);
    assert!(v.criteria.iter().all(|c| c.relation.verdict != Verdict::TooFew));
}

#[test]
fn refusals_name_the_series() {
    let mut bad = input();
    bad.criteria[2].pairs[4].1 = f64::NAN;
    let err = validity(&bad, ValidityOptions::new(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "criterion hold: the value in row 5, column 2 is not a finite number"
    );
    let mut bad = input();
    bad.overall[0].0 = f64::INFINITY;
    let err = validity(&bad, ValidityOptions::new(1)).unwrap_err();
    assert!(err.to_string().starts_with("the overall score: "), "{err}");
    let options = ValidityOptions {
        min_pairs: 2,
        ..ValidityOptions::new(1)
    };
    assert!(validity(&input(), options).is_err());
    let options = ValidityOptions {
        q: 1.0,
        ..ValidityOptions::new(1)
    };
    assert!(validity(&input(), options).is_err());
}

#[test]
fn one_joint_bootstrap_gives_each_series_its_own_interval() {
    // The intervals come from one stream of resamples of contacts: a criterion answered on
    // every contact gets exactly the interval it would get alone, and two criteria with the
    // same answers on the same contacts get the same interval.
    let mut input = input();
    let resolution = input
        .criteria
        .iter()
        .find(|c| c.criterion == "resolution")
        .unwrap()
        .clone();
    input.criteria.push(CriterionPairs {
        criterion: "resolution-again".into(),
        ..resolution.clone()
    });
    let options = ValidityOptions::new(5);
    let v = validity(&input, options).unwrap();
    let interval = |name: &str| {
        let c = v.criteria.iter().find(|c| c.criterion == name).unwrap();
        *c.relation.measured.unwrap().interval.value().unwrap()
    };
    let alone = crate::stats::spearman(&resolution.pairs, 5, options.confidence, options.decimals).unwrap();
    assert_eq!(
        interval("resolution"),
        alone.value().unwrap().interval.value().copied().unwrap()
    );
    assert_eq!(interval("resolution"), interval("resolution-again"));
    // Fixed resamples: exactly that many, whatever the Monte-Carlo error.
    let fixed = validity(
        &input,
        ValidityOptions {
            resamples: Some(300),
            ..options
        },
    )
    .unwrap();
    let r = fixed.overall.measured.unwrap().interval;
    assert_eq!(r.value().unwrap().resamples, 300);
}
