//! `qaudit calibrate` (being built).

use super::Context;
use crate::cli::CalibrateCommand;
use crate::output::Output;
use anyhow::Result;

pub fn run(_ctx: &Context, _cmd: CalibrateCommand) -> Result<Output> {
    crate::error::refuse("this command is not built yet", "see the README for what exists")
}
