//! Drawing a sample: the store as it was when a draw was made ([`Watermark`]), and the
//! candidates of one agent read from the indexes in the draw's stable order ([`Candidates`]).

use super::as_drawn::Population;
use super::{Brief, brief};
use crate::store::{Store, Tx};
use anyhow::Result;
use rusqlite::{params, params_from_iter, types::Value};
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
    /// The interactions as they stood at the draw, where the rows differ.
    pub population: Population,
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

    /// The code of a channel's name, added when new.
    fn code_of(&mut self, name: &str) -> Result<u16> {
        let code = match self.names.iter().position(|n| n == name) {
            Some(i) => i + 1,
            None => {
                self.names.push(name.to_string());
                self.names.len()
            }
        };
        u16::try_from(code).map_err(|_| anyhow::anyhow!("more than {} channels in one period", u16::MAX - 1))
    }
}

/// A candidate read from the population rather than the rows: its time, store number and
/// channel code (0 when the draw needs no channels).
type Late = (String, i64, u16);

/// One agent's candidates as [`Candidates::of_agent`] gathers them, in time order, noting the
/// runs of equal times that the external id orders.
struct Gathered<'a> {
    rowids: &'a mut Vec<i64>,
    channels: &'a mut Vec<u32>,
    with_channels: bool,
    ties: Vec<(usize, usize)>,
    previous: String,
}

impl Gathered<'_> {
    fn push(&mut self, rowid: i64, at: &str, code: u16) {
        if self.with_channels {
            self.channels.push(code as u32 - 1);
        }
        self.rowids.push(rowid);
        let n = self.rowids.len();
        if n > 1 && at == self.previous {
            match self.ties.last_mut() {
                Some(last) if last.1 == n - 1 => last.1 = n,
                _ => self.ties.push((n - 2, n)),
            }
        } else {
            self.previous.clear();
            self.previous.push_str(at);
        }
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
    /// Per agent, the candidates changed since the draw, as they were then, in time order.
    restored: std::collections::HashMap<String, Vec<Late>>,
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
        let with_channels = self.channels.is_some();
        let mut got = Gathered {
            rowids,
            channels,
            with_channels,
            ties: Vec::new(),
            previous: String::new(),
        };
        let mut restored = self.restored.get(agent).map(|r| r.iter().peekable());
        let mut rows = self.stmt.query(params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            if self.queued.contains(&rowid) || s.population.overrides(rowid) {
                continue;
            }
            let code = match &self.channels {
                Some(map) => match map.code(rowid) {
                    0 => continue,
                    code => code,
                },
                None => 0,
            };
            let at = row.get_ref(1)?.as_str()?;
            while let Some((r_at, r_rowid, r_code)) = restored.as_mut().and_then(|r| r.next_if(|r| r.0.as_str() <= at))
            {
                got.push(*r_rowid, r_at, *r_code);
            }
            got.push(rowid, at, code);
        }
        for (r_at, r_rowid, r_code) in restored.into_iter().flatten() {
            got.push(*r_rowid, r_at, *r_code);
        }
        let ties = got.ties;
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

/// The candidates among the interactions changed since the draw, as they were then: in the
/// period, the draw's channels and its watermark, not evaluated then (unless the draw takes
/// evaluated ones) and not in an open item of an earlier sample then. Grouped by agent, in the
/// draw's time order.
fn restored_candidates(
    scope: &DrawScope,
    mut channels: Option<&mut ChannelMap>,
) -> Result<std::collections::HashMap<String, Vec<Late>>> {
    let mut by_agent: std::collections::HashMap<String, Vec<Late>> = std::collections::HashMap::new();
    let mut all: Vec<_> = scope.population.restored.values().collect();
    all.sort_by_key(|r| r.brief.rowid);
    for r in all {
        let b = &r.brief;
        let fits = b.rowid <= scope.as_of.interaction
            && b.occurred_at >= scope.from
            && b.occurred_at < scope.to
            && (scope.channels.is_empty() || scope.channels.contains(&b.channel))
            && (scope.include_evaluated || r.evaluated_by.is_empty())
            && !r.queued;
        if !fits {
            continue;
        }
        let code = match channels.as_deref_mut() {
            Some(map) => map.code_of(&b.channel)?,
            None => 0,
        };
        by_agent
            .entry(b.agent.clone())
            .or_default()
            .push((b.occurred_at.clone(), b.rowid, code));
    }
    for list in by_agent.values_mut() {
        list.sort();
    }
    Ok(by_agent)
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
        let mut channels = if with_channels || !scope.channels.is_empty() {
            Some(self.channel_map(scope)?)
        } else {
            None
        };
        let restored = restored_candidates(scope, channels.as_mut())?;
        let sql = "SELECT i.id, i.occurred_at FROM interactions i INDEXED BY interactions_agent_time
             WHERE i.agent_id = ?1 AND i.occurred_at >= ?2 AND i.occurred_at < ?3 AND i.id <= ?4
               AND i.origin IS NULL
               AND (?6 OR NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id
                    AND e.status != 'void' AND e.calibration_id IS NULL AND e.practice IS NULL
                    AND e.id <= ?5))
             ORDER BY i.occurred_at";
        Ok(Candidates {
            stmt: self.conn().prepare(sql)?,
            external_id: self
                .conn()
                .prepare("SELECT external_id FROM interactions WHERE id = ?1")?,
            scope: scope.clone(),
            channels,
            queued: self.queued(&scope.as_of)?,
            restored,
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
            let code = map.code_of(name)?;
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
               AND calibration_id IS NULL AND practice IS NULL AND id <= ?2 ORDER BY evaluator_id",
        )?;
        let rows = stmt.query_map(params![rowid, max_evaluation], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// The highest evaluation and sample numbers: when they are what a draw saw, no evaluation
    /// and no sample was added while it ran (so none of its items was scored or drawn meanwhile).
    pub fn draw_state(&self) -> Result<(i64, i64)> {
        draw_state(self.conn())
    }
}
