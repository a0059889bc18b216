//! The scoring engine (DESIGN.md section 3): pure functions from a rubric and answers to scores.
//!
//! Scores are kept at full precision; rounding to one decimal is the printer's job.

use super::answer::Answer;
use super::model::{CriticalPolicy, NaPolicy, Rubric};
pub use super::threshold::{below, meets};
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
                && c.normalise(answer).zip(c.fail_below).is_some_and(|(n, f)| below(n, f));
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
    let passed = meets(overall, rubric.pass_mark) && (!critical || rubric.critical_policy == CriticalPolicy::FlagOnly);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;

    #[test]
    fn a_score_exactly_at_the_threshold_in_decimal_arithmetic_meets_it() {
        let seventy = 100.0 * (0.7 + 1.4) / 3.0;
        assert!(seventy < 70.0, "the float is a hair below: {seventy:?}");
        assert!(meets(seventy, 70.0));
        assert!(!below(seventy, 70.0));
        assert!(below(69.999_999_9, 70.0), "a real difference still fails");
        assert!(meets(0.7, 0.7) && below(0.6999, 0.7));
    }

    /// The rubric of DESIGN.md's worked example, with the policies given as parameters.
    fn rubric(critical_policy: &str, na_policy: &str, c1_critical: bool) -> Rubric {
        let critical = if c1_critical {
            "critical: true\n        fail_below: 1.0"
        } else {
            "critical: false"
        };
        let yaml = format!(
            r#"
id: worked
version: 1
title: Worked example
subject: interaction
pass_mark: 70
critical_policy: {critical_policy}
na_policy: {na_policy}
bands:
  - {{ min: 80, label: Good }}
  - {{ min: 0, label: Poor }}
scales:
  yes_no: {{ type: binary }}
  five: {{ type: range, min: 1, max: 5 }}
  met: {{ type: choice, options: {{ met: 1.0, partly: 0.5, not_met: 0.0 }} }}
sections:
  - id: a
    title: A
    weight: 2
    criteria:
      - id: c1
        text: one
        scale: yes_no
        {critical}
      - id: c2
        text: two
        scale: five
        weight: 3
        comment_required_below: 0.5
  - id: b
    title: B
    weight: 1
    criteria:
      - id: c3
        text: three
        scale: met
        na: true
      - id: c4
        text: four
        scale: met
        na: true
"#
        );
        load_str("worked.yaml", &yaml).expect("valid").rubric
    }

    fn answers(pairs: &[(&str, &str)], r: &Rubric) -> BTreeMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), r.criterion(k).unwrap().parse_answer(v).unwrap()))
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn worked_example_of_the_design() {
        let r = rubric("zero_overall", "exclude", false);
        let a = answers(
            &[("a.c1", "yes"), ("a.c2", "4"), ("b.c3", "partly"), ("b.c4", "na")],
            &r,
        );
        let s = score(&r, &a).unwrap();
        assert!(close(s.sections[0].score.unwrap(), 81.25), "{:?}", s.sections);
        assert!(close(s.sections[1].score.unwrap(), 50.0));
        assert!(close(s.overall, 212.5 / 3.0), "{}", s.overall);
        assert_eq!(format!("{:.1}", s.overall), "70.8");
        assert!(s.passed);
        assert_eq!(s.band.as_deref(), Some("Poor"));
        assert!(s.critical_failures.is_empty());
        assert_eq!(s.criteria.iter().find(|c| c.key == "b.c4").unwrap().norm, None);
    }

    #[test]
    fn na_policy_pass_counts_na_as_full_marks() {
        let r = rubric("zero_overall", "pass", false);
        let a = answers(
            &[("a.c1", "yes"), ("a.c2", "4"), ("b.c3", "partly"), ("b.c4", "na")],
            &r,
        );
        let s = score(&r, &a).unwrap();
        assert!(close(s.sections[1].score.unwrap(), 75.0));
        assert!(close(s.overall, (2.0 * 81.25 + 75.0) / 3.0));
    }

    #[test]
    fn a_section_with_every_criterion_na_is_not_applicable() {
        let r = rubric("zero_overall", "exclude", false);
        let a = answers(&[("a.c1", "no"), ("a.c2", "5"), ("b.c3", "na"), ("b.c4", "na")], &r);
        let s = score(&r, &a).unwrap();
        assert_eq!(s.sections[1].score, None);
        // Only section A counts: (0 + 3 x 1) / 4 = 75.
        assert!(close(s.overall, 75.0));
    }

    #[test]
    fn every_answer_na_is_refused() {
        // A rubric whose every criterion may be N/A.
        let yaml = "id: n\nversion: 1\ntitle: N\nsubject: visit\npass_mark: 50\nscales: { yn: { type: binary } }\nsections:\n  - id: s\n    title: S\n    criteria:\n      - { id: a, text: A, scale: yn, na: true }\n      - { id: b, text: B, scale: yn, na: true }\n";
        let r = load_str("n.yaml", yaml).unwrap().rubric;
        let a = answers(&[("s.a", "na"), ("s.b", "na")], &r);
        assert_eq!(score(&r, &a), Err(ScoreError::NothingApplicable));
        // Under na_policy: pass the same answers are full marks, not nothing.
        let r = load_str(
            "n.yaml",
            &yaml.replace("pass_mark: 50", "pass_mark: 50\nna_policy: pass"),
        )
        .unwrap()
        .rubric;
        assert!(close(score(&r, &a).unwrap().overall, 100.0));
    }

    #[test]
    fn missing_answers_are_named() {
        let r = rubric("zero_overall", "exclude", false);
        let a = answers(&[("a.c1", "yes")], &r);
        assert_eq!(
            score(&r, &a),
            Err(ScoreError::Missing(vec!["a.c2".into(), "b.c3".into(), "b.c4".into()]))
        );
    }

    fn failing_critical(policy: &str) -> ScoreResult {
        let r = rubric(policy, "exclude", true);
        let a = answers(&[("a.c1", "no"), ("a.c2", "5"), ("b.c3", "met"), ("b.c4", "met")], &r);
        score(&r, &a).unwrap()
    }

    #[test]
    fn zero_overall_policy() {
        let s = failing_critical("zero_overall");
        assert_eq!(s.overall, 0.0);
        assert!(!s.passed);
        assert_eq!(s.critical_failures, vec!["a.c1".to_string()]);
        // Section scores stay as scored, for feedback.
        assert!(close(s.sections[0].score.unwrap(), 75.0));
    }

    #[test]
    fn zero_section_policy() {
        let s = failing_critical("zero_section");
        assert_eq!(s.sections[0].score, Some(0.0));
        assert!(s.sections[0].zeroed);
        // overall = (2 x 0 + 1 x 100) / 3
        assert!(close(s.overall, 100.0 / 3.0));
        assert!(!s.passed);
    }

    #[test]
    fn flag_only_policy_keeps_the_score_and_the_pass() {
        let s = failing_critical("flag_only");
        assert!(close(s.overall, (2.0 * 75.0 + 100.0) / 3.0));
        assert_eq!(s.critical_failures, vec!["a.c1".to_string()]);
        assert!(
            s.passed,
            "under flag_only a critical failure does not fail the evaluation"
        );
    }

    #[test]
    fn fail_below_is_strict_and_na_never_fails() {
        // c2 critical on a 1..5 range with fail_below 0.5: 3 normalises to exactly 0.5 and passes,
        // 2 (0.25) fails.
        let yaml = "id: f\nversion: 1\ntitle: F\nsubject: visit\npass_mark: 0\nscales: { five: { type: range, min: 1, max: 5 } }\nsections:\n  - id: s\n    title: S\n    criteria:\n      - { id: c, text: C, scale: five, critical: true, fail_below: 0.5, na: true }\n      - { id: d, text: D, scale: five }\n";
        let r = load_str("f.yaml", yaml).unwrap().rubric;
        let at = score(&r, &answers(&[("s.c", "3"), ("s.d", "5")], &r)).unwrap();
        assert!(at.critical_failures.is_empty());
        let below = score(&r, &answers(&[("s.c", "2"), ("s.d", "5")], &r)).unwrap();
        assert_eq!(below.critical_failures, vec!["s.c".to_string()]);
        assert_eq!(below.overall, 0.0);
        let na = score(&r, &answers(&[("s.c", "na"), ("s.d", "5")], &r)).unwrap();
        assert!(na.critical_failures.is_empty());
        assert!(close(na.overall, 100.0));
    }

    #[test]
    fn pass_mark_is_inclusive() {
        let r = rubric("zero_overall", "exclude", false);
        // A = (1 + 3 x 0.5) / 4 = 62.5; B = 100; overall = (125 + 100) / 3 = 75.
        let a = answers(&[("a.c1", "yes"), ("a.c2", "3"), ("b.c3", "met"), ("b.c4", "met")], &r);
        let s = score(&r, &a).unwrap();
        assert!(close(s.overall, 75.0));
        let mut strict = r.clone();
        strict.pass_mark = 75.0;
        assert!(score(&strict, &a).unwrap().passed);
        strict.pass_mark = 75.000001;
        assert!(!score(&strict, &a).unwrap().passed);
    }

    #[test]
    fn comment_required_below_is_strict_and_satisfied_by_a_comment() {
        let r = rubric("zero_overall", "exclude", false);
        let low = answers(&[("a.c1", "yes"), ("a.c2", "2"), ("b.c3", "met"), ("b.c4", "met")], &r);
        let at = answers(&[("a.c1", "yes"), ("a.c2", "3"), ("b.c3", "met"), ("b.c4", "met")], &r);
        let none = BTreeMap::new();
        assert_eq!(comments_missing(&r, &low, &none), vec!["a.c2".to_string()]);
        assert!(comments_missing(&r, &at, &none).is_empty(), "0.5 is not below 0.5");
        let blank = BTreeMap::from([("a.c2".to_string(), "  ".to_string())]);
        assert_eq!(comments_missing(&r, &low, &blank), vec!["a.c2".to_string()]);
        let given = BTreeMap::from([("a.c2".to_string(), "rushed the explanation".to_string())]);
        assert!(comments_missing(&r, &low, &given).is_empty());
    }

    #[test]
    fn running_score_uses_what_is_answered() {
        let r = rubric("zero_overall", "exclude", false);
        assert!(score_partial(&r, &BTreeMap::new()).is_none());
        let s = score_partial(&r, &answers(&[("a.c1", "yes")], &r)).unwrap();
        assert!(close(s.overall, 100.0));
    }

    #[test]
    fn answers_parse_by_scale() {
        let r = rubric("zero_overall", "exclude", false);
        let c1 = r.criterion("a.c1").unwrap();
        assert_eq!(c1.parse_answer("Yes"), Ok(Answer::Binary(true)));
        assert_eq!(c1.parse_answer("false"), Ok(Answer::Binary(false)));
        assert!(c1.parse_answer("na").unwrap_err().contains("may not be answered N/A"));
        let c2 = r.criterion("a.c2").unwrap();
        assert_eq!(c2.parse_answer("5"), Ok(Answer::Level(5)));
        assert!(c2.parse_answer("6").unwrap_err().contains("from 1 to 5"));
        assert!(close(c2.normalise(&Answer::Level(4)).unwrap(), 0.75));
        let c3 = r.criterion("b.c3").unwrap();
        assert_eq!(c3.parse_answer("PARTLY"), Ok(Answer::Choice("partly".into())));
        assert_eq!(c3.parse_answer("n/a"), Ok(Answer::Na));
        assert!(
            c3.parse_answer("maybe")
                .unwrap_err()
                .contains("met, partly, not_met, or na")
        );
    }
}
