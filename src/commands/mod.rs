//! One file per command; `run` dispatches with one `match`. Commands return an [`Output`] and
//! never print results themselves (notices to stderr go through [`Context::notice`]).

mod agent;
mod evaluation;
mod init;
mod interaction;
mod location;
mod log;
mod rubric;
mod score;
mod staff;
mod visit;

use crate::cli::{Cli, Command, Global};
use crate::output::{Format, Output};
use crate::store::{self, OpenMode, Store};
use anyhow::Result;

/// What every command may need from the global flags.
pub struct Context {
    pub global: Global,
}

impl Context {
    /// The acting person: `--as`, else `QAUDIT_USER` (both via clap), else the OS user.
    pub fn actor(&self) -> String {
        self.global
            .actor
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// The output format asked for, `table` by default.
    pub fn format(&self) -> Format {
        self.global.format.unwrap_or(Format::Table)
    }

    /// Opens the store named by `--db`; a missing one is a user error pointing at `init`.
    pub fn open(&self) -> Result<Store> {
        store::open(&self.global.db, OpenMode::Existing)
    }

    /// Prints a notice on stderr unless `--quiet`.
    pub fn notice(&self, text: &str) {
        if !self.global.quiet {
            eprintln!("{text}");
        }
    }
}

/// Runs the parsed command line. `None` means no command was given.
pub fn run(cli: Cli) -> Result<Option<Output>> {
    let ctx = Context { global: cli.global };
    let Some(command) = cli.command else {
        return Ok(None);
    };
    let output = match command {
        Command::Init => init::run(&ctx)?,
        Command::Rubric(cmd) => rubric::run(&ctx, cmd)?,
        Command::Agent(cmd) => agent::run(&ctx, cmd)?,
        Command::Staff(cmd) => staff::run(&ctx, cmd)?,
        Command::Location(cmd) => location::run(&ctx, cmd)?,
        Command::Interaction(cmd) => interaction::run(&ctx, cmd)?,
        Command::Score(args) => score::run(&ctx, args)?,
        Command::Visit(cmd) => visit::run(&ctx, cmd)?,
        Command::Evaluation(cmd) => evaluation::run(&ctx, cmd)?,
        Command::Log(args) => log::run(&ctx, args)?,
    };
    Ok(Some(output))
}
