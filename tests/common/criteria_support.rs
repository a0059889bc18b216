//! What the `report criteria` tests share: the report's numbers recomputed from the answers
//! that `qaudit export scores --format csv` prints (the counted evaluations, current revisions),
//! by the rule the README documents, and compared with the report's JSON.

use super::{Sandbox, stdout_of};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One criterion's answers as a test counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Count {
    pub n: u64,
    pub norm_sum: f64,
    pub failing: u64,
}

impl Count {
    /// The mean as a percentage.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| 100.0 * self.norm_sum / self.n as f64)
    }
}

/// Which answers to count: a rubric, a period of work `[from, to)` in stored time, and
/// optionally only the evaluations in `ids`.
pub struct Select<'a> {
    pub rubric: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub ids: Option<&'a BTreeSet<i64>>,
}

/// Every criterion's count among the answers `select` picks, from the export. An answer fails
/// when it is critical and failed its critical rule, or, not critical, when its norm is below
/// one half; N/A answers are not counted.
pub fn recount(sb: &Sandbox, select: &Select<'_>) -> BTreeMap<String, Count> {
    let csv = stdout_of(sb.qaudit().args(["export", "scores", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (ev, rubric, at, key, critical, answer, norm, failed) = (
        col("evaluation"),
        col("rubric"),
        col("occurred_at"),
        col("criterion"),
        col("critical"),
        col("answer"),
        col("norm"),
        col("critical_failed"),
    );
    let mut out: BTreeMap<String, Count> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let id: i64 = row[ev].parse().unwrap();
        if &row[rubric] != select.rubric
            || &row[at] < select.from
            || &row[at] >= select.to
            || select.ids.is_some_and(|ids| !ids.contains(&id))
            || &row[answer] == "na"
            || row[norm].is_empty()
        {
            continue;
        }
        let value: f64 = row[norm].parse().unwrap();
        let fails = if &row[critical] == "true" {
            &row[failed] == "true"
        } else {
            value < 0.5 - 1e-9
        };
        let c = out.entry(row[key].to_string()).or_default();
        c.n += 1;
        c.norm_sum += value;
        c.failing += u64::from(fails);
    }
    out
}

/// The evaluation ids an SQL query selects (the test's own reading of the store).
pub fn ids(sb: &Sandbox, sql: &str) -> BTreeSet<i64> {
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The report's JSON.
pub fn report(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json", "report", "criteria"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout_of(sb.qaudit().args(&all))).unwrap()
}

/// Asserts that the report's `side` (`current` or `previous`) of every criterion matches the
/// recount, criteria without answers reading n = 0; returns how many answers were compared.
pub fn assert_matches(report: &Value, side: &str, expected: &BTreeMap<String, Count>) -> u64 {
    let rows = report["criteria"].as_array().unwrap();
    let mut seen = 0;
    for row in rows {
        let key = row["key"].as_str().unwrap();
        let want = expected.get(key).copied().unwrap_or_default();
        let got = &row[side];
        assert_eq!(got["n"].as_u64().unwrap(), want.n, "{side} n of {key}");
        assert_eq!(
            got["failing"].as_u64().unwrap(),
            want.failing,
            "{side} failing of {key}"
        );
        match (got["mean"].as_f64(), want.mean()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{side} mean of {key}: {a} vs {b}"),
            (None, None) => {}
            other => panic!("{side} mean of {key}: {other:?}"),
        }
        seen += want.n;
    }
    for key in expected.keys() {
        assert!(
            rows.iter().any(|r| r["key"] == key.as_str()),
            "{key} missing from the report"
        );
    }
    seen
}

/// The means of the report's rows in order, `None` last: worst first.
pub fn assert_worst_first(report: &Value) {
    let means: Vec<Option<f64>> = report["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["current"]["mean"].as_f64())
        .collect();
    let mut sorted = means.clone();
    sorted.sort_by(|a, b| a.unwrap_or(f64::INFINITY).total_cmp(&b.unwrap_or(f64::INFINITY)));
    assert_eq!(means, sorted, "criteria are not worst first");
}
