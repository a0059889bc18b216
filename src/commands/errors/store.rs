//! Hints for the store's refusals: which command or flag gets the user past them.

use super::Hint;
use crate::store::StoreError;

pub(super) fn store(e: &StoreError) -> Hint {
    let hint = match e {
        StoreError::NoStore { path } => format!(
            "create one with `qaudit init --db {}`, or point --db (or QAUDIT_DB) at an existing store",
            path.display()
        ),
        StoreError::IsDirectory { .. } => "give --db the path of a file, e.g. ./qaudit.db".into(),
        StoreError::CannotOpen { .. } => "check the path and its permissions".into(),
        StoreError::NotAStore { .. } | StoreError::ForeignDatabase { .. } => {
            "point --db at a qaudit store, or at a new file to create one with `qaudit init`".into()
        }
        StoreError::NewerSchema { .. } => "upgrade qaudit to open this store; it has not been changed".into(),
        StoreError::OlderSchemaReadOnly { .. } => {
            "upgrade it once where it may be written (`qaudit init`), or read it with the qaudit that wrote it".into()
        }
        StoreError::ReadOnly { .. } => {
            "write on a copy that may be written (e.g. `qaudit backup`), or ask who owns the file for write access"
                .into()
        }
        StoreError::Busy { .. } => {
            "try again in a moment; if it persists, look for a stuck qaudit or sqlite3 process".into()
        }
        StoreError::StoreIdDamaged => "run `qaudit verify`; restore the last good backup".into(),
        StoreError::KeyMissing { .. } => "restore the key file from where you keep its backup (or set QAUDIT_KEY_FILE to it); a store made by an older qaudit gets its key from `qaudit init`".into(),
        StoreError::KeyDamaged { .. } => "restore it from where you keep the key's backup".into(),
        StoreError::KeyUnreadable { .. } => "check its permissions".into(),
        StoreError::KeyNotCreated { .. } => {
            "check that you may write in that folder, or set QAUDIT_KEY_FILE to where the key should live".into()
        }
        StoreError::HeadNotRecorded { .. } | StoreError::BackupHeadNotRecorded { .. } => {
            "check that you may write beside the key file".into()
        }
        StoreError::BackupFailed { .. } => {
            "check that the folder exists, that there is space and that you may write in it".into()
        }
        StoreError::BackupNotPlaced { .. } => "check that you may write there".into(),
        StoreError::RubricConflict { next, .. } => format!(
            "evaluations keep the version they were scored on; set `version: {next}` in the file to store the change as a new version"
        ),
        StoreError::RubricOlder { latest, .. } => format!(
            "set `version: {}` in the file to store it as the newest version",
            latest + 1
        ),
        StoreError::RubricNotFound { id, known } => {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            crate::rubric::validate::suggest_hint(
                id,
                &names,
                &format!(
                    "known rubrics: {} (import one with `qaudit rubric import FILE`)",
                    names.join(", ")
                ),
            )
        }
        StoreError::RubricVersionNotFound { stored, .. } => {
            let list: Vec<String> = stored.iter().map(u32::to_string).collect();
            format!("stored versions: {}", list.join(", "))
        }
        StoreError::DisputeNotOpen { .. } => "`qaudit dispute list` shows how it was resolved".into(),
        StoreError::AlreadyOpen { dispute, .. } => format!(
            "a lead resolves it with `qaudit dispute resolve {dispute} --accept | --partial KEY=VALUE | --reject --note TEXT`; add to it then, not now"
        ),
        StoreError::BadActor { .. } => "--as (or QAUDIT_USER) names a staff id, e.g. --as eva".into(),
        StoreError::UnknownActor { .. } => "pass --as YOUR_ID (or set QAUDIT_USER)".into(),
        StoreError::BadId { .. } => "ids are printable text without spaces at either end, e.g. a-017".into(),
        StoreError::BadName { .. } => "give the name people know them by, in printable characters".into(),
        StoreError::SessionClosedMeanwhile { session } => {
            format!("`qaudit calibrate report {session}` shows its results")
        }
        StoreError::ScoredMeanwhile { .. } => "each participant scores each subject once".into(),
        StoreError::SessionAlreadyClosed { session } => {
            format!("`qaudit calibrate report {session}` compares its scores")
        }
        StoreError::SealedEvaluation { session, .. } => format!(
            "`qaudit calibrate status {session}` shows who has scored; once a lead runs `qaudit calibrate close {session}`, `qaudit calibrate report {session}` compares the scores"
        ),
        StoreError::SealedSession { session } => format!(
            "`qaudit calibrate status {session}` shows who has scored; a lead closes it with `qaudit calibrate close {session}`"
        ),
    };
    (hint, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_rubric_suggests_the_closest_or_lists_them() {
        let near = StoreError::RubricNotFound {
            id: "call-qualty".into(),
            known: vec!["call-quality".into()],
        };
        assert_eq!(store(&near).0, "did you mean `call-quality`?");
        let far = StoreError::RubricNotFound {
            id: "zzz".into(),
            known: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            store(&far).0,
            "known rubrics: a, b (import one with `qaudit rubric import FILE`)"
        );
    }

    #[test]
    fn a_refusal_becomes_a_user_error_with_its_message_and_hint() {
        let e = anyhow::Error::from(StoreError::AlreadyOpen {
            evaluation: 7,
            dispute: 3,
        })
        .context("opening the dispute");
        let user = super::super::for_cli(e);
        let user = user.downcast_ref::<crate::error::UserError>().expect("a user error");
        assert_eq!(
            user.message,
            "opening the dispute: evaluation 7 is already under dispute (dispute 3 is open)"
        );
        assert!(
            user.hint
                .starts_with("a lead resolves it with `qaudit dispute resolve 3 "),
            "{}",
            user.hint
        );
    }
}
