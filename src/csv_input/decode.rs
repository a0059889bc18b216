//! Bytes to UTF-8 text as files come from spreadsheets and contact-centre systems: a UTF-8,
//! UTF-16LE or UTF-16BE byte-order mark is recognised and removed; `--encoding windows-1252`,
//! `latin1` or `utf-16` decodes through encoding_rs (the WHATWG decoders browsers use); without
//! it a file is read as UTF-8, and text that is not UTF-8 is refused by the reader with its line
//! (rather than turned silently into replacement characters).
//!
//! Also here: the delimiter, detected from the header line when `--delimiter` is not given.

use encoding_rs::{Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::io::{self, Read};

/// The encodings `--encoding` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum TextEncoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// ISO-8859-1, read as Windows-1252 (its superset, as browsers do).
    #[value(name = "latin1", alias = "iso-8859-1")]
    Latin1,
    /// Little-endian unless the file starts with a big-endian byte-order mark.
    #[value(name = "utf-16", alias = "utf16")]
    Utf16,
}

impl TextEncoding {
    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Windows1252 | TextEncoding::Latin1 => WINDOWS_1252,
            TextEncoding::Utf16 => UTF_16LE,
        }
    }
}

/// The size of the chunks read from the file.
const CHUNK: usize = 64 * 1024;

/// A reader that hands out UTF-8 (or, for files read as UTF-8, the file's own bytes with any
/// byte-order mark removed).
pub struct Decoded<R> {
    inner: R,
    /// `None`: pass the bytes through (UTF-8 checked later, with the line).
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
    /// What the reader settled on, for messages and reports.
    pub label: &'static str,
}

impl<R: Read> Decoded<R> {
    /// Reads the first bytes of `inner` to find a byte-order mark, then decodes as `encoding`
    /// asks (a byte-order mark wins over it, as it names the file's encoding exactly).
    pub fn new(mut inner: R, encoding: Option<TextEncoding>) -> io::Result<Self> {
        let mut start = Vec::with_capacity(3);
        (&mut inner).take(3).read_to_end(&mut start)?;
        let bom = Encoding::for_bom(&start);
        let chosen = match (bom, encoding) {
            (Some((enc, _)), _) => Some(enc),
            (None, Some(TextEncoding::Utf8) | None) => None,
            (None, Some(e)) => Some(e.encoding()),
        };
        let mut reader = Decoded {
            inner,
            decoder: None,
            raw: Vec::new(),
            out: Vec::new(),
            pos: 0,
            done: false,
            label: "utf-8",
        };
        match chosen {
            Some(enc) if enc != UTF_8 => {
                reader.label = label(enc);
                // The decoder removes a byte-order mark itself.
                reader.decoder = Some(enc.new_decoder_with_bom_removal());
                reader.raw = start;
                reader.refill()?;
            }
            _ => {
                let skip = bom.map_or(0, |(_, n)| n);
                reader.out = start[skip..].to_vec();
            }
        }
        Ok(reader)
    }

    /// Decodes the next chunk into `out`.
    fn refill(&mut self) -> io::Result<()> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        let mut chunk = vec![0u8; CHUNK];
        let n = self.inner.read(&mut chunk)?;
        self.raw.extend_from_slice(&chunk[..n]);
        let last = n == 0;
        let capacity = decoder.max_utf8_buffer_length(self.raw.len()).unwrap_or(CHUNK * 4) + 16;
        let mut out = vec![0u8; capacity];
        let (_, read, written, _) = decoder.decode_to_utf8(&self.raw, &mut out, last);
        out.truncate(written);
        self.raw.drain(..read);
        self.out = out;
        self.pos = 0;
        self.done = last;
        Ok(())
    }
}

fn label(enc: &'static Encoding) -> &'static str {
    if enc == UTF_16LE {
        "utf-16le"
    } else if enc == UTF_16BE {
        "utf-16be"
    } else if enc == WINDOWS_1252 {
        "windows-1252"
    } else {
        "utf-8"
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.pos);
                buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.decoder.is_none() {
                return self.inner.read(buf);
            }
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
    }
}

/// The delimiters detected, in the order a tie is settled.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter of a file whose header line is `header`: the candidate that appears most often
/// outside quotes (a comma when none does).
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

/// A delimiter as a person writes it: one character (`;`), or `tab` / `\t`. The error says
/// why `text` is none, without naming how it was given.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "TAB" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() && !matches!(t, "\"" | "\n" | "\r") => Ok(t.as_bytes()[0]),
        _ => Err(format!("{text:?} is not one ASCII character")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], enc: Option<TextEncoding>) -> Vec<u8> {
        let mut out = Vec::new();
        Decoded::new(bytes, enc).unwrap().read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn byte_order_marks_and_encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFid", None), b"id");
        assert_eq!(decode(b"id,\xED", None), b"id,\xED", "left for the reader to refuse");
        assert_eq!(
            decode(b"Tel\xE9fono", Some(TextEncoding::Windows1252)),
            "Teléfono".as_bytes()
        );
        assert_eq!(decode(b"\x80", Some(TextEncoding::Latin1)), "€".as_bytes());
        let le: Vec<u8> = "\u{feff}Lucía".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le, None), "Lucía".as_bytes());
        let be: Vec<u8> = "\u{feff}Lucía".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, Some(TextEncoding::Windows1252)), "Lucía".as_bytes());
        let bare: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bare, Some(TextEncoding::Utf16)), b"ab");
        // Longer than a chunk: nothing lost at the seams.
        let long: String = "ñ".repeat(CHUNK);
        let latin: Vec<u8> = vec![0xF1; CHUNK];
        assert_eq!(decode(&latin, Some(TextEncoding::Latin1)), long.as_bytes());
    }

    #[test]
    fn delimiters_from_the_header() {
        assert_eq!(detect_delimiter(b"id;agent;channel"), b';');
        assert_eq!(detect_delimiter(b"id,agent"), b',');
        assert_eq!(detect_delimiter(b"id\tagent"), b'\t');
        assert_eq!(detect_delimiter(b"id|agent|x"), b'|');
        assert_eq!(detect_delimiter(b"\"a;b\",c"), b',');
        assert_eq!(detect_delimiter(b"id"), b',');
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter(";;").is_err());
    }
}
