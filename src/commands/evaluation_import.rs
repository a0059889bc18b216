//! `qaudit evaluation import CSV` (being built).

use super::Context;
use crate::output::Output;
use anyhow::Result;
use std::path::Path;

pub fn run(_ctx: &Context, _file: &Path) -> Result<Output> {
    crate::error::refuse("evaluation import is not built yet", "see the README for what exists")
}
