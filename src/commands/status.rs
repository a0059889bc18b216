//! `qaudit status`: one screen of what the store holds and what to do next, in `--lang`, else
//! the language every rubric of the store shares (a Spanish team's store reads in Spanish),
//! else English: the rule of every view over several rubrics.

use super::Context;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::report::common::lang_of_all;
use anyhow::Result;

pub fn run(ctx: &Context, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let s = store.status()?;
    let lang = match lang {
        Some(lang) => lang,
        None => lang_of_all(store.rubric_summaries()?.iter().map(|r| r.language.as_str())),
    };
    let l = Labels::of("terminal", lang);
    let mut waiting = Table::new(&[&l.get("s_waiting"), &l.get("s_count"), &l.get("s_next")]);
    let mut add = |what: &str, count: i64, next: &str| {
        if count > 0 {
            waiting.row(vec![l.get(what), count.to_string(), next.to_string()]);
        }
    };
    add("s_queued", s.queued_items, "qaudit queue --evaluator YOU");
    add("s_drafts", s.drafts, "qaudit evaluation list --status draft");
    add("s_disputes", s.open_disputes, "qaudit dispute list --open");
    add("s_to_review", s.visits_to_review, "qaudit visit list --status complete");
    add("s_returned", s.visits_returned, "qaudit visit list --status returned");
    add("s_planned", s.visits_planned, "qaudit visit list --planned");
    add("s_calibrations", s.open_calibrations, "qaudit calibrate status ID");
    add("s_coaching", s.coaching_unacknowledged, "qaudit coach list");
    let mut out = Output::new(&s).fields(vec![
        (
            &l.get("s_store"),
            fill!(
                l,
                "s_store_value",
                path = store.path().display(),
                schema = s.schema_version
            ),
        ),
        (&l.get("s_rubrics"), s.rubrics.to_string()),
        (
            &l.get("s_people"),
            fill!(
                l,
                "s_people_value",
                agents = s.agents,
                staff = s.staff,
                locations = s.locations
            ),
        ),
        (
            &l.get("s_work"),
            fill!(
                l,
                "s_work_value",
                interactions = s.interactions,
                evaluations = s.evaluations
            ),
        ),
    ]);
    out = if waiting.rows.is_empty() {
        out.line(l.get("s_nothing"))
    } else {
        out.table(waiting)
    };
    let next = if s.agents == 0 {
        "s_start"
    } else if s.interactions == 0 {
        "s_next_import"
    } else if s.open_samples == 0 && s.evaluations == 0 {
        "s_next_sample"
    } else {
        "s_next_team"
    };
    Ok(out.line(l.get(next)))
}
