//! `qaudit completions SHELL` and `qaudit man`: generated from the clap definitions, so they
//! always match the commands that exist.

use crate::cli::Cli;
use crate::output::Output;
use anyhow::Result;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Result<Output> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "qaudit", &mut script);
    Ok(Output::new(&serde_json::Value::Null).line(String::from_utf8_lossy(&script).trim_end()))
}

pub fn man() -> Result<Output> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(Output::new(&serde_json::Value::Null).line(String::from_utf8_lossy(&page).trim_end()))
}
