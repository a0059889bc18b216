//! `qaudit queue`: what is still to score, oldest interaction first.
//!
//! The queue is every open sample item (no submitted evaluation yet, or only a voided one), of
//! one evaluator or of everyone. Scoring the interaction with `qaudit score` closes its item.
//! Double-scoring items (`sample draw --double`) are listed too, marked: the second evaluator
//! scores them blind with `--second-opinion`.

use super::Context;
use crate::dates;
use crate::error::refuse;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::report::common::lang_of_all;
use crate::store::Store;
use crate::store::samples::{ItemStatus, QueueItem};
use anyhow::Result;

pub fn run(ctx: &Context, evaluator: Option<String>, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    if let Some(e) = &evaluator
        && store.staff_member(e)?.is_none()
    {
        return refuse(
            format!("no staff member `{e}`"),
            "`qaudit staff list --role evaluator` shows the evaluators",
        );
    }
    let mut items = store.queue(evaluator.as_deref())?;
    // Double-scoring items (`sample draw --double`) are scored blind, as second opinions.
    items.extend(store.double_queue(evaluator.as_deref())?);
    items.sort_by(|a, b| {
        (
            &a.interaction.occurred_at,
            &a.interaction.interaction,
            a.sample,
            a.second_opinion,
        )
            .cmp(&(
                &b.interaction.occurred_at,
                &b.interaction.interaction,
                b.sample,
                b.second_opinion,
            ))
    });
    let l = Labels::of("terminal", lang.map_or_else(|| queue_lang(&store, &items), Ok)?);
    // One evaluator's queue needs no evaluator column; the sample number is in the JSON.
    let mut keys = vec!["q_interaction", "q_channel", "col_agent", "q_occurred"];
    if evaluator.is_none() {
        keys.push("q_evaluator");
    }
    keys.extend(["q_rubric", "col_status"]);
    let headers: Vec<String> = keys.iter().map(|k| l.get(k)).collect();
    let mut t = Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    for q in &items {
        let mut row = vec![
            q.interaction.interaction.clone(),
            l.channel(&q.interaction.channel),
            q.interaction.agent.clone(),
            dates::short_in(&q.interaction.occurred_at, l.lang()),
        ];
        if evaluator.is_none() {
            row.push(q.evaluator.clone());
        }
        row.push(q.rubric.clone().unwrap_or_else(|| "-".to_string()));
        let status = l.get(match q.status {
            ItemStatus::Open => "q_open",
            ItemStatus::Draft => "q_draft",
            ItemStatus::Done => "q_done",
        });
        row.push(if q.second_opinion {
            fill!(l, "q_second", status = status)
        } else {
            status
        });
        t.row(row);
    }
    let out = Output::new(&items);
    if items.is_empty() {
        return Ok(out.line(match &evaluator {
            Some(e) => fill!(l, "q_nothing_of", who = e),
            None => l.get("q_nothing"),
        }));
    }
    let who = evaluator.as_deref().unwrap_or("NAME");
    let rubric = items
        .iter()
        .find_map(|q| q.rubric.clone())
        .unwrap_or_else(|| "RUBRIC".to_string());
    let command = format!(
        "qaudit --as {who} score --interaction {} --rubric {rubric}",
        items[0].interaction.interaction
    );
    let out = out
        .table(t)
        .line(fill!(l, "q_to_score", n = items.len(), command = command));
    Ok(if items.iter().any(|q| q.second_opinion) {
        out.line(l.get("q_second_note"))
    } else {
        out
    })
}

/// The language of a queue, by the rule of every view over several rubrics (`--lang` aside):
/// the one every rubric it covers shares, else English. An item with no rubric of its own may be
/// scored with any interaction rubric of the store, so it covers all of them.
fn queue_lang(store: &Store, items: &[QueueItem]) -> Result<Lang> {
    let rubrics = store.rubric_summaries()?;
    let code_of = |id: &str| rubrics.iter().find(|r| r.id == id).map(|r| r.language.as_str());
    let mut codes: Vec<&str> = items
        .iter()
        .filter_map(|q| q.rubric.as_deref().and_then(code_of))
        .collect();
    if items.iter().any(|q| q.rubric.is_none()) {
        codes.extend(
            rubrics
                .iter()
                .filter(|r| r.subject == "interaction")
                .map(|r| r.language.as_str()),
        );
    }
    Ok(lang_of_all(codes))
}
