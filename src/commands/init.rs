//! `qaudit init`: create or upgrade the store and load the bundled rubrics.

use super::Context;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::rubric::bundled::{Loaded, bundled_stored, store_bundled};
use crate::store::people::Saved;
use crate::store::{self, KeyState, OpenMode, rubrics::StoreOutcome};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct InitResult {
    store: String,
    schema_version: i64,
    created: bool,
    upgraded_from: Option<i64>,
    rubrics: Vec<Loaded>,
}

pub fn run(ctx: &Context, lead: Option<(String, String)>) -> Result<Output> {
    let path = &ctx.global.db;
    let created = !path.exists();
    let mut store = store::open(path, OpenMode::Create)?;
    let key_state = store.ensure_key(&ctx.actor())?;
    // Upgrade jobs that waited for the key run now, so that no later (perhaps refused) command
    // changes the store by running them.
    store.run_pending()?;
    let from = store.upgraded_from;
    let schema = store.schema_version()?;
    // Running `init` again on a store whose bundled rubrics are all stored writes nothing, so
    // it needs nobody's permission (it is how a store is upgraded and its key shown).
    let rubrics = if bundled_stored(&store)? {
        store.write_nothing(store_bundled)?
    } else {
        store.write(&ctx.writer(&store)?, store_bundled)?
    };
    let lead_line = match &lead {
        None => None,
        Some((id, name)) => {
            super::identity::require_id("lead id", id)?;
            let name = super::identity::require_name("lead's", name)?;
            let manager = ctx.staff_manager(&store)?;
            let (saved, member) = store.write(&manager, |tx| tx.save_staff(id, &name, &[Role::Lead], "init --lead"))?;
            Some(match saved {
                Saved::Unchanged => format!("{id} is already a lead."),
                _ => format!(
                    "{id} ({}) is a lead: they add the other staff with `qaudit --as {id} staff add`.",
                    member.name
                ),
            })
        }
    };
    let state = if created {
        format!("created (schema {schema})")
    } else if from < schema {
        format!("upgraded from schema {from} to {schema}")
    } else {
        format!("up to date (schema {schema})")
    };
    let mut table = Table::new(&["rubric", "version", "bundled rubric"]);
    for r in &rubrics {
        let outcome = match r.outcome {
            StoreOutcome::Stored => "loaded",
            StoreOutcome::Unchanged => "already stored",
        };
        table.row(vec![r.id.clone(), r.version.to_string(), outcome.to_string()]);
    }
    let shown = store.path().display().to_string();
    let key_line = match key_state {
        KeyState::Created => format!(
            "Made the store's key: {} (keep a copy as safely as the backups; without it `verify` cannot prove the log).",
            store.key_path().display()
        ),
        KeyState::Present => format!("The store's key: {}", store.key_path().display()),
    };
    let result = InitResult {
        store: shown.clone(),
        schema_version: schema,
        created,
        upgraded_from: (!created && from < schema).then_some(from),
        rubrics,
    };
    let out = Output::new(&result)
        .fields(vec![("Store", shown), ("State", state)])
        .table(table)
        .line(key_line);
    let out = match lead_line {
        Some(line) => out.line(line),
        None => out,
    };
    Ok(out.line("Next: `qaudit rubric list` to see the rubrics, `qaudit rubric show call-quality` to read one."))
}
