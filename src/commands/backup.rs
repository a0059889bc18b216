//! `qaudit backup FILE`: a consistent copy of the store.

use super::Context;
use crate::error::refuse;
use crate::output::Output;
use anyhow::Result;
use std::path::Path;

pub fn run(ctx: &Context, file: &Path, force: bool) -> Result<Output> {
    let store = ctx.open()?;
    if file.exists() && !force {
        return refuse(
            format!("{} already exists", file.display()),
            "choose another file name, or add --force to replace it",
        );
    }
    if std::fs::canonicalize(file)
        .ok()
        .is_some_and(|f| std::fs::canonicalize(store.path()).ok() == Some(f))
    {
        return refuse("the backup would overwrite the store itself", "back up to another file");
    }
    store.backup_to(file)?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(
        Output::new(&serde_json::json!({ "backup": file.display().to_string(), "bytes": size }))
            .line(format!(
                "Backed up {} to {} ({size} bytes).",
                store.path().display(),
                file.display()
            ))
            .line(format!("Check it with `qaudit verify --db {}`.", file.display())),
    )
}
