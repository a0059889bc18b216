//! Decisions on flags (`flag_decisions`, migration 10): a lead's decision with the flag's
//! evidence copied as it stood. Inserted with its audit entry in one transaction, never
//! updated; the rules of who may decide what are [`crate::decisions`].

use super::{Store, Tx};
use anyhow::Result;
use rusqlite::{Connection, params};
use serde::Serialize;

/// A decision to record: the flag's evidence as it stands, the action and the note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewDecision {
    pub agent: String,
    pub rubric: String,
    pub rubric_version: u32,
    pub rule: String,
    /// `reward` or `discipline`.
    pub kind: String,
    /// The action's word (`bonus`, `no-action`, ...).
    pub action: String,
    pub note: String,
    /// The day the flag's window ended (YYYY-MM-DD).
    pub as_of: String,
    pub window_from: String,
    pub window_to: String,
    pub window_days: u32,
    pub n: u32,
    pub mean: Option<f64>,
    pub bound: Option<f64>,
    pub bound_confidence: Option<f64>,
    pub bound_side: Option<String>,
    pub critical_failures: u32,
    pub evaluations: Vec<i64>,
    /// The whole flag as JSON.
    pub evidence: serde_json::Value,
    pub supersedes: Option<i64>,
}

/// A stored decision: what was recorded (serialized flat, as one object), with its id, the
/// agent's name and team as they are now, the decision that superseded it, if any, and who
/// decided when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDecision {
    pub id: i64,
    pub agent_name: String,
    pub team: Option<String>,
    #[serde(flatten)]
    pub decision: NewDecision,
    pub superseded_by: Option<i64>,
    pub decided_by: String,
    pub decided_at: String,
}

/// Which decisions to read. Days are compared with the decision's `as_of` (YYYY-MM-DD, both
/// ends inclusive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub agent: Option<String>,
    pub team: Option<String>,
    pub rubric: Option<String>,
    pub rule: Option<String>,
}

const COLUMNS: &str = "d.id, d.agent_id, a.name, a.team, d.rubric_id, d.rubric_version, d.rule_id, d.kind, d.action,
    d.note, d.as_of, d.window_from, d.window_to, d.window_days, d.n, d.mean, d.bound, d.bound_confidence,
    d.bound_side, d.critical_failures, d.evaluation_ids, d.evidence, d.supersedes,
    (SELECT s.id FROM flag_decisions s WHERE s.supersedes = d.id), d.decided_by, d.decided_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDecision> {
    let ids: String = r.get(20)?;
    let evidence: String = r.get(21)?;
    Ok(StoredDecision {
        id: r.get(0)?,
        agent_name: r.get(2)?,
        team: r.get(3)?,
        decision: NewDecision {
            agent: r.get(1)?,
            rubric: r.get(4)?,
            rubric_version: r.get(5)?,
            rule: r.get(6)?,
            kind: r.get(7)?,
            action: r.get(8)?,
            note: r.get(9)?,
            as_of: r.get(10)?,
            window_from: r.get(11)?,
            window_to: r.get(12)?,
            window_days: r.get(13)?,
            n: r.get(14)?,
            mean: r.get(15)?,
            bound: r.get(16)?,
            bound_confidence: r.get(17)?,
            bound_side: r.get(18)?,
            critical_failures: r.get(19)?,
            evaluations: serde_json::from_str(&ids).unwrap_or_default(),
            evidence: serde_json::from_str(&evidence).unwrap_or(serde_json::Value::Null),
            supersedes: r.get(22)?,
        },
        superseded_by: r.get(23)?,
        decided_by: r.get(24)?,
        decided_at: r.get(25)?,
    })
}

/// The decisions `filter` selects, oldest first.
fn select(conn: &Connection, filter: &DecisionFilter) -> Result<Vec<StoredDecision>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM flag_decisions d JOIN agents a ON a.id = d.agent_id
         WHERE (?1 IS NULL OR d.as_of >= ?1) AND (?2 IS NULL OR d.as_of <= ?2)
           AND (?3 IS NULL OR d.agent_id = ?3) AND (?4 IS NULL OR a.team = ?4)
           AND (?5 IS NULL OR d.rubric_id = ?5) AND (?6 IS NULL OR d.rule_id = ?6)
         ORDER BY d.as_of, d.id"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.from,
            filter.to,
            filter.agent,
            filter.team,
            filter.rubric,
            filter.rule
        ],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The decisions `filter` selects, oldest first (by the day of their evidence, then id).
    pub fn flag_decisions(&self, filter: &DecisionFilter) -> Result<Vec<StoredDecision>> {
        select(self.conn(), filter)
    }
}

impl Tx<'_> {
    /// Every decision on `rule` of `rubric` for `agent`, read inside the write so that two leads
    /// deciding at once cannot both see none.
    pub fn flag_decisions_on(&self, agent: &str, rubric: &str, rule: &str) -> Result<Vec<StoredDecision>> {
        select(
            self.conn(),
            &DecisionFilter {
                agent: Some(agent.to_string()),
                rubric: Some(rubric.to_string()),
                rule: Some(rule.to_string()),
                ..DecisionFilter::default()
            },
        )
    }

    /// Records a decision and its audit entry; returns its id.
    pub fn insert_flag_decision(&mut self, new: &NewDecision) -> Result<i64> {
        let now = super::audit::now();
        self.conn().execute(
            "INSERT INTO flag_decisions (agent_id, rubric_id, rubric_version, rule_id, kind, action, note, as_of,
                 window_from, window_to, window_days, n, mean, bound, bound_confidence, bound_side,
                 critical_failures, evaluation_ids, evidence, supersedes, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            params![
                new.agent,
                new.rubric,
                new.rubric_version,
                new.rule,
                new.kind,
                new.action,
                new.note,
                new.as_of,
                new.window_from,
                new.window_to,
                new.window_days,
                new.n,
                new.mean,
                new.bound,
                new.bound_confidence,
                new.bound_side,
                new.critical_failures,
                serde_json::to_string(&new.evaluations)?,
                serde_json::to_string(&new.evidence)?,
                new.supersedes,
                self.actor(),
                now
            ],
        )?;
        let id = self.conn().last_insert_rowid();
        self.audit(
            "flags.decide",
            &format!("decision:{id}"),
            &serde_json::json!({
                "agent": new.agent, "rubric": new.rubric, "rule": new.rule, "kind": new.kind,
                "action": new.action, "note": new.note, "as_of": new.as_of, "n": new.n, "mean": new.mean,
                "bound": new.bound, "critical_failures": new.critical_failures,
                "evaluations": new.evaluations, "supersedes": new.supersedes,
            }),
        )?;
        Ok(id)
    }
}
