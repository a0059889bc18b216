//! Words the terminal output speaks, from the same label files as the reports
//! (`templates/labels/NAME.yaml`, `key: { en: ..., es: ... }`), so that a Spanish rubric's
//! scoring result, refusals and hints read in Spanish and one test can look for English in all
//! of them. Numbers in the language's own way (`64,5`) live here too, for the same reason.

use crate::lang::Lang;
use std::collections::BTreeMap;
use std::fmt::Display;

/// One label file (merged with `common`) in one language.
pub struct Labels {
    lang: Lang,
    map: BTreeMap<String, String>,
}

impl Labels {
    /// The built-in label file `name` (with `common`) in `lang`. The files are compiled in and
    /// checked by a unit test, so a broken one cannot ship; were it unreadable, each label would
    /// read as its key rather than stop the command.
    pub fn of(name: &str, lang: Lang) -> Labels {
        Labels {
            lang,
            map: crate::report::render::label_files(&["common", name], lang).unwrap_or_default(),
        }
    }

    /// The language the labels are in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The label `key`, or the key itself when there is none.
    pub fn get(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The label `key` with its `{placeholders}` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn Display)]) -> String {
        let mut text = self.get(key);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// An interaction's channel as the language names it (`teléfono` for `phone`); English, and
    /// a channel qaudit does not know, as stored.
    pub fn channel(&self, stored: &str) -> String {
        match stored {
            "phone" | "chat" | "email" | "social" if self.lang != Lang::En => self.get(&format!("channel_{stored}")),
            other => other.to_string(),
        }
    }

    /// A score with one decimal, with a decimal comma in Spanish (`64,5`).
    pub fn score(&self, value: f64) -> String {
        number(self.lang, &format!("{value:.1}"))
    }
}

/// `fill!(labels, "key", name = value, ...)`: the label with its placeholders filled in; any
/// `Display` value goes (a plain slice of `&dyn Display` would not infer from mixed types).
#[macro_export]
macro_rules! fill {
    ($labels:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $labels.fill($key, &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*])
    };
}

/// A number already written with a decimal point, in `lang`'s way: a decimal comma in Spanish.
pub fn number(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Es => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_file_parses_and_every_label_has_both_languages() {
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/labels")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let table: BTreeMap<String, BTreeMap<String, String>> =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (key, by_lang) in table {
                assert!(
                    by_lang.contains_key("en") && by_lang.contains_key("es"),
                    "{}: `{key}` needs en and es",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn labels_fill_placeholders_and_numbers_take_the_language_s_decimal_mark() {
        let es = Labels::of("scoring", Lang::Es);
        assert_eq!(es.score(64.5), "64,5");
        assert_eq!(Labels::of("scoring", Lang::En).score(64.5), "64.5");
        assert_eq!(
            crate::fill!(es, "pass_mark", mark = es.score(85.0)),
            "aprobado desde 85,0"
        );
        assert_eq!(es.get("no such label"), "no such label");
    }
}
