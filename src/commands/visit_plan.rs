//! `qaudit visit plan` (being built).

use super::Context;
use crate::cli::VisitPlanArgs;
use crate::output::Output;
use anyhow::Result;

pub fn run(_ctx: &Context, _args: &VisitPlanArgs) -> Result<Output> {
    crate::error::refuse("this command is not built yet", "see the README for what exists")
}
