use super::*;
use crate::rubric::{FlagKind, VoiceConditions};
use crate::stats::voice::CsatScale;
use crate::voice::hours::BusinessHours;
use std::collections::BTreeMap;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rule(confidence: Option<f64>, voice: VoiceConditions) -> FlagRule {
    FlagRule {
        id: "r".into(),
        kind: FlagKind::Discipline,
        description: None,
        window_days: 30,
        min_evaluations: None,
        average_at_least: None,
        average_below: None,
        max_critical_failures: None,
        critical_failures_at_least: None,
        confidence,
        scope: None,
        voice,
    }
}

fn row(i: i64, channel: &str, at: &str) -> VoiceRow {
    VoiceRow::bare(i, "a-1", channel, at)
}

fn settings(hours: Option<&str>) -> KpiSettings {
    KpiSettings {
        scale: CsatScale::OneToFive,
        confidence: Confidence::NINETY_FIVE,
        hours: hours.map(|h| BusinessHours::parse(h).unwrap()),
        tz: chrono_tz::UTC,
        targets: BTreeMap::new(),
    }
}

/// `n` contacts on 2026-11-10 with `f` applied to each.
fn rows(n: i64, f: impl Fn(i64, &mut VoiceRow)) -> Vec<VoiceRow> {
    (0..n)
        .map(|i| {
            let mut r = row(i, "email", "2026-11-10T10:00:00Z");
            f(i, &mut r);
            r
        })
        .collect()
}

const AS_OF: &str = "2026-11-30";

#[test]
fn complaints_above_is_strict_and_contacts_outside_the_window_do_not_count() {
    let voice = VoiceConditions {
        complaints_per_100_above: Some(10.0),
        min_contacts: Some(10),
        ..Default::default()
    };
    // 3 complaints in 30 contacts: exactly 10 per 100, not above.
    let mut all = rows(30, |i, r| r.complaint = Some(i < 3));
    let c = &evaluate_voice(&rule(None, voice.clone()), day(AS_OF), &all, &settings(None)).unwrap()[0];
    assert_eq!((c.figure, c.n, c.met), (Some(10.0), 30, false));
    // One more complaint, but in October, outside the window: nothing changes.
    let mut old = row(99, "email", "2026-10-20T10:00:00Z");
    old.complaint = Some(true);
    all.push(old);
    let c = &evaluate_voice(&rule(None, voice), day(AS_OF), &all, &settings(None)).unwrap()[0];
    assert_eq!((c.n, c.met, c.measure), (30, false, VoiceMeasure::Figure));
}

#[test]
fn an_nps_in_one_group_has_no_bound_and_cannot_fire_with_confidence() {
    let voice = VoiceConditions {
        nps_below: Some(0.0),
        ..Default::default()
    };
    let detractors = rows(40, |_, r| r.nps = Some(3));
    let plain = &evaluate_voice(&rule(None, voice.clone()), day(AS_OF), &detractors, &settings(None)).unwrap()[0];
    assert_eq!((plain.figure, plain.met), (Some(-100.0), true));
    let bounded = &evaluate_voice(&rule(Some(0.9), voice), day(AS_OF), &detractors, &settings(None)).unwrap()[0];
    assert_eq!(
        (bounded.value, bounded.met, bounded.note),
        (None, false, Some(VoiceNote::NoBound))
    );
    assert!(!bounded.short_of_contacts);
}

#[test]
fn a_csat_threshold_off_the_current_scale_never_fires() {
    let voice = VoiceConditions {
        csat_below: Some(7.0),
        ..Default::default()
    };
    let low = rows(40, |_, r| r.csat = Some(2));
    let c = &evaluate_voice(&rule(None, voice), day(AS_OF), &low, &settings(None)).unwrap()[0];
    assert_eq!(
        (c.met, c.note, c.scale),
        (false, Some(VoiceNote::OffScale), Some(CsatScale::OneToFive))
    );
}

#[test]
fn response_limits_read_one_channel_or_all_in_business_time() {
    let limit = |channel: Option<&str>| ResponseLimit {
        channel: channel.map(str::to_string),
        seconds: 4 * 3600,
        written: "4h".into(),
    };
    let voice = VoiceConditions {
        response_p90_above: vec![limit(Some("email")), limit(None)],
        min_contacts: Some(3),
        ..Default::default()
    };
    // Emails on Friday 17:00 answered 65 clock hours later (2 business hours); calls in 60 s.
    let mut all: Vec<VoiceRow> = (0..5)
        .map(|i| {
            let mut r = row(i, "email", "2026-11-06T17:00:00Z");
            r.response_s = Some(65 * 3600);
            r
        })
        .collect();
    all.extend((5..10).map(|i| {
        let mut r = row(i, "phone", "2026-11-10T10:00:00Z");
        r.response_s = Some(60);
        r
    }));
    let clock = evaluate_voice(&rule(Some(0.9), voice.clone()), day(AS_OF), &all, &settings(None)).unwrap();
    assert_eq!(clock[0].channel.as_deref(), Some("email"));
    assert_eq!(
        (clock[0].n, clock[0].figure, clock[0].met),
        (5, Some(65.0 * 3600.0), true)
    );
    // The percentile itself is compared, whatever the confidence.
    assert_eq!((clock[0].measure, clock[0].confidence), (VoiceMeasure::Figure, None));
    assert_eq!((clock[1].channel.as_deref(), clock[1].n), (None, 10));
    let business = evaluate_voice(
        &rule(None, voice),
        day(AS_OF),
        &all,
        &settings(Some("Mon-Fri 09:00-18:00")),
    )
    .unwrap();
    assert!(business[0].business_time);
    assert_eq!((business[0].figure, business[0].met), (Some(2.0 * 3600.0), false));
}
