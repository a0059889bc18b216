//! Scoped flag rules (issue 20): what a rule with `section: ID` or `criterion: KEY` reads of one
//! evaluation. Pure; `gather` reads the stored parts, `report` projects each evaluation through
//! [`project`] before [`super::rules::evaluate`] checks the rule, so the window, the averages,
//! `min_evaluations` and `confidence` mean what they mean for the overall score.
//!
//! - A **section** scope reads the section score (0..100, as scoring stored it, so a section
//!   zeroed under `critical_policy: zero_section` reads 0).
//! - A **criterion** scope reads the normalised score x 100.
//! - An evaluation in which the scope is **not applicable** (a section whose criteria were all
//!   N/A, a criterion answered N/A, whatever the N/A policy) does not count toward `n`, nor does
//!   one scored with a rubric version that lacks the scope.
//! - **Critical failures** on a scoped rule count the evaluations in which a critical criterion
//!   of the scope failed (validation refuses the fields on a scope without one).

use super::rules::Scored;
use crate::rubric::{Answer, FlagRule, FlagScope, ScoreResult};
use crate::store::flags::FlagPart;
use std::collections::{BTreeMap, HashMap};

/// What a scope measured in one evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScopeScore {
    /// 0..100.
    pub score: f64,
    /// A critical criterion of the scope failed.
    pub critical_failed: bool,
}

/// One evaluation's applicable sections and criteria; a scope missing here was not applicable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scopes(BTreeMap<FlagScope, ScopeScore>);

/// One criterion or section as this module reads it, from the store or from a rescoring.
struct Part<'a> {
    key: &'a str,
    /// 0..1 for a criterion, 0..100 for a section; `None` when not applicable.
    score: Option<f64>,
    na: bool,
    critical_failed: bool,
}

impl Scopes {
    /// From one evaluation's criteria and sections.
    fn of<'a>(criteria: impl IntoIterator<Item = Part<'a>>, sections: impl IntoIterator<Item = Part<'a>>) -> Scopes {
        let mut scopes = BTreeMap::new();
        let mut failed_in: HashMap<&str, bool> = HashMap::new();
        for c in criteria {
            let section = c.key.split_once('.').map_or(c.key, |(s, _)| s);
            *failed_in.entry(section).or_default() |= c.critical_failed;
            if let (Some(norm), false) = (c.score, c.na) {
                scopes.insert(
                    FlagScope::Criterion(c.key.to_string()),
                    ScopeScore {
                        score: 100.0 * norm,
                        critical_failed: c.critical_failed,
                    },
                );
            }
        }
        for s in sections {
            if let Some(score) = s.score {
                scopes.insert(
                    FlagScope::Section(s.key.to_string()),
                    ScopeScore {
                        score,
                        critical_failed: failed_in.get(s.key).copied().unwrap_or(false),
                    },
                );
            }
        }
        Scopes(scopes)
    }

    /// The scopes of a scored (or rescored) evaluation.
    pub fn of_result(result: &ScoreResult) -> Scopes {
        Scopes::of(
            result.criteria.iter().map(|c| Part {
                key: &c.key,
                score: c.norm,
                na: c.answer == Answer::Na,
                critical_failed: c.critical_failed,
            }),
            result.sections.iter().map(|s| Part {
                key: &s.id,
                score: s.score,
                na: false,
                critical_failed: false,
            }),
        )
    }

    /// The scopes of every evaluation in the stored parts, by evaluation id.
    pub fn of_stored(criteria: &[FlagPart], sections: &[FlagPart]) -> HashMap<i64, Scopes> {
        let mut by_eval: HashMap<i64, (Vec<&FlagPart>, Vec<&FlagPart>)> = HashMap::new();
        for c in criteria {
            by_eval.entry(c.evaluation).or_default().0.push(c);
        }
        for s in sections {
            by_eval.entry(s.evaluation).or_default().1.push(s);
        }
        fn part<'a>(p: &&'a FlagPart) -> Part<'a> {
            Part {
                key: p.key.as_str(),
                score: p.score,
                na: p.na,
                critical_failed: p.critical_failed,
            }
        }
        by_eval
            .into_iter()
            .map(|(id, (cs, ss))| (id, Scopes::of(cs.iter().map(part), ss.iter().map(part))))
            .collect()
    }

    pub fn get(&self, scope: &FlagScope) -> Option<ScopeScore> {
        self.0.get(scope).copied()
    }
}

/// What `rule` reads of one evaluation: the evaluation itself for an overall rule; for a
/// scoped rule the scope's score in place of the overall score and the scope's critical failure
/// in place of the evaluation's, or `None` when the scope was not applicable (left out of `n`).
pub fn project(rule: &FlagRule, scored: Scored, scopes: &Scopes) -> Option<Scored> {
    let Some(scope) = &rule.scope else {
        return Some(scored);
    };
    let part = scopes.get(scope)?;
    Some(Scored {
        overall: part.score,
        critical_failed: part.critical_failed,
        ..scored
    })
}

/// Whether any rule reads a scope (only then are the parts read from the store).
pub fn any_scoped(rules: &[FlagRule]) -> bool {
    rules.iter().any(|r| r.scope.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(evaluation: i64, key: &str, score: Option<f64>, na: bool, critical_failed: bool) -> FlagPart {
        FlagPart {
            evaluation,
            key: key.into(),
            score,
            na,
            critical_failed,
        }
    }

    #[test]
    fn na_criteria_and_inapplicable_sections_are_left_out() {
        let criteria = [
            part(1, "empathy.acknowledge", Some(0.75), false, false),
            // N/A under `na_policy: pass` is stored as full marks but still does not count.
            part(1, "empathy.listening", Some(1.0), true, false),
            part(1, "security.verify", Some(0.0), false, true),
            part(2, "empathy.acknowledge", None, true, false),
        ];
        let sections = [
            part(1, "empathy", Some(80.0), false, false),
            part(1, "security", Some(0.0), false, false),
            part(2, "empathy", None, false, false),
        ];
        let scopes = Scopes::of_stored(&criteria, &sections);
        let one = &scopes[&1];
        let ack = FlagScope::Criterion("empathy.acknowledge".into());
        assert_eq!(one.get(&ack).unwrap().score, 75.0);
        assert_eq!(one.get(&FlagScope::Criterion("empathy.listening".into())), None);
        assert!(one.get(&FlagScope::Section("security".into())).unwrap().critical_failed);
        assert!(!one.get(&FlagScope::Section("empathy".into())).unwrap().critical_failed);
        assert_eq!(scopes[&2].get(&ack), None);
        assert_eq!(scopes[&2].get(&FlagScope::Section("empathy".into())), None);
    }
}
