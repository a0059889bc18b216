//! Disputes: an agent contests an evaluation; a lead resolves it. Every rule lives here once,
//! with typed inputs and results and a typed [`DisputeError`]; the front ends (`commands::dispute`,
//! later the web) parse, call, and shape the output, and add their own hints.
//!
//! The rules, in the order they are checked:
//!
//! - **Who opens.** The evaluation's agent, or a lead acting for them. Nobody else, and never on
//!   an evaluation without an agent.
//! - **What may be disputed.** A submitted evaluation: not a draft, not a void one, not a
//!   calibration score (it counts nowhere). One dispute per evaluation may be open at a time; a
//!   resolved dispute does not stop a new one while the window is still open.
//! - **The window.** `dispute_days` of the rubric version the evaluation was scored on (default
//!   14), counted in days from the day it was scored (UTC): scored on 2 November with 14 days,
//!   the last day to dispute is 16 November. The date of the work does not matter here; the agent
//!   cannot dispute what was not yet scored.
//! - **Proposals.** Pairs of a criterion and the answer proposed for it. Each must name a
//!   criterion of that rubric version, once, not one a lead already decided in an earlier
//!   dispute of the same evaluation, give an answer its scale takes and differ from the answer
//!   scored; together they must still make a complete, scoreable evaluation (so accepting them
//!   cannot fail later). A dispute may also carry only a reason, which is never empty.
//! - **Resolving** needs the lead role, and not the lead who scored the evaluation, nor the
//!   lead who opened the dispute for the agent (nor the agent): separation of duties. Accept
//!   applies the proposals, partial sets the answers the lead decided (any criterion of the
//!   rubric version), reject leaves the evaluation as it is; every ending carries a note for the
//!   agent. Accept and partial amend the evaluation through the normal revision path: a new
//!   revision whose reason names the dispute, the old one kept.
//! - **Overdue.** A dispute is overdue when it has been open longer than the rubric's
//!   `dispute_days`: a lead should answer at least as fast as the agent had to ask.
//! - **Scope.** A dispute is seen by whoever may see its evaluation (`evaluations::visibility`):
//!   a lead every one; other staff those on their own evaluations, and on another evaluator's
//!   only once they have submitted their own evaluation of the same subject, since a dispute
//!   shows the contested criteria and the answers scored and would otherwise unblind double
//!   scoring; an agent those on their own evaluations. Any other is "not found".
//!
//! While a dispute is open its evaluation is left out of flags ([`projected`] gives what it
//! would score if accepted); once resolved the evaluation counts again with its latest revision.
//! Every write is audited by the store (`dispute.open`, `dispute.resolve`, `evaluation.amend`).

mod open;
mod read;
mod resolve;

pub use open::{OpenRequest, open};
pub use read::{Listed, list, show};
pub use resolve::{Decision, Resolved, outcome_word, resolve};

use crate::dates;
use crate::rubric::sheet::Checked;
use crate::rubric::{Rubric, ScoreResult};
use crate::scoring::{ScoringError, check, compute};
use crate::store::disputes::{DisputeStatus, Proposal};
use crate::store::evaluations::{Detail, Status};
use chrono::NaiveDate;
use thiserror::Error;

/// The step a refusal happened in, so that a front end can word its hint for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Open,
    Resolve,
    Show,
}

/// Why a dispute cannot be opened, resolved or shown. Messages are the library's; hints (which
/// may name commands) are added by the front end.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum DisputeError {
    #[error("no evaluation {evaluation}")]
    NoEvaluation { evaluation: i64 },
    #[error("no dispute {dispute}")]
    NoDispute { dispute: i64, step: Step },
    #[error("the reason is empty")]
    EmptyReason,
    #[error("evaluation {evaluation} scores no agent, so nobody can dispute it")]
    NoAgent { evaluation: i64 },
    /// Neither the evaluation's agent nor a lead.
    #[error("`{actor}` may not dispute evaluation {evaluation}: it scores {agent}'s work")]
    NotTheirs {
        actor: String,
        evaluation: i64,
        agent: String,
    },
    #[error("evaluation {evaluation} is void")]
    Void { evaluation: i64 },
    #[error("evaluation {evaluation} is a draft")]
    Draft { evaluation: i64 },
    #[error("evaluation {evaluation} is a calibration score (session {session})")]
    Calibration { evaluation: i64, session: i64 },
    /// Practice (training evidence) counts nowhere, so there is nothing to contest.
    #[error("evaluation {evaluation} is practice")]
    Practice { evaluation: i64 },
    #[error("evaluation {evaluation} is already under dispute (dispute {dispute} is open)")]
    AlreadyOpen { evaluation: i64, dispute: i64 },
    #[error(
        "the dispute window of evaluation {evaluation} closed on {last}: it was scored on {scored} and {rubric} allows {days} days"
    )]
    WindowClosed {
        evaluation: i64,
        last: NaiveDate,
        scored: NaiveDate,
        rubric: String,
        days: u32,
    },
    /// A criterion proposed twice in one dispute.
    #[error("`{key}` is contested twice")]
    ContestedTwice { key: String },
    /// A criterion a lead already decided in an earlier dispute of the same evaluation.
    #[error("`{key}` of evaluation {evaluation} was already decided in dispute {dispute} ({})", status.as_str())]
    AlreadyDecided {
        key: String,
        evaluation: i64,
        dispute: i64,
        status: DisputeStatus,
    },
    #[error("`{key}` is not a criterion of {rubric} version {version}")]
    UnknownCriterion {
        key: String,
        rubric: String,
        version: u32,
        /// The rubric version's criteria, for a suggestion.
        keys: Vec<String>,
    },
    /// An answer the criterion's scale does not take (`written`); `error` says why.
    #[error("{error}")]
    BadAnswer {
        key: String,
        written: String,
        error: String,
        step: Step,
    },
    #[error("`{key}` is already answered `{current}` in evaluation {evaluation}")]
    SameAnswer {
        key: String,
        current: String,
        evaluation: i64,
    },
    /// The changes do not make a scoreable evaluation.
    #[error(transparent)]
    Scoring(#[from] ScoringError),
    /// Separation of duties: the lead scored the evaluation.
    #[error("`{lead}` scored evaluation {evaluation}, so may not resolve its dispute")]
    ScoredIt { lead: String, evaluation: i64 },
    /// Separation of duties: the lead opened the dispute for the agent.
    #[error("`{lead}` opened dispute {dispute} for {}, so may not resolve it", agent.as_deref().unwrap_or("the agent"))]
    OpenedIt {
        lead: String,
        dispute: i64,
        agent: Option<String>,
    },
    /// Separation of duties: the lead is the evaluation's agent.
    #[error("`{lead}` is the agent of evaluation {evaluation}, so may not resolve its dispute")]
    IsTheAgent { lead: String, evaluation: i64 },
    #[error("dispute {dispute} was already resolved: {} by {by} on {on}", status.as_str())]
    AlreadyResolved {
        dispute: i64,
        evaluation: i64,
        status: DisputeStatus,
        by: String,
        on: String,
    },
    #[error("dispute {dispute} proposes no answers, so there is nothing to accept")]
    NothingToAccept { dispute: i64 },
    /// A criterion decided twice in one partial resolution.
    #[error("`{key}` is given twice")]
    GivenTwice { key: String },
    #[error("evaluation {evaluation} is {} and cannot be amended", status.as_str())]
    NotAmendable {
        evaluation: i64,
        status: Status,
        dispute: i64,
    },
    /// A partial resolution whose answers are all those scored.
    #[error("the partial resolution leaves every answer of evaluation {evaluation} as it is")]
    NothingChanged { evaluation: i64, dispute: i64 },
    #[error("resolving dispute {dispute} needs a note for the agent")]
    NoteRequired { dispute: i64 },
}

/// The day of a stored time in the store's zone.
pub fn day_of(stored: &str) -> Option<NaiveDate> {
    dates::day_of(stored).or_else(|| NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok())
}

/// The evaluation's current answers with `changes` applied, checked and scored the way
/// `evaluation amend` does it.
pub fn rescore(
    rubric: &Rubric,
    detail: &Detail,
    changes: &[(String, String)],
) -> Result<(Checked, ScoreResult), ScoringError> {
    let mut sheet = detail.current().sheet();
    for (key, value) in changes {
        sheet.origin.insert(key.clone(), format!("{key}={value}"));
        sheet.answers.insert(key.clone(), value.clone());
    }
    let checked = check(rubric, &sheet, true)?;
    let result = compute(rubric, &checked, false)?;
    Ok((checked, result))
}

/// The scores the evaluation would have with the dispute's proposals accepted (overall,
/// sections and criteria); `None` when they no longer make a scoreable evaluation.
pub fn projected(rubric: &Rubric, detail: &Detail, proposals: &[Proposal]) -> Option<ScoreResult> {
    rescore(rubric, detail, &changes_of(proposals)).ok().map(|(_, r)| r)
}

/// The proposals as (criterion, answer) changes.
fn changes_of(proposals: &[Proposal]) -> Vec<(String, String)> {
    proposals
        .iter()
        .map(|p| (p.criterion.clone(), p.proposed.clone()))
        .collect()
}

/// Checks one `key` / `value` change against the rubric and the answer scored; returns the
/// answer as the rubric writes it (`Y` becomes `yes`) and the current answer.
pub fn check_change(
    rubric: &Rubric,
    detail: &Detail,
    key: &str,
    value: &str,
    step: Step,
) -> Result<(String, String), DisputeError> {
    let Some(criterion) = rubric.criterion(key) else {
        return Err(DisputeError::UnknownCriterion {
            key: key.to_string(),
            rubric: rubric.id.clone(),
            version: rubric.version,
            keys: rubric.criteria().map(|c| c.key.clone()).collect(),
        });
    };
    let answer = criterion.parse_answer(value).map_err(|error| DisputeError::BadAnswer {
        key: key.to_string(),
        written: value.trim().to_string(),
        error,
        step,
    })?;
    let current = detail
        .current()
        .answers
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.answer.clone())
        .unwrap_or_default();
    Ok((answer.to_string(), current))
}

#[cfg(test)]
mod tests;
