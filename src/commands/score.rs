//! `qaudit score`: one evaluator scores one interaction against a rubric.

use super::Context;
use super::errors::scoring::in_language;
use super::sealed_receipt::sealed;
use crate::calibration;
use crate::cli::ScoreArgs;
use crate::error::{UserError, refuse};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, evaluation::result_blocks};
use crate::prompt::{self, Stopped};
use crate::roles::Role;
use crate::rubric::sheet::{Given, Sheet};
use crate::scoring::{self, practice};
use crate::store::Store;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::interactions::Interaction;
use crate::store::practice::NewPracticeContact;
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
    // The answers file is read first: `practice: true` in it decides as `--practice` does.
    let from_file = args.answers.as_deref().map(scoring::read_sheet).transpose()?;
    let (interaction, simulated) = match &args.interaction {
        Some(id) => match store.interaction(id)? {
            Some(found) => (found, None),
            None => return refuse(fill!(l, "no_interaction", id = id), l.get("no_interaction_hint")),
        },
        None => {
            let contact = simulated_contact(&store, &args, l.lang())?;
            (planned(&contact), Some(contact))
        }
    };
    let asked = practice::Asked {
        practice: args.practice || from_file.as_ref().is_some_and(|f| f.practice),
        calibration: args.calibration.is_some(),
        second_opinion: args.second_opinion,
        simulated: simulated.is_some(),
    };
    let is_practice = practice::decide(asked, args.calibration, Some(&interaction))?;
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
    let draft_id = match (&calibration, &simulated) {
        (Some(p), _) => p.draft,
        // A simulated contact is new: nothing scored it yet.
        (None, Some(_)) => None,
        (None, None) => {
            // An unknown rubric finds nothing here and is refused, with suggestions, just below.
            // Practice and real scorings of the same contact never continue or block each other.
            let existing = store.existing_of(subject, &args.rubric, &evaluator.id, is_practice)?;
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
    // Practice is never a second opinion and never takes the contact's counted place.
    let second_opinion = match &calibration {
        Some(_) => false,
        None if is_practice => false,
        None => scoring::second_opinion(
            &store.standing(subject, &evaluator.id)?,
            &interaction.id,
            &rubric.id,
            args.second_opinion,
        )?,
    };
    let given = gather(&args, from_file, &mut sheet, l)?;
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
    let (id, contact) = store.write(&evaluator.id, |tx| {
        // Calibration (issue 7): still open, still not scored, inside the transaction.
        if let Some(p) = &calibration {
            tx.check_calibration_scoring(p.session.id, subject, &evaluator.id)?;
        }
        // A simulated contact is recorded with its evaluation, in the same transaction.
        let (subject, contact) = match &simulated {
            Some(new) => {
                let stored = tx.insert_practice_contact(new)?;
                (SubjectRef::Interaction(stored.rowid), stored.id)
            }
            None => (subject, interaction.id.clone()),
        };
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
                    practice: is_practice,
                },
                &result,
                &checked,
            )?,
        };
        if calibration.is_none() && !is_practice {
            tx.mark_second_opinion(id, second_opinion)?;
        }
        // Practice fulfils no sample item and settles no counted place (issue 20).
        if !args.draft && calibration.is_none() && !is_practice {
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
        Ok((id, contact))
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
    } else if is_practice && !args.draft {
        out.line(fill!(l, "practice_line", interaction = contact))
    } else {
        out
    };
    Ok(if args.draft {
        // A simulated contact is practice by its origin; a real one needs --practice again.
        let flag = if is_practice && simulated.is_none() && !practice::is_practice_contact(&interaction) {
            " --practice"
        } else {
            ""
        };
        let command = format!("qaudit score --interaction {contact} --rubric {}{flag}", rubric.id);
        out.line(fill!(l, "saved_draft", command = command))
    } else {
        out
    })
}

/// The simulated contact `--agent`, `--channel`, `--scenario` and `--occurred-at` describe.
fn simulated_contact(store: &Store, args: &ScoreArgs, lang: Lang) -> Result<NewPracticeContact> {
    let (Some(agent), Some(channel)) = (&args.agent, args.channel) else {
        let missing = if args.agent.is_none() && !args.practice {
            practice::PracticeError::NoSubject
        } else {
            practice::PracticeError::Incomplete
        };
        return Err(missing.into());
    };
    if store.agent(agent)?.is_none() {
        return Err(practice::PracticeError::NoAgent(agent.clone()).into());
    }
    let occurred_at = match &args.occurred_at {
        Some(text) => crate::dates::parse_time(text, crate::dates::zone()).map_err(|e| {
            super::errors::dates::time_given_as("--occurred-at", &e, lang, "--occurred-at \"2026-11-20 11:05\"")
        })?,
        None => chrono::Utc::now(),
    };
    Ok(NewPracticeContact {
        agent: agent.clone(),
        channel: channel.as_str().to_string(),
        occurred_at: crate::dates::store_time(occurred_at),
        scenario: args
            .scenario
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    })
}

/// The simulated contact as the checks and the prompt see it before it is recorded.
fn planned(new: &NewPracticeContact) -> Interaction {
    Interaction {
        rowid: 0,
        id: "practice".to_string(),
        channel: new.channel.clone(),
        agent: new.agent.clone(),
        occurred_at: new.occurred_at.clone(),
        duration_s: None,
        customer: None,
        extra: new.scenario.as_ref().map(|s| serde_json::json!({ "scenario": s })),
        withdrawn_at: None,
        withdraw_reason: None,
        origin: Some(practice::ORIGIN.to_string()),
        voice: Default::default(),
    }
}

/// Adds the answers file, --set, --comment-on and --comment to the sheet; true when anything was given.
fn gather(args: &ScoreArgs, from_file: Option<Sheet>, sheet: &mut Sheet, l: &Labels) -> Result<bool> {
    let mut given = false;
    if let Some(from_file) = from_file {
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
            .set(&given_as("--set", pair))
            .map_err(|_| UserError::new(not_a_pair(pair, "--set", l), l.get("set_hint")))?;
        given = true;
    }
    for pair in &args.comments.all() {
        sheet
            .note(&given_as("--comment-on", pair))
            .map_err(|_| UserError::new(not_a_pair(pair, "--comment-on", l), l.get("comment_on_hint")))?;
    }
    if let Some(c) = &args.comment {
        sheet.comment = Some(c.clone());
    }
    Ok(given)
}

/// A `--set`/`--comment-on` that is not KEY=VALUE, in the labels' language.
fn not_a_pair(pair: &str, flag: &str, l: &Labels) -> String {
    let example = match (l.lang(), flag) {
        (Lang::En, "--set") => "courtesy.greeting=yes",
        (Lang::En, _) => "empathy.acknowledge=Did not apologise",
        (Lang::Es, "--set") => "cortesia.saludo=sí",
        (Lang::Es, _) => "empatia.escucha_activa=No se disculpó",
    };
    fill!(l, "not_a_pair", flag = flag, pair = pair, example = example)
}

/// A pair given with `flag`, placed in the sheet's problems as `--set KEY=VALUE`.
fn given_as(flag: &str, pair: &str) -> Given {
    Given {
        pair: pair.to_string(),
        origin: format!("{flag} {pair}"),
    }
}
