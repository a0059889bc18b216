//! Where each node of a YAML document stands in its file.
//!
//! serde_yaml does not expose positions once a document is parsed, so the loader walks the
//! document once more with yaml-rust2's event parser and records the line and column of every
//! key and value by path. The same walk finds syntax errors and duplicate keys, which it can
//! report with their exact position.

use super::path::YamlPath;
use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Something wrong with the YAML itself, found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// Positions of keys and values by path.
#[derive(Debug, Default)]
pub struct PositionIndex {
    keys: HashMap<YamlPath, Pos>,
    values: HashMap<YamlPath, Pos>,
}

impl PositionIndex {
    /// Where the key that leads to `path` is written (for "unknown field" and "missing" errors).
    pub fn key(&self, path: &YamlPath) -> Option<Pos> {
        self.keys.get(path).or_else(|| self.values.get(path)).copied()
    }

    /// True when the key leading to `path` is written in the file (not reached through an alias).
    pub fn has_key(&self, path: &YamlPath) -> bool {
        self.keys.contains_key(path)
    }

    /// Where the value at `path` starts (for "this value is wrong" errors).
    pub fn value(&self, path: &YamlPath) -> Option<Pos> {
        self.values.get(path).or_else(|| self.keys.get(path)).copied()
    }

    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn nearest(&self, path: &YamlPath, prefer_key: bool) -> Option<Pos> {
        let mut p = path.clone();
        loop {
            let found = if prefer_key { self.key(&p) } else { self.value(&p) };
            if found.is_some() || p.0.is_empty() {
                return found;
            }
            p = p.parent();
        }
    }
}

/// Walks `text`, returning the position index, or the syntax error that stopped the parser.
/// Duplicate keys do not stop the walk: they are returned alongside the index.
pub fn index(text: &str) -> Result<(PositionIndex, Vec<YamlProblem>), YamlProblem> {
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    match parser.load(&mut walker, true) {
        Ok(()) => Ok((walker.index, walker.problems)),
        Err(e) => Err(explain_syntax_error(text, pos_of(e.marker()), e.info())),
    }
}

/// yaml-rust2 markers are 1-based lines and 0-based columns.
fn pos_of(m: &Marker) -> Pos {
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

/// Turns the parser's message into a position and words a rubric author can act on: an
/// unclosed bracket is shown where it opens, a tab where it is, a badly indented line at its
/// first character.
fn explain_syntax_error(text: &str, pos: Pos, info: &str) -> YamlProblem {
    if let Some((open, at)) = unclosed_bracket(text, pos) {
        let close = if open == '[' { ']' } else { '}' };
        return YamlProblem {
            pos: at,
            message: format!("YAML syntax error: `{open}` opened here is never closed"),
            hint: format!("add the closing `{close}` at the end of the list or mapping"),
        };
    }
    if let Some((tab, leading)) = first_tab_near(text, pos.line) {
        let hint = if leading {
            "YAML does not allow tabs for indentation; indent with spaces"
        } else {
            "replace the tab with a space"
        };
        return YamlProblem {
            pos: tab,
            message: format!("YAML syntax error: {info}"),
            hint: hint.to_string(),
        };
    }
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    if info.contains("mapping values are not allowed") {
        return YamlProblem {
            pos,
            message: format!("YAML syntax error: {info}"),
            hint: "a value that contains `: ` must be quoted, e.g. `title: \"Contact: quality\"`; otherwise check the indentation"
                .to_string(),
        };
    }
    let indentation = ["did not find expected", "block sequence entries are not allowed"];
    if indentation.iter().any(|m| info.contains(m)) && !line.trim().is_empty() {
        let col = line.chars().take_while(|c| *c == ' ').count() + 1;
        return YamlProblem {
            pos: Pos { line: pos.line, col },
            message: format!("YAML syntax error: this line does not fit the indentation around it ({info})"),
            hint: "fix the indentation: indent each key as far as the other keys of its mapping".to_string(),
        };
    }
    YamlProblem {
        pos,
        message: format!("YAML syntax error: {info}"),
        hint: "check this line and the one before it: indentation, quotes and brackets".to_string(),
    }
}

/// A `[` or `{` opened on an earlier line than the error and still open there.
fn unclosed_bracket(text: &str, error: Pos) -> Option<(char, Pos)> {
    let mut open: Vec<(char, Pos)> = Vec::new();
    for (i, line) in text.lines().enumerate().take(error.line) {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            if i + 1 == error.line && col + 1 >= error.col {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') if prev == ' ' => break,
                (None, '[' | '{') => open.push((
                    c,
                    Pos {
                        line: i + 1,
                        col: col + 1,
                    },
                )),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.last().copied().filter(|(_, at)| at.line < error.line)
}

/// The first tab on the line of a syntax error or the line after it (the parser often stops
/// at the end of the line before the one that holds the tab).
fn first_tab_near(text: &str, line: usize) -> Option<(Pos, bool)> {
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .take(2)
        .find_map(|(i, l)| {
            l.find('\t').map(|c| {
                let leading = l[..c].chars().all(|ch| ch == ' ');
                (
                    Pos {
                        line: i + 1,
                        col: l[..c].chars().count() + 1,
                    },
                    leading,
                )
            })
        })
}

enum Frame {
    Map {
        path: YamlPath,
        /// The key whose value comes next, or `None` when a key comes next.
        pending_key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        path: YamlPath,
        next: usize,
    },
}

#[derive(Default)]
struct Walker {
    documents: usize,
    stack: Vec<Frame>,
    index: PositionIndex,
    problems: Vec<YamlProblem>,
}

impl Walker {
    /// Decides the path of the node that starts now, or records a key and returns `None`.
    fn place(&mut self, scalar_key: Option<&str>, pos: Pos) -> Option<YamlPath> {
        match self.stack.last_mut() {
            None => Some(YamlPath::root()),
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                Some(p)
            }
            Some(Frame::Map {
                path,
                pending_key,
                seen,
            }) => match pending_key.take() {
                Some(key) => Some(path.key(&key)),
                None => {
                    // A key. Complex (non-scalar) keys are not used by rubrics; they get a
                    // placeholder so the walk stays in step.
                    let key = scalar_key.unwrap_or("?").to_string();
                    let key_path = path.key(&key);
                    if seen.is_empty() {
                        // yaml-rust2 marks a block mapping at its first `:`; a mapping is
                        // better shown where its first key starts.
                        self.index.values.insert(path.clone(), pos);
                    }
                    if !seen.insert(key.clone()) {
                        self.problems.push(YamlProblem {
                            pos,
                            message: format!("duplicate key `{key}` in {}", describe(path)),
                            hint: "each key may appear once in a mapping; remove or rename one of them".to_string(),
                        });
                    } else {
                        self.index.keys.insert(key_path, pos);
                    }
                    *pending_key = Some(key);
                    None
                }
            },
        }
    }
}

fn describe(path: &YamlPath) -> String {
    if path.0.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{path}`")
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = pos_of(&mark);
        match ev {
            Event::Scalar(ref value, ..) => {
                if let Some(p) = self.place(Some(value), pos) {
                    self.index.values.entry(p).or_insert(pos);
                }
            }
            Event::Alias(_) => {
                if let Some(p) = self.place(None, pos) {
                    self.index.values.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let path = match self.place(None, pos) {
                    Some(p) => p,
                    // A collection used as a key: give it a throwaway path.
                    None => YamlPath::root().key("?"),
                };
                self.index.values.entry(path.clone()).or_insert(pos);
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        pending_key: None,
                        seen: HashSet::new(),
                    }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.problems.push(YamlProblem {
                        pos,
                        message: "the file holds more than one document (a second `---`)".to_string(),
                        hint: "keep one document per file; remove the second `---` and what follows, or split the file"
                            .to_string(),
                    });
                }
            }
            _ => {}
        }
    }
}
