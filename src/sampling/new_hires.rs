//! Heavier sampling of new hires (`sample draw --new-hire-weeks N --new-hire-per-agent K`):
//! agents who are new hires in the draw's period ([`crate::tenure::new_hire_in`]: some day of
//! the period falls in their first N weeks) get a quota of K interactions instead of the
//! normal per-agent quota; every other agent is drawn exactly as without it (each agent has
//! their own random stream, so the heavier quota of one changes nobody else's list).
//!
//! Who was a new hire is decided at the draw, from the hire dates then stored, and recorded with
//! each agent's outcome ([`super::params::AgentOutcome::new_hire`]), so `sample show --verify`
//! redraws the same even after a hire date is corrected.

use super::error::SamplingError;
use crate::store::Store;
use crate::tenure;
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most interactions a new hire may be given in one draw: beyond it the quota is a typo.
pub const MAX_NEW_HIRE_PER_AGENT: u32 = 500;

/// The heavier quota of new hires, as asked for and as recorded with the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHireQuota {
    /// An agent's first weeks of tenure that count (`--new-hire-weeks`).
    pub weeks: u32,
    /// Interactions drawn for each new hire (`--new-hire-per-agent`).
    pub per_agent: u32,
}

impl NewHireQuota {
    /// Refuses weeks or a quota that cannot be meant: zero, absurdly many, or a "heavier" quota
    /// that is not above the normal one.
    pub fn check(self, normal: u32) -> Result<Self, SamplingError> {
        tenure::check_weeks(self.weeks).map_err(SamplingError::NewHireWeeks)?;
        match self.per_agent {
            0 => Err(SamplingError::NewHireNothing),
            k if k > MAX_NEW_HIRE_PER_AGENT => Err(SamplingError::NewHireTooMany {
                per_agent: k,
                max: MAX_NEW_HIRE_PER_AGENT,
            }),
            k if k <= normal => Err(SamplingError::NewHireNotHeavier { per_agent: k, normal }),
            _ => Ok(self),
        }
    }
}

/// One agent in the scope of a draw, with what decides their quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InScope {
    pub agent: String,
    /// Recorded only for new hires: the hire date that made them one.
    pub hired_on: Option<String>,
    pub new_hire: bool,
}

/// The agents in scope (ids in draw order) with whether each is a new hire in `first ..= last`
/// under `quota`; without a quota nobody is. Refused when a quota is asked for and no agent in
/// scope has a hire date at all (the flags would silently do nothing).
pub fn in_scope(
    store: &Store,
    agents: &[String],
    quota: Option<NewHireQuota>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<InScope>> {
    let Some(q) = quota else {
        return Ok(agents.iter().map(|a| plain(a)).collect());
    };
    let mut out = Vec::with_capacity(agents.len());
    let mut any_dated = false;
    for id in agents {
        let hired = store.agent(id)?.and_then(|a| a.hired_on);
        any_dated |= hired.is_some();
        let day = tenure::hired_on(hired.as_deref());
        if tenure::new_hire_in(day, first, last, q.weeks) {
            out.push(InScope {
                agent: id.clone(),
                hired_on: hired,
                new_hire: true,
            });
        } else {
            out.push(plain(id));
        }
    }
    if !any_dated {
        return Err(SamplingError::NoHireDates { agents: agents.len() }.into());
    }
    Ok(out)
}

fn plain(agent: &str) -> InScope {
    InScope {
        agent: agent.to_string(),
        hired_on: None,
        new_hire: false,
    }
}

/// The quota of one agent: the new hires' under a new-hire quota, else the normal one.
pub fn quota_of(new_hire: bool, normal: u32, quota: Option<NewHireQuota>) -> u32 {
    match quota {
        Some(q) if new_hire => q.per_agent,
        _ => normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_that_cannot_be_meant_are_refused() {
        let q = |weeks, per_agent| NewHireQuota { weeks, per_agent };
        assert_eq!(q(12, 8).check(4), Ok(q(12, 8)));
        assert!(matches!(q(0, 8).check(4), Err(SamplingError::NewHireWeeks(_))));
        assert!(matches!(q(200, 8).check(4), Err(SamplingError::NewHireWeeks(_))));
        assert_eq!(q(12, 0).check(4), Err(SamplingError::NewHireNothing));
        assert_eq!(
            q(12, 4).check(4),
            Err(SamplingError::NewHireNotHeavier {
                per_agent: 4,
                normal: 4
            })
        );
        assert_eq!(
            q(12, 501).check(4),
            Err(SamplingError::NewHireTooMany {
                per_agent: 501,
                max: 500
            })
        );
    }

    #[test]
    fn only_new_hires_get_the_heavier_quota() {
        let q = Some(NewHireQuota {
            weeks: 12,
            per_agent: 8,
        });
        assert_eq!(quota_of(true, 4, q), 8);
        assert_eq!(quota_of(false, 4, q), 4);
        assert_eq!(quota_of(true, 4, None), 4);
    }
}
