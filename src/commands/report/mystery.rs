//! `qaudit report mystery` (a part of `report`, kept in its own file): the mystery contacts of a
//! period by channel, rendered like every report. Only shoppers' test contacts are read (the
//! `mystery_contacts` rows), so no real contact is ever mixed in; a contact whose evaluation was
//! voided is left out.

use crate::cli::MysteryReportArgs;
use crate::commands::Context;
use crate::commands::report_output::emit;
use crate::dates;
use crate::lang::Lang;
use crate::mystery::ContactChannel;
use crate::mystery::report::{ContactResult, build};
use crate::output::Output;
use crate::report::common::Period;
use crate::store::mystery::ContactFilter;
use anyhow::Result;

pub(super) fn run(ctx: &Context, args: &MysteryReportArgs) -> Result<Output> {
    let store = ctx.open()?;
    let period = Period::from_options(args.from.as_deref(), args.to.as_deref(), dates::today())?;
    let rubric = args.rubric.as_deref().map(|id| store.rubric(id, None)).transpose()?;
    let (from, to) = period.bounds();
    let contacts = store.mystery_contacts(&ContactFilter {
        rubric: rubric.as_ref().map(|r| r.id.clone()),
        from: Some(from),
        to: Some(to),
        submitted_only: true,
        ..ContactFilter::default()
    })?;
    let mut langs = Vec::new();
    let mut results = Vec::new();
    for c in &contacts {
        let Some(channel) = ContactChannel::parse(&c.channel) else {
            continue;
        };
        langs.push(store.rubric(&c.rubric, Some(c.rubric_version))?.language);
        results.push(ContactResult {
            channel,
            overall: c.overall,
            passed: c.passed,
            answer_seconds: c.answer_seconds,
        });
    }
    // Spanish when the rubric (or every rubric of the contacts) is Spanish, else English.
    let lang = match &rubric {
        Some(r) => r.language,
        None if !langs.is_empty() && langs.iter().all(|l| *l == Lang::Es) => Lang::Es,
        None => Lang::En,
    };
    let data = build(&results, period.view(), rubric.map(|r| r.id));
    emit(ctx.global.format, &args.report, "mystery", lang, &data)
}
