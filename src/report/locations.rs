//! The mystery-shopping league table: locations ranked by the average of their approved visits
//! in a period, with the change since the previous period of the same length, the weakest
//! section, and the regions compared.
//!
//! Only approved visits count (through `counted_evaluations`). Ranks go by the average as shown
//! (one decimal): locations that show the same average share a rank, and the next rank skips
//! (1, 2, 2, 4). Locations without an approved visit in the period are listed apart, unranked.
//! A region's average is the mean of all its visits (so a location visited twice weighs twice);
//! the best and worst regions are named when at least two regions had visits.

use super::common::{Named, Period, PeriodView, Trend, Weakest, share, trend};
use crate::rubric::Rubric;
use crate::store::reports::LocationAggregate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole report: one league table per rubric, since averages of different scorecards do
/// not compare (`--rubric` keeps one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationTables {
    pub region: Option<String>,
    pub period: PeriodView,
    /// Whether the integrity columns are shown (leads only).
    pub lead: bool,
    /// The limits the integrity checks applied.
    pub thresholds: crate::visits::checks::Thresholds,
    pub tables: Vec<LocationsReport>,
}

/// One rubric's league table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationsReport {
    /// The rubric whose visits this table ranks.
    pub rubric: Option<Named>,
    pub region: Option<String>,
    pub period: PeriodView,
    pub previous_period: PeriodView,
    pub locations: Vec<LocationRow>,
    pub not_visited: Vec<Unvisited>,
    pub regions: Vec<RegionRow>,
    pub best_region: Option<RegionRow>,
    pub worst_region: Option<RegionRow>,
    pub visits: u64,
    pub average: Option<f64>,
}

/// A ranked location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationRow {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub visits: u64,
    pub average: Option<f64>,
    pub previous_average: Option<f64>,
    pub trend: Trend,
    pub pass_rate: Option<f64>,
    pub critical_failures: u64,
    pub weakest_section: Option<Weakest>,
    /// The visits of the period with a reason to doubt them, or none to verify them (leads
    /// only; `None` otherwise).
    pub integrity: Option<LocationIntegrity>,
}

/// The integrity findings of a location's counted visits.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LocationIntegrity {
    pub doubtful: u64,
    pub unverifiable: u64,
    /// `visit N: reason; reason` for each doubtful visit.
    pub reasons: Vec<String>,
}

/// A location without approved visits in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unvisited {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    /// The average of the previous period, if it was visited then.
    pub previous_average: Option<f64>,
}

/// A region's visits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    pub region: String,
    pub locations: usize,
    pub visits: u64,
    pub average: f64,
}

/// Shapes the aggregate rows (highest average first) into the league table.
pub fn build(
    rows: Vec<LocationAggregate>,
    rubrics: &[Rubric],
    region: Option<String>,
    period: &Period,
    integrity: &BTreeMap<String, LocationIntegrity>,
    lead: bool,
) -> LocationsReport {
    let mut locations: Vec<LocationRow> = Vec::new();
    let mut not_visited = Vec::new();
    let mut by_region: BTreeMap<String, (usize, u64, f64)> = BTreeMap::new();
    let (mut visits, mut total) = (0u64, 0.0);
    for r in rows {
        let Some(average) = r.average.filter(|_| r.visits > 0) else {
            not_visited.push(Unvisited {
                id: r.id,
                name: r.name,
                region: r.region,
                previous_average: r.previous_average,
            });
            continue;
        };
        visits += r.visits;
        total += average * r.visits as f64;
        if let Some(region) = &r.region {
            let e = by_region.entry(region.clone()).or_insert((0, 0, 0.0));
            e.0 += 1;
            e.1 += r.visits;
            e.2 += average * r.visits as f64;
        }
        let checked = lead.then(|| integrity.get(&r.id).cloned().unwrap_or_default());
        let shown = (average * 10.0).round();
        let rank = match locations.last() {
            Some(prev) if prev.average.map(|a| (a * 10.0).round()) == Some(shown) => prev.rank,
            _ => locations.len() + 1,
        };
        locations.push(LocationRow {
            rank,
            id: r.id,
            name: r.name,
            region: r.region,
            visits: r.visits,
            average: Some(average),
            previous_average: r.previous_average,
            trend: trend(Some(average), r.previous_average),
            pass_rate: share(r.passed, r.visits),
            critical_failures: r.critical_failures,
            weakest_section: r.weakest.as_ref().map(|w| Weakest::of(w, rubrics)),
            integrity: checked,
        });
    }
    let mut regions: Vec<RegionRow> = by_region
        .into_iter()
        .map(|(region, (locations, visits, sum))| RegionRow {
            region,
            locations,
            visits,
            average: sum / visits as f64,
        })
        .collect();
    regions.sort_by(|a, b| b.average.total_cmp(&a.average).then(a.region.cmp(&b.region)));
    let (best_region, worst_region) = if regions.len() >= 2 {
        (regions.first().cloned(), regions.last().cloned())
    } else {
        (None, None)
    };
    LocationsReport {
        rubric: None,
        region,
        period: period.view(),
        previous_period: period.previous().view(),
        locations,
        not_visited,
        regions,
        best_region,
        worst_region,
        visits,
        average: (visits > 0).then(|| total / visits as f64),
    }
}
