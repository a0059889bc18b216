//! Issue 15 item 9: every option and argument of every command has a help line.

use super::Cli;
use clap::CommandFactory;

fn missing(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let builtin = matches!(arg.get_id().as_str(), "help" | "version");
        if !builtin && !arg.is_hide_set() && arg.get_help().is_none() && arg.get_long_help().is_none() {
            out.push(format!("{path} {}", arg.get_id()));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            missing(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
}

#[test]
fn every_option_and_argument_has_a_help_line() {
    let mut out = Vec::new();
    missing(&Cli::command(), "qaudit", &mut out);
    assert!(out.is_empty(), "{} without help:\n{}", out.len(), out.join("\n"));
}
