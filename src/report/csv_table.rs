//! A report's CSV form: its main table (the agents of a team report, the locations of the
//! locations league, the evaluators of the evaluators report, the sections of a feedback
//! sheet...), one row per item with its fields as columns. Nested objects become
//! `parent.field` columns, lists of values one cell joined with `; `; lists of records (a
//! section's criteria) are left to the JSON form, which carries everything.

use crate::output::Table;
use serde_json::Value;

/// The top-level list each report's CSV shows; other reports show their longest list of records.
const MAIN: &[(&str, &str)] = &[
    ("team", "agents"),
    ("locations", "locations"),
    ("evaluators", "evaluators"),
    ("feedback", "sections"),
    ("flags", "flags"),
    ("criteria", "criteria"),
    ("validity", "criteria"),
];

/// The main table of report `name` whose data is `data`.
pub fn main_table(name: &str, data: &Value) -> Table {
    let Value::Object(top) = data else {
        return Table::new(&["value"]);
    };
    let records = |v: &Value| match v {
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => Some(items.len()),
        _ => None,
    };
    let key = MAIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| k.to_string())
        .filter(|k| top.contains_key(k))
        .or_else(|| {
            top.iter()
                .filter_map(|(k, v)| records(v).map(|n| (n, k.clone())))
                .max_by_key(|(n, _)| *n)
                .map(|(_, k)| k)
        });
    let items: &[Value] = match key.as_ref().and_then(|k| top.get(k)) {
        Some(Value::Array(items)) => items,
        _ => &[],
    };
    let mut headers: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for item in items {
        let mut cells = Vec::new();
        flatten("", item, &mut cells);
        for (h, _) in &cells {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
        rows.push(cells);
    }
    // People look for who or what a row is first.
    for first in ["name", "id"] {
        if let Some(i) = headers.iter().position(|h| h == first) {
            let h = headers.remove(i);
            headers.insert(0, h);
        }
    }
    let mut table = Table {
        title: None,
        headers: headers.clone(),
        rows: Vec::new(),
    };
    for cells in rows {
        table.row(
            headers
                .iter()
                .map(|h| {
                    cells
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect(),
        );
    }
    table
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let name = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&name(k), v, out);
            }
        }
        Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {}
        Value::Array(items) => out.push((
            prefix.to_string(),
            items.iter().map(scalar).collect::<Vec<_>>().join("; "),
        )),
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_main_list_flattened() {
        let data = json!({
            "period": {"from": "2026-11-01"},
            "agents": [
                {"id": "a-1", "average": 81.25, "kpis": {"contacts": 3}, "flags": ["x", "y"], "sections": [{"id": 1}]},
                {"id": "a-2", "average": null, "kpis": {"contacts": 0}, "flags": [], "extra": true}
            ]
        });
        let t = main_table("team", &data);
        assert_eq!(t.headers, ["id", "average", "flags", "kpis.contacts", "extra"]);
        assert_eq!(t.rows[0], ["a-1", "81.25", "x; y", "3", ""]);
        assert_eq!(t.rows[1], ["a-2", "", "", "0", "true"]);
        let other = main_table(
            "calibration",
            &json!({"n": 1, "subjects": [{"s": 1}], "units": [{"u": 1}, {"u": 2}]}),
        );
        assert_eq!(other.headers, ["u"]);
    }
}
