//! `visit review` (approve, or return with a note and per-question notes) and `visit purge`;
//! the rules are [`crate::visits::review`]'s.

use super::super::Context;
use crate::error::refuse;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::Output;
use crate::visits::{self, review::Decision};
use anyhow::Result;

pub(super) fn review(
    ctx: &Context,
    id: i64,
    approve: bool,
    note: Option<String>,
    comment_on: &[String],
) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let on_questions = question_notes(comment_on)?;
    let decision = Decision {
        approve,
        note: note.as_deref(),
        on_questions: &on_questions,
    };
    let visit = visits::review::review(&mut store, &actor, id, decision)?;
    // In the language of the visit's rubric: a Spanish lead approves in Spanish.
    let lang = match visit.evaluation.map(|e| store.evaluation(e)).transpose()?.flatten() {
        Some(e) => {
            store
                .rubric(&e.summary.rubric, Some(e.summary.rubric_version))?
                .language
        }
        None => Lang::En,
    };
    let l = Labels::of("visit", lang);
    let line = if approve {
        fill!(l, "t_approved_line", id = id)
    } else {
        fill!(
            l,
            "t_returned_line",
            id = id,
            shopper = visit.shopper.clone().unwrap_or_default()
        )
    };
    Ok(Output::new(&visit).line(line))
}

/// `--comment-on KEY=TEXT` as (key, text) pairs; the review checks each key against the rubric.
fn question_notes(given: &[String]) -> Result<Vec<(String, String)>> {
    given
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, text)) => Ok((key.to_string(), text.to_string())),
            None => refuse(
                format!("`--comment-on {pair}` is not KEY=TEXT"),
                "e.g. --comment-on \"tangibles.clean=The photo does not show the floor\"",
            ),
        })
        .collect()
}

/// Purges the bytes of evidence already removed; the tombstone records who and why.
pub(super) fn purge(ctx: &Context, id: i64, name: &str, reason: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    visits::review::purge(&mut store, &actor, id, name, reason)?;
    Ok(
        Output::new(&serde_json::json!({ "visit": id, "purged": name })).line(format!(
            "Purged the bytes of `{name}` (visit {id}); its name, sha256 and tombstone stay."
        )),
    )
}
