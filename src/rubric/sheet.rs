//! Answer sheets: what an evaluator or shopper gives for one evaluation, from an answers file
//! (DESIGN.md section 3), from `--set KEY=VALUE`, or from the interactive prompt, and the checks
//! that make a sheet fit a rubric before anything is written.

use super::answer::Answer;
use super::load::Diagnostic;
use super::model::{Rubric, ScaleKind};
use super::path::YamlPath;
use super::score::comments_missing;
use super::yaml_index::{self, Pos};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Answers files larger than this are refused before parsing.
pub const MAX_SHEET_BYTES: usize = 1024 * 1024;

/// Answers as written, before they are checked against a rubric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// Criterion key → the answer as written (`yes`, `4`, `partly`, `na`).
    pub answers: BTreeMap<String, String>,
    /// Criterion key → the evaluator's comment on it.
    pub comments: BTreeMap<String, String>,
    /// The overall comment for the agent.
    pub comment: Option<String>,
    /// Where each answer and comment was written, for error messages (`file:line:col`).
    pub origin: BTreeMap<String, String>,
    /// `practice: true` in an answers file: score as practice, like `score --practice`.
    pub practice: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    #[serde(default)]
    answers: BTreeMap<String, serde_yaml::Value>,
    #[serde(default)]
    comments: BTreeMap<String, String>,
    comment: Option<String>,
    #[serde(default)]
    practice: bool,
}

/// Reads an answers file's text. `file` names it in diagnostics.
pub fn parse_sheet(file: &str, text: &str) -> Result<Sheet, Vec<Diagnostic>> {
    let diag = |pos: Option<Pos>, message: String, hint: &str| Diagnostic {
        file: file.to_string(),
        pos,
        source_line: pos.and_then(|p| text.lines().nth(p.line.saturating_sub(1)).map(str::to_string)),
        message,
        hint: hint.to_string(),
    };
    if text.len() > MAX_SHEET_BYTES {
        return Err(vec![diag(
            None,
            format!(
                "the file is {} bytes; answers files are limited to {MAX_SHEET_BYTES}",
                text.len()
            ),
            "an answers file holds one evaluation's answers; check that this is the right file",
        )]);
    }
    let (index, problems) = yaml_index::index(text).map_err(|p| vec![diag(Some(p.pos), p.message, &p.hint)])?;
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| diag(Some(p.pos), p.message, &p.hint))
            .collect());
    }
    let raw: RawSheet = match serde_yaml::from_str::<Option<RawSheet>>(text) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Err(vec![diag(
                Some(Pos { line: 1, col: 1 }),
                "the answers file is empty".to_string(),
                "write `answers:` followed by one `section.criterion: value` line per criterion",
            )]);
        }
        Err(e) => {
            let pos = e.location().map(|l| Pos {
                line: l.line(),
                col: l.column(),
            });
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let hint = if msg.contains("unknown field") {
                "an answers file has only `answers:`, `comments:`, `comment:` and `practice:` at the top level"
            } else {
                "write `answers:` as a mapping of `section.criterion: value`, and comments as text"
            };
            return Err(vec![diag(pos, msg, hint)]);
        }
    };
    let mut sheet = Sheet {
        comment: raw.comment,
        practice: raw.practice,
        ..Sheet::default()
    };
    let mut diags = Vec::new();
    let place = |section: &str, key: &str| {
        let pos = index.key(&YamlPath::root().key(section).key(key));
        match pos {
            Some(p) => format!("{file}:{}:{}", p.line, p.col),
            None => file.to_string(),
        }
    };
    for (key, value) in raw.answers {
        let written = match &value {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Bool(b) => (if *b { "yes" } else { "no" }).to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Null => {
                let path = YamlPath::root().key("answers").key(&key);
                diags.push(diag(
                    index.key(&path),
                    format!("`{key}` has no answer"),
                    "write an answer after the colon, or `na`",
                ));
                continue;
            }
            _ => {
                let path = YamlPath::root().key("answers").key(&key);
                diags.push(diag(
                    index.value(&path),
                    format!("the answer to `{key}` is not a single value"),
                    "write one answer: yes/no, a number, an option or na",
                ));
                continue;
            }
        };
        sheet.origin.insert(key.clone(), place("answers", &key));
        sheet.answers.insert(key, written);
    }
    for (key, text) in raw.comments {
        sheet
            .origin
            .entry(key.clone())
            .or_insert_with(|| place("comments", &key));
        sheet.comments.insert(key, text);
    }
    if diags.is_empty() { Ok(sheet) } else { Err(diags) }
}

/// An answer or a comment given as `KEY=VALUE` outside an answers file, with where it was
/// given in the front end's words (`--set courtesy.greeting=yes` on the command line), which
/// the sheet's problems name as their place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub pair: String,
    pub origin: String,
}

/// A given pair that is not `KEY=VALUE` (no `=`, or nothing before it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{pair}` is not KEY=VALUE")]
pub struct NotAPair {
    pub pair: String,
}

impl Sheet {
    /// Applies an answer given as `KEY=VALUE` on top of the sheet.
    pub fn set(&mut self, given: &Given) -> Result<(), NotAPair> {
        let (k, v) = split_pair(&given.pair)?;
        self.origin.insert(k.clone(), given.origin.clone());
        self.answers.insert(k, v);
        Ok(())
    }

    /// Applies a criterion comment given as `KEY=TEXT` on top of the sheet.
    pub fn note(&mut self, given: &Given) -> Result<(), NotAPair> {
        let (k, v) = split_pair(&given.pair)?;
        self.origin.entry(k.clone()).or_insert_with(|| given.origin.clone());
        self.comments.insert(k, v);
        Ok(())
    }

    /// True when nothing was given.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.comments.is_empty() && self.comment.is_none()
    }
}

fn split_pair(pair: &str) -> Result<(String, String), NotAPair> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(NotAPair { pair: pair.to_string() }),
    }
}

/// A sheet that fits its rubric: parsed answers and comments.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub answers: BTreeMap<String, Answer>,
    pub comments: BTreeMap<String, String>,
    pub comment: Option<String>,
}

/// One way a sheet does not fit its rubric. Typed, so that the refusal can be worded in the
/// rubric's language (`scoring::words`); `Display` is the English wording. `at` is where it was
/// written (`file:line:col: `, `--set KEY=VALUE: `), or empty.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetProblem {
    /// An answer names no criterion of the rubric; `closest` is the likeliest meant.
    NotACriterion {
        at: String,
        key: String,
        rubric: String,
        closest: Option<String>,
    },
    /// A comment names no criterion of the rubric (and no answer either).
    CommentNotACriterion {
        at: String,
        key: String,
        rubric: String,
        closest: Option<String>,
    },
    /// The criterion does not take what was written; `na` when it was N/A and N/A is not allowed.
    Refused {
        at: String,
        key: String,
        written: String,
        na: bool,
        /// The criterion's scale and whether it takes N/A, to say what it takes instead.
        scale: ScaleKind,
        na_allowed: bool,
        /// The English refusal of the rubric module, kept as the `Display` text.
        english: String,
    },
    /// A complete evaluation lacks answers to these criteria.
    Unanswered(Vec<String>),
    /// The answer is low enough that the rubric requires a comment, and there is none;
    /// `below` is the share of the scale under which one is required.
    CommentRequired {
        at: String,
        key: String,
        answer: Answer,
        below: f64,
    },
}

impl std::fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lists = "the rubric lists its criteria";
        let suggestion = |closest: &Option<String>| match closest {
            Some(best) => format!("did you mean `{best}`?"),
            None => lists.to_string(),
        };
        match self {
            SheetProblem::NotACriterion {
                at,
                key,
                rubric,
                closest,
            } => write!(
                f,
                "{at}`{key}` is not a criterion of {rubric} ({})",
                suggestion(closest)
            ),
            SheetProblem::CommentNotACriterion {
                at,
                key,
                rubric,
                closest,
            } => write!(
                f,
                "{at}a comment names `{key}`, which is not a criterion of {rubric} ({})",
                suggestion(closest)
            ),
            SheetProblem::Refused { at, english, .. } => write!(f, "{at}{english}"),
            SheetProblem::Unanswered(keys) => {
                write!(f, "no answer for {} criteria: {}", keys.len(), keys.join(", "))
            }
            SheetProblem::CommentRequired { at, key, answer, below } => write!(
                f,
                "{at}`{key}` is answered `{answer}`, low enough that the rubric requires a comment (below {:.0}% of the scale)",
                100.0 * below
            ),
        }
    }
}

/// Checks a sheet against a rubric. With `complete`, every criterion needs an answer and every
/// comment the rubric requires must be there (a draft is checked without `complete`). Returns
/// every problem, each with where it was written.
pub fn check(rubric: &Rubric, sheet: &Sheet, complete: bool) -> Result<Checked, Vec<SheetProblem>> {
    let keys: Vec<&str> = rubric.criteria().map(|c| c.key.as_str()).collect();
    let mut problems = Vec::new();
    let mut answers = BTreeMap::new();
    let at = |key: &str| sheet.origin.get(key).map(|o| format!("{o}: ")).unwrap_or_default();
    let closest = |key: &str| super::suggest::closest(key, &keys).map(str::to_string);
    for (key, written) in &sheet.answers {
        match rubric.criterion(key) {
            None => problems.push(SheetProblem::NotACriterion {
                at: at(key),
                key: key.clone(),
                rubric: rubric.id.clone(),
                closest: closest(key),
            }),
            Some(c) => match c.parse_answer(written) {
                Ok(a) => {
                    answers.insert(key.clone(), a);
                }
                Err(english) => problems.push(SheetProblem::Refused {
                    at: at(key),
                    key: key.clone(),
                    written: written.trim().to_string(),
                    na: matches!(written.trim().to_lowercase().as_str(), "na" | "n/a"),
                    scale: c.scale.kind.clone(),
                    na_allowed: c.na,
                    english,
                }),
            },
        }
    }
    for key in sheet.comments.keys() {
        if rubric.criterion(key).is_none() && !sheet.answers.contains_key(key) {
            problems.push(SheetProblem::CommentNotACriterion {
                at: at(key),
                key: key.clone(),
                rubric: rubric.id.clone(),
                closest: closest(key),
            });
        }
    }
    if complete && problems.is_empty() {
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| !answers.contains_key(**k))
            .map(|k| k.to_string())
            .collect();
        if !missing.is_empty() {
            problems.push(SheetProblem::Unanswered(missing));
        }
        for key in comments_missing(rubric, &answers, &sheet.comments) {
            let c = rubric.criterion(&key).expect("key from the rubric");
            problems.push(SheetProblem::CommentRequired {
                at: at(&key),
                answer: answers[&key].clone(),
                below: c.comment_required_below.unwrap_or(0.0),
                key,
            });
        }
    }
    if problems.is_empty() {
        Ok(Checked {
            answers,
            comments: sheet.comments.clone(),
            comment: sheet.comment.clone(),
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_answers_file_of_the_design() {
        let text = "answers:\n  courtesy.greeting: yes\n  resolution.first_contact: na\n  clarity.score: 4\n  x.flag: true\ncomments:\n  empathy.acknowledge: Did not acknowledge the two-day delay\ncomment: Friendly call\n";
        let s = parse_sheet("a.yaml", text).unwrap();
        assert_eq!(s.answers["courtesy.greeting"], "yes");
        assert_eq!(s.answers["resolution.first_contact"], "na");
        assert_eq!(s.answers["clarity.score"], "4");
        assert_eq!(s.answers["x.flag"], "yes");
        assert_eq!(
            s.comments["empathy.acknowledge"],
            "Did not acknowledge the two-day delay"
        );
        assert_eq!(s.comment.as_deref(), Some("Friendly call"));
        assert_eq!(s.origin["clarity.score"], "a.yaml:4:3");
    }

    #[test]
    fn refuses_unknown_sections_and_empty_answers() {
        let e = parse_sheet("a.yaml", "answer:\n  a.b: yes\n").unwrap_err();
        assert!(e[0].message.contains("unknown field `answer`"), "{e:?}");
        let e = parse_sheet("a.yaml", "answers:\n  a.b:\n").unwrap_err();
        assert_eq!(e[0].location(), "a.yaml:2:3");
        let e = parse_sheet("a.yaml", "").unwrap_err();
        assert!(e[0].message.contains("empty"));
        let e = parse_sheet("a.yaml", "answers:\n  a.b: yes\n  a.b: no\n").unwrap_err();
        assert!(e[0].message.contains("duplicate key `a.b`"), "{e:?}");
    }

    #[test]
    fn set_and_note_need_key_value() {
        let given = |pair: &str| Given {
            pair: pair.to_string(),
            origin: format!("given {pair}"),
        };
        let mut s = Sheet::default();
        s.set(&given("a.b=yes")).unwrap();
        s.note(&given("a.b = rushed")).unwrap();
        assert_eq!(s.answers["a.b"], "yes");
        assert_eq!(s.comments["a.b"], "rushed");
        assert_eq!(s.origin["a.b"], "given a.b=yes");
        assert_eq!(s.set(&given("a.b")).unwrap_err().to_string(), "`a.b` is not KEY=VALUE");
        assert!(s.set(&given("=yes")).is_err());
    }
}
