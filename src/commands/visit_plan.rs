//! `qaudit visit plan`: a month of mystery-shopper visits, spread over the month, balanced
//! across shoppers, never the same shopper at the same location within the lockout, never on a
//! day the location is closed (its opening days, and `--closed` dates).
//!
//! The planning itself is [`crate::sampling::plan_visits`]; this file gathers locations,
//! shoppers and the visits already logged or planned, and records the plan as planned visits
//! that `visit log --visit ID` fulfils.

use super::Context;
use crate::cli::VisitPlanArgs;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::sampling::{self, Month, PLAN_ALGORITHM, PlanInput};
use crate::visits::days;
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

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
    let lead = ctx.require_role(&store, Role::Lead, "plan mystery-shopper visits")?;
    let month =
        Month::parse(&args.month).map_err(|m| UserError::new(format!("--month: {m}"), "e.g. --month 2026-12"))?;
    if args.per_location == 0 || args.per_location > month.days {
        return refuse(
            format!(
                "--per-location {} is not a number of visits in {} ({} days)",
                args.per_location,
                month.label(),
                month.days
            ),
            "give how many visits each location gets in the month, e.g. --per-location 2",
        );
    }
    if args.lockout_days > 3660 {
        return refuse(
            format!("--lockout-days {} is more than ten years", args.lockout_days),
            "give the days before a shopper may visit the same location again, e.g. --lockout-days 30",
        );
    }
    let closed_dates = days::parse_closed(&args.closed)
        .map_err(|e| UserError::new(format!("--closed: {e}"), "e.g. --closed 2026-12-24,2026-12-25"))?;
    let locations = locations(&store, &args.locations)?;
    let shoppers = shoppers(&store, &args.shoppers)?;
    let (first, last) = (month.first, month.last());
    let earlier: Vec<(i64, String, i64)> = store
        .planned_visits(&first.to_string(), &last.to_string())?
        .into_iter()
        .filter(|(_, l, _)| locations.contains(l))
        .collect();
    if let Some((plan, location, n)) = earlier.first() {
        return refuse(
            format!(
                "{location} already has {n} visit(s) planned in {} by plan {plan}",
                month.label()
            ),
            "`qaudit visit list --planned` shows them; plan other locations with --locations",
        );
    }
    let (seed, seed_chosen) = match args.seed {
        Some(s) => (s, false),
        None => (sampling::os_seed(), true),
    };
    let margin = Duration::days(args.lockout_days as i64);
    let bookings = store.bookings(&(first - margin).to_string(), &(last + margin).to_string())?;
    let booked: Vec<(usize, usize, NaiveDate)> = bookings
        .iter()
        .filter_map(|(l, s, d)| {
            Some((
                locations.iter().position(|x| x == l)?,
                shoppers.iter().position(|x| x == s)?,
                NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?,
            ))
        })
        .collect();
    // Closed: the dates of --closed, and every day of the month a location does not open.
    let mut closed = Vec::new();
    for id in &locations {
        let open = days::OpenDays::stored(store.location(id)?.and_then(|l| l.open_days).as_deref());
        closed.push(
            (0..month.days)
                .map(|d| first + Duration::days(i64::from(d)))
                .filter(|d| !open.opens_on(*d) || closed_dates.contains(d))
                .collect(),
        );
    }
    let input = PlanInput {
        closed,
        month,
        per_location: args.per_location,
        locations: locations.clone(),
        shoppers: shoppers.clone(),
        lockout_days: args.lockout_days,
        booked,
        seed,
    };
    let plan = sampling::plan_visits(&input).map_err(|f| {
        let location = &locations[f.location];
        if f.closed {
            return UserError::new(
                format!(
                    "could not plan visit {} of {} to {location}: it is closed every day from {} to {}; nothing was planned",
                    f.visit, args.per_location, f.window.0, f.window.1
                ),
                format!(
                    "lower --per-location (each visit falls in its own part of the month), shorten --closed, or check the opening days of {location} (`qaudit location list`)"
                ),
            );
        }
        let details = f
            .blocked_by
            .iter()
            .map(|&(s, day)| {
                format!(
                    "  {}: already at {location} on {day} (lockout {} days)",
                    shoppers[s], args.lockout_days
                )
            })
            .collect();
        UserError::new(
            format!(
                "could not plan visit {} of {} to {location} ({} to {}): no assignment of shoppers and open days keeps every shopper outside the lockout (every possibility was tried); nothing was planned",
                f.visit, args.per_location, f.window.0, f.window.1
            ),
            "lower --lockout-days or --per-location, or add shoppers (--shoppers, or `qaudit staff add ID --name NAME --role shopper`)",
        )
        .with_details(details)
    })?;
    let visits: Vec<(String, String, String)> = plan
        .iter()
        .map(|v| {
            (
                locations[v.location].clone(),
                shoppers[v.shopper].clone(),
                v.day.to_string(),
            )
        })
        .collect();
    let params = serde_json::json!({
        "algorithm": PLAN_ALGORITHM,
        "month": month.label(),
        "per_location": args.per_location,
        "locations": locations,
        "shoppers": shoppers,
        "lockout_days": args.lockout_days,
        "closed": closed_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "seed": seed,
        "seed_chosen": seed_chosen,
    });
    let (plan_id, ids) = store.write(&lead.id, |tx| {
        tx.insert_visit_plan(&month.label(), seed, &params, &visits)
    })?;
    if seed_chosen {
        ctx.notice(&format!(
            "Seed {seed} was chosen at random; it is recorded, and --seed {seed} repeats this plan."
        ));
    }
    let loads: Vec<ShopperLoad> = shoppers
        .iter()
        .map(|s| ShopperLoad {
            shopper: s.clone(),
            visits: visits.iter().filter(|v| &v.1 == s).count() as u32,
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
            .zip(&ids)
            .map(|((l, s, d), &id)| VisitOut {
                visit: id,
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

/// --locations (each must exist), else every location.
fn locations(store: &crate::store::Store, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        let all: Vec<String> = store.locations(None)?.into_iter().map(|l| l.id).collect();
        if all.is_empty() {
            return refuse(
                "there are no locations to plan visits to",
                "add them with `qaudit location add` or `qaudit location import FILE.csv`",
            );
        }
        return Ok(all);
    }
    let mut ids = BTreeSet::new();
    for id in asked.iter().map(|s| s.trim()) {
        if store.location(id)?.is_none() {
            return refuse(
                format!("no location `{id}` in the store"),
                "`qaudit location list` shows the locations",
            );
        }
        ids.insert(id.to_string());
    }
    Ok(ids.into_iter().collect())
}

/// --shoppers (each a staff member with the shopper role), else every shopper.
fn shoppers(store: &crate::store::Store, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        let all: Vec<String> = store.staff(Some(Role::Shopper))?.into_iter().map(|s| s.id).collect();
        if all.is_empty() {
            return refuse(
                "there are no shoppers to plan visits for",
                "add one with `qaudit staff add ID --name NAME --role shopper`",
            );
        }
        return Ok(all);
    }
    let mut ids = BTreeSet::new();
    for id in asked.iter().map(|s| s.trim()) {
        match store.staff_member(id)? {
            Some(m) if m.has(Role::Shopper) => {
                ids.insert(id.to_string());
            }
            Some(_) => {
                return refuse(
                    format!("`{id}` does not have the shopper role"),
                    format!("a lead can add it with `qaudit staff add {id} --name NAME --role shopper`"),
                );
            }
            None => {
                return refuse(
                    format!("`{id}` is not a staff member"),
                    "`qaudit staff list --role shopper` shows the shoppers",
                );
            }
        }
    }
    Ok(ids.into_iter().collect())
}
