//! `qaudit calibrate report ID`: how far the participants of a closed session agree.

use super::find_session;
use super::stats_error;
use crate::calibration::{self, Scored, SessionHeader, SessionInput, SubjectInput};
use crate::commands::Context;
use crate::output::Output;
use crate::report::ReportOptions;
use crate::report::render;
use crate::stats::Metric;
use anyhow::Result;
use std::collections::BTreeMap;

pub(super) fn report(
    ctx: &Context,
    id: i64,
    metric: Option<Metric>,
    seed: u64,
    opts: &ReportOptions,
) -> Result<Output> {
    let store = ctx.open()?;
    let session = find_session(&store, id)?;
    // Refuses while the session is open: the report is where the scores are unsealed.
    let scores = store.calibration_scores(&session)?;
    let rubric = store.rubric(&session.rubric, Some(session.rubric_version))?;
    let subjects = session
        .subjects
        .iter()
        .map(|s| SubjectInput {
            name: s.name.clone(),
            who: match (&s.agent, &s.location) {
                (Some(a), Some(l)) => Some(format!("location {l}, agent {a}")),
                (Some(a), None) => Some(format!("agent {a}")),
                (None, Some(l)) => Some(format!("location {l}")),
                (None, None) => None,
            },
            scores: session
                .participants
                .iter()
                .map(|p| {
                    scores
                        .iter()
                        .find(|e| e.position == s.position && &e.participant == p)
                        .map(|e| Scored {
                            evaluation: e.evaluation,
                            overall: e.overall,
                            answers: e.answers.iter().cloned().collect::<BTreeMap<_, _>>(),
                        })
                })
                .collect(),
        })
        .collect();
    let input = SessionInput {
        header: SessionHeader {
            id: session.id,
            rubric: rubric.id.clone(),
            rubric_version: rubric.version,
            rubric_title: rubric.title.clone(),
            created_by: session.created_by.clone(),
            created_at: session.created_at.clone(),
            closed_by: session.closed_by.clone(),
            closed_at: session.closed_at.clone(),
        },
        rubric: &rubric,
        participants: session.participants.clone(),
        reference: session.reference.clone(),
        tolerance: session.tolerance,
        subjects,
        metric,
        seed,
    };
    let data = calibration::session_report(input).map_err(stats_error)?;
    let lang = crate::report::common::lang_of(rubric.language);
    render::emit(ctx.global.format, opts, "calibration", lang, &data)
}
