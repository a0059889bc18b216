//! `--limit` as every list takes it (issue 15 item 9): at most N rows, newest first, `0` for all,
//! and a notice on stderr when the list was cut, so nobody mistakes the first page for the whole.

use super::Context;

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

#[cfg(test)]
mod tests {
    use super::fetch_limit;

    #[test]
    fn zero_asks_for_every_row_and_n_for_one_more() {
        assert_eq!(fetch_limit(0), i64::MAX as usize);
        assert_eq!(fetch_limit(20), 21);
    }
}
