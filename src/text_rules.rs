//! What text qaudit accepts as an id or a name.
//!
//! Ids are typed in later commands and compared byte for byte, so besides control characters
//! (C0, DEL, C1: a NUL, an ESC that drives the terminal) they may not hold the bidirectional
//! overrides or the invisible characters that make two different ids look alike. Names are
//! shown to people; they may hold any printable text but no control character.

use crate::output::terminal::{is_bidi_control, is_invisible};

/// The longest id (of an agent, staff member, location or interaction), in characters.
pub const MAX_ID_CHARS: usize = 100;

/// What is wrong with an id, if anything; completes a sentence such as `agent id " a-017" ...`.
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("is empty".to_string())
    } else if id.trim() != id {
        Some("has spaces at the start or end".to_string())
    } else if id.chars().any(char::is_control) {
        Some("contains a control character (a tab, a line break or an escape?)".to_string())
    } else if id.chars().any(is_bidi_control) {
        Some("contains a right-to-left override or another bidirectional control character".to_string())
    } else if id.chars().any(is_invisible) {
        Some("contains an invisible character (a zero-width space or joiner?)".to_string())
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(format!(
            "is {} characters long; ids are at most {MAX_ID_CHARS}",
            id.chars().count()
        ))
    } else {
        None
    }
}

/// What is wrong with a name (of a person or place), if anything.
pub fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("is empty".to_string())
    } else if name.chars().any(char::is_control) {
        Some("contains a control character (a tab, a line break or an escape?)".to_string())
    } else if name.chars().any(is_bidi_control) {
        Some("contains a right-to-left override or another bidirectional control character".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_what_hides_or_drives() {
        for ok in ["a-017", "lucía.pérez", "Tienda 12", "北京-1"] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        assert!(id_problem("a\u{0}b").unwrap().contains("control"));
        assert!(id_problem("a\u{1b}[2Jb").unwrap().contains("control"));
        assert!(id_problem("a\u{9b}b").unwrap().contains("control"));
        assert!(id_problem("ana\u{202e}gnp").unwrap().contains("bidirectional"));
        assert!(id_problem("ana\u{200b}").unwrap().contains("invisible"));
    }

    #[test]
    fn names_refuse_control_characters_only() {
        assert_eq!(name_problem("Lucía Pérez"), None);
        assert!(name_problem("Eve\u{1b}]0;PWNED\u{7}").unwrap().contains("control"));
        assert!(name_problem("  ").unwrap().contains("empty"));
    }
}
