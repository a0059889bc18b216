//! The one rule every file qaudit writes passes: never onto the store.
//!
//! A report, a rejects file or a backup written onto the store (or its `-wal` / `-shm`, which
//! hold committed work not yet in the main file) destroys it. Paths are compared after
//! resolving symbolic links (`canonicalize`, also of a file that does not exist yet, through its
//! folder) and by file identity (device and inode), so a hard link or a symlink to the store is
//! refused as well as the store's own name.

use crate::error::UserError;
use crate::temp_files::TempFile;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The store this run works on (`--db`), set once by the command dispatcher.
static STORE: OnceLock<PathBuf> = OnceLock::new();

/// Records the store of this run, for [`guard`].
pub fn set_store(path: &Path) {
    let _ = STORE.set(path.to_path_buf());
}

/// Refuses `output` when it is this run's store (see [`refuse_store_path`]).
pub fn guard(output: &Path, what: &str) -> Result<()> {
    match STORE.get() {
        Some(store) => refuse_store_path(store, output, what),
        None => Ok(()),
    }
}

/// Writes `bytes` to `path` (given to `what`, e.g. `--output`) after [`guard`], through a
/// temporary file in the same folder renamed into place, so a reader never sees half a file
/// and a failure or an interrupt leaves nothing behind.
pub fn write_file(path: &Path, bytes: &[u8], what: &str) -> Result<()> {
    guard(path, what)?;
    let fail = |e: std::io::Error| -> anyhow::Error {
        UserError::new(
            format!("cannot write {}: {e}", path.display()),
            "check that the folder exists, that there is space and that you may write in it",
        )
        .into()
    };
    if path.is_dir() {
        return Err(UserError::new(
            format!("{what} {} is a folder", path.display()),
            "give the path of a file to write",
        )
        .into());
    }
    let tmp = TempFile::beside(path);
    std::fs::write(tmp.path(), bytes).map_err(fail)?;
    tmp.keep(path).map_err(fail)
}

/// Refuses `output` (given to `what`, e.g. `--output`) when it is the store at `store` or one
/// of its companion files.
pub fn refuse_store_path(store: &Path, output: &Path, what: &str) -> Result<()> {
    let target = resolve(output);
    for companion in companions(store) {
        let same_path = target.is_some() && resolve(&companion) == target;
        if same_path || same_file(&companion, output) {
            return Err(UserError::new(
                format!(
                    "{what} {} is the store {} itself (or its -wal/-shm file): writing there would destroy it",
                    output.display(),
                    store.display()
                ),
                "write to another file, e.g. a name in another folder",
            )
            .with_details(vec!["  nothing was written; the store is unchanged".to_string()])
            .into());
        }
    }
    Ok(())
}

/// The store and the files SQLite keeps beside it.
fn companions(store: &Path) -> Vec<PathBuf> {
    let name = store.as_os_str().to_os_string();
    let mut out = vec![store.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut n = name.clone();
        n.push(suffix);
        out.push(PathBuf::from(n));
    }
    out
}

/// The canonical form of `path`, also when it does not exist yet (its folder's canonical form
/// and its name, following a dangling symlink to where it points).
fn resolve(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..32 {
        if let Ok(c) = std::fs::canonicalize(&path) {
            return Some(c);
        }
        match std::fs::read_link(&path) {
            Ok(target) => {
                path = match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(_) => {
                let name = path.file_name()?.to_os_string();
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                return std::fs::canonicalize(dir).ok().map(|d| d.join(name));
            }
        }
    }
    None
}

/// Whether `a` and `b` are the same file on disk (hard links included).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_its_companions_and_links_to_them_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("q.db");
        std::fs::write(&store, b"store").unwrap();
        assert!(refuse_store_path(&store, &store, "--output").is_err());
        assert!(refuse_store_path(&store, &dir.path().join("q.db-wal"), "--output").is_err());
        assert!(refuse_store_path(&store, &dir.path().join("./q.db"), "--output").is_err());
        let hard = dir.path().join("hard.html");
        std::fs::hard_link(&store, &hard).unwrap();
        assert!(refuse_store_path(&store, &hard, "--output").is_err());
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.html");
            std::os::unix::fs::symlink(&store, &soft).unwrap();
            assert!(refuse_store_path(&store, &soft, "--output").is_err());
            let dangling = dir.path().join("wal-link");
            std::os::unix::fs::symlink(dir.path().join("q.db-shm"), &dangling).unwrap();
            assert!(refuse_store_path(&store, &dangling, "--output").is_err());
        }
        assert!(refuse_store_path(&store, &dir.path().join("report.html"), "--output").is_ok());
    }
}
