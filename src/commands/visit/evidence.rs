//! `visit evidence ID --output DIR`: the attachments written back out, byte for byte.
//!
//! Names are made safe and unique by [`crate::visits::names`]; nothing is written when any
//! target already exists (so a second run never overwrites the first), and each file is created
//! with `create_new`, so a file appearing meanwhile is not overwritten either.

use super::super::Context;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table};
use crate::rubric::load::hex;
use crate::visits::access;
use crate::visits::names::unique_names;
use anyhow::Result;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct Written {
    stored_name: String,
    file: String,
    size: usize,
    sha256: String,
}

pub(super) fn write(ctx: &Context, id: i64, dir: &Path, with_removed: bool) -> Result<Output> {
    let store = ctx.open()?;
    // Those who may see the visit (a lead, its shopper) take out its evidence.
    let detail = access::visible(&store, &ctx.actor_in(&store)?, id)?;
    let files: Vec<_> = detail
        .evidence
        .iter()
        .filter(|a| with_removed || a.removed.is_none())
        .filter(|a| a.removed.as_ref().is_none_or(|r| r.purged_at.is_none()))
        .collect();
    if files.is_empty() {
        return Ok(Output::new(&Vec::<Written>::new()).line(format!("Visit {id} holds no evidence to write.")));
    }
    if dir.exists() && !dir.is_dir() {
        return refuse(
            format!("{} is not a folder", dir.display()),
            "give a folder with --output",
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        UserError::new(
            format!("cannot create {}: {e}", dir.display()),
            "check that you may write there",
        )
    })?;
    let names = unique_names(
        &files.iter().map(|a| a.file_name.clone()).collect::<Vec<_>>(),
        &BTreeSet::new(),
    );
    let clashes: Vec<String> = names.iter().filter(|n| dir.join(n).exists()).cloned().collect();
    if !clashes.is_empty() {
        return Err(UserError::new(
            format!(
                "{} already holds {}; nothing was written",
                dir.display(),
                clashes.join(", ")
            ),
            "write into an empty folder, or move those files away first",
        )
        .into());
    }
    let mut written = Vec::new();
    let mut t = Table::new(&["file", "stored as", "bytes", "sha256"]);
    for (a, name) in files.iter().zip(&names) {
        let bytes = store.attachment_content(a.id)?;
        let sha = hex(&Sha256::digest(&bytes));
        if sha != a.sha256 {
            return Err(anyhow::anyhow!(
                "attachment {} of visit {id} does not match its recorded sha256; run `qaudit verify`",
                a.id
            ));
        }
        let path = dir.join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&bytes).and_then(|_| f.sync_all()))
            .map_err(|e| UserError::new(format!("cannot write {}: {e}", path.display()), "check the folder"))?;
        t.row(vec![
            name.clone(),
            a.file_name.clone(),
            bytes.len().to_string(),
            sha.clone(),
        ]);
        written.push(Written {
            stored_name: a.file_name.clone(),
            file: path.display().to_string(),
            size: bytes.len(),
            sha256: sha,
        });
    }
    let n = written.len();
    Ok(Output::new(&written)
        .table(t)
        .line(format!("Wrote {n} file(s) of visit {id} into {}.", dir.display())))
}
