//! Continuous double scoring (`sample draw --double PERCENT`, issue 16): a seeded share of a
//! sample's items gets a second, blind evaluator, whose evaluation is a second opinion (it never
//! counts; it measures agreement in `report evaluators`).
//!
//! Which items: `round(items x percent / 100)` of them (at least one when the percent is above
//! zero and there are items), chosen by [`super::choose`] on a stream of its own, seeded with
//! `SHA-256("qaudit double v1\n" ‖ seed ‖ "double")`, so the first evaluators' assignment does
//! not change with the percent. Who: among the evaluators allowed on the item (not its agent, not
//! someone who already scored it) other than its first evaluator, the one with the fewest double
//! items so far, ties to the one listed first.

use rand_chacha::ChaCha8Rng;

/// The stream that picks the doubled items.
fn double_rng(seed: u64) -> ChaCha8Rng {
    super::rng::keyed_rng("qaudit double v1", seed, "double")
}

/// How many of `items` a percentage doubles.
pub fn double_count(items: usize, percent: u32) -> usize {
    if percent == 0 || items == 0 {
        return 0;
    }
    let k = (items as u64 * u64::from(percent.min(100)) + 50) / 100;
    (k.max(1) as usize).min(items)
}

/// The doubled items as `(item position index, second evaluator index)`, in item order.
/// `first[i]` is item `i`'s first evaluator; `excluded[i]` the evaluators who may not score it.
/// Items where no second evaluator is allowed are skipped.
pub fn assign_doubles(
    seed: u64,
    percent: u32,
    first: &[usize],
    excluded: &[Vec<usize>],
    evaluators: usize,
) -> Vec<(usize, usize)> {
    let k = double_count(first.len(), percent);
    let mut rng = double_rng(seed);
    let mut picked = super::choose(&mut rng, first.len(), k);
    picked.sort_unstable();
    let mut load = vec![0usize; evaluators];
    let mut out = Vec::with_capacity(picked.len());
    for item in picked {
        let best = (0..evaluators)
            .filter(|&e| e != first[item] && !excluded[item].contains(&e))
            .min_by_key(|&e| (load[e], e));
        if let Some(e) = best {
            load[e] += 1;
            out.push((item, e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_is_rounded_and_never_zero_when_asked() {
        assert_eq!(double_count(40, 10), 4);
        assert_eq!(double_count(5, 10), 1);
        assert_eq!(double_count(5, 0), 0);
        assert_eq!(double_count(7, 100), 7);
        assert_eq!(double_count(0, 50), 0);
    }

    #[test]
    fn a_second_evaluator_is_never_the_first_nor_excluded_and_loads_balance() {
        let first: Vec<usize> = (0..60).map(|i| i % 3).collect();
        let mut excluded = vec![Vec::new(); 60];
        excluded[0] = vec![1];
        let doubles = assign_doubles(7, 50, &first, &excluded, 3);
        assert_eq!(doubles.len(), 30);
        let mut load = [0; 3];
        for &(item, e) in &doubles {
            assert_ne!(e, first[item]);
            assert!(!excluded[item].contains(&e));
            load[e] += 1;
        }
        // Each item rules out its first evaluator, so the greedy balance is within two.
        assert!(load.iter().max().unwrap() - load.iter().min().unwrap() <= 2, "{load:?}");
        // Seeded: the same seed doubles the same items.
        assert_eq!(doubles, assign_doubles(7, 50, &first, &excluded, 3));
        assert_ne!(doubles, assign_doubles(8, 50, &first, &excluded, 3));
    }

    #[test]
    fn one_evaluator_cannot_double() {
        assert!(assign_doubles(1, 100, &[0, 0], &[vec![], vec![]], 1).is_empty());
    }
}
