//! `qaudit calibrate new | status | close | report | agreement`. One file per subcommand; this
//! file dispatches and holds what they share. The rules of a session (who starts, scores and
//! closes it, what stays sealed) are in `crate::calibration`, which `score --calibration` and
//! `visit log --calibration` call too.
//!
//! A session is started by a lead over subjects (interactions for an interaction rubric, logged
//! visits for a visit rubric) and participants (evaluators, or shoppers for visits). Each
//! participant scores each subject once, blind: while the session is open no command shows any
//! of its answers or scores, to anyone, the participant included (qaudit has no login, so an
//! exception for "your own" scores would be one `--as` away from everyone). `calibrate status`
//! shows who has scored which subject; a lead closes the session, then `calibrate report`
//! compares. The seal itself lives in the store (`store::calibration`); the statistics in
//! `crate::calibration` and `crate::stats`.
//!
//! Calibration evaluations never count toward an agent's reports or flags, cannot be amended,
//! acknowledged or disputed (they measure how the team scores, not the agent), and are listed
//! by `evaluation list` only once their session is closed, marked `calibration N`.

mod agreement;
mod close;
mod new;
mod report;
mod status;

use crate::calibration;
use crate::cli::CalibrateCommand;
use crate::commands::Context;
use crate::error::UserError;
use crate::output::{Output, score};
use crate::stats::StatsError;
use crate::store::Store;
use crate::store::calibration::Session;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: CalibrateCommand) -> Result<Output> {
    match cmd {
        CalibrateCommand::New {
            rubric,
            subjects,
            evaluators,
            reference,
            tolerance,
        } => new::new(ctx, &rubric, &subjects, &evaluators, reference, tolerance),
        CalibrateCommand::Status { id } => status::status(ctx, id),
        CalibrateCommand::Close { id } => close::close(ctx, id),
        CalibrateCommand::Report {
            id,
            metric,
            seed,
            report: options,
        } => report::report(ctx, id, metric, seed, &options),
        CalibrateCommand::Agreement { file, metric, seed } => agreement::agreement(&file, metric, seed),
    }
}

/// A statistics refusal as a user error (the inputs are validated first, so this is rare).
fn stats_error(e: StatsError) -> anyhow::Error {
    UserError::new(
        format!("the statistics cannot use these ratings: {e}"),
        "check the ratings; every value must be a finite number",
    )
    .into()
}

/// The session, or the refusal.
fn find_session(store: &Store, id: i64) -> Result<Session> {
    Ok(calibration::found(id, store.calibration_session(id)?)?)
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

fn session_fields(s: &Session) -> Vec<(&'static str, String)> {
    let subjects: Vec<String> = s.subjects.iter().map(|x| x.spec.clone()).collect();
    vec![
        ("Session", format!("{} ({})", s.id, s.status.as_str())),
        ("Rubric", format!("{} version {}", s.rubric, s.rubric_version)),
        ("Subjects", list(&subjects)),
        ("Participants", list(&s.participants)),
        (
            "Compared with",
            match &s.reference {
                Some(r) => format!("{r} (reference)"),
                None => "the mean of the other participants".to_string(),
            },
        ),
        ("Tolerance", format!("{} points", score(s.tolerance))),
    ]
}
