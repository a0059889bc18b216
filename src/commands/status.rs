//! `qaudit status`: one screen of what the store holds and what to do next.

use super::Context;
use crate::output::{Output, Table};
use anyhow::Result;

pub fn run(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let s = store.status()?;
    let mut waiting = Table::new(&["waiting", "count", "next"]);
    let mut add = |what: &str, count: i64, next: &str| {
        if count > 0 {
            waiting.row(vec![what.to_string(), count.to_string(), next.to_string()]);
        }
    };
    add("sampled items to score", s.queued_items, "qaudit queue --evaluator YOU");
    add("draft evaluations", s.drafts, "qaudit evaluation list --status draft");
    add("open disputes", s.open_disputes, "qaudit dispute list --open");
    add(
        "visits to review",
        s.visits_to_review,
        "qaudit visit list --status complete",
    );
    add(
        "visits returned to shoppers",
        s.visits_returned,
        "qaudit visit list --status returned",
    );
    add("planned visits", s.visits_planned, "qaudit visit list --planned");
    add(
        "open calibration sessions",
        s.open_calibrations,
        "qaudit calibrate status ID",
    );
    add(
        "coaching plans not yet seen",
        s.coaching_unacknowledged,
        "qaudit coach list",
    );
    let mut out = Output::new(&s).fields(vec![
        (
            "Store",
            format!("{} (schema {})", store.path().display(), s.schema_version),
        ),
        ("Rubrics", s.rubrics.to_string()),
        (
            "People",
            format!("{} agents, {} staff, {} locations", s.agents, s.staff, s.locations),
        ),
        (
            "Work",
            format!("{} interactions, {} evaluations", s.interactions, s.evaluations),
        ),
    ]);
    out = if waiting.rows.is_empty() {
        out.line("Nothing is waiting.")
    } else {
        out.table(waiting)
    };
    let next = if s.agents == 0 {
        "Start: add people with `qaudit agent import agents.csv` and `qaudit staff add`."
    } else if s.interactions == 0 {
        "Next: import a day of calls with `qaudit interaction import calls.csv`."
    } else if s.open_samples == 0 && s.evaluations == 0 {
        "Next: draw a sample with `qaudit sample draw --from -7d --to today --per-agent 4`."
    } else {
        "See the team at a glance with `qaudit report team`."
    };
    Ok(out.line(next))
}
