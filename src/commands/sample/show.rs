//! `qaudit sample show ID [--verify]`: a sample's items and parameters; `--verify` runs the
//! recorded draw again and compares ([`crate::sampling::draw::verify`]).

use super::{occurred, percent, shortfall_table};
use crate::commands::Context;
use crate::commands::listing::lang_of;
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::sampling::draw::{self as sampling_draw, find_sample};
use crate::sampling::params::Shortfall;
use crate::sampling::since::ItemChange;
use crate::store::samples::{ItemStatus, SampleRecord};
use anyhow::Result;
use serde::Serialize;

/// `to do`, `draft`, or `done` with the evaluation, its score, and who scored it when that was
/// not the assigned evaluator: `done: 12 (92.5)`, `done: 14 by lea (80.0)`.
fn item_status(item: &crate::store::samples::SampleItem, l: &Labels) -> String {
    match (item.status, item.evaluation) {
        (ItemStatus::Done, Some(e)) => {
            let by = match &item.scored_by {
                Some(who) if *who != item.evaluator => fill!(l, "ss_by", who = who),
                _ => String::new(),
            };
            let overall = item.overall.map(|o| format!(" ({})", l.score(o))).unwrap_or_default();
            fill!(l, "ss_done", e = e, by = by, overall = overall)
        }
        (status, _) => l.get(&format!("ss_status_{}", status.label().replace(' ', "_"))),
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

/// The sample in `--lang`, else its rubric's language (English for a sample without one).
pub(super) fn show(ctx: &Context, id: i64, verify: bool, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let (record, params) = find_sample(&store, id)?;
    let l = Labels::of("people", lang_of(&store, lang, record.summary.rubric.as_deref())?);
    let day = |text: &str| dates::in_lang(text, l.lang()).unwrap_or_else(|| text.to_string());
    let checked = if verify {
        Some(sampling_draw::verify(&store, id, params.as_ref(), &record)?)
    } else {
        None
    };
    let verified = checked.as_ref().map(|_| true);
    let s = &record.summary;
    let mut fields = vec![
        (l.get("ss_sample"), s.id.to_string()),
        (
            l.get("ss_drawn"),
            fill!(
                l,
                "ss_drawn_by",
                at = dates::short_in(&s.created_at, l.lang()),
                by = s.created_by
            ),
        ),
    ];
    match &params {
        Some(p) => {
            fields.extend(p.describe(&l));
            fields.push((l.get("ss_algorithm"), p.algorithm.clone()));
        }
        None => {
            fields.push((
                l.get("ss_period"),
                fill!(l, "ss_period_value", from = day(&s.period_from), to = day(&s.period_to)),
            ));
            fields.push((l.get("ss_seed"), s.seed.to_string()));
        }
    }
    fields.push((
        l.get("ss_progress"),
        fill!(
            l,
            "ss_progress_value",
            done = s.done,
            items = s.items,
            percent = percent(s.done, s.items)
        ),
    ));
    let doubles = store.doubles(id)?;
    if !doubles.is_empty() {
        let done = doubles.iter().filter(|d| d.evaluation.is_some()).count();
        fields.push((
            l.get("ss_double"),
            fill!(l, "ss_double_value", items = doubles.len(), done = done),
        ));
    }
    let mut out = Output::new(&ShowOut {
        sample: &record,
        shortfall: params.as_ref().map(|p| p.shortfall()).unwrap_or_default(),
        verified,
        changed_since_draw: checked.as_ref().map(|c| &c.changed_since[..]),
    })
    .fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
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
    let heads = [
        "ss_col_evaluator",
        "ss_col_assigned",
        "ss_col_done",
        "ss_col_draft",
        "ss_col_to_do",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&heads.each_ref().map(String::as_str)).titled(l.get("ss_by_evaluator"));
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
    let heads = [
        "#",
        "ss_col_interaction",
        "ss_col_channel",
        "ss_col_agent",
        "ss_col_occurred",
        "ss_col_evaluator",
        "ss_col_status",
    ]
    .map(|k| l.get(k));
    let mut items = Table::new(&heads.each_ref().map(String::as_str)).titled(l.get("ss_items"));
    for item in &record.items {
        items.row(vec![
            item.position.to_string(),
            item.interaction.interaction.clone(),
            l.channel(&item.interaction.channel),
            item.interaction.agent.clone(),
            day(&occurred(&item.interaction)),
            item.evaluator.clone(),
            item_status(item, &l),
        ]);
    }
    out = out.table(items);
    if let Some(short) = params.as_ref().and_then(|p| shortfall_table(p, &l)) {
        out = out.table(short);
    }
    if let Some(checked) = &checked {
        let changed = &checked.changed_since;
        if !changed.is_empty() {
            let heads = [
                "#",
                "ss_col_interaction",
                "ss_col_change",
                "ss_col_reason",
                "ss_col_by",
                "ss_col_when",
            ]
            .map(|k| l.get(k));
            let mut t = Table::new(&heads.each_ref().map(String::as_str)).titled(l.get("ss_changed"));
            for c in changed {
                t.row(vec![
                    c.position.to_string(),
                    c.interaction.clone(),
                    c.change.clone(),
                    c.reason.clone(),
                    c.changed_by.clone(),
                    dates::short_in(&c.changed_at, l.lang()),
                ]);
            }
            out = out.table(t);
        }
        out = out.line(fill!(l, "ss_verified", seed = s.seed, items = record.items.len()));
        if !changed.is_empty() {
            let mut ids: Vec<&str> = changed.iter().map(|c| c.interaction.as_str()).collect();
            ids.dedup();
            out = out.line(fill!(l, "ss_changed_line", count = ids.len(), ids = ids.join(", ")));
        }
    }
    Ok(out)
}
