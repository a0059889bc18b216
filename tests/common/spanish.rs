//! The pinned "Spanish test" of issue 15, shared by the report and the scoring tests: the
//! English words a Spanish reader must never meet (every English label the Spanish one does not
//! contain), and a finder of them in what a command printed.

use super::{Sandbox, root};
use std::collections::BTreeMap;

/// Words that are the same in English and Spanish, or names, and may appear in a Spanish report.
pub const SAME_IN_BOTH: &[&str] = &[];

/// English words the code itself (not a label file) has written into Spanish reports before:
/// flag kinds, subject words, dispute outcomes (issue 15).
pub const ENGLISH_FROM_CODE: &[&str] = &[
    "reward",
    "discipline",
    "visit",
    "agent",
    "dispute",
    "accepted",
    "rejected",
];

/// The literal parts of every English label (split at `{placeholders}`) that the Spanish label
/// of the same key does not contain: the text a Spanish reader must never meet.
pub fn english_fragments() -> Vec<String> {
    let mut fragments = std::collections::BTreeSet::new();
    let dir = root().join("templates/labels");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let labels: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(&text).unwrap();
        for (_, by_lang) in labels {
            let (Some(en), Some(es)) = (by_lang.get("en"), by_lang.get("es")) else {
                continue;
            };
            for part in split_placeholders(en) {
                let part = part.trim_matches(|c: char| " .,:;()/-–".contains(c));
                let letters = part.chars().filter(|c| c.is_alphabetic()).count();
                if part.chars().count() >= 4 && letters >= 3 && !es.contains(part) && !SAME_IN_BOTH.contains(&part) {
                    fragments.insert(part.to_string());
                }
            }
        }
    }
    fragments.extend(ENGLISH_FROM_CODE.iter().map(|w| w.to_string()));
    fragments.into_iter().collect()
}

/// `"Feedback for {name}"` -> `["Feedback for ", ""]`.
pub fn split_placeholders(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        parts.push(&rest[..open]);
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest);
    parts
}

/// The text a reader sees: HTML without its style sheet, tags and entities; command lines
/// (`qaudit ...`, which are commands, not prose) left out.
pub fn readable(report: &str, html: bool) -> String {
    if !html {
        return without_commands(report);
    }
    let mut text = report.to_string();
    while let (Some(start), Some(end)) = (text.find("<style"), text.find("</style>")) {
        if end < start {
            break;
        }
        text.replace_range(start..end + "</style>".len(), " ");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'");
    without_commands(&out)
}

pub fn without_commands(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("qaudit ") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The English fragments found in `text` as whole words (an id such as `call-quality` or
/// `cortesia.saludo` does not count as the word inside it).
pub fn english_in(text: &str, fragments: &[String]) -> Vec<String> {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    fragments
        .iter()
        .filter(|f| {
            text.match_indices(f.as_str()).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + f.len()..].chars().next();
                !before.is_some_and(word) && !after.is_some_and(word)
            })
        })
        .map(|f| {
            let line = text.lines().find(|l| l.contains(f.as_str())).unwrap_or("").trim();
            format!("{f:?} in: {line}")
        })
        .collect()
}

/// Checks the finder itself (called from a test file; `tests/common` has no tests of its own).
pub fn check_the_finder() {
    let fragments = vec!["undefined".to_string(), "Closed".to_string()];
    assert_eq!(english_in("alpha undefined here", &fragments).len(), 1);
    assert!(english_in("alpha_undefined-ish, Closedown", &fragments).is_empty());
    assert_eq!(readable("mean < 70", false), "mean < 70");
    assert_eq!(
        readable("<style>.Closed{}</style><td>Closed</td>", true).trim(),
        "Closed"
    );
    assert_eq!(readable("Run qaudit evaluation ack 3 now", false), "Run ");
    let labels = vec!["Establecimiento".to_string()];
    assert_eq!(cut_labels_in("| Establecimi… |", &labels).len(), 1);
    assert!(cut_labels_in("| Establecimiento | Mad… | xEstablecimi… | de Establecimi…", &labels).is_empty());
    assert_eq!(cut_labels_in("a-1  Establecimi…", &labels).len(), 1);
    assert_eq!(english_formats_in("media 64.5\nel 2026-12-03\nv1.2").len(), 3);
    assert!(english_formats_in("media 64,5 el 03/12/2026 P-0002997").is_empty());
    assert_eq!(
        split_placeholders("Feedback for {name}, {n} days"),
        vec!["Feedback for ", ", ", " days"]
    );
}

/// Numbers and days written the English way in `text`: a decimal point between digits (`64.5`
/// where Spanish writes `64,5`) or an ISO day (`2026-12-03` where Spanish writes `03/12/2026`),
/// each with the line it is on.
pub fn english_formats_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let c: Vec<char> = line.chars().collect();
        let digit = |i: usize| c.get(i).is_some_and(|ch| ch.is_ascii_digit());
        for i in 0..c.len() {
            let starts_word = i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '-' || c[i - 1] == '.');
            if c[i] == '.' && i > 0 && digit(i - 1) && digit(i + 1) {
                found.push(format!("decimal point in: {}", line.trim()));
                break;
            }
            let iso = starts_word
                && (0..4).all(|k| digit(i + k))
                && c.get(i + 4) == Some(&'-')
                && digit(i + 5)
                && digit(i + 6)
                && c.get(i + 7) == Some(&'-')
                && digit(i + 8)
                && digit(i + 9);
            if iso {
                found.push(format!("ISO day in: {}", line.trim()));
                break;
            }
        }
    }
    found
}

/// `text` with each of `days` written the Spanish way (`03/12/2026`, or `03&#x2f;12&#x2f;2026`
/// in escaped HTML) back in ISO form, so that one redaction of the day a test runs serves
/// both languages.
pub fn spanish_days_as_iso(text: &str, days: &[chrono::NaiveDate]) -> String {
    let mut out = text.to_string();
    for day in days {
        let iso = day.format("%Y-%m-%d").to_string();
        out = out
            .replace(&day.format("%d/%m/%Y").to_string(), &iso)
            .replace(&day.format("%d&#x2f;%m&#x2f;%Y").to_string(), &iso);
    }
    out
}

/// The literal parts (split at `{placeholders}`) of every Spanish label of six characters or
/// more: what a Spanish report prints whole, never cut to fit a column.
pub fn spanish_labels() -> Vec<String> {
    let mut labels = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join("templates/labels")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let table: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(&text).unwrap();
        for es in table.values().filter_map(|by_lang| by_lang.get("es")) {
            for part in split_placeholders(es) {
                let part = part.trim();
                if part.chars().count() >= 6 {
                    labels.insert(part.to_string());
                }
            }
        }
    }
    labels.into_iter().collect()
}

/// Labels shortened with `…` in `text` (`Establecimi…` for `Establecimiento`): at each `…`, a
/// label of which the text just before it, from where a cell or field starts, is a proper
/// beginning of four characters or more. (A rubric's section title cut in a narrow column is the
/// author's words, not a label, and is not looked for.)
pub fn cut_labels_in(text: &str, labels: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('…') {
        let before: Vec<char> = text[..at]
            .chars()
            .rev()
            .take(60)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        for label in labels {
            let chars: Vec<char> = label.chars().collect();
            for k in (4..chars.len()).rev() {
                let prefix = &chars[..k];
                // Where a cell or a field starts: a line's start, `|`, a tag's end, two spaces.
                let start = before.len() - k.min(before.len());
                let starts_cell = start == 0
                    || matches!(before[start - 1], '\n' | '|' | '>')
                    || (before[start - 1] == ' ' && (start == 1 || matches!(before[start - 2], ' ' | '|' | '\n')));
                if before.len() >= k && before.ends_with(prefix) && starts_cell {
                    found.push(format!(
                        "{label:?} cut to {:?}",
                        prefix.iter().collect::<String>() + "…"
                    ));
                    break;
                }
            }
        }
    }
    found
}

/// Runs qaudit in `sb` with `args`: whether it succeeded, its stdout and its stderr.
pub fn run(sb: &Sandbox, args: &[&str]) -> (bool, String, String) {
    let out = sb.qaudit().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Fails on any English label, decimal point or ISO day in `text`, naming `what`.
pub fn assert_spanish(what: &str, text: &str) {
    let mut found = english_in(&readable(text, false), &english_fragments());
    found.extend(english_formats_in(text));
    assert!(
        found.is_empty(),
        "English in {what}:\n{}\n---\n{text}",
        found.join("\n")
    );
}
