//! `qaudit calibrate new`: a lead starts a blind session over subjects and participants (what
//! the session must be is `crate::calibration::start`'s).

use super::{find_session, session_fields};
use crate::calibration::{self, Planned, SessionRequest};
use crate::commands::Context;
use crate::output::Output;
use crate::rubric::Subject;
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
    let request = SessionRequest {
        rubric: rubric_id,
        subjects: subject_specs,
        participants: evaluators,
        reference: reference.as_deref(),
        tolerance,
    };
    let Planned { rubric, session } = calibration::plan(&store, &lead, &request)?;
    let id = store.write(&lead.id, |tx| tx.create_calibration_session(&session))?;
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
