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
    lang: Option<Lang>,
) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    // `--lang`, else the language of the visit's rubric: a Spanish lead approves in Spanish.
    let lang = match (lang, store.visit(id)?.and_then(|v| v.evaluation)) {
        (Some(lang), _) => lang,
        (None, Some(e)) => rubric_lang(&store, e)?,
        (None, None) => Lang::En,
    };
    let l = Labels::of("visit", lang);
    let on_questions = question_notes(comment_on, &l)?;
    let decision = Decision {
        approve,
        note: note.as_deref(),
        on_questions: &on_questions,
    };
    let visit = visits::review::review(&mut store, &actor, id, decision)
        .map_err(|e| crate::commands::errors::visits::in_language(e, lang))?;
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
fn question_notes(given: &[String], l: &Labels) -> Result<Vec<(String, String)>> {
    given
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, text)) => Ok((key.to_string(), text.to_string())),
            None => refuse(
                fill!(l, "t_bad_comment_on", pair = pair),
                l.get("t_bad_comment_on_hint"),
            ),
        })
        .collect()
}

/// Purges the bytes of evidence already removed; the tombstone records who and why. Worded in
/// `--lang`, else the language of the visit's rubric (English for a visit not yet scored).
pub(super) fn purge(ctx: &Context, id: i64, name: &str, reason: &str, lang: Option<Lang>) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = ctx.actor_in(&store)?;
    let lang = match lang {
        Some(lang) => lang,
        None => match store.visit(id)?.and_then(|v| v.evaluation) {
            Some(e) => rubric_lang(&store, e)?,
            None => Lang::En,
        },
    };
    visits::review::purge(&mut store, &actor, id, name, reason)
        .map_err(|e| crate::commands::errors::visits::in_language(e, lang))?;
    let l = Labels::of("visit", lang);
    Ok(
        Output::new(&serde_json::json!({ "visit": id, "purged": name })).line(fill!(
            l,
            "t_purged_line",
            name = name,
            id = id
        )),
    )
}

/// The language of the rubric evaluation `id` was scored with (English if there is none).
fn rubric_lang(store: &crate::store::Store, id: i64) -> Result<Lang> {
    Ok(match store.evaluation(id)? {
        Some(e) => {
            store
                .rubric(&e.summary.rubric, Some(e.summary.rubric_version))?
                .language
        }
        None => Lang::En,
    })
}
