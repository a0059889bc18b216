//! `qaudit backup FILE`: a consistent copy of the store, recorded in its log.
//!
//! The backup's own audit entry is written first, so the copy ends with it: the head printed
//! is the copy's last entry, and `qaudit verify --db FILE --expect-head SEQ:HASH` later proves
//! the copy is the one made. The file's sha256 is printed to keep beside it.

use super::Context;
use crate::error::refuse;
use crate::output::Output;
use anyhow::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

pub fn run(ctx: &Context, file: &Path, force: bool) -> Result<Output> {
    crate::output_guard::guard(file, "the backup")?;
    let mut store = ctx.open()?;
    if file.exists() && !force {
        return refuse(
            format!("{} already exists", file.display()),
            "choose another file name, or add --force to replace it",
        );
    }
    let shown = file.display().to_string();
    store.write(&ctx.writer(&store)?, |tx| {
        tx.audit("store.backup", "store", &serde_json::json!({ "file": shown }))
    })?;
    store.backup_to(file)?;
    if let Some(h) = store.log_head()? {
        crate::store::key::record_backup(store.store_id(), &h)?;
    }
    let bytes = std::fs::read(file)?;
    let sha = crate::rubric::load::hex(&Sha256::digest(&bytes));
    let head = store.log_head()?.map(|(s, h)| format!("{s}:{h}")).unwrap_or_default();
    let key = store.key_path().display().to_string();
    Ok(Output::new(&serde_json::json!({
        "backup": shown, "bytes": bytes.len(), "sha256": sha, "head": head, "key": key,
    }))
    .line(format!(
        "Backed up {} to {} ({} bytes).",
        store.path().display(),
        file.display(),
        bytes.len()
    ))
    .fields(vec![("sha256", sha), ("Head", head.clone()), ("Key", key.clone())])
    .line(format!(
        "Check it with `qaudit verify --db {} --expect-head {head}`.",
        file.display()
    ))
    .line(format!(
        "The backup is proved with the store's key ({key}): keep a copy of the key as safely as the backup, and apart from it; a lost key means `verify` can no longer prove the log."
    )))
}
