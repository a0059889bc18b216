//! `--limit` as every list takes it (issue 15 item 9): at most N rows, newest first, `0` for all,
//! and a notice on stderr when the list was cut, so nobody mistakes the first page for the whole.
//! Also the language a list speaks: `--lang`, else the one every rubric of its rows shares.

use super::Context;
use crate::dates;
use crate::error::UserError;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::report::common::lang_of_all;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;

/// How many rows to ask the store for: one more than shown, to know whether the list is cut;
/// every row with `--limit 0`.
pub fn fetch_limit(limit: usize) -> usize {
    if limit == 0 {
        i64::MAX as usize
    } else {
        limit.saturating_add(1)
    }
}

/// The stored-time bounds of a list's `--from` / `--to` days (either may be left out), read
/// with `today` for relative days; refuses a day that does not read as one, or a reversed pair.
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<(Option<String>, Option<String>)> {
    let day = |flag: &str, text: Option<&str>| {
        text.map(|t| dates::parse_day(t, today).map_err(|m| UserError::new(format!("--{flag} {t:?} is not a day"), m)))
            .transpose()
    };
    let (first, last) = (day("from", from)?, day("to", to)?);
    if let (Some(f), Some(l)) = (first, last)
        && f > l
    {
        return crate::error::refuse(
            format!("--from {f} is after --to {l}"),
            "give the earlier day as --from and the later one as --to",
        );
    }
    Ok(dates::day_range(first, last))
}

/// Cuts `rows` (fetched with [`fetch_limit`]) to `limit` and says so on stderr, in the labels'
/// language; `what` names the rows, a key of `lists.yaml` (`what_evaluations`).
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
    use super::{fetch_limit, period};
    use crate::error::UserError;
    use chrono::NaiveDate;

    #[test]
    fn a_list_period_may_be_open_and_is_refused_reversed_or_unreadable() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(period(None, None, today).unwrap(), (None, None));
        let (from, to) = period(Some("2026-11-01"), Some("today"), today).unwrap();
        assert!(from.is_some_and(|f| f.starts_with("2026-1")) && to.is_some());
        let refused = |from, to| {
            period(from, to, today)
                .unwrap_err()
                .downcast::<UserError>()
                .unwrap()
                .message
        };
        assert_eq!(
            refused(Some("2026-11-30"), Some("2026-11-01")),
            "--from 2026-11-30 is after --to 2026-11-01"
        );
        assert_eq!(refused(None, Some("soon")), "--to \"soon\" is not a day");
    }

    #[test]
    fn zero_asks_for_every_row_and_n_for_one_more() {
        assert_eq!(fetch_limit(0), i64::MAX as usize);
        assert_eq!(fetch_limit(20), 21);
    }
}
