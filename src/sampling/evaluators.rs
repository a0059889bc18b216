//! Who scores a sample: `--evaluators` parsed, and items assigned to evaluators by share.

use super::quota::largest_remainder;
use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
