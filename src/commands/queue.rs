//! `qaudit queue`: what is still to score, oldest interaction first.
//!
//! The queue is every open sample item (no submitted evaluation yet, or only a voided one), of
//! one evaluator or of everyone. Scoring the interaction with `qaudit score` closes its item.
//! Double-scoring items (`sample draw --double`) are listed too, marked: the second evaluator
//! scores them blind with `--second-opinion`.

use super::Context;
use crate::dates;
use crate::error::refuse;
use crate::output::{Output, Table};
use anyhow::Result;

pub fn run(ctx: &Context, evaluator: Option<String>) -> Result<Output> {
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
    // One evaluator's queue needs no evaluator column; the sample number is in the JSON.
    let mut headers = vec!["interaction", "channel", "agent", "occurred"];
    if evaluator.is_none() {
        headers.push("evaluator");
    }
    headers.extend(["rubric", "status"]);
    let mut t = Table::new(&headers);
    for q in &items {
        let mut row = vec![
            q.interaction.interaction.clone(),
            q.interaction.channel.clone(),
            q.interaction.agent.clone(),
            dates::short(&q.interaction.occurred_at),
        ];
        if evaluator.is_none() {
            row.push(q.evaluator.clone());
        }
        row.push(q.rubric.clone().unwrap_or_else(|| "-".to_string()));
        row.push(if q.second_opinion {
            format!("{}, second opinion", q.status.label())
        } else {
            q.status.label().to_string()
        });
        t.row(row);
    }
    let out = Output::new(&items);
    if items.is_empty() {
        return Ok(out.line(match &evaluator {
            Some(e) => format!("Nothing to score: {e} has no open sample items."),
            None => "Nothing to score: every sample item is done.".to_string(),
        }));
    }
    let who = evaluator.as_deref().unwrap_or("NAME");
    let rubric = items
        .iter()
        .find_map(|q| q.rubric.clone())
        .unwrap_or_else(|| "RUBRIC".to_string());
    let out = out.table(t).line(format!(
        "{} to score. Score one with `qaudit --as {who} score --interaction {} --rubric {rubric}`.",
        items.len(),
        items[0].interaction.interaction
    ));
    Ok(if items.iter().any(|q| q.second_opinion) {
        out.line("Items marked \"second opinion\" are double scoring: score them blind with --second-opinion.")
    } else {
        out
    })
}
