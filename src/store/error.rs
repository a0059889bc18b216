//! What the store refuses and why, as typed values: the message says what happened (the same
//! for every front end); what to do about it (a command to run, a flag to pass) is added by the
//! front end, for the command line in `commands::errors::store`.
//!
//! [`Fault`] is the other half: failures of the machine under the store (a full disk, a damaged
//! file) that SQLite reports, named without any SQLite type leaving the store.

use crate::output::terminal::escape;
use std::path::PathBuf;

/// A refusal by the store that the person acting can do something about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No file where the store should be (and the command does not create one).
    #[error("no qaudit store at {}", path.display())]
    NoStore { path: PathBuf },
    /// The store's path names a folder.
    #[error("{} is a directory, not a qaudit store", path.display())]
    IsDirectory { path: PathBuf },
    /// SQLite could not open the file at all.
    #[error("cannot open {}: {reason}", path.display())]
    CannotOpen { path: PathBuf, reason: String },
    /// The file is not an SQLite database (or SQLite could not read its header).
    #[error("{} is not a qaudit store ({reason})", path.display())]
    NotAStore { path: PathBuf, reason: String },
    /// An SQLite database with tables, none of them qaudit's.
    #[error("{} is an SQLite database but not a qaudit store", path.display())]
    ForeignDatabase { path: PathBuf },
    /// Written by a later qaudit: left untouched.
    #[error("{} was written by a newer qaudit (schema {version}; this qaudit knows up to {known})", path.display())]
    NewerSchema { path: PathBuf, version: i64, known: i64 },
    /// Needs migrating, which a read-only store cannot be.
    #[error("the store {} is read-only and was written by an older qaudit (schema {version})", path.display())]
    OlderSchemaReadOnly { path: PathBuf, version: i64 },
    /// A write to a store opened read-only.
    #[error("the store {} is read-only: nothing was changed", path.display())]
    ReadOnly { path: PathBuf },
    /// Another writer held the lock past every retry.
    #[error("the store {} stayed busy: another qaudit kept it locked", path.display())]
    Busy { path: PathBuf },
    /// The store's id (which names its key file) is missing or not hex.
    #[error("the store's id is missing or damaged, so its key cannot be found")]
    StoreIdDamaged,
    /// A write without the key; `keyed_log` when the log shows a key was used, so none is made.
    #[error(
        "this store's key is not here: {}{}",
        path.display(),
        if *keyed_log { " (this store's log was written with a key, so no new key is made)" } else { "" }
    )]
    KeyMissing { path: PathBuf, keyed_log: bool },
    /// The key file does not hold a key.
    #[error("the key file {} is damaged (it should hold 64 hex digits)", path.display())]
    KeyDamaged { path: PathBuf },
    /// The key file is there but cannot be read.
    #[error("cannot read the key file {}: {reason}", path.display())]
    KeyUnreadable { path: PathBuf, reason: String },
    /// A new key could not be written.
    #[error("cannot create the store's key file {}: {reason}", path.display())]
    KeyNotCreated { path: PathBuf, reason: String },
    /// The head beside the key could not be written.
    #[error("cannot record the store's head in {}: {reason}", path.display())]
    HeadNotRecorded { path: PathBuf, reason: String },
    /// The list of backup heads beside the key could not be written.
    #[error("cannot record the backup's head in {}: {reason}", path.display())]
    BackupHeadNotRecorded { path: PathBuf, reason: String },
    /// The copy of the store could not be made.
    #[error("cannot back up to {}: {reason}", dest.display())]
    BackupFailed { dest: PathBuf, reason: String },
    /// The finished copy could not be moved into place.
    #[error("cannot write {}: {reason}", dest.display())]
    BackupNotPlaced { dest: PathBuf, reason: String },
    /// The same rubric version with other content; `next` is the version to use instead.
    #[error("{file}: rubric `{id}` version {version} is already stored with different content")]
    RubricConflict {
        file: String,
        id: String,
        version: u32,
        next: u32,
    },
    /// A rubric version below the newest stored one.
    #[error("{file}: rubric `{id}` version {version} is older than the stored version {latest}")]
    RubricOlder {
        file: String,
        id: String,
        version: u32,
        latest: u32,
    },
    /// No rubric by that id; `known` are the ids stored.
    #[error("no rubric `{id}` in the store")]
    RubricNotFound { id: String, known: Vec<String> },
    /// The rubric exists, not in that version; `stored` are its versions, newest first.
    #[error("rubric `{id}` has no version {version}")]
    RubricVersionNotFound { id: String, version: u32, stored: Vec<u32> },
    /// A dispute resolved (by someone else) before this resolution.
    #[error("dispute {dispute} is no longer open")]
    DisputeNotOpen { dispute: i64 },
    /// A second dispute on one evaluation.
    #[error("evaluation {evaluation} is already under dispute (dispute {dispute} is open)")]
    AlreadyOpen { evaluation: i64, dispute: i64 },
    /// The acting party's id is not printable text (`problem` says how).
    #[error("the acting party {:?} {problem}", escape(actor))]
    BadActor { actor: String, problem: String },
    /// The acting party is neither staff nor an agent of a store that has a lead.
    #[error("`{actor}` is neither a staff member nor an agent, so may not change the store")]
    UnknownActor { actor: String },
    /// An id of an agent, a location or a staff member that is not printable text.
    #[error("{what} id {:?} {problem}", escape(id))]
    BadId {
        what: &'static str,
        id: String,
        problem: String,
    },
    /// A name that is not printable text.
    #[error("the name of {what} {id} {problem}")]
    BadName {
        what: &'static str,
        id: String,
        problem: String,
    },
    /// The session closed between the participant's check and the save.
    #[error("calibration session {session} was closed meanwhile; nothing was saved")]
    SessionClosedMeanwhile { session: i64 },
    /// The participant's score of this subject was saved meanwhile (a second qaudit).
    #[error("this subject was scored in calibration session {session} meanwhile; nothing was saved")]
    ScoredMeanwhile { session: i64 },
    /// Closing a session already closed.
    #[error("calibration session {session} is already closed")]
    SessionAlreadyClosed { session: i64 },
    /// Reading an evaluation of a session still open.
    #[error(
        "evaluation {evaluation} belongs to calibration session {session}, which is still open: its answers and scores stay sealed until a lead closes the session"
    )]
    SealedEvaluation { evaluation: i64, session: i64 },
    /// Reading the scores of a session still open.
    #[error(
        "calibration session {session} is still open: its scores stay sealed until a lead closes it, so that nobody scores with the others' answers in mind"
    )]
    SealedSession { session: i64 },
}

/// A failure of the machine under the store, as SQLite reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("the disk is full (or the store reached its size limit): nothing was changed")]
    DiskFull,
    #[error("the store is read-only: nothing was changed")]
    ReadOnly,
    #[error("the store file is damaged (SQLite reports a malformed database)")]
    Damaged,
    #[error("the store could not be read or written (an I/O error from the disk)")]
    Io,
    #[error("the store cannot be opened (its folder may not be readable or writable)")]
    CannotOpen,
}

/// The [`Fault`] behind an error, if an SQLite failure anywhere in its chain is one; `None` for
/// every other error (a defect, a refusal).
pub fn fault_of(e: &anyhow::Error) -> Option<Fault> {
    use rusqlite::ErrorCode;
    let code = e.chain().find_map(|c| match c.downcast_ref::<rusqlite::Error>() {
        Some(rusqlite::Error::SqliteFailure(f, _)) => Some(f.code),
        _ => None,
    })?;
    match code {
        ErrorCode::DiskFull => Some(Fault::DiskFull),
        ErrorCode::ReadOnly => Some(Fault::ReadOnly),
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Some(Fault::Damaged),
        ErrorCode::SystemIoFailure => Some(Fault::Io),
        ErrorCode::CannotOpen => Some(Fault::CannotOpen),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::os::raw::c_int) -> anyhow::Error {
        anyhow::Error::from(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None))
            .context("saving the evaluation")
    }

    #[test]
    fn faults_are_found_under_context_and_others_are_not() {
        assert_eq!(fault_of(&sqlite(rusqlite::ffi::SQLITE_FULL)), Some(Fault::DiskFull));
        assert_eq!(fault_of(&sqlite(rusqlite::ffi::SQLITE_CORRUPT)), Some(Fault::Damaged));
        assert_eq!(fault_of(&sqlite(rusqlite::ffi::SQLITE_NOTADB)), Some(Fault::Damaged));
        assert_eq!(fault_of(&sqlite(rusqlite::ffi::SQLITE_CONSTRAINT)), None);
        assert_eq!(fault_of(&anyhow::anyhow!("no SQLite here")), None);
    }

    #[test]
    fn a_missing_key_says_when_no_new_one_is_made() {
        let path = PathBuf::from("/k/store.key");
        let plain = StoreError::KeyMissing {
            path: path.clone(),
            keyed_log: false,
        };
        let keyed = StoreError::KeyMissing { path, keyed_log: true };
        assert_eq!(plain.to_string(), "this store's key is not here: /k/store.key");
        assert!(keyed.to_string().ends_with("so no new key is made)"));
    }

    #[test]
    fn the_store_refuses_with_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.db");
        let e = crate::store::open(&missing, crate::store::OpenMode::Existing)
            .err()
            .expect("refused");
        assert_eq!(
            e.downcast_ref::<StoreError>(),
            Some(&StoreError::NoStore { path: missing })
        );
        let store = crate::store::open_in_memory().unwrap();
        let e = store.rubric("nope", None).unwrap_err();
        assert_eq!(
            e.downcast_ref::<StoreError>(),
            Some(&StoreError::RubricNotFound {
                id: "nope".into(),
                known: Vec::new()
            })
        );
    }

    #[test]
    fn ids_are_shown_escaped() {
        let e = StoreError::BadId {
            what: "agent",
            id: "a\u{1b}[2J".into(),
            problem: "has a control character".into(),
        };
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
    }
}
