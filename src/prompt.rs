//! The interactive scoring prompt: shows the interaction's context, asks criterion by
//! criterion with the scale's labels, shows guidance on `?`, goes back on `b`, takes a comment
//! on `c`, insists on a valid answer and on the comments the rubric requires, shows the running
//! score, and ends with a review screen before anything is saved; `q` offers to keep a draft.
//! It speaks the rubric's language ([`words`]).
//!
//! It reads lines from any `BufRead` and writes to any `Write`, so tests drive it with a script.

mod words;

use crate::lang::Lang;
use crate::rubric::score::{comments_missing, score_partial};
use crate::rubric::sheet::Sheet;
use crate::rubric::{Answer, Criterion, Rubric};
use crate::store::interactions::Interaction;
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use words::{Words, scale_labels};

/// Why the prompt stopped without a sheet to submit.
#[derive(Debug, PartialEq)]
pub enum Stopped {
    /// The input ended (Ctrl-D) before the evaluator saved.
    EndOfInput,
    /// The evaluator typed `q` and kept nothing.
    Quit,
    /// The evaluator typed `q` and chose to keep what was answered as a draft.
    Draft(Sheet),
}

/// What the evaluator sees above the questions: label and value, e.g. `("Agent", "a-1")`.
pub type Context = Vec<(String, String)>;

/// An interaction's context in the prompt's language (the rubric's, or `--lang`): agent, local time, channel, duration and
/// the export's other columns.
pub fn context_of(lang: Lang, i: &Interaction) -> Context {
    let w = Words::of(lang);
    let mut lines = vec![
        (w.get("agent"), i.agent.clone()),
        (w.get("when"), crate::dates::short_in(&i.occurred_at, lang)),
        (w.get("channel"), w.channel_name(&i.channel)),
    ];
    if let Some(s) = i.duration_s {
        lines.push((w.get("duration"), format!("{}:{:02}", s / 60, s % 60)));
    }
    if let Some(serde_json::Value::Object(extra)) = &i.extra {
        for (k, v) in extra {
            let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            lines.push((k.clone(), v));
        }
    }
    lines
}

/// What one question ended with.
enum Step {
    Answered,
    Back,
    Quit,
    End,
}

/// Asks for every criterion not already answered in `sheet`, and the overall comment, then
/// shows the review screen until the evaluator saves.
pub fn ask(
    rubric: &Rubric,
    lang: Lang,
    mut sheet: Sheet,
    context: &Context,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Result<Sheet, Stopped>> {
    let w = Words::of(lang);
    let criteria: Vec<&Criterion> = rubric.criteria().collect();
    let total = criteria.len();
    writeln!(out, "{}", w.header(&rubric.id, rubric.version, total))?;
    for (label, value) in context {
        writeln!(out, "  {label}: {value}")?;
    }
    writeln!(out, "{}", w.get("keys"))?;
    // Answers given on the command line are not asked again (the review screen shows them).
    let to_ask: Vec<usize> = (0..total)
        .filter(|&i| {
            let c = criteria[i];
            sheet.answers.get(&c.key).is_none_or(|a| c.parse_answer(a).is_err())
        })
        .collect();
    let mut pos = 0;
    let mut reviewing = false;
    let mut asked_overall = false;
    loop {
        if pos >= to_ask.len() {
            if !asked_overall && sheet.comment.is_none() {
                asked_overall = true;
                write!(out, "\n{}: ", w.get("overall_comment"))?;
                out.flush()?;
                match read_line(input)? {
                    None => return Ok(Err(Stopped::EndOfInput)),
                    Some(line) if !line.is_empty() => sheet.comment = Some(line),
                    Some(_) => {}
                }
            }
            reviewing = true;
            review(rubric, &criteria, &sheet, &w, out)?;
            write!(out, "{}: ", w.get("save"))?;
            out.flush()?;
            let Some(line) = read_line(input)? else {
                return Ok(Err(Stopped::EndOfInput));
            };
            match line.as_str() {
                "" => return Ok(Ok(sheet)),
                "q" => return offer_draft(sheet, &w, input, out),
                "b" if !to_ask.is_empty() => pos = to_ask.len() - 1,
                t if w.is_yes(t) => return Ok(Ok(sheet)),
                t => match t.parse::<usize>().ok().filter(|n| (1..=total).contains(n)) {
                    Some(n) => match to_ask.iter().position(|&i| i == n - 1) {
                        Some(p) => pos = p,
                        None => writeln!(out, "  {}", w.get("not_understood"))?,
                    },
                    None => writeln!(out, "  {}", w.get("not_understood"))?,
                },
            }
            continue;
        }
        let i = to_ask[pos];
        match question(rubric, criteria[i], i + 1, total, &mut sheet, &w, input, out)? {
            Step::Answered => pos = if reviewing { to_ask.len() } else { pos + 1 },
            Step::Back if pos == 0 => writeln!(out, "  {}", w.get("first"))?,
            Step::Back => pos -= 1,
            Step::Quit => return offer_draft(sheet, &w, input, out),
            Step::End => return Ok(Err(Stopped::EndOfInput)),
        }
    }
}

/// Asks one criterion until it has a valid answer (and the comment the rubric requires).
#[allow(clippy::too_many_arguments)]
fn question(
    rubric: &Rubric,
    c: &Criterion,
    n: usize,
    total: usize,
    sheet: &mut Sheet,
    w: &Words,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Step> {
    writeln!(out, "\n[{n}/{total}] {}\n  {}", c.key, c.text)?;
    if let Some(labels) = scale_labels(c, w) {
        writeln!(out, "  {}: {labels}", w.get("scale"))?;
    }
    loop {
        let current = sheet.answers.get(&c.key).cloned();
        match &current {
            Some(a) => write!(
                out,
                "  {} ({}; {} {}, {}): ",
                w.get("answer"),
                w.allowed(c),
                w.get("current"),
                w.shown(c, a),
                w.get("keep")
            )?,
            None => write!(out, "  {} ({}): ", w.get("answer"), w.allowed(c))?,
        }
        out.flush()?;
        let Some(line) = read_line(input)? else {
            return Ok(Step::End);
        };
        match line.as_str() {
            "q" | "quit" => return Ok(Step::Quit),
            "b" => return Ok(Step::Back),
            "?" => writeln!(
                out,
                "  {}: {}",
                w.get("guidance"),
                c.guidance.clone().unwrap_or_else(|| w.get("no_guidance"))
            )?,
            "c" => {
                write!(out, "  {}: ", w.get("comment"))?;
                out.flush()?;
                match read_line(input)? {
                    None => return Ok(Step::End),
                    Some(t) if t.is_empty() => {
                        sheet.comments.remove(&c.key);
                    }
                    Some(t) => {
                        sheet.comments.insert(c.key.clone(), t);
                    }
                }
            }
            "" if current.is_some() => break,
            written => match c.parse_answer(written) {
                Ok(a) => {
                    let kept = match a {
                        Answer::Choice(option) => option,
                        _ => written.to_string(),
                    };
                    sheet.answers.insert(c.key.clone(), kept);
                    break;
                }
                Err(e) => writeln!(out, "  {}", w.refused(c, written, e))?,
            },
        }
    }
    let answers = parsed(rubric, sheet);
    if comments_missing(rubric, &answers, &sheet.comments).contains(&c.key) {
        loop {
            write!(out, "  {}: ", w.get("comment_required"))?;
            out.flush()?;
            let Some(line) = read_line(input)? else {
                return Ok(Step::End);
            };
            if !line.is_empty() {
                sheet.comments.insert(c.key.clone(), line);
                break;
            }
        }
    }
    if let Some(running) = score_partial(rubric, &answers) {
        writeln!(out, "  {}: {}", w.get("running"), w.number(running.overall))?;
    }
    Ok(Step::Answered)
}

/// Every answer, comment and the score, numbered as the questions were.
fn review(rubric: &Rubric, criteria: &[&Criterion], sheet: &Sheet, w: &Words, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{}", w.get("review"))?;
    let width = criteria.iter().map(|c| c.key.chars().count()).max().unwrap_or(0);
    for (i, c) in criteria.iter().enumerate() {
        let answer = sheet
            .answers
            .get(&c.key)
            .map_or_else(|| "-".to_string(), |a| w.shown(c, a));
        write!(out, "  {:>2}. {:<width$}  {answer}", i + 1, c.key)?;
        match sheet.comments.get(&c.key) {
            Some(comment) => writeln!(out, "  \"{comment}\"")?,
            None => writeln!(out)?,
        }
    }
    if let Some(comment) = &sheet.comment {
        writeln!(out, "  {}: \"{comment}\"", w.get("overall_comment_short"))?;
    }
    if let Some(result) = score_partial(rubric, &parsed(rubric, sheet)) {
        writeln!(out, "  {}: {}", w.get("overall"), w.number(result.overall))?;
    }
    Ok(())
}

/// After `q`: keep what was answered as a draft, or nothing.
fn offer_draft(
    sheet: Sheet,
    w: &Words,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Result<Sheet, Stopped>> {
    write!(out, "{}: ", w.get("draft"))?;
    out.flush()?;
    Ok(Err(match read_line(input)? {
        Some(t) if w.is_yes(&t) => Stopped::Draft(sheet),
        _ => Stopped::Quit,
    }))
}

/// The sheet's valid answers, parsed.
fn parsed(rubric: &Rubric, sheet: &Sheet) -> BTreeMap<String, Answer> {
    rubric
        .criteria()
        .filter_map(|c| {
            let a = c.parse_answer(sheet.answers.get(&c.key)?).ok()?;
            Some((c.key.clone(), a))
        })
        .collect()
}

/// One trimmed line, or `None` at the end of input.
fn read_line(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}
