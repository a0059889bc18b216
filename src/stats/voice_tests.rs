//! Hand-computed CSAT, NPS and complaint figures, edges included.

use super::*;

const C95: Confidence = Confidence::NINETY_FIVE;

fn csat_of(answers: &[u8], scale: CsatScale) -> Csat {
    *csat(answers, scale, C95).unwrap().value().unwrap()
}

fn nps_of(answers: &[u8]) -> Nps {
    *nps(answers, C95).unwrap().value().unwrap()
}

fn close(got: f64, want: f64, tolerance: f64) {
    assert!((got - want).abs() < tolerance, "got {got}, want {want}");
}

#[test]
fn csat_ten_answers_match_the_hand_computation() {
    // 5 4 4 3 5 2 4 5 1 4: sum 37, mean 3.7; squared deviations sum to 16.1, s² = 16.1/9,
    // s = 1.337494, standard error 0.422953; t(0.975; 9) = 2.262157, half width 0.956785:
    // 2.743215 to 4.656785 (scipy.stats.t.interval agrees). Top two boxes: 7 of 10 (Wilson
    // 0.396778 to 0.892209).
    let c = csat_of(&[5, 4, 4, 3, 5, 2, 4, 5, 1, 4], CsatScale::OneToFive);
    assert_eq!((c.n, c.satisfied.count), (10, 7));
    close(c.mean, 3.7, 1e-12);
    let i = c.mean_interval.value().unwrap();
    close(i.lower, 2.743215, 1e-6);
    close(i.upper, 4.656785, 1e-6);
    assert_eq!(i.method, STUDENT_T);
    close(c.satisfied.share, 0.7, 1e-12);
    close(c.satisfied.interval.lower, 0.396778, 1e-6);
    close(c.satisfied.interval.upper, 0.892209, 1e-6);
    assert!(c.too_few, "10 answers are below the minimum of {MIN_N}");
}

#[test]
fn csat_interval_is_clipped_to_the_scale() {
    // 4 5 5: mean 4.6667, t interval 3.2324 to 6.1009; a mean cannot pass 5.
    let c = csat_of(&[4, 5, 5], CsatScale::OneToFive);
    let i = c.mean_interval.value().unwrap();
    close(i.lower, 3.232449, 1e-6);
    assert_eq!(i.upper, 5.0);
}

#[test]
fn csat_top_two_boxes_follow_the_declared_scale() {
    // On 1-10, 8 is not satisfied, 9 and 10 are: 2 of 4.
    let ten = csat_of(&[8, 9, 10, 3], CsatScale::OneToTen);
    assert_eq!(ten.satisfied.count, 2);
    // The same answers 4 and 5 are satisfied on 1-5.
    assert_eq!(csat_of(&[4, 5, 3], CsatScale::OneToFive).satisfied.count, 2);
    assert_eq!("1-10".parse::<CsatScale>().unwrap(), CsatScale::OneToTen);
    assert_eq!(" 1-5 ".parse::<CsatScale>().unwrap(), CsatScale::OneToFive);
    assert!(
        "0-10"
            .parse::<CsatScale>()
            .unwrap_err()
            .to_string()
            .contains("1-5 or 1-10")
    );
}

#[test]
fn csat_one_answer_has_a_mean_and_no_t_interval() {
    let c = csat_of(&[5], CsatScale::OneToFive);
    assert_eq!((c.n, c.mean), (1, 5.0));
    assert_eq!(c.mean_interval, Estimate::Undefined(Undefined::TooFewValues { n: 1 }));
    // Wilson keeps a width for 1 of 1: 0.206549 to 1.
    close(c.satisfied.interval.lower, 0.206549, 1e-6);
    assert!(c.too_few);
    assert_eq!(
        csat(&[], CsatScale::OneToFive, C95).unwrap(),
        Estimate::Undefined(Undefined::NoValues)
    );
}

#[test]
fn csat_refuses_answers_off_the_scale() {
    for (answers, scale) in [(&[3, 0][..], CsatScale::OneToFive), (&[6][..], CsatScale::OneToFive)] {
        let err = csat(answers, scale, C95).unwrap_err();
        assert!(matches!(err, StatsError::OffScale { scale: "1-5", .. }), "{err}");
    }
    let err = csat(&[10, 11], CsatScale::OneToTen, C95).unwrap_err();
    assert_eq!(err.to_string(), "answer number 2 is 11, outside the 1-10 scale");
}

#[test]
fn nps_ten_answers_match_the_hand_computation() {
    // 10 9 9 8 7 6 3 10 0 9: 5 promoters, 2 passives, 3 detractors; NPS 50 − 30 = 20.
    // Var = (0.5 + 0.3 − 0.2²)/10 = 0.076, standard error 27.5681 points; ± 1.959964 × 27.5681
    // = ± 54.0325: −34.0325 to 74.0325.
    let s = nps_of(&[10, 9, 9, 8, 7, 6, 3, 10, 0, 9]);
    assert_eq!((s.n, s.promoters, s.passives, s.detractors), (10, 5, 2, 3));
    close(s.score, 20.0, 1e-12);
    close(s.standard_error, 100.0 * 0.076f64.sqrt(), 1e-12);
    let i = s.interval.value().unwrap();
    close(i.lower, -34.032478, 1e-6);
    close(i.upper, 74.032478, 1e-6);
    assert!(s.too_few);
}

#[test]
fn nps_all_promoters_or_all_detractors_have_no_interval() {
    let up = nps_of(&[9, 10, 10, 9]);
    assert_eq!((up.score, up.standard_error), (100.0, 0.0));
    assert_eq!(up.interval, Estimate::Undefined(Undefined::OneGroup));
    let down = nps_of(&[0, 6, 3]);
    assert_eq!((down.score, down.detractors), (-100.0, 3));
    assert_eq!(down.interval, Estimate::Undefined(Undefined::OneGroup));
    // All passives: 0, and no interval either.
    let middle = nps_of(&[7, 8, 8]);
    assert_eq!(
        (middle.score, middle.interval),
        (0.0, Estimate::Undefined(Undefined::OneGroup))
    );
    assert!(Undefined::OneGroup.to_string().contains("one group"));
}

#[test]
fn nps_one_answer_is_its_group_and_has_no_interval() {
    for (answer, score) in [(10, 100.0), (7, 0.0), (2, -100.0)] {
        let s = nps_of(&[answer]);
        assert_eq!((s.n, s.score, s.standard_error), (1, score, 0.0));
        assert_eq!(s.interval, Estimate::Undefined(Undefined::TooFewValues { n: 1 }));
        assert!(s.too_few);
    }
    assert_eq!(nps(&[], C95).unwrap(), Estimate::Undefined(Undefined::NoValues));
}

#[test]
fn nps_interval_is_clipped_to_a_hundred() {
    // 10 10 10 10 0: NPS 60, Var = (1 − 0.36)/5 = 0.128, half 1.959964 × 35.777 = 70.12:
    // 130 is clipped to 100, the lower −10.12 stays.
    let s = nps_of(&[10, 10, 10, 10, 0]);
    let i = s.interval.value().unwrap();
    assert_eq!(i.upper, 100.0);
    close(i.lower, 60.0 - 1.959964 * 100.0 * 0.128f64.sqrt(), 1e-4);
    let err = nps(&[5, 11], C95).unwrap_err();
    assert_eq!(
        err,
        StatsError::OffScale {
            position: 2,
            value: 11,
            scale: "0-10"
        }
    );
}

#[test]
fn enough_answers_are_not_too_few() {
    let answers: Vec<u8> = (0..MIN_N).map(|i| (i % 11) as u8).collect();
    assert!(!nps_of(&answers).too_few);
    assert!(nps_of(&answers[1..]).too_few);
}

#[test]
fn complaints_per_100_with_wilson() {
    // 3 of 150: 2 per 100, Wilson 0.6825 to 5.7147.
    let r = *complaints_per_100(3, 150, C95).unwrap().value().unwrap();
    close(r.per_100, 2.0, 1e-12);
    close(r.interval.lower, 0.682475, 1e-5);
    close(r.interval.upper, 5.714668, 1e-5);
    assert!(!r.too_few);
    // None in 40: 0, up to 8.76 per 100.
    let none = *complaints_per_100(0, 40, C95).unwrap().value().unwrap();
    assert_eq!((none.per_100, none.interval.lower), (0.0, 0.0));
    close(none.interval.upper, 8.762160, 1e-5);
    assert!(complaints_per_100(5, 4, C95).is_err());
    assert_eq!(
        complaints_per_100(0, 0, C95).unwrap(),
        Estimate::Undefined(Undefined::NoValues)
    );
}
