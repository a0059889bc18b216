//! The flags report computed from rows, without a store: which rules fire for whom, the
//! evidence, what open disputes put at stake, the order and the language.

use super::*;
use crate::lang::Lang;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn agent(id: &str, team: &str) -> (String, Agent) {
    let a = Agent {
        id: id.into(),
        name: format!("Agent {id}"),
        team: Some(team.into()),
        location: None,
        hired_on: None,
    };
    (id.to_string(), a)
}

fn scored(id: i64, d: &str, overall: f64) -> Scored {
    Scored {
        id,
        day: day(d),
        overall,
        critical_failed: false,
    }
}

fn row(agent: &str, id: i64, d: &str, overall: f64) -> Row {
    Row {
        agent: agent.into(),
        scored: scored(id, d, overall),
        dispute: None,
        scopes: Default::default(),
        proposed_scopes: None,
    }
}

/// A row under open dispute `dispute`, scoring `overall` now and `proposed` if accepted.
fn disputed(agent: &str, id: i64, d: &str, overall: f64, dispute: i64, proposed: f64) -> Row {
    Row {
        agent: agent.into(),
        scored: scored(id, d, overall),
        dispute: Some(Disputed {
            dispute,
            as_scored: scored(id, d, overall),
            as_proposed: scored(id, d, proposed),
        }),
        scopes: Default::default(),
        proposed_scopes: None,
    }
}

fn rule(id: &str, kind: FlagKind, f: impl FnOnce(&mut FlagRule)) -> FlagRule {
    let mut r = FlagRule {
        id: id.into(),
        kind,
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

/// Reward: at least 2 evaluations with a mean of 90 or more, in 30 days.
fn excellence() -> FlagRule {
    rule("excellence", FlagKind::Reward, |r| {
        r.min_evaluations = Some(2);
        r.average_at_least = Some(90.0);
    })
}

/// Discipline: a mean below 70, in 30 days.
fn below() -> FlagRule {
    rule("below", FlagKind::Discipline, |r| r.average_below = Some(70.0))
}

fn rubric(id: &str, language: Lang, rules: Vec<FlagRule>, rows: Vec<Row>) -> Gathered {
    Gathered {
        rules: RuleSet {
            rubric: id.into(),
            version: 3,
            language,
            rules,
        },
        rows,
    }
}

fn query() -> FlagsQuery {
    FlagsQuery {
        as_of: day("2026-11-30"),
        agent: None,
        team: Some("north".into()),
        kind: None,
    }
}

#[test]
fn a_mean_exactly_at_the_threshold_fires_with_its_evidence() {
    let agents = BTreeMap::from([agent("a-1", "north"), agent("a-2", "north")]);
    let rows = vec![
        // 31 October is outside the 30 days ending 30 November: not evidence.
        row("a-1", 1, "2026-10-31", 10.0),
        row("a-1", 3, "2026-11-20", 85.0),
        row("a-1", 2, "2026-11-01", 95.0),
        // Half a point short.
        row("a-2", 4, "2026-11-05", 95.0),
        row("a-2", 5, "2026-11-06", 84.0),
    ];
    let (report, lang) = compute(
        &query(),
        &agents,
        &[rubric("call", Lang::En, vec![excellence()], rows)],
        None,
    )
    .unwrap();
    assert_eq!(report.flags.len(), 1, "{report:?}");
    let f = &report.flags[0];
    assert_eq!(
        (f.agent.as_str(), f.flag.as_str(), f.rubric_version),
        ("a-1", "excellence", 3)
    );
    assert_eq!(
        f.evaluations,
        vec![2, 3],
        "oldest work first, the day outside the window left out"
    );
    assert_eq!((f.n, f.mean), (2, Some(90.0)));
    assert_eq!(f.rule, "mean >= 90, at least 2 evaluations in 30 days");
    assert!(f.pending_disputes.is_empty());
    assert!(report.pending.is_empty());
    assert_eq!(report.rules.len(), 1);
    assert_eq!(report.team.as_deref(), Some("north"));
    assert_eq!(lang, Lang::En);
    assert_eq!(
        fired_by_agent(&report),
        BTreeMap::from([(
            "a-1".to_string(),
            vec![AgentFlag {
                flag: "excellence".to_string(),
                kind: FlagKind::Reward,
                scope: None,
            }]
        )])
    );
    let terms: Vec<&str> = report.rules[0].terms.iter().map(|t| t.key).collect();
    assert_eq!(
        terms,
        ["mean_at_least", "min_evaluations"],
        "the rule's terms, for reports in any language"
    );
}

#[test]
fn a_disputed_evaluation_is_left_out_and_what_it_may_change_is_named() {
    let agents = BTreeMap::from([agent("a-3", "north"), agent("a-4", "north")]);
    let rows = vec![
        // a-3: one counted evaluation is too few; accepting dispute 9 (80 -> 100) would reward.
        row("a-3", 5, "2026-11-02", 95.0),
        disputed("a-3", 6, "2026-11-03", 80.0, 9, 100.0),
        // a-4: rewarded now; rejecting dispute 11 (40 as scored) would withdraw it.
        row("a-4", 7, "2026-11-02", 95.0),
        row("a-4", 8, "2026-11-03", 95.0),
        disputed("a-4", 10, "2026-11-04", 40.0, 11, 95.0),
    ];
    let (report, _) = compute(
        &query(),
        &agents,
        &[rubric("call", Lang::En, vec![excellence()], rows)],
        None,
    )
    .unwrap();
    assert_eq!(report.flags.len(), 1);
    assert_eq!(report.flags[0].agent, "a-4");
    assert_eq!(
        report.flags[0].evaluations,
        vec![7, 8],
        "the disputed evaluation is not evidence"
    );
    assert_eq!(report.flags[0].pending_disputes, vec![11]);

    assert_eq!(report.pending.len(), 2);
    let a3 = &report.pending[0];
    assert_eq!(a3.agent, "a-3");
    assert_eq!((a3.disputes[0].dispute, a3.disputes[0].evaluation), (9, 6));
    assert_eq!(a3.disputes[0].date, day("2026-11-03"));
    let stake = &a3.flags[0];
    assert_eq!(
        (stake.stake.now, stake.stake.if_rejected, stake.stake.if_accepted),
        (false, false, true)
    );
    assert_eq!(stake.change, "fires if accepted");
    assert_eq!(report.pending[1].flags[0].change, "withdrawn if rejected");
}

#[test]
fn a_dispute_that_changes_nothing_lists_its_agent_with_no_flag_at_stake() {
    let agents = BTreeMap::from([agent("a-5", "north")]);
    // Rewarded with or without the disputed evaluation, whichever way it ends.
    let rows = vec![
        row("a-5", 1, "2026-11-02", 100.0),
        row("a-5", 2, "2026-11-03", 100.0),
        disputed("a-5", 3, "2026-11-04", 95.0, 4, 100.0),
    ];
    let (report, _) = compute(
        &query(),
        &agents,
        &[rubric("call", Lang::En, vec![excellence()], rows)],
        None,
    )
    .unwrap();
    assert!(report.flags[0].pending_disputes.is_empty());
    assert_eq!(report.pending.len(), 1);
    assert!(report.pending[0].flags.is_empty());
}

#[test]
fn rewards_come_first_other_agents_are_ignored_and_spanish_needs_every_rubric() {
    let agents = BTreeMap::from([agent("a-1", "north"), agent("a-2", "north")]);
    let call = rubric(
        "call",
        Lang::En,
        vec![below()],
        vec![row("a-1", 1, "2026-11-02", 50.0), row("z-9", 2, "2026-11-02", 10.0)],
    );
    let visita = rubric(
        "visita",
        Lang::Es,
        vec![excellence()],
        vec![row("a-2", 3, "2026-11-02", 95.0), row("a-2", 4, "2026-11-03", 95.0)],
    );
    let (report, lang) = compute(&query(), &agents, &[call, visita.clone()], None).unwrap();
    let order: Vec<(&str, &str)> = report
        .flags
        .iter()
        .map(|f| (f.flag.as_str(), f.agent.as_str()))
        .collect();
    assert_eq!(order, vec![("excellence", "a-2"), ("below", "a-1")]);
    assert_eq!(lang, Lang::En, "an English rubric contributed");
    let (_, lang) = compute(&query(), &agents, &[visita], None).unwrap();
    assert_eq!(lang, Lang::Es);
    // A rubric that contributes nothing does not decide the language.
    let quiet = rubric("call", Lang::En, vec![below()], Vec::new());
    let visita = rubric(
        "visita",
        Lang::Es,
        vec![excellence()],
        vec![row("a-2", 3, "2026-11-02", 95.0), row("a-2", 4, "2026-11-03", 95.0)],
    );
    let (report, lang) = compute(&query(), &agents, &[quiet, visita], None).unwrap();
    assert_eq!((report.rules.len(), lang), (2, Lang::Es));
}
