//! What the prompt says, in the rubric's language (English or Spanish), so a Spanish team is
//! asked `responda (sí, no)` by a Spanish rubric.

use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::{Criterion, ScaleKind};

/// The prompt's words in one language, from `templates/labels/prompt.yaml` (so the Spanish
/// test's finder of English labels covers the prompt too).
pub struct Words {
    l: Labels,
}

impl Words {
    pub fn of(language: Lang) -> Self {
        Words {
            l: Labels::of("prompt", language),
        }
    }

    /// The label `key`.
    pub fn get(&self, key: &str) -> String {
        self.l.get(key)
    }

    pub fn header(&self, rubric: &str, version: u32, criteria: usize) -> String {
        crate::fill!(
            self.l,
            "header",
            rubric = rubric,
            version = version,
            criteria = criteria
        )
    }

    /// A channel as the language names it (`teléfono` for `phone`); an unknown one as stored.
    pub fn channel_name(&self, channel: &str) -> String {
        self.l.channel(channel)
    }

    /// An answer as written in the sheet (`no_cumple`, `yes`, `4`) as the language reads it:
    /// a Spanish choice by its label, `sí` for yes; English as written.
    pub fn shown(&self, c: &Criterion, written: &str) -> String {
        match c.parse_answer(written) {
            Ok(a) if self.lang() != Lang::En => {
                crate::scoring::words::answer_of(c, &a, &Labels::of("scoring", self.lang()))
            }
            _ => written.to_string(),
        }
    }

    /// Yes in this language, as typed (`y`, `yes`; `s`, `sí`, `si`).
    pub fn is_yes(&self, text: &str) -> bool {
        let t = text.trim().to_lowercase();
        matches!(t.as_str(), "y" | "yes") || (self.lang() == Lang::Es && matches!(t.as_str(), "s" | "sí" | "si"))
    }

    /// The answers `c` takes: `sí, no`, `un número entero del 1 al 5`, options, `o na`; in
    /// Spanish the options by their labels (`no cumple`, which the prompt takes as `no_cumple`).
    pub fn allowed(&self, c: &Criterion) -> String {
        let l = Labels::of("scoring", self.lang());
        match &c.scale.kind {
            ScaleKind::Choice { options } if self.lang() == Lang::Es => {
                let base = options
                    .iter()
                    .map(|(k, _)| k.replace('_', " "))
                    .collect::<Vec<_>>()
                    .join(", ");
                if c.na {
                    crate::fill!(l, "allowed_or_na", allowed = base)
                } else {
                    base
                }
            }
            _ => crate::scoring::words::allowed_for(c, &l),
        }
    }

    fn lang(&self) -> Lang {
        self.l.lang()
    }

    /// Why `written` is not an answer to `c` (the English words are the rubric module's own).
    pub fn refused(&self, c: &Criterion, written: &str, english: String) -> String {
        match self.lang() {
            Lang::En => english,
            _ => crate::fill!(
                self.l,
                "refused",
                key = c.key,
                written = written,
                allowed = self.allowed(c)
            ),
        }
    }

    /// A score with one decimal, with a decimal comma in Spanish.
    pub fn number(&self, value: f64) -> String {
        self.l.score(value)
    }
}

/// The scale's labels in one line: `1 Poor · 2 Fair · ... · 5 Excellent`, `met · partly · not met`.
pub fn scale_labels(c: &Criterion, words: &Words) -> Option<String> {
    match &c.scale.kind {
        ScaleKind::Binary => None,
        ScaleKind::Range { labels, .. } if labels.is_empty() => None,
        ScaleKind::Range { labels, .. } => Some(
            labels
                .iter()
                .map(|(v, l)| format!("{v} {l}"))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        ScaleKind::Choice { options } => Some(
            options
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{} ({})",
                        k.replace('_', " "),
                        words.number(v * 100.0).trim_end_matches(",0").trim_end_matches(".0")
                    )
                })
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    }
}
