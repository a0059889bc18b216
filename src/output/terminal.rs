//! Stored text made safe for a terminal.
//!
//! Names, comments, narratives, file names and rubric titles come from people and files; an
//! escape sequence among them (`ESC ] 0 ; ... BEL` retitles a terminal, `ESC [ 2 J` clears it)
//! must be shown, not obeyed. Everything qaudit prints for people passes through [`escape`]
//! (tables, fields, lines) or [`escape_keeping_colour`] (the same, keeping qaudit's own colour
//! codes), and errors and notices too. Control characters (C0 but newline and tab, DEL, C1) are
//! shown as `\xNN` or `\u{NNNN}`, and so are the bidirectional overrides and isolates, which can
//! make a line read differently from what it holds.

use std::borrow::Cow;

/// The colour sequences [`super::style::paint`] writes, which stay as they are.
const OWN_COLOUR: [&str; 3] = ["\u{1b}[1;32m", "\u{1b}[1;31m", "\u{1b}[0m"];

/// Whether `c` must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The bidirectional formatting characters (embeddings, overrides, isolates, marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The invisible characters that make two ids look the same (zero-width space, joiners, the
/// byte-order mark, the word joiner, soft hyphen).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}')
}

/// `text` with every unsafe character shown escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but qaudit's own colour codes are kept.
pub fn escape_keeping_colour(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(code) = OWN_COLOUR.iter().find(|code| rest.starts_with(**code)) {
            out.push_str(code);
            rest = &rest[code.len()..];
            continue;
        }
        push_escaped(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    if !is_unsafe(c) {
        out.push(c);
    } else if (c as u32) < 0x80 {
        out.push_str(&format!("\\x{:02x}", c as u32));
    } else {
        out.push_str(&format!("\\u{{{:04x}}}", c as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(escape("\u{1b}]0;PWNED\u{7}\u{1b}[2J"), "\\x1b]0;PWNED\\x07\\x1b[2J");
        assert_eq!(escape("a\u{0}b\u{9b}c\u{202e}d"), "a\\x00b\\u{009b}c\\u{202e}d");
        assert_eq!(escape("two\nlines\tand tab"), "two\nlines\tand tab");
        assert!(matches!(escape("Lucía Pérez"), Cow::Borrowed(_)));
    }

    #[test]
    fn own_colour_survives_but_nothing_else() {
        let painted = "\u{1b}[1;31mFAIL\u{1b}[0m \u{1b}[2J";
        assert_eq!(escape_keeping_colour(painted), "\u{1b}[1;31mFAIL\u{1b}[0m \\x1b[2J");
    }
}
