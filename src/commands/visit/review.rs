//! `visit review` (approve, or return with a note and per-question notes) and `visit purge`.

use super::super::Context;
use crate::error::{UserError, refuse};
use crate::output::Output;
use crate::roles::Role;
use crate::rubric::suggest::closest;
use anyhow::Result;
use std::collections::BTreeMap;

pub(super) fn review(
    ctx: &Context,
    id: i64,
    approve: bool,
    note: Option<String>,
    comment_on: &[String],
) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "review visits")?;
    let visit = super::find(&store, id)?;
    if visit.status != "complete" {
        return refuse(
            format!("visit {id} is {}; only complete visits wait for review", visit.status),
            "`qaudit visit list --status complete` shows visits waiting for review",
        );
    }
    if visit.shopper.as_deref() == Some(lead.id.as_str()) {
        return refuse(
            format!("`{}` logged visit {id} and may not review it", lead.id),
            "ask another lead to review it",
        );
    }
    if !approve && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return refuse(
            "a returned visit needs a note",
            "say what the shopper should fix, e.g. --note \"Receipt photo is unreadable\"",
        );
    }
    let comments = question_notes(&store, &visit, comment_on)?;
    let status = if approve { "approved" } else { "returned" };
    store.write(&lead.id, |tx| tx.review_visit(id, status, note.as_deref(), &comments))?;
    let visit = store.visit(id)?.expect("exists");
    let line = if approve {
        format!("Visit {id} approved: it now counts in reports and flags.")
    } else {
        format!(
            "Visit {id} returned to {}: they see the notes with `qaudit visit show {id}` and resubmit with `qaudit visit log --visit {id} ...` (fields not given again are kept).",
            visit.shopper.clone().unwrap_or_default()
        )
    };
    Ok(Output::new(&visit).line(line))
}

/// `--comment-on KEY=TEXT`, each KEY a criterion of the visit's rubric.
fn question_notes(
    store: &crate::store::Store,
    visit: &crate::store::visits::Visit,
    given: &[String],
) -> Result<BTreeMap<String, String>> {
    let mut notes = BTreeMap::new();
    if given.is_empty() {
        return Ok(notes);
    }
    let Some(eval) = visit.evaluation.map(|e| store.evaluation(e)).transpose()?.flatten() else {
        return refuse(
            format!("visit {} has no answers to comment on", visit.id),
            "return it with --note only",
        );
    };
    let rubric = store.rubric(&eval.summary.rubric, Some(eval.summary.rubric_version))?;
    let keys: Vec<&str> = rubric.criteria().map(|c| c.key.as_str()).collect();
    for pair in given {
        let Some((key, text)) = pair.split_once('=') else {
            return refuse(
                format!("`--comment-on {pair}` is not KEY=TEXT"),
                "e.g. --comment-on \"tangibles.clean=The photo does not show the floor\"",
            );
        };
        let (key, text) = (key.trim(), text.trim());
        if !keys.contains(&key) {
            let hint = match closest(key, &keys) {
                Some(k) => format!("did you mean `{k}`? `qaudit rubric show {}` lists the keys", rubric.id),
                None => format!("`qaudit rubric show {}` lists the keys", rubric.id),
            };
            return Err(UserError::new(
                format!("--comment-on: `{key}` is not a question of {}", rubric.id),
                hint,
            )
            .into());
        }
        if text.is_empty() {
            return refuse(
                format!("--comment-on {key}= has no text"),
                "say what the shopper should fix",
            );
        }
        notes.insert(key.to_string(), text.to_string());
    }
    Ok(notes)
}

/// Purges the bytes of evidence already removed; the tombstone records who and why.
pub(super) fn purge(ctx: &Context, id: i64, name: &str, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "purge evidence")?;
    if reason.trim().is_empty() {
        return refuse(
            "--reason is empty",
            "say why the bytes must go, e.g. --reason \"Shows a customer's card\"",
        );
    }
    let Some(detail) = store.visit_detail(id)? else {
        return refuse(format!("no visit {id}"), "`qaudit visit list` shows the visit numbers");
    };
    let Some(file) = detail.evidence.iter().find(|a| a.file_name == name) else {
        return refuse(
            format!("visit {id} has no evidence named `{name}`"),
            format!("`qaudit visit show {id}` lists its evidence"),
        );
    };
    match &file.removed {
        None => {
            return refuse(
                format!("`{name}` is still evidence of visit {id}; only removed evidence is purged"),
                format!(
                    "the shopper removes it first: `qaudit visit log --visit {id} --remove-evidence {name} --reason ...`"
                ),
            );
        }
        Some(r) if r.purged_at.is_some() => {
            return refuse(format!("`{name}` was already purged"), "nothing is left to purge");
        }
        Some(_) => {}
    }
    let attachment = file.id;
    store.write(&lead.id, |tx| tx.purge_attachment(id, attachment, reason.trim()))?;
    Ok(
        Output::new(&serde_json::json!({ "visit": id, "purged": name })).line(format!(
            "Purged the bytes of `{name}` (visit {id}); its name, sha256 and tombstone stay."
        )),
    )
}
