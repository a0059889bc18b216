//! The rules called directly, on evaluations built by hand.

use super::change::{amendable, may_change, not_disputed};
use super::scope::{Listing, filter_for};
use super::standing::{acknowledgeable, countable, may_acknowledge};
use super::visibility::Sight;
use super::{Change, EvaluationError};
use crate::actor::{Actor, Channel, Denied};
use crate::roles::Role;
use crate::store::evaluations::{Detail, Status, Summary};

/// Evaluation 7 of a-1's work, scored by eva, submitted and counted.
fn detail() -> Detail {
    Detail {
        summary: Summary {
            id: 7,
            subject: "CALL-1".into(),
            rubric: "call-quality".into(),
            rubric_version: 1,
            evaluator: "eva".into(),
            agent: Some("a-1".into()),
            location: None,
            occurred_at: "2026-11-20T10:00:00Z".into(),
            scored_at: "2026-11-21T10:00:00Z".into(),
            status: Status::Submitted,
            revision: 1,
            overall: 80.0,
            passed: true,
            critical_failed: false,
            band: None,
            acknowledged_at: None,
            calibration: None,
            second_opinion: false,
            practice: false,
        },
        void_reason: None,
        revisions: Vec::new(),
    }
}

fn with(f: impl FnOnce(&mut Summary)) -> Detail {
    let mut d = detail();
    f(&mut d.summary);
    d
}

fn eva() -> Actor {
    Actor::staff("eva", vec![Role::Evaluator], Channel::Cli)
}
fn tom() -> Actor {
    Actor::staff("tom", vec![Role::Evaluator], Channel::Cli)
}
fn lea() -> Actor {
    Actor::staff("lea", vec![Role::Lead], Channel::Cli)
}

#[test]
fn a_listing_carries_the_actor_s_sight() {
    let a1 = Actor::agent("a-1", Channel::Cli);
    let asking_for_other = Listing {
        agent: Some("a-2".into()),
        ..Listing::default()
    };
    let f = filter_for(&a1, &asking_for_other);
    assert_eq!(f.sight, Sight::OwnCounted { agent: "a-1".into() });
    assert_eq!(
        f.agent.as_deref(),
        Some("a-2"),
        "the store finds nothing of a-2's for a-1"
    );
    assert_eq!(filter_for(&lea(), &asking_for_other).sight, Sight::Everything);
    assert_eq!(
        filter_for(&tom(), &Listing::default()).sight,
        Sight::Blind {
            evaluator: "tom".into()
        }
    );
}

#[test]
fn only_the_evaluator_or_a_lead_changes_it() {
    let d = detail();
    assert!(may_change(&eva(), &d, "amend").is_ok());
    assert!(may_change(&lea(), &d, "amend").is_ok());
    let denied = may_change(&tom(), &d, "amend another evaluator's evaluation").unwrap_err();
    assert_eq!(
        denied.to_string(),
        "`tom` may not amend another evaluator's evaluation: that needs the lead role"
    );
    assert!(matches!(
        may_change(&Actor::agent("eva", Channel::Cli), &d, "amend"),
        Err(Denied::NotStaff { .. })
    ));
}

#[test]
fn an_open_dispute_holds_every_change() {
    assert!(not_disputed(7, None, Change::Amend).is_ok());
    let e = not_disputed(7, Some(3), Change::Void).unwrap_err();
    assert_eq!(
        e.to_string(),
        "evaluation 7 is under dispute 3; it cannot be voided now"
    );
}

#[test]
fn calibration_scores_voids_and_drafts_are_kept_as_they_are() {
    assert!(amendable(&detail()).is_ok());
    // Calibration comes first: a void calibration score is still "kept as scored".
    let e = amendable(&with(|s| {
        s.calibration = Some(2);
        s.status = Status::Void;
    }))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "evaluation 7 is a calibration score (session 2) and is kept as scored"
    );
    assert_eq!(
        amendable(&with(|s| s.status = Status::Void)),
        Err(EvaluationError::VoidKept { id: 7 })
    );
    assert_eq!(
        amendable(&with(|s| s.status = Status::Draft)),
        Err(EvaluationError::Draft { id: 7 })
    );
}

#[test]
fn only_submitted_feedback_is_acknowledged_by_its_agent_or_a_lead() {
    let d = detail();
    assert!(acknowledgeable(&d).is_ok());
    assert_eq!(
        acknowledgeable(&with(|s| s.status = Status::Void))
            .unwrap_err()
            .to_string(),
        "evaluation 7 is void"
    );
    assert_eq!(
        acknowledgeable(&with(|s| s.calibration = Some(4))),
        Err(EvaluationError::CalibrationNotFeedback { id: 7, session: 4 })
    );
    assert!(may_acknowledge(&Actor::agent("a-1", Channel::Web), &d).is_ok());
    assert!(may_acknowledge(&lea(), &d).is_ok());
    let e = may_acknowledge(&Actor::agent("a-2", Channel::Cli), &d).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`a-2` is not a staff member, so may not acknowledge evaluation 7 for a-1"
    );
    let e = may_acknowledge(&eva(), &with(|s| s.agent = None)).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("acknowledge evaluation 7 for the agent: that needs the lead role")
    );
}

#[test]
fn only_a_submitted_evaluation_outside_calibration_counts() {
    assert!(countable(&detail()).is_ok());
    assert_eq!(
        countable(&with(|s| s.status = Status::Draft)).unwrap_err().to_string(),
        "evaluation 7 is draft, so it cannot count"
    );
    assert_eq!(
        countable(&with(|s| s.calibration = Some(1))),
        Err(EvaluationError::CannotCount {
            id: 7,
            what: "a calibration score"
        })
    );
}
