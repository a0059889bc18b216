//! The records that matter, and their digests.
//!
//! A *record* is what a person would call one thing in the store: an evaluation (its row, every
//! revision, every criterion and section score), a staff member with their roles, a sample with
//! its items. [`KINDS`] lists them, each as the tables (*parts*) that hold it and the columns
//! that name it. Every write's audit entry carries, for each record the write touched, an
//! HMAC-SHA256 of the record's canonical content under the store's key; `verify` recomputes the
//! digest of every record in the tables and compares it with the latest entry naming it, so a
//! change, an insertion or a deletion made outside qaudit is named.
//!
//! Which records a write touched is found without the writer saying so: SQLite's update hook
//! reports every row inserted or updated in a table with a rowid, and [`super::Tx::audit`] maps
//! each to its record. Tables without a rowid (`WITHOUT ROWID`) report nothing; a write that
//! changes only such a part (a staff member's roles) or that deletes rows calls
//! [`super::Tx::touch`]. A new table becomes covered by adding it to [`KINDS`].

use hmac::{Hmac, KeyInit, Mac};
use rusqlite::Connection;
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::types::{Value, ValueRef};
use sha2::Sha256;
use std::cmp::Ordering;

/// One table holding (part of) a record: the columns naming the record (the record's key, in the
/// order of the kind's root part) and the columns that order the table's rows within a record.
pub struct Part {
    pub table: &'static str,
    pub key: &'static [&'static str],
    pub order: &'static [&'static str],
}

/// A kind of record: its name (as in audit entities, `evaluation:12`) and its tables, the first
/// being the root whose rows are the records.
pub struct Kind {
    pub name: &'static str,
    pub parts: &'static [Part],
}

const fn part(table: &'static str, key: &'static [&'static str], order: &'static [&'static str]) -> Part {
    Part { table, key, order }
}

/// Every kind of record `verify` compares with the log.
pub const KINDS: &[Kind] = &[
    // The store's settings and facts (timezone, demo seed, store id, where the keyed chain
    // starts): rows a migration adds are recorded by `Store::cover_meta`.
    Kind {
        name: "meta",
        parts: &[part("meta", &["key"], &[])],
    },
    Kind {
        name: "rubric",
        parts: &[part("rubric_versions", &["rubric_id", "version"], &[])],
    },
    Kind {
        name: "agent",
        parts: &[part("agents", &["id"], &[])],
    },
    Kind {
        name: "location",
        parts: &[part("locations", &["id"], &[])],
    },
    Kind {
        name: "staff",
        parts: &[
            part("staff", &["id"], &[]),
            part("staff_roles", &["staff_id"], &["role"]),
        ],
    },
    Kind {
        name: "interaction",
        parts: &[
            part("interactions", &["id"], &[]),
            part("interaction_history", &["interaction_id"], &["version"]),
        ],
    },
    Kind {
        name: "visit",
        parts: &[
            part("visits", &["id"], &[]),
            part("visit_revisions", &["visit_id"], &["revision"]),
            part("visit_reviews", &["visit_id"], &["id"]),
        ],
    },
    Kind {
        name: "attachment",
        parts: &[
            part("attachments", &["id"], &[]),
            part("attachment_removals", &["attachment_id"], &[]),
        ],
    },
    Kind {
        name: "evaluation",
        parts: &[
            part("evaluations", &["id"], &[]),
            part("evaluation_revisions", &["evaluation_id"], &["revision"]),
            part("criterion_scores", &["evaluation_id"], &["revision", "criterion_key"]),
            part("section_scores", &["evaluation_id"], &["revision", "section_id"]),
        ],
    },
    Kind {
        name: "dispute",
        parts: &[part("disputes", &["id"], &[])],
    },
    Kind {
        name: "coaching-plan",
        parts: &[
            part("coaching_plans", &["id"], &[]),
            part("coaching_comments", &["plan_id"], &["id"]),
        ],
    },
    Kind {
        name: "training-session",
        parts: &[part("training_sessions", &["id"], &[])],
    },
    Kind {
        name: "sample",
        parts: &[
            part("samples", &["id"], &[]),
            part("sample_items", &["sample_id"], &["position"]),
            part("sample_doubles", &["sample_id"], &["interaction_id"]),
        ],
    },
    Kind {
        name: "rubric-reference",
        parts: &[part("rubric_references", &["rubric_id"], &[])],
    },
    Kind {
        name: "visit-plan",
        parts: &[part("visit_plans", &["id"], &[])],
    },
    // A mystery shopper's test contact (issue 20): its interaction and evaluation are records
    // of their own kinds.
    Kind {
        name: "mystery-contact",
        parts: &[part("mystery_contacts", &["id"], &[])],
    },
    Kind {
        name: "decision",
        parts: &[part("flag_decisions", &["id"], &[])],
    },
    Kind {
        name: "calibration",
        parts: &[
            part("calibration_sessions", &["id"], &[]),
            part("calibration_subjects", &["session_id"], &["position"]),
            part("calibration_participants", &["session_id"], &["staff_id"]),
        ],
    },
    // A customer's satisfaction survey of one interaction (`survey import`).
    Kind {
        name: "survey",
        parts: &[part("surveys", &["id"], &[])],
    },
    // One staff-survey answer of one agent (`agent survey import`).
    Kind {
        name: "agent-survey",
        parts: &[part("agent_surveys", &["id"], &[])],
    },
];

/// The kind with `name`.
pub fn kind(name: &str) -> Option<usize> {
    KINDS.iter().position(|k| k.name == name)
}

/// The kind and part of `table`, if it holds records.
pub fn part_of(table: &str) -> Option<(usize, usize)> {
    KINDS
        .iter()
        .enumerate()
        .find_map(|(k, kind)| kind.parts.iter().position(|p| p.table == table).map(|p| (k, p)))
}

/// A record's key as the log names it: `evaluation:12`, `rubric:call-quality@2`.
pub fn record_name(kind: usize, key: &[Value]) -> String {
    let mut out = String::new();
    push_record_name(&mut out, kind, key);
    out
}

/// Appends [`record_name`] to `out`.
fn push_record_name(out: &mut String, kind: usize, key: &[Value]) {
    use std::fmt::Write;
    out.push_str(KINDS[kind].name);
    out.push(':');
    for (i, v) in key.iter().enumerate() {
        if i > 0 {
            out.push('@');
        }
        match v {
            Value::Integer(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Text(t) => out.push_str(t),
            Value::Real(r) => {
                let _ = write!(out, "{r}");
            }
            Value::Null => out.push_str("null"),
            Value::Blob(b) => out.push_str(&crate::rubric::load::hex(b)),
        }
    }
}

/// A digest in progress over one record's content: every row of every part in order, each
/// column as its name and a typed value (NULLs left out, so a migration adding a nullable
/// column does not change any digest).
pub struct Digest {
    mac: Hmac<Sha256>,
    /// One row's bytes, handed to the MAC at once (many small updates cost more than the
    /// hashing itself on a large store).
    buf: Vec<u8>,
}

/// The MAC under a store's key before any record: cloned for each record, so the key is
/// prepared once per scan rather than once per record.
pub fn keyed(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

impl Digest {
    pub fn new(key: &[u8], name: &str) -> Digest {
        Digest::from_keyed(&keyed(key), name)
    }

    /// A record's digest from the prepared MAC of [`keyed`].
    pub fn from_keyed(keyed: &Hmac<Sha256>, name: &str) -> Digest {
        let mut mac = keyed.clone();
        mac.update(b"qaudit-record-v1\0");
        mac.update(name.as_bytes());
        mac.update(b"\0");
        Digest { mac, buf: Vec::new() }
    }

    /// Adds one row of part `part`: its columns from `skip` on, named by `columns`.
    pub fn row(
        &mut self,
        part: usize,
        columns: &[String],
        row: &rusqlite::Row<'_>,
        skip: usize,
    ) -> rusqlite::Result<()> {
        let buf = &mut self.buf;
        buf.clear();
        buf.extend_from_slice(&[0x1e, part as u8]);
        for (i, name) in columns.iter().enumerate() {
            let value = row.get_ref(i + skip)?;
            if value == ValueRef::Null {
                continue;
            }
            buf.push(0x1f);
            buf.extend_from_slice(name.as_bytes());
            match value {
                ValueRef::Null => {}
                ValueRef::Integer(v) => {
                    buf.extend_from_slice(b"\0I");
                    buf.extend_from_slice(&v.to_le_bytes());
                }
                ValueRef::Real(v) => {
                    buf.extend_from_slice(b"\0R");
                    buf.extend_from_slice(&v.to_bits().to_le_bytes());
                }
                ValueRef::Text(t) => bytes(buf, b"\0T", t),
                ValueRef::Blob(b) => bytes(buf, b"\0B", b),
            }
        }
        self.mac.update(buf);
        Ok(())
    }

    pub fn finish(self) -> [u8; 32] {
        self.mac.finalize().into_bytes().into()
    }
}

/// A text or blob value: its tag, length and bytes.
fn bytes(buf: &mut Vec<u8>, tag: &[u8], bytes: &[u8]) {
    buf.extend_from_slice(tag);
    buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    buf.extend_from_slice(bytes);
}

/// The SQL reading part `p` of kind `k`, all rows (`one` false) or one record's (`one` true,
/// with the key as parameters), in record order.
fn part_sql(p: &Part, one: bool) -> String {
    let key = p.key.join(", ");
    let mut order: Vec<&str> = p.key.to_vec();
    order.extend_from_slice(p.order);
    let filter = if one {
        let params: Vec<String> = (1..=p.key.len()).map(|i| format!("?{i}")).collect();
        format!(" WHERE ({key}) = ({})", params.join(", "))
    } else {
        String::new()
    };
    format!("SELECT {key}, * FROM {}{filter} ORDER BY {}", p.table, order.join(", "))
}

/// The key of the record that row `rowid` of `table` belongs to, or `None` when the row is gone.
pub fn key_of_row(conn: &Connection, kind: usize, part: usize, rowid: i64) -> rusqlite::Result<Option<Vec<Value>>> {
    use rusqlite::OptionalExtension;
    let p = &KINDS[kind].parts[part];
    let sql = format!("SELECT {} FROM {} WHERE rowid = ?1", p.key.join(", "), p.table);
    let n = p.key.len();
    conn.prepare_cached(&sql)?
        .query_row([rowid], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .optional()
}

/// The digest of one record as the tables hold it now, or `None` when it has no rows.
pub fn digest_of(conn: &Connection, secret: &[u8], kind: usize, key: &[Value]) -> rusqlite::Result<Option<[u8; 32]>> {
    let name = record_name(kind, key);
    let mut digest = Digest::new(secret, &name);
    let mut any = false;
    for (i, p) in KINDS[kind].parts.iter().enumerate() {
        let mut stmt = conn.prepare_cached(&part_sql(p, true))?;
        let columns = content_columns(&stmt, p);
        let mut rows = stmt.query(rusqlite::params_from_iter(key.iter()))?;
        while let Some(row) = rows.next()? {
            any = true;
            digest.row(i, &columns, row, p.key.len())?;
        }
    }
    Ok(any.then(|| digest.finish()))
}

/// The names of the content columns of a part's statement (every column after the key).
fn content_columns(stmt: &rusqlite::Statement<'_>, p: &Part) -> Vec<String> {
    stmt.column_names().skip(p.key.len()).map(str::to_string).collect()
}

/// Orders keys as SQLite's ORDER BY does (NULL, numbers, text, blobs; text by bytes).
pub fn cmp_keys(a: &[Value], b: &[Value]) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Value::Integer(p), Value::Integer(q)) => p.cmp(q),
            (Value::Integer(p), Value::Real(q)) => (*p as f64).total_cmp(q),
            (Value::Real(p), Value::Integer(q)) => p.total_cmp(&(*q as f64)),
            (Value::Real(p), Value::Real(q)) => p.total_cmp(q),
            (Value::Text(p), Value::Text(q)) => p.as_bytes().cmp(q.as_bytes()),
            (Value::Blob(p), Value::Blob(q)) => p.cmp(q),
            _ => rank(x).cmp(&rank(y)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// What [`scan`] hands its caller, in order: every row of a record (part by part, each in its
/// part's order), then the record itself with its name and (with a key) its digest.
pub enum Seen<'s, 'r> {
    /// One row of part `part`; its content columns start at `skip` and are named by `columns`.
    Row {
        part: usize,
        row: &'s rusqlite::Row<'r>,
        skip: usize,
        columns: &'s [String],
    },
    /// The end of one record.
    Record {
        key: &'s [Value],
        name: &'s str,
        digest: Option<[u8; 32]>,
    },
}

/// Walks every record of kind `k` in the tables, reading each part once in key order and
/// merging them, so a large store is walked in bounded memory and in one pass per table. Rows
/// are compared with the current record's key in place (no copy of the key per row), and the
/// record's name is built in one reused buffer: the walk allocates per record, not per row.
pub fn scan(
    conn: &Connection,
    secret: Option<&[u8]>,
    k: usize,
    mut each: impl FnMut(Seen<'_, '_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let parts = KINDS[k].parts;
    let mut stmts = Vec::new();
    for p in parts {
        stmts.push(conn.prepare(&part_sql(p, false))?);
    }
    let columns: Vec<Vec<String>> = stmts.iter().zip(parts).map(|(s, p)| content_columns(s, p)).collect();
    let mut cursors = Vec::new();
    for s in stmts.iter_mut() {
        cursors.push(s.query([])?);
    }
    // The key of each cursor's current row (None: exhausted).
    let mut heads: Vec<Option<Vec<Value>>> = Vec::new();
    for (c, p) in cursors.iter_mut().zip(parts) {
        heads.push(next_key(c, p.key.len(), None)?);
    }
    let mut name = String::new();
    let keyed = secret.map(keyed);
    // One row buffer for the whole walk.
    let mut buf = Vec::new();
    loop {
        let Some(key) = heads.iter().flatten().min_by(|a, b| cmp_keys(a, b)).cloned() else {
            return Ok(());
        };
        name.clear();
        push_record_name(&mut name, k, &key);
        let mut digest = keyed.as_ref().map(|k| {
            let mut d = Digest::from_keyed(k, &name);
            d.buf = std::mem::take(&mut buf);
            d
        });
        for (i, p) in parts.iter().enumerate() {
            let n = p.key.len();
            while heads[i].as_ref().is_some_and(|h| cmp_keys(h, &key) == Ordering::Equal) {
                if let Some(row) = cursors[i].get() {
                    if let Some(d) = digest.as_mut() {
                        d.row(i, &columns[i], row, n)?;
                    }
                    each(Seen::Row {
                        part: i,
                        row,
                        skip: n,
                        columns: &columns[i],
                    })?;
                }
                // The next row of the same record keeps the head as it is.
                if let Some(next) = next_key(&mut cursors[i], n, Some(&key))? {
                    heads[i] = Some(next);
                } else if cursors[i].get().is_none() {
                    heads[i] = None;
                }
            }
        }
        let digest = digest.map(|mut d| {
            buf = std::mem::take(&mut d.buf);
            d.finish()
        });
        each(Seen::Record {
            key: &key,
            name: &name,
            digest,
        })?;
    }
}

/// Advances `rows`. Returns the key of the new current row, or `None` when there is no row or
/// when its key is `same` (the caller's current key, not copied again).
fn next_key(rows: &mut rusqlite::Rows<'_>, n: usize, same: Option<&[Value]>) -> rusqlite::Result<Option<Vec<Value>>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    if let Some(same) = same {
        let mut equal = true;
        for (i, v) in same.iter().enumerate().take(n) {
            if !same_value(r.get_ref(i)?, v) {
                equal = false;
                break;
            }
        }
        if equal {
            return Ok(None);
        }
    }
    Ok(Some(
        (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<_>>()?,
    ))
}

/// Whether a column's value equals a key value as [`cmp_keys`] orders them.
fn same_value(a: ValueRef<'_>, b: &Value) -> bool {
    match (a, b) {
        (ValueRef::Null, Value::Null) => true,
        (ValueRef::Integer(p), Value::Integer(q)) => p == *q,
        (ValueRef::Integer(p), Value::Real(q)) => (p as f64).total_cmp(q) == Ordering::Equal,
        (ValueRef::Real(p), Value::Integer(q)) => p.total_cmp(&(*q as f64)) == Ordering::Equal,
        (ValueRef::Real(p), Value::Real(q)) => p.total_cmp(q) == Ordering::Equal,
        (ValueRef::Text(p), Value::Text(q)) => p == q.as_bytes(),
        (ValueRef::Blob(p), Value::Blob(q)) => p == &q[..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_names_a_table_once() {
        let mut seen = std::collections::HashSet::new();
        for k in KINDS {
            for p in k.parts {
                assert!(seen.insert(p.table), "{} is in two kinds", p.table);
                assert_eq!(p.key.len(), k.parts[0].key.len(), "{}", p.table);
            }
        }
    }

    #[test]
    fn keys_order_as_sqlite_orders_them() {
        let t = |s: &str| Value::Text(s.to_string());
        assert_eq!(cmp_keys(&[Value::Integer(2)], &[Value::Integer(10)]), Ordering::Less);
        assert_eq!(cmp_keys(&[t("b")], &[t("a")]), Ordering::Greater);
        assert_eq!(cmp_keys(&[Value::Integer(9)], &[t("1")]), Ordering::Less);
        assert_eq!(
            cmp_keys(&[t("x"), Value::Integer(1)], &[t("x"), Value::Integer(1)]),
            Ordering::Equal
        );
    }

    #[test]
    fn record_names_join_composite_keys() {
        let k = kind("rubric").unwrap();
        assert_eq!(
            record_name(k, &[Value::Text("call-quality".into()), Value::Integer(2)]),
            "rubric:call-quality@2"
        );
    }
}
