//! `qaudit sample show ID [--verify]`: a sample's items and parameters; `--verify` runs the
//! recorded draw again and compares.

use super::draw::{DrawPlan, execute};
use super::{DrawParams, Short, occurred, parameter_fields, percent, shortfall, shortfall_table};
use crate::commands::Context;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table, score};
use crate::sampling::ALGORITHM;
use crate::store::Store;
use crate::store::samples::{DrawScope, ItemStatus, SampleRecord, Watermark};
use anyhow::Result;
use chrono::NaiveDate;
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
    shortfall: Vec<Short<'a>>,
    verified: Option<bool>,
}

pub(super) fn show(ctx: &Context, id: i64, verify: bool) -> Result<Output> {
    let store = ctx.open()?;
    let Some(record) = store.sample(id)? else {
        return refuse(format!("no sample {id}"), "`qaudit sample list` shows the samples");
    };
    let params: Option<DrawParams> = serde_json::from_value(record.params.clone()).ok();
    let verified = if verify {
        let Some(p) = &params else {
            return refuse(
                format!("sample {id} does not record the parameters this qaudit re-draws from"),
                "it was recorded by another tool or another version; its parameters are shown by `qaudit sample show`",
            );
        };
        verify_sample(&store, id, p, &record)?;
        Some(true)
    } else {
        None
    };
    let s = &record.summary;
    let mut fields = vec![
        ("Sample", s.id.to_string()),
        ("Drawn", format!("{} by {}", dates::short(&s.created_at), s.created_by)),
    ];
    match &params {
        Some(p) => {
            fields.extend(parameter_fields(p));
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
        shortfall: params.as_ref().map(shortfall).unwrap_or_default(),
        verified,
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
    if verified == Some(true) {
        out = out.line(format!(
            "Verified: drawing again from seed {} with the recorded parameters, against the store as it was, gives the same {} interaction(s) and evaluators.",
            s.seed,
            record.items.len()
        ));
    }
    Ok(out)
}

/// Runs the recorded draw again as of its watermark and refuses, listing the differences, when
/// it does not give the recorded items.
fn verify_sample(store: &Store, id: i64, p: &DrawParams, record: &SampleRecord) -> Result<()> {
    if p.algorithm != ALGORITHM {
        return refuse(
            format!(
                "sample {id} was drawn with {}; this qaudit draws with {ALGORITHM}",
                p.algorithm
            ),
            "verify it with the qaudit release that drew it",
        );
    }
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (from, to) = dates::day_range(day(&p.from), day(&p.to));
    let (Some(from), Some(to)) = (from, to) else {
        return refuse(
            format!(
                "sample {id} records a period that is not two days ({} to {})",
                p.from, p.to
            ),
            "the sample's parameters were changed outside qaudit",
        );
    };
    let scope = DrawScope {
        from,
        to,
        channels: p.channels.clone(),
        include_evaluated: p.include_evaluated,
        as_of: Watermark {
            before_sample: id,
            ..p.as_of
        },
    };
    let agents: Vec<String> = p.agents.iter().map(|a| a.agent.clone()).collect();
    let again = execute(
        store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: p.per_agent,
            stratify: p.stratify.is_some(),
            seed: p.seed,
            evaluators: &p.evaluators,
            double: p.double,
        },
    )?;
    let recorded: Vec<(&str, &str)> = record
        .items
        .iter()
        .map(|i| (i.interaction.interaction.as_str(), i.evaluator.as_str()))
        .collect();
    let redrawn: Vec<(&str, &str)> = again
        .items
        .iter()
        .map(|(b, e)| (b.interaction.as_str(), e.as_str()))
        .collect();
    // The double-scoring items (`--double`) are re-drawn too, as a set of (interaction, second
    // evaluator).
    let mut doubles_recorded: Vec<(String, String)> = store
        .doubles(id)?
        .into_iter()
        .map(|d| (d.interaction, d.evaluator))
        .collect();
    let mut doubles_redrawn: Vec<(String, String)> = again
        .doubles
        .iter()
        .map(|(b, e)| (b.interaction.clone(), e.clone()))
        .collect();
    doubles_recorded.sort();
    doubles_redrawn.sort();
    if doubles_recorded != doubles_redrawn {
        return refuse(
            format!(
                "sample {id} is not reproduced: drawing again from seed {} gives other double-scoring items ({} recorded, {} re-drawn)",
                p.seed,
                doubles_recorded.len(),
                doubles_redrawn.len()
            ),
            "the sample's double-scoring items were changed outside qaudit (`qaudit log --entity sample:ID` shows its history)",
        );
    }
    if recorded == redrawn {
        return Ok(());
    }
    let mut details = Vec::new();
    let find = |list: &[(&str, &str)], x: &str| list.iter().find(|(i, _)| *i == x).map(|(_, e)| e.to_string());
    for (i, e) in &recorded {
        match find(&redrawn, i) {
            None => details.push(format!("  {i}: recorded (for {e}), not drawn again")),
            Some(e2) if e2 != *e => details.push(format!("  {i}: recorded for {e}, drawn again for {e2}")),
            _ => {}
        }
    }
    for (i, e) in &redrawn {
        if find(&recorded, i).is_none() {
            details.push(format!("  {i}: drawn again (for {e}), not recorded"));
        }
    }
    if details.is_empty() {
        details.push("  the same interactions, in another order".to_string());
    }
    Err(UserError::new(
        format!(
            "sample {id} is not reproduced: drawing again from seed {} gives {} difference(s)",
            p.seed,
            details.len()
        ),
        "the store changed in a way the draw cannot see past: an evaluation voided or an agent's interactions changed since the draw, or the sample was edited outside qaudit (`qaudit log --entity sample:ID` shows its history)",
    )
    .with_details(details)
    .into())
}
