use super::report::{ContactResult, build, quantile};
use super::*;
use chrono::TimeZone;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, 0).unwrap()
}

#[test]
fn the_time_to_answer_is_answered_minus_started_and_never_negative() {
    let now = at(23, 0);
    assert_eq!(answer_time(at(10, 0), at(10, 3), now), Ok(180));
    assert_eq!(answer_time(at(10, 0), at(10, 0), now), Ok(0));
    assert!(matches!(
        answer_time(at(10, 5), at(10, 0), now),
        Err(MysteryError::AnsweredBeforeStarted { .. })
    ));
    assert!(matches!(
        answer_time(
            at(23, 0) + chrono::Duration::hours(2),
            at(23, 59) + chrono::Duration::hours(2),
            now
        ),
        Err(MysteryError::InTheFuture { .. })
    ));
}

#[test]
fn quantiles_interpolate_between_order_statistics() {
    assert_eq!(quantile(&[10.0], 0.9), 10.0);
    assert_eq!(quantile(&[10.0, 20.0], 0.5), 15.0);
    // Position (4 - 1) x 0.9 = 2.7: 30 + 0.7 x (100 - 30) = 79.
    assert!((quantile(&[10.0, 20.0, 30.0, 100.0], 0.9) - 79.0).abs() < 1e-9);
}

#[test]
fn the_report_groups_by_channel_in_a_fixed_order() {
    let r = |channel, overall, passed, answer_seconds| ContactResult {
        channel,
        overall,
        passed,
        answer_seconds,
    };
    let period = crate::report::common::PeriodView {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        days: 30,
    };
    let data = build(
        &[
            r(ContactChannel::Email, 80.0, false, 7200),
            r(ContactChannel::Phone, 90.0, true, 30),
            r(ContactChannel::Phone, 70.0, false, 90),
        ],
        period,
        None,
    );
    assert_eq!(data.channels.len(), 2);
    assert_eq!(data.channels[0].channel, ContactChannel::Phone);
    assert_eq!(data.channels[0].mean_score, 80.0);
    assert_eq!(data.channels[0].pass_rate, 0.5);
    assert_eq!(data.channels[0].median_answer_s, 60.0);
    assert!(data.channels[1].in_hours);
    assert_eq!(data.contacts, 3);
}

#[test]
fn agents_see_their_own_contacts_without_the_shopper() {
    use crate::roles::Role;
    let lea = Actor::staff("lea", vec![Role::Lead], Front::Cli);
    let sam = Actor::staff("sam", vec![Role::Shopper], Front::Cli);
    let ana = Actor::agent("a-1", Front::Cli);
    assert!(ContactSight::of(&lea).sees("sol", None));
    assert!(ContactSight::of(&sam).sees("sam", Some("a-1")));
    assert!(!ContactSight::of(&sam).sees("sol", Some("a-1")));
    assert!(ContactSight::of(&ana).sees("sam", Some("a-1")));
    assert!(!ContactSight::of(&ana).sees("sam", None));
    assert!(!ContactSight::of(&ana).sees_shopper());
}
