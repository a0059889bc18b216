//! `--limit` as every list takes it (issue 15 item 9): at most N rows, newest first, `0` for all,
//! and a notice on stderr when the list was cut, so nobody mistakes the first page for the whole.
//! Also the language a list speaks: `--lang`, else the one every rubric of its rows shares.

use super::Context;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::report::common::lang_of_all;
use crate::store::Store;

/// How many rows to ask the store for: one more than shown, to know whether the list is cut;
/// every row with `--limit 0`.
pub fn fetch_limit(limit: usize) -> usize {
    if limit == 0 {
        i64::MAX as usize
    } else {
        limit.saturating_add(1)
    }
}

/// Cuts `rows` (fetched with [`fetch_limit`]) to `limit` and says so on stderr; `what` names
/// the rows ("evaluations", "log entries").
pub fn cut<T>(ctx: &Context, rows: &mut Vec<T>, limit: usize, what: &str) {
    if limit > 0 && rows.len() > limit {
        rows.truncate(limit);
        ctx.notice(&format!(
            "Showing the newest {limit} {what}; more match: --limit 0 shows them all."
        ));
    }
}

/// [`cut`] with the notice in the labels' language; `what` is a key of `lists.yaml`.
pub fn cut_in<T>(ctx: &Context, rows: &mut Vec<T>, limit: usize, what: &str, l: &Labels) {
    if limit > 0 && rows.len() > limit {
        rows.truncate(limit);
        ctx.notice(&fill!(l, "cut", limit = limit, what = l.get(what)));
    }
}

/// The language of a list (issue 15, the rule of every view over several rubrics): `given`
/// (`--lang`), else the language every rubric of its rows shares (by the rubric's latest
/// version), else English.
pub fn lang_of<'a>(
    store: &Store,
    given: Option<Lang>,
    rubrics: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<Lang> {
    if let Some(lang) = given {
        return Ok(lang);
    }
    let known = store.rubric_summaries()?;
    let codes: Vec<&str> = rubrics
        .into_iter()
        .map(|id| known.iter().find(|r| r.id == id).map_or("en", |r| r.language.as_str()))
        .collect();
    Ok(lang_of_all(codes))
}

#[cfg(test)]
mod tests {
    use super::fetch_limit;

    #[test]
    fn zero_asks_for_every_row_and_n_for_one_more() {
        assert_eq!(fetch_limit(0), i64::MAX as usize);
        assert_eq!(fetch_limit(20), 21);
    }
}
