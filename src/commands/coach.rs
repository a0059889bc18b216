//! `qaudit coach` (being built).

use super::Context;
use crate::cli::CoachCommand;
use crate::output::Output;
use anyhow::Result;

pub fn run(_ctx: &Context, _cmd: CoachCommand) -> Result<Output> {
    crate::error::refuse("this command is not built yet", "see the README for what exists")
}
