//! One run of the binary as one printable value, so that a refusal's message, its `hint:` line
//! and its exit code are checked together by one inline snapshot, read as a spec:
//!
//! ```text
//! insta::assert_snapshot!(sb.refuse(&["rubric", "show", "nope"]), @r"
//! exit: 1
//! --- stdout
//! --- stderr
//! error: no rubric `nope`
//! hint: ...
//! ");
//! ```

use super::{Sandbox, root};
use assert_cmd::Command;
use std::fmt;
use std::path::Path;

/// The exit code, stdout and stderr of one run, with the sandbox's and the repository's paths
/// replaced by `[sandbox]` and `[root]` so that snapshots do not change from run to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `None` when the process was ended by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => writeln!(f, "exit: {code}")?,
            None => writeln!(f, "exit: signal")?,
        }
        writeln!(f, "--- stdout")?;
        write_block(f, &self.stdout)?;
        writeln!(f, "--- stderr")?;
        write_block(f, &self.stderr)
    }
}

/// `text` with a final newline, so that the next header starts on its own line.
fn write_block(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str(text)?;
    if !text.is_empty() && !text.ends_with('\n') {
        writeln!(f)?;
    }
    Ok(())
}

impl Sandbox {
    /// Runs the binary in the sandbox with `args` and no stdin.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.outcome(self.qaudit().args(args))
    }

    /// Runs the binary in the sandbox with `args`, `stdin` fed to it.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Outcome {
        self.outcome(self.qaudit().args(args).write_stdin(stdin))
    }

    /// Runs `args` and asserts it was refused (exit 1): the snapshot of the result then shows
    /// the message and its hint.
    pub fn refuse(&self, args: &[&str]) -> Outcome {
        self.refusal(self.qaudit().args(args))
    }

    /// [`Sandbox::refuse`] with `stdin` fed to the binary.
    pub fn refuse_with_stdin(&self, args: &[&str], stdin: &str) -> Outcome {
        self.refusal(self.qaudit().args(args).write_stdin(stdin))
    }

    /// [`Sandbox::refuse`] for a command built by the caller (paths, environment).
    pub fn refusal(&self, cmd: &mut Command) -> Outcome {
        let outcome = self.outcome(cmd);
        assert_eq!(outcome.code, Some(1), "expected a refusal (exit 1), got:\n{outcome}");
        outcome
    }

    /// Runs a command built by the caller (extra paths, environment) and returns what it did.
    pub fn outcome(&self, cmd: &mut Command) -> Outcome {
        let out = cmd.output().expect("the binary runs");
        Outcome {
            code: out.status.code(),
            stdout: self.stable(&String::from_utf8_lossy(&out.stdout)),
            stderr: self.stable(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    /// `text` with this sandbox's path (as given and as the system resolves it) and the
    /// repository root replaced by placeholders.
    fn stable(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (path, placeholder) in [(self.dir.path(), "[sandbox]"), (root(), "[root]")] {
            out = replace_path(&out, path, placeholder);
        }
        out
    }
}

/// Replaces `path`, and its canonical form where that differs (a temporary folder behind a
/// link), by `placeholder`.
fn replace_path(text: &str, path: &Path, placeholder: &str) -> String {
    let mut out = text.replace(&path.display().to_string(), placeholder);
    if let Ok(real) = path.canonicalize() {
        out = out.replace(&real.display().to_string(), placeholder);
    }
    out
}
