//! One file per command; `run` dispatches with one `match`. Commands return an [`Output`] and
//! never print results themselves (notices to stderr go through [`Context::notice`]).

mod backup;
mod calibrate;
mod coach;
mod completions;
mod config;
mod contact;
mod decisions;
mod demo;
mod dispute;
pub mod errors;
mod evaluation;
mod export;
mod flags;
mod identity;
mod import_options;
mod init;
mod interaction;
mod listing;
mod log;
mod people;
mod queue;
mod report;
mod report_output;
mod rubric;
mod sample;
mod score;
mod sealed_receipt;
mod status;
mod survey;
mod verify;
mod visit;

use crate::actor::{Actor, Channel};
use crate::cli::{Cli, Command, Global};
use crate::error::refuse;
use crate::output::{Format, Output};
use crate::roles::Role;
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

    /// The acting party as the core sees it: a staff member with their roles, an agent, or
    /// someone registered as neither.
    pub fn actor_in(&self, store: &Store) -> Result<Actor> {
        let id = self.actor();
        let mut actor = match store.staff_member(&id)? {
            Some(member) => Actor::staff(member.id, member.roles, Channel::Cli),
            None if store.agent(&id)?.is_some() => Actor::agent(id, Channel::Cli),
            None => Actor::unregistered(id, Channel::Cli),
        };
        actor.os_user = std::env::var("USER").ok().filter(|u| !u.is_empty());
        Ok(actor)
    }

    /// The acting staff member, who must hold `role` to `what` (e.g. "score interactions").
    pub fn require_role(&self, store: &Store, role: Role, what: &str) -> Result<Actor> {
        let actor = self.actor_in(store)?;
        actor.require(role, what)?;
        Ok(actor)
    }

    /// Who a write is recorded as: `--as` (or the OS user), which must be printable and, once the
    /// store has a lead (until then it is being set up), a staff member. Agents act only through the commands that let them
    /// (their own acknowledgements, disputes and coaching plans), which check that themselves.
    pub fn writer(&self, store: &Store) -> Result<String> {
        let actor = self.actor();
        check_actor_text(&actor)?;
        if store.has_lead()? && store.staff_member(&actor)?.is_none() {
            return refuse(
                format!("`{actor}` is not a staff member, so may not change the store"),
                "pass --as YOUR_ID (or set QAUDIT_USER); a lead adds staff with `qaudit staff add ID --name NAME --role ROLE`",
            );
        }
        Ok(actor)
    }

    /// Who may add staff or change roles: a lead, or anyone while the store has no lead (the
    /// first lead is made by `init --lead` or the first `staff add --role lead`).
    pub fn staff_manager(&self, store: &Store) -> Result<String> {
        if store.has_lead()? {
            return self
                .require_role(store, Role::Lead, "add staff or change roles")
                .map(|m| m.id);
        }
        let actor = self.actor();
        check_actor_text(&actor)?;
        Ok(actor)
    }

    /// Prints a notice on stderr unless `--quiet`.
    pub fn notice(&self, text: &str) {
        if !self.global.quiet {
            eprintln!("{}", crate::output::terminal::escape(text));
        }
    }
}

/// Refuses an actor name that is not printable text.
fn check_actor_text(actor: &str) -> Result<()> {
    match crate::text_rules::id_problem(actor) {
        None => Ok(()),
        Some(problem) => refuse(
            format!("--as {:?} {problem}", crate::output::terminal::escape(actor)),
            "--as (or QAUDIT_USER) names a staff id, e.g. --as eva",
        ),
    }
}

/// Runs the parsed command line. `None` means no command was given.
pub fn run(cli: Cli) -> Result<Option<Output>> {
    let ctx = Context { global: cli.global };
    // Every file this run writes is checked against the store (see `output_guard`).
    crate::output_guard::set_store(&ctx.global.db);
    // Times shown and days typed are in the store's zone from the first line of every command.
    if let Some(tz) = store::settings::peek_timezone(&ctx.global.db) {
        crate::dates::use_zone(tz);
    }
    let Some(command) = cli.command else {
        return Ok(None);
    };
    dispatch(&ctx, command).map(Some).map_err(errors::for_cli)
}

/// Runs one command.
fn dispatch(ctx: &Context, command: Command) -> Result<Output> {
    let output = match command {
        Command::Init { lead, name } => init::run(ctx, lead.zip(name))?,
        Command::Rubric(cmd) => rubric::run(ctx, cmd)?,
        Command::Agent(cmd) => people::agent::run(ctx, cmd)?,
        Command::Staff(cmd) => people::staff::run(ctx, cmd)?,
        Command::Location(cmd) => people::location::run(ctx, cmd)?,
        Command::Interaction(cmd) => interaction::run(ctx, cmd)?,
        Command::Survey(cmd) => survey::run(ctx, cmd)?,
        Command::Score(args) => score::run(ctx, args)?,
        Command::Visit(cmd) => visit::run(ctx, cmd)?,
        Command::Contact(cmd) => contact::run(ctx, cmd)?,
        Command::Evaluation(cmd) => evaluation::run(ctx, cmd)?,
        Command::Log(args) => log::run(ctx, args)?,
        Command::Sample(cmd) => sample::run(ctx, cmd)?,
        Command::Queue { evaluator, lang } => queue::run(ctx, evaluator, lang)?,
        Command::Report(cmd) => report::run(ctx, cmd)?,
        Command::Coach(cmd) => coach::run(ctx, cmd)?,
        Command::Export(args) => export::run(ctx, args)?,
        Command::Flags(crate::cli::FlagsArgs { command: Some(cmd), .. }) => decisions::run(ctx, cmd)?,
        Command::Flags(args) => flags::run(ctx, args)?,
        Command::Dispute(cmd) => dispute::run(ctx, cmd)?,
        Command::Calibrate(cmd) => calibrate::run(ctx, cmd)?,
        Command::Demo(args) => demo::run(ctx, &args)?,
        Command::Verify { expect_head } => verify::run(ctx, expect_head.as_deref())?,
        Command::Completions { shell } => completions::completions(shell)?,
        Command::Man => completions::man()?,
        Command::Status { lang } => status::run(ctx, lang)?,
        Command::Config(cmd) => config::run(ctx, cmd)?,
        Command::Backup { file, force } => backup::run(ctx, &file, force)?,
    };
    Ok(output)
}
