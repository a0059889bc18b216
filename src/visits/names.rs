//! Safe, unique file names for evidence written out of the store (`visit evidence`).
//!
//! A stored name came from a shopper's disk and may be hostile: `../../x`, `/etc/passwd`,
//! `C:\x`, control characters, a leading dot, or a name Windows reserves. Only its last path
//! component is kept, every character that is not a letter, digit, space, `.`, `-`, `_`, `(` or
//! `)` becomes `_`, leading dots and trailing dots and spaces go, and a name left empty is
//! `attachment`. Names are then made unique in the order given: `photo.jpg`, `photo-2.jpg`.

use std::collections::BTreeSet;

/// The longest name written, in characters (file systems allow 255 bytes).
const MAX_CHARS: usize = 120;

/// One safe name for a stored file name.
pub fn safe_name(stored: &str) -> String {
    let last = stored.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches(['.', ' ']).trim_end_matches(['.', ' ']);
    let mut name: String = trimmed.chars().take(MAX_CHARS).collect();
    let stem = name.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if reserved {
        name.insert(0, '_');
    }
    if name.is_empty() {
        return "attachment".to_string();
    }
    name
}

/// Safe names for `stored`, in order, unique among themselves and against `taken` (case
/// folded, as on file systems that ignore case).
pub fn unique_names(stored: &[String], taken: &BTreeSet<String>) -> Vec<String> {
    let mut used: BTreeSet<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    stored
        .iter()
        .map(|s| {
            let base = safe_name(s);
            let (stem, ext) = match base.rfind('.') {
                Some(i) if i > 0 => (&base[..i], &base[i..]),
                _ => (base.as_str(), ""),
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while used.contains(&candidate.to_lowercase()) {
                candidate = format!("{stem}-{n}{ext}");
                n += 1;
            }
            used.insert(candidate.to_lowercase());
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_plain_file_names() {
        assert_eq!(safe_name("../../x"), "x");
        assert_eq!(safe_name("/etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Windows\\evil.bat"), "evil.bat");
        assert_eq!(safe_name("bad\u{1b}[31mname\n.jpg"), "bad__31mname_.jpg");
        assert_eq!(safe_name(".."), "attachment");
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name(""), "attachment");
        assert_eq!(safe_name("con.txt"), "_con.txt");
        assert_eq!(safe_name("recibo año.jpg"), "recibo año.jpg");
    }

    #[test]
    fn names_are_made_unique() {
        let stored = ["photo.jpg", "photo.jpg", "PHOTO.jpg", "a/photo.jpg", "notes"].map(String::from);
        assert_eq!(
            unique_names(&stored, &BTreeSet::new()),
            ["photo.jpg", "photo-2.jpg", "PHOTO-3.jpg", "photo-4.jpg", "notes"]
        );
        let taken = BTreeSet::from(["notes".to_string()]);
        assert_eq!(unique_names(&["notes".to_string()], &taken), ["notes-2"]);
    }
}
