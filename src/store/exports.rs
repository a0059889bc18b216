//! The queries behind the exports: one row at a time, handed to a callback as SQLite
//! produces it, so an export of a million evaluations holds one row in memory, not the result.
//!
//! Every export selects evaluations the same way ([`ExportFilter`]): by the day of the work
//! (`occurred_at`, as reports do), rubric, agent and team, and by default only the evaluations
//! that count (the `counted_evaluations` view: submitted, outside calibration, visits approved).
//! Practice evaluations are never exported.

use super::Store;
use crate::visits::access::VisitSight;
use anyhow::Result;
use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};

/// One cell of a row streamed with named columns (disputes, visits), typed as SQLite stored it
/// so an export keeps numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// SQL NULL (and a blob, which no exported column holds).
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Field {
    fn read(r: &Row<'_>, i: usize) -> rusqlite::Result<Field> {
        use rusqlite::types::ValueRef;
        Ok(match r.get_ref(i)? {
            ValueRef::Null | ValueRef::Blob(_) => Field::Null,
            ValueRef::Integer(n) => Field::Int(n),
            ValueRef::Real(x) => Field::Real(x),
            ValueRef::Text(t) => Field::Text(String::from_utf8_lossy(t).into_owned()),
        })
    }
}

/// Which evaluations an export covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportFilter {
    /// Stored-time bounds `[from, to)` on the day of the work.
    pub from: Option<String>,
    pub to: Option<String>,
    pub rubric: Option<String>,
    pub agent: Option<String>,
    pub team: Option<String>,
    /// Every status (drafts, voided, calibration) instead of the counted evaluations only.
    pub all: bool,
    /// What the person exporting may see (`evaluations::visibility`).
    pub sight: crate::evaluations::visibility::Sight,
    /// Which visits they may see (`visits::access`), for `export visits`.
    pub visits: VisitSight,
}

impl ExportFilter {
    /// The source of evaluations (`e`) and the WHERE clause with its parameters.
    fn sql(&self) -> (String, String, Vec<Value>) {
        let source = if self.all { "evaluations" } else { "counted_evaluations" };
        // Practice (issue 20) is training evidence, not QA data: no export carries it, `--all`
        // included (it is seen on the sheet, in `evaluation list` and in `coach review`).
        let mut clauses = vec!["e.practice IS NULL".to_string()];
        let mut values = Vec::new();
        let mut add = |clause: &str, value: &Option<String>| {
            if let Some(v) = value {
                values.push(Value::Text(v.clone()));
                clauses.push(clause.replace('?', &format!("?{}", values.len())));
            }
        };
        add("e.occurred_at >= ?", &self.from);
        add("e.occurred_at < ?", &self.to);
        add("e.rubric_id = ?", &self.rubric);
        add("e.agent_id = ?", &self.agent);
        add("e.agent_id IN (SELECT id FROM agents WHERE team = ?)", &self.team);
        let (visible, value) = super::visibility::condition(&self.sight, values.len() + 1);
        values.extend(value);
        clauses.push(visible);
        (source.to_string(), clauses.join(" AND "), values)
    }
}

/// One evaluation as `export evaluations` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRow {
    pub id: i64,
    pub subject: String,
    pub channel: Option<String>,
    pub location: Option<String>,
    pub rubric: String,
    pub rubric_version: u32,
    pub evaluator: String,
    pub agent: Option<String>,
    pub team: Option<String>,
    pub occurred_at: String,
    pub scored_at: String,
    pub status: String,
    pub calibration: Option<i64>,
    pub revision: i64,
    pub overall: f64,
    pub passed: bool,
    pub critical_failed: bool,
    pub band: Option<String>,
    pub acknowledged_at: Option<String>,
    pub customer: Option<String>,
    /// The interaction's origin: `mystery` for a mystery shopper's test contact, `practice` for
    /// a simulated one; `None` for a real contact or a visit (issue 20).
    pub origin: Option<String>,
    /// `(section id, score)` of the current revision; a section not applicable has no score.
    pub sections: Vec<(String, Option<f64>)>,
}

/// One criterion answer as `export scores` writes it (the rubric's weights are added by the
/// command, which knows the rubric), borrowed from SQLite's row: a long export allocates
/// nothing per row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreRow<'a> {
    pub evaluation: i64,
    pub subject: &'a str,
    pub rubric: &'a str,
    pub rubric_version: u32,
    pub evaluator: &'a str,
    pub agent: Option<&'a str>,
    pub team: Option<&'a str>,
    pub occurred_at: &'a str,
    pub status: &'a str,
    pub criterion: &'a str,
    pub answer: &'a str,
    pub norm: Option<f64>,
    pub critical_failed: bool,
    pub comment: Option<&'a str>,
}

/// A small page cache while an export runs: it reads each page once, so the store's usual
/// 64 MB cache would only fill with pages never read again and count against the export's
/// memory. The usual size is put back afterwards.
struct SmallCache<'c> {
    conn: &'c rusqlite::Connection,
    before: i64,
}

impl<'c> SmallCache<'c> {
    /// 4 MB: enough for the interior pages of the indexes an export walks.
    const KIB: i64 = 4_000;

    fn set(conn: &'c rusqlite::Connection) -> Result<Self> {
        let before = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -Self::KIB)?;
        Ok(SmallCache { conn, before })
    }
}

impl Drop for SmallCache<'_> {
    fn drop(&mut self) {
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

/// The columns of the evaluation whose answers `export_scores` is streaming, kept in buffers
/// reused from one evaluation to the next.
#[derive(Default)]
struct Head {
    evaluation: i64,
    subject: String,
    rubric: String,
    rubric_version: u32,
    evaluator: String,
    /// Whether the evaluation has an agent (and the agent a team), and which.
    agent: bool,
    agent_id: String,
    team: bool,
    team_name: String,
    occurred_at: String,
    status: String,
}

impl Head {
    fn read(&mut self, evaluation: i64, r: &Row<'_>) -> rusqlite::Result<()> {
        fn put(buf: &mut String, r: &Row<'_>, i: usize) -> rusqlite::Result<bool> {
            buf.clear();
            let text = r.get_ref(i)?.as_str_or_null()?;
            buf.push_str(text.unwrap_or(""));
            Ok(text.is_some())
        }
        self.evaluation = evaluation;
        put(&mut self.subject, r, 1)?;
        put(&mut self.rubric, r, 2)?;
        self.rubric_version = r.get(3)?;
        put(&mut self.evaluator, r, 4)?;
        self.agent = put(&mut self.agent_id, r, 5)?;
        self.team = put(&mut self.team_name, r, 6)?;
        put(&mut self.occurred_at, r, 7)?;
        put(&mut self.status, r, 8)?;
        Ok(())
    }
}

/// The subject as people name it: the interaction's id, or `visit:N`.
const SUBJECT: &str = "CASE WHEN e.interaction_id IS NOT NULL
        THEN (SELECT external_id FROM interactions WHERE id = e.interaction_id)
        ELSE 'visit:' || e.visit_id END";

impl Store {
    /// The rubric versions the filtered evaluations use, to name section columns and weights.
    pub fn export_rubric_versions(&self, f: &ExportFilter) -> Result<Vec<(String, u32)>> {
        let _cache = SmallCache::set(self.conn())?;
        let (source, clause, values) = f.sql();
        let mut stmt = self.conn().prepare(&format!(
            "SELECT DISTINCT e.rubric_id, e.rubric_version FROM {source} e WHERE {clause} ORDER BY 1, 2"
        ))?;
        let rows = stmt.query_map(params_from_iter(values), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Streams the filtered evaluations to `each`, by id.
    pub fn export_evaluations(
        &self,
        f: &ExportFilter,
        include_customer: bool,
        mut each: impl FnMut(&EvaluationRow) -> Result<()>,
    ) -> Result<u64> {
        let _cache = SmallCache::set(self.conn())?;
        let (source, clause, values) = f.sql();
        let customer = if include_customer {
            "(SELECT customer FROM interactions WHERE id = e.interaction_id)"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT e.id, {SUBJECT},
                (SELECT channel FROM interactions WHERE id = e.interaction_id), e.location_id,
                e.rubric_id, e.rubric_version, e.evaluator_id, e.agent_id,
                (SELECT team FROM agents WHERE id = e.agent_id), e.occurred_at, e.scored_at, e.status,
                e.calibration_id, e.revision, e.overall, e.passed, e.critical_failed, e.band,
                e.acknowledged_at, {customer},
                (SELECT group_concat(section_id || '=' || coalesce(score, ''), char(31))
                   FROM section_scores WHERE evaluation_id = e.id AND revision = e.revision),
                (SELECT origin FROM interactions WHERE id = e.interaction_id)
             FROM {source} e WHERE {clause} ORDER BY e.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            each(&evaluation_row(r)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Streams the criterion answers of the filtered evaluations' current revisions to `each`,
    /// by evaluation and criterion. One join, which SQLite runs in that order without sorting:
    /// the evaluations by id, and per evaluation its answers from the primary key of
    /// `criterion_scores`, already in criterion order. An evaluation's own columns are read
    /// once, into reused buffers, when its first answer comes, not once per answer.
    ///
    /// Not a second statement run per evaluation: with the store's statistics (`sqlite_stat4`)
    /// SQLite plans such a statement again for each new bound value, a parse per evaluation.
    pub fn export_scores(&self, f: &ExportFilter, mut each: impl FnMut(&ScoreRow<'_>) -> Result<()>) -> Result<u64> {
        let _cache = SmallCache::set(self.conn())?;
        let (source, clause, values) = f.sql();
        let sql = format!(
            "SELECT e.id, coalesce(i.external_id, 'visit:' || e.visit_id), e.rubric_id, e.rubric_version,
                e.evaluator_id, e.agent_id, a.team, e.occurred_at, e.status,
                cs.criterion_key, cs.answer, cs.norm, cs.critical_failed, cs.comment
             FROM {source} e
             LEFT JOIN interactions i ON i.id = e.interaction_id
             LEFT JOIN agents a ON a.id = e.agent_id
             JOIN criterion_scores cs ON cs.evaluation_id = e.id AND cs.revision = e.revision
             WHERE {clause} ORDER BY e.id, cs.criterion_key"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut head = Head::default();
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let evaluation: i64 = r.get(0)?;
            if n == 0 || evaluation != head.evaluation {
                head.read(evaluation, r)?;
            }
            each(&ScoreRow {
                evaluation,
                subject: &head.subject,
                rubric: &head.rubric,
                rubric_version: head.rubric_version,
                evaluator: &head.evaluator,
                agent: head.agent.then_some(head.agent_id.as_str()),
                team: head.team.then_some(head.team_name.as_str()),
                occurred_at: &head.occurred_at,
                status: &head.status,
                criterion: r.get_ref(9)?.as_str()?,
                answer: r.get_ref(10)?.as_str()?,
                norm: r.get(11)?,
                critical_failed: r.get(12)?,
                comment: r.get_ref(13)?.as_str_or_null()?,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Streams the disputes of the filtered evaluations (any status of the evaluation, since a
    /// dispute is about the record whatever happened to it since) as named columns.
    pub fn export_disputes(&self, f: &ExportFilter, each: impl FnMut(&[(&str, Field)]) -> Result<()>) -> Result<u64> {
        let all = ExportFilter { all: true, ..f.clone() };
        let (source, clause, values) = all.sql();
        let sql = format!(
            "SELECT d.id, d.evaluation_id, {SUBJECT}, e.rubric_id, e.agent_id,
                (SELECT team FROM agents WHERE id = e.agent_id), e.evaluator_id, e.occurred_at,
                d.opened_by, d.opened_at, d.reason, d.status, d.resolved_by, d.resolved_at,
                d.resolution_note, d.revision_after
             FROM disputes d JOIN {source} e ON e.id = d.evaluation_id
             WHERE {clause} ORDER BY d.id"
        );
        self.stream_named(&sql, values, DISPUTE_COLUMNS, each)
    }

    /// Streams visits (by the day of the visit, the location's staff agent and team, and with
    /// `rubric` those with an evaluation of it); approved visits only unless `all`.
    pub fn export_visits(&self, f: &ExportFilter, each: impl FnMut(&[(&str, Field)]) -> Result<()>) -> Result<u64> {
        let mut clauses = vec![if f.all { "1 = 1" } else { "v.status = 'approved'" }.to_string()];
        let mut values = Vec::new();
        let mut add = |clause: &str, value: &Option<String>| {
            if let Some(v) = value {
                values.push(Value::Text(v.clone()));
                clauses.push(clause.replace('?', &format!("?{}", values.len())));
            }
        };
        add("v.visited_at >= ?", &f.from);
        add("v.visited_at < ?", &f.to);
        add("v.staff_agent_id = ?", &f.agent);
        add("v.staff_agent_id IN (SELECT id FROM agents WHERE team = ?)", &f.team);
        add(
            "EXISTS (SELECT 1 FROM evaluations x WHERE x.visit_id = v.id AND x.rubric_id = ?)",
            &f.rubric,
        );
        if let VisitSight::Shopper(shopper) = &f.visits {
            add("v.shopper_id = ?", &Some(shopper.clone()));
        }
        if f.visits == VisitSight::Nothing {
            clauses.push("0 = 1".to_string());
        }
        // The visit's evaluation columns show only an evaluation the exporter may see (blind
        // double scoring: a shopper sees their visit, not another evaluator's score of it).
        let (evaluation_seen, value) = super::visibility::condition(&f.sight, values.len() + 1);
        values.extend(value);
        let sql = format!(
            "SELECT v.id, v.location_id, l.name, l.region, v.shopper_id, v.staff_agent_id, v.status,
                v.planned_for, v.visited_at, v.departed_at, v.wait_minutes, v.reviewed_by, v.reviewed_at,
                x.id, x.rubric_id, x.overall, x.passed
             FROM visits v JOIN locations l ON l.id = v.location_id
             LEFT JOIN evaluations x ON x.id = (SELECT max(e.id) FROM evaluations e
                 WHERE e.visit_id = v.id AND e.status = 'submitted' AND e.calibration_id IS NULL
                   AND {evaluation_seen})
             WHERE {} ORDER BY v.id",
            clauses.join(" AND ")
        );
        self.stream_named(&sql, values, VISIT_COLUMNS, each)
    }

    fn stream_named(
        &self,
        sql: &str,
        values: Vec<Value>,
        columns: &[&'static str],
        mut each: impl FnMut(&[(&str, Field)]) -> Result<()>,
    ) -> Result<u64> {
        let _cache = SmallCache::set(self.conn())?;
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut n = 0;
        let mut cells: Vec<(&str, Field)> = Vec::with_capacity(columns.len());
        while let Some(r) = rows.next()? {
            cells.clear();
            for (i, c) in columns.iter().enumerate() {
                cells.push((c, Field::read(r, i)?));
            }
            each(&cells)?;
            n += 1;
        }
        Ok(n)
    }
}

/// The columns of `export disputes`, in order.
pub const DISPUTE_COLUMNS: &[&str] = &[
    "dispute",
    "evaluation",
    "subject",
    "rubric",
    "agent",
    "team",
    "evaluator",
    "occurred_at",
    "opened_by",
    "opened_at",
    "reason",
    "status",
    "resolved_by",
    "resolved_at",
    "resolution_note",
    "revision_after",
];

/// The columns of `export visits`, in order.
pub const VISIT_COLUMNS: &[&str] = &[
    "visit",
    "location",
    "location_name",
    "region",
    "shopper",
    "staff_agent",
    "status",
    "planned_for",
    "visited_at",
    "departed_at",
    "wait_minutes",
    "reviewed_by",
    "reviewed_at",
    "evaluation",
    "rubric",
    "overall",
    "passed",
];

fn evaluation_row(r: &Row<'_>) -> rusqlite::Result<EvaluationRow> {
    let sections: Option<String> = r.get(20)?;
    let sections = sections
        .map(|s| {
            s.split('\u{1f}')
                .filter_map(|pair| {
                    let (id, score) = pair.split_once('=')?;
                    Some((id.to_string(), score.parse::<f64>().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(EvaluationRow {
        id: r.get(0)?,
        subject: r.get(1)?,
        channel: r.get(2)?,
        location: r.get(3)?,
        rubric: r.get(4)?,
        rubric_version: r.get(5)?,
        evaluator: r.get(6)?,
        agent: r.get(7)?,
        team: r.get(8)?,
        occurred_at: r.get(9)?,
        scored_at: r.get(10)?,
        status: r.get(11)?,
        calibration: r.get(12)?,
        revision: r.get(13)?,
        overall: r.get(14)?,
        passed: r.get(15)?,
        critical_failed: r.get(16)?,
        band: r.get(17)?,
        acknowledged_at: r.get(18)?,
        customer: r.get(19)?,
        origin: r.get(21)?,
        sections,
    })
}
