//! `qaudit interaction amend | withdraw`: fixing a badly imported row without touching SQL.
//! Both need the lead role and a reason; the store keeps every earlier version.

use super::Context;
use crate::csv_input::{TimeRules, parse_duration};
use crate::dates;
use crate::error::UserError;
use crate::output::Output;
use crate::roles::Role;
use crate::store::Store;
use crate::store::interaction_changes::Editable;
use crate::store::interactions::Interaction;
use crate::store::people::id_problem;
use anyhow::Result;
use serde_json::json;

/// The stored interaction `id`, not withdrawn, or a user error.
fn current(store: &Store, id: &str) -> Result<Interaction> {
    let Some(i) = store.interaction(id)? else {
        return crate::error::refuse(
            format!("no interaction `{id}`"),
            "`qaudit interaction list` shows the interactions there are",
        );
    };
    if let Some(at) = &i.withdrawn_at {
        return crate::error::refuse(
            format!(
                "interaction `{id}` was withdrawn on {} ({})",
                dates::short(at),
                i.withdraw_reason.as_deref().unwrap_or("")
            ),
            "a withdrawn interaction is kept as it was; import a corrected row under a new id",
        );
    }
    Ok(i)
}

fn require_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return crate::error::refuse(
            "--reason is empty",
            "say why the record changes, e.g. --reason \"Wrong agent in the export\"",
        );
    }
    Ok(reason)
}

pub(super) fn amend(ctx: &Context, id: &str, sets: &[String], reason: &str) -> Result<Output> {
    let reason = require_reason(reason)?;
    let mut store = ctx.open()?;
    ctx.require_role(&store, Role::Lead, "amend interactions")?;
    let before = current(&store, id)?;
    let mut after = Editable::of(&before);
    let mut customer_raw: Option<String> = None;
    for set in sets {
        let Some((field, value)) = set.split_once('=') else {
            return crate::error::refuse(
                format!("--set {set:?} has no `=`"),
                "write --set FIELD=VALUE, e.g. --set channel=phone",
            );
        };
        let (field, value) = (field.trim().to_lowercase(), value.trim());
        let bad = |m: String| -> anyhow::Error { UserError::new(format!("--set {set:?}: {m}"), HINT).into() };
        match field.as_str() {
            "channel" => {
                let c = value.to_lowercase();
                if c.is_empty()
                    || !c
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
                {
                    return Err(bad("a channel may only use a-z, 0-9, _ and -".into()));
                }
                after.channel = c;
            }
            "agent" => {
                if let Some(p) = id_problem(value) {
                    return Err(bad(format!("agent {value:?} {p}")));
                }
                if store.agent(value)?.is_none() {
                    return crate::error::refuse(
                        format!("no agent `{value}` in the store"),
                        "add the agent first with `qaudit agent add`",
                    );
                }
                after.agent = value.to_string();
            }
            "occurred_at" => {
                let at = TimeRules::default()
                    .parse(value)
                    .map_err(|t| bad(crate::commands::errors::imports::time(&t)))?;
                after.occurred_at = dates::store_time(at);
            }
            "duration_s" | "duration" => {
                after.duration_s = if value.is_empty() {
                    None
                } else {
                    Some(parse_duration(value, false).map_err(bad)?)
                };
            }
            "customer" => customer_raw = Some(value.to_string()),
            f if f.starts_with("extra.") => {
                let column = set.split_once('=').map_or("", |(f, _)| f.trim())["extra.".len()..].to_string();
                if column.trim().is_empty() {
                    return Err(bad("name the extra column, e.g. --set extra.queue=billing".into()));
                }
                let mut map = match after.extra.take() {
                    Some(serde_json::Value::Object(m)) => m,
                    _ => serde_json::Map::new(),
                };
                if value.is_empty() {
                    map.remove(&column);
                } else {
                    map.insert(column, serde_json::Value::String(value.to_string()));
                }
                after.extra = (!map.is_empty()).then_some(serde_json::Value::Object(map));
            }
            other => {
                return crate::error::refuse(format!("--set: `{other}` is not a field an amendment changes"), HINT);
            }
        }
    }
    let moved = store.write(&ctx.actor(), |tx| {
        if let Some(raw) = &customer_raw {
            after.customer = if raw.is_empty() {
                None
            } else {
                Some(tx.pseudonymiser()?.pseudonym(raw))
            };
        }
        if after == Editable::of(&before) {
            return Ok(None);
        }
        tx.amend_interaction(&before, &after, reason).map(Some)
    })?;
    let Some(moved) = moved else {
        return Ok(Output::new(&json!({ "id": id, "changed": false }))
            .line(format!("Interaction {id} already has those values; nothing changed.")));
    };
    let mut out = Output::new(
        &json!({ "id": id, "changed": true, "before": Editable::of(&before), "after": after, "moved": moved }),
    )
    .line(format!("Amended interaction {id} ({reason})."));
    if !moved.evaluations_moved.is_empty() {
        out = out.line(format!(
            "Its {} evaluation(s) moved with it: {}.",
            moved.evaluations_moved.len(),
            ids(&moved.evaluations_moved)
        ));
    }
    Ok(out)
}

const HINT: &str = "fields: channel, agent, occurred_at, duration_s, customer, extra.COLUMN; e.g. --set agent=a-017";

pub(super) fn withdraw(ctx: &Context, id: &str, reason: &str) -> Result<Output> {
    let reason = require_reason(reason)?;
    let mut store = ctx.open()?;
    ctx.require_role(&store, Role::Lead, "withdraw interactions")?;
    let before = current(&store, id)?;
    let moved = store.write(&ctx.actor(), |tx| tx.withdraw_interaction(&before, reason))?;
    let mut out = Output::new(
        &json!({ "id": id, "withdrawn": true, "reason": reason, "evaluations_voided": moved.evaluations_voided }),
    )
    .line(format!(
        "Withdrew interaction {id} ({reason}); it stays on record but leaves queues and reports."
    ));
    if !moved.evaluations_voided.is_empty() {
        out = out.line(format!(
            "Voided its evaluation(s) {} with the same reason.",
            ids(&moved.evaluations_voided)
        ));
    }
    Ok(out)
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
}
