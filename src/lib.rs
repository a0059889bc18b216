//! qaudit: local-first quality assurance and mystery-shopping audits.
//!
//! The library holds everything; `main.rs` only parses the command line, runs it and maps
//! errors to exit codes. See DESIGN.md in the project's shared folder for the contract.

pub mod actor;
pub mod calibration;
pub mod cli;
pub mod coaching;
pub mod commands;
pub mod csv_input;
pub mod dates;
pub mod decisions;
pub mod demo;
pub mod disputes;
pub mod error;
pub mod evaluations;
pub mod flags;
pub mod labels;
pub mod lang;
pub mod mystery;
pub mod output;
pub mod output_guard;
pub mod prompt;
pub mod report;
pub mod roles;
pub mod rubric;
pub mod sampling;
pub mod scoring;
pub mod settings;
pub mod stats;
pub mod store;
pub mod temp_files;
pub mod tenure;
pub mod text_rules;
pub mod visits;
pub mod voice;
