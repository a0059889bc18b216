//! `qaudit score`: one evaluator scores one interaction against a rubric.

use super::Context;
use crate::calibration;
use crate::cli::ScoreArgs;
use crate::error::{UserError, refuse};
use crate::output::{Output, evaluation::result_blocks, sealed::sealed};
use crate::prompt::{self, Stopped};
use crate::roles::Role;
use crate::rubric::sheet::Sheet;
use crate::scoring;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use anyhow::Result;
use std::io::IsTerminal;

pub fn run(ctx: &Context, mut args: ScoreArgs) -> Result<Output> {
    if let Some(notice) = args.comments.deprecation() {
        ctx.notice(notice);
    }
    let mut store = ctx.open()?;
    let evaluator = ctx.require_role(&store, Role::Evaluator, "score interactions")?;
    let Some(interaction) = store.interaction(&args.interaction)? else {
        return refuse(
            format!("no interaction `{}` in the store", args.interaction),
            "import it with `qaudit interaction import FILE.csv`; `qaudit interaction list` shows what is there",
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
    let given = gather(&args, &mut sheet)?;
    if !given && !args.draft {
        if !(args.interactive || std::io::stdin().is_terminal()) {
            return refuse(
                "no answers given",
                "give an answers file with --answers FILE, answers with --set KEY=VALUE, or run in a terminal to be asked",
            );
        }
        let stdin = std::io::stdin();
        let context = prompt::context_of(&rubric, &interaction);
        sheet = match prompt::ask(&rubric, sheet, &context, &mut stdin.lock(), &mut std::io::stderr())? {
            Ok(sheet) => sheet,
            // `q`, then keep a draft: saved as `--draft` would save it.
            Err(Stopped::Draft(sheet)) => {
                args.draft = true;
                sheet
            }
            Err(Stopped::Quit) => {
                return refuse(
                    "scoring stopped; nothing was saved",
                    "run the command again to start over",
                );
            }
            Err(Stopped::EndOfInput) => {
                return refuse(
                    "the input ended before every criterion was answered; nothing was saved",
                    "answer every criterion, or use --draft with --set to save a partial evaluation",
                );
            }
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
    let out = result_blocks(Output::new(&detail), &rubric, &detail);
    let out = if detail.summary.second_opinion && !args.draft {
        out.line(format!(
            "Recorded as a second opinion on {}: it counts in no report or flag, and feeds `qaudit report evaluators`.",
            interaction.id
        ))
    } else {
        out
    };
    Ok(if args.draft {
        out.line(format!(
            "Saved as a draft. Finish it with `qaudit score --interaction {} --rubric {}`.",
            interaction.id, rubric.id
        ))
    } else {
        out
    })
}

/// Adds the answers file, --set, --comment-on and --comment to the sheet; true when anything was given.
fn gather(args: &ScoreArgs, sheet: &mut Sheet) -> Result<bool> {
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
            .map_err(|e| UserError::new(e, "write each answer as --set section.criterion=value"))?;
        given = true;
    }
    for pair in &args.comments.all() {
        sheet
            .note(pair)
            .map_err(|e| UserError::new(e, "write each comment as --comment-on section.criterion=text"))?;
    }
    if let Some(c) = &args.comment {
        sheet.comment = Some(c.clone());
    }
    Ok(given)
}
