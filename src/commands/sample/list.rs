//! `qaudit sample list`: the samples and how far their scoring has got.

use super::percent;
use crate::commands::Context;
use crate::commands::listing::lang_of;
use crate::dates;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use anyhow::Result;

/// The samples, in `--lang`, else the language every sample's rubric shares.
pub(super) fn list(ctx: &Context, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let samples = store.samples()?;
    let l = Labels::of(
        "people",
        lang_of(&store, lang, samples.iter().filter_map(|s| s.rubric.as_deref()))?,
    );
    let headers = [
        "sm_col_sample",
        "sm_col_drawn",
        "sm_col_by",
        "sm_col_from",
        "sm_col_to",
        "sm_col_rubric",
        "sm_col_seed",
        "sm_col_done",
    ]
    .map(|k| l.get(k));
    let day = |text: &str| dates::in_lang(text, l.lang()).unwrap_or_else(|| text.to_string());
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for s in &samples {
        t.row(vec![
            s.id.to_string(),
            day(s.created_at.get(..10).unwrap_or(&s.created_at)),
            s.created_by.clone(),
            day(&s.period_from),
            day(&s.period_to),
            s.rubric.clone().unwrap_or_default(),
            s.seed.to_string(),
            format!("{}/{} ({})", s.done, s.items, percent(s.done, s.items)),
        ]);
    }
    let out = Output::new(&samples);
    Ok(if samples.is_empty() {
        out.line(l.get("sm_none"))
    } else {
        out.table(t)
    })
}
