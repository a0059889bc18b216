//! qaudit: local-first quality assurance and mystery-shopping audits.
//!
//! The library holds everything; `main.rs` only parses the command line, runs it and maps
//! errors to exit codes. See DESIGN.md in the project's shared folder for the contract.

pub mod cli;
pub mod commands;
pub mod dates;
pub mod error;
pub mod output;
pub mod prompt;
pub mod rubric;
pub mod store;
