//! Temporary files that never outlive qaudit.
//!
//! Files qaudit writes (reports, backups, the demo's store) are written to a temporary file in
//! the destination's folder and renamed into place at the end, so a reader never sees half a
//! file. [`TempFile`] removes its file when dropped unkept (an error on the way), and while one
//! exists an interrupt (Ctrl-C, SIGTERM, SIGHUP) removes it before qaudit exits, so an
//! interrupted `backup`, `report --output` or `demo` leaves nothing behind. (SIGKILL cannot be
//! caught; the file then keeps its `.qaudit-tmp` name, which nothing reads.)

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

/// Paths the signal handler removes: a fixed table, because a handler may not allocate or lock.
const SLOTS: usize = 32;
static LIVE: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

/// A temporary file beside `dest`, removed unless [`TempFile::keep`] renames it into place.
pub struct TempFile {
    path: PathBuf,
    /// The handler's slots of the file and of the companions SQLite may make beside it.
    slots: Vec<usize>,
}

impl TempFile {
    /// A fresh temporary path in `dest`'s folder (nothing is created yet).
    pub fn beside(dest: &Path) -> TempFile {
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "qaudit".to_string());
        let path = dir.join(format!(".{name}.{}.qaudit-tmp", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let slots = with_companions(&path).iter().filter_map(|p| register(p)).collect();
        TempFile { path, slots }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file onto `dest`.
    pub fn keep(mut self, dest: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, dest)?;
        self.release();
        Ok(())
    }

    fn release(&mut self) {
        for slot in std::mem::take(&mut self.slots) {
            let old = LIVE[slot].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !old.is_null() {
                // SAFETY: the pointer came from CString::into_raw in `register` and was taken
                // out of the table, so nothing else frees it.
                drop(unsafe { CString::from_raw(old) });
            }
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.slots.is_empty() {
            for p in with_companions(&self.path) {
                let _ = std::fs::remove_file(p);
            }
        }
        self.release();
    }
}

/// `path` and the `-journal`, `-wal` and `-shm` files SQLite keeps beside a database there.
fn with_companions(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        out.push(PathBuf::from(p));
    }
    out
}

/// Puts `path` in the table the interrupt handler clears; installs the handler once.
fn register(path: &Path) -> Option<usize> {
    install_handler();
    let c = CString::new(path.as_os_str().to_string_lossy().as_bytes()).ok()?;
    let raw = c.into_raw();
    for (i, slot) in LIVE.iter().enumerate() {
        if slot
            .compare_exchange(std::ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return Some(i);
        }
    }
    // SAFETY: `raw` was not stored anywhere.
    drop(unsafe { CString::from_raw(raw) });
    None
}

#[cfg(unix)]
fn install_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        extern "C" fn on_signal(sig: libc::c_int) {
            for slot in &LIVE {
                let p = slot.load(Ordering::SeqCst);
                if !p.is_null() {
                    // SAFETY: unlink is async-signal-safe and `p` is a valid C string.
                    unsafe { libc::unlink(p) };
                }
            }
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(128 + sig) };
        }
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: installing a handler that only calls async-signal-safe functions.
            unsafe { libc::signal(sig, on_signal as *const () as libc::sighandler_t) };
        }
    });
}

#[cfg(not(unix))]
fn install_handler() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unkept_file_is_removed_and_a_kept_one_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.txt");
        let t = TempFile::beside(&dest);
        std::fs::write(t.path(), b"half").unwrap();
        let tmp = t.path().to_path_buf();
        drop(t);
        assert!(!tmp.exists());
        let t = TempFile::beside(&dest);
        std::fs::write(t.path(), b"whole").unwrap();
        t.keep(&dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
