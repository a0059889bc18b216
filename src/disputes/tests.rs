//! The dispute rules called directly, without the binary or a store: projection, proposals,
//! the window, who may open and who may resolve.

use super::open::{disputable, in_window, may_open, proposals};
use super::resolve::{changes, may_resolve};
use super::*;
use crate::actor::{Actor, Channel};
use crate::roles::Role;
use crate::rubric::load::load_str;
use crate::store::disputes::Dispute;
use crate::store::evaluations::{Revision, StoredAnswer, Summary};

/// A critical greeting (a failed one zeroes the overall score) and a three-way tone.
const RUBRIC: &str = "\
id: contact
version: 2
title: Contact
language: en
subject: interaction
pass_mark: 70
critical_policy: zero_overall
dispute_days: 14
scales:
  yes_no: { type: binary }
  met: { type: choice, options: { met: 1.0, partly: 0.5, not_met: 0.0 } }
sections:
  - id: a
    title: A
    criteria:
      - { id: greet, text: Greets, scale: yes_no, critical: true }
      - { id: tone, text: Tone, scale: met }
";

fn rubric() -> Rubric {
    load_str("contact.yaml", RUBRIC)
        .expect("the test rubric is valid")
        .rubric
}

fn answer(key: &str, answer: &str) -> StoredAnswer {
    StoredAnswer {
        key: key.into(),
        answer: answer.into(),
        norm: None,
        critical_failed: false,
        comment: None,
    }
}

/// Evaluation 7 of agent a-1 by eva, scored 2026-11-02: greeting `no` (a critical failure,
/// overall 0), tone `partly`.
fn detail() -> Detail {
    Detail {
        summary: Summary {
            id: 7,
            subject: "CALL-1".into(),
            rubric: "contact".into(),
            rubric_version: 2,
            evaluator: "eva".into(),
            agent: Some("a-1".into()),
            location: None,
            occurred_at: "2026-11-01T10:00:00Z".into(),
            scored_at: "2026-11-02T09:00:00Z".into(),
            status: Status::Submitted,
            revision: 1,
            overall: 0.0,
            passed: false,
            critical_failed: true,
            band: None,
            acknowledged_at: None,
            calibration: None,
            second_opinion: false,
            practice: false,
        },
        void_reason: None,
        revisions: vec![Revision {
            revision: 1,
            overall: 0.0,
            passed: false,
            critical_failed: true,
            band: None,
            comment: None,
            reason: None,
            created_by: "eva".into(),
            created_at: "2026-11-02T09:00:00Z".into(),
            answers: vec![answer("a.greet", "no"), answer("a.tone", "partly")],
            sections: Vec::new(),
        }],
    }
}

fn proposal(criterion: &str, current: &str, proposed: &str) -> Proposal {
    Proposal {
        criterion: criterion.into(),
        current: current.into(),
        proposed: proposed.into(),
    }
}

fn dispute(status: DisputeStatus, proposals: Vec<Proposal>) -> Dispute {
    Dispute {
        id: 3,
        evaluation: 7,
        opened_by: "a-1".into(),
        opened_at: "2026-11-03T08:00:00Z".into(),
        reason: "I greeted".into(),
        proposals,
        status,
        resolved_by: None,
        resolved_at: None,
        resolution_note: None,
        revision_after: None,
        agent: Some("a-1".into()),
        evaluator: "eva".into(),
        subject: "CALL-1".into(),
        rubric: "contact".into(),
        rubric_version: 2,
        scored_at: "2026-11-02T09:00:00Z".into(),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn accepting_the_greeting_turns_a_critical_fail_into_a_pass() {
    let r = projected(&rubric(), &detail(), &[proposal("a.greet", "no", "yes")]).unwrap();
    let (overall, critical) = (r.overall, !r.critical_failures.is_empty());
    // Greeting met (1.0) and tone partly (0.5), equal weights: 75, above the pass mark of 70.
    assert!((overall - 75.0).abs() < 1e-9, "{overall}");
    assert!(!critical);
    // The tone alone leaves the critical failure standing, and the overall at 0.
    let r = projected(&rubric(), &detail(), &[proposal("a.tone", "partly", "met")]).unwrap();
    let (overall, critical) = (r.overall, !r.critical_failures.is_empty());
    assert_eq!((overall, critical), (0.0, true));
}

#[test]
fn a_projection_that_no_longer_scores_is_none() {
    // A criterion of no rubric cannot be scored: the dispute then counts as scored in flags.
    assert_eq!(projected(&rubric(), &detail(), &[proposal("a.smile", "", "yes")]), None);
}

#[test]
fn proposals_are_checked_against_the_rubric_and_the_answers_scored() {
    let (r, d) = (rubric(), detail());
    let ok = proposals(&r, &d, &[], &pairs(&[(" a.greet ", "Y")])).unwrap();
    assert_eq!(
        ok,
        vec![proposal("a.greet", "no", "yes")],
        "trimmed, and written as the rubric writes it"
    );
    let same = proposals(&r, &d, &[], &pairs(&[("a.tone", "partly")])).unwrap_err();
    assert_eq!(
        same.to_string(),
        "`a.tone` is already answered `partly` in evaluation 7"
    );
    let twice = proposals(&r, &d, &[], &pairs(&[("a.greet", "yes"), ("a.greet", "no")])).unwrap_err();
    assert_eq!(twice, DisputeError::ContestedTwice { key: "a.greet".into() });
    let unknown = proposals(&r, &d, &[], &pairs(&[("a.gret", "yes")])).unwrap_err();
    assert!(
        matches!(&unknown, DisputeError::UnknownCriterion { keys, version: 2, .. } if keys == &["a.greet", "a.tone"]),
        "{unknown:?}"
    );
    let bad = proposals(&r, &d, &[], &pairs(&[("a.tone", "maybe")])).unwrap_err();
    assert!(
        matches!(bad, DisputeError::BadAnswer { step: Step::Open, .. }),
        "{bad:?}"
    );
    // A point a lead already decided is not disputed again; another point still is.
    let decided = [dispute(DisputeStatus::Rejected, vec![proposal("a.greet", "no", "yes")])];
    let again = proposals(&r, &d, &decided, &pairs(&[("a.greet", "yes")])).unwrap_err();
    assert_eq!(
        again.to_string(),
        "`a.greet` of evaluation 7 was already decided in dispute 3 (rejected)"
    );
    assert!(proposals(&r, &d, &decided, &pairs(&[("a.tone", "met")])).is_ok());
}

#[test]
fn the_window_closes_after_its_last_day() {
    let (r, d) = (rubric(), detail());
    // Scored on 2 November with 14 days: the 16th is the last day.
    assert!(in_window(&r, &d.summary, day("2026-11-16")).is_ok());
    let closed = in_window(&r, &d.summary, day("2026-11-17")).unwrap_err();
    assert_eq!(
        closed.to_string(),
        "the dispute window of evaluation 7 closed on 2026-11-16: it was scored on 2026-11-02 and contact allows 14 days"
    );
}

#[test]
fn the_agent_or_a_lead_opens_and_only_on_what_counts() {
    let d = detail();
    assert_eq!(may_open(&Actor::agent("a-1", Channel::Cli), &d.summary).unwrap(), "a-1");
    let lead = Actor::staff("lea", vec![Role::Lead], Channel::Web);
    assert_eq!(
        may_open(&lead, &d.summary).unwrap(),
        "a-1",
        "a lead opens for the agent"
    );
    let other = may_open(&Actor::agent("a-2", Channel::Cli), &d.summary).unwrap_err();
    assert_eq!(
        other.to_string(),
        "`a-2` may not dispute evaluation 7: it scores a-1's work"
    );
    let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
    assert!(matches!(
        may_open(&eva, &d.summary),
        Err(DisputeError::NotTheirs { .. })
    ));

    let mut s = d.summary.clone();
    assert!(disputable(&s).is_ok());
    s.calibration = Some(4);
    assert_eq!(
        disputable(&s),
        Err(DisputeError::Calibration {
            evaluation: 7,
            session: 4
        })
    );
    s.status = Status::Draft;
    assert_eq!(disputable(&s), Err(DisputeError::Draft { evaluation: 7 }));
}

#[test]
fn separation_of_duties_in_resolving() {
    let open = dispute(DisputeStatus::Open, vec![proposal("a.greet", "no", "yes")]);
    let lead = |id: &str| Actor::staff(id, vec![Role::Lead], Channel::Cli);
    assert!(may_resolve(&lead("leo"), &open).is_ok());
    assert!(matches!(
        may_resolve(&lead("eva"), &open),
        Err(DisputeError::ScoredIt { .. })
    ));
    let mut for_agent = open.clone();
    for_agent.opened_by = "lea".into();
    assert_eq!(
        may_resolve(&lead("lea"), &for_agent).unwrap_err().to_string(),
        "`lea` opened dispute 3 for a-1, so may not resolve it"
    );
    assert!(matches!(
        may_resolve(&lead("a-1"), &for_agent),
        Err(DisputeError::IsTheAgent { .. })
    ));
    let mut done = open.clone();
    done.status = DisputeStatus::Accepted;
    assert!(matches!(
        may_resolve(&lead("leo"), &done),
        Err(DisputeError::AlreadyResolved {
            status: DisputeStatus::Accepted,
            ..
        })
    ));
}

#[test]
fn a_decision_changes_only_the_answers_that_differ() {
    let (r, d) = (rubric(), detail());
    let open = dispute(DisputeStatus::Open, vec![proposal("a.greet", "no", "yes")]);
    assert_eq!(
        changes(&open, &d, &Decision::Accept, &r).unwrap(),
        (DisputeStatus::Accepted, pairs(&[("a.greet", "yes")]))
    );
    assert_eq!(
        changes(&open, &d, &Decision::Reject, &r).unwrap(),
        (DisputeStatus::Rejected, Vec::new())
    );
    // The tone as scored is dropped; the greeting, written `Y`, changes.
    let partial = Decision::Partial(pairs(&[("a.tone", "partly"), ("a.greet", "Y")]));
    assert_eq!(
        changes(&open, &d, &partial, &r).unwrap(),
        (DisputeStatus::Partial, pairs(&[("a.greet", "yes")]))
    );
    let nothing = Decision::Partial(pairs(&[("a.tone", "partly")]));
    assert_eq!(
        changes(&open, &d, &nothing, &r),
        Err(DisputeError::NothingChanged {
            evaluation: 7,
            dispute: 3
        })
    );
    let empty = dispute(DisputeStatus::Open, Vec::new());
    assert_eq!(
        changes(&empty, &d, &Decision::Accept, &r),
        Err(DisputeError::NothingToAccept { dispute: 3 })
    );
}

#[test]
fn the_age_of_a_dispute_and_when_it_is_overdue() {
    let d = dispute(DisputeStatus::Open, Vec::new());
    // Opened on 3 November: 14 days on the 17th is not overdue yet, 15 on the 18th is.
    let on_17 = read::aged(d.clone(), 14, day("2026-11-17"));
    assert_eq!((on_17.age_days, on_17.overdue), (14, false));
    let on_18 = read::aged(d.clone(), 14, day("2026-11-18"));
    assert_eq!((on_18.age_days, on_18.overdue), (15, true));
    // A resolved dispute is aged until it was resolved, and never overdue.
    let mut done = d;
    done.status = DisputeStatus::Rejected;
    done.resolved_at = Some("2026-11-30T12:00:00Z".into());
    let resolved = read::aged(done, 14, day("2026-12-20"));
    assert_eq!((resolved.age_days, resolved.overdue), (27, false));
}
