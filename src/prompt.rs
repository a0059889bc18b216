//! The interactive scoring prompt: asks criterion by criterion, shows guidance on `?`, insists
//! on a valid answer and on the comments the rubric requires, and shows the running score.
//!
//! It reads lines from any `BufRead` and writes to any `Write`, so tests drive it with a script.

use crate::rubric::score::{comments_missing, score_partial};
use crate::rubric::sheet::Sheet;
use crate::rubric::{Answer, Rubric};
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

/// Why the prompt stopped without a complete sheet.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The input ended (Ctrl-D) before every criterion was answered.
    EndOfInput,
    /// The evaluator typed `q`.
    Quit,
}

/// Asks for every criterion not already answered in `sheet`, and the overall comment.
pub fn ask(
    rubric: &Rubric,
    mut sheet: Sheet,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Result<Sheet, Stopped>> {
    let total = rubric.criteria().count();
    writeln!(
        out,
        "Scoring with {} version {} ({} criteria). Type ? for guidance, q to stop without saving.",
        rubric.id, rubric.version, total
    )?;
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    for (i, c) in rubric.criteria().enumerate() {
        if let Some(written) = sheet.answers.get(&c.key)
            && let Ok(a) = c.parse_answer(written)
        {
            answers.insert(c.key.clone(), a);
            continue;
        }
        writeln!(out, "\n[{}/{}] {}\n  {}", i + 1, total, c.key, c.text)?;
        let answer = loop {
            write!(out, "  answer ({}): ", c.allowed())?;
            out.flush()?;
            let Some(line) = read_line(input)? else {
                return Ok(Err(Stopped::EndOfInput));
            };
            match line.as_str() {
                "q" | "quit" => return Ok(Err(Stopped::Quit)),
                "?" => {
                    let guidance = c.guidance.as_deref().unwrap_or("(this criterion has no guidance)");
                    writeln!(out, "  guidance: {guidance}")?;
                }
                written => match c.parse_answer(written) {
                    Ok(a) => break (written.to_string(), a),
                    Err(e) => writeln!(out, "  {e}")?,
                },
            }
        };
        sheet.answers.insert(c.key.clone(), answer.0);
        answers.insert(c.key.clone(), answer.1);
        if comments_missing(rubric, &answers, &sheet.comments).contains(&c.key) {
            let comment = loop {
                write!(out, "  comment (required for this answer): ")?;
                out.flush()?;
                let Some(line) = read_line(input)? else {
                    return Ok(Err(Stopped::EndOfInput));
                };
                if !line.is_empty() {
                    break line;
                }
            };
            sheet.comments.insert(c.key.clone(), comment);
        }
        if let Some(running) = score_partial(rubric, &answers) {
            writeln!(out, "  running score: {:.1}", running.overall)?;
        }
    }
    if sheet.comment.is_none() {
        write!(out, "\nOverall comment for the agent (Enter to skip): ")?;
        out.flush()?;
        if let Some(line) = read_line(input)?
            && !line.is_empty()
        {
            sheet.comment = Some(line);
        }
    }
    Ok(Ok(sheet))
}

/// One trimmed line, or `None` at the end of input.
fn read_line(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}
