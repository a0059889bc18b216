//! The double-scoring items of samples (`sample draw --double`): an interaction of a sample
//! given to a second, blind evaluator, closed by that evaluator's second opinion.

use super::samples::{Brief, QueueItem};
use super::{Store, Tx};
use anyhow::Result;
use rusqlite::params;

/// A double-scoring item: its interaction, the second evaluator and their evaluation, if any.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DoubleItem {
    pub interaction: String,
    pub evaluator: String,
    pub evaluation: Option<i64>,
}

impl Tx<'_> {
    /// Records a sample's double-scoring items (`(interaction, second evaluator)`); audited
    /// once as `sample.double` with every item.
    pub fn insert_doubles(&mut self, sample: i64, items: &[(Brief, String)]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        {
            let mut stmt = self.conn().prepare_cached(
                "INSERT INTO sample_doubles (sample_id, interaction_id, evaluator_id) VALUES (?1, ?2, ?3)",
            )?;
            for (b, e) in items {
                stmt.execute(params![sample, b.rowid, e])?;
            }
        }
        let listed: Vec<[&str; 2]> = items
            .iter()
            .map(|(b, e)| [b.interaction.as_str(), e.as_str()])
            .collect();
        self.audit(
            "sample.double",
            &format!("sample:{sample}"),
            &serde_json::json!({ "items": listed }),
        )
    }

    /// Closes the open double-scoring items of `interaction` assigned to `evaluator` with their
    /// second opinion `evaluation`, each audited as `sample.double.done`.
    pub fn mark_double_done(&mut self, interaction: i64, evaluator: &str, evaluation: i64) -> Result<()> {
        let samples: Vec<i64> = {
            let mut stmt = self.conn().prepare(
                "SELECT sample_id FROM sample_doubles d WHERE interaction_id = ?1 AND evaluator_id = ?2
                   AND (evaluation_id IS NULL OR EXISTS (SELECT 1 FROM evaluations ve
                        WHERE ve.id = d.evaluation_id AND ve.status = 'void'))",
            )?;
            let rows = stmt.query_map(params![interaction, evaluator], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for sample in samples {
            self.conn().execute(
                "UPDATE sample_doubles SET evaluation_id = ?3 WHERE sample_id = ?1 AND interaction_id = ?2",
                params![sample, interaction, evaluation],
            )?;
            self.audit(
                "sample.double.done",
                &format!("sample:{sample}"),
                &serde_json::json!({ "interaction": interaction, "scored_by": evaluator, "evaluation": evaluation }),
            )?;
        }
        Ok(())
    }
}

impl Store {
    /// The double-scoring items of a sample, by interaction.
    pub fn doubles(&self, sample: i64) -> Result<Vec<DoubleItem>> {
        let mut stmt = self.conn().prepare(
            "SELECT i.external_id, d.evaluator_id, e.id FROM sample_doubles d
             JOIN interactions i ON i.id = d.interaction_id
             LEFT JOIN evaluations e ON e.id = d.evaluation_id AND e.status != 'void'
             WHERE d.sample_id = ?1 ORDER BY i.occurred_at, i.external_id",
        )?;
        let rows = stmt.query_map([sample], |r| {
            Ok(DoubleItem {
                interaction: r.get(0)?,
                evaluator: r.get(1)?,
                evaluation: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open double-scoring items, of one evaluator or everyone's, oldest interaction first. They
    /// say nothing about the first evaluation: the second evaluator scores blind.
    pub fn double_queue(&self, evaluator: Option<&str>) -> Result<Vec<QueueItem>> {
        let mut stmt = self.conn().prepare(
            "SELECT d.sample_id, s.rubric_id, i.id, i.external_id, i.channel, i.agent_id, i.occurred_at, d.evaluator_id,
                    EXISTS (SELECT 1 FROM evaluations de WHERE de.interaction_id = d.interaction_id
                        AND de.evaluator_id = d.evaluator_id AND de.status = 'draft' AND de.calibration_id IS NULL
                        AND de.practice IS NULL)
             FROM sample_doubles d JOIN samples s ON s.id = d.sample_id
             JOIN interactions i ON i.id = d.interaction_id
             WHERE (d.evaluation_id IS NULL OR EXISTS (SELECT 1 FROM evaluations ve
                    WHERE ve.id = d.evaluation_id AND ve.status = 'void'))
               AND (?1 IS NULL OR d.evaluator_id = ?1)
             ORDER BY i.occurred_at, i.external_id, d.sample_id",
        )?;
        let rows = stmt.query_map([evaluator], |r| {
            Ok(QueueItem {
                sample: r.get(0)?,
                rubric: r.get(1)?,
                interaction: Brief {
                    rowid: r.get(2)?,
                    interaction: r.get(3)?,
                    channel: r.get(4)?,
                    agent: r.get(5)?,
                    occurred_at: r.get(6)?,
                },
                evaluator: r.get(7)?,
                status: if r.get(8)? {
                    super::samples::ItemStatus::Draft
                } else {
                    super::samples::ItemStatus::Open
                },
                second_opinion: true,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
