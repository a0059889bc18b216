//! The scoring engine (DESIGN.md section 3): pure functions from a rubric and answers to scores.
//!
//! Scores are kept at full precision; rounding to one decimal is the printer's job.

use super::answer::Answer;
use super::model::{CriticalPolicy, NaPolicy, Rubric};
use serde::Serialize;
use std::collections::BTreeMap;

/// One criterion as scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub key: String,
    pub answer: Answer,
    /// Normalised 0..1 after the N/A policy; `None` when the criterion was left out (N/A under
    /// `na_policy: exclude`).
    pub norm: Option<f64>,
    pub critical_failed: bool,
}

/// One section as scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore {
    pub id: String,
    /// 0..100; `None` when every criterion of the section was N/A and left out.
    pub score: Option<f64>,
    /// Set to 0 by a failed critical criterion under `critical_policy: zero_section`.
    pub zeroed: bool,
}

/// A complete evaluation's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub overall: f64,
    pub passed: bool,
    pub band: Option<String>,
    /// Keys of the critical criteria that failed, in rubric order.
    pub critical_failures: Vec<String>,
    pub sections: Vec<SectionScore>,
    pub criteria: Vec<CriterionScore>,
}

/// Why answers could not be scored.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreError {
    /// These criteria have no answer.
    Missing(Vec<String>),
    /// Every answer was N/A and left out: there is nothing to score.
    NothingApplicable,
}

/// Scores a complete set of answers. Keys not in the rubric are ignored here; `score` callers
/// check them first (see `answers::check`).
pub fn score(rubric: &Rubric, answers: &BTreeMap<String, Answer>) -> Result<ScoreResult, ScoreError> {
    let missing: Vec<String> = rubric
        .criteria()
        .filter(|c| !answers.contains_key(&c.key))
        .map(|c| c.key.clone())
        .collect();
    if !missing.is_empty() {
        return Err(ScoreError::Missing(missing));
    }
    score_partial(rubric, answers).ok_or(ScoreError::NothingApplicable)
}

/// Scores whatever has been answered so far, as if the unanswered criteria were N/A and left
/// out: the running score an interactive prompt shows. `None` while nothing applicable is
/// answered.
pub fn score_partial(rubric: &Rubric, answers: &BTreeMap<String, Answer>) -> Option<ScoreResult> {
    let mut criteria = Vec::new();
    let mut sections = Vec::new();
    let mut critical_failures = Vec::new();
    for section in &rubric.sections {
        let (mut sum, mut weights) = (0.0, 0.0);
        let mut section_failed = false;
        for c in &section.criteria {
            let Some(answer) = answers.get(&c.key) else { continue };
            let norm = match (c.normalise(answer), rubric.na_policy) {
                (Some(n), _) => Some(n),
                (None, NaPolicy::Pass) => Some(1.0),
                (None, NaPolicy::Exclude) => None,
            };
            // N/A never fails a critical criterion, whatever the N/A policy.
            let failed = c.critical
                && *answer != Answer::Na
                && c.normalise(answer).zip(c.fail_below).is_some_and(|(n, f)| n < f);
            if failed {
                critical_failures.push(c.key.clone());
                section_failed = true;
            }
            if let Some(n) = norm {
                sum += c.weight * n;
                weights += c.weight;
            }
            criteria.push(CriterionScore {
                key: c.key.clone(),
                answer: answer.clone(),
                norm,
                critical_failed: failed,
            });
        }
        let applicable = weights > 0.0;
        let zeroed = applicable && section_failed && rubric.critical_policy == CriticalPolicy::ZeroSection;
        let score = if zeroed {
            Some(0.0)
        } else if applicable {
            Some(100.0 * sum / weights)
        } else {
            None
        };
        sections.push(SectionScore {
            id: section.id.clone(),
            score,
            zeroed,
        });
    }
    let (mut sum, mut weights) = (0.0, 0.0);
    for (section, scored) in rubric.sections.iter().zip(&sections) {
        if let Some(s) = scored.score {
            sum += section.weight * s;
            weights += section.weight;
        }
    }
    if weights == 0.0 {
        return None;
    }
    let critical = !critical_failures.is_empty();
    let overall = if critical && rubric.critical_policy == CriticalPolicy::ZeroOverall {
        0.0
    } else {
        sum / weights
    };
    let passed = overall >= rubric.pass_mark && (!critical || rubric.critical_policy == CriticalPolicy::FlagOnly);
    Some(ScoreResult {
        overall,
        passed,
        band: rubric.band(overall).map(str::to_string),
        critical_failures,
        sections,
        criteria,
    })
}

/// Criteria whose answer is low enough that the rubric requires a comment, and which have none.
pub fn comments_missing(
    rubric: &Rubric,
    answers: &BTreeMap<String, Answer>,
    comments: &BTreeMap<String, String>,
) -> Vec<String> {
    rubric
        .criteria()
        .filter(|c| {
            let low = match (
                c.comment_required_below,
                answers.get(&c.key).and_then(|a| c.normalise(a)),
            ) {
                (Some(limit), Some(n)) => n < limit,
                _ => false,
            };
            low && comments.get(&c.key).is_none_or(|t| t.trim().is_empty())
        })
        .map(|c| c.key.clone())
        .collect()
}
