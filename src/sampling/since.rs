//! What a lead changed in a sample's interactions after the draw (`interaction amend |
//! withdraw`): a verified sample names them, since its items now show other values than the
//! draw saw, and the check drew from the values of the draw.

use crate::store::interaction_changes::Change;
use crate::store::samples::{Population, SampleRecord};
use serde::Serialize;

/// One change of a sample's interaction since the draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    /// The item's position in the sample.
    pub position: i64,
    pub interaction: String,
    /// `withdrawn`, or the fields changed: `channel phone → chat; agent a-1 → a-2`.
    pub change: String,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: String,
}

/// The changes since the draw of the sample's items, in position order, oldest change first.
pub fn item_changes(record: &SampleRecord, population: &Population) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for item in &record.items {
        let Some(r) = population.restored.get(&item.interaction.rowid) else {
            continue;
        };
        for c in &r.changes {
            out.push(ItemChange {
                position: item.position,
                interaction: item.interaction.interaction.clone(),
                change: describe(c),
                reason: c.reason.clone(),
                changed_by: c.changed_by.clone(),
                changed_at: c.changed_at.clone(),
            });
        }
    }
    out
}

/// `withdrawn`, or each field that differs as `field old → new`. The customer and the extra
/// columns are named without their values: a sample's check is no place for customer data.
fn describe(c: &Change) -> String {
    if c.action == "withdraw" {
        return "withdrawn".to_string();
    }
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "none".to_string(),
        other => other.to_string(),
    };
    let mut parts = Vec::new();
    for field in ["channel", "agent", "occurred_at", "duration_s"] {
        let (old, new) = (&c.before[field], &c.after[field]);
        if old != new {
            let (old, new) = if field == "occurred_at" {
                (crate::dates::short(&value(old)), crate::dates::short(&value(new)))
            } else {
                (value(old), value(new))
            };
            parts.push(format!("{field} {old} → {new}"));
        }
    }
    for (field, words) in [("customer", "customer changed"), ("extra", "extra columns changed")] {
        if c.before[field] != c.after[field] {
            parts.push(words.to_string());
        }
    }
    if parts.is_empty() {
        "no field changed".to_string()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(action: &str, before: serde_json::Value, after: serde_json::Value) -> Change {
        Change {
            version: 1,
            action: action.into(),
            before,
            after,
            reason: "r".into(),
            changed_by: "lea".into(),
            changed_at: "2026-11-20T10:00:00Z".into(),
        }
    }

    #[test]
    fn names_each_changed_field_and_hides_customer_values() {
        let before = json!({"channel": "phone", "agent": "a-1", "occurred_at": "t1", "duration_s": 60, "customer": "c-1", "extra": null});
        let after = json!({"channel": "chat", "agent": "a-1", "occurred_at": "t1", "duration_s": null, "customer": "c-2", "extra": null});
        assert_eq!(
            describe(&change("amend", before.clone(), after)),
            "channel phone → chat; duration_s 60 → none; customer changed"
        );
        assert_eq!(describe(&change("withdraw", before.clone(), before)), "withdrawn");
    }
}
