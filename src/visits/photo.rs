//! What an evidence file says about itself: its media type (from its first bytes, never from its
//! name) and, for photos, the EXIF time it was taken and where.
//!
//! EXIF is read with kamadak-exif (the `exif` crate): a pure-Rust, widely used reader of JPEG,
//! TIFF, HEIF, PNG and WebP metadata, safer than parsing TIFF offsets by hand in a file a
//! stranger supplied.

use chrono::{FixedOffset, NaiveDateTime};
use exif::{In, Reader, Tag, Value};
use serde::Serialize;

/// The facts read from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PhotoFacts {
    /// `image/jpeg`, `image/png`, `application/pdf`, ... or `application/octet-stream`.
    pub media_type: String,
    /// EXIF DateTimeOriginal as written by the camera: `YYYY-MM-DDTHH:MM:SS`, with `+HH:MM` when
    /// the camera recorded its offset (OffsetTimeOriginal). Without an offset it is read in the
    /// location's time zone.
    pub taken_at: Option<String>,
    /// EXIF GPS position, `lat,lon` in decimal degrees (shown to leads only).
    pub gps: Option<String>,
}

/// Reads the media type and EXIF facts of `bytes`. A file without EXIF (or with broken EXIF)
/// has no time and no position; that is never an error.
pub fn facts(bytes: &[u8]) -> PhotoFacts {
    let media_type = media_type(bytes).to_string();
    let Ok(exif) = Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return PhotoFacts {
            media_type,
            ..PhotoFacts::default()
        };
    };
    let ascii = |tag: Tag| match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
        Some(Value::Ascii(v)) => v.first().cloned(),
        _ => None,
    };
    let taken_at = ascii(Tag::DateTimeOriginal).and_then(|raw| {
        let mut dt = exif::DateTime::from_ascii(&raw).ok()?;
        if let Some(off) = ascii(Tag::OffsetTimeOriginal) {
            let _ = dt.parse_offset(&off);
        }
        let text = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second
        );
        NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").ok()?;
        Some(match dt.offset.and_then(|m| FixedOffset::east_opt(i32::from(m) * 60)) {
            Some(o) => format!("{text}{o}"),
            None => text,
        })
    });
    let coordinate = |tag: Tag, reference: Tag, negative: u8| -> Option<f64> {
        let Value::Rational(parts) = &exif.get_field(tag, In::PRIMARY)?.value else {
            return None;
        };
        let [d, m, s] = parts.get(..3)? else { return None };
        let value = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        let sign = match ascii(reference).and_then(|r| r.first().copied()) {
            Some(c) if c.eq_ignore_ascii_case(&negative) => -1.0,
            _ => 1.0,
        };
        value.is_finite().then_some(sign * value)
    };
    let gps = match (
        coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S'),
        coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W'),
    ) {
        (Some(lat), Some(lon)) => Some(format!("{lat:.6},{lon:.6}")),
        _ => None,
    };
    PhotoFacts {
        media_type,
        taken_at,
        gps,
    }
}

/// The media type from the file's signature.
pub fn media_type(bytes: &[u8]) -> &'static str {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "image/gif"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "image/webp"
    } else if bytes.get(4..8) == Some(b"ftyp") && matches!(bytes.get(8..12), Some(b"heic" | b"heix" | b"mif1")) {
        "image/heic"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "image/tiff"
    } else if starts(b"%PDF-") {
        "application/pdf"
    } else if std::str::from_utf8(bytes).is_ok() {
        "text/plain"
    } else {
        "application/octet-stream"
    }
}

/// Whether a report may show the file inline as an image.
pub fn is_inline_image(media_type: &str) -> bool {
    matches!(media_type, "image/jpeg" | "image/png" | "image/gif" | "image/webp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_signatures_not_names() {
        assert_eq!(media_type(&[0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg");
        assert_eq!(media_type(b"\x89PNG\r\n\x1a\nrest"), "image/png");
        assert_eq!(media_type(b"%PDF-1.7"), "application/pdf");
        assert_eq!(media_type(b"Ticket 42"), "text/plain");
        assert_eq!(media_type(&[0, 159, 146, 150]), "application/octet-stream");
    }

    #[test]
    fn a_file_without_exif_has_no_time() {
        let f = facts(&[0xFF, 0xD8, 0xFF, 0xD9]);
        assert_eq!(f.media_type, "image/jpeg");
        assert_eq!((f.taken_at, f.gps), (None, None));
    }
}
