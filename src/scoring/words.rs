//! Scoring's refusals in the rubric's language (issue 15): the typed errors of [`super`] worded
//! from `templates/labels/scoring.yaml`, so a Spanish evaluator who writes `--set
//! cortesia.saludo=quizá` reads `no admite` and `responda sí, no`, not English. The English
//! wording is the errors' own `Display`, kept for every other caller.

use super::{Blocker, Ineligible, ScoringError};
use crate::fill;
use crate::labels::Labels;
use crate::rubric::sheet::SheetProblem;
use crate::rubric::{Answer, Criterion, ScaleKind, Subject};

/// What a scale takes: `sí, no`, `un número entero del 1 al 5`, the option keys; `o na` added
/// when N/A is allowed.
pub fn allowed(scale: &ScaleKind, na: bool, l: &Labels) -> String {
    let base = match scale {
        ScaleKind::Binary => l.get("allowed_binary"),
        ScaleKind::Range { min, max, .. } => fill!(l, "allowed_range", min = min, max = max),
        ScaleKind::Choice { options } => options.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", "),
    };
    if na {
        fill!(l, "allowed_or_na", allowed = &base)
    } else {
        base
    }
}

/// What a criterion takes, in the labels' language.
pub fn allowed_for(c: &Criterion, l: &Labels) -> String {
    allowed(&c.scale.kind, c.na, l)
}

/// An answer as the language writes it: `sí` for yes in Spanish.
pub fn answer(a: &Answer, l: &Labels) -> String {
    match a {
        Answer::Binary(true) => l.get("answer_yes"),
        Answer::Binary(false) => l.get("answer_no"),
        other => other.to_string(),
    }
}

/// An answer to `c` as a reader of the labels' language reads it: in Spanish a choice by its
/// label (`no cumple` for `no_cumple`, the spelling the rubric's sheets print and `--set`
/// takes) and a level with the scale's label (`4 (Bueno)`); in English as [`answer`] writes it,
/// unchanged.
pub fn answer_of(c: &Criterion, a: &Answer, l: &Labels) -> String {
    if l.lang() == crate::lang::Lang::En {
        return answer(a, l);
    }
    match (a, &c.scale.kind) {
        (Answer::Choice(k), _) => k.replace('_', " "),
        (Answer::Level(v), ScaleKind::Range { labels, .. }) => match labels.iter().find(|(at, _)| at == v) {
            Some((_, text)) => format!("{v} ({text})"),
            None => v.to_string(),
        },
        _ => answer(a, l),
    }
}

/// A revision's reason as shown: the reasons qaudit itself stores (in English, and kept so in
/// the audited record) in the labels' language; a person's reason as they wrote it.
pub fn revision_reason(stored: &str, l: &Labels) -> String {
    match stored {
        "draft completed" => l.get("reason_draft_completed"),
        "draft updated" => l.get("reason_draft_updated"),
        "visit resubmitted after review" => l.get("reason_visit_resubmitted"),
        other => other.to_string(),
    }
}

/// One problem of a sheet, worded; a criterion with no close name points to the rubric's list
/// of criteria in words no front end owns.
pub fn problem(p: &SheetProblem, l: &Labels) -> String {
    problem_pointing(p, l, &l.get("rubric_lists_criteria"))
}

/// [`problem`] with `lists`, the front end's own way to the rubric's criteria, for a criterion
/// with no close name (the CLI names `rubric show`, `commands::errors::scoring`).
pub fn problem_pointing(p: &SheetProblem, l: &Labels, lists: &str) -> String {
    let suggestion = |closest: &Option<String>| match closest {
        Some(name) => fill!(l, "did_you_mean", name = name),
        None => lists.to_string(),
    };
    match p {
        SheetProblem::NotACriterion {
            at,
            key,
            rubric,
            closest,
        } => fill!(
            l,
            "not_a_criterion",
            at = at,
            key = key,
            rubric = rubric,
            suggestion = &suggestion(closest)
        ),
        SheetProblem::CommentNotACriterion {
            at,
            key,
            rubric,
            closest,
        } => fill!(
            l,
            "comment_not_a_criterion",
            at = at,
            key = key,
            rubric = rubric,
            suggestion = &suggestion(closest)
        ),
        SheetProblem::Refused {
            at,
            key,
            written,
            na,
            scale,
            na_allowed,
            ..
        } => fill!(
            l,
            if *na { "refused_na" } else { "refused_answer" },
            at = at,
            key = key,
            written = written,
            allowed = &allowed(scale, *na_allowed, l)
        ),
        SheetProblem::Unanswered(keys) => fill!(l, "unanswered", n = &keys.len(), keys = &keys.join(", ")),
        SheetProblem::CommentRequired {
            at,
            key,
            answer: a,
            below,
        } => fill!(
            l,
            "comment_required",
            at = at,
            key = key,
            answer = &answer(a, l),
            pct = &format!("{:.0}", 100.0 * below)
        ),
    }
}

/// A scoring error's message, and its problems one per line.
pub fn scoring(e: &ScoringError, l: &Labels) -> (String, Vec<String>) {
    match e {
        ScoringError::Misfit {
            rubric,
            version,
            problems,
        } => (
            fill!(l, "misfit", rubric = rubric, version = version, n = &problems.len()),
            problems.iter().map(|p| problem(p, l)).collect(),
        ),
        ScoringError::NothingApplicable => (l.get("nothing_applicable"), Vec::new()),
        ScoringError::Missing(keys) => (fill!(l, "missing", keys = &keys.join(", ")), Vec::new()),
    }
}

/// Why this evaluator may not score this subject, worded.
pub fn ineligible(e: &Ineligible, l: &Labels) -> String {
    let subjects = |s: &Subject| l.get(&format!("subjects_{}", s.as_str()));
    match e {
        Ineligible::Withdrawn { interaction, reason } => {
            fill!(l, "withdrawn", interaction = interaction, reason = reason)
        }
        Ineligible::MysteryContact { interaction } => fill!(l, "mystery_contact", interaction = interaction),
        Ineligible::OwnInteraction { evaluator, interaction } => {
            fill!(l, "own_interaction", evaluator = evaluator, interaction = interaction)
        }
        Ineligible::WrongSubject { rubric, scores, wanted } => fill!(
            l,
            "wrong_subject",
            rubric = rubric,
            scores = &subjects(scores),
            wanted = &subjects(wanted)
        ),
        Ineligible::WrongChannel {
            rubric,
            channels,
            interaction,
            channel,
        } => fill!(
            l,
            "wrong_channel",
            rubric = rubric,
            channels = &channels.join(", "),
            interaction = interaction,
            channel = channel
        ),
        Ineligible::AlreadyScored {
            interaction,
            rubric,
            evaluation,
        } => fill!(
            l,
            "already_scored",
            interaction = interaction,
            rubric = rubric,
            evaluation = evaluation
        ),
        Ineligible::NotASecondOpinion { interaction, .. } => {
            fill!(l, "not_a_second_opinion", interaction = interaction)
        }
        Ineligible::CountedElsewhere { why, .. } => match why {
            Blocker::Counted { id, who, interaction } => {
                fill!(l, "counted_other", id = id, who = who, interaction = interaction)
            }
            Blocker::AssigneeDraft { id, who, interaction } => {
                fill!(l, "assignee_draft", id = id, who = who, interaction = interaction)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// The English labels say what the errors' own `Display` says, so the two cannot drift.
    #[test]
    fn english_labels_word_the_errors_as_their_display_does() {
        let en = Labels::of("scoring", Lang::En);
        let problems = vec![
            SheetProblem::NotACriterion {
                at: "--set a.zz=yes: ".into(),
                key: "a.zz".into(),
                rubric: "worked".into(),
                closest: Some("a.c1".into()),
            },
            SheetProblem::Unanswered(vec!["a.c1".into(), "b.c3".into()]),
            SheetProblem::CommentRequired {
                at: String::new(),
                key: "a.c2".into(),
                answer: Answer::Level(1),
                below: 0.5,
            },
        ];
        for p in &problems {
            assert_eq!(problem(p, &en), p.to_string());
        }
        let counted = Ineligible::CountedElsewhere {
            why: Blocker::Counted {
                id: 4,
                who: "eva".into(),
                interaction: "ZD-1".into(),
            },
            interaction: "ZD-1".into(),
            rubric: "call-quality".into(),
        };
        assert_eq!(ineligible(&counted, &en), counted.to_string());
        let es = Labels::of("scoring", Lang::Es);
        assert_eq!(
            ineligible(&counted, &es),
            "la evaluación 4 de eva ya cuenta para la interacción ZD-1; cuenta una evaluación por contacto"
        );
    }

    #[test]
    fn spanish_refusals_offer_spanish_answers() {
        let es = Labels::of("scoring", Lang::Es);
        let refused = SheetProblem::Refused {
            at: "--set cortesia.saludo=quizá: ".into(),
            key: "cortesia.saludo".into(),
            written: "quizá".into(),
            na: false,
            scale: ScaleKind::Binary,
            na_allowed: true,
            english: String::new(),
        };
        assert_eq!(
            problem(&refused, &es),
            "--set cortesia.saludo=quizá: `cortesia.saludo` no admite `quizá`; responda sí, no, o na"
        );
        assert_eq!(answer(&Answer::Binary(true), &es), "sí");
    }
}
