//! Starting a session checked against a store in memory, without the binary.

use super::start::{SessionRequest, plan};
use super::{CalibrationError, SubjectProblem};
use crate::actor::{Actor, Channel, Denied};
use crate::roles::Role;
use crate::rubric::load_str;
use crate::store::Store;
use crate::store::evaluations::SubjectRef;
use crate::store::interactions::NewInteraction;
use crate::store::people::Agent;

const RUBRIC: &str = "id: calls\nversion: 1\ntitle: Calls\nlanguage: en\nsubject: interaction\n\
    channels: [phone]\npass_mark: 80\ncritical_policy: flag_only\nna_policy: exclude\n\
    scales:\n  yn: { type: binary }\nsections:\n  - id: a\n    title: A\n    criteria:\n      \
    - { id: greet, text: Greets, scale: yn }\n";

/// Evaluators eva, tom and ed (ed also handles calls as agent `ed`), shopper sam; phone calls
/// CALL-1 (by a-1) and CALL-2 (by ed), chat CHAT-1.
fn store() -> Store {
    let mut store = crate::store::open_in_memory().unwrap();
    let rubric = load_str("calls.yaml", RUBRIC).unwrap_or_else(|d| panic!("{}", d[0].message));
    store
        .write("test", |tx| {
            tx.store_rubric(&rubric, "calls.yaml")?;
            for (id, roles) in [
                ("eva", vec![Role::Evaluator]),
                ("tom", vec![Role::Evaluator]),
                ("ed", vec![Role::Evaluator]),
                ("sam", vec![Role::Shopper]),
            ] {
                tx.save_staff(id, id, &roles, "test")?;
            }
            for agent in ["a-1", "ed"] {
                let a = Agent {
                    id: agent.into(),
                    name: agent.into(),
                    team: None,
                    location: None,
                    hired_on: None,
                };
                tx.save_agent(&a, "test")?;
            }
            for (id, channel, agent) in [
                ("CALL-1", "phone", "a-1"),
                ("CALL-2", "phone", "ed"),
                ("CHAT-1", "chat", "a-1"),
            ] {
                let new = NewInteraction {
                    id: id.into(),
                    channel: channel.into(),
                    agent: agent.into(),
                    occurred_at: "2026-11-02T10:00:00Z".into(),
                    duration_s: None,
                    customer: None,
                    extra: None,
                    voice: Default::default(),
                };
                tx.insert_interaction(&new, "now")?;
            }
            tx.audit_interaction_import("test.csv", &serde_json::json!({}))
        })
        .unwrap();
    store
}

fn lead() -> Actor {
    Actor::staff("lea", vec![Role::Lead], Channel::Cli)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The refusal of a request, as the core's typed error.
fn refusal(store: &Store, actor: &Actor, request: &SessionRequest<'_>) -> CalibrationError {
    plan(store, actor, request)
        .expect_err("the request is refused")
        .downcast::<CalibrationError>()
        .expect("a calibration refusal")
}

#[test]
fn a_lead_plans_a_session_of_two_evaluators() {
    let store = store();
    let (subjects, people) = (strings(&["interaction:CALL-1"]), strings(&["tom", "eva"]));
    let request = SessionRequest {
        rubric: "calls",
        subjects: &subjects,
        participants: &people,
        reference: Some("eva"),
        tolerance: 5.0,
    };
    let planned = plan(&store, &lead(), &request).unwrap();
    assert_eq!(planned.session.participants, ["tom", "eva"]);
    assert_eq!(planned.session.reference.as_deref(), Some("eva"));
    assert!(matches!(planned.session.subjects[..], [SubjectRef::Interaction(_)]));
    assert_eq!(
        (planned.rubric.id.as_str(), planned.session.rubric_version),
        ("calls", 1)
    );
}

#[test]
fn only_a_lead_starts_one_and_the_tolerance_is_checked_before_the_rubric() {
    let store = store();
    let none: Vec<String> = Vec::new();
    let mut request = SessionRequest {
        rubric: "no-such-rubric",
        subjects: &none,
        participants: &none,
        reference: None,
        tolerance: f64::NAN,
    };
    let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
    assert!(matches!(
        refusal(&store, &eva, &request),
        CalibrationError::Denied(Denied::MissingRole { role: Role::Lead, .. })
    ));
    assert_eq!(
        refusal(&store, &lead(), &request).to_string(),
        "the tolerance NaN is not a number of points"
    );
    request.tolerance = -1.0;
    assert!(matches!(
        refusal(&store, &lead(), &request),
        CalibrationError::BadTolerance { .. }
    ));
}

#[test]
fn subjects_must_exist_fit_the_rubric_and_come_once() {
    let store = store();
    let people = strings(&["eva", "tom"]);
    let refused = |specs: &[&str]| {
        let subjects = strings(specs);
        let request = SessionRequest {
            rubric: "calls",
            subjects: &subjects,
            participants: &people,
            reference: None,
            tolerance: 5.0,
        };
        refusal(&store, &lead(), &request)
    };
    assert_eq!(
        refused(&["CALL-1"]).to_string(),
        "subject \"CALL-1\" does not say what it is"
    );
    assert_eq!(
        refused(&["interaction:CHAT-1"]).to_string(),
        "subject interaction:CHAT-1: rubric calls is for phone; interaction CHAT-1 is a chat"
    );
    assert!(matches!(
        refused(&["interaction:NOPE"]),
        CalibrationError::Subject {
            problem: SubjectProblem::NoInteraction { .. },
            ..
        }
    ));
    assert_eq!(
        refused(&["interaction:CALL-1", "Interaction: CALL-1"]),
        CalibrationError::SubjectTwice {
            spec: "Interaction: CALL-1".into()
        }
    );
    assert!(matches!(
        refused(&["visit:x"]),
        CalibrationError::Subject {
            problem: SubjectProblem::NotAVisitNumber { .. },
            ..
        }
    ));
    assert!(matches!(
        refused(&["call:CALL-1"]),
        CalibrationError::Subject {
            problem: SubjectProblem::UnknownKind { .. },
            ..
        }
    ));
}

#[test]
fn participants_are_scoring_staff_who_did_not_handle_a_subject() {
    let store = store();
    let refused = |subject: &str, names: &[&str], reference: Option<&str>| {
        let (subjects, people) = (strings(&[subject]), strings(names));
        let request = SessionRequest {
            rubric: "calls",
            subjects: &subjects,
            participants: &people,
            reference,
            tolerance: 5.0,
        };
        refusal(&store, &lead(), &request)
    };
    let call = "interaction:CALL-1";
    assert_eq!(
        refused(call, &["eva", "sam"], None).to_string(),
        "participant `sam` does not have the evaluator role, which scoring interactions with calls needs"
    );
    assert_eq!(refused(call, &["eva"], None), CalibrationError::TooFew { count: 1 });
    assert_eq!(
        refused(call, &["eva", " eva"], None),
        CalibrationError::NamedTwice { name: "eva".into() }
    );
    assert_eq!(refused(call, &["eva", ""], None), CalibrationError::EmptyName);
    assert!(matches!(
        refused(call, &["eva", "zoe"], None),
        CalibrationError::NotStaff { .. }
    ));
    assert_eq!(
        refused("interaction:CALL-2", &["eva", "ed"], None).to_string(),
        "`ed` handled interaction CALL-2 and may not score it"
    );
    assert_eq!(
        refused(call, &["eva", "tom"], Some("ed")),
        CalibrationError::ReferenceOutside {
            reference: "ed".into(),
            participants: strings(&["eva", "tom"])
        }
    );
}
