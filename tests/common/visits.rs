//! Helpers of the visit tests: small JPEG photos with EXIF, recent days, and a shop.
//!
//! Photos are made here by [`jpeg_at`]: SOI, an APP1 `Exif` segment holding a little-endian
//! TIFF with IFD0 pointing to an Exif IFD (DateTimeOriginal) and a GPS IFD (latitude and
//! longitude as rationals with their N/S, E/W references), a comment segment that makes each
//! photo's bytes distinct, and EOI. No image data is needed for EXIF readers.

use super::{Sandbox, stdout_of, team};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A JPEG whose EXIF says it was taken at `taken` (`YYYY:MM:DD HH:MM:SS`), with `salt` in a
/// comment so that every photo differs.
pub fn jpeg(taken: Option<&str>, salt: &str) -> Vec<u8> {
    jpeg_at(taken, None, salt)
}

/// [`jpeg`] with a GPS position (`lat`, `lon` in decimal degrees) as well.
pub fn jpeg_at(taken: Option<&str>, gps: Option<(f64, f64)>, salt: &str) -> Vec<u8> {
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(value.to_le_bytes());
    }
    let n0 = u32::from(taken.is_some()) + u32::from(gps.is_some());
    let ifd0_end = 8 + 2 + 12 * n0 + 4;
    let exif_ifd = ifd0_end;
    let date = exif_ifd + 18;
    let gps_ifd = if taken.is_some() { date + 20 } else { ifd0_end };
    let (lat_at, lon_at) = (gps_ifd + 2 + 12 * 4 + 4, gps_ifd + 2 + 12 * 4 + 4 + 24);
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend((n0 as u16).to_le_bytes());
    if taken.is_some() {
        entry(&mut tiff, 0x8769, 4, 1, exif_ifd);
    }
    if gps.is_some() {
        entry(&mut tiff, 0x8825, 4, 1, gps_ifd);
    }
    tiff.extend(0u32.to_le_bytes());
    if let Some(t) = taken {
        tiff.extend(1u16.to_le_bytes());
        entry(&mut tiff, 0x9003, 2, 20, date);
        tiff.extend(0u32.to_le_bytes());
        assert_eq!(t.len(), 19);
        tiff.extend(t.as_bytes());
        tiff.push(0);
    }
    if let Some((lat, lon)) = gps {
        let reference = |c: u8| u32::from_le_bytes([c, 0, 0, 0]);
        tiff.extend(4u16.to_le_bytes());
        entry(&mut tiff, 0x0001, 2, 2, reference(if lat < 0.0 { b'S' } else { b'N' }));
        entry(&mut tiff, 0x0002, 5, 3, lat_at);
        entry(&mut tiff, 0x0003, 2, 2, reference(if lon < 0.0 { b'W' } else { b'E' }));
        entry(&mut tiff, 0x0004, 5, 3, lon_at);
        tiff.extend(0u32.to_le_bytes());
        for v in [lat.abs(), lon.abs()] {
            for (num, den) in [((v * 1e6).round() as u32, 1_000_000u32), (0, 1), (0, 1)] {
                tiff.extend(num.to_le_bytes());
                tiff.extend(den.to_le_bytes());
            }
        }
    }
    let mut out = vec![0xFF, 0xD8];
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&tiff);
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend([0xFF, 0xFE]);
    out.extend(((salt.len() + 2) as u16).to_be_bytes());
    out.extend(salt.as_bytes());
    out.extend([0xFF, 0xD9]);
    out
}

/// Yesterday (`YYYY-MM-DD`), so visits are recent and logged in time; `days_before` moves it
/// further back. Counted from yesterday, not two days ago: a visit at `at(1, ...)` must stay within
/// the 72 hours allowed for logging whatever the hour the tests run (from two days ago it passed
/// only before 10:00 UTC).
pub fn day(days_before: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(1 + days_before))
        .format("%Y-%m-%d")
        .to_string()
}

/// `day` at `hh:mm`, as the command line takes it.
pub fn at(days_before: i64, hhmm: &str) -> String {
    format!("{} {hhmm}", day(days_before))
}

/// `day` at `hh:mm` as EXIF writes it.
pub fn exif(days_before: i64, hhmm: &str) -> String {
    format!("{} {hhmm}:00", day(days_before).replace('-', ":"))
}

pub fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The team, with mad-01 in Madrid's time zone and a second location (sev-01) with its own
/// employee (a-202).
pub fn shop(sb: &Sandbox) {
    team(sb);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "location",
            "add",
            "mad-01",
            "--name",
            "Madrid Centro",
            "--timezone",
            "Europe/Madrid",
        ])
        .args(["--open-days", "Mon-Sat"])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "location",
            "add",
            "sev-01",
            "--name",
            "Sevilla",
            "--timezone",
            "Europe/Madrid",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "agent",
            "add",
            "a-202",
            "--name",
            "Rocío Vega",
            "--location",
            "sev-01",
        ])
        .assert()
        .success();
}

pub fn log_visit(sb: &Sandbox, extra: &[&str]) -> assert_cmd::assert::Assert {
    sb.qaudit()
        .args([
            "--as",
            "sam",
            "visit",
            "log",
            "--location",
            "mad-01",
            "--rubric",
            "store-visit",
        ])
        .args(extra)
        .assert()
}

pub fn show_json(sb: &Sandbox, who: &str, id: &str) -> Value {
    serde_json::from_str(&stdout_of(
        sb.qaudit().args(["--as", who, "--format", "json", "visit", "show", id]),
    ))
    .unwrap()
}
