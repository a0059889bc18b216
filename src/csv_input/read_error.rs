//! The errors of reading a file as CSV text (before any import rule applies).

use super::{MAX_COLUMNS, MAX_HEADER};

/// Why a file cannot be read as CSV text, in the library's words: each front end says how to
/// fix it in its own (the command line names `--delimiter` and `--encoding`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// A header wider than [`MAX_COLUMNS`]: often a wrong delimiter splitting the cells.
    #[error("{file}:{line}: the header has {columns} columns; qaudit reads at most {MAX_COLUMNS}")]
    TooManyColumns { file: String, line: u64, columns: usize },
    /// A header line longer than [`MAX_HEADER`].
    #[error("{file}:1: the header line is over {} KiB long (qaudit reads at most {MAX_COLUMNS} columns)", MAX_HEADER / 1024)]
    HeaderTooLong { file: String },
    /// A cell that is not UTF-8 (`byte` is the first bad one, `field` counts from 1).
    #[error(
        "{file}:{line}: not UTF-8 text (byte 0x{byte:02X} in field {field}); the file is probably in another encoding such as Windows-1252 or Latin-1"
    )]
    NotUtf8 {
        file: String,
        line: u64,
        byte: u8,
        field: usize,
    },
}
