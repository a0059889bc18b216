//! Headless Chromium for the tests that open HTML reports as a browser would.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

/// Chromium, where it is installed.
pub fn find_chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed.to_path_buf());
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join("chromium"))
        .find(|p| p.is_file())
}

/// What a browser test does when Chromium is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Outside CI: the test returns early, and says so.
    Skip(String),
    /// Under CI: the test fails, so that a green run never hides a browser test that did not run.
    Fail(String),
}

/// The one rule for a missing browser: `ci` is the value of the `CI` variable, and `CI=true` (or
/// `1`, as some CI systems set it) turns a skip into a failure.
pub fn when_missing(test: &str, ci: Option<&str>) -> Missing {
    let message = format!("{test}: no chromium (install the distribution's `chromium` package)");
    match ci {
        Some("true" | "1") => Missing::Fail(format!("{message}; CI=true, so a missing browser fails the test")),
        _ => Missing::Skip(format!("SKIPPED {message}")),
    }
}

/// Chromium for the test `test`, or `None` (with a message) to skip it; under CI a missing
/// browser panics instead, by [`when_missing`].
pub fn chromium_for(test: &str) -> Option<PathBuf> {
    if let Some(found) = find_chromium() {
        return Some(found);
    }
    match when_missing(test, std::env::var("CI").ok().as_deref()) {
        Missing::Fail(message) => panic!("{message}"),
        Missing::Skip(message) => {
            println!("{message}");
            eprintln!("{message}");
            None
        }
    }
}

/// `target/report-screenshots`, where screenshots are left for a person to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens `html` in headless Chromium and writes a 1200x1600 screenshot to `png`.
pub fn screenshot(chromium: &Path, html: &Path, png: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let _ = std::fs::remove_file(png);
    let mut child = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1200,1600")
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {}", html.display());
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {} within 90 s", html.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(png).unwrap_or_else(|_| panic!("no screenshot of {}", html.display()));
    assert!(bytes.starts_with(b"\x89PNG"), "{} is not a PNG", png.display());
    assert!(
        bytes.len() > 20_000,
        "{} looks blank ({} bytes)",
        png.display(),
        bytes.len()
    );
    println!("screenshot: {}", png.display());
}
