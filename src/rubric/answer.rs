//! Answers to criteria: parsing what an evaluator typed or wrote in an answers file, and
//! normalising it to 0..1 (DESIGN.md section 3).

use super::model::{Criterion, Scale, ScaleKind};
use serde::Serialize;
use std::fmt;

/// One criterion's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// A binary answer: yes (true) or no (false).
    Binary(bool),
    /// A point on a range scale.
    Level(i64),
    /// The key of a choice option.
    Choice(String),
    /// Not applicable.
    #[serde(serialize_with = "na")]
    Na,
}

fn na<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("na")
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Binary(true) => f.write_str("yes"),
            Answer::Binary(false) => f.write_str("no"),
            Answer::Level(v) => write!(f, "{v}"),
            Answer::Choice(k) => f.write_str(k),
            Answer::Na => f.write_str("na"),
        }
    }
}

impl Scale {
    /// The answers this scale takes, for prompts and hints (`yes, no`, `1..5`, `met, partly`).
    pub fn allowed(&self) -> String {
        match &self.kind {
            ScaleKind::Binary => "yes, no".to_string(),
            ScaleKind::Range { min, max, .. } => format!("a whole number from {min} to {max}"),
            ScaleKind::Choice { options } => options.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", "),
        }
    }
}

impl Criterion {
    /// The answers this criterion takes, N/A included when allowed.
    pub fn allowed(&self) -> String {
        let base = self.scale.allowed();
        if self.na { format!("{base}, or na") } else { base }
    }

    /// Parses an answer as written (`yes`, `4`, `partly`, `na`), or says what is allowed.
    pub fn parse_answer(&self, written: &str) -> Result<Answer, String> {
        let w = written.trim();
        let lower = w.to_lowercase();
        if lower == "na" || lower == "n/a" {
            return if self.na {
                Ok(Answer::Na)
            } else {
                Err(format!(
                    "`{}` may not be answered N/A; answer {}",
                    self.key,
                    self.allowed()
                ))
            };
        }
        let refused = || format!("`{}` does not take `{w}`; answer {}", self.key, self.allowed());
        match &self.scale.kind {
            ScaleKind::Binary => match lower.as_str() {
                // Spanish rubrics print `sí` on their sheets, so a Spanish team answers with it
                // (and with `si`, typed without the accent).
                "yes" | "y" | "true" | "1" | "sí" | "si" => Ok(Answer::Binary(true)),
                "no" | "n" | "false" | "0" => Ok(Answer::Binary(false)),
                _ => Err(refused()),
            },
            ScaleKind::Range { min, max, .. } => match w.parse::<i64>() {
                Ok(v) if (*min..=*max).contains(&v) => Ok(Answer::Level(v)),
                _ => Err(refused()),
            },
            ScaleKind::Choice { options } => options
                .iter()
                // The option as its label reads (`no cumple` for `no_cumple`) is the same answer.
                .find(|(k, _)| k.eq_ignore_ascii_case(w) || k.replace('_', " ").eq_ignore_ascii_case(w))
                .map(|(k, _)| Answer::Choice(k.clone()))
                .ok_or_else(refused),
        }
    }

    /// The answer's normalised score in 0..1; `None` for N/A (how N/A counts is the rubric's
    /// `na_policy`, applied by the scoring engine).
    pub fn normalise(&self, answer: &Answer) -> Option<f64> {
        match (&self.scale.kind, answer) {
            (_, Answer::Na) => None,
            (ScaleKind::Binary, Answer::Binary(b)) => Some(if *b { 1.0 } else { 0.0 }),
            (ScaleKind::Range { min, max, .. }, Answer::Level(v)) => Some((v - min) as f64 / (max - min) as f64),
            (ScaleKind::Choice { options }, Answer::Choice(k)) => options.iter().find(|(o, _)| o == k).map(|(_, v)| *v),
            // An answer of another scale's kind cannot be built by `parse_answer`; treat it as
            // unanswered rather than guess.
            _ => None,
        }
    }
}
