//! Recording a lead's decision on a firing flag: the flag is computed as of the day asked (as
//! `qaudit flags` computes it) and its evidence copied into the decision, in one write with its
//! audit entry. The checks on earlier decisions run inside that write, so two leads deciding at
//! once cannot both pass them.

use super::{Action, DecisionError};
use crate::actor::Actor;
use crate::flags::{Fired, FlagsQuery, FlagsReport};
use crate::roles::Role;
use crate::store::Store;
use crate::store::decisions::{NewDecision, StoredDecision};
use anyhow::Result;
use chrono::NaiveDate;

/// A decision asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct DecideRequest {
    pub agent: String,
    pub rule: String,
    /// The rubric holding the rule, when several have one of that id.
    pub rubric: Option<String>,
    pub action: Action,
    pub note: String,
    /// The day the flag's window ends.
    pub as_of: NaiveDate,
    /// The standing decision this one replaces.
    pub supersedes: Option<i64>,
}

/// The decision recorded, as stored.
pub type Decided = StoredDecision;

/// Records `req` for `actor`, who must be a lead; see the module doc of [`super`] for the rules.
pub fn decide(store: &mut Store, actor: &Actor, req: &DecideRequest) -> Result<Decided> {
    actor.require(Role::Lead, "decide on flags")?;
    let note = req.note.trim();
    if note.is_empty() {
        return Err(DecisionError::EmptyNote.into());
    }
    let query = FlagsQuery {
        as_of: req.as_of,
        agent: Some(req.agent.clone()),
        team: None,
        kind: None,
    };
    let (report, _) = crate::flags::flags(store, actor, &query)?;
    let rubric = rubric_of(&report, &req.agent, &req.rule, req.rubric.as_deref())?;
    let Some(fired) = report
        .flags
        .iter()
        .find(|f| f.agent == req.agent && f.rubric == rubric && f.flag == req.rule)
    else {
        return Err(DecisionError::NotFiring {
            agent: req.agent.clone(),
            rubric,
            rule: req.rule.clone(),
            as_of: req.as_of,
        }
        .into());
    };
    if !req.action.fits(fired.kind) {
        return Err(DecisionError::WrongAction {
            action: req.action,
            kind: fired.kind,
        }
        .into());
    }
    let new = new_decision(fired, req, note)?;
    let id = store.write(&actor.id, |tx| {
        let prior = tx.flag_decisions_on(&new.agent, &new.rubric, &new.rule)?;
        let firing = Firing {
            evaluations: &new.evaluations,
            from: &new.window_from,
            to: &new.window_to,
        };
        check_prior(&prior, &firing, req.supersedes, &new.agent, &new.rule)?;
        tx.insert_flag_decision(&new)
    })?;
    let stored = store.flag_decisions(&crate::store::decisions::DecisionFilter {
        agent: Some(req.agent.clone()),
        ..Default::default()
    })?;
    stored
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| anyhow::anyhow!("decision {id} just recorded is missing"))
}

/// The rubric whose rule `rule` is meant: `rubric` when given, else the only one with such a
/// rule, else the only one where it fires for `agent` (rubrics may share rule ids).
fn rubric_of(report: &FlagsReport, agent: &str, rule: &str, rubric: Option<&str>) -> Result<String, DecisionError> {
    let rules = &report.rules;
    let mut with: Vec<String> = rules
        .iter()
        .filter(|r| r.flag == rule && rubric.is_none_or(|b| r.rubric == b))
        .map(|r| r.rubric.clone())
        .collect();
    with.dedup();
    match with.len() {
        0 => {
            let mut known: Vec<String> = rules
                .iter()
                .filter(|r| rubric.is_none_or(|b| r.rubric == b))
                .map(|r| r.flag.clone())
                .collect();
            known.sort();
            known.dedup();
            Err(DecisionError::UnknownRule {
                rule: rule.to_string(),
                known,
            })
        }
        1 => Ok(with.remove(0)),
        _ => {
            let firing: Vec<&String> = with
                .iter()
                .filter(|b| {
                    report
                        .flags
                        .iter()
                        .any(|f| f.agent == agent && f.flag == rule && &f.rubric == *b)
                })
                .collect();
            match firing.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(DecisionError::NotFiring {
                    agent: agent.to_string(),
                    rubric: with.join(", "),
                    rule: rule.to_string(),
                    as_of: report.as_of,
                }),
                _ => Err(DecisionError::AmbiguousRule {
                    rule: rule.to_string(),
                    rubrics: with,
                }),
            }
        }
    }
}

/// The flag's evidence as it stands, with the action and note.
fn new_decision(f: &Fired, req: &DecideRequest, note: &str) -> Result<NewDecision> {
    Ok(NewDecision {
        agent: f.agent.clone(),
        rubric: f.rubric.clone(),
        rubric_version: f.rubric_version,
        rule: f.flag.clone(),
        kind: crate::flags::kind_name(f.kind).to_string(),
        action: req.action.as_str().to_string(),
        note: note.to_string(),
        as_of: req.as_of.to_string(),
        window_from: f.window.from.to_string(),
        window_to: f.window.to.to_string(),
        window_days: f.window.days,
        n: f.n as u32,
        mean: f.mean,
        bound: f.bound.as_ref().map(|b| b.bound),
        bound_confidence: f.bound.as_ref().map(|b| b.confidence.level()),
        bound_side: f
            .bound
            .as_ref()
            .map(|b| {
                serde_json::to_value(b.side)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
            })
            .and_then(|s| s),
        critical_failures: f.critical_failures,
        evaluations: f.evaluations.clone(),
        evidence: serde_json::to_value(f)?,
        supersedes: req.supersedes,
    })
}

/// The evidence of a firing that tells it apart from another of the same agent and rule: its
/// evaluations, and its window (days as stored, `YYYY-MM-DD`) for a flag on the customer's
/// voice alone, which counts none.
#[derive(Debug, Clone, Copy)]
pub struct Firing<'a> {
    pub evaluations: &'a [i64],
    pub from: &'a str,
    pub to: &'a str,
}

/// Whether decision `d` and `firing` rest on the same customer's voice: either counts no
/// evaluation (a flag on the voice alone) and their windows share a day.
pub fn shares_days(d: &StoredDecision, firing: &Firing<'_>) -> bool {
    (d.decision.evaluations.is_empty() || firing.evaluations.is_empty())
        && d.decision.window_from.as_str() <= firing.to
        && firing.from <= d.decision.window_to.as_str()
}

/// Refuses a second decision on the same evidence unless it supersedes the standing one, and a
/// `supersedes` that names no standing decision on this agent and rule. The same evidence is a
/// shared evaluation; when either flag counts no evaluation (the customer's voice alone), a
/// shared day of the window.
pub fn check_prior(
    prior: &[StoredDecision],
    firing: &Firing<'_>,
    supersedes: Option<i64>,
    agent: &str,
    rule: &str,
) -> Result<(), DecisionError> {
    if let Some(id) = supersedes {
        let Some(old) = prior.iter().find(|d| d.id == id) else {
            return Err(DecisionError::NoSuchDecision {
                id,
                agent: agent.to_string(),
                rule: rule.to_string(),
            });
        };
        if let Some(by) = old.superseded_by {
            return Err(DecisionError::AlreadySuperseded { id, by });
        }
    }
    let standing = |d: &&StoredDecision| d.superseded_by.is_none() && Some(d.id) != supersedes;
    if let Some(d) = prior
        .iter()
        .filter(standing)
        .find(|d| d.decision.evaluations.iter().any(|e| firing.evaluations.contains(e)))
    {
        return Err(DecisionError::AlreadyDecided {
            existing: d.id,
            action: d.decision.action.clone(),
            lead: d.decided_by.clone(),
            as_of: d.decision.as_of.clone(),
        });
    }
    let on_days = prior.iter().filter(standing).find(|d| shares_days(d, firing));
    match on_days {
        Some(d) => Err(DecisionError::AlreadyDecidedOnDays {
            existing: d.id,
            action: d.decision.action.clone(),
            lead: d.decided_by.clone(),
            as_of: d.decision.as_of.clone(),
            window: Box::new((d.decision.window_from.clone(), d.decision.window_to.clone())),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, evaluations: &[i64], superseded_by: Option<i64>) -> StoredDecision {
        StoredDecision {
            id,
            agent_name: "Ana".into(),
            team: None,
            decision: NewDecision {
                agent: "a-1".into(),
                rubric: "r".into(),
                rubric_version: 1,
                rule: "high".into(),
                kind: "reward".into(),
                action: "bonus".into(),
                note: "n".into(),
                as_of: "2026-11-30".into(),
                window_from: "2026-11-01".into(),
                window_to: "2026-11-30".into(),
                window_days: 30,
                n: evaluations.len() as u32,
                mean: Some(95.0),
                bound: None,
                bound_confidence: None,
                bound_side: None,
                critical_failures: 0,
                evaluations: evaluations.to_vec(),
                evidence: serde_json::Value::Null,
                supersedes: None,
            },
            superseded_by,
            decided_by: "lea".into(),
            decided_at: "2026-11-30T10:00:00Z".into(),
        }
    }

    #[test]
    fn the_same_evidence_is_decided_once_unless_superseded() {
        let prior = [stored(1, &[1, 2], Some(2)), stored(2, &[1, 2], None)];
        let check = |evaluations: &[i64], sup| {
            let firing = Firing {
                evaluations,
                from: "2026-11-01",
                to: "2026-11-30",
            };
            check_prior(&prior, &firing, sup, "a-1", "high")
        };
        assert!(matches!(
            check(&[2, 3], None),
            Err(DecisionError::AlreadyDecided { existing: 2, .. })
        ));
        assert_eq!(check(&[3, 4], None), Ok(()), "new evidence is a new firing");
        assert_eq!(check(&[2, 3], Some(2)), Ok(()));
        assert_eq!(
            check(&[2, 3], Some(1)),
            Err(DecisionError::AlreadySuperseded { id: 1, by: 2 })
        );
        assert!(matches!(
            check(&[2], Some(9)),
            Err(DecisionError::NoSuchDecision { id: 9, .. })
        ));
    }

    #[test]
    fn a_flag_on_the_voice_alone_is_the_same_firing_on_shared_days() {
        let prior = [stored(1, &[], None)];
        let check = |from, to| {
            let firing = Firing {
                evaluations: &[],
                from,
                to,
            };
            check_prior(&prior, &firing, None, "a-1", "high")
        };
        assert!(matches!(
            check("2026-11-01", "2026-11-30"),
            Err(DecisionError::AlreadyDecidedOnDays { existing: 1, .. })
        ));
        assert!(check("2026-11-30", "2026-12-29").is_err(), "one shared day");
        assert_eq!(check("2026-12-01", "2026-12-30"), Ok(()), "new days are a new firing");
        assert_eq!(
            check_prior(
                &prior,
                &Firing {
                    evaluations: &[],
                    from: "2026-11-01",
                    to: "2026-11-30"
                },
                Some(1),
                "a-1",
                "high"
            ),
            Ok(())
        );
    }
}
