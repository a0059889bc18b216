//! The keyed random streams and the uniform draws every seeded procedure here is built on.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

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
pub(super) fn keyed_rng(domain: &str, seed: u64, key: &str) -> ChaCha8Rng {
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

/// A seeded random permutation of `0..n`: `rank[i]` is where `i` lands.
pub(super) fn shuffled(rng: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
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
    use std::collections::BTreeMap;

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
}
