//! The exact half of `visit plan`: when the seeded greedy planner of
//! [`crate::sampling::plan_visits`] fails every attempt, this search either finds a plan or
//! proves that none exists, so a plan is never reported impossible when one exists.
//!
//! Why it is exact. The hard constraints are per location: one visit in each window, on a day
//! the location opens, and the same shopper at the same location never less than the lockout
//! apart (nor that close to a visit already booked). Locations therefore do not constrain each
//! other and are searched one at a time. Within a location, windows are disjoint and ordered in
//! time, so once the shopper of each window is fixed, giving every visit the earliest day that
//! is open and free is optimal (a later day can only shorten the gap to that shopper's next
//! visit; the distance to booked days is a property of the day alone). The search is a
//! depth-first search over the shopper of each window (least-loaded shoppers first, the soft
//! balance), with those earliest days, remembering states that failed: a state is the window
//! reached and, per shopper, the last day they were given, when it still reaches into the
//! window's lockout. It explores every assignment that could succeed, so a failure is a proof.

use crate::sampling::{PlanFailure, PlanInput, ProposedVisit};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Plans every location exactly, or returns the failure of the first that cannot be planned.
pub fn exact(input: &PlanInput) -> Result<Vec<ProposedVisit>, PlanFailure> {
    let mut load = vec![0u32; input.shoppers.len()];
    let mut plan = Vec::new();
    for location in 0..input.locations.len() {
        let mut search = Search {
            input,
            location,
            failed: HashSet::new(),
            deepest: 0,
        };
        let mut last = vec![None; input.shoppers.len()];
        let mut chosen = Vec::new();
        if !search.place(0, &mut last, &mut load, &mut chosen) {
            let window = search.deepest;
            return Err(PlanFailure {
                closed: input.window_days(location, window).is_empty(),
                location,
                visit: window as u32 + 1,
                window: input.window_bounds(window),
                blocked_by: (0..input.shoppers.len())
                    .filter_map(|s| Some((s, nearest_booking(input, location, s, window)?)))
                    .collect(),
            });
        }
        plan.extend(chosen);
    }
    plan.sort_by_key(|v| (v.day, v.location, v.shopper));
    Ok(plan)
}

struct Search<'a> {
    input: &'a PlanInput,
    location: usize,
    /// States known to fail: (window, per shopper the last day that still matters).
    failed: HashSet<(usize, Vec<Option<NaiveDate>>)>,
    /// The furthest window the search could not fill.
    deepest: usize,
}

impl Search<'_> {
    fn lockout(&self) -> i64 {
        i64::from(self.input.lockout_days)
    }

    /// The earliest open day of `window` free for `shopper`, after their last visit here.
    fn earliest(&self, window: usize, shopper: usize, last: Option<NaiveDate>) -> Option<NaiveDate> {
        let lockout = self.lockout();
        self.input.window_days(self.location, window).into_iter().find(|&d| {
            last.is_none_or(|l| (d - l).num_days() >= lockout)
                && self
                    .input
                    .booked
                    .iter()
                    .filter(|(l, s, _)| *l == self.location && *s == shopper)
                    .all(|&(_, _, b)| (d - b).num_days().abs() >= lockout)
        })
    }

    fn place(
        &mut self,
        window: usize,
        last: &mut Vec<Option<NaiveDate>>,
        load: &mut Vec<u32>,
        chosen: &mut Vec<ProposedVisit>,
    ) -> bool {
        let n = self.input.per_location.max(1) as usize;
        if window == n {
            return true;
        }
        // Only last days within the lockout of this window's start can still matter.
        let start = self.input.window_bounds(window).0;
        let lockout = self.lockout();
        let state: Vec<Option<NaiveDate>> = last
            .iter()
            .map(|l| l.filter(|&d| (start - d).num_days() < lockout))
            .collect();
        if self.failed.contains(&(window, state.clone())) {
            return false;
        }
        let mut shoppers: Vec<usize> = (0..self.input.shoppers.len()).collect();
        shoppers.sort_by_key(|&s| (load[s], s));
        for s in shoppers {
            let Some(day) = self.earliest(window, s, last[s]) else {
                continue;
            };
            let before = last[s];
            last[s] = Some(day);
            load[s] += 1;
            chosen.push(ProposedVisit {
                location: self.location,
                shopper: s,
                day,
            });
            if self.place(window + 1, last, load, chosen) {
                return true;
            }
            chosen.pop();
            load[s] -= 1;
            last[s] = before;
        }
        self.deepest = self.deepest.max(window);
        self.failed.insert((window, state));
        false
    }
}

/// The booked day of `shopper` at `location` nearest the window, if any, for the message.
fn nearest_booking(input: &PlanInput, location: usize, shopper: usize, window: usize) -> Option<NaiveDate> {
    let (start, end) = input.window_bounds(window);
    let middle = start + (end - start) / 2;
    input
        .booked
        .iter()
        .filter(|(l, s, _)| *l == location && *s == shopper)
        .map(|&(_, _, d)| d)
        .min_by_key(|&d| (d - middle).num_days().abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::{Month, plan_visits};
    use std::collections::BTreeSet;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(per_location: u32, shoppers: usize, lockout: u32) -> PlanInput {
        PlanInput {
            month: Month::parse("2026-12").unwrap(),
            per_location,
            locations: vec!["loc".into()],
            shoppers: (0..shoppers).map(|i| format!("s{i}")).collect(),
            lockout_days: lockout,
            booked: Vec::new(),
            seed: 1,
            closed: Vec::new(),
        }
    }

    /// Every plan obeys the hard constraints.
    fn valid(input: &PlanInput, plan: &[ProposedVisit]) -> bool {
        let lockout = i64::from(input.lockout_days);
        let windows = (0..input.per_location as usize).all(|w| {
            let (a, b) = input.window_bounds(w);
            plan.iter().filter(|v| v.day >= a && v.day <= b).count() == input.locations.len()
        });
        windows
            && plan.iter().all(|v| input.open(v.location, v.day))
            && plan.iter().all(|a| {
                plan.iter().all(|b| {
                    a == b
                        || a.location != b.location
                        || a.shopper != b.shopper
                        || (a.day - b.day).num_days().abs() >= lockout
                }) && input
                    .booked
                    .iter()
                    .filter(|(l, s, _)| *l == a.location && *s == a.shopper)
                    .all(|&(_, _, d)| (a.day - d).num_days().abs() >= lockout)
            })
    }

    /// Whether any plan exists, by brute force over every (shopper, day) per window.
    fn exists(input: &PlanInput, window: usize, chosen: &mut Vec<ProposedVisit>) -> bool {
        if window == input.per_location as usize {
            return valid(input, chosen);
        }
        for day in input.window_days(0, window) {
            for s in 0..input.shoppers.len() {
                chosen.push(ProposedVisit {
                    location: 0,
                    shopper: s,
                    day,
                });
                let ok = valid_so_far(input, chosen) && exists(input, window + 1, chosen);
                chosen.pop();
                if ok {
                    return true;
                }
            }
        }
        false
    }

    fn valid_so_far(input: &PlanInput, chosen: &[ProposedVisit]) -> bool {
        let mut partial = input.clone();
        partial.per_location = 0;
        valid(&partial, chosen)
    }

    #[test]
    fn closed_days_are_never_planned() {
        let mut i = input(2, 2, 0);
        let closed: BTreeSet<NaiveDate> = (1..=31)
            .map(|d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap())
            .filter(|d| *d != day("2026-12-09") && *d != day("2026-12-28"))
            .collect();
        i.closed = vec![closed];
        let plan = plan_visits(&i).unwrap();
        let days: Vec<NaiveDate> = plan.iter().map(|v| v.day).collect();
        assert_eq!(days, [day("2026-12-09"), day("2026-12-28")]);
        // With the 28th closed too, the second half of the month has no open day.
        i.closed[0].insert(day("2026-12-28"));
        let f = plan_visits(&i).unwrap_err();
        assert!(f.closed && f.visit == 2, "{f:?}");
    }

    #[test]
    fn the_search_finds_a_plan_whenever_one_exists_and_only_fails_when_none_does() {
        // Small cases with bookings that make the greedy choice paint itself into a corner:
        // compared with brute force on every case.
        let mut checked = 0;
        for shoppers in 1..=2 {
            for lockout in [0u32, 6, 10, 15, 16, 31] {
                for per_location in 1..=3u32 {
                    for booked_day in [None, Some("2026-11-28"), Some("2026-12-12"), Some("2027-01-03")] {
                        let mut i = input(per_location, shoppers, lockout);
                        if let Some(b) = booked_day {
                            i.booked = vec![(0, 0, day(b))];
                        }
                        i.closed = vec![[day("2026-12-01"), day("2026-12-24"), day("2026-12-25")].into()];
                        let found = exact(&i);
                        let truth = exists(&i, 0, &mut Vec::new());
                        assert_eq!(
                            found.is_ok(),
                            truth,
                            "{shoppers} {lockout} {per_location} {booked_day:?}"
                        );
                        if let Ok(plan) = found {
                            assert!(valid(&i, &plan), "{plan:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 144);
    }
}
