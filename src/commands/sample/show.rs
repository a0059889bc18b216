//! `qaudit sample show ID [--verify]`: a sample's items and parameters; `--verify` runs the
//! recorded draw again and compares ([`crate::sampling::draw::verify`]).

use super::{occurred, percent, shortfall_table};
use crate::commands::Context;
use crate::dates;
use crate::output::{Output, Table, score};
use crate::sampling::draw::{self as sampling_draw, find_sample};
use crate::sampling::params::Shortfall;
use crate::sampling::since::ItemChange;
use crate::store::samples::{ItemStatus, SampleRecord};
use anyhow::Result;
use serde::Serialize;

/// `to do`, `draft`, or `done` with the evaluation, its score, and who scored it when that was
/// not the assigned evaluator: `done: 12 (92.5)`, `done: 14 by lea (80.0)`.
fn item_status(item: &crate::store::samples::SampleItem) -> String {
    match (item.status, item.evaluation) {
        (ItemStatus::Done, Some(e)) => {
            let by = match &item.scored_by {
                Some(who) if *who != item.evaluator => format!(" by {who}"),
                _ => String::new(),
            };
            let overall = item.overall.map(|o| format!(" ({})", score(o))).unwrap_or_default();
            format!("done: {e}{by}{overall}")
        }
        (status, _) => status.label().to_string(),
    }
}

#[derive(Serialize)]
struct ShowOut<'a> {
    #[serde(flatten)]
    sample: &'a SampleRecord,
    shortfall: Vec<Shortfall<'a>>,
    verified: Option<bool>,
    /// With `--verify`: the changes to its interactions since the draw.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_since_draw: Option<&'a [ItemChange]>,
}

pub(super) fn show(ctx: &Context, id: i64, verify: bool) -> Result<Output> {
    let store = ctx.open()?;
    let (record, params) = find_sample(&store, id)?;
    let checked = if verify {
        Some(sampling_draw::verify(&store, id, params.as_ref(), &record)?)
    } else {
        None
    };
    let verified = checked.as_ref().map(|_| true);
    let s = &record.summary;
    let mut fields = vec![
        ("Sample", s.id.to_string()),
        ("Drawn", format!("{} by {}", dates::short(&s.created_at), s.created_by)),
    ];
    match &params {
        Some(p) => {
            fields.extend(p.describe());
            fields.push(("Algorithm", p.algorithm.clone()));
        }
        None => {
            fields.push(("Period", format!("{} to {}", s.period_from, s.period_to)));
            fields.push(("Seed", s.seed.to_string()));
        }
    }
    fields.push((
        "Progress",
        format!("{} of {} done ({})", s.done, s.items, percent(s.done, s.items)),
    ));
    let doubles = store.doubles(id)?;
    if !doubles.is_empty() {
        let done = doubles.iter().filter(|d| d.evaluation.is_some()).count();
        fields.push((
            "Double scoring",
            format!(
                "{} item(s) with a second, blind evaluator; {done} second opinion(s) in",
                doubles.len()
            ),
        ));
    }
    let mut out = Output::new(&ShowOut {
        sample: &record,
        shortfall: params.as_ref().map(|p| p.shortfall()).unwrap_or_default(),
        verified,
        changed_since_draw: checked.as_ref().map(|c| &c.changed_since[..]),
    })
    .fields(fields);
    let mut by_evaluator: Vec<(&str, [u64; 3])> = Vec::new();
    for item in &record.items {
        let slot = match by_evaluator.iter().position(|(e, _)| *e == item.evaluator) {
            Some(i) => i,
            None => {
                by_evaluator.push((&item.evaluator, [0; 3]));
                by_evaluator.len() - 1
            }
        };
        let k = match item.status {
            ItemStatus::Done => 0,
            ItemStatus::Draft => 1,
            ItemStatus::Open => 2,
        };
        by_evaluator[slot].1[k] += 1;
    }
    by_evaluator.sort_by_key(|(e, _)| *e);
    let mut t = Table::new(&["evaluator", "assigned", "done", "draft", "to do"]).titled("By evaluator");
    for (e, [done, draft, open]) in &by_evaluator {
        t.row(vec![
            e.to_string(),
            (done + draft + open).to_string(),
            done.to_string(),
            draft.to_string(),
            open.to_string(),
        ]);
    }
    out = out.table(t);
    let mut items = Table::new(&[
        "#",
        "interaction",
        "channel",
        "agent",
        "occurred",
        "evaluator",
        "status",
    ])
    .titled("Items");
    for item in &record.items {
        items.row(vec![
            item.position.to_string(),
            item.interaction.interaction.clone(),
            item.interaction.channel.clone(),
            item.interaction.agent.clone(),
            occurred(&item.interaction),
            item.evaluator.clone(),
            item_status(item),
        ]);
    }
    out = out.table(items);
    if let Some(short) = params.as_ref().and_then(shortfall_table) {
        out = out.table(short);
    }
    if let Some(checked) = &checked {
        let changed = &checked.changed_since;
        if !changed.is_empty() {
            let mut t =
                Table::new(&["#", "interaction", "change", "reason", "by", "when"]).titled("Changed since the draw");
            for c in changed {
                t.row(vec![
                    c.position.to_string(),
                    c.interaction.clone(),
                    c.change.clone(),
                    c.reason.clone(),
                    c.changed_by.clone(),
                    dates::short(&c.changed_at),
                ]);
            }
            out = out.table(t);
        }
        out = out.line(format!(
            "Verified: drawing again from seed {} with the recorded parameters, against the store as it was, gives the same {} interaction(s) and evaluators.",
            s.seed,
            record.items.len()
        ));
        if !changed.is_empty() {
            let mut ids: Vec<&str> = changed.iter().map(|c| c.interaction.as_str()).collect();
            ids.dedup();
            out = out.line(format!(
                "{} item(s) changed since the draw ({}): the check drew from them as they were then.",
                ids.len(),
                ids.join(", ")
            ));
        }
    }
    Ok(out)
}
