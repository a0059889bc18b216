//! `qaudit score`: one evaluator scores one interaction against a rubric.

use super::Context;
use super::errors::scoring::in_language;
use crate::calibration;
use crate::cli::ScoreArgs;
use crate::error::{UserError, refuse};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, evaluation::result_blocks, sealed::sealed};
use crate::prompt::{self, Stopped};
use crate::roles::Role;
use crate::rubric::sheet::Sheet;
use crate::scoring;
use crate::store::Store;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use anyhow::Result;
use std::io::IsTerminal;

/// Scores in the rubric's language (or `--lang`): the result, the lines after it and every
/// refusal of the answers (issue 15).
pub fn run(ctx: &Context, args: ScoreArgs) -> Result<Output> {
    if let Some(notice) = args.comments.deprecation() {
        ctx.notice(notice);
    }
    let store = ctx.open()?;
    // The rubric named may not exist; then its refusal (with suggestions) comes in English.
    let lang = args
        .lang
        .or_else(|| store.rubric(&args.rubric, None).ok().map(|r| r.language))
        .unwrap_or(Lang::En);
    let l = Labels::of("scoring", lang);
    score(ctx, store, args, &l).map_err(|e| in_language(e, lang))
}

fn score(ctx: &Context, mut store: Store, mut args: ScoreArgs, l: &Labels) -> Result<Output> {
    let evaluator = ctx.require_role(&store, Role::Evaluator, "score interactions")?;
    let Some(interaction) = store.interaction(&args.interaction)? else {
        return refuse(
            fill!(l, "no_interaction", id = args.interaction),
            l.get("no_interaction_hint"),
        );
    };
    scoring::may_score(&evaluator.id, &interaction)?;
    let subject = SubjectRef::Interaction(interaction.rowid);
    // Calibration (issue 7): with --calibration the session is checked (open, participant,
    // subject, rubric) and the participant's calibration draft, not their ordinary evaluation,
    // is what "already scored" looks at; the rule above (not one's own interaction) still holds.
    let calibration = args
        .calibration
        .map(|session| {
            let request = calibration::ScoringRequest {
                session,
                subject,
                subject_name: &interaction.id,
                rubric: &args.rubric,
            };
            calibration::participation_in(&store, &evaluator, &request)
        })
        .transpose()?;
    let draft_id = match &calibration {
        Some(p) => p.draft,
        None => {
            // An unknown rubric finds nothing here and is refused, with suggestions, just below.
            let existing = store.existing_evaluation(subject, &args.rubric, &evaluator.id)?;
            scoring::continues(existing, &interaction.id, &args.rubric)?
        }
    };
    // A draft is completed against the rubric version it was started on.
    let (rubric, mut sheet) = match draft_id {
        Some(id) => {
            // Unsealed: a calibration draft is the participant's own, and nothing below shows it.
            let draft = store.evaluation_unsealed(id)?.expect("the draft was just found");
            let rubric = store.rubric(&draft.summary.rubric, Some(draft.summary.rubric_version))?;
            let sheet = draft.current().sheet();
            (rubric, sheet)
        }
        // Calibration (issue 7): the session's rubric version, whatever the latest is.
        None => match &calibration {
            Some(p) => (
                store.rubric(&p.session.rubric, Some(p.session.rubric_version))?,
                Sheet::default(),
            ),
            None => (store.rubric(&args.rubric, None)?, Sheet::default()),
        },
    };
    scoring::fits_interaction(&rubric, &interaction)?;
    let second_opinion = match &calibration {
        Some(_) => false,
        None => scoring::second_opinion(
            &store.standing(subject, &evaluator.id)?,
            &interaction.id,
            &rubric.id,
            args.second_opinion,
        )?,
    };
    let given = gather(&args, &mut sheet, l)?;
    if !given && !args.draft {
        if !(args.interactive || std::io::stdin().is_terminal()) {
            return refuse(l.get("no_answers"), l.get("no_answers_hint"));
        }
        let stdin = std::io::stdin();
        let context = prompt::context_of(l.lang(), &interaction);
        sheet = match prompt::ask(
            &rubric,
            l.lang(),
            sheet,
            &context,
            &mut stdin.lock(),
            &mut std::io::stderr(),
        )? {
            Ok(sheet) => sheet,
            // `q`, then keep a draft: saved as `--draft` would save it.
            Err(Stopped::Draft(sheet)) => {
                args.draft = true;
                sheet
            }
            Err(Stopped::Quit) => return refuse(l.get("stopped"), l.get("stopped_hint")),
            Err(Stopped::EndOfInput) => return refuse(l.get("input_ended"), l.get("input_ended_hint")),
        };
    }
    let checked = scoring::check(&rubric, &sheet, !args.draft)?;
    let result = scoring::compute(&rubric, &checked, args.draft)?;
    let status = if args.draft { Status::Draft } else { Status::Submitted };
    let id = store.write(&evaluator.id, |tx| {
        // Calibration (issue 7): still open, still not scored, inside the transaction.
        if let Some(p) = &calibration {
            tx.check_calibration_scoring(p.session.id, subject, &evaluator.id)?;
        }
        let id = match draft_id {
            Some(id) => {
                let reason = if args.draft { "draft updated" } else { "draft completed" };
                tx.revise_evaluation(id, &result, &checked, reason, status)?;
                id
            }
            None => tx.insert_evaluation(
                &NewEvaluation {
                    subject,
                    rubric_id: rubric.id.clone(),
                    rubric_version: rubric.version,
                    evaluator: evaluator.id.clone(),
                    agent: Some(interaction.agent.clone()),
                    location: None,
                    occurred_at: interaction.occurred_at.clone(),
                    status,
                    calibration: calibration.as_ref().map(|p| p.session.id),
                    external_ref: None,
                    scored_at: crate::store::audit::now(),
                },
                &result,
                &checked,
            )?,
        };
        if calibration.is_none() {
            tx.mark_second_opinion(id, second_opinion)?;
        }
        if !args.draft && calibration.is_none() {
            // Counted once per subject (issue 15): the assignee's submission takes over.
            tx.settle_counted(subject, &format!("evaluation {id} submitted"))?;
            if second_opinion {
                // A second opinion closes only the double-scoring item assigned to its evaluator.
                tx.mark_double_done(interaction.rowid, &evaluator.id, id)?;
            } else {
                // A submitted evaluation closes the interaction's open sample items.
                tx.mark_sampled(interaction.rowid, &evaluator.id, id)?;
            }
        }
        Ok(id)
    })?;
    // Calibration (issue 7): the result stays sealed until the session closes.
    if let Some(p) = &calibration {
        let again = format!(
            "qaudit score --calibration {} --interaction {} --rubric {}",
            p.session.id, interaction.id, rubric.id
        );
        return Ok(sealed(&p.receipt(id, &interaction.id, args.draft), &again));
    }
    let detail = store.evaluation(id)?.expect("just written");
    let out = result_blocks(Output::new(&detail), &rubric, &detail, l.lang());
    let out = if detail.summary.second_opinion && !args.draft {
        out.line(fill!(l, "second_opinion_line", interaction = interaction.id))
    } else {
        out
    };
    Ok(if args.draft {
        let command = format!("qaudit score --interaction {} --rubric {}", interaction.id, rubric.id);
        out.line(fill!(l, "saved_draft", command = command))
    } else {
        out
    })
}

/// Adds the answers file, --set, --comment-on and --comment to the sheet; true when anything was given.
fn gather(args: &ScoreArgs, sheet: &mut Sheet, l: &Labels) -> Result<bool> {
    let mut given = false;
    if let Some(path) = &args.answers {
        let from_file = scoring::read_sheet(path)?;
        sheet.answers.extend(from_file.answers);
        sheet.comments.extend(from_file.comments);
        sheet.origin.extend(from_file.origin);
        if from_file.comment.is_some() {
            sheet.comment = from_file.comment;
        }
        given = true;
    }
    for pair in &args.sets {
        sheet
            .set(pair)
            .map_err(|e| UserError::new(not_a_pair(&e, pair, "--set", l), l.get("set_hint")))?;
        given = true;
    }
    for pair in &args.comments.all() {
        sheet
            .note(pair)
            .map_err(|e| UserError::new(not_a_pair(&e, pair, "--comment-on", l), l.get("comment_on_hint")))?;
    }
    if let Some(c) = &args.comment {
        sheet.comment = Some(c.clone());
    }
    Ok(given)
}

/// A `--set`/`--comment-on` that is not KEY=VALUE, in the labels' language; the English is the
/// sheet's own message.
fn not_a_pair(english: &str, pair: &str, flag: &str, l: &Labels) -> String {
    match l.lang() {
        Lang::En => english.to_string(),
        Lang::Es => {
            let example = if flag == "--set" {
                "cortesia.saludo=sí"
            } else {
                "empatia.escucha_activa=No se disculpó"
            };
            fill!(l, "not_a_pair", flag = flag, pair = pair, example = example)
        }
    }
}
