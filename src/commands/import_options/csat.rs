//! `--csat-scale` and `--rescale` turned into the core's [`CsatPlan`], with the hint a person
//! needs when the file's scale is not the store's.

use crate::cli::CsatArgs;
use crate::error::UserError;
use crate::voice::values::{CsatPlan, CsatScale};
use anyhow::Result;

/// The declared scale (1-5 unless `--csat-scale`), checked before any file is read.
pub fn declared(args: &CsatArgs) -> Result<CsatScale> {
    match &args.csat_scale {
        None => Ok(CsatScale::default()),
        Some(t) => CsatScale::parse(t).map_err(|m| {
            UserError::new(
                format!("--csat-scale: {m}"),
                "write --csat-scale 1-5 or --csat-scale 1-10 (1-5 is the default)",
            )
            .into()
        }),
    }
}

/// How this import's CSAT values reach a store keeping `stored`.
pub fn plan(stored: Option<CsatScale>, args: &CsatArgs) -> Result<CsatPlan> {
    let file = declared(args)?;
    CsatPlan::decide(stored, file, args.rescale).map_err(|e| {
        UserError::new(
            e.to_string(),
            format!(
                "declare the store's scale with --csat-scale {}, or convert this file's values to it with --csat-scale {} --rescale (nothing was imported)",
                e.store, e.file
            ),
        )
        .into()
    })
}
