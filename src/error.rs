//! The one error type that reaches a user as "your input was refused" (exit code 1).
//!
//! Library code returns `UserError` for anything the person at the keyboard can fix: a bad file,
//! an unknown id, a refused action. Everything else (SQLite failures, I/O on our own files) is an
//! internal error and maps to exit code 3. `main` tells them apart by looking for a `UserError`
//! anywhere in the `anyhow` chain, so commands may freely add context around it.

use std::fmt;

/// A refusal the user can act on: what went wrong, optional detail lines, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// One line saying what was refused and where.
    pub message: String,
    /// Further lines (for example every problem found in a file), printed under the message.
    pub details: Vec<String>,
    /// What to do about it; printed as `hint: ...`.
    pub hint: String,
}

impl UserError {
    /// A refusal with a message and a hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            details: Vec::new(),
            hint: hint.into(),
        }
    }

    /// Adds detail lines shown between the message and the hint.
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for returning a [`UserError`] from a function that returns `anyhow::Result`.
pub fn refuse<T>(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Result<T> {
    Err(UserError::new(message, hint).into())
}
