//! Samples (reproducible draws of interactions to score), their items (the work queue) and
//! visit plans.
//!
//! A sample item is *open* until an evaluation of its interaction is submitted (then
//! `evaluation_id` points at it); an item whose evaluation is later voided is open again. An
//! interaction counts as *evaluated* when it has an evaluation that is not void and not part of a
//! calibration session (drafts count: someone is on it).
//!
//! Draws can be re-run as of the moment they were made: a [`Watermark`] names the highest
//! interaction and evaluation numbers then in the store (both only ever grow, since neither is
//! deleted) and the sample the draw became, and the candidate query ignores everything after it.
//!
//! Here: recording samples, their items and the queue; `draw` reads the candidates of a
//! draw, `as_drawn` the interactions as they stood at a draw (a lead's later `interaction
//! amend | withdraw` undone), `visit_plans` books the visits of a plan.

mod as_drawn;
mod draw;
mod visit_plans;

pub use as_drawn::{Population, Restored};
pub use draw::{Candidates, ChannelMap, DrawScope, Watermark};
pub use visit_plans::Booking;

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// The interaction details a sample shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    #[serde(skip)]
    pub rowid: i64,
    pub interaction: String,
    pub channel: String,
    pub agent: String,
    pub occurred_at: String,
}

/// A sample to record.
#[derive(Debug, Clone)]
pub struct NewSample {
    pub seed: u64,
    /// Every parameter of the draw and its outcome, as JSON.
    pub params: serde_json::Value,
    /// The period as typed days, `YYYY-MM-DD`.
    pub period_from: String,
    pub period_to: String,
    pub rubric: Option<String>,
    /// In position order: the interaction and the evaluator assigned to score it.
    pub items: Vec<(Brief, String)>,
}

/// Where a sample item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Nobody has started it.
    Open,
    /// The assigned evaluator saved a draft.
    Draft,
    /// An evaluation was submitted.
    Done,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Open => "to do",
            ItemStatus::Draft => "draft",
            ItemStatus::Done => "done",
        }
    }
}

/// One item of a sample: what to score, who should, and who did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleItem {
    pub position: i64,
    #[serde(flatten)]
    pub interaction: Brief,
    pub evaluator: String,
    pub status: ItemStatus,
    pub evaluation: Option<i64>,
    /// Who submitted the evaluation (normally the assigned evaluator).
    pub scored_by: Option<String>,
    pub overall: Option<f64>,
    pub passed: Option<bool>,
}

/// A row of `sample list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleSummary {
    pub id: i64,
    pub created_at: String,
    pub created_by: String,
    pub period_from: String,
    pub period_to: String,
    pub rubric: Option<String>,
    pub seed: u64,
    pub items: u64,
    pub done: u64,
}

/// A sample with its parameters and items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleRecord {
    #[serde(flatten)]
    pub summary: SampleSummary,
    pub params: serde_json::Value,
    pub items: Vec<SampleItem>,
}

/// A row of `queue`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    pub sample: i64,
    pub rubric: Option<String>,
    #[serde(flatten)]
    pub interaction: Brief,
    pub evaluator: String,
    pub status: ItemStatus,
    /// A double-scoring item (`sample draw --double`): scored blind, with `--second-opinion`.
    pub second_opinion: bool,
}

/// True for an open item `si` (SQL): no evaluation yet, or only a voided one.
const OPEN_ITEM: &str = "(si.evaluation_id IS NULL OR EXISTS (SELECT 1 FROM evaluations ve
    WHERE ve.id = si.evaluation_id AND ve.status = 'void'))";

/// The status of item `si` (SQL), with the interaction as `si.interaction_id`.
fn status_sql() -> String {
    format!(
        "CASE WHEN NOT {OPEN_ITEM} THEN 'done'
              WHEN EXISTS (SELECT 1 FROM evaluations de WHERE de.interaction_id = si.interaction_id
                  AND de.evaluator_id = si.evaluator_id AND de.status = 'draft' AND de.calibration_id IS NULL
                  AND de.practice IS NULL)
              THEN 'draft' ELSE 'open' END"
    )
}

fn parse_status(s: &str) -> ItemStatus {
    match s {
        "done" => ItemStatus::Done,
        "draft" => ItemStatus::Draft,
        _ => ItemStatus::Open,
    }
}

fn brief(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Brief> {
    Ok(Brief {
        rowid: r.get(at)?,
        interaction: r.get(at + 1)?,
        channel: r.get(at + 2)?,
        agent: r.get(at + 3)?,
        occurred_at: r.get(at + 4)?,
    })
}

const SUMMARY_SQL: &str = "SELECT s.id, s.created_at, s.created_by, s.period_from, s.period_to, s.rubric_id, s.seed,
        (SELECT count(*) FROM sample_items si WHERE si.sample_id = s.id),
        (SELECT count(*) FROM sample_items si WHERE si.sample_id = s.id AND si.evaluation_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM evaluations ve WHERE ve.id = si.evaluation_id AND ve.status = 'void'))
     FROM samples s";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<SampleSummary> {
    Ok(SampleSummary {
        id: r.get(0)?,
        created_at: r.get(1)?,
        created_by: r.get(2)?,
        period_from: r.get(3)?,
        period_to: r.get(4)?,
        rubric: r.get(5)?,
        // Seeds are stored as their 64 bits in SQLite's signed integer.
        seed: r.get::<_, i64>(6)? as u64,
        items: r.get::<_, i64>(7)?.max(0) as u64,
        done: r.get::<_, i64>(8)?.max(0) as u64,
    })
}

impl Store {
    /// Every sample, newest first, with its progress.
    pub fn samples(&self) -> Result<Vec<SampleSummary>> {
        let mut stmt = self.conn().prepare(&format!("{SUMMARY_SQL} ORDER BY s.id DESC"))?;
        let rows = stmt.query_map([], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One sample with its parameters and items in position order.
    pub fn sample(&self, id: i64) -> Result<Option<SampleRecord>> {
        let Some(summary) = self
            .conn()
            .query_row(&format!("{SUMMARY_SQL} WHERE s.id = ?1"), [id], summary)
            .optional()?
        else {
            return Ok(None);
        };
        let params: String = self
            .conn()
            .query_row("SELECT params FROM samples WHERE id = ?1", [id], |r| r.get(0))?;
        let sql = format!(
            "SELECT si.position, i.id, i.external_id, i.channel, i.agent_id, i.occurred_at, si.evaluator_id,
                    {status}, e.id, e.evaluator_id, e.overall, e.passed
             FROM sample_items si JOIN interactions i ON i.id = si.interaction_id
             LEFT JOIN evaluations e ON e.id = si.evaluation_id AND e.status != 'void'
             WHERE si.sample_id = ?1 ORDER BY si.position",
            status = status_sql()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let items = stmt
            .query_map([id], |r| {
                Ok(SampleItem {
                    position: r.get(0)?,
                    interaction: brief(r, 1)?,
                    evaluator: r.get(6)?,
                    status: parse_status(&r.get::<_, String>(7)?),
                    evaluation: r.get(8)?,
                    scored_by: r.get(9)?,
                    overall: r.get(10)?,
                    passed: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(SampleRecord {
            summary,
            params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
            items,
        }))
    }

    /// Open items, of one evaluator or everyone's, oldest interaction first.
    pub fn queue(&self, evaluator: Option<&str>) -> Result<Vec<QueueItem>> {
        let sql = format!(
            "SELECT si.sample_id, s.rubric_id, i.id, i.external_id, i.channel, i.agent_id, i.occurred_at,
                    si.evaluator_id, {status}
             FROM sample_items si JOIN samples s ON s.id = si.sample_id
             JOIN interactions i ON i.id = si.interaction_id
             WHERE {OPEN_ITEM} AND i.withdrawn_at IS NULL AND (?1 IS NULL OR si.evaluator_id = ?1)
             ORDER BY i.occurred_at, i.external_id, si.sample_id",
            status = status_sql()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([evaluator], |r| {
            Ok(QueueItem {
                sample: r.get(0)?,
                rubric: r.get(1)?,
                interaction: brief(r, 2)?,
                evaluator: r.get(7)?,
                status: parse_status(&r.get::<_, String>(8)?),
                second_opinion: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Records a sample and its items; audited as `sample.draw` with every parameter and item.
    pub fn insert_sample(&mut self, new: &NewSample) -> Result<i64> {
        let now = crate::store::audit::now();
        self.conn().execute(
            "INSERT INTO samples (seed, params, period_from, period_to, rubric_id, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.seed as i64,
                new.params.to_string(),
                new.period_from,
                new.period_to,
                new.rubric,
                self.actor(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        {
            let mut stmt = self.conn().prepare_cached(
                "INSERT INTO sample_items (sample_id, position, interaction_id, evaluator_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (position, (item, evaluator)) in new.items.iter().enumerate() {
                stmt.execute(params![id, position as i64 + 1, item.rowid, evaluator])?;
            }
        }
        let items: Vec<[&str; 2]> = new
            .items
            .iter()
            .map(|(b, e)| [b.interaction.as_str(), e.as_str()])
            .collect();
        self.audit(
            "sample.draw",
            &format!("sample:{id}"),
            &serde_json::json!({ "params": new.params, "items": items }),
        )?;
        Ok(id)
    }

    /// Marks the open sample items of an interaction done by `evaluation`, when that evaluation
    /// is submitted and outside calibration (otherwise nothing happens). The item assigned to
    /// `evaluator` is the one expected, but any open item of the interaction is closed: the
    /// interaction has been scored, whoever was meant to. Each closed item is audited as
    /// `sample.item.done`. Returns how many items were closed.
    pub fn mark_sampled(&mut self, interaction: i64, evaluator: &str, evaluation: i64) -> Result<usize> {
        let counts: bool = self
            .conn()
            .query_row(
                "SELECT status = 'submitted' AND calibration_id IS NULL AND practice IS NULL FROM evaluations WHERE id = ?1",
                [evaluation],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !counts {
            return Ok(0);
        }
        let open: Vec<(i64, i64, String)> = {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT si.sample_id, si.position, si.evaluator_id FROM sample_items si
                 WHERE si.interaction_id = ?1 AND {OPEN_ITEM}
                 ORDER BY si.evaluator_id != ?2, si.sample_id, si.position"
            ))?;
            let rows = stmt.query_map(params![interaction, evaluator], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (sample, position, assigned) in &open {
            self.conn().execute(
                "UPDATE sample_items SET evaluation_id = ?3 WHERE sample_id = ?1 AND position = ?2",
                params![sample, position, evaluation],
            )?;
            self.audit(
                "sample.item.done",
                &format!("sample:{sample}"),
                &serde_json::json!({
                    "position": position, "assigned_to": assigned, "scored_by": evaluator, "evaluation": evaluation,
                }),
            )?;
        }
        Ok(open.len())
    }
}
