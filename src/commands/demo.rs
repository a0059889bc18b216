//! `qaudit demo`: build a realistic store and show what qaudit does with it.

use super::Context;
use super::init::store_bundled;
use crate::cli::DemoArgs;
use crate::demo::{self, DemoOptions};
use crate::error::refuse;
use crate::output::Output;
use crate::store::{self, OpenMode};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(ctx: &Context, args: &DemoArgs) -> Result<Output> {
    let path = &ctx.global.db;
    if path.exists() {
        let existing = store::open(path, OpenMode::Existing)?;
        if existing.meta("demo_seed")?.is_some() {
            drop(existing);
            remove_store(path)?;
            ctx.notice(&format!("Replacing the earlier demo store {}.", path.display()));
        } else if existing.has_records()? {
            return refuse(
                format!("{} holds real records; the demo will not touch it", path.display()),
                "build the demo in its own file: `qaudit demo --db demo.db`",
            );
        }
    }
    let mut store = store::open(path, OpenMode::Create)?;
    let actor = ctx.actor();
    store.write(&actor, |tx| store_bundled(tx).map(|_| ()))?;
    let opts = DemoOptions {
        seed: args.seed,
        agents: args.agents,
        interactions: args.interactions,
        evaluations: args.evaluations,
        visits: args.visits,
        until: chrono::Utc::now(),
    };
    let bar = (std::io::stderr().is_terminal() && !ctx.global.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(opts.interactions as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} interactions ({eta} left)")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message("building the demo");
        bar
    });
    let summary = demo::build(&mut store, &actor, &opts, &|done| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let db = path.display().to_string();
    Ok(Output::new(&summary)
        .fields(vec![
            ("Demo store", db.clone()),
            ("Seed", summary.seed.to_string()),
            (
                "People",
                format!(
                    "{} agents, {} staff, {} stores",
                    summary.agents, summary.staff, summary.locations
                ),
            ),
            (
                "Work",
                format!(
                    "{} interactions, {} evaluated, {} mystery-shopper visits",
                    summary.interactions, summary.evaluations, summary.visits
                ),
            ),
        ])
        .line(format!("Try it (add --db {db} unless it is ./qaudit.db):"))
        .line("  qaudit evaluation list --agent a-001")
        .line("  qaudit evaluation show 1")
        .line("  qaudit visit list --status complete")
        .line("  qaudit verify"))
}

/// Deletes a store file with its WAL and shared-memory companions.
fn remove_store(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return refuse(
                    format!("cannot replace {}: {e}", path.display()),
                    "check that you may write there",
                );
            }
        }
    }
    Ok(())
}
