//! Interactions: the calls, chats and emails imported from contact-centre exports.

use super::{Store, Tx};
use crate::voice::values::ContactVoice;
use anyhow::{Result, anyhow};
use hmac::{Hmac, KeyInit, Mac};
use rusqlite::{OptionalExtension, params, params_from_iter, types::Value};
use serde::Serialize;
use sha2::Sha256;

/// One imported interaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// The store's own number.
    #[serde(skip)]
    pub rowid: i64,
    /// The id in the exporting system, which people use.
    pub id: String,
    pub channel: String,
    pub agent: String,
    pub occurred_at: String,
    pub duration_s: Option<i64>,
    /// Pseudonymised unless imported with --keep-customer.
    pub customer: Option<String>,
    /// Other columns of the export, as JSON.
    pub extra: Option<serde_json::Value>,
    /// When it was withdrawn (`interaction withdraw`), and why; a withdrawn interaction is kept
    /// but no longer scored, queued or reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdraw_reason: Option<String>,
    /// What the export said of the customer's voice (CSAT, NPS, complaint, response time...).
    #[serde(flatten)]
    pub voice: ContactVoice,
    /// `practice` for a simulated contact made to be scored as training (`score --practice
    /// --agent`), `mystery` for a shopper's test contact; none for a real customer contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// An interaction to import, checked and converted: `occurred_at` as the store keeps times,
/// `customer` already pseudonymised (or kept, with --keep-customer), `extra` as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInteraction {
    pub id: String,
    pub channel: String,
    pub agent: String,
    pub occurred_at: String,
    pub duration_s: Option<i64>,
    pub customer: Option<String>,
    pub extra: Option<String>,
    pub voice: ContactVoice,
}

/// Which interactions `interaction list` shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InteractionFilter {
    pub agent: Option<String>,
    pub channel: Option<String>,
    /// Stored-time bounds `[from, to)`, as from `dates::day_range`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Also withdrawn interactions (left out by default).
    pub withdrawn: bool,
}

/// Pseudonymises customer identifiers with HMAC-SHA256 keyed by the store's own secret (the
/// `customer_secret` of the meta table, made by the migration that created the table): the
/// same customer always gets the same pseudonym in one store, and the raw identifier cannot be
/// recovered from it nor guessed without the secret. The identifier is trimmed first.
#[derive(Clone)]
pub struct Pseudonymiser {
    mac: Hmac<Sha256>,
}

impl Pseudonymiser {
    /// A pseudonymiser keyed with `key` (HMAC takes a key of any length, so this does not fail
    /// in practice).
    pub fn new(key: &[u8]) -> Result<Self> {
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|e| anyhow!("cannot key HMAC-SHA256: {e}"))?;
        Ok(Pseudonymiser { mac })
    }

    /// `c-` and the first 16 hex digits of HMAC-SHA256(secret, customer).
    pub fn pseudonym(&self, customer: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(customer.trim().as_bytes());
        let digest = mac.finalize().into_bytes();
        format!("c-{}", crate::rubric::load::hex(&digest[..8]))
    }
}

const COLUMNS: &str =
    "id, external_id, channel, agent_id, occurred_at, duration_s, customer, extra, withdrawn_at, withdraw_reason,
     csat, nps, complaint, complaint_reason, response_s, resolved, reopened, complaint_opened_at, complaint_closed_at,
     escalated_at, reason, origin";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interaction> {
    let extra: Option<String> = r.get(7)?;
    Ok(Interaction {
        rowid: r.get(0)?,
        id: r.get(1)?,
        channel: r.get(2)?,
        agent: r.get(3)?,
        occurred_at: r.get(4)?,
        duration_s: r.get(5)?,
        customer: r.get(6)?,
        extra: extra.and_then(|e| serde_json::from_str(&e).ok()),
        withdrawn_at: r.get(8)?,
        withdraw_reason: r.get(9)?,
        voice: ContactVoice {
            csat: r.get(10)?,
            nps: r.get(11)?,
            complaint: r.get(12)?,
            complaint_reason: r.get(13)?,
            response_s: r.get(14)?,
            resolved: r.get(15)?,
            reopened: r.get(16)?,
            complaint_opened_at: r.get(17)?,
            complaint_closed_at: r.get(18)?,
            escalated_at: r.get(19)?,
            reason: r.get(20)?,
        },
        origin: r.get(21)?,
    })
}

/// The WHERE clause of a filter and its parameters.
fn filter_sql(f: &InteractionFilter) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    let mut add = |clause: &str, value: &Option<String>| {
        if let Some(v) = value {
            values.push(Value::Text(v.clone()));
            clauses.push(format!("{clause} ?{}", values.len()));
        }
    };
    add("agent_id =", &f.agent);
    add("channel =", &f.channel);
    add("occurred_at >=", &f.from);
    add("occurred_at <", &f.to);
    if !f.withdrawn {
        clauses.push("withdrawn_at IS NULL".to_string());
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, values)
}

impl Store {
    /// One interaction by the id it was imported with.
    pub fn interaction(&self, external_id: &str) -> Result<Option<Interaction>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM interactions WHERE external_id = ?1"),
                [external_id],
                from_row,
            )
            .optional()?)
    }

    /// The interactions `filter` selects, newest first, at most `limit` (all with `None`).
    pub fn interactions(&self, filter: &InteractionFilter, limit: Option<usize>) -> Result<Vec<Interaction>> {
        let (clause, mut values) = filter_sql(filter);
        values.push(Value::Integer(limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64)));
        let sql = format!(
            "SELECT {COLUMNS} FROM interactions {clause} ORDER BY occurred_at DESC, external_id DESC LIMIT ?{}",
            values.len()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many interactions `filter` selects.
    pub fn count_interactions(&self, filter: &InteractionFilter) -> Result<u64> {
        let (clause, values) = filter_sql(filter);
        let n: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM interactions {clause}"),
            params_from_iter(values),
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }
}

impl Tx<'_> {
    /// One interaction by the id it was imported with, as this transaction sees it.
    pub fn interaction(&self, external_id: &str) -> Result<Option<Interaction>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM interactions WHERE external_id = ?1"),
                [external_id],
                from_row,
            )
            .optional()?)
    }

    /// The store's customer pseudonymiser.
    pub fn pseudonymiser(&self) -> Result<Pseudonymiser> {
        let secret: String = self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = 'customer_secret'", [], |r| r.get(0))
            .optional()?
            .ok_or_else(|| anyhow!("the store has no customer_secret in its meta table"))?;
        let key = decode_hex(secret.trim()).ok_or_else(|| anyhow!("the store's customer_secret is not hex"))?;
        Pseudonymiser::new(&key)
    }

    /// Inserts one interaction through a cached prepared statement. Returns its store number, or
    /// `None` when its id is already stored (the stored one is kept). Not audited per row: an
    /// import audits itself once with [`Tx::audit_interaction_import`].
    pub fn insert_interaction(&self, new: &NewInteraction, imported_at: &str) -> Result<Option<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO interactions (external_id, channel, agent_id, occurred_at, duration_s, customer, extra, imported_at,
                 csat, nps, complaint, complaint_reason, response_s, resolved, reopened, complaint_opened_at,
                 complaint_closed_at, escalated_at, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
             ON CONFLICT (external_id) DO NOTHING",
        )?;
        let v = &new.voice;
        let inserted = stmt.execute(params![
            new.id,
            new.channel,
            new.agent,
            new.occurred_at,
            new.duration_s,
            new.customer,
            new.extra,
            imported_at,
            v.csat,
            v.nps,
            v.complaint,
            v.complaint_reason,
            v.response_s,
            v.resolved,
            v.reopened,
            v.complaint_opened_at,
            v.complaint_closed_at,
            v.escalated_at,
            v.reason,
        ])?;
        Ok((inserted == 1).then(|| self.conn().last_insert_rowid()))
    }

    /// The one audit entry of an import (`interaction.import` on `import:<file name>`).
    pub fn audit_interaction_import(&mut self, file_name: &str, change: &serde_json::Value) -> Result<()> {
        self.audit_of(
            &["interaction", "agent"],
            "interaction.import",
            &format!("import:{file_name}"),
            change,
        )
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || text.is_empty() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_keyed_and_stable() {
        let a = Pseudonymiser::new(b"secret one").unwrap();
        let b = Pseudonymiser::new(b"secret two").unwrap();
        let p = a.pseudonym("+34 600 111 222");
        assert_eq!(p.len(), 18);
        assert!(p.starts_with("c-"));
        assert_eq!(p, a.pseudonym(" +34 600 111 222 "));
        assert_ne!(p, a.pseudonym("+34 600 111 223"));
        assert_ne!(p, b.pseudonym("+34 600 111 222"));
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
        assert_eq!(
            Pseudonymiser::new(b"Jefe")
                .unwrap()
                .pseudonym("what do ya want for nothing?"),
            "c-5bdcc146bf60754e"
        );
    }

    #[test]
    fn hex_secrets() {
        assert_eq!(decode_hex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(decode_hex("0g"), None);
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex(""), None);
    }

    #[test]
    fn imports_insert_once_and_list_newest_first() {
        let mut store = crate::store::open_in_memory().unwrap();
        store
            .write("tester", |tx| {
                tx.save_agent(
                    &crate::store::people::Agent {
                        id: "a-1".into(),
                        name: "Ana".into(),
                        team: None,
                        location: None,
                        hired_on: None,
                    },
                    "test",
                )?;
                for (id, at) in [("c1", "2026-11-01T10:00:00Z"), ("c2", "2026-11-02T10:00:00Z")] {
                    let new = NewInteraction {
                        id: id.into(),
                        channel: "phone".into(),
                        agent: "a-1".into(),
                        occurred_at: at.into(),
                        duration_s: Some(60),
                        customer: Some(tx.pseudonymiser()?.pseudonym("ana@example.com")),
                        extra: None,
                        voice: ContactVoice::default(),
                    };
                    assert!(tx.insert_interaction(&new, "now")?.is_some());
                    assert_eq!(tx.insert_interaction(&new, "now")?, None);
                }
                tx.audit_interaction_import("test.csv", &serde_json::json!({}))
            })
            .unwrap();
        let all = store.interactions(&InteractionFilter::default(), None).unwrap();
        assert_eq!(all.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["c2", "c1"]);
        assert_eq!(all[0].customer, all[1].customer);
        let early = InteractionFilter {
            to: Some("2026-11-02T00:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(store.count_interactions(&early).unwrap(), 1);
        assert_eq!(
            store
                .interactions(&InteractionFilter::default(), Some(1))
                .unwrap()
                .len(),
            1
        );
    }
}
