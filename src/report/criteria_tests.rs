use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn answer(key: &str, current: bool, column: Option<&str>, norm: f64, count: u64) -> AnswerCount {
    AnswerCount {
        rubric: "r".into(),
        version: 1,
        criterion: key.into(),
        current,
        column: column.map(str::to_string),
        norm,
        critical_failed: false,
        count,
    }
}

#[test]
fn months_are_clipped_to_the_period() {
    let p = Period {
        from: day("2026-10-15"),
        to: day("2026-12-03"),
    };
    let m = months(&p);
    let labels: Vec<&str> = m.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["2026-10", "2026-11", "2026-12"]);
    assert_eq!(
        (m[0].period.from, m[0].period.to),
        (day("2026-10-15"), day("2026-10-31"))
    );
    assert_eq!(
        (m[2].period.from, m[2].period.to),
        (day("2026-12-01"), day("2026-12-03"))
    );
}

#[test]
fn what_fails() {
    // Not critical: below half marks, by the shared threshold rule (0.5 itself passes).
    assert!(fails(false, 0.0, false));
    assert!(fails(false, 0.25, false));
    assert!(!fails(false, 0.5, false));
    assert!(!fails(false, 0.1 + 0.4, false));
    // Critical: the verdict stored at scoring, whatever the value.
    assert!(fails(true, 0.75, true));
    assert!(!fails(true, 0.0, false));
    assert_eq!(
        [0.0, 49.9, 50.0, 84.9, 85.0, 95.0, 100.0].map(heat_step),
        [0, 0, 1, 2, 3, 4, 4]
    );
}

#[test]
fn worst_first_with_trends_and_cells() {
    let period = Period {
        from: day("2026-11-01"),
        to: day("2026-11-30"),
    };
    let answers = vec![
        answer("a.good", true, Some("north"), 1.0, 6),
        answer("a.good", false, None, 1.0, 6),
        answer("a.bad", true, Some("north"), 0.0, 3),
        answer("a.bad", true, Some("south"), 1.0, 3),
        answer("a.bad", false, None, 1.0, 1),
    ];
    let versions = BTreeMap::new();
    let r = build(
        &answers,
        Input {
            rubric: None,
            versions: &versions,
            period: &period,
            filters: Filters::default(),
            by: Breakdown::Team,
            min_n: 5,
        },
    );
    let keys: Vec<&str> = r.criteria.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["a.bad", "a.good"]);
    let bad = &r.criteria[0];
    assert_eq!(
        (bad.current.n, bad.current.failing, bad.current.mean),
        (6, 3, Some(50.0))
    );
    assert_eq!(bad.trend.direction, super::super::common::Direction::Small);
    assert_eq!(bad.cells.len(), 2);
    assert_eq!(
        (bad.cells[0].n, bad.cells[0].mean, bad.cells[0].few),
        (3, Some(0.0), true)
    );
    let good = &r.criteria[1];
    assert_eq!(good.trend.change, Some(0.0));
    assert_eq!(good.failing_change, Some(0.0));
    assert_eq!((r.answers, r.previous_answers), (12, 7));
    assert!(r.small_trends);
}
