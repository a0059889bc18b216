//! The qaudit binary: parse, run, print, and map every outcome to an exit code
//! (0 ok, 1 refused input, 2 usage, 3 internal error; a closed pipe is 0).

use clap::Parser;
use qaudit::cli::Cli;
use qaudit::error::UserError;
use qaudit::output::terminal::escape;
use std::io::{self, Write};
use std::process::ExitCode;

const GUIDE: &str = "\
qaudit: quality assurance and mystery-shopping audits

See it first:        qaudit demo --db demo.db         (a realistic store, its reports as HTML)

A typical day:
  qaudit interaction import calls.csv          bring in yesterday's calls, chats and emails
  qaudit sample draw --from -7d --to yesterday --per-agent 4
                                               a fair, repeatable sample for the evaluators
  qaudit queue --evaluator eva                 what is still to score
  qaudit score --interaction ID --rubric call-quality
                                               score one, criterion by criterion
  qaudit visit log ...                         a mystery shopper logs a store visit
  qaudit report team                           the team at a glance; report feedback EVAL for one
  qaudit coach plan AGENT                      what an agent should work on
  qaudit flags                                 who to reward, who needs a review, and why
  qaudit status                                what is waiting, and the next command to run

Start a store with `qaudit init`. Every command takes --db PATH (or QAUDIT_DB), --as NAME (or
QAUDIT_USER) and --format table|json|csv. More: qaudit --help, qaudit COMMAND --help, and
examples/README.md for a month of QA work.
";

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unexpected failure".to_string());
        let _ = writeln!(
            io::stderr(),
            "error: internal error: {what}\nhint: this is a bug in qaudit; please report it with the command you ran"
        );
        std::process::exit(3);
    }));

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let format = cli.global.format.unwrap_or(qaudit::output::Format::Table);
    match qaudit::commands::run(cli) {
        Ok(Some(output)) => finish(output.write(format, &mut io::stdout().lock())),
        Ok(None) => finish(io::stdout().lock().write_all(GUIDE.as_bytes())),
        Err(e) => report(&e),
    }
}

/// Exit 0 after writing, also when the reader closed the pipe (`qaudit ... | head -1`).
fn finish(written: io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
            ExitCode::from(3)
        }
    }
}

/// Prints an error with its hint and picks the exit code.
fn report(e: &anyhow::Error) -> ExitCode {
    if e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    }) {
        return ExitCode::SUCCESS;
    }
    let mut err = io::stderr().lock();
    match e.chain().find_map(|c| c.downcast_ref::<UserError>()) {
        Some(user) => {
            let _ = writeln!(err, "error: {}", escape(&format!("{e:#}")));
            for line in &user.details {
                let _ = writeln!(err, "{}", escape(line));
            }
            let _ = writeln!(err, "hint: {}", escape(&user.hint));
            ExitCode::from(1)
        }
        None => match qaudit::commands::errors::plain_fault(e) {
            Some(fault) => {
                let _ = writeln!(err, "error: {}\nhint: {}", escape(&fault.message), escape(&fault.hint));
                ExitCode::from(1)
            }
            None => {
                let _ = writeln!(
                    err,
                    "error: internal error: {}\nhint: this is a bug in qaudit or a problem with the store file; please report it with the command you ran",
                    escape(&format!("{e:#}"))
                );
                ExitCode::from(3)
            }
        },
    }
}
