//! The month's visits: windows, lockouts and balanced shoppers (`visit plan`).

use super::rng::{keyed_rng, shuffled, uniform_index};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A month to plan: its first day and number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub first: NaiveDate,
    pub days: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Month, String> {
        let t = text.trim();
        let first = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .ok()
            .filter(|_| t.len() == 7)
            .ok_or_else(|| format!("`{text}` is not a month; write YYYY-MM, e.g. 2026-12"))?;
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        }
        .ok_or_else(|| format!("`{text}` is too far in the future"))?;
        Ok(Month {
            first,
            days: (next - first).num_days() as u32,
        })
    }

    /// The last day of the month.
    pub fn last(&self) -> NaiveDate {
        self.first + Duration::days(self.days as i64 - 1)
    }

    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }
}

/// What a visit plan must respect.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub month: Month,
    pub per_location: u32,
    /// Location ids, in a stable order.
    pub locations: Vec<String>,
    /// Shopper ids, in a stable order.
    pub shoppers: Vec<String>,
    /// A shopper may not be at the same location twice less than this many days apart.
    pub lockout_days: u32,
    /// Days on which a shopper already visited, or is planned to visit, a location:
    /// `(location index, shopper index, day)`.
    pub booked: Vec<(usize, usize, NaiveDate)>,
    pub seed: u64,
    /// Per location (same order as `locations`), the days of the month it is closed: no visit
    /// is planned on them (missing entries mean open every day).
    pub closed: Vec<BTreeSet<NaiveDate>>,
}

impl PlanInput {
    /// Whether `location` is open on `day`.
    pub fn open(&self, location: usize, day: NaiveDate) -> bool {
        self.closed.get(location).is_none_or(|c| !c.contains(&day))
    }

    /// The open days of window `window` (of `per_location`) at `location`.
    pub fn window_days(&self, location: usize, window: usize) -> Vec<NaiveDate> {
        let (start, end) = self.window_bounds(window);
        let days = (end - start).num_days() + 1;
        (0..days)
            .map(|d| start + Duration::days(d))
            .filter(|&d| self.open(location, d))
            .collect()
    }

    /// The first and last day of window `window`.
    pub fn window_bounds(&self, window: usize) -> (NaiveDate, NaiveDate) {
        let n = self.per_location.max(1) as usize;
        let days = self.month.days as usize;
        let start = window * days / n;
        let end = (window + 1) * days / n;
        (
            self.month.first + Duration::days(start as i64),
            self.month.first + Duration::days(end as i64 - 1),
        )
    }
}

/// One proposed visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedVisit {
    pub location: usize,
    pub shopper: usize,
    pub day: NaiveDate,
}

/// Why a location could not be planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFailure {
    /// No open day at all in the window (every day closed), rather than a lockout.
    pub closed: bool,
    pub location: usize,
    /// Which visit of the location (1-based) and the days it had to fall on.
    pub visit: u32,
    pub window: (NaiveDate, NaiveDate),
    /// For each shopper, the booked day that locks them out of the whole window.
    pub blocked_by: Vec<(usize, NaiveDate)>,
}

/// How many times [`plan_visits`] retries with a fresh stream before giving up.
pub const PLAN_ATTEMPTS: u64 = 25;

/// Proposes `per_location` visits to each location in the month.
///
/// The month is cut into `per_location` windows of (nearly) equal length, and each location gets
/// one visit per window, so visits spread over the month. Windows are filled in turn; within a
/// window the locations are taken in a seeded random order. Each visit goes to the shopper with
/// the fewest visits so far who is free of the lockout on some day of the window (ties in a seeded
/// random order fixed for the plan), on a uniformly random such day. A shopper is locked out of a
/// day when they visited, are planned at, or have just been given the same location less than
/// `lockout_days` days before or after it.
///
/// This greedy choice can paint itself into a corner; it is retried with fresh streams (attempt
/// `a` uses stream key `attempt a`) up to [`PLAN_ATTEMPTS`] times, and the first success is the
/// plan, so the result is still a function of the seed. When every attempt fails, the exact
/// search of [`crate::visits::plan::exact`] either finds a plan or proves that none exists
/// (its failure is returned). Days a location is closed (`closed`) are never planned.
pub fn plan_visits(input: &PlanInput) -> Result<Vec<ProposedVisit>, PlanFailure> {
    for attempt in 0..PLAN_ATTEMPTS {
        match plan_attempt(input, attempt) {
            Ok(plan) => return Ok(plan),
            Err(f) if f.closed => return Err(f),
            Err(_) => {}
        }
    }
    crate::visits::plan::exact(input)
}

fn plan_attempt(input: &PlanInput, attempt: u64) -> Result<Vec<ProposedVisit>, PlanFailure> {
    let mut rng = keyed_rng("qaudit visit plan v1", input.seed, &format!("attempt {attempt}"));
    let n = input.per_location.max(1) as usize;
    let lockout = input.lockout_days as i64;
    let mut booked: BTreeMap<(usize, usize), Vec<NaiveDate>> = BTreeMap::new();
    for &(l, s, d) in &input.booked {
        booked.entry((l, s)).or_default().push(d);
    }
    // Seeded tie order among shoppers with equal loads.
    let tie_rank = shuffled(&mut rng, input.shoppers.len());
    let mut load = vec![0u32; input.shoppers.len()];
    let mut plan = Vec::new();
    for window in 0..n {
        for &location in &shuffled(&mut rng, input.locations.len()) {
            let window_days = input.window_days(location, window);
            if window_days.is_empty() {
                return Err(PlanFailure {
                    closed: true,
                    location,
                    visit: window as u32 + 1,
                    window: input.window_bounds(window),
                    blocked_by: Vec::new(),
                });
            }
            let mut shoppers: Vec<usize> = (0..input.shoppers.len()).collect();
            shoppers.sort_by_key(|&s| (load[s], tie_rank[s]));
            let free = |s: usize, day: NaiveDate| {
                booked
                    .get(&(location, s))
                    .is_none_or(|ds| ds.iter().all(|&b| (day - b).num_days().abs() >= lockout))
            };
            let pick = shoppers.iter().find_map(|&s| {
                let open: Vec<NaiveDate> = window_days.iter().copied().filter(|&d| free(s, d)).collect();
                (!open.is_empty()).then_some((s, open))
            });
            let Some((shopper, open)) = pick else {
                let blocked_by = (0..input.shoppers.len())
                    .map(|s| {
                        let ds = booked.get(&(location, s)).cloned().unwrap_or_default();
                        let near = ds
                            .into_iter()
                            .min_by_key(|&b| (b - window_days[window_days.len() / 2]).num_days().abs())
                            .unwrap_or(window_days[0]);
                        (s, near)
                    })
                    .collect();
                return Err(PlanFailure {
                    closed: false,
                    location,
                    visit: window as u32 + 1,
                    window: input.window_bounds(window),
                    blocked_by,
                });
            };
            let day = open[uniform_index(&mut rng, open.len())];
            booked.entry((location, shopper)).or_default().push(day);
            load[shopper] += 1;
            plan.push(ProposedVisit { location, shopper, day });
        }
    }
    plan.sort_by_key(|v| (v.day, v.location, v.shopper));
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn plan_input(per_location: u32, locations: usize, shoppers: usize, lockout: u32, seed: u64) -> PlanInput {
        PlanInput {
            month: Month::parse("2026-12").unwrap(),
            per_location,
            locations: (0..locations).map(|i| format!("loc-{i}")).collect(),
            shoppers: (0..shoppers).map(|i| format!("shopper-{i}")).collect(),
            lockout_days: lockout,
            booked: Vec::new(),
            seed,
            closed: Vec::new(),
        }
    }

    #[test]
    fn months() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!((m.first, m.days, m.last()), (day("2026-12-01"), 31, day("2026-12-31")));
        assert_eq!(Month::parse("2028-02").unwrap().days, 29);
        assert_eq!(Month::parse("2026-02").unwrap().days, 28);
        assert!(Month::parse("2026-13").is_err());
        assert!(Month::parse("2026-1").is_err());
        assert!(Month::parse("December").is_err());
    }

    #[test]
    fn plans_spread_visits_balance_shoppers_and_respect_the_lockout() {
        for seed in 0..30 {
            let input = plan_input(2, 7, 3, 14, seed);
            let plan = plan_visits(&input).unwrap();
            assert_eq!(plan.len(), 14);
            // Two windows: days 1-15 and 16-31; one visit per location in each.
            for l in 0..7 {
                let mut days: Vec<NaiveDate> = plan.iter().filter(|v| v.location == l).map(|v| v.day).collect();
                days.sort();
                assert_eq!(days.len(), 2);
                assert!(days[0] <= day("2026-12-15") && days[1] >= day("2026-12-16"), "{days:?}");
            }
            // Lockout: the same shopper at the same location at least 14 days apart.
            for a in &plan {
                for b in &plan {
                    if a != b && a.location == b.location && a.shopper == b.shopper {
                        assert!((a.day - b.day).num_days().abs() >= 14, "seed {seed}: {a:?} {b:?}");
                    }
                }
            }
            let mut load = [0; 3];
            for v in &plan {
                load[v.shopper] += 1;
            }
            assert!(load.iter().max().unwrap() - load.iter().min().unwrap() <= 1, "{load:?}");
        }
        assert_eq!(
            plan_visits(&plan_input(2, 7, 3, 14, 5)),
            plan_visits(&plan_input(2, 7, 3, 14, 5))
        );
        assert_ne!(
            plan_visits(&plan_input(2, 7, 3, 14, 5)),
            plan_visits(&plan_input(2, 7, 3, 14, 6))
        );
    }

    #[test]
    fn plans_respect_visits_already_booked() {
        // Shopper 0 visited loc-0 on 30 November: with a 30-day lockout they cannot go there in
        // December before the 30th, so the visit goes to shopper 1 (or to shopper 0 on the 30th
        // or 31st).
        for seed in 0..30 {
            let mut input = plan_input(1, 1, 2, 30, seed);
            input.booked = vec![(0, 0, day("2026-11-30"))];
            let plan = plan_visits(&input).unwrap();
            assert!(plan[0].shopper == 1 || plan[0].day >= day("2026-12-30"), "{plan:?}");
        }
    }

    #[test]
    fn impossible_plans_say_where_and_why() {
        // One shopper, two visits to one location, a 31-day lockout: the second cannot be placed.
        let f = plan_visits(&plan_input(2, 1, 1, 31, 1)).unwrap_err();
        assert_eq!(f.location, 0);
        assert_eq!(f.visit, 2);
        assert_eq!(f.window, (day("2026-12-16"), day("2026-12-31")));
        // Proven by the exact search; no booking made before the plan is to blame.
        assert!(!f.closed && f.blocked_by.is_empty(), "{f:?}");
        // 30 days is possible, on the 1st and the 31st.
        let plan = plan_visits(&plan_input(2, 1, 1, 30, 1)).unwrap();
        assert_eq!((plan[0].day, plan[1].day), (day("2026-12-01"), day("2026-12-31")));
        // A lockout of 0 lets the same shopper go twice.
        assert_eq!(plan_visits(&plan_input(2, 1, 1, 0, 1)).unwrap().len(), 2);
    }
}
