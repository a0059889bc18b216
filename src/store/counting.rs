//! Counted once per subject (issue 15, pinned): one evaluation of an interaction or visit counts
//! in reports and flags, whatever rubric scored it; every other one is a second opinion.
//!
//! The rule, kept by [`Tx::settle_counted`] after every write that can change it:
//! - the evaluation that counts is a submitted, non-calibration one (`second_opinion = 0`);
//! - where a sample assigned the subject, the assignee's evaluation counts;
//! - otherwise the earliest recorded submitted evaluation counts;
//! - after a void, the earliest remaining one (the assignee's first) takes over, audited;
//! - a lead may switch which one counts (`evaluation count ID --reason`), and that choice stays
//!   until the evaluation that counts is voided.
//!
//! Second opinions never count in reports or flags (the `counted_evaluations` view leaves them
//! out); they feed the evaluator-agreement figures of `report evaluators`.

use super::evaluations::SubjectRef;
use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// An evaluation of the subject as the counting rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub evaluator: String,
    pub counted: bool,
}

fn subject_column(subject: SubjectRef) -> (&'static str, i64) {
    match subject {
        SubjectRef::Interaction(id) => ("interaction_id", id),
        SubjectRef::Visit(id) => ("visit_id", id),
    }
}

/// The submitted, non-calibration evaluations of a subject, earliest first. Practice evaluations
/// are never candidates: they neither count nor make another a second opinion.
fn candidates(conn: &Connection, subject: SubjectRef) -> Result<Vec<Candidate>> {
    let (column, value) = subject_column(subject);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, evaluator_id, second_opinion = 0 FROM evaluations
         WHERE {column} = ?1 AND status = 'submitted' AND calibration_id IS NULL AND practice IS NULL ORDER BY id"
    ))?;
    let rows = stmt.query_map([value], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            evaluator: r.get(1)?,
            counted: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The evaluators a sample assigned the subject to (as the first evaluator, not as a double).
fn assignees(conn: &Connection, subject: SubjectRef) -> Result<Vec<String>> {
    let SubjectRef::Interaction(id) = subject else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT evaluator_id FROM sample_items WHERE interaction_id = ?1 ORDER BY sample_id DESC",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which evaluation should count among `candidates`, given the sample's assignees: an already
/// counted one stays (a lead's choice is kept) unless several count, where the assignee's wins,
/// then the earliest; with none counted, the assignee's, then the earliest.
pub fn choose(candidates: &[Candidate], assignees: &[String]) -> Option<i64> {
    let counted: Vec<&Candidate> = candidates.iter().filter(|c| c.counted).collect();
    let assigned = |pool: &[&Candidate]| {
        pool.iter()
            .find(|c| assignees.contains(&c.evaluator))
            .or_else(|| pool.first())
            .map(|c| c.id)
    };
    match counted.len() {
        1 => Some(counted[0].id),
        0 => assigned(&candidates.iter().collect::<Vec<_>>()),
        _ => assigned(&counted),
    }
}

impl Tx<'_> {
    /// Applies the counting rule to one subject, auditing each evaluation whose standing changes
    /// (`evaluation.count`, with `reason`). Returns the evaluation that counts, if any.
    pub fn settle_counted(&mut self, subject: SubjectRef, reason: &str) -> Result<Option<i64>> {
        let all = candidates(self.conn(), subject)?;
        let chosen = choose(&all, &assignees(self.conn(), subject)?);
        for c in &all {
            let should = Some(c.id) == chosen;
            if should != c.counted {
                self.set_counted(c.id, should, reason)?;
            }
        }
        Ok(chosen)
    }

    /// Makes `id` the evaluation of its subject that counts (a lead's switch), the others
    /// second opinions; each change audited with `reason`.
    pub fn switch_counted(&mut self, id: i64, subject: SubjectRef, reason: &str) -> Result<()> {
        for c in candidates(self.conn(), subject)? {
            let should = c.id == id;
            if should != c.counted {
                self.set_counted(c.id, should, reason)?;
            }
        }
        Ok(())
    }

    /// Marks an evaluation (a draft being saved, or a new one) as a second opinion or not.
    /// Only a real change writes (and is audited, after the creation or revision entry, so the
    /// log's digest of the evaluation is the one stored).
    pub fn mark_second_opinion(&mut self, id: i64, second: bool) -> Result<()> {
        let changed = self.conn().execute(
            "UPDATE evaluations SET second_opinion = ?2 WHERE id = ?1 AND second_opinion IS NOT ?2",
            params![id, second],
        )?;
        if changed > 0 {
            self.audit(
                "evaluation.second-opinion",
                &format!("evaluation:{id}"),
                &serde_json::json!({ "second_opinion": second }),
            )?;
        }
        Ok(())
    }

    fn set_counted(&mut self, id: i64, counted: bool, reason: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE evaluations SET second_opinion = ?2 WHERE id = ?1",
            params![id, !counted],
        )?;
        self.audit(
            "evaluation.count",
            &format!("evaluation:{id}"),
            &serde_json::json!({ "counted": counted, "second_opinion": !counted, "reason": reason }),
        )
    }

    /// Every subject with a submitted evaluation, for the one-off settling of stores scored
    /// before the rule existed.
    pub(crate) fn scored_subjects(&self) -> Result<Vec<SubjectRef>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT interaction_id, visit_id FROM evaluations
             WHERE status = 'submitted' AND calibration_id IS NULL AND practice IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok(super::evaluations::subject_of(r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What a new submission by `evaluator` meets: who else counts, and whether the assignee holds
/// an open draft.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Standing {
    /// The evaluation of another evaluator that counts now, and its evaluator.
    pub counted_other: Option<(i64, String)>,
    /// Whether `evaluator` is an assignee of the subject in a sample.
    pub is_assignee: bool,
    /// An open draft by an assignee (not `evaluator`): its id and evaluator.
    pub assignee_draft: Option<(i64, String)>,
}

impl Store {
    /// How a submission of `subject` by `evaluator` stands under the counting rule.
    pub fn standing(&self, subject: SubjectRef, evaluator: &str) -> Result<Standing> {
        let conn = self.conn();
        let (column, value) = subject_column(subject);
        let counted_other = conn
            .query_row(
                &format!(
                    "SELECT id, evaluator_id FROM evaluations WHERE {column} = ?1 AND status = 'submitted'
                       AND calibration_id IS NULL AND practice IS NULL AND second_opinion = 0 AND evaluator_id != ?2
                     ORDER BY id LIMIT 1"
                ),
                params![value, evaluator],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let assignees = assignees(conn, subject)?;
        let is_assignee = assignees.iter().any(|a| a == evaluator);
        let mut assignee_draft = None;
        for a in assignees.iter().filter(|a| *a != evaluator) {
            let draft: Option<i64> = conn
                .query_row(
                    &format!(
                        "SELECT id FROM evaluations WHERE {column} = ?1 AND evaluator_id = ?2 AND status = 'draft'
                           AND calibration_id IS NULL AND practice IS NULL AND second_opinion = 0 ORDER BY id LIMIT 1"
                    ),
                    params![value, a],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = draft {
                assignee_draft = Some((id, a.clone()));
                break;
            }
        }
        Ok(Standing {
            counted_other,
            is_assignee,
            assignee_draft,
        })
    }

    /// The subject an evaluation scores.
    pub fn subject_of_evaluation(&self, id: i64) -> Result<SubjectRef> {
        Ok(self.conn().query_row(
            "SELECT interaction_id, visit_id FROM evaluations WHERE id = ?1",
            [id],
            |r| Ok(super::evaluations::subject_of(r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Whether an evaluation is a second opinion (`None` when there is no such evaluation).
    pub fn is_second_opinion(&self, id: i64) -> Result<Option<bool>> {
        Ok(self
            .conn()
            .query_row("SELECT second_opinion FROM evaluations WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, who: &str, counted: bool) -> Candidate {
        Candidate {
            id,
            evaluator: who.to_string(),
            counted,
        }
    }

    #[test]
    fn the_earliest_counts_without_a_sample() {
        assert_eq!(choose(&[c(3, "eva", false), c(5, "tom", false)], &[]), Some(3));
        assert_eq!(choose(&[], &[]), None);
    }

    #[test]
    fn the_assignee_counts_over_an_earlier_evaluation() {
        let all = [c(3, "tom", true), c(5, "eva", true)];
        assert_eq!(choose(&all, &["eva".to_string()]), Some(5));
    }

    #[test]
    fn a_single_counted_evaluation_stays_counted() {
        // A lead switched to tom's; the assignee's does not take it back.
        let all = [c(3, "eva", false), c(5, "tom", true)];
        assert_eq!(choose(&all, &["eva".to_string()]), Some(5));
    }
}
