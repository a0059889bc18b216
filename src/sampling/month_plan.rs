//! A month of mystery-shopper visits planned against the store (`visit plan`): the request
//! checked (month, visits per location, lockout, closed days, locations, shoppers, nothing
//! planned there already), the bookings and closed days gathered, [`plan_visits`] run, and the
//! plan recorded as planned visits by a lead.

use super::{Month, PLAN_ALGORITHM, PlanInput, os_seed, plan_visits};
use crate::actor::Actor;
use crate::roles::Role;
use crate::store::Store;
use crate::visits::days;
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeSet;
use thiserror::Error;

/// A refused visit plan, in the request's words (a front end names its own flags).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VisitPlanError {
    /// The month cannot be read; the text says why.
    #[error("the month: {0}")]
    BadMonth(String),
    #[error("{per_location} visits per location is not a number of visits in {month} ({days} days)")]
    PerLocation {
        per_location: u32,
        month: String,
        days: u32,
    },
    #[error("a lockout of {0} days is more than ten years")]
    Lockout(u32),
    /// A closed day cannot be read; the text says why.
    #[error("the closed days: {0}")]
    BadClosed(String),
    #[error("there are no locations to plan visits to")]
    NoLocations,
    #[error("no location `{0}` in the store")]
    UnknownLocation(String),
    #[error("there are no shoppers to plan visits for")]
    NoShoppers,
    #[error("`{0}` does not have the shopper role")]
    NotAShopper(String),
    #[error("`{0}` is not a staff member")]
    NotStaff(String),
    #[error("{location} already has {visits} visit(s) planned in {month} by plan {plan}")]
    AlreadyPlanned {
        location: String,
        visits: i64,
        month: String,
        plan: i64,
    },
    /// Visit `visit` of `per_location` falls in a window when the location is always closed.
    #[error(
        "could not plan visit {visit} of {per_location} to {location}: it is closed every day from {from} to {to}; nothing was planned"
    )]
    Closed {
        visit: u32,
        per_location: u32,
        location: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// No assignment keeps every shopper outside the lockout; `blocked` says, per shopper, the
    /// visit that locks them out.
    #[error(
        "could not plan visit {visit} of {per_location} to {location} ({from} to {to}): no assignment of shoppers and open days keeps every shopper outside the lockout (every possibility was tried); nothing was planned"
    )]
    LockedOut {
        visit: u32,
        per_location: u32,
        location: String,
        from: NaiveDate,
        to: NaiveDate,
        lockout_days: u32,
        blocked: Vec<(String, NaiveDate)>,
    },
}

/// A visit plan as asked for; empty lists mean every location, every shopper, no closed day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthRequest {
    /// `YYYY-MM`.
    pub month: String,
    pub per_location: u32,
    pub locations: Vec<String>,
    pub shoppers: Vec<String>,
    pub lockout_days: u32,
    /// Days no location opens, as typed (`2026-12-24,2026-12-25`).
    pub closed: Vec<String>,
    /// None: one is chosen at random (and recorded).
    pub seed: Option<u64>,
}

/// A recorded plan: its number, and each visit (its number, location, shopper, day) by day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMonth {
    pub plan: i64,
    pub month: Month,
    pub seed: u64,
    pub seed_chosen: bool,
    pub locations: Vec<String>,
    pub shoppers: Vec<String>,
    pub visits: Vec<(i64, String, String, String)>,
}

/// Checks the request, plans the month and records it as `actor`, who must be a lead.
pub fn plan_month(store: &mut Store, actor: &Actor, req: &MonthRequest) -> Result<PlannedMonth> {
    actor.require(Role::Lead, "plan mystery-shopper visits")?;
    let month = Month::parse(&req.month).map_err(VisitPlanError::BadMonth)?;
    if req.per_location == 0 || req.per_location > month.days {
        return Err(VisitPlanError::PerLocation {
            per_location: req.per_location,
            month: month.label(),
            days: month.days,
        }
        .into());
    }
    if req.lockout_days > 3660 {
        return Err(VisitPlanError::Lockout(req.lockout_days).into());
    }
    let closed_dates = days::parse_closed(&req.closed).map_err(VisitPlanError::BadClosed)?;
    let locations = locations(store, &req.locations)?;
    let shoppers = shoppers(store, &req.shoppers)?;
    let (first, last) = (month.first, month.last());
    let earlier = store
        .planned_visits(&first.to_string(), &last.to_string())?
        .into_iter()
        .find(|(_, l, _)| locations.contains(l));
    if let Some((plan, location, visits)) = earlier {
        return Err(VisitPlanError::AlreadyPlanned {
            location,
            visits,
            month: month.label(),
            plan,
        }
        .into());
    }
    let (seed, seed_chosen) = match req.seed {
        Some(s) => (s, false),
        None => (os_seed(), true),
    };
    let margin = Duration::days(i64::from(req.lockout_days));
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
    // Closed: the dates asked for, and every day of the month a location does not open.
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
        per_location: req.per_location,
        locations: locations.clone(),
        shoppers: shoppers.clone(),
        lockout_days: req.lockout_days,
        booked,
        seed,
    };
    let plan = plan_visits(&input).map_err(|f| {
        let location = locations[f.location].clone();
        let (from, to) = f.window;
        if f.closed {
            return VisitPlanError::Closed {
                visit: f.visit,
                per_location: req.per_location,
                location,
                from,
                to,
            };
        }
        VisitPlanError::LockedOut {
            visit: f.visit,
            per_location: req.per_location,
            location,
            from,
            to,
            lockout_days: req.lockout_days,
            blocked: f
                .blocked_by
                .iter()
                .map(|&(s, day)| (shoppers[s].clone(), day))
                .collect(),
        }
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
        "per_location": req.per_location,
        "locations": locations,
        "shoppers": shoppers,
        "lockout_days": req.lockout_days,
        "closed": closed_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "seed": seed,
        "seed_chosen": seed_chosen,
    });
    let (plan_id, ids) = store.write(&actor.id, |tx| {
        tx.insert_visit_plan(&month.label(), seed, &params, &visits)
    })?;
    Ok(PlannedMonth {
        plan: plan_id,
        month,
        seed,
        seed_chosen,
        locations,
        shoppers,
        visits: ids
            .into_iter()
            .zip(visits)
            .map(|(id, (l, s, d))| (id, l, s, d))
            .collect(),
    })
}

/// The locations asked for (each must exist), else every location.
fn locations(store: &Store, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        let all: Vec<String> = store.locations(None)?.into_iter().map(|l| l.id).collect();
        if all.is_empty() {
            return Err(VisitPlanError::NoLocations.into());
        }
        return Ok(all);
    }
    let mut ids = BTreeSet::new();
    for id in asked.iter().map(|s| s.trim()) {
        if store.location(id)?.is_none() {
            return Err(VisitPlanError::UnknownLocation(id.to_string()).into());
        }
        ids.insert(id.to_string());
    }
    Ok(ids.into_iter().collect())
}

/// The shoppers asked for (each a staff member with the shopper role), else every shopper.
fn shoppers(store: &Store, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        let all: Vec<String> = store.staff(Some(Role::Shopper))?.into_iter().map(|s| s.id).collect();
        if all.is_empty() {
            return Err(VisitPlanError::NoShoppers.into());
        }
        return Ok(all);
    }
    let mut ids = BTreeSet::new();
    for id in asked.iter().map(|s| s.trim()) {
        match store.staff_member(id)? {
            Some(m) if m.has(Role::Shopper) => {
                ids.insert(id.to_string());
            }
            Some(_) => return Err(VisitPlanError::NotAShopper(id.to_string()).into()),
            None => return Err(VisitPlanError::NotStaff(id.to_string()).into()),
        }
    }
    Ok(ids.into_iter().collect())
}
