//! Splitting a whole number in proportion (largest remainder), and one agent's draw with it.

use super::rng::choose;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::agent_rng;

    fn rng(seed: u64) -> ChaCha8Rng {
        agent_rng(seed, "a-1")
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
}
