//! The interactions as they stood when a sample was drawn.
//!
//! `interaction amend | withdraw` change an interactions row in place and keep the earlier
//! values in `interaction_history`. A draw reads the rows, so re-running a recorded draw
//! (`sample show --verify`) must put back the values each changed interaction had at the draw,
//! or a lead's correction would read as a tampered sample. Which changes came after the draw is
//! told by the audit log: its entries are numbered in write order, and each change wrote one
//! entry (`interaction.amend`, `interaction.withdraw`) as the draw wrote `sample.draw`; the
//! history's own times are to the second only, which cannot order a draw and a correction
//! made in the same second.

use super::Brief;
use crate::store::Store;
use crate::store::interaction_changes::Change;
use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// An interaction changed since a draw: as the draw saw it, and the changes since.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// Its channel, agent and time at the draw.
    pub brief: Brief,
    /// The changes made after the draw, oldest first.
    pub changes: Vec<Change>,
    /// Who had an evaluation of it that counted then (not void then, outside calibration,
    /// numbered at most the draw's watermark): a withdrawal since voided them.
    pub evaluated_by: Vec<String>,
    /// Whether it was in an open item of an earlier sample then.
    pub queued: bool,
}

/// The interactions a draw chooses from, where they differ from the rows as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Population {
    /// Withdrawn at the draw: never a candidate.
    pub withdrawn: HashSet<i64>,
    /// Changed since the draw, by store number.
    pub restored: HashMap<i64, Restored>,
}

impl Population {
    /// Whether the rows as stored say nothing about `rowid` at the draw (it was withdrawn then,
    /// or changed since).
    pub fn overrides(&self, rowid: i64) -> bool {
        self.withdrawn.contains(&rowid) || self.restored.contains_key(&rowid)
    }
}

/// One audit entry of an interaction's change.
struct Entry {
    seq: i64,
    withdraw: bool,
    change: serde_json::Value,
}

impl Store {
    /// The population of a new draw: the interactions as they are, less the withdrawn ones.
    /// Read from the history (a few rows), not from the interactions table.
    pub fn population_now(&self) -> Result<Population> {
        let mut stmt = self
            .conn()
            .prepare("SELECT interaction_id FROM interaction_history WHERE action = 'withdraw'")?;
        let withdrawn = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<i64>>>()?;
        Ok(Population {
            withdrawn,
            restored: HashMap::new(),
        })
    }

    /// The population of sample `sample` as drawn, with `evaluation` the draw's highest
    /// evaluation number. Without the draw's audit entry every change counts as made before
    /// it (the rows as they are), so a re-draw differs where they changed since.
    pub fn population_at(&self, sample: i64, evaluation: i64) -> Result<Population> {
        let drawn: Option<i64> = self
            .conn()
            .query_row(
                "SELECT seq FROM audit_log WHERE entity = ?1 AND action = 'sample.draw'",
                [format!("sample:{sample}")],
                |r| r.get(0),
            )
            .optional()?;
        let Some(drawn) = drawn else {
            return self.population_now();
        };
        let changed: Vec<(i64, String)> = {
            let mut stmt = self.conn().prepare(
                "SELECT DISTINCT h.interaction_id, i.external_id FROM interaction_history h
                 JOIN interactions i ON i.id = h.interaction_id ORDER BY h.interaction_id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut population = Population::default();
        for (rowid, external_id) in changed {
            let history = self.interaction_history(rowid)?;
            let entries = self.change_entries(&external_id)?;
            // Each change wrote one history row and one entry; where they disagree (edited
            // outside qaudit) the rows as they are stand, and a re-draw shows the difference.
            let before = if entries.len() == history.len() {
                entries.iter().filter(|e| e.seq < drawn).count()
            } else {
                history.len()
            };
            if history[..before].iter().any(|c| c.action == "withdraw") {
                population.withdrawn.insert(rowid);
                continue;
            }
            let Some(first) = history.get(before) else {
                continue;
            };
            let text = |field: &str| first.before[field].as_str().map(str::to_string);
            let (Some(channel), Some(agent), Some(occurred_at)) = (text("channel"), text("agent"), text("occurred_at"))
            else {
                continue;
            };
            let voided: Vec<i64> = entries[before..]
                .iter()
                .filter(|e| e.withdraw)
                .flat_map(|e| e.change["evaluations_voided"].as_array().cloned().unwrap_or_default())
                .filter_map(|v| v.as_i64())
                .collect();
            let (evaluated_by, queued) = self.state_at_draw(rowid, sample, evaluation, &voided)?;
            population.restored.insert(
                rowid,
                Restored {
                    brief: Brief {
                        rowid,
                        interaction: external_id,
                        channel,
                        agent,
                        occurred_at,
                    },
                    changes: history[before..].to_vec(),
                    evaluated_by,
                    queued,
                },
            );
        }
        Ok(population)
    }

    /// The audit entries of an interaction's changes, in write order.
    fn change_entries(&self, external_id: &str) -> Result<Vec<Entry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, action, change FROM audit_log WHERE entity = ?1
               AND action IN ('interaction.amend', 'interaction.withdraw') ORDER BY seq",
        )?;
        let rows = stmt.query_map([format!("interaction:{external_id}")], |r| {
            let action: String = r.get(1)?;
            let change: String = r.get(2)?;
            Ok(Entry {
                seq: r.get(0)?,
                withdraw: action == "interaction.withdraw",
                change: serde_json::from_str(&change).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Who had a counted evaluation of interaction `rowid` at the draw of `sample`, and whether
    /// it was in an open item of an earlier sample then, taking the evaluations in `voided`
    /// (voided since by a withdrawal) as not void. As the candidate query and the open queues
    /// read them otherwise.
    fn state_at_draw(&self, rowid: i64, sample: i64, evaluation: i64, voided: &[i64]) -> Result<(Vec<String>, bool)> {
        let voided = serde_json::to_string(voided)?;
        let evaluators = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT DISTINCT evaluator_id FROM evaluations WHERE interaction_id = ?1 AND calibration_id IS NULL
                   AND practice IS NULL AND id <= ?2 AND (status != 'void' OR id IN (SELECT value FROM json_each(?3)))
                 ORDER BY evaluator_id",
            )?;
            let rows = stmt.query_map(params![rowid, evaluation, voided], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<String>>>()?
        };
        let queued = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM sample_items si WHERE si.interaction_id = ?1 AND si.sample_id < ?2
               AND (si.evaluation_id IS NULL OR si.evaluation_id > ?3
                    OR EXISTS (SELECT 1 FROM evaluations ve WHERE ve.id = si.evaluation_id AND ve.status = 'void'
                               AND ve.id NOT IN (SELECT value FROM json_each(?4)))))",
            params![rowid, sample, evaluation, voided],
            |r| r.get(0),
        )?;
        Ok((evaluators, queued))
    }
}
