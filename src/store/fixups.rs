//! One-off data work that a migration asks for but SQL cannot do: it needs the rubric, the
//! scoring engine or audit entries. A migration inserts a `pending.NAME` key into `meta`; after
//! the migrations, [`Store::run_pending`] does each pending job once, in its own audited IMMEDIATE
//! transaction, and removes the key in the same transaction. The jobs do not depend on the
//! migration's number, so the list of migrations can be renumbered freely.

use super::{Store, Tx};
use crate::rubric::{Answer, Rubric, ScoreResult, score_partial};
use anyhow::Result;
use rusqlite::params;
use std::collections::{BTreeMap, HashMap};

/// Who the audit log names for work done by an upgrade.
const ACTOR: &str = "qaudit-upgrade";

impl Store {
    /// Runs every pending one-off job.
    pub fn run_pending(&mut self) -> Result<()> {
        if self.meta("pending.recompute_passed")?.is_some() {
            let rubrics = self.all_rubrics()?;
            self.write_as_qaudit(ACTOR, |tx| {
                tx.recompute_under_threshold_rule(&rubrics)?;
                tx.clear_pending("pending.recompute_passed")
            })?;
        }
        if self.meta("pending.settle_counted")?.is_some() {
            self.write_as_qaudit(ACTOR, |tx| {
                for subject in tx.scored_subjects()? {
                    tx.settle_counted(subject, "counted once per subject: settled when the store was upgraded")?;
                }
                tx.clear_pending("pending.settle_counted")
            })?;
        }
        Ok(())
    }

    fn all_rubrics(&self) -> Result<HashMap<(String, u32), Rubric>> {
        let mut out = HashMap::new();
        for summary in self.rubric_summaries()? {
            for version in self.rubric_versions(&summary.id)? {
                out.insert((summary.id.clone(), version), self.rubric(&summary.id, Some(version))?);
            }
        }
        Ok(out)
    }
}

/// A stored revision's derived results, as written.
struct Written {
    evaluation: i64,
    revision: u32,
    current: bool,
    rubric: (String, u32),
    overall: f64,
    passed: bool,
    critical_failed: bool,
    band: Option<String>,
}

impl Tx<'_> {
    fn clear_pending(&mut self, key: &str) -> Result<()> {
        self.conn().execute("DELETE FROM meta WHERE key = ?1", [key])?;
        // Once the log records `meta`, the removal is recorded too; before (a new store whose
        // log is still empty), the entry that first records `meta` finds the key gone.
        if super::keying::meta_covered(self.conn())? {
            self.touch("meta", vec![rusqlite::types::Value::Text(key.to_string())])?;
            self.audit(
                "meta.unset",
                &format!("meta:{key}"),
                &serde_json::json!({ "done": key }),
            )?;
        }
        Ok(())
    }

    /// Rescores every revision from its answers under the exact-threshold rule
    /// (`rubric::meets`) and rewrites the derived results of those that change, with an
    /// `evaluation.recompute` audit entry per evaluation naming the old and new values. The
    /// history tables refuse updates; their guards are lifted for this transaction only.
    fn recompute_under_threshold_rule(&mut self, rubrics: &HashMap<(String, u32), Rubric>) -> Result<()> {
        let written: Vec<Written> = {
            let mut stmt = self.conn().prepare(
                "SELECT r.evaluation_id, r.revision, r.revision = e.revision, e.rubric_id, e.rubric_version,
                        r.overall, r.passed, r.critical_failed, r.band
                 FROM evaluation_revisions r JOIN evaluations e ON e.id = r.evaluation_id
                 ORDER BY r.evaluation_id, r.revision",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Written {
                    evaluation: r.get(0)?,
                    revision: r.get(1)?,
                    current: r.get(2)?,
                    rubric: (r.get(3)?, r.get(4)?),
                    overall: r.get(5)?,
                    passed: r.get(6)?,
                    critical_failed: r.get(7)?,
                    band: r.get(8)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut changed: BTreeMap<i64, Vec<serde_json::Value>> = BTreeMap::new();
        let mut guards_lifted = false;
        for w in &written {
            let Some(rubric) = rubrics.get(&w.rubric) else { continue };
            let Some(result) = self.rescore(rubric, w)? else {
                continue;
            };
            let critical = !result.critical_failures.is_empty();
            if result.passed == w.passed && critical == w.critical_failed && result.band == w.band {
                continue;
            }
            if !guards_lifted {
                self.conn().execute_batch(
                    "DROP TRIGGER IF EXISTS evaluation_revisions_no_change;
                     DROP TRIGGER IF EXISTS criterion_scores_no_change;
                     DROP TRIGGER IF EXISTS section_scores_no_change;",
                )?;
                guards_lifted = true;
            }
            self.rewrite_revision(w, &result)?;
            changed.entry(w.evaluation).or_default().push(serde_json::json!({
                "revision": w.revision,
                "overall": { "from": w.overall, "to": result.overall },
                "passed": { "from": w.passed, "to": result.passed },
                "critical_failed": { "from": w.critical_failed, "to": critical },
                "band": { "from": w.band, "to": result.band },
            }));
        }
        if guards_lifted {
            self.conn().execute_batch(
                "CREATE TRIGGER evaluation_revisions_no_change BEFORE UPDATE ON evaluation_revisions
                     BEGIN SELECT RAISE(ABORT, 'evaluation revisions are kept as written; amend instead'); END;
                 CREATE TRIGGER criterion_scores_no_change BEFORE UPDATE ON criterion_scores
                     BEGIN SELECT RAISE(ABORT, 'criterion scores are kept as written; amend instead'); END;
                 CREATE TRIGGER section_scores_no_change BEFORE UPDATE ON section_scores
                     BEGIN SELECT RAISE(ABORT, 'section scores are kept as written'); END;",
            )?;
        }
        for (id, revisions) in changed {
            self.audit(
                "evaluation.recompute",
                &format!("evaluation:{id}"),
                &serde_json::json!({
                    "reason": "a score exactly at a threshold now meets it (one comparison rule, rounded to 1e-9)",
                    "revisions": revisions,
                }),
            )?;
        }
        Ok(())
    }

    fn rescore(&self, rubric: &Rubric, w: &Written) -> Result<Option<ScoreResult>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT criterion_key, answer FROM criterion_scores WHERE evaluation_id = ?1 AND revision = ?2",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map(params![w.evaluation, w.revision], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
        for (key, text) in rows {
            // A revision whose answers no longer parse is `verify`'s finding, not ours to change.
            match rubric.criterion(&key).map(|c| c.parse_answer(&text)) {
                Some(Ok(a)) => {
                    answers.insert(key, a);
                }
                _ => return Ok(None),
            }
        }
        Ok(score_partial(rubric, &answers))
    }

    fn rewrite_revision(&mut self, w: &Written, result: &ScoreResult) -> Result<()> {
        let critical = !result.critical_failures.is_empty();
        let conn = self.conn();
        conn.execute(
            "UPDATE evaluation_revisions SET overall = ?3, passed = ?4, critical_failed = ?5, band = ?6
             WHERE evaluation_id = ?1 AND revision = ?2",
            params![
                w.evaluation,
                w.revision,
                result.overall,
                result.passed,
                critical,
                result.band
            ],
        )?;
        for c in &result.criteria {
            conn.execute(
                "UPDATE criterion_scores SET norm = ?4, critical_failed = ?5
                 WHERE evaluation_id = ?1 AND revision = ?2 AND criterion_key = ?3",
                params![w.evaluation, w.revision, c.key, c.norm, c.critical_failed],
            )?;
        }
        for s in &result.sections {
            conn.execute(
                "UPDATE section_scores SET score = ?4, zeroed = ?5 WHERE evaluation_id = ?1 AND revision = ?2 AND section_id = ?3",
                params![w.evaluation, w.revision, s.id, s.score, s.zeroed],
            )?;
        }
        if w.current {
            conn.execute(
                "UPDATE evaluations SET overall = ?2, passed = ?3, critical_failed = ?4, band = ?5 WHERE id = ?1",
                params![w.evaluation, result.overall, result.passed, critical, result.band],
            )?;
        }
        Ok(())
    }
}
