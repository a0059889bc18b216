//! The rows behind `report validity` (issue 19): each counted evaluation of a real customer
//! contact in a period, its criterion answers (as normalised scores) and overall score, beside
//! the customer's CSAT and NPS on that contact.
//!
//! Only `counted_evaluations` (submitted, so not void; not calibration, not a second opinion,
//! not practice, not a mystery contact) of contacts (never visits: no customer answers a
//! survey about a shop visit here), selected through the `evaluations_time` index by the date
//! of the work. A contact scored twice with the same rubric counts once, by its latest counted
//! evaluation: a pair is one contact. CSAT and NPS follow the customer-voice rule (latest survey
//! answer, else the export's column: [`super::contact_voice::LATEST_CSAT`]); a contact with
//! neither is left out, and N/A answers are never read.

use super::Store;
use super::contact_voice::{LATEST_CSAT, LATEST_NPS};
use anyhow::Result;
use rusqlite::named_params;

/// What the validity rows cover: stored-time bounds `[from, to)` of the work, and optionally one
/// rubric.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidityFilter {
    pub from: String,
    pub to: String,
    pub rubric: Option<String>,
}

/// One counted evaluation of a contact the customer rated.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationVoice {
    pub evaluation_id: i64,
    pub interaction_id: i64,
    pub rubric: String,
    pub rubric_version: u32,
    /// The overall score, 0..100.
    pub overall: f64,
    /// On the store's CSAT scale.
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    /// `(criterion key, normalised score 0..1)`, by key; N/A answers left out.
    pub answers: Vec<(String, f64)>,
}

const VALIDITY_SQL: &str = "
WITH ev AS MATERIALIZED (
    SELECT e.id, e.interaction_id, e.rubric_id, e.rubric_version, e.revision, e.overall,
        {csat} AS csat, {nps} AS nps
    FROM counted_evaluations e
    JOIN interactions i ON i.id = e.interaction_id
    WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :from AND w.occurred_at < :to)
        AND i.origin IS NULL
        AND (:rubric IS NULL OR e.rubric_id = :rubric)
        AND e.id = (SELECT max(l.id) FROM counted_evaluations l
                    WHERE l.interaction_id = e.interaction_id AND l.rubric_id = e.rubric_id)
)
SELECT ev.id, ev.interaction_id, ev.rubric_id, ev.rubric_version, ev.overall, ev.csat, ev.nps,
    c.criterion_key, c.norm
FROM ev
LEFT JOIN criterion_scores c ON c.evaluation_id = ev.id AND c.revision = ev.revision
    AND c.answer != 'na' AND c.norm IS NOT NULL
WHERE ev.csat IS NOT NULL OR ev.nps IS NOT NULL
ORDER BY ev.rubric_id, ev.id, c.criterion_key";

impl Store {
    /// Every counted evaluation `filter` selects whose contact has a CSAT or NPS, by rubric and
    /// evaluation, with its answers.
    pub fn evaluation_voice(&self, filter: &ValidityFilter) -> Result<Vec<EvaluationVoice>> {
        let sql = VALIDITY_SQL.replace("{csat}", LATEST_CSAT).replace("{nps}", LATEST_NPS);
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(named_params! {
            ":from": filter.from, ":to": filter.to, ":rubric": filter.rubric,
        })?;
        let mut out: Vec<EvaluationVoice> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if out.last().is_none_or(|e| e.evaluation_id != id) {
                out.push(EvaluationVoice {
                    evaluation_id: id,
                    interaction_id: r.get(1)?,
                    rubric: r.get(2)?,
                    rubric_version: r.get(3)?,
                    overall: r.get(4)?,
                    csat: r.get(5)?,
                    nps: r.get(6)?,
                    answers: Vec::new(),
                });
            }
            let key: Option<String> = r.get(7)?;
            let norm: Option<f64> = r.get(8)?;
            if let (Some(key), Some(norm), Some(last)) = (key, norm, out.last_mut()) {
                last.answers.push((key, norm));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validity_rows_run_on_an_empty_store() {
        let store = crate::store::open_in_memory().unwrap();
        let filter = ValidityFilter {
            from: "2026-11-01T00:00:00Z".into(),
            to: "2026-12-01T00:00:00Z".into(),
            rubric: Some("call-quality".into()),
        };
        assert!(store.evaluation_voice(&filter).unwrap().is_empty());
    }
}
