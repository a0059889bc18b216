//! Visit plans: the visits already booked in a period, and recording a plan's visits.

use crate::store::{Store, Tx};
use anyhow::Result;
use rusqlite::params;

/// A visit already logged or planned: `(location, shopper, day as YYYY-MM-DD)`.
pub type Booking = (String, String, String);

impl Store {
    /// Visits (logged or planned, not cancelled) with a shopper, on days `from..=to`
    /// (`YYYY-MM-DD`), as `(location, shopper, day)`, by day.
    pub fn bookings(&self, from: &str, to: &str) -> Result<Vec<Booking>> {
        let mut stmt = self.conn().prepare(
            "SELECT location_id, shopper_id, day FROM (
                 SELECT location_id, shopper_id, coalesce(substr(visited_at, 1, 10), planned_for) AS day
                 FROM visits WHERE status != 'cancelled' AND shopper_id IS NOT NULL)
             WHERE day >= ?1 AND day <= ?2 ORDER BY day, location_id, shopper_id",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Visits of earlier plans planned on days `from..=to`: `(plan, location, visits)`.
    pub fn planned_visits(&self, from: &str, to: &str) -> Result<Vec<(i64, String, i64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT plan_id, location_id, count(*) FROM visits
             WHERE plan_id IS NOT NULL AND status != 'cancelled' AND planned_for >= ?1 AND planned_for <= ?2
             GROUP BY plan_id, location_id ORDER BY plan_id, location_id",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Records a visit plan and its planned visits (`(location, shopper, day)`); audited once
    /// as `visit.plan` with every visit. Returns the plan number and the visit numbers.
    pub fn insert_visit_plan(
        &mut self,
        month: &str,
        seed: u64,
        params: &serde_json::Value,
        visits: &[Booking],
    ) -> Result<(i64, Vec<i64>)> {
        let now = crate::store::audit::now();
        self.conn().execute(
            "INSERT INTO visit_plans (month, seed, params, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![month, seed as i64, params.to_string(), self.actor(), now],
        )?;
        let plan = self.conn().last_insert_rowid();
        let mut ids = Vec::with_capacity(visits.len());
        {
            let mut stmt = self.conn().prepare_cached(
                "INSERT INTO visits (location_id, shopper_id, status, planned_for, plan_id, created_at)
                 VALUES (?1, ?2, 'planned', ?3, ?4, ?5)",
            )?;
            for (location, shopper, day) in visits {
                stmt.execute(params![location, shopper, day, plan, now])?;
                ids.push(self.conn().last_insert_rowid());
            }
        }
        let listed: Vec<serde_json::Value> = visits
            .iter()
            .zip(&ids)
            .map(|((l, s, d), id)| serde_json::json!({ "visit": id, "location": l, "shopper": s, "day": d }))
            .collect();
        self.audit(
            "visit.plan",
            &format!("visit_plan:{plan}"),
            &serde_json::json!({ "month": month, "seed": seed, "params": params, "visits": listed }),
        )?;
        Ok((plan, ids))
    }
}
