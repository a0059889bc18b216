//! `qaudit calibrate new | status | close | report | agreement`, and the calibration side of
//! `score --calibration` and `visit log --calibration`.
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

use super::Context;
use crate::calibration::{self, Scored, SessionHeader, SessionInput, SubjectInput};
use crate::cli::{CalibrateCommand, Metric as MetricArg, ReportOptions, Role, VisitLogArgs};
use crate::csv_input::{CsvInput, Record};
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table, score};
use crate::report::render;
use crate::rubric::{Language, Subject};
use crate::scoring::{check, compute, read_sheet};
use crate::stats::{Metric, StatsError};
use crate::store::Store;
use crate::store::calibration::{NewSession, Session, SessionStatus};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

pub fn run(ctx: &Context, cmd: CalibrateCommand) -> Result<Output> {
    match cmd {
        CalibrateCommand::New {
            rubric,
            subjects,
            evaluators,
            reference,
            tolerance,
        } => new(ctx, &rubric, &subjects, &evaluators, reference, tolerance),
        CalibrateCommand::Status { id } => status(ctx, id),
        CalibrateCommand::Close { id } => close(ctx, id),
        CalibrateCommand::Report {
            id,
            metric,
            seed,
            report: options,
        } => report(ctx, id, metric, seed, &options),
        CalibrateCommand::Agreement { file, metric, seed } => agreement(&file, metric, seed),
    }
}

fn metric(m: MetricArg) -> Metric {
    match m {
        MetricArg::Nominal => Metric::Nominal,
        MetricArg::Ordinal => Metric::Ordinal,
        MetricArg::Interval => Metric::Interval,
        MetricArg::Ratio => Metric::Ratio,
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

/// The session, or a user error.
fn find_session(store: &Store, id: i64) -> Result<Session> {
    store.calibration_session(id)?.ok_or_else(|| {
        UserError::new(
            format!("no calibration session {id}"),
            "a lead starts one with `qaudit calibrate new --rubric ID --subject interaction:ID ... --evaluators a,b`",
        )
        .into()
    })
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

// ---------------------------------------------------------------------------------------------
// calibrate new

fn new(
    ctx: &Context,
    rubric_id: &str,
    subject_specs: &[String],
    evaluators: &[String],
    reference: Option<String>,
    tolerance: f64,
) -> Result<Output> {
    let mut store = ctx.open()?;
    // Starting a session needs the lead role: the lead decides what is calibrated, by whom, and
    // whose scores are the reference.
    let lead = ctx.require_role(&store, Role::Lead, "start calibration sessions")?;
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
    let role_word = crate::store::people::role_name(role);
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

// ---------------------------------------------------------------------------------------------
// calibrate status and close

fn status(ctx: &Context, id: i64) -> Result<Output> {
    let store = ctx.open()?;
    let session = find_session(&store, id)?;
    // Who has scored what: never a score, so this is safe while the session is open.
    let progress = store.calibration_progress(&session)?;
    let mut headers = vec!["subject".to_string()];
    headers.extend(session.participants.iter().cloned());
    let mut t = Table {
        title: None,
        headers,
        rows: Vec::new(),
    };
    for subject in &session.subjects {
        let mut row = vec![subject.name.clone()];
        for p in &session.participants {
            let cell = progress
                .iter()
                .find(|s| s.position == subject.position && &s.participant == p)
                .map_or("-", |s| match s.status {
                    Status::Draft => "draft",
                    _ => "scored",
                });
            row.push(cell.to_string());
        }
        t.row(row);
    }
    let expected = session.subjects.len() * session.participants.len();
    let submitted = progress.iter().filter(|s| s.status == Status::Submitted).count();
    let drafts = progress.len() - submitted;
    let mut fields = session_fields(&session);
    fields.push((
        "Progress",
        format!(
            "{submitted} of {expected} scored{}",
            if drafts > 0 {
                format!(", {drafts} draft(s)")
            } else {
                String::new()
            }
        ),
    ));
    let json = serde_json::json!({
        "session": session,
        "scored": progress,
        "expected": expected,
        "submitted": submitted,
    });
    let out = Output::new(&json).fields(fields).table(t);
    Ok(match session.status {
        SessionStatus::Open => out.line(format!(
            "Scores stay sealed until a lead closes the session: `qaudit calibrate close {id}`."
        )),
        SessionStatus::Closed => out.line(format!(
            "Closed{}: `qaudit calibrate report {id}` compares the scores.",
            session
                .closed_by
                .as_ref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default()
        )),
    })
}

fn close(ctx: &Context, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "close calibration sessions")?;
    let session = find_session(&store, id)?;
    if session.status == SessionStatus::Closed {
        return refuse(
            format!("calibration session {id} is already closed"),
            format!("`qaudit calibrate report {id}` compares its scores"),
        );
    }
    let progress = store.calibration_progress(&session)?;
    let expected = session.subjects.len() * session.participants.len();
    let submitted = progress.iter().filter(|s| s.status == Status::Submitted).count();
    let drafts = progress.len() - submitted;
    store.write(&lead.id, |tx| tx.close_calibration_session(id))?;
    if drafts > 0 {
        ctx.notice(&format!(
            "note: {drafts} unfinished draft(s) are left out of the report"
        ));
    }
    if submitted < expected {
        ctx.notice(&format!(
            "note: {} of {expected} scorings are missing; the report treats them as missing values",
            expected - submitted
        ));
    }
    let session = find_session(&store, id)?;
    Ok(Output::new(&session).line(format!(
        "Calibration session {id} closed: {submitted} of {expected} scorings submitted. `qaudit calibrate report {id}` compares them."
    )))
}

// ---------------------------------------------------------------------------------------------
// calibrate report

fn report(ctx: &Context, id: i64, metric_arg: Option<MetricArg>, seed: u64, opts: &ReportOptions) -> Result<Output> {
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
        metric: metric_arg.map(metric),
        seed,
    };
    let data = calibration::session_report(input).map_err(stats_error)?;
    let lang = match rubric.language {
        Language::En => crate::cli::Lang::En,
        Language::Es => crate::cli::Lang::Es,
    };
    render::emit(ctx.global.format, opts, "calibration", lang, &data)
}

// ---------------------------------------------------------------------------------------------
// calibrate agreement

/// Bad cells listed in one refusal before the rest are counted.
const SHOWN_PROBLEMS: usize = 10;

fn agreement(file: &Path, metric_arg: MetricArg, seed: u64) -> Result<Output> {
    let metric = metric(metric_arg);
    let mut input = CsvInput::open(file, &Default::default())?;
    let name = input.name().to_string();
    let raters: Vec<String> = input.header().iter().map(|h| h.trim().to_string()).collect();
    let mut units: Vec<Vec<Option<f64>>> = Vec::new();
    // Every bad cell is counted; the first few are listed.
    let mut problems: Vec<String> = Vec::new();
    let mut bad = 0usize;
    let mut problem = |text: String| {
        bad += 1;
        if problems.len() < SHOWN_PROBLEMS {
            problems.push(text);
        }
    };
    while let Some(record) = input.next_record()? {
        let row = match record {
            Record::Row(row) => row,
            Record::Ragged(row) => {
                problem(format!("{name}:{}: {}", row.line, input.ragged_reason(&row)));
                continue;
            }
        };
        let mut unit = Vec::with_capacity(raters.len());
        for (cell, rater) in row.fields.iter().zip(&raters) {
            let text = cell.trim();
            if text.is_empty() {
                unit.push(None);
                continue;
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && metric == Metric::Ratio && v < 0.0 => problem(format!(
                    "{name}:{}: {rater}'s rating {text} is negative, and the ratio metric needs values of zero or more",
                    row.line
                )),
                Ok(v) if v.is_finite() => unit.push(Some(v)),
                _ => problem(format!(
                    "{name}:{}: {rater}'s rating {text:?} is not a number",
                    row.line
                )),
            }
        }
        units.push(unit);
    }
    if bad > 0 {
        let mut lines = problems.into_iter();
        let message = lines.next().unwrap_or_default();
        let mut details: Vec<String> = lines.collect();
        if bad > SHOWN_PROBLEMS {
            details.push(format!("... and {} more", bad - SHOWN_PROBLEMS));
        }
        return Err(UserError::new(
            message,
            "each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating",
        )
        .with_details(details)
        .into());
    }
    if units.is_empty() {
        return refuse(
            format!("{name} has no ratings: only the header line"),
            "after the first line (the raters' names), give one row per unit with one rating per rater",
        );
    }
    let data = calibration::agreement_report(&name, raters, &units, metric, seed).map_err(stats_error)?;
    Ok(agreement_output(&data))
}

/// The human form of an agreement report (JSON carries the data whole).
fn agreement_output(d: &calibration::AgreementReport) -> Output {
    let a = &d.alpha;
    let metric = serde_json::to_value(a.metric)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut fields = vec![
        ("File", d.file.clone()),
        ("Raters", format!("{} ({})", d.raters.len(), list(&d.raters))),
        (
            "Units",
            format!(
                "{} ({} rated by two or more raters, {} values in them; {} rated by every rater)",
                d.units, a.pairable_units, a.pairable_values, d.complete_units
            ),
        ),
        ("Metric", metric),
    ];
    let alpha = match (&a.stat.reason, &a.interval) {
        (Some(reason), _) => reason.clone(),
        (None, Some(ci)) => format!(
            "{}  (95% interval {}; {}, n = {}; {} resamples, seed {}, Monte-Carlo error {}{})",
            a.stat.text,
            ci.text,
            ci.method,
            ci.n,
            ci.resamples,
            ci.seed,
            if ci.stable {
                "below 0.0005".to_string()
            } else {
                format!("{:.4}, so the bounds are shown to 2 decimals", ci.mc_error)
            },
            if ci.excludes_estimate {
                "; this interval does not contain alpha, so it is not used"
            } else {
                ""
            }
        ),
        (None, None) => a.stat.text.clone(),
    };
    fields.push(("Krippendorff's alpha", alpha));
    fields.push((
        if d.ac.name == "AC1" { "Gwet's AC1" } else { "Gwet's AC2" },
        match &d.ac.interval {
            Some(i) => format!("{}  (95% interval {}; n = {})", d.ac.text, i.text, d.ac.n),
            None => format!("{}  (n = {})", d.ac.text, d.ac.n),
        },
    ));
    match (&d.icc.absolute_agreement, &d.icc.consistency, &d.icc.not_computed) {
        (Some(icc2), Some(icc3), _) => {
            let shown = |s: &calibration::Stat| s.reason.clone().unwrap_or_else(|| s.text.clone());
            fields.push((
                "ICC(2,1)",
                format!(
                    "{}  (absolute agreement, over {} units rated by every rater)",
                    shown(icc2),
                    d.icc.subjects
                ),
            ));
            fields.push(("ICC(3,1)", format!("{}  (consistency)", shown(icc3))));
        }
        (_, _, Some(why)) => fields.push(("ICC(2,1), ICC(3,1)", why.clone())),
        _ => {}
    }
    Output::new(d).fields(fields).line(d.verdict.clone())
}

// ---------------------------------------------------------------------------------------------
// Scoring in a session: `score --calibration` and `visit log --calibration`.

/// A participant's right to score a subject in a session, checked.
pub(super) struct Participation {
    pub session: Session,
    /// The participant's unfinished calibration draft of this subject, to complete.
    pub draft: Option<i64>,
}

/// Checks that `participant` may score `subject` in session `id` with `rubric`: the session is
/// open, they take part, the subject is one of the session's and the rubric is the session's,
/// and they have not submitted a score for it yet (a draft is completed).
pub(super) fn participation(
    store: &Store,
    id: i64,
    participant: &str,
    subject: SubjectRef,
    subject_name: &str,
    rubric: &str,
) -> Result<Participation> {
    let session = find_session(store, id)?;
    if session.status == SessionStatus::Closed {
        return refuse(
            format!("calibration session {id} is closed"),
            format!("`qaudit calibrate report {id}` shows its results; a lead can start a new session"),
        );
    }
    if !session.is_participant(participant) {
        return refuse(
            format!("`{participant}` is not a participant of calibration session {id}"),
            format!(
                "its participants are {}; act as one of them with --as",
                list(&session.participants)
            ),
        );
    }
    if session.subject(subject).is_none() {
        let subjects: Vec<String> = session.subjects.iter().map(|s| s.spec.clone()).collect();
        return refuse(
            format!("{subject_name} is not a subject of calibration session {id}"),
            format!("its subjects are {}", list(&subjects)),
        );
    }
    if rubric != session.rubric {
        return refuse(
            format!(
                "calibration session {id} scores with rubric {} (version {}), not {rubric}",
                session.rubric, session.rubric_version
            ),
            format!("pass --rubric {}", session.rubric),
        );
    }
    let draft = match store.calibration_evaluation_of(id, subject, participant)? {
        Some((evaluation, Status::Submitted)) => {
            return refuse(
                format!("you already scored {subject_name} in calibration session {id} (evaluation {evaluation})"),
                "each participant scores each subject once, and calibration scores are not amended: the session measures how the team scores blind",
            );
        }
        Some((evaluation, _)) => Some(evaluation),
        None => None,
    };
    Ok(Participation { session, draft })
}

/// What scoring in a session prints: that it was recorded, never the score.
pub(super) fn sealed_output(
    session: &Session,
    evaluation: i64,
    subject_name: &str,
    draft: bool,
    again: &str,
) -> Output {
    let status = if draft { "draft" } else { "submitted" };
    let out = Output::new(&serde_json::json!({
        "evaluation": evaluation,
        "calibration": session.id,
        "subject": subject_name,
        "status": status,
        "sealed": true,
    }))
    .fields(vec![
        (
            "Evaluation",
            format!("{evaluation} ({status}, calibration session {})", session.id),
        ),
        ("Subject", subject_name.to_string()),
        (
            "Rubric",
            format!("{} version {}", session.rubric, session.rubric_version),
        ),
    ]);
    if draft {
        out.line(format!("Saved as a draft. Finish it with `{again}`."))
    } else {
        out.line(format!(
            "Recorded. Scores stay sealed, from everyone, until a lead closes the session; `qaudit calibrate status {}` shows who has scored.",
            session.id
        ))
    }
}

/// `visit log --calibration SESSION`: a participant scores a visit that is already logged. No
/// visit is created or changed; the evaluation links to the visit and carries the session.
///
/// `--visit NUMBER` names the visit (it may be left out when the session has one visit at
/// `--location`). `--location` must be the visit's and `--visited-at` the visit's day, as a
/// check that the shopper scores the visit they mean; the visit's details and evidence are
/// the logged ones, so `--departed-at`, `--wait-minutes`, `--staff-agent`, `--narrative-file`
/// and `--attach` are refused.
pub(super) fn score_visit(ctx: &Context, args: &VisitLogArgs, id: i64) -> Result<Output> {
    let mut store = ctx.open()?;
    let shopper = ctx.require_role(&store, Role::Shopper, "score visits")?;
    let given: Vec<&str> = [
        (args.departed_at.is_some(), "--departed-at"),
        (args.wait_minutes.is_some(), "--wait-minutes"),
        (args.staff_agent.is_some(), "--staff-agent"),
        (args.narrative_file.is_some(), "--narrative-file"),
        (!args.attachments.is_empty(), "--attach"),
        (!args.remove_evidence.is_empty(), "--remove-evidence"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| *flag)
    .collect();
    if !given.is_empty() {
        return refuse(
            format!(
                "{} cannot be given with --calibration: a calibration scores a visit as it was logged",
                given.join(", ")
            ),
            "give only --visit, --location, --rubric, --visited-at and --answers",
        );
    }
    let session = find_session(&store, id)?;
    let visit_number = match args.visit {
        Some(n) => n,
        None => {
            let at_location: Vec<i64> = session
                .subjects
                .iter()
                .filter(|s| s.location.as_deref() == Some(args.location.as_str()))
                .filter_map(|s| match s.subject {
                    SubjectRef::Visit(v) => Some(v),
                    SubjectRef::Interaction(_) => None,
                })
                .collect();
            match at_location.as_slice() {
                [one] => *one,
                _ => {
                    let subjects: Vec<String> = session.subjects.iter().map(|s| s.spec.clone()).collect();
                    return refuse(
                        format!(
                            "say which visit of calibration session {id} you score at {}",
                            args.location
                        ),
                        format!("pass --visit NUMBER; the session's subjects are {}", list(&subjects)),
                    );
                }
            }
        }
    };
    let Some(visit) = store.visit(visit_number)? else {
        return refuse(
            format!("no visit {visit_number}"),
            "`qaudit calibrate status SESSION` lists the session's subjects",
        );
    };
    let subject = SubjectRef::Visit(visit.id);
    let subject_name = format!("visit {}", visit.id);
    let p = participation(&store, id, &shopper.id, subject, &subject_name, &args.rubric)?;
    if visit.location != args.location {
        return refuse(
            format!("visit {} was at {}, not {}", visit.id, visit.location, args.location),
            format!("give --location {}", visit.location),
        );
    }
    let tz = match &args.timezone {
        Some(name) => dates::parse_tz(name).map_err(|e| UserError::new(e, "e.g. --timezone Europe/Madrid"))?,
        None => chrono_tz::UTC,
    };
    let Some(given_text) = args.visited_at.as_deref() else {
        return refuse(
            "--visited-at is required to score a visit in a calibration session",
            "give the day of the visit, e.g. --visited-at 2026-11-20",
        );
    };
    let Some(answers) = args.answers.as_deref() else {
        return refuse(
            "--answers is required to score a visit in a calibration session",
            "give your answers file, e.g. --answers visit.yaml",
        );
    };
    let given_at = dates::parse_time(given_text, tz)
        .map_err(|e| UserError::new(format!("--visited-at: {e}"), "e.g. --visited-at \"2026-11-20 11:05\""))?;
    let visited_at = visit.visited_at.clone().unwrap_or_default();
    let logged_day = chrono::DateTime::parse_from_rfc3339(&visited_at)
        .map(|t| t.with_timezone(&tz).date_naive())
        .ok();
    if logged_day.is_some_and(|d| d != given_at.with_timezone(&tz).date_naive()) {
        return refuse(
            format!(
                "visit {} was on {}, not on the day of --visited-at {}",
                visit.id,
                logged_day.map(|d| d.to_string()).unwrap_or_default(),
                given_text
            ),
            "check that you score the visit you mean; give its day with --visited-at",
        );
    }
    // The session's rubric version, whatever the latest is.
    let rubric = store.rubric(&p.session.rubric, Some(p.session.rubric_version))?;
    let sheet = read_sheet(answers)?;
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let evaluation = store.write(&shopper.id, |tx| {
        tx.check_calibration_scoring(id, subject, &shopper.id)?;
        match p.draft {
            Some(draft) => {
                tx.revise_evaluation(draft, &result, &checked, "draft completed", Status::Submitted)?;
                Ok(draft)
            }
            None => tx.insert_evaluation(
                &NewEvaluation {
                    subject,
                    rubric_id: rubric.id.clone(),
                    rubric_version: rubric.version,
                    evaluator: shopper.id.clone(),
                    agent: visit.staff_agent.clone(),
                    location: Some(visit.location.clone()),
                    occurred_at: visited_at.clone(),
                    status: Status::Submitted,
                    calibration: Some(id),
                    external_ref: None,
                    scored_at: crate::store::audit::now(),
                },
                &result,
                &checked,
            ),
        }
    })?;
    Ok(sealed_output(&p.session, evaluation, &subject_name, false, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_maps() {
        assert_eq!(metric(MetricArg::Nominal), Metric::Nominal);
        assert_eq!(metric(MetricArg::Ordinal), Metric::Ordinal);
        assert_eq!(metric(MetricArg::Interval), Metric::Interval);
        assert_eq!(metric(MetricArg::Ratio), Metric::Ratio);
    }
}
