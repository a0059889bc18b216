//! `qaudit calibrate new`: a lead starts a blind session over subjects and participants.

use super::{find_session, list, session_fields};
use crate::calibration;
use crate::commands::Context;
use crate::error::refuse;
use crate::output::Output;
use crate::roles::Role;
use crate::rubric::Subject;
use crate::store::calibration::NewSession;
use crate::store::evaluations::SubjectRef;
use anyhow::Result;

pub(super) fn new(
    ctx: &Context,
    rubric_id: &str,
    subject_specs: &[String],
    evaluators: &[String],
    reference: Option<String>,
    tolerance: f64,
) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.actor_in(&store)?;
    calibration::may_start(&lead)?;
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return refuse(
            format!("--tolerance {tolerance} is not a number of points"),
            "give the points within which overall scores count as agreeing, e.g. --tolerance 5",
        );
    }
    let rubric = store.rubric(rubric_id, None)?;

    // Subjects: each must exist and fit the rubric; none twice.
    let mut subjects: Vec<SubjectRef> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut handled_by: Vec<(String, String)> = Vec::new();
    for spec in subject_specs {
        let Some((kind, id)) = spec.split_once(':') else {
            return refuse(
                format!("--subject {spec:?} does not say what it is"),
                "write interaction:ID or visit:NUMBER, e.g. --subject interaction:CALL-1042",
            );
        };
        let (kind, id) = (kind.trim().to_lowercase(), id.trim());
        let subject = match kind.as_str() {
            "interaction" => {
                let Some(interaction) = store.interaction(id)? else {
                    return refuse(
                        format!("--subject {spec}: no interaction `{id}` in the store"),
                        "`qaudit interaction list` shows the interactions",
                    );
                };
                if rubric.subject != Subject::Interaction {
                    return refuse(
                        format!("--subject {spec}: rubric {} scores visits, not interactions", rubric.id),
                        "calibrate interactions with an interaction rubric, visits with a visit rubric",
                    );
                }
                if !rubric.channels.is_empty() && !rubric.channels.contains(&interaction.channel) {
                    return refuse(
                        format!(
                            "--subject {spec}: rubric {} is for {}; interaction {id} is a {}",
                            rubric.id,
                            rubric.channels.join(", "),
                            interaction.channel
                        ),
                        "choose interactions of the rubric's channels, or another rubric",
                    );
                }
                handled_by.push((interaction.agent.clone(), interaction.id.clone()));
                SubjectRef::Interaction(interaction.rowid)
            }
            "visit" => {
                let Ok(number) = id.parse::<i64>() else {
                    return refuse(
                        format!("--subject {spec}: `{id}` is not a visit number"),
                        "write visit:NUMBER, e.g. --subject visit:14 (`qaudit visit list` shows the numbers)",
                    );
                };
                let Some(visit) = store.visit(number)? else {
                    return refuse(
                        format!("--subject {spec}: no visit {number}"),
                        "`qaudit visit list` shows the visits",
                    );
                };
                if rubric.subject != Subject::Visit {
                    return refuse(
                        format!("--subject {spec}: rubric {} scores interactions, not visits", rubric.id),
                        "calibrate visits with a visit rubric such as store-visit",
                    );
                }
                if visit.status == "planned" || visit.status == "cancelled" {
                    return refuse(
                        format!(
                            "--subject {spec}: visit {number} is {}, so there is nothing to score yet",
                            visit.status
                        ),
                        "calibrate on visits a shopper has logged (`qaudit visit list --status complete`)",
                    );
                }
                SubjectRef::Visit(number)
            }
            other => {
                return refuse(
                    format!("--subject {spec}: `{other}` is not a kind of subject"),
                    "write interaction:ID or visit:NUMBER",
                );
            }
        };
        if subjects.contains(&subject) {
            return refuse(format!("--subject {spec} is given twice"), "name each subject once");
        }
        subjects.push(subject);
        names.push(spec.clone());
    }

    // Participants: staff with the role that scores this rubric's subjects; at least two.
    let role = match rubric.subject {
        Subject::Interaction => Role::Evaluator,
        Subject::Visit => Role::Shopper,
    };
    let role_word = role.as_str();
    let mut participants: Vec<String> = Vec::new();
    for name in evaluators.iter().map(|e| e.trim()) {
        if name.is_empty() {
            return refuse(
                "--evaluators has an empty name",
                "list staff ids separated by commas, e.g. --evaluators eva,lea,ed",
            );
        }
        if participants.iter().any(|p| p == name) {
            return refuse(
                format!("--evaluators names `{name}` twice"),
                "name each participant once",
            );
        }
        match store.staff_member(name)? {
            None => {
                return refuse(
                    format!("--evaluators: `{name}` is not a staff member"),
                    "`qaudit staff list` shows the staff; add someone with `qaudit staff add`",
                );
            }
            Some(m) if !m.has(role) => {
                return refuse(
                    format!(
                        "--evaluators: `{name}` does not have the {role_word} role, which scoring {}s with {} needs",
                        rubric.subject.as_str(),
                        rubric.id
                    ),
                    format!("add it with `qaudit staff add {name} --name NAME --role {role_word}`"),
                );
            }
            Some(_) => {}
        }
        participants.push(name.to_string());
    }
    if participants.len() < 2 {
        return refuse(
            format!(
                "a calibration session needs at least two participants, got {}",
                participants.len()
            ),
            "list the evaluators who score the same subjects, e.g. --evaluators eva,lea,ed",
        );
    }
    for (agent, interaction) in &handled_by {
        if participants.contains(agent) {
            return refuse(
                format!("`{agent}` handled interaction {interaction} and may not score it"),
                "leave them out of --evaluators, or choose another interaction",
            );
        }
    }
    if let Some(r) = &reference
        && !participants.contains(r)
    {
        return refuse(
            format!("the reference `{r}` is not one of the participants"),
            format!(
                "the reference scores the subjects too: add `{r}` to --evaluators, or pick one of {}",
                list(&participants)
            ),
        );
    }

    let id = store.write(&lead.id, |tx| {
        tx.create_calibration_session(&NewSession {
            rubric_id: rubric.id.clone(),
            rubric_version: rubric.version,
            reference: reference.clone(),
            tolerance,
            subjects: subjects.clone(),
            participants: participants.clone(),
        })
    })?;
    let session = find_session(&store, id)?;
    let how = match rubric.subject {
        Subject::Interaction => format!(
            "Each participant scores each subject once: qaudit --as NAME score --calibration {id} --interaction ID --rubric {} --answers FILE",
            rubric.id
        ),
        Subject::Visit => format!(
            "Each participant scores each visit once: qaudit --as NAME visit log --calibration {id} --visit NUMBER --location ID --rubric {} --visited-at TIME --answers FILE",
            rubric.id
        ),
    };
    Ok(Output::new(&session)
        .fields(session_fields(&session))
        .line(how)
        .line(format!(
            "Scores stay sealed until a lead closes the session (`qaudit calibrate close {id}`); `qaudit calibrate status {id}` shows who has scored."
        )))
}
