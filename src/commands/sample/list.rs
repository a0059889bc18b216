//! `qaudit sample list`: the samples and how far their scoring has got.

use super::percent;
use crate::commands::Context;
use crate::output::{Output, Table};
use anyhow::Result;

pub(super) fn list(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let samples = store.samples()?;
    let mut t = Table::new(&["sample", "drawn", "by", "from", "to", "rubric", "seed", "done"]);
    for s in &samples {
        t.row(vec![
            s.id.to_string(),
            s.created_at.get(..10).unwrap_or(&s.created_at).to_string(),
            s.created_by.clone(),
            s.period_from.clone(),
            s.period_to.clone(),
            s.rubric.clone().unwrap_or_default(),
            s.seed.to_string(),
            format!("{}/{} ({})", s.done, s.items, percent(s.done, s.items)),
        ]);
    }
    let out = Output::new(&samples);
    Ok(if samples.is_empty() {
        out.line("No samples yet. Draw one with `qaudit sample draw --from DAY --to DAY --per-agent N`.")
    } else {
        out.table(t)
    })
}
