//! The draw's request checks, recording and verification called directly on a demo store,
//! without the binary.

use super::SamplingError;
use super::draw::{draw, find_sample, verify};
use super::params::{self, AgentOutcome, DrawParams, DrawRequest};
use crate::actor::{Actor, Channel, Denied};
use crate::demo::{self, DemoOptions};
use crate::roles::Role;
use crate::store::{self, Store, samples::Watermark};
use chrono::{Duration, NaiveDate, Utc};

fn demo_store() -> Store {
    let mut store = store::open_in_memory().unwrap();
    let opts = DemoOptions {
        seed: 7,
        agents: 6,
        interactions: 240,
        evaluations: 40,
        visits: 0,
        until: Utc::now(),
    };
    store
        .write("lea", |tx| crate::rubric::bundled::store_bundled(tx).map(|_| ()))
        .unwrap();
    demo::build(&mut store, "lea", &opts, &|_| {}).unwrap();
    store
}

fn sampling_error(e: anyhow::Error) -> SamplingError {
    e.downcast::<SamplingError>().expect("a sampling error")
}

fn today() -> NaiveDate {
    crate::dates::today()
}

fn request() -> DrawRequest {
    DrawRequest {
        from: (today() - Duration::days(119)).to_string(),
        to: today().to_string(),
        per_agent: 3,
        ..DrawRequest::default()
    }
}

#[test]
fn the_period_is_two_days_in_order() {
    let mut req = request();
    req.to = "yesterdayish".into();
    assert!(matches!(
        params::period(&req, today()),
        Err(SamplingError::NotADay { field: "to", .. })
    ));
    req.from = "2026-11-30".into();
    req.to = "2026-11-01".into();
    assert_eq!(
        params::period(&req, today()).unwrap_err().to_string(),
        "the period's first day 2026-11-30 is after its last day 2026-11-01"
    );
    req.to = "2026-11-30".into();
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(params::period(&req, today()).unwrap(), (day, day));
}

#[test]
fn evaluators_must_hold_the_role_and_default_to_all_equally() {
    let store = demo_store();
    let all = params::evaluators(&store, None).unwrap();
    assert!(all.len() >= 4 && all.iter().all(|e| e.share == 1));
    assert!(all.iter().any(|e| e.id == "eva") && !all.iter().any(|e| e.id == "sam"));
    let shares = params::evaluators(&store, Some("eva:60,lea:40")).unwrap();
    assert_eq!(
        shares.iter().map(|e| (e.id.as_str(), e.share)).collect::<Vec<_>>(),
        [("eva", 60), ("lea", 40)]
    );
    let refused = |text: &str| sampling_error(params::evaluators(&store, Some(text)).unwrap_err());
    assert_eq!(refused("eva,sam"), SamplingError::NotAnEvaluator { id: "sam".into() });
    assert_eq!(refused("eva,nobody"), SamplingError::NotStaff { id: "nobody".into() });
    assert!(matches!(refused("eva,eva"), SamplingError::EvaluatorList(m) if m == "`eva` is named twice"));
}

#[test]
fn agents_and_channels_must_exist_and_fit_the_team() {
    let store = demo_store();
    let agents = store.agents(None).unwrap();
    let (first, other_team) = (&agents[0], agents.iter().find(|a| a.team != agents[0].team).unwrap());
    let team = first.team.clone().unwrap();
    let in_team = params::agents(&store, Some(&team), &[]).unwrap();
    assert!(in_team.contains(&first.id) && !in_team.contains(&other_team.id));
    let err = params::agents(&store, Some(&team), std::slice::from_ref(&other_team.id)).unwrap_err();
    assert!(matches!(sampling_error(err), SamplingError::NotInTeam { agent, .. } if agent == other_team.id));
    let err = params::agents(&store, Some("nowhere"), &[]).unwrap_err();
    assert_eq!(sampling_error(err), SamplingError::EmptyTeam { team: "nowhere".into() });
    let err = params::channels(&store, &["carrier-pigeon".into()], None).unwrap_err();
    match sampling_error(err) {
        SamplingError::UnknownChannel { channel, known } => {
            assert_eq!(channel, "carrier-pigeon");
            assert!(!known.is_empty() && known.iter().all(|c| store.has_channel(c).unwrap()));
        }
        other => panic!("{other:?}"),
    }
    let rubric = store.rubric("store-visit", None).unwrap();
    assert_eq!(
        params::fits_sample(&rubric),
        Err(SamplingError::VisitRubric {
            rubric: "store-visit".into()
        })
    );
}

#[test]
fn only_a_lead_records_a_draw_and_a_recorded_draw_verifies() {
    let mut store = demo_store();
    let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
    let lea = Actor::staff("lea", vec![Role::Lead, Role::Evaluator], Channel::Cli);
    let mut req = request();
    req.seed = Some(11);
    let err = draw(&mut store, &eva, &req, today()).unwrap_err();
    assert!(matches!(
        err.downcast_ref::<Denied>(),
        Some(Denied::MissingRole { role: Role::Lead, .. })
    ));
    req.dry_run = true;
    let rehearsed = draw(&mut store, &eva, &req, today()).unwrap();
    assert_eq!(rehearsed.sample, None);
    assert!(!rehearsed.drawn.items.is_empty());
    assert!(rehearsed.drawn.items.iter().all(|(b, e)| b.agent != *e));
    req.dry_run = false;
    let recorded = draw(&mut store, &lea, &req, today()).unwrap();
    let id = recorded.sample.expect("recorded");
    assert_eq!(recorded.drawn.items.len(), rehearsed.drawn.items.len());
    let (record, params) = find_sample(&store, id).unwrap();
    // Everything but the watermark's sample bound (which a re-draw sets) is recorded.
    let p = params.as_ref().expect("parameters this release re-draws from");
    assert_eq!(
        (&p.agents, p.seed, &p.evaluators),
        (&recorded.params.agents, 11, &recorded.params.evaluators)
    );
    verify(&store, id, params.as_ref(), &record).unwrap();
    assert_eq!(
        sampling_error(verify(&store, id, None, &record).unwrap_err()),
        SamplingError::UnreadableParameters(id)
    );
    assert_eq!(
        sampling_error(find_sample(&store, id + 1).unwrap_err()),
        SamplingError::NoSample(id + 1)
    );
    // Drawn items are in an open sample now: the same draw again takes other ones.
    let again = draw(&mut store, &lea, &req, today()).unwrap();
    let first: Vec<&str> = recorded
        .drawn
        .items
        .iter()
        .map(|(b, _)| b.interaction.as_str())
        .collect();
    assert!(
        again
            .drawn
            .items
            .iter()
            .all(|(b, _)| !first.contains(&b.interaction.as_str()))
    );
}

#[test]
fn double_scoring_needs_two_evaluators_and_zero_per_agent_draws_nothing() {
    let mut store = demo_store();
    let lea = Actor::staff("lea", vec![Role::Lead], Channel::Cli);
    let mut req = request();
    req.evaluators = Some("eva".into());
    req.double = Some(10);
    let err = draw(&mut store, &lea, &req, today()).unwrap_err();
    assert_eq!(sampling_error(err), SamplingError::DoubleNeedsTwo);
    req.double = Some(0);
    assert!(draw(&mut store, &lea, &req, today()).is_ok());
    req.per_agent = 0;
    let err = draw(&mut store, &lea, &req, today()).unwrap_err();
    assert_eq!(sampling_error(err), SamplingError::NothingPerAgent);
}

#[test]
fn the_shortfall_lists_agents_below_the_quota() {
    let outcome = |agent: &str, available, drawn| AgentOutcome {
        agent: agent.into(),
        available,
        drawn,
        new_hire: false,
        hired_on: None,
    };
    let params = DrawParams {
        algorithm: super::ALGORITHM.into(),
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        per_agent: 4,
        channels: Vec::new(),
        team: None,
        agent_filter: Vec::new(),
        rubric: None,
        evaluators: super::parse_evaluators("eva:3,lea:1").unwrap(),
        balanced: false,
        stratify: Some("channel".into()),
        include_evaluated: false,
        double: None,
        new_hire: None,
        seed: 5,
        seed_chosen: true,
        as_of: Watermark {
            interaction: 1,
            evaluation: 1,
            before_sample: i64::MAX,
        },
        agents: vec![outcome("a-1", 9, 4), outcome("a-2", 2, 2), outcome("a-3", 0, 0)],
    };
    let short: Vec<(&str, u64)> = params.shortfall().iter().map(|s| (s.agent, s.short)).collect();
    assert_eq!(short, [("a-2", 2), ("a-3", 4)]);
    let fields = params.describe(&crate::labels::Labels::of("people", crate::lang::Lang::En));
    let field = |label: &str| fields.iter().find(|(l, _)| l == label).map(|(_, v)| v.as_str());
    assert_eq!(field("Per agent"), Some("4, spread over channels by volume"));
    assert_eq!(field("Evaluators"), Some("eva:3, lea:1 (by share)"));
    assert_eq!(field("Seed"), Some("5 (chosen at random)"));
    assert_eq!(field("Team"), None);
}

#[test]
fn only_a_lead_plans_visits_and_the_request_is_checked_first() {
    use super::month_plan::{MonthRequest, VisitPlanError, plan_month};
    let mut store = demo_store();
    let lea = Actor::staff("lea", vec![Role::Lead], Channel::Cli);
    let month = (today() + Duration::days(62)).format("%Y-%m").to_string();
    let req = MonthRequest {
        month: month.clone(),
        per_location: 2,
        lockout_days: 7,
        ..MonthRequest::default()
    };
    let sam = Actor::staff("sam", vec![Role::Shopper], Channel::Cli);
    assert!(
        plan_month(&mut store, &sam, &req)
            .unwrap_err()
            .downcast_ref::<Denied>()
            .is_some()
    );
    let refused = |store: &mut Store, req: &MonthRequest| {
        plan_month(store, &lea, req)
            .unwrap_err()
            .downcast::<VisitPlanError>()
            .expect("a visit plan error")
    };
    let too_many = MonthRequest {
        per_location: 40,
        ..req.clone()
    };
    assert!(matches!(
        refused(&mut store, &too_many),
        VisitPlanError::PerLocation { per_location: 40, .. }
    ));
    let not_shopper = MonthRequest {
        shoppers: vec!["eva".into()],
        ..req.clone()
    };
    assert_eq!(
        refused(&mut store, &not_shopper),
        VisitPlanError::NotAShopper("eva".into())
    );
    let planned = plan_month(&mut store, &lea, &req).unwrap();
    assert_eq!(planned.visits.len(), 2 * planned.locations.len());
    assert!(
        planned
            .visits
            .iter()
            .all(|(_, _, s, d)| planned.shoppers.contains(s) && d.starts_with(&month))
    );
    assert!(matches!(
        refused(&mut store, &req),
        VisitPlanError::AlreadyPlanned { .. }
    ));
}
