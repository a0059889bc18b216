//! `qaudit visit plan`: a month of mystery-shopper visits, spread over the month, balanced
//! across shoppers, never the same shopper at the same location within the lockout, never on a
//! day the location is closed (its opening days, and `--closed` dates).
//!
//! Checking, planning and recording (as planned visits that `visit log --visit ID` fulfils) is
//! [`crate::sampling::month_plan`]; this file turns the flags into its request and the plan
//! into tables.

use crate::cli::VisitPlanArgs;
use crate::commands::Context;
use crate::output::{Output, Table};
use crate::sampling::month_plan::{MonthRequest, PlannedMonth, plan_month};
use anyhow::Result;
use serde::Serialize;

/// A recorded plan, as shown.
#[derive(Serialize)]
struct PlanOut {
    plan: i64,
    month: String,
    seed: u64,
    seed_chosen: bool,
    per_location: u32,
    lockout_days: u32,
    visits: Vec<VisitOut>,
    shoppers: Vec<ShopperLoad>,
}

#[derive(Serialize)]
struct VisitOut {
    visit: i64,
    day: String,
    location: String,
    shopper: String,
}

#[derive(Serialize)]
struct ShopperLoad {
    shopper: String,
    visits: u32,
}

pub fn run(ctx: &Context, args: &VisitPlanArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let req = MonthRequest {
        month: args.month.clone(),
        per_location: args.per_location,
        locations: args.locations.clone(),
        shoppers: args.shoppers.clone(),
        lockout_days: args.lockout_days,
        closed: args.closed.clone(),
        seed: args.seed,
    };
    let PlannedMonth {
        plan: plan_id,
        month,
        seed,
        seed_chosen,
        locations,
        shoppers,
        visits,
    } = plan_month(&mut store, &actor, &req)?;
    if seed_chosen {
        ctx.notice(&format!(
            "Seed {seed} was chosen at random; it is recorded, and --seed {seed} repeats this plan."
        ));
    }
    let loads: Vec<ShopperLoad> = shoppers
        .iter()
        .map(|s| ShopperLoad {
            shopper: s.clone(),
            visits: visits.iter().filter(|v| &v.2 == s).count() as u32,
        })
        .collect();
    let data = PlanOut {
        plan: plan_id,
        month: month.label(),
        seed,
        seed_chosen,
        per_location: args.per_location,
        lockout_days: args.lockout_days,
        visits: visits
            .iter()
            .map(|(id, l, s, d)| VisitOut {
                visit: *id,
                day: d.clone(),
                location: l.clone(),
                shopper: s.clone(),
            })
            .collect(),
        shoppers: loads,
    };
    let mut t = Table::new(&["visit", "day", "location", "shopper"]);
    for v in &data.visits {
        t.row(vec![
            v.visit.to_string(),
            v.day.clone(),
            v.location.clone(),
            v.shopper.clone(),
        ]);
    }
    let fields = vec![
        ("Plan", plan_id.to_string()),
        ("Month", month.label()),
        (
            "Visits",
            format!(
                "{} ({} per location, {} location(s))",
                visits.len(),
                args.per_location,
                locations.len()
            ),
        ),
        ("Lockout", format!("{} days", args.lockout_days)),
        (
            "Shoppers",
            data.shoppers
                .iter()
                .map(|l| format!("{} {}", l.shopper, l.visits))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Seed",
            if seed_chosen {
                format!("{seed} (chosen at random)")
            } else {
                seed.to_string()
            },
        ),
    ];
    let first_visit = data.visits.first().map(|v| (v.visit, v.location.clone()));
    let out = Output::new(&data).fields(fields).table(t);
    Ok(match first_visit {
        Some((id, location)) => out.line(format!(
            "A shopper fulfils a planned visit with `qaudit visit log --visit {id} --location {location} ...`; `qaudit visit list --planned` shows what is still open."
        )),
        None => out,
    })
}
