//! What the prompt says, in the rubric's language (English or Spanish), so a Spanish team is
//! asked `responda (sí, no)` by a Spanish rubric.

use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::{Criterion, ScaleKind};

/// The prompt's words in one language.
pub struct Words {
    es: bool,
}

impl Words {
    pub fn of(language: Lang) -> Self {
        Words {
            es: language == Lang::Es,
        }
    }

    fn pick(&self, en: &'static str, es: &'static str) -> &'static str {
        if self.es { es } else { en }
    }

    pub fn header(&self, rubric: &str, version: u32, criteria: usize) -> String {
        if self.es {
            format!("Evaluación con {rubric} versión {version} ({criteria} criterios).")
        } else {
            format!("Scoring with {rubric} version {version} ({criteria} criteria).")
        }
    }

    pub fn keys(&self) -> &'static str {
        self.pick(
            "Type ? for guidance, b to go back, c to comment on the answer, q to stop (you may keep a draft).",
            "Escriba ? para la orientación, b para volver atrás, c para comentar la respuesta, q para salir (puede guardar un borrador).",
        )
    }

    pub fn agent(&self) -> &'static str {
        self.pick("Agent", "Agente")
    }
    pub fn when(&self) -> &'static str {
        self.pick("When", "Cuándo")
    }
    pub fn channel(&self) -> &'static str {
        self.pick("Channel", "Canal")
    }
    pub fn duration(&self) -> &'static str {
        self.pick("Duration", "Duración")
    }
    pub fn scale(&self) -> &'static str {
        self.pick("scale", "escala")
    }
    pub fn current(&self) -> &'static str {
        self.pick("answered", "respondido")
    }
    pub fn answer(&self) -> &'static str {
        self.pick("answer", "responda")
    }
    pub fn keep(&self) -> &'static str {
        self.pick("Enter keeps it", "Intro la mantiene")
    }
    pub fn guidance(&self) -> &'static str {
        self.pick("guidance", "orientación")
    }
    pub fn no_guidance(&self) -> &'static str {
        self.pick(
            "(this criterion has no guidance)",
            "(este criterio no tiene orientación)",
        )
    }
    pub fn first(&self) -> &'static str {
        self.pick("(this is the first question)", "(esta es la primera pregunta)")
    }
    pub fn comment(&self) -> &'static str {
        self.pick("comment (Enter removes it)", "comentario (Intro lo quita)")
    }
    pub fn comment_required(&self) -> &'static str {
        self.pick(
            "comment (required for this answer)",
            "comentario (obligatorio con esta respuesta)",
        )
    }
    pub fn running(&self) -> &'static str {
        self.pick("running score", "puntuación provisional")
    }
    pub fn overall_comment(&self) -> &'static str {
        self.pick(
            "Overall comment for the agent (Enter to skip)",
            "Comentario general para el agente (Intro para omitir)",
        )
    }
    pub fn review(&self) -> &'static str {
        self.pick("Review before saving:", "Revise antes de guardar:")
    }
    pub fn overall(&self) -> &'static str {
        self.pick("overall", "total")
    }
    pub fn overall_comment_short(&self) -> &'static str {
        self.pick("comment for the agent", "comentario para el agente")
    }
    pub fn save(&self) -> &'static str {
        self.pick(
            "save? (Enter or y saves, a number changes that answer, b goes back, q stops)",
            "¿guardar? (Intro o s guarda, un número cambia esa respuesta, b vuelve atrás, q sale)",
        )
    }
    pub fn draft(&self) -> &'static str {
        self.pick(
            "keep what you answered as a draft? (y, n)",
            "¿guardar lo respondido como borrador? (s, n)",
        )
    }
    pub fn not_understood(&self) -> &'static str {
        self.pick("(not understood)", "(no se entiende)")
    }

    /// Yes in this language, as typed (`y`, `yes`; `s`, `sí`, `si`).
    pub fn is_yes(&self, text: &str) -> bool {
        let t = text.trim().to_lowercase();
        matches!(t.as_str(), "y" | "yes") || (self.es && matches!(t.as_str(), "s" | "sí" | "si"))
    }

    /// The answers `c` takes: `sí, no`, `un número entero del 1 al 5`, options, `o na`.
    pub fn allowed(&self, c: &Criterion) -> String {
        crate::scoring::words::allowed_for(c, &Labels::of("scoring", self.lang()))
    }

    fn lang(&self) -> Lang {
        if self.es { Lang::Es } else { Lang::En }
    }

    /// Why `written` is not an answer to `c` (the English words are the rubric module's own).
    pub fn refused(&self, c: &Criterion, written: &str, english: String) -> String {
        if self.es {
            format!("`{}` no admite `{written}`; responda {}", c.key, self.allowed(c))
        } else {
            english
        }
    }

    /// A score with one decimal, with a decimal comma in Spanish.
    pub fn number(&self, value: f64) -> String {
        let text = format!("{value:.1}");
        if self.es { text.replace('.', ",") } else { text }
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
