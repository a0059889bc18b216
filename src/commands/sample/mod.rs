//! `qaudit sample draw | show | list | size`: reproducible random samples of interactions to
//! score, who scores them, and how large a sample needs to be. One file per subcommand; this
//! file dispatches and holds the pieces of output the subcommands share.
//!
//! The draw itself (checking the request, seeded streams, stratification, balanced assignment,
//! recording and verifying) lives in [`crate::sampling`]; the subcommands turn the flags into
//! its request and its results into tables.

mod draw;
mod list;
mod show;
mod size;

use crate::cli::SampleCommand;
use crate::commands::Context;
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::output::{Output, Table};
use crate::sampling::params::DrawParams;
use crate::store::samples::Brief;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: SampleCommand) -> Result<Output> {
    match cmd {
        SampleCommand::Draw(args) => draw::draw(ctx, &args),
        SampleCommand::Show { id, verify, lang } => show::show(ctx, id, verify, lang),
        SampleCommand::List { lang } => list::list(ctx, lang),
        SampleCommand::Size(args) => size::size(&args),
    }
}

/// The agents short of their quota, worded by `l`.
fn shortfall_table(params: &DrawParams, l: &Labels) -> Option<Table> {
    let short = params.shortfall();
    if short.is_empty() {
        return None;
    }
    let new_hires = params
        .new_hire
        .map(|q| fill!(l, "sf_new_hires", n = q.per_agent))
        .unwrap_or_default();
    let heads = ["ss_col_agent", "sf_col_available", "sf_col_drawn", "sf_col_short"].map(|k| l.get(k));
    let mut t = Table::new(&heads.each_ref().map(String::as_str)).titled(fill!(
        l,
        "sf_title",
        n = params.per_agent,
        new_hires = new_hires,
        count = short.len()
    ));
    for s in short {
        t.row(vec![
            s.agent.to_string(),
            s.available.to_string(),
            s.drawn.to_string(),
            s.short.to_string(),
        ]);
    }
    Some(t)
}

fn occurred(b: &Brief) -> String {
    dates::short(&b.occurred_at)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}
