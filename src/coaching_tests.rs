//! The coaching core called directly on a demo store: who may save, acknowledge and comment
//! on a plan, no plan saved twice, no review before its follow-up.

use super::*;
use crate::actor::Channel;
use crate::demo::{self, DemoOptions};
use crate::report::coaching::{FOCUS, FOLLOW_UP_DAYS, MIN_OBSERVATIONS};
use chrono::Utc;

fn demo_store() -> Store {
    let mut store = crate::store::open_in_memory().unwrap();
    let opts = DemoOptions {
        seed: 3,
        agents: 3,
        interactions: 150,
        evaluations: 90,
        visits: 0,
        until: Utc::now(),
    };
    store
        .write("lea", |tx| crate::rubric::bundled::store_bundled(tx).map(|_| ()))
        .unwrap();
    demo::build(&mut store, "lea", &opts, &|_| {}).unwrap();
    store
}

fn coaching_error(e: anyhow::Error) -> CoachingError {
    e.downcast::<CoachingError>().expect("a coaching error")
}

fn request(agent: &str, save: bool) -> PlanRequest {
    PlanRequest {
        agent: agent.into(),
        from: Some("-119d".into()),
        to: None,
        rubric: None,
        settings: Settings {
            min_observations: MIN_OBSERVATIONS,
            focus: FOCUS,
            follow_up_days: FOLLOW_UP_DAYS,
        },
        starts: None,
        meeting: Meeting::default(),
        save,
    }
}

fn lead() -> Actor {
    Actor::staff("lea", vec![Role::Lead, Role::Evaluator], Channel::Cli)
}

/// An agent of the demo with counted evaluations, and another agent.
fn agents(store: &Store) -> (String, String) {
    let ids: Vec<String> = store.agents(None).unwrap().into_iter().map(|a| a.id).collect();
    (ids[0].clone(), ids[1].clone())
}

#[test]
fn only_a_lead_saves_and_never_the_same_plan_twice() {
    let mut store = demo_store();
    let (agent, _) = agents(&store);
    let today = dates::today();
    let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
    let shown = build_plan(&mut store, &eva, &request(&agent, false), today).unwrap();
    assert_eq!(shown.plan.id, None);
    let err = build_plan(&mut store, &eva, &request(&agent, true), today).unwrap_err();
    assert!(matches!(
        err.downcast_ref::<Denied>(),
        Some(Denied::MissingRole { role: Role::Lead, .. })
    ));
    let saved = build_plan(&mut store, &lead(), &request(&agent, true), today).unwrap();
    let id = saved.plan.id.expect("saved");
    assert_eq!(saved.plan.created_by.as_deref(), Some("lea"));
    assert_eq!(find_plan(&store, id).unwrap().agent, agent);
    match coaching_error(build_plan(&mut store, &lead(), &request(&agent, true), today).unwrap_err()) {
        CoachingError::AlreadySaved { copy, agent: a, .. } => assert_eq!((copy, a), (id, agent)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_agents_plans_and_periods_without_work_are_refused() {
    let mut store = demo_store();
    let today = dates::today();
    let err = build_plan(&mut store, &lead(), &request("nobody", false), today).unwrap_err();
    assert_eq!(coaching_error(err), CoachingError::NoAgent("nobody".into()));
    assert_eq!(
        coaching_error(find_plan(&store, 99).unwrap_err()),
        CoachingError::NoPlan(99)
    );
    let (agent, _) = agents(&store);
    let mut req = request(&agent, false);
    req.from = Some("2000-01-01".into());
    req.to = Some("2000-01-31".into());
    let err = build_plan(&mut store, &lead(), &req, today).unwrap_err();
    assert!(matches!(coaching_error(err), CoachingError::NoScoredWork { agent: a, .. } if a == agent));
    req.starts = Some("someday".into());
    assert!(matches!(
        coaching_error(build_plan(&mut store, &lead(), &req, today).unwrap_err()),
        CoachingError::BadStart(_)
    ));
}

#[test]
fn the_agent_or_a_lead_acknowledges_and_comments_and_reviews_wait_for_the_follow_up() {
    let mut store = demo_store();
    let (agent, other) = agents(&store);
    let today = dates::today();
    let id = build_plan(&mut store, &lead(), &request(&agent, true), today)
        .unwrap()
        .plan
        .id
        .unwrap();
    let stranger = Actor::agent(other.clone(), Channel::Cli);
    match coaching_error(acknowledge(&mut store, &stranger, id).unwrap_err()) {
        CoachingError::NotTheirs {
            act,
            plan,
            agent: a,
            denied,
        } => {
            assert_eq!((act, plan, a), (PlanAct::Acknowledge, id, agent.clone()));
            assert!(matches!(denied, Denied::NotStaff { actor, .. } if actor == other));
        }
        other => panic!("{other:?}"),
    }
    let own = Actor::agent(agent.clone(), Channel::Cli);
    let first = acknowledge(&mut store, &own, id).unwrap();
    assert!(first.now.is_some() && first.plan.acknowledged_at.is_some());
    assert_eq!(acknowledge(&mut store, &lead(), id).unwrap().now, None);
    assert_eq!(comment_text("  \n"), Err(CoachingError::EmptyComment));
    assert_eq!(comment_text("  Practised the greeting "), Ok("Practised the greeting"));
    let err = comment(&mut store, &stranger, id, "mine now").unwrap_err();
    assert!(matches!(
        coaching_error(err),
        CoachingError::NotTheirs {
            act: PlanAct::Comment,
            ..
        }
    ));
    comment(&mut store, &own, id, "Practised the greeting").unwrap();
    comment(&mut store, &lead(), id, "Seen").unwrap();
    let view = stored_view(&store, &find_plan(&store, id).unwrap()).unwrap();
    assert_eq!(view["comments"].as_array().map(Vec::len), Some(2));
    match coaching_error(review(&store, id, today).unwrap_err()) {
        CoachingError::TooEarly {
            plan, days, agent: a, ..
        } => {
            assert_eq!((plan, a), (id, agent));
            assert_eq!(days, i64::from(FOLLOW_UP_DAYS));
        }
        other => panic!("{other:?}"),
    }
    let due = today + chrono::Duration::days(i64::from(FOLLOW_UP_DAYS));
    assert_eq!(review(&store, id, due).unwrap().0.plan, id);
}
