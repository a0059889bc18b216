//! Scoring one subject: the answers sheet read (from a file or from text), checked against the
//! rubric and computed, and whether this evaluator may score this subject with this rubric at all.
//!
//! Every rule here has one home, so the command line, the import and a web handler ask the same
//! question and get the same typed answer. Errors say what is wrong in words a person reads; the
//! hints, which name commands, are added by the front end (`commands::errors` for the CLI).

pub mod practice;
pub mod words;

use crate::rubric::sheet::{self, Checked, Sheet, SheetProblem};
use crate::rubric::{Rubric, ScoreError, ScoreResult, Subject, score, score_partial};
use crate::store::counting::Standing;
use crate::store::evaluations::Status;
use crate::store::interactions::Interaction;
use std::path::Path;
use thiserror::Error;

/// An answers sheet that cannot be read or parsed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SheetError {
    /// The file cannot be opened or its size read; `kind` says why in words any language can
    /// give (`error` is the system's English).
    #[error("cannot read {name}: {error}")]
    Unreadable {
        name: String,
        error: String,
        kind: std::io::ErrorKind,
    },
    /// The file is larger than an answers file can be.
    #[error("{name} is {len} bytes; answers files are limited to {limit}")]
    TooLarge { name: String, len: u64, limit: usize },
    /// The file is not UTF-8 text.
    #[error("cannot read {name}: {error}")]
    NotText { name: String, error: String },
    /// The text is not a valid answers file; `problems` holds one line per diagnostic.
    #[error("{name} is not a valid answers file")]
    Invalid { name: String, problems: Vec<String> },
}

/// Answers that cannot be scored with the rubric.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScoringError {
    /// The answers do not fit the rubric; `problems` lists each one.
    #[error(
        "the answers do not fit rubric {rubric} version {version} ({} problem(s)); nothing was saved",
        problems.len()
    )]
    Misfit {
        rubric: String,
        version: u32,
        problems: Vec<SheetProblem>,
    },
    /// Every answer is N/A, or none is given.
    #[error("every answer is N/A (or none is given), so there is nothing to score")]
    NothingApplicable,
    /// A complete evaluation lacks these criteria.
    #[error("no answer for {}", .0.join(", "))]
    Missing(Vec<String>),
}

/// Why this evaluator may not score this subject (with this rubric).
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Ineligible {
    /// The interaction was withdrawn and is no longer scored.
    #[error("interaction {interaction} was withdrawn ({reason})")]
    Withdrawn { interaction: String, reason: String },
    /// A mystery shopper's test contact is scored once, by its shopper, when it is logged
    /// (`contact log`); scoring it again would put it beside the real contacts.
    #[error("interaction {interaction} is a mystery shopper's test contact")]
    MysteryContact { interaction: String },
    /// Nobody scores their own work.
    #[error("`{evaluator}` handled interaction {interaction} and may not score it")]
    OwnInteraction { evaluator: String, interaction: String },
    /// The rubric scores another kind of subject.
    #[error("rubric {rubric} scores {}s, not {}s", scores.as_str(), wanted.as_str())]
    WrongSubject {
        rubric: String,
        scores: Subject,
        wanted: Subject,
    },
    /// The rubric is for other channels than the interaction's.
    #[error("rubric {rubric} is for {}; interaction {interaction} is a {channel}", channels.join(", "))]
    WrongChannel {
        rubric: String,
        channels: Vec<String>,
        interaction: String,
        channel: String,
    },
    /// The evaluator already submitted an evaluation of it with this rubric.
    #[error("you already scored interaction {interaction} with {rubric} as evaluation {evaluation}")]
    AlreadyScored {
        interaction: String,
        rubric: String,
        evaluation: i64,
    },
    /// Asked for a second opinion where nothing else counts.
    #[error("no other evaluation counts for interaction {interaction}, so this would not be a second opinion")]
    NotASecondOpinion { interaction: String, rubric: String },
    /// Another evaluation counts (or the assignee holds a draft): one counts per contact.
    #[error("{why}; one evaluation counts per contact")]
    CountedElsewhere {
        why: Blocker,
        interaction: String,
        rubric: String,
    },
}

/// What makes a scoring a second opinion: the evaluation that counts, or the assignee's draft.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Blocker {
    #[error("{who}'s evaluation {id} already counts for interaction {interaction}")]
    Counted { id: i64, who: String, interaction: String },
    #[error("interaction {interaction} is assigned to {who}, who has an open draft (evaluation {id})")]
    AssigneeDraft { id: i64, who: String, interaction: String },
}

/// Reads and parses an answers file.
pub fn read_sheet(path: &Path) -> Result<Sheet, SheetError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| SheetError::Unreadable {
        name: name.clone(),
        error: e.to_string(),
        kind: e.kind(),
    })?;
    if meta.len() > sheet::MAX_SHEET_BYTES as u64 {
        return Err(SheetError::TooLarge {
            name,
            len: meta.len(),
            limit: sheet::MAX_SHEET_BYTES,
        });
    }
    let text = std::fs::read_to_string(path).map_err(|e| SheetError::NotText {
        name: name.clone(),
        error: e.to_string(),
    })?;
    parse_sheet(&name, &text)
}

/// Parses an answers file's text; `name` names it in the problems (`file:line:col`).
pub fn parse_sheet(name: &str, text: &str) -> Result<Sheet, SheetError> {
    sheet::parse_sheet(name, text).map_err(|diags| SheetError::Invalid {
        name: name.to_string(),
        problems: diags.iter().map(|d| d.to_string()).collect(),
    })
}

/// Checks the sheet against the rubric; `complete` asks for every criterion to be answered.
pub fn check(rubric: &Rubric, sheet: &Sheet, complete: bool) -> Result<Checked, ScoringError> {
    sheet::check(rubric, sheet, complete).map_err(|problems| ScoringError::Misfit {
        rubric: rubric.id.clone(),
        version: rubric.version,
        problems,
    })
}

/// Scores a checked sheet; a draft scores what is answered so far.
pub fn compute(rubric: &Rubric, checked: &Checked, draft: bool) -> Result<ScoreResult, ScoringError> {
    let result = if draft {
        score_partial(rubric, &checked.answers).ok_or(ScoreError::NothingApplicable)
    } else {
        score(rubric, &checked.answers)
    };
    result.map_err(|e| match e {
        ScoreError::NothingApplicable => ScoringError::NothingApplicable,
        ScoreError::Missing(keys) => ScoringError::Missing(keys),
    })
}

/// The interaction may be scored by `evaluator` at all: not withdrawn, not a mystery contact,
/// not their own.
pub fn may_score(evaluator: &str, interaction: &Interaction) -> Result<(), Ineligible> {
    if interaction.origin.as_deref() == Some("mystery") {
        return Err(Ineligible::MysteryContact {
            interaction: interaction.id.clone(),
        });
    }
    if let Some(reason) = &interaction.withdraw_reason {
        return Err(Ineligible::Withdrawn {
            interaction: interaction.id.clone(),
            reason: reason.clone(),
        });
    }
    if interaction.agent == evaluator {
        return Err(Ineligible::OwnInteraction {
            evaluator: evaluator.to_string(),
            interaction: interaction.id.clone(),
        });
    }
    Ok(())
}

/// The rubric scores subjects of this kind.
pub fn fits_subject(rubric: &Rubric, wanted: Subject) -> Result<(), Ineligible> {
    if rubric.subject != wanted {
        return Err(Ineligible::WrongSubject {
            rubric: rubric.id.clone(),
            scores: rubric.subject,
            wanted,
        });
    }
    Ok(())
}

/// The rubric scores interactions, of this interaction's channel.
pub fn fits_interaction(rubric: &Rubric, interaction: &Interaction) -> Result<(), Ineligible> {
    fits_subject(rubric, Subject::Interaction)?;
    if !rubric.channels.is_empty() && !rubric.channels.contains(&interaction.channel) {
        return Err(Ineligible::WrongChannel {
            rubric: rubric.id.clone(),
            channels: rubric.channels.clone(),
            interaction: interaction.id.clone(),
            channel: interaction.channel.clone(),
        });
    }
    Ok(())
}

/// What the evaluator's existing evaluation of the subject (with this rubric) allows: a
/// submitted one is refused (it is amended instead), a draft is continued (its id).
pub fn continues(existing: Option<(i64, Status)>, interaction: &str, rubric: &str) -> Result<Option<i64>, Ineligible> {
    match existing {
        Some((evaluation, Status::Submitted)) => Err(Ineligible::AlreadyScored {
            interaction: interaction.to_string(),
            rubric: rubric.to_string(),
            evaluation,
        }),
        Some((id, _)) => Ok(Some(id)),
        None => Ok(None),
    }
}

/// Whether this scoring is a second opinion (counted once per subject, issue 15): refused
/// unless `asked` when another evaluator's evaluation counts for the contact, or the sample
/// assignee holds an open draft of it; the assignee's own evaluation always counts.
pub fn second_opinion(standing: &Standing, interaction: &str, rubric: &str, asked: bool) -> Result<bool, Ineligible> {
    let blocker = standing
        .counted_other
        .as_ref()
        .map(|(id, who)| Blocker::Counted {
            id: *id,
            who: who.clone(),
            interaction: interaction.to_string(),
        })
        .or_else(|| {
            standing
                .assignee_draft
                .as_ref()
                .map(|(id, who)| Blocker::AssigneeDraft {
                    id: *id,
                    who: who.clone(),
                    interaction: interaction.to_string(),
                })
        });
    match (asked, blocker) {
        (true, None) if !standing.is_assignee => Err(Ineligible::NotASecondOpinion {
            interaction: interaction.to_string(),
            rubric: rubric.to_string(),
        }),
        (true, _) => Ok(true),
        (false, _) if standing.is_assignee => Ok(false),
        (false, Some(why)) => Err(Ineligible::CountedElsewhere {
            why,
            interaction: interaction.to_string(),
            rubric: rubric.to_string(),
        }),
        (false, None) => Ok(false),
    }
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
