//! `qaudit score`: one evaluator scores one interaction against a rubric.

use super::Context;
use crate::cli::{Role, ScoreArgs};
use crate::error::{UserError, refuse};
use crate::output::{Output, evaluation::result_blocks};
use crate::prompt::{self, Stopped};
use crate::rubric::sheet::{self, Checked, Sheet};
use crate::rubric::{Rubric, ScoreError, ScoreResult, Subject, score, score_partial};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::interactions::Interaction;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(ctx: &Context, mut args: ScoreArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let evaluator = ctx.require_role(&store, Role::Evaluator, "score interactions")?;
    let Some(interaction) = store.interaction(&args.interaction)? else {
        return refuse(
            format!("no interaction `{}` in the store", args.interaction),
            "import it with `qaudit interaction import FILE.csv`; `qaudit interaction list` shows what is there",
        );
    };
    if let Some(reason) = &interaction.withdraw_reason {
        return refuse(
            format!("interaction {} was withdrawn ({reason})", interaction.id),
            "a withdrawn interaction is no longer scored; `qaudit queue` lists what is to score",
        );
    }
    if interaction.agent == evaluator.id {
        return refuse(
            format!(
                "`{}` handled interaction {} and may not score it",
                evaluator.id, interaction.id
            ),
            "ask another evaluator to score it",
        );
    }
    let subject = SubjectRef::Interaction(interaction.rowid);
    // Calibration (issue 7): with --calibration the session is checked (open, participant,
    // subject, rubric) and the participant's calibration draft, not their ordinary evaluation,
    // is what "already scored" looks at; the rule above (not one's own interaction) still holds.
    let calibration = args
        .calibration
        .map(|id| super::calibrate::participation(&store, id, &evaluator.id, subject, &interaction.id, &args.rubric))
        .transpose()?;
    let draft_id = match &calibration {
        Some(p) => p.draft,
        None => {
            // An unknown rubric finds nothing here and is refused, with suggestions, just below.
            match store.existing_evaluation(subject, &args.rubric, &evaluator.id)? {
                Some((id, Status::Submitted)) => {
                    return refuse(
                        format!(
                            "you already scored interaction {} with {} as evaluation {id}",
                            interaction.id, args.rubric
                        ),
                        format!("change it with `qaudit evaluation amend {id} --set KEY=VALUE --reason TEXT`"),
                    );
                }
                Some((id, _)) => Some(id),
                None => None,
            }
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
    fits(&rubric, &interaction)?;
    let second_opinion = match &calibration {
        Some(_) => false,
        None => second_opinion(
            &store,
            subject,
            &evaluator.id,
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
    let checked = check(&rubric, &sheet, !args.draft)?;
    let result = compute(&rubric, &checked, args.draft)?;
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
        return Ok(super::calibrate::sealed_output(
            &p.session,
            id,
            &interaction.id,
            args.draft,
            &again,
        ));
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

/// Whether this scoring is a second opinion (counted once per subject, issue 15): refused
/// without `--second-opinion` when another evaluator's evaluation counts for the contact, or the
/// sample assignee holds an open draft of it; the assignee's own evaluation always counts.
fn second_opinion(
    store: &crate::store::Store,
    subject: SubjectRef,
    evaluator: &str,
    interaction: &str,
    rubric: &str,
    asked: bool,
) -> Result<bool> {
    let standing = store.standing(subject, evaluator)?;
    let blocker = standing
        .counted_other
        .as_ref()
        .map(|(id, who)| format!("{who}'s evaluation {id} already counts for interaction {interaction}"))
        .or_else(|| {
            standing.assignee_draft.as_ref().map(|(id, who)| {
                format!("interaction {interaction} is assigned to {who}, who has an open draft (evaluation {id})")
            })
        });
    match (asked, blocker) {
        (true, None) if !standing.is_assignee => refuse(
            format!("no other evaluation counts for interaction {interaction}, so this would not be a second opinion"),
            format!(
                "score it without --second-opinion: `qaudit score --interaction {interaction} --rubric {rubric} ...`"
            ),
        ),
        (true, _) => Ok(true),
        (false, _) if standing.is_assignee => Ok(false),
        (false, Some(why)) => refuse(
            format!("{why}; one evaluation counts per contact"),
            format!(
                "to score it anyway as a second opinion (never counted, compared in `qaudit report evaluators`), add --second-opinion: `qaudit score --interaction {interaction} --rubric {rubric} --second-opinion ...`"
            ),
        ),
        (false, None) => Ok(false),
    }
}

/// The rubric must score interactions of this channel.
fn fits(rubric: &Rubric, interaction: &Interaction) -> Result<()> {
    if rubric.subject != Subject::Interaction {
        return refuse(
            format!(
                "rubric {} scores {}s, not interactions",
                rubric.id,
                rubric.subject.as_str()
            ),
            "score calls, chats and emails with an interaction rubric such as call-quality; visits are logged with `qaudit visit log`",
        );
    }
    if !rubric.channels.is_empty() && !rubric.channels.contains(&interaction.channel) {
        return refuse(
            format!(
                "rubric {} is for {}; interaction {} is a {}",
                rubric.id,
                rubric.channels.join(", "),
                interaction.id,
                interaction.channel
            ),
            format!(
                "choose a rubric whose channels include {} (`qaudit rubric list`)",
                interaction.channel
            ),
        );
    }
    Ok(())
}

/// Adds the answers file, --set, --note and --comment to the sheet; true when anything was given.
fn gather(args: &ScoreArgs, sheet: &mut Sheet) -> Result<bool> {
    let mut given = false;
    if let Some(path) = &args.answers {
        let from_file = read_sheet(path)?;
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
    for pair in &args.notes {
        sheet
            .note(pair)
            .map_err(|e| UserError::new(e, "write each comment as --note section.criterion=text"))?;
    }
    if let Some(c) = &args.comment {
        sheet.comment = Some(c.clone());
    }
    Ok(given)
}

/// Reads and parses an answers file, with every problem as a user error.
pub fn read_sheet(path: &Path) -> Result<Sheet> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| UserError::new(format!("cannot read {name}: {e}"), "check the path of the answers file"))?;
    if meta.len() > sheet::MAX_SHEET_BYTES as u64 {
        return refuse(
            format!(
                "{name} is {} bytes; answers files are limited to {}",
                meta.len(),
                sheet::MAX_SHEET_BYTES
            ),
            "an answers file holds one evaluation's answers; check that this is the right file",
        );
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        UserError::new(
            format!("cannot read {name}: {e}"),
            "save the answers file as UTF-8 text",
        )
    })?;
    sheet::parse_sheet(&name, &text).map_err(|diags| {
        UserError::new(
            format!("{name} is not a valid answers file"),
            "see the answers file format in the README",
        )
        .with_details(diags.iter().map(|d| d.to_string()).collect())
        .into()
    })
}

/// Checks the sheet against the rubric; every problem becomes a detail line of one refusal.
pub fn check(rubric: &Rubric, sheet: &Sheet, complete: bool) -> Result<Checked> {
    sheet::check(rubric, sheet, complete).map_err(|problems| {
        UserError::new(
            format!(
                "the answers do not fit rubric {} version {} ({} problem(s)); nothing was saved",
                rubric.id,
                rubric.version,
                problems.len()
            ),
            "fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes",
        )
        .with_details(problems.iter().map(|p| format!("  {p}")).collect())
        .into()
    })
}

/// Scores a checked sheet; a draft scores what is answered so far.
pub fn compute(rubric: &Rubric, checked: &Checked, draft: bool) -> Result<ScoreResult> {
    let result = if draft {
        score_partial(rubric, &checked.answers).ok_or(ScoreError::NothingApplicable)
    } else {
        score(rubric, &checked.answers)
    };
    match result {
        Ok(r) => Ok(r),
        Err(ScoreError::NothingApplicable) => refuse(
            "every answer is N/A (or none is given), so there is nothing to score",
            "answer at least one criterion with a value other than na",
        ),
        Err(ScoreError::Missing(keys)) => {
            refuse(format!("no answer for {}", keys.join(", ")), "answer every criterion")
        }
    }
}
