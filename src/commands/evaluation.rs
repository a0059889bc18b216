//! `qaudit evaluation` (being built).

use super::Context;
use crate::cli::EvaluationCommand;
use crate::output::Output;
use anyhow::Result;

pub fn run(_ctx: &Context, _cmd: EvaluationCommand) -> Result<Output> {
    crate::error::refuse("this command is not built yet", "see the README for what exists")
}
