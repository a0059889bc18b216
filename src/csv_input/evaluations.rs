//! The rules of an evaluation import, without the command line: evaluations kept in
//! spreadsheets before qaudit, one row per criterion (long format). [`Groups`] gathers the rows
//! of each evaluation, [`prepare`] validates one exactly as scoring does (subject, channel,
//! evaluator and role, answers), and [`store`] writes the ready ones with their consequences.
//! The front end (`evaluation import`, later the web API) reads the file, requires a lead, words
//! the refusals and shows the result.

use super::{Columns, Fields, Others, Row, TimeRules};
use crate::dates;
use crate::roles::Role;
use crate::rubric::sheet::{Checked, Sheet};
use crate::rubric::{Rubric, ScoreResult, Subject};
use crate::scoring::{self, Ineligible, check, compute};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::{Store, Tx};
use anyhow::Result;
use std::collections::BTreeMap;
use std::fmt;

/// The columns an evaluation import reads.
pub const FIELDS: Fields = Fields {
    required: &[
        "evaluation",
        "subject",
        "evaluator",
        "rubric",
        "scored_at",
        "criterion",
        "value",
    ],
    optional: &["agent", "comment", "overall_comment"],
    others: Others::Refuse,
    mappable: false,
};

/// Why one row is bad, before any evaluation is validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The `evaluation` column (the reference that groups rows) is blank.
    NoReference,
    /// The `criterion` column is blank.
    NoCriterion,
    /// The row disagrees with the evaluation's first row on what is evaluated, by whom, how.
    Inconsistent { reference: String, first_line: u64 },
    /// The evaluation answers the criterion on an earlier row.
    Repeated { reference: String, criterion: String },
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoReference => write!(
                f,
                "the evaluation column is empty; rows of one evaluation share a reference"
            ),
            Self::NoCriterion => write!(f, "the criterion column is empty"),
            Self::Inconsistent { reference, first_line } => write!(
                f,
                "evaluation `{reference}` has other subject, agent, evaluator, rubric or scored_at than on line {first_line}"
            ),
            Self::Repeated { reference, criterion } => {
                write!(f, "evaluation `{reference}` answers `{criterion}` twice")
            }
        }
    }
}

/// Why one evaluation of the file cannot be imported (besides its answers, which
/// [`check`] and [`compute`] refuse with their own errors, and an unknown rubric).
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error("rubric `{rubric}`: `{version}` is not a version number")]
    BadVersion { rubric: String, version: String },
    #[error("scored_at {0}")]
    ScoredAt(super::TimeProblem),
    #[error("subject `{0}` is not visit:NUMBER")]
    BadVisitSubject(String),
    #[error("no visit {0}")]
    NoVisit(i64),
    /// A visit subject with a rubric for interactions.
    #[error("{0}")]
    NotVisitRubric(Ineligible),
    #[error("no interaction `{0}`")]
    NoInteraction(String),
    #[error("interaction `{subject}` was withdrawn ({reason})")]
    Withdrawn { subject: String, reason: String },
    /// The rubric is for other channels; the message names the interaction by its id alone,
    /// as the file's rows do.
    #[error("rubric {rubric} is for {}; {interaction} is a {channel}", channels.join(", "))]
    WrongChannel {
        rubric: String,
        channels: Vec<String>,
        interaction: String,
        channel: String,
    },
    /// An interaction subject with a rubric for visits.
    #[error("{0}")]
    NotInteractionRubric(Ineligible),
    #[error("agent `{agent}` did not handle {interaction} (its agent is {handled_by})")]
    WrongAgent {
        agent: String,
        interaction: String,
        handled_by: String,
    },
    #[error("evaluator `{0}` is not a staff member")]
    NotStaff(String),
    #[error("`{evaluator}` does not hold the {} role", role.as_str())]
    MissingRole { evaluator: String, role: Role },
}

/// The rows of one evaluation, as read.
pub struct Group {
    first_line: u64,
    subject: String,
    agent: Option<String>,
    evaluator: String,
    rubric: String,
    scored_at: String,
    sheet: Sheet,
}

impl Group {
    /// The line of the evaluation's first row (where its problems are reported).
    pub fn first_line(&self) -> u64 {
        self.first_line
    }
}

/// The evaluations of a file by their reference, gathered row by row.
pub struct Groups {
    file: String,
    groups: BTreeMap<String, Group>,
}

impl Groups {
    /// No rows yet of `file` (its name as row origins show it).
    pub fn new(file: &str) -> Self {
        Groups {
            file: file.to_string(),
            groups: BTreeMap::new(),
        }
    }

    /// Adds one row to its evaluation, or says why it is bad.
    pub fn add(&mut self, row: &Row, cols: &Columns) -> Result<(), RowProblem> {
        let col = |f: &str| cols.index(f);
        let reference = row.text(col("evaluation")).ok_or(RowProblem::NoReference)?.to_string();
        let criterion = row.text(col("criterion")).ok_or(RowProblem::NoCriterion)?.to_string();
        let fields = [
            row.text(col("subject")).unwrap_or_default().to_string(),
            row.text(col("evaluator")).unwrap_or_default().to_string(),
            row.text(col("rubric")).unwrap_or_default().to_string(),
            row.text(col("scored_at")).unwrap_or_default().to_string(),
        ];
        let agent = row.text(col("agent")).map(str::to_string);
        let group = self.groups.entry(reference.clone()).or_insert_with(|| Group {
            first_line: row.line,
            subject: fields[0].clone(),
            evaluator: fields[1].clone(),
            rubric: fields[2].clone(),
            scored_at: fields[3].clone(),
            agent: agent.clone(),
            sheet: Sheet::default(),
        });
        let same = [&group.subject, &group.evaluator, &group.rubric, &group.scored_at];
        if same.iter().zip(&fields).any(|(a, b)| *a != b) || group.agent != agent {
            return Err(RowProblem::Inconsistent {
                reference,
                first_line: group.first_line,
            });
        }
        if group.sheet.answers.contains_key(&criterion) {
            return Err(RowProblem::Repeated { reference, criterion });
        }
        group
            .sheet
            .answers
            .insert(criterion.clone(), row.get(col("value")).trim().to_string());
        if let Some(c) = row.text(col("comment")) {
            group.sheet.comments.insert(criterion.clone(), c.to_string());
        }
        if let Some(c) = row.text(col("overall_comment")) {
            group.sheet.comment = Some(c.to_string());
        }
        group
            .sheet
            .origin
            .insert(criterion, format!("{}:{}", self.file, row.line));
        Ok(())
    }

    /// The evaluations by reference, in order of reference.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Group)> {
        self.groups.iter()
    }
}

/// One evaluation ready to be written.
pub struct Ready {
    pub external_ref: String,
    /// The subject as the file names it.
    pub label: String,
    pub new: NewEvaluation,
    pub result: ScoreResult,
    pub checked: Checked,
}

/// Validates one evaluation's rows as scoring does, without writing anything. `rubrics` keeps
/// the rubrics already read, by the file's name for them (`RUBRIC` or `RUBRIC@VERSION`).
pub fn prepare(
    store: &Store,
    rubrics: &mut BTreeMap<String, Rubric>,
    reference: &str,
    g: &Group,
    times: &TimeRules,
) -> Result<Ready> {
    let rubric = match rubrics.get(&g.rubric) {
        Some(r) => r.clone(),
        None => {
            let (id, version) = match g.rubric.split_once('@') {
                Some((id, v)) => (
                    id,
                    Some(v.parse::<u32>().map_err(|_| GroupError::BadVersion {
                        rubric: g.rubric.clone(),
                        version: v.to_string(),
                    })?),
                ),
                None => (g.rubric.as_str(), None),
            };
            let r = store.rubric(id, version)?;
            rubrics.insert(g.rubric.clone(), r.clone());
            r
        }
    };
    let scored_at = times.parse(&g.scored_at).map_err(GroupError::ScoredAt)?;
    let (subject, agent, location, occurred_at, role) = match g.subject.strip_prefix("visit:") {
        Some(n) => {
            let id: i64 = n.parse().map_err(|_| GroupError::BadVisitSubject(g.subject.clone()))?;
            let visit = store.visit(id)?.ok_or(GroupError::NoVisit(id))?;
            scoring::fits_subject(&rubric, Subject::Visit).map_err(GroupError::NotVisitRubric)?;
            let at = visit.visited_at.clone().unwrap_or_else(|| dates::store_time(scored_at));
            (
                SubjectRef::Visit(id),
                g.agent.clone().or(visit.staff_agent.clone()),
                Some(visit.location.clone()),
                at,
                Role::Shopper,
            )
        }
        None => {
            let i = store
                .interaction(&g.subject)?
                .ok_or_else(|| GroupError::NoInteraction(g.subject.clone()))?;
            if let Some(reason) = &i.withdraw_reason {
                return Err(GroupError::Withdrawn {
                    subject: g.subject.clone(),
                    reason: reason.clone(),
                }
                .into());
            }
            scoring::fits_interaction(&rubric, &i).map_err(|e| match e {
                Ineligible::WrongChannel {
                    rubric,
                    channels,
                    interaction,
                    channel,
                } => GroupError::WrongChannel {
                    rubric,
                    channels,
                    interaction,
                    channel,
                },
                other => GroupError::NotInteractionRubric(other),
            })?;
            if let Some(a) = &g.agent
                && a != &i.agent
            {
                return Err(GroupError::WrongAgent {
                    agent: a.clone(),
                    interaction: i.id.clone(),
                    handled_by: i.agent.clone(),
                }
                .into());
            }
            (
                SubjectRef::Interaction(i.rowid),
                Some(i.agent.clone()),
                None,
                i.occurred_at.clone(),
                Role::Evaluator,
            )
        }
    };
    let evaluator = store
        .staff_member(&g.evaluator)?
        .ok_or_else(|| GroupError::NotStaff(g.evaluator.clone()))?;
    if !evaluator.has(role) {
        return Err(GroupError::MissingRole {
            evaluator: evaluator.id.clone(),
            role,
        }
        .into());
    }
    let checked = check(&rubric, &g.sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    Ok(Ready {
        external_ref: reference.to_string(),
        label: g.subject.clone(),
        new: NewEvaluation {
            subject,
            rubric_id: rubric.id.clone(),
            rubric_version: rubric.version,
            evaluator: evaluator.id.clone(),
            agent,
            location,
            occurred_at,
            status: Status::Submitted,
            calibration: None,
            external_ref: Some(reference.to_string()),
            scored_at: dates::store_time(scored_at),
            practice: false,
        },
        result,
        checked,
    })
}

/// Writes the ready evaluations, imported by `lead` from the file named `file_name`, with one
/// audit entry; `already` counts the file's evaluations stored by an earlier import.
pub fn store(tx: &mut Tx<'_>, ready: &[Ready], lead: &str, file_name: &str, already: usize) -> Result<()> {
    for r in ready {
        let id = tx.insert_evaluation(&r.new, &r.result, &r.checked)?;
        // Counted once per subject (issue 15): an imported score of a contact that another
        // evaluation already counts for becomes a second opinion.
        if r.new.status == Status::Submitted {
            tx.settle_counted(r.new.subject, &format!("evaluation {id} imported"))?;
        }
        // An imported score closes the interaction's open sample items, as scoring does.
        if let SubjectRef::Interaction(interaction) = r.new.subject {
            tx.mark_sampled(interaction, &r.new.evaluator, id)?;
        }
    }
    tx.audit(
        "evaluation.import",
        &format!("import:{file_name}"),
        &serde_json::json!({
            "imported_by": lead,
            "imported": ready.len(),
            "already_imported": already,
            "references": ready.iter().map(|r| &r.external_ref).collect::<Vec<_>>(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Columns {
        let names = [
            "evaluation",
            "subject",
            "evaluator",
            "rubric",
            "scored_at",
            "criterion",
            "value",
            "agent",
        ];
        Columns {
            fields: names.iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect(),
            others: Vec::new(),
        }
    }

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            fields: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn rows_gather_by_reference_and_must_agree() {
        let c = cols();
        let mut g = Groups::new("old.csv");
        let base = [
            "e1",
            "i1",
            "eva",
            "call-quality",
            "2026-11-03 10:00",
            "greeting",
            "yes",
            "",
        ];
        assert_eq!(g.add(&row(2, &base), &c), Ok(()));
        let mut other = base;
        other[5] = "close";
        assert_eq!(g.add(&row(3, &other), &c), Ok(()));
        assert_eq!(
            g.add(&row(4, &base), &c),
            Err(RowProblem::Repeated {
                reference: "e1".into(),
                criterion: "greeting".into()
            })
        );
        let mut moved = other;
        moved[1] = "i2";
        let e = g.add(&row(5, &moved), &c).unwrap_err();
        assert_eq!(
            e.to_string(),
            "evaluation `e1` has other subject, agent, evaluator, rubric or scored_at than on line 2"
        );
        let mut blank = base;
        blank[0] = " ";
        assert_eq!(g.add(&row(6, &blank), &c), Err(RowProblem::NoReference));
        let (reference, group) = g.iter().next().unwrap();
        assert_eq!((reference.as_str(), group.first_line()), ("e1", 2));
        assert_eq!(group.sheet.origin.get("close").map(String::as_str), Some("old.csv:3"));
    }

    #[test]
    fn a_wrong_channel_names_the_interaction_as_the_file_does() {
        let e = GroupError::WrongChannel {
            rubric: "chat-quality".into(),
            channels: vec!["chat".into()],
            interaction: "i1".into(),
            channel: "phone".into(),
        };
        assert_eq!(e.to_string(), "rubric chat-quality is for chat; i1 is a phone");
    }
}
