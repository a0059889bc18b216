//! The visit rules called directly, on visits built by hand.

use super::VisitError;
use super::access::{VisitSight, loggable, may_see, visible_in};
use super::review::{Decision, note_given, reviewable};
use crate::actor::{Actor, Channel};
use crate::roles::Role;
use crate::store::visits::Visit;

/// Visit 5 at bcn-01, logged by sam, complete.
fn visit() -> Visit {
    Visit {
        id: 5,
        location: "bcn-01".into(),
        shopper: Some("sam".into()),
        staff_agent: None,
        status: "complete".into(),
        planned_for: None,
        plan: None,
        visited_at: Some("2026-11-20T10:00:00Z".into()),
        departed_at: None,
        wait_minutes: None,
        narrative: None,
        review_note: None,
        reviewed_by: None,
        evaluation: None,
        overall: None,
        attachments: Vec::new(),
    }
}

fn staff(id: &str, role: Role) -> Actor {
    Actor::staff(id, vec![role], Channel::Cli)
}

#[test]
fn a_shopper_sees_their_own_visit_and_a_lead_every_one() {
    let v = visit();
    assert!(may_see(&staff("sam", Role::Shopper), &v));
    assert!(!may_see(&staff("sol", Role::Shopper), &v));
    assert!(may_see(&staff("lea", Role::Lead), &v));
    assert!(!may_see(&Actor::unregistered("sam", Channel::Cli), &v));
    let unassigned = Visit {
        shopper: None,
        ..visit()
    };
    assert!(!may_see(&staff("sam", Role::Shopper), &unassigned));
}

#[test]
fn the_visit_sight_a_store_read_applies_is_the_list_rule() {
    let sol = Visit {
        id: 6,
        shopper: Some("sol".into()),
        ..visit()
    };
    // What the sight keeps of visits 5 (sam's) and 6 (sol's), read as the store's condition.
    let kept = |sight: &VisitSight| -> Vec<i64> {
        [visit(), sol.clone()]
            .into_iter()
            .filter(|v| match sight {
                VisitSight::Everything => true,
                VisitSight::Shopper(s) => v.shopper.as_deref() == Some(s.as_str()),
                VisitSight::Nothing => false,
            })
            .map(|v| v.id)
            .collect()
    };
    for actor in [
        staff("sam", Role::Shopper),
        staff("eva", Role::Evaluator),
        staff("lea", Role::Lead),
        Actor::agent("sam", Channel::Cli),
        Actor::unregistered("x", Channel::Cli),
        Actor::unregistered("x", Channel::Web),
    ] {
        let listed: Vec<i64> = visible_in(&actor, vec![visit(), sol.clone()])
            .into_iter()
            .map(|v| v.id)
            .collect();
        assert_eq!(kept(&VisitSight::of(&actor)), listed, "{actor:?}");
    }
}

#[test]
fn an_out_of_scope_visit_reads_as_a_missing_one() {
    assert_eq!(VisitError::NotFound { id: 5 }.to_string(), "no visit 5");
}

#[test]
fn only_a_planned_or_returned_visit_of_ones_own_is_logged_again() {
    let sam = staff("sam", Role::Shopper);
    let returned = Visit {
        status: "returned".into(),
        ..visit()
    };
    assert!(loggable(&sam, &returned, "bcn-01").is_ok());
    assert_eq!(
        loggable(&sam, &returned, "mad-02").unwrap_err().to_string(),
        "visit 5 is at bcn-01, not mad-02"
    );
    assert!(matches!(
        loggable(&sam, &visit(), "bcn-01"),
        Err(VisitError::NotLoggable { id: 5, .. })
    ));
    let planned_for_nobody = Visit {
        status: "planned".into(),
        shopper: None,
        ..visit()
    };
    assert!(loggable(&staff("sol", Role::Shopper), &planned_for_nobody, "bcn-01").is_ok());
    assert_eq!(
        loggable(&staff("sol", Role::Shopper), &returned, "bcn-01")
            .unwrap_err()
            .to_string(),
        "visit 5 is sam's, not sol's"
    );
}

#[test]
fn a_lead_reviews_complete_visits_of_others_and_returns_them_with_a_note() {
    let lea = staff("lea", Role::Lead);
    assert!(reviewable(&lea, &visit()).is_ok());
    let approved = Visit {
        status: "approved".into(),
        ..visit()
    };
    assert_eq!(
        reviewable(&lea, &approved).unwrap_err().to_string(),
        "visit 5 is approved; only complete visits wait for review"
    );
    let own = Visit {
        shopper: Some("lea".into()),
        ..visit()
    };
    assert_eq!(
        reviewable(&lea, &own),
        Err(VisitError::OwnVisit {
            lead: "lea".into(),
            id: 5
        })
    );
    let returned = |note| Decision {
        approve: false,
        note,
        on_questions: &[],
    };
    assert_eq!(note_given(&returned(Some("  "))), Err(VisitError::NoteNeeded));
    assert!(note_given(&returned(Some("Receipt unreadable"))).is_ok());
    assert!(
        note_given(&Decision {
            approve: true,
            note: None,
            on_questions: &[]
        })
        .is_ok()
    );
}

#[test]
fn a_visit_list_keeps_what_the_actor_may_see() {
    let theirs = Visit {
        id: 6,
        shopper: Some("sol".into()),
        ..visit()
    };
    let ids = |actor: &Actor| -> Vec<i64> {
        super::access::visible_in(actor, vec![visit(), theirs.clone()])
            .iter()
            .map(|v| v.id)
            .collect()
    };
    assert_eq!(ids(&staff("sam", Role::Shopper)), [5]);
    assert_eq!(ids(&staff("lea", Role::Lead)), [5, 6]);
    assert!(ids(&Actor::agent("a-1", Channel::Web)).is_empty());
    assert_eq!(
        ids(&Actor::unregistered("script", Channel::Cli)),
        [5, 6],
        "the file's holder on the CLI"
    );
    assert!(ids(&Actor::unregistered("x", Channel::Web)).is_empty());
}
