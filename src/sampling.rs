//! The seeded algorithms behind `sample draw` and `visit plan`: pure functions over plain
//! numbers and names, no store, no printing, so that every property (uniformity, quotas,
//! balance, lockouts) is tested here directly.
//!
//! # Reproducibility
//!
//! A draw must give the same list on every machine and in every release for the same seed and
//! the same data, so nothing here depends on `rand`'s own sampling algorithms (which may change
//! between releases) or on hash-map order:
//!
//! - The random stream is ChaCha8 (`rand_chacha`), value-stable by contract. Each agent gets its
//!   own stream, seeded with the first 32 bytes of `SHA-256("qaudit sample v1\n" ‖ seed as 8
//!   little-endian bytes ‖ agent id)` ([`agent_rng`]), so an agent's draw does not depend on
//!   which other agents are in the sample (narrowing a draw with `--team` or `--agent` keeps each
//!   remaining agent's list).
//! - Uniform indices come from the raw 64-bit output by rejection ([`uniform_index`]): no modulo
//!   bias and no floating point.
//! - The candidates are given in a stable order (the store sorts them by `occurred_at`, then by
//!   external id), and `k` of `n` are chosen by a partial Fisher–Yates shuffle ([`choose`]):
//!   every subset of size `k` is equally likely (Knuth, *TAOCP* vol. 2, 3.4.2, Algorithm P,
//!   stopped after `k` steps).
//! - Stratification and evaluator shares round with the largest-remainder method in exact
//!   integer arithmetic ([`largest_remainder`]), ties broken by a documented order.
//!
//! [`ALGORITHM`] names this procedure and is recorded with every sample; a change to any of the
//! above must change it.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub mod double;

/// What a sample can be stratified by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stratify {
    Channel,
}

/// The name of the draw procedure described in this module, recorded with every sample.
pub const ALGORITHM: &str = "qaudit-sample-v1";

/// The name of the visit-planning procedure, recorded with every visit plan.
pub const PLAN_ALGORITHM: &str = "qaudit-visit-plan-v2";

/// A seed chosen when none is given: from the operating system's randomness (the random keys
/// the standard library draws from the OS for `HashMap`), kept below 10⁹ so people can type it.
pub fn os_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    h.write_u64(nanos);
    h.write_u32(std::process::id());
    h.finish() % 1_000_000_000
}

/// A ChaCha8 stream for one purpose (`domain`) and one key under `seed`: the first 32 bytes of
/// `SHA-256(domain ‖ "\n" ‖ seed as 8 little-endian bytes ‖ key)`.
fn keyed_rng(domain: &str, seed: u64, key: &str) -> ChaCha8Rng {
    let mut h = Sha256::new();
    h.update(domain.as_bytes());
    h.update(b"\n");
    h.update(seed.to_le_bytes());
    h.update(key.as_bytes());
    let digest: [u8; 32] = h.finalize().into();
    ChaCha8Rng::from_seed(digest)
}

/// The random stream of one agent's draw under `seed`.
pub fn agent_rng(seed: u64, agent: &str) -> ChaCha8Rng {
    keyed_rng("qaudit sample v1", seed, agent)
}

/// A uniform index in `0..len` (`len ≥ 1`) without modulo bias: 64-bit draws below
/// `2^64 mod len` are rejected, so the accepted range is a whole multiple of `len`.
pub fn uniform_index(rng: &mut ChaCha8Rng, len: usize) -> usize {
    assert!(len > 0, "uniform_index needs a non-empty range");
    let len = len as u64;
    let reject_below = len.wrapping_neg() % len;
    loop {
        let draw = rng.next_u64();
        if draw >= reject_below {
            return (draw % len) as usize;
        }
    }
}

/// `k` distinct indices of `0..n`, uniformly at random (every `k`-subset equally likely), in
/// ascending order. Partial Fisher–Yates: for `i` in `0..k`, swap position `i` with a uniform
/// position in `i..n`. With `k ≥ n` every index is returned and no randomness is used.
pub fn choose(rng: &mut ChaCha8Rng, n: usize, k: usize) -> Vec<usize> {
    if k >= n {
        return (0..n).collect();
    }
    let mut pool: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + uniform_index(rng, n - i);
        pool.swap(i, j);
    }
    let mut chosen = pool[..k].to_vec();
    chosen.sort_unstable();
    chosen
}

/// Splits `total` in proportion to `weights` by the largest-remainder (Hamilton) method: each
/// part gets the floor of its exact share, and the units left over go to the largest
/// remainders; ties go to the larger weight, then to the earlier position. Exact integer
/// arithmetic. All-zero weights give all zeros.
pub fn largest_remainder(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(u64, u128)> = weights
        .iter()
        .map(|&w| {
            let p = total as u128 * w as u128;
            ((p / sum) as u64, p % sum)
        })
        .collect();
    let mut parts: Vec<u64> = exact.iter().map(|&(q, _)| q).collect();
    let given: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        exact[b]
            .1
            .cmp(&exact[a].1)
            .then(weights[b].cmp(&weights[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take((total - given) as usize) {
        parts[i] += 1;
    }
    parts
}

/// One agent's draw: which of their candidates (given in the store's stable order, each with
/// its channel) are chosen, as ascending positions into `channels`.
///
/// Without stratification, `quota` of all candidates. With it, the quota is first split over the
/// agent's channels in proportion to their candidates per channel ([`largest_remainder`], the
/// channels taken in name order, so ties go to the busier channel, then the first name), then
/// each channel's part is drawn from that channel's candidates. Either way an agent with no more
/// candidates than the quota gets all of them.
pub fn draw_agent(rng: &mut ChaCha8Rng, channels: &[&str], quota: usize, stratify: bool) -> Vec<usize> {
    if quota >= channels.len() {
        return (0..channels.len()).collect();
    }
    if !stratify {
        return choose(rng, channels.len(), quota);
    }
    let mut strata: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in channels.iter().enumerate() {
        strata.entry(c).or_default().push(i);
    }
    let volumes: Vec<u64> = strata.values().map(|v| v.len() as u64).collect();
    let parts = largest_remainder(quota as u64, &volumes);
    let mut chosen = Vec::with_capacity(quota);
    for (members, part) in strata.values().zip(parts) {
        for i in choose(rng, members.len(), part as usize) {
            chosen.push(members[i]);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Who scores, and their relative share of the work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluatorShare {
    pub id: String,
    pub share: u32,
}

/// Parses `--evaluators`: `eva,lea` (equal shares) or `eva:60,lea:40` (relative shares: they
/// need not add up to 100). Returns the list in the order given.
pub fn parse_evaluators(text: &str) -> Result<Vec<EvaluatorShare>, String> {
    let mut out: Vec<EvaluatorShare> = Vec::new();
    let mut with_share = None;
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(format!(
                "`{text}` has an empty name; separate evaluators with single commas"
            ));
        }
        let (id, share) = match part.rsplit_once(':') {
            Some((id, share)) => {
                let share: u32 = share
                    .trim()
                    .parse()
                    .ok()
                    .filter(|s| (1..=1_000_000).contains(s))
                    .ok_or_else(|| {
                        format!("`{part}`: the share after `:` must be a whole number from 1, e.g. eva:60")
                    })?;
                (id.trim(), Some(share))
            }
            None => (part, None),
        };
        if id.is_empty() {
            return Err(format!("`{part}` has no evaluator name before `:`"));
        }
        match with_share {
            None => with_share = Some(share.is_some()),
            Some(w) if w != share.is_some() => {
                return Err(format!(
                    "`{text}` mixes names with and without shares; give every evaluator a share (eva:60,lea:40) or none (eva,lea)"
                ));
            }
            Some(_) => {}
        }
        if out.iter().any(|e| e.id == id) {
            return Err(format!("`{id}` is named twice"));
        }
        out.push(EvaluatorShare {
            id: id.to_string(),
            share: share.unwrap_or(1),
        });
    }
    Ok(out)
}

/// The outcome of [`assign`]: the evaluator (an index into the shares) of each item, and how many
/// each was meant to get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub evaluator_of: Vec<usize>,
    pub targets: Vec<u64>,
    pub counts: Vec<u64>,
}

impl Assignment {
    /// True when every evaluator got exactly their target (always, unless exclusions forced
    /// otherwise).
    pub fn on_target(&self) -> bool {
        self.targets == self.counts
    }
}

/// How far below target an evaluator is, relative to the target, as a fraction
/// `(target − count) / target` (numerator, positive denominator). An evaluator with a target of
/// 0 ranks below everyone: `−(count + 1)`.
fn room(target: u64, count: u64) -> (i128, i128) {
    if target == 0 {
        (-(count as i128) - 1, 1)
    } else {
        (target as i128 - count as i128, target as i128)
    }
}

/// Assigns items to evaluators in proportion to `shares`, never to an excluded evaluator
/// (`excluded[item]` lists the evaluator indices that may not score that item: the agent
/// themselves, or someone who already scored it). Deterministic, no randomness.
///
/// Targets split the number of items by [`largest_remainder`] over the shares (so with equal
/// shares counts differ by at most one). Items are then taken in order of how many evaluators
/// may score them (fewest first, then by position), and each goes to the allowed evaluator
/// furthest below target relative to their target (so consecutive items, such as one agent's,
/// alternate between evaluators), ties to the one listed first. When nothing is excluded every evaluator
/// ends exactly on target; exclusions can make that impossible, which
/// [`Assignment::on_target`] reports. Fails with the position of an item no one may score.
pub fn assign(excluded: &[Vec<usize>], shares: &[u32]) -> Result<Assignment, usize> {
    let n = shares.len();
    let weights: Vec<u64> = shares.iter().map(|&s| s as u64).collect();
    let targets = largest_remainder(excluded.len() as u64, &weights);
    let allowed = |item: usize| (0..n).filter(move |e| !excluded[item].contains(e));
    let mut order: Vec<usize> = (0..excluded.len()).collect();
    order.sort_by_key(|&i| (allowed(i).count(), i));
    let mut counts = vec![0u64; n];
    let mut evaluator_of = vec![usize::MAX; excluded.len()];
    for item in order {
        let best = allowed(item)
            .max_by(|&a, &b| {
                let (na, da) = room(targets[a], counts[a]);
                let (nb, db) = room(targets[b], counts[b]);
                // max_by keeps the last of equals, so compare the index reversed to keep the first.
                (na * db).cmp(&(nb * da)).then(b.cmp(&a))
            })
            .ok_or(item)?;
        evaluator_of[item] = best;
        counts[best] += 1;
    }
    Ok(Assignment {
        evaluator_of,
        targets,
        counts,
    })
}

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

/// A seeded random permutation of `0..n`: `rank[i]` is where `i` lands.
fn shuffled(rng: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = uniform_index(rng, i + 1);
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rng(seed: u64) -> ChaCha8Rng {
        agent_rng(seed, "a-1")
    }

    #[test]
    fn the_stream_for_a_seed_is_pinned() {
        // Any change to the seeding or to ChaCha8 shows up here: samples recorded by earlier
        // releases must re-draw identically.
        assert_eq!(choose(&mut rng(42), 100, 5), vec![11, 47, 51, 61, 86]);
        assert_eq!(choose(&mut agent_rng(42, "a-2"), 100, 5), vec![37, 40, 50, 92, 99]);
        assert_eq!(uniform_index(&mut rng(1), 1000), 342);
    }

    #[test]
    fn same_seed_same_choice_other_seed_other_choice() {
        assert_eq!(choose(&mut rng(7), 50, 10), choose(&mut rng(7), 50, 10));
        assert_ne!(choose(&mut rng(7), 50, 10), choose(&mut rng(8), 50, 10));
        assert_ne!(
            choose(&mut agent_rng(7, "a-1"), 50, 10),
            choose(&mut agent_rng(7, "a-2"), 50, 10)
        );
    }

    #[test]
    fn choose_takes_everything_when_short_and_distinct_indices_otherwise() {
        assert_eq!(choose(&mut rng(1), 3, 5), vec![0, 1, 2]);
        assert_eq!(choose(&mut rng(1), 3, 3), vec![0, 1, 2]);
        assert!(choose(&mut rng(1), 0, 2).is_empty());
        for seed in 0..200 {
            let c = choose(&mut rng(seed), 20, 7);
            assert_eq!(c.len(), 7);
            assert!(c.windows(2).all(|w| w[0] < w[1]), "{c:?}");
            assert!(c.iter().all(|&i| i < 20));
        }
    }

    /// Pearson's chi-square statistic of observed counts against equal expected counts.
    fn chi_square(counts: &[u64], expected: f64) -> f64 {
        counts.iter().map(|&o| (o as f64 - expected).powi(2) / expected).sum()
    }

    #[test]
    fn draws_are_uniform_over_elements_and_over_subsets() {
        // 6000 seeded draws of 3 out of 10. Fixed seeds make the statistic a constant, so the
        // test cannot flake; the thresholds are the 0.999 quantiles of chi-square (9 df: 27.88,
        // 119 df: 173.6), so a correct sampler passes by a wide margin while a biased one
        // (say, modulo bias or an off-by-one in the swap range) fails.
        let draws = 6000u64;
        let mut per_element = vec![0u64; 10];
        let mut per_subset: BTreeMap<Vec<usize>, u64> = BTreeMap::new();
        for seed in 0..draws {
            let c = choose(&mut agent_rng(seed, "uniformity"), 10, 3);
            for &i in &c {
                per_element[i] += 1;
            }
            *per_subset.entry(c).or_default() += 1;
        }
        let element_chi = chi_square(&per_element, draws as f64 * 3.0 / 10.0);
        assert!(element_chi < 27.88, "element chi-square {element_chi}: {per_element:?}");
        assert_eq!(per_subset.len(), 120, "every 3-subset of 10 occurs");
        let subsets: Vec<u64> = per_subset.values().copied().collect();
        let subset_chi = chi_square(&subsets, draws as f64 / 120.0);
        assert!(subset_chi < 173.6, "subset chi-square {subset_chi}");
        // The first index of the candidates is not favoured (a classic bug).
        assert!(per_element[0] > 1650 && per_element[0] < 1950, "{per_element:?}");
    }

    #[test]
    fn a_biased_sampler_fails_the_same_test() {
        // The chi-square check has teeth: "take k consecutive from a random start" is not
        // uniform over subsets (only 10 of the 120 subsets occur).
        let mut per_subset: BTreeMap<Vec<usize>, u64> = BTreeMap::new();
        for seed in 0..6000 {
            let start = uniform_index(&mut agent_rng(seed, "uniformity"), 10);
            let mut c: Vec<usize> = (0..3).map(|i| (start + i) % 10).collect();
            c.sort_unstable();
            *per_subset.entry(c).or_default() += 1;
        }
        let mut counts: Vec<u64> = per_subset.values().copied().collect();
        counts.resize(120, 0);
        assert!(chi_square(&counts, 50.0) > 173.6);
    }

    #[test]
    fn uniform_index_covers_the_range() {
        let mut r = rng(3);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[uniform_index(&mut r, 7)] += 1;
        }
        assert!(seen.iter().all(|&c| (850..1150).contains(&c)), "{seen:?}");
        assert_eq!(uniform_index(&mut r, 1), 0);
    }

    #[test]
    fn largest_remainder_by_hand() {
        // 10 over volumes 6/3/1: exact 6, 3, 1.
        assert_eq!(largest_remainder(10, &[6, 3, 1]), vec![6, 3, 1]);
        // 4 over 7/2/1 (of 10): exact 2.8, 0.8, 0.4 -> floors 2, 0, 0; remainders .8 .8 .4;
        // the two left over go to the larger remainders, the tie to the larger weight.
        assert_eq!(largest_remainder(4, &[7, 2, 1]), vec![3, 1, 0]);
        // 5 over 1/1: 2.5 each; the tie goes to the first.
        assert_eq!(largest_remainder(5, &[1, 1]), vec![3, 2]);
        // 10 over 60/40.
        assert_eq!(largest_remainder(10, &[60, 40]), vec![6, 4]);
        // 7 over 1/1/1: 2.33 each -> 3, 2, 2.
        assert_eq!(largest_remainder(7, &[1, 1, 1]), vec![3, 2, 2]);
        assert_eq!(largest_remainder(3, &[0, 0]), vec![0, 0]);
        for total in 0..50 {
            let parts = largest_remainder(total, &[5, 3, 2, 1]);
            assert_eq!(parts.iter().sum::<u64>(), total);
        }
    }

    #[test]
    fn stratified_draws_follow_channel_volumes() {
        // 60 phone, 30 chat, 10 email candidates, interleaved; a quota of 10 gives 6/3/1.
        let channels: Vec<&str> = (0..100)
            .map(|i| match i % 10 {
                0..=5 => "phone",
                6..=8 => "chat",
                _ => "email",
            })
            .collect();
        for seed in 0..50 {
            let chosen = draw_agent(&mut rng(seed), &channels, 10, true);
            assert_eq!(chosen.len(), 10);
            let count = |c: &str| chosen.iter().filter(|&&i| channels[i] == c).count();
            assert_eq!((count("phone"), count("chat"), count("email")), (6, 3, 1));
        }
        // A quota of 4: exactly 2.4 / 1.2 / 0.4, so 2, 1, 0 and one left over; phone and email
        // tie on the remainder and it goes to the busier channel: 3, 1, 0.
        let chosen = draw_agent(&mut rng(1), &channels, 4, true);
        let count = |c: &str| chosen.iter().filter(|&&i| channels[i] == c).count();
        assert_eq!((count("phone"), count("chat"), count("email")), (3, 1, 0));
        // Without stratification the channels fall where they fall, but the quota holds.
        assert_eq!(draw_agent(&mut rng(1), &channels, 4, false).len(), 4);
        // Short of the quota: everything.
        assert_eq!(draw_agent(&mut rng(1), &channels[..3], 4, true), vec![0, 1, 2]);
    }

    #[test]
    fn evaluators_balanced_or_by_share() {
        assert_eq!(
            parse_evaluators("eva, lea").unwrap(),
            vec![
                EvaluatorShare {
                    id: "eva".into(),
                    share: 1
                },
                EvaluatorShare {
                    id: "lea".into(),
                    share: 1
                }
            ]
        );
        let shares = parse_evaluators("eva:60,lea:40").unwrap();
        assert_eq!(shares.iter().map(|s| s.share).collect::<Vec<_>>(), [60, 40]);
        assert!(parse_evaluators("eva:60,lea").unwrap_err().contains("mixes"));
        assert!(parse_evaluators("eva,,lea").unwrap_err().contains("empty"));
        assert!(parse_evaluators("eva:0").unwrap_err().contains("whole number"));
        assert!(parse_evaluators("eva:x").unwrap_err().contains("whole number"));
        assert!(parse_evaluators("eva,eva").unwrap_err().contains("twice"));
        assert!(parse_evaluators(":5").unwrap_err().contains("no evaluator name"));
    }

    #[test]
    fn assignments_are_balanced_within_one_item() {
        for items in 0..40 {
            for evaluators in 1..5 {
                let a = assign(&vec![Vec::new(); items], &vec![1; evaluators]).unwrap();
                let (min, max) = (a.counts.iter().min().unwrap(), a.counts.iter().max().unwrap());
                assert!(max - min <= 1, "{items} items, {evaluators} evaluators: {:?}", a.counts);
                assert!(a.on_target());
            }
        }
        // Consecutive items alternate, so one agent's items are spread over the evaluators.
        assert_eq!(
            assign(&vec![Vec::new(); 5], &[1, 1]).unwrap().evaluator_of,
            vec![0, 1, 0, 1, 0]
        );
    }

    #[test]
    fn assignments_follow_shares() {
        let a = assign(&vec![Vec::new(); 10], &[60, 40]).unwrap();
        assert_eq!(a.counts, vec![6, 4]);
        let a = assign(&vec![Vec::new(); 100], &[1, 2, 7]).unwrap();
        assert_eq!(a.counts, vec![10, 20, 70]);
    }

    #[test]
    fn no_one_scores_an_excluded_item_and_balance_survives_exclusions() {
        // Evaluator 0 is also an agent: items 0..4 are theirs.
        let excluded: Vec<Vec<usize>> = (0..10).map(|i| if i < 4 { vec![0] } else { vec![] }).collect();
        let a = assign(&excluded, &[1, 1]).unwrap();
        assert!((0..4).all(|i| a.evaluator_of[i] == 1), "{:?}", a.evaluator_of);
        assert_eq!(a.counts, vec![5, 5]);
        assert!(a.on_target());
        // Too many of one evaluator's own items to balance: still never self-assigned.
        let excluded: Vec<Vec<usize>> = (0..10).map(|i| if i < 8 { vec![0] } else { vec![] }).collect();
        let a = assign(&excluded, &[1, 1]).unwrap();
        assert!((0..8).all(|i| a.evaluator_of[i] == 1));
        assert_eq!(a.counts, vec![2, 8]);
        assert!(!a.on_target());
        // An item nobody may score.
        assert_eq!(assign(&[vec![], vec![0]], &[1]), Err(1));
    }

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
