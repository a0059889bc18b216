//! Did the training work? For each training session of a coaching plan and each criterion it
//! targeted, the agent's counted answers (N/A left out) before the session day against those
//! from the day on, with n on each side.
//!
//! - **Before**: work from the first day of the plan's period to the day before the session.
//!   **After**: work from the session day to today.
//! - **Improved** when the mean after is at least [`IMPROVEMENT`] points (of 100) above the mean
//!   before; **not improved** otherwise (the same threshold as the plan's review).
//! - **Too few** when either side has fewer than [`MIN_PER_SIDE`] observed answers: the means
//!   are shown, but three or fewer answers say too little to call a change.
//!
//! Only counted evaluations are compared: practice evaluations (role-plays, recordings used in
//! training) are listed apart as training evidence, never mixed into the before or after.

use crate::rubric::Rubric;
use crate::store::training::{Side, StoredSession};
use serde::Serialize;

/// Points a criterion (or a mean) must move to count as improved, or worse: in a coaching
/// review and in a training session's effect. Here rather than in the coaching report, which
/// holds the training effects and so depends on this file.
pub const IMPROVEMENT: f64 = 5.0;

/// Observed answers each side needs before a change is called improved or not.
pub const MIN_PER_SIDE: u64 = 3;

/// Whether a targeted criterion improved after a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Improved,
    NotImproved,
    TooFew,
}

/// One targeted criterion before and after a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionEffect {
    pub key: String,
    pub text: String,
    pub before_n: u64,
    /// Mean score 0..100.
    pub before: Option<f64>,
    pub after_n: u64,
    pub after: Option<f64>,
    pub change: Option<f64>,
    pub verdict: Verdict,
}

/// A training session with what followed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionEffect {
    pub id: i64,
    pub held_on: String,
    pub kind: String,
    pub note: Option<String>,
    pub created_by: String,
    pub criteria: Vec<CriterionEffect>,
}

/// The verdict on one criterion from its two sides.
pub fn verdict(before: Side, after: Side) -> (Option<f64>, Verdict) {
    let change = match (before.mean, after.mean) {
        (Some(b), Some(a)) => Some(100.0 * (a - b)),
        _ => None,
    };
    if before.n < MIN_PER_SIDE || after.n < MIN_PER_SIDE {
        return (change, Verdict::TooFew);
    }
    match change {
        Some(c) if c >= IMPROVEMENT - 1e-9 => (change, Verdict::Improved),
        _ => (change, Verdict::NotImproved),
    }
}

/// A session's effect, given each targeted criterion's sides (in the session's order).
pub fn effect(session: &StoredSession, rubric: &Rubric, sides: &[(Side, Side)]) -> SessionEffect {
    let criteria = session
        .criteria
        .iter()
        .zip(sides)
        .map(|(key, (before, after))| {
            let (change, verdict) = verdict(*before, *after);
            CriterionEffect {
                key: key.clone(),
                text: rubric
                    .criterion(key)
                    .map_or_else(|| key.clone(), |c| c.employee_wording().to_string()),
                before_n: before.n,
                before: before.mean.map(|m| 100.0 * m),
                after_n: after.n,
                after: after.mean.map(|m| 100.0 * m),
                change,
                verdict,
            }
        })
        .collect();
    SessionEffect {
        id: session.id,
        held_on: session.held_on.clone(),
        kind: session.kind.clone(),
        note: session.note.clone(),
        created_by: session.created_by.clone(),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(n: u64, mean: f64) -> Side {
        Side { n, mean: Some(mean) }
    }

    #[test]
    fn five_points_up_with_enough_answers_is_improved() {
        assert_eq!(verdict(side(3, 0.5), side(3, 0.55)).1, Verdict::Improved);
        assert_eq!(verdict(side(3, 0.5), side(3, 0.54)).1, Verdict::NotImproved);
        assert_eq!(verdict(side(3, 0.5), side(2, 1.0)).1, Verdict::TooFew);
        assert_eq!(verdict(Side::default(), side(5, 1.0)).1, Verdict::TooFew);
    }
}
