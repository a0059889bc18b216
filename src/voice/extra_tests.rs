use super::*;

fn row(id: i64, agent: &str, at: &str, customer: Option<&str>) -> VoiceRow {
    VoiceRow {
        customer: customer.map(str::to_string),
        ..VoiceRow::bare(id, agent, "phone", at)
    }
}

fn settings(hours: Option<&str>) -> ExtraSettings {
    ExtraSettings {
        confidence: Confidence::new(0.95).unwrap(),
        hours: hours.map(|h| BusinessHours::parse(h).unwrap()),
        tz: chrono_tz::UTC,
        escalation_target: Some(Target::parse("2h").unwrap()),
        repeat_days: 7,
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn repeats_look_ahead_within_the_days_whoever_answers() {
    let rows = vec![
        row(1, "a-1", "2026-11-02T10:00:00Z", Some("c1")),
        row(2, "a-2", "2026-11-05T10:00:00Z", Some("c1")),
        row(3, "a-1", "2026-11-03T10:00:00Z", Some("c2")),
        row(4, "a-1", "2026-11-04T10:00:00Z", None),
    ];
    // c2 calls again 8 days later (outside 7 days), c1's second call is the last.
    let mut later = rows.clone();
    later.push(row(5, "a-9", "2026-11-11T10:00:01Z", Some("c2")));
    let k = extra_kpis(&rows, &later, (day("2026-11-01"), day("2026-11-30")), &settings(None)).unwrap();
    let repeat = k.repeat.unwrap();
    assert_eq!((repeat.share.count, repeat.share.n, repeat.too_few), (1, 3, true));
    let w = k.workload.unwrap();
    // November 2026 has 21 weekdays; 4 contacts by 2 agents.
    assert_eq!((w.working_days, w.agents), (21, 2));
    assert!((w.per_agent_per_day - 4.0 / 2.0 / 21.0).abs() < 1e-12);
}

#[test]
fn handling_and_escalation_count_business_time_against_the_target() {
    let mut a = row(1, "a-1", "2026-12-04T17:00:00Z", None);
    // Friday 17:00 to Monday 10:00: 2 business hours, 65 clock hours.
    a.complaint_opened_at = Some("2026-12-04T17:00:00Z".into());
    a.complaint_closed_at = Some("2026-12-07T10:00:00Z".into());
    a.escalated_at = Some("2026-12-07T10:00:00Z".into());
    a.reason = Some("billing".into());
    a.complaint = Some(true);
    let mut b = row(2, "a-1", "2026-12-01T10:00:00Z", None);
    b.escalated_at = Some("2026-12-01T09:00:00Z".into());
    b.reason = Some("billing".into());
    let mut c = row(3, "a-1", "2026-12-01T10:00:00Z", None);
    c.reason = Some("address".into());
    c.resolved = Some(true);
    let rows = vec![a, b, c];
    let period = (day("2026-12-01"), day("2026-12-31"));
    let clock = extra_kpis(&rows, &rows, period, &settings(None)).unwrap();
    let business = extra_kpis(&rows, &rows, period, &settings(Some("Mon-Fri 09:00-18:00"))).unwrap();
    assert_eq!(clock.complaint_handling.as_ref().unwrap().times.median, 65.0 * 3600.0);
    assert_eq!(business.complaint_handling.unwrap().times.median, 2.0 * 3600.0);
    // The escalation before its contact is left out.
    let e = clock.escalation.unwrap();
    assert_eq!(
        (e.times.n, e.target_s, e.within_target.unwrap().count),
        (1, Some(7200), 0)
    );
    assert_eq!(business.escalation.unwrap().within_target.unwrap().count, 1);
    assert_eq!(
        clock.reasons,
        vec![
            ReasonCount {
                reason: "billing".into(),
                contacts: 2,
                complaints: 1
            },
            ReasonCount {
                reason: "address".into(),
                contacts: 1,
                complaints: 0
            },
        ]
    );
    assert_eq!(clock.resolved.unwrap().share.count, 1);
    assert!(clock.reopened.is_none() && clock.repeat.is_none());
    assert_eq!(working_days(day("2026-12-05"), day("2026-12-06"), None), 0);
}
