//! Starting a session: what a lead asks for, checked, becomes the [`NewSession`] the store
//! records. Subjects must exist and fit the rubric (kind, channels; a visit must have been
//! logged), none twice; participants are at least two staff members holding the role that
//! scores the rubric's subjects, none of whom handled one of the interactions; the reference,
//! if any, is a participant. The first problem found is the refusal.

use super::participation::scorer_role;
use super::{CalibrationError, SubjectProblem, may_start};
use crate::actor::Actor;
use crate::rubric::{Rubric, Subject};
use crate::store::Store;
use crate::store::calibration::NewSession;
use crate::store::evaluations::SubjectRef;
use anyhow::Result;

/// What a lead asks for.
#[derive(Debug, Clone, Copy)]
pub struct SessionRequest<'a> {
    pub rubric: &'a str,
    /// `interaction:ID` or `visit:NUMBER`, in the order given.
    pub subjects: &'a [String],
    /// Staff ids.
    pub participants: &'a [String],
    pub reference: Option<&'a str>,
    /// Points within which overall scores count as agreeing.
    pub tolerance: f64,
}

/// A checked request: the session to record and the rubric (latest version) it scores with.
#[derive(Debug, Clone)]
pub struct Planned {
    pub rubric: Rubric,
    pub session: NewSession,
}

/// Checks the request against the store; a [`CalibrationError`] says the first problem.
pub fn plan(store: &Store, actor: &Actor, request: &SessionRequest<'_>) -> Result<Planned> {
    may_start(actor)?;
    let tolerance = request.tolerance;
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(CalibrationError::BadTolerance { tolerance }.into());
    }
    let rubric = store.rubric(request.rubric, None)?;
    let mut subjects: Vec<SubjectRef> = Vec::new();
    let mut handled_by: Vec<(String, String)> = Vec::new();
    for spec in request.subjects {
        let subject = subject(store, &rubric, spec, &mut handled_by)?;
        if subjects.contains(&subject) {
            return Err(CalibrationError::SubjectTwice { spec: spec.clone() }.into());
        }
        subjects.push(subject);
    }
    let participants = participants(store, &rubric, request.participants)?;
    if let Some((agent, interaction)) = handled_by.into_iter().find(|(agent, _)| participants.contains(agent)) {
        return Err(CalibrationError::OwnInteraction { agent, interaction }.into());
    }
    if let Some(r) = request.reference
        && !participants.iter().any(|p| p == r)
    {
        return Err(CalibrationError::ReferenceOutside {
            reference: r.to_string(),
            participants,
        }
        .into());
    }
    Ok(Planned {
        session: NewSession {
            rubric_id: rubric.id.clone(),
            rubric_version: rubric.version,
            reference: request.reference.map(str::to_string),
            tolerance,
            subjects,
            participants,
        },
        rubric,
    })
}

/// One subject, found and fitted to the rubric; an interaction's agent goes to `handled_by`.
fn subject(store: &Store, rubric: &Rubric, spec: &str, handled_by: &mut Vec<(String, String)>) -> Result<SubjectRef> {
    let Some((kind, id)) = spec.split_once(':') else {
        return Err(CalibrationError::Unspecified { spec: spec.to_string() }.into());
    };
    let (kind, id) = (kind.trim().to_lowercase(), id.trim());
    let refused = |problem| -> anyhow::Error {
        CalibrationError::Subject {
            spec: spec.to_string(),
            problem,
        }
        .into()
    };
    match kind.as_str() {
        "interaction" => {
            let Some(interaction) = store.interaction(id)? else {
                return Err(refused(SubjectProblem::NoInteraction { id: id.to_string() }));
            };
            if rubric.subject != Subject::Interaction {
                return Err(refused(SubjectProblem::NotAnInteractionRubric {
                    rubric: rubric.id.clone(),
                }));
            }
            if !rubric.channels.is_empty() && !rubric.channels.contains(&interaction.channel) {
                return Err(refused(SubjectProblem::WrongChannel {
                    rubric: rubric.id.clone(),
                    channels: rubric.channels.clone(),
                    interaction: id.to_string(),
                    channel: interaction.channel,
                }));
            }
            handled_by.push((interaction.agent, interaction.id));
            Ok(SubjectRef::Interaction(interaction.rowid))
        }
        "visit" => {
            let Ok(number) = id.parse::<i64>() else {
                return Err(refused(SubjectProblem::NotAVisitNumber { id: id.to_string() }));
            };
            let Some(visit) = store.visit(number)? else {
                return Err(refused(SubjectProblem::NoVisit { number }));
            };
            if rubric.subject != Subject::Visit {
                return Err(refused(SubjectProblem::NotAVisitRubric {
                    rubric: rubric.id.clone(),
                }));
            }
            if visit.status == "planned" || visit.status == "cancelled" {
                return Err(refused(SubjectProblem::NotLogged {
                    number,
                    status: visit.status,
                }));
            }
            Ok(SubjectRef::Visit(number))
        }
        other => Err(refused(SubjectProblem::UnknownKind {
            kind: other.to_string(),
        })),
    }
}

/// The participants, each a staff member with the role that scores the rubric's subjects,
/// none twice, at least two.
fn participants(store: &Store, rubric: &Rubric, names: &[String]) -> Result<Vec<String>> {
    let (role, _) = scorer_role(rubric.subject);
    let mut participants: Vec<String> = Vec::new();
    for name in names.iter().map(|e| e.trim()) {
        if name.is_empty() {
            return Err(CalibrationError::EmptyName.into());
        }
        if participants.iter().any(|p| p == name) {
            return Err(CalibrationError::NamedTwice { name: name.to_string() }.into());
        }
        match store.staff_member(name)? {
            None => return Err(CalibrationError::NotStaff { name: name.to_string() }.into()),
            Some(m) if !m.has(role) => {
                return Err(CalibrationError::LacksRole {
                    name: name.to_string(),
                    role,
                    subject: rubric.subject,
                    rubric: rubric.id.clone(),
                }
                .into());
            }
            Some(_) => {}
        }
        participants.push(name.to_string());
    }
    if participants.len() < 2 {
        return Err(CalibrationError::TooFew {
            count: participants.len(),
        }
        .into());
    }
    Ok(participants)
}
