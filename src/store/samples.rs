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

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{OptionalExtension, params, params_from_iter, types::Value};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What the store held when a draw was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watermark {
    /// The highest interaction number; later imports are not candidates.
    pub interaction: i64,
    /// The highest evaluation number; later evaluations neither exclude an interaction nor
    /// close a sample item.
    pub evaluation: i64,
    /// Only items of samples numbered below this keep an interaction out of the draw
    /// (`i64::MAX` for a new draw; the sample's own number when re-drawing it).
    #[serde(skip)]
    pub before_sample: i64,
}

/// Which interactions a draw chooses from (besides the agent).
#[derive(Debug, Clone)]
pub struct DrawScope {
    /// Stored-time bounds `[from, to)`.
    pub from: String,
    pub to: String,
    /// Only these channels; empty for all.
    pub channels: Vec<String>,
    /// Also interactions that already have an evaluation.
    pub include_evaluated: bool,
    pub as_of: Watermark,
}

/// The channels of the interactions in a draw's period, by store number: built by one pass over
/// the interactions table in storage order (fast, sequential) rather than by reading each
/// candidate's row in time order (random access, several times slower on a large store). Two
/// bytes per interaction number in the period's range; code 0 means "not in the period, or on a
/// channel the draw leaves out".
pub struct ChannelMap {
    offset: i64,
    codes: Vec<u16>,
    names: Vec<String>,
}

impl ChannelMap {
    fn code(&self, rowid: i64) -> u16 {
        usize::try_from(rowid - self.offset)
            .ok()
            .and_then(|i| self.codes.get(i).copied())
            .unwrap_or(0)
    }
}

/// The candidate query of a draw, prepared once and run per agent.
pub struct Candidates<'s> {
    stmt: rusqlite::Statement<'s>,
    external_id: rusqlite::Statement<'s>,
    scope: DrawScope,
    /// The candidates' channels, when the draw filters or stratifies by channel.
    channels: Option<ChannelMap>,
    /// Interactions in an open item of another sample (as many as the open queues hold).
    queued: HashSet<i64>,
}

impl Candidates<'_> {
    /// One agent's candidates in the stable order of the draw (`occurred_at`, then external id):
    /// their store numbers into `rowids` and, when the draw needs channels, their channels
    /// (positions into [`Self::channel`]) into `channels`. Both are cleared first, so callers
    /// reuse them from agent to agent and only one agent's candidates are ever in memory.
    ///
    /// The query is answered from the indexes alone. The index gives `occurred_at` order with
    /// ties by store number; ties (rare: two contacts of one agent in the same second) are
    /// re-sorted by external id here, reading only the tied rows.
    pub fn of_agent(&mut self, agent: &str, rowids: &mut Vec<i64>, channels: &mut Vec<u32>) -> Result<()> {
        rowids.clear();
        channels.clear();
        let s = &self.scope;
        let values = [
            Value::Text(agent.to_string()),
            Value::Text(s.from.clone()),
            Value::Text(s.to.clone()),
            Value::Integer(s.as_of.interaction),
            Value::Integer(s.as_of.evaluation),
            Value::Integer(s.include_evaluated as i64),
        ];
        let mut ties: Vec<(usize, usize)> = Vec::new();
        let mut previous = String::new();
        let mut rows = self.stmt.query(params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            if self.queued.contains(&rowid) {
                continue;
            }
            if let Some(map) = &self.channels {
                match map.code(rowid) {
                    0 => continue,
                    code => channels.push(code as u32 - 1),
                }
            }
            rowids.push(rowid);
            let at = row.get_ref(1)?.as_str()?;
            let n = rowids.len();
            if n > 1 && at == previous {
                match ties.last_mut() {
                    Some(last) if last.1 == n - 1 => last.1 = n,
                    _ => ties.push((n - 2, n)),
                }
            } else {
                previous.clear();
                previous.push_str(at);
            }
        }
        drop(rows);
        for (start, end) in ties {
            let mut group: Vec<(String, i64, Option<u32>)> = Vec::with_capacity(end - start);
            for (i, &rowid) in rowids.iter().enumerate().take(end).skip(start) {
                let id: String = self.external_id.query_row([rowid], |r| r.get(0))?;
                group.push((id, rowid, channels.get(i).copied()));
            }
            group.sort();
            for (i, (_, rowid, channel)) in (start..end).zip(group) {
                rowids[i] = rowid;
                if let Some(c) = channel {
                    channels[i] = c;
                }
            }
        }
        Ok(())
    }

    /// The name of a channel position returned by [`Self::of_agent`].
    pub fn channel(&self, index: u32) -> &str {
        self.channels.as_ref().map_or("", |m| m.names[index as usize].as_str())
    }
}

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

/// A visit already logged or planned: `(location, shopper, day as YYYY-MM-DD)`.
pub type Booking = (String, String, String);

/// True for an open item `si` (SQL): no evaluation yet, or only a voided one.
const OPEN_ITEM: &str = "(si.evaluation_id IS NULL OR EXISTS (SELECT 1 FROM evaluations ve
    WHERE ve.id = si.evaluation_id AND ve.status = 'void'))";

/// The status of item `si` (SQL), with the interaction as `si.interaction_id`.
fn status_sql() -> String {
    format!(
        "CASE WHEN NOT {OPEN_ITEM} THEN 'done'
              WHEN EXISTS (SELECT 1 FROM evaluations de WHERE de.interaction_id = si.interaction_id
                  AND de.evaluator_id = si.evaluator_id AND de.status = 'draft' AND de.calibration_id IS NULL)
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

fn draw_state(conn: &rusqlite::Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM evaluations), (SELECT coalesce(max(id), 0) FROM samples)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

impl Store {
    /// See [`Tx::draw_state`].
    pub fn draw_state(&self) -> Result<(i64, i64)> {
        draw_state(self.conn())
    }

    /// The store as it is now, for a new draw.
    pub fn watermark(&self) -> Result<Watermark> {
        let (interaction, evaluation) = self.conn().query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM interactions), (SELECT coalesce(max(id), 0) FROM evaluations)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Watermark {
            interaction,
            evaluation,
            before_sample: i64::MAX,
        })
    }

    /// Prepares the candidate query of a draw. Per agent it walks the `interactions_agent_time`
    /// index over the period and leaves out in SQL (through the `evaluations_interaction` index)
    /// interactions already evaluated, unless `include_evaluated`. Interactions in an open item
    /// of another sample are left out too: their numbers are read first (the open queues are
    /// small next to the interactions). It never reads the interactions table itself: when the
    /// draw filters by channel (`scope.channels`) or needs channels (`with_channels`, for
    /// stratification), a [`ChannelMap`] is built first.
    pub fn candidates(&self, scope: &DrawScope, with_channels: bool) -> Result<Candidates<'_>> {
        let channels = if with_channels || !scope.channels.is_empty() {
            Some(self.channel_map(scope)?)
        } else {
            None
        };
        let sql = "SELECT i.id, i.occurred_at FROM interactions i INDEXED BY interactions_agent_time
             WHERE i.agent_id = ?1 AND i.occurred_at >= ?2 AND i.occurred_at < ?3 AND i.id <= ?4
               AND (?6 OR NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id
                    AND e.status != 'void' AND e.calibration_id IS NULL AND e.id <= ?5))
             ORDER BY i.occurred_at";
        Ok(Candidates {
            stmt: self.conn().prepare(sql)?,
            external_id: self
                .conn()
                .prepare("SELECT external_id FROM interactions WHERE id = ?1")?,
            scope: scope.clone(),
            channels,
            queued: self.queued(&scope.as_of)?,
        })
    }

    /// Interactions in an open item of a sample drawn before `as_of.before_sample`, as the store
    /// was at `as_of`: no evaluation then (or one numbered after it), or a voided one.
    fn queued(&self, as_of: &Watermark) -> Result<HashSet<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT si.interaction_id FROM sample_items si WHERE si.sample_id < ?1
               AND (si.evaluation_id IS NULL OR si.evaluation_id > ?2
                    OR EXISTS (SELECT 1 FROM evaluations ve WHERE ve.id = si.evaluation_id AND ve.status = 'void'))",
        )?;
        let rows = stmt.query_map(params![as_of.before_sample, as_of.evaluation], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One pass over the interactions in storage order, noting the channel of each one in the
    /// period (and, with a channel filter, on one of its channels).
    fn channel_map(&self, scope: &DrawScope) -> Result<ChannelMap> {
        let mut stmt = self.conn().prepare(
            "SELECT id, channel FROM interactions NOT INDEXED
             WHERE occurred_at >= ?1 AND occurred_at < ?2 AND id <= ?3 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![scope.from, scope.to, scope.as_of.interaction])?;
        let mut map = ChannelMap {
            offset: 0,
            codes: Vec::new(),
            names: Vec::new(),
        };
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let name = row.get_ref(1)?.as_str()?;
            if !scope.channels.is_empty() && !scope.channels.iter().any(|c| c == name) {
                continue;
            }
            let code = match map.names.iter().position(|n| n == name) {
                Some(i) => i + 1,
                None => {
                    map.names.push(name.to_string());
                    map.names.len()
                }
            };
            let code = u16::try_from(code)
                .map_err(|_| anyhow::anyhow!("more than {} channels in one period", u16::MAX - 1))?;
            if map.codes.is_empty() {
                map.offset = rowid;
            }
            let at = (rowid - map.offset) as usize;
            if map.codes.len() <= at {
                map.codes.resize(at + 1, 0);
            }
            map.codes[at] = code;
        }
        Ok(map)
    }

    /// Whether any interaction has this channel (stops at the first).
    pub fn has_channel(&self, channel: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM interactions WHERE channel = ?1)",
            [channel],
            |r| r.get(0),
        )?)
    }

    /// Every channel of any interaction, by name.
    pub fn channels(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT channel FROM interactions ORDER BY channel")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The details of drawn interactions, by store number, in the order given.
    pub fn briefs(&self, rowids: &[i64]) -> Result<Vec<Brief>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, external_id, channel, agent_id, occurred_at FROM interactions WHERE id = ?1")?;
        rowids
            .iter()
            .map(|id| Ok(stmt.query_row([id], |r| brief(r, 0))?))
            .collect()
    }

    /// Who already has an evaluation (not void, not calibration, numbered at most
    /// `max_evaluation`) of an interaction.
    pub fn evaluators_of(&self, rowid: i64, max_evaluation: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT evaluator_id FROM evaluations WHERE interaction_id = ?1 AND status != 'void'
               AND calibration_id IS NULL AND id <= ?2 ORDER BY evaluator_id",
        )?;
        let rows = stmt.query_map(params![rowid, max_evaluation], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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

    /// Visits (logged or planned, not cancelled) with a shopper, on days `from..=to`
    /// (`YYYY-MM-DD`), as `(location, shopper, day)`, by day.
    pub fn bookings(&self, from: &str, to: &str) -> Result<Vec<Booking>> {
        let mut stmt = self.conn().prepare(
            "SELECT location_id, shopper_id, day FROM (
                 SELECT location_id, shopper_id, coalesce(substr(visited_at, 1, 10), planned_for) AS day
                 FROM visits WHERE status != 'cancelled' AND shopper_id IS NOT NULL)
             WHERE day >= ?1 AND day <= ?2 ORDER BY day, location_id, shopper_id",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Visits of earlier plans planned on days `from..=to`: `(plan, location, visits)`.
    pub fn planned_visits(&self, from: &str, to: &str) -> Result<Vec<(i64, String, i64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT plan_id, location_id, count(*) FROM visits
             WHERE plan_id IS NOT NULL AND status != 'cancelled' AND planned_for >= ?1 AND planned_for <= ?2
             GROUP BY plan_id, location_id ORDER BY plan_id, location_id",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// The highest evaluation and sample numbers: when they are what a draw saw, no evaluation
    /// and no sample was added while it ran (so none of its items was scored or drawn meanwhile).
    pub fn draw_state(&self) -> Result<(i64, i64)> {
        draw_state(self.conn())
    }

    /// Records a sample and its items; audited as `sample.draw` with every parameter and item.
    pub fn insert_sample(&mut self, new: &NewSample) -> Result<i64> {
        let now = super::audit::now();
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
                "SELECT status = 'submitted' AND calibration_id IS NULL FROM evaluations WHERE id = ?1",
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

    /// Records a visit plan and its planned visits (`(location, shopper, day)`); audited once
    /// as `visit.plan` with every visit. Returns the plan number and the visit numbers.
    pub fn insert_visit_plan(
        &mut self,
        month: &str,
        seed: u64,
        params: &serde_json::Value,
        visits: &[Booking],
    ) -> Result<(i64, Vec<i64>)> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO visit_plans (month, seed, params, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![month, seed as i64, params.to_string(), self.actor(), now],
        )?;
        let plan = self.conn().last_insert_rowid();
        let mut ids = Vec::with_capacity(visits.len());
        {
            let mut stmt = self.conn().prepare_cached(
                "INSERT INTO visits (location_id, shopper_id, status, planned_for, plan_id, created_at)
                 VALUES (?1, ?2, 'planned', ?3, ?4, ?5)",
            )?;
            for (location, shopper, day) in visits {
                stmt.execute(params![location, shopper, day, plan, now])?;
                ids.push(self.conn().last_insert_rowid());
            }
        }
        let listed: Vec<serde_json::Value> = visits
            .iter()
            .zip(&ids)
            .map(|((l, s, d), id)| serde_json::json!({ "visit": id, "location": l, "shopper": s, "day": d }))
            .collect();
        self.audit(
            "visit.plan",
            &format!("visit_plan:{plan}"),
            &serde_json::json!({ "month": month, "seed": seed, "params": params, "visits": listed }),
        )?;
        Ok((plan, ids))
    }
}
