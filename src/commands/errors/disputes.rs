//! Refused disputes (opening, resolving, showing), worded for the command line in the language
//! of the disputed evaluation's rubric (`templates/labels/dispute_refusals.yaml`): a Spanish
//! agent whose dispute is refused reads why in Spanish. The English is the library's own
//! message; refusals that name no evaluation (no such evaluation or dispute) stay in English,
//! since no rubric says otherwise.

use super::Hint;
use crate::dates;
use crate::disputes::{DisputeError, Step};
use crate::error::UserError;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::Rubric;
use crate::rubric::suggest::closest;
use crate::scoring::words::allowed_for;

/// The English hint of `e`, for [`super::for_cli`].
pub(super) fn dispute(e: &DisputeError) -> Hint {
    match e {
        DisputeError::Scoring(e) => super::scoring::scoring(e),
        _ => (Worded::new(Lang::En, None).hint(e), Vec::new()),
    }
}

/// A dispute refusal in the language of `rubric` (the disputed evaluation's): for Spanish, a
/// [`DisputeError`] anywhere in the chain becomes a Spanish message and hint, and a scoring
/// refusal a Spanish one (`errors::scoring`); anything else, and English, pass unchanged to
/// [`super::for_cli`].
pub fn in_language(e: anyhow::Error, rubric: &Rubric) -> anyhow::Error {
    if rubric.language == Lang::En || e.chain().any(|c| c.is::<UserError>()) {
        return e;
    }
    let Some(dispute) = e.chain().find_map(|c| c.downcast_ref::<DisputeError>()) else {
        return e;
    };
    let w = Worded::new(rubric.language, Some(rubric));
    match (dispute, w.message(dispute)) {
        (DisputeError::Scoring(s), _) => super::scoring::scoring_refusal(s, &w.scoring).into(),
        (_, Some(message)) => UserError::new(message, w.hint(dispute)).into(),
        (_, None) => e,
    }
}

/// The label files a refusal is worded from, in one language.
struct Worded<'a> {
    refusals: Labels,
    terminal: Labels,
    scoring: Labels,
    rubric: Option<&'a Rubric>,
}

impl<'a> Worded<'a> {
    fn new(lang: Lang, rubric: Option<&'a Rubric>) -> Self {
        Worded {
            refusals: Labels::of("dispute_refusals", lang),
            terminal: Labels::of("terminal", lang),
            scoring: Labels::of("scoring", lang),
            rubric,
        }
    }

    /// A day the language's way (`03/11/2026` in Spanish).
    fn day(&self, day: chrono::NaiveDate) -> String {
        let text = day.to_string();
        dates::in_lang(&text, self.refusals.lang()).unwrap_or(text)
    }

    /// The message, or `None` for the refusals that stay in the library's English.
    fn message(&self, e: &DisputeError) -> Option<String> {
        let l = &self.refusals;
        Some(match e {
            DisputeError::NoEvaluation { .. } | DisputeError::NoDispute { .. } | DisputeError::Scoring(_) => {
                return None;
            }
            DisputeError::EmptyReason => l.get("m_empty_reason"),
            DisputeError::NoAgent { evaluation } => fill!(l, "m_no_agent", evaluation = evaluation),
            DisputeError::NotTheirs {
                actor,
                evaluation,
                agent,
            } => fill!(l, "m_not_theirs", actor = actor, evaluation = evaluation, agent = agent),
            DisputeError::Void { evaluation } => fill!(l, "m_void", evaluation = evaluation),
            DisputeError::Draft { evaluation } => fill!(l, "m_draft", evaluation = evaluation),
            DisputeError::Practice { evaluation } => fill!(l, "m_practice", evaluation = evaluation),
            DisputeError::Calibration { evaluation, session } => {
                fill!(l, "m_calibration", evaluation = evaluation, session = session)
            }
            DisputeError::AlreadyOpen { evaluation, dispute } => {
                fill!(l, "m_already_open", evaluation = evaluation, dispute = dispute)
            }
            DisputeError::WindowClosed {
                evaluation,
                last,
                scored,
                rubric,
                days,
            } => fill!(
                l,
                "m_window_closed",
                evaluation = evaluation,
                last = self.day(*last),
                scored = self.day(*scored),
                rubric = rubric,
                days = days,
            ),
            DisputeError::ContestedTwice { key } => fill!(l, "m_contested_twice", key = key),
            DisputeError::AlreadyDecided {
                key,
                evaluation,
                dispute,
                status,
            } => fill!(
                l,
                "m_already_decided",
                key = key,
                evaluation = evaluation,
                dispute = dispute,
                status = self.terminal.get(&format!("status_{}", status.as_str())),
            ),
            DisputeError::UnknownCriterion {
                key, rubric, version, ..
            } => fill!(l, "m_unknown_criterion", key = key, rubric = rubric, version = version),
            DisputeError::BadAnswer {
                key, written, error, ..
            } => {
                let criterion = self.rubric.and_then(|r| r.criterion(key));
                let Some(c) = criterion else {
                    return Some(error.clone());
                };
                let na = matches!(written.to_lowercase().as_str(), "na" | "n/a");
                let allowed = allowed_for(c, &self.scoring);
                if na {
                    fill!(self.scoring, "refused_na", at = "", key = key, allowed = allowed)
                } else {
                    fill!(
                        self.scoring,
                        "refused_answer",
                        at = "",
                        key = key,
                        written = written,
                        allowed = allowed
                    )
                }
            }
            DisputeError::SameAnswer {
                key,
                current,
                evaluation,
            } => fill!(
                l,
                "m_same_answer",
                key = key,
                current = current,
                evaluation = evaluation
            ),
            DisputeError::ScoredIt { lead, evaluation } => {
                fill!(l, "m_scored_it", lead = lead, evaluation = evaluation)
            }
            DisputeError::OpenedIt { lead, dispute, agent } => {
                let agent = agent.clone().unwrap_or_else(|| l.get("the_agent"));
                fill!(l, "m_opened_it", lead = lead, dispute = dispute, agent = agent)
            }
            DisputeError::IsTheAgent { lead, evaluation } => {
                fill!(l, "m_is_the_agent", lead = lead, evaluation = evaluation)
            }
            DisputeError::AlreadyResolved {
                dispute,
                status,
                by,
                on,
                ..
            } => fill!(
                l,
                "m_already_resolved",
                dispute = dispute,
                status = self.terminal.get(&format!("status_{}", status.as_str())),
                by = by,
                on = dates::in_lang(on, l.lang()).unwrap_or_else(|| on.clone()),
            ),
            DisputeError::NothingToAccept { dispute } => fill!(l, "m_nothing_to_accept", dispute = dispute),
            DisputeError::GivenTwice { key } => fill!(l, "m_given_twice", key = key),
            DisputeError::NotAmendable { evaluation, status, .. } => fill!(
                l,
                "m_not_amendable",
                evaluation = evaluation,
                status = self.scoring.get(&format!("status_{}", status.as_str())),
            ),
            DisputeError::NothingChanged { evaluation, .. } => {
                fill!(l, "m_nothing_changed", evaluation = evaluation)
            }
            DisputeError::NoteRequired { dispute } => fill!(l, "m_note_required", dispute = dispute),
        })
    }

    fn hint(&self, e: &DisputeError) -> String {
        let l = &self.refusals;
        match e {
            DisputeError::NoEvaluation { .. } => {
                "`qaudit evaluation list --agent ID` shows an agent's evaluation numbers".to_string()
            }
            DisputeError::NoDispute { step: Step::Show, .. } => "`qaudit dispute list` shows every dispute".to_string(),
            DisputeError::NoDispute { .. } => {
                "`qaudit dispute list --open` shows the disputes waiting for a lead".to_string()
            }
            DisputeError::Scoring(e) => super::scoring::scoring(e).0,
            DisputeError::EmptyReason => l.get("h_empty_reason"),
            DisputeError::NoAgent { evaluation } => fill!(l, "h_no_agent", evaluation = evaluation),
            DisputeError::NotTheirs { agent, .. } => fill!(l, "h_not_theirs", agent = agent),
            DisputeError::Void { .. } => l.get("h_void"),
            DisputeError::Draft { .. } => l.get("h_draft"),
            DisputeError::Practice { .. } => l.get("h_practice"),
            DisputeError::Calibration { .. } => l.get("h_calibration"),
            DisputeError::AlreadyOpen { dispute, .. } => fill!(l, "h_already_open", dispute = dispute),
            DisputeError::WindowClosed { evaluation, .. } => fill!(l, "h_window_closed", evaluation = evaluation),
            DisputeError::ContestedTwice { .. } => l.get("h_contested_twice"),
            DisputeError::AlreadyDecided { dispute, .. } => fill!(l, "h_already_decided", dispute = dispute),
            DisputeError::UnknownCriterion { key, rubric, keys, .. } => {
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                match closest(key, &keys) {
                    Some(name) => fill!(self.scoring, "did_you_mean", name = name),
                    None => fill!(l, "h_unknown_criterion_lists", rubric = rubric),
                }
            }
            DisputeError::BadAnswer {
                key,
                step: Step::Resolve,
                ..
            } => fill!(l, "h_bad_answer_resolve", key = key),
            DisputeError::BadAnswer { key, .. } => fill!(l, "h_bad_answer_open", key = key),
            DisputeError::SameAnswer { .. } => l.get("h_same_answer"),
            DisputeError::ScoredIt { .. } => l.get("h_scored_it"),
            DisputeError::OpenedIt { .. } => l.get("h_opened_it"),
            DisputeError::IsTheAgent { .. } => l.get("h_is_the_agent"),
            DisputeError::AlreadyResolved { evaluation, .. } => {
                fill!(l, "h_already_resolved", evaluation = evaluation)
            }
            DisputeError::NothingToAccept { .. } => l.get("h_nothing_to_accept"),
            DisputeError::GivenTwice { .. } => l.get("h_given_twice"),
            DisputeError::NotAmendable { dispute, .. } => fill!(l, "h_not_amendable", dispute = dispute),
            DisputeError::NothingChanged { dispute, .. } => fill!(l, "h_nothing_changed", dispute = dispute),
            DisputeError::NoteRequired { .. } => l.get("h_note_required"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::disputes::DisputeStatus;
    use crate::store::evaluations::Status;

    /// Every refusal a Spanish rubric words, with the values its message names.
    fn every_worded_refusal() -> Vec<DisputeError> {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let key = || "empathy.acknowledge".to_string();
        vec![
            DisputeError::EmptyReason,
            DisputeError::NoAgent { evaluation: 4 },
            DisputeError::NotTheirs {
                actor: "tom".into(),
                evaluation: 4,
                agent: "ana".into(),
            },
            DisputeError::Void { evaluation: 4 },
            DisputeError::Draft { evaluation: 4 },
            DisputeError::Practice { evaluation: 4 },
            DisputeError::Calibration {
                evaluation: 4,
                session: 2,
            },
            DisputeError::AlreadyOpen {
                evaluation: 4,
                dispute: 7,
            },
            DisputeError::WindowClosed {
                evaluation: 4,
                last: day(20),
                scored: day(6),
                rubric: "call-quality".into(),
                days: 14,
            },
            DisputeError::ContestedTwice { key: key() },
            DisputeError::AlreadyDecided {
                key: key(),
                evaluation: 4,
                dispute: 7,
                status: DisputeStatus::Partial,
            },
            DisputeError::UnknownCriterion {
                key: key(),
                rubric: "call-quality".into(),
                version: 2,
                keys: vec![],
            },
            DisputeError::SameAnswer {
                key: key(),
                current: "met".into(),
                evaluation: 4,
            },
            DisputeError::ScoredIt {
                lead: "lea".into(),
                evaluation: 4,
            },
            DisputeError::OpenedIt {
                lead: "lea".into(),
                dispute: 7,
                agent: None,
            },
            DisputeError::OpenedIt {
                lead: "lea".into(),
                dispute: 7,
                agent: Some("ana".into()),
            },
            DisputeError::IsTheAgent {
                lead: "lea".into(),
                evaluation: 4,
            },
            DisputeError::AlreadyResolved {
                dispute: 7,
                evaluation: 4,
                status: DisputeStatus::Rejected,
                by: "lea".into(),
                on: "2026-11-20".into(),
            },
            DisputeError::NothingToAccept { dispute: 7 },
            DisputeError::GivenTwice { key: key() },
            DisputeError::NotAmendable {
                evaluation: 4,
                status: Status::Void,
                dispute: 7,
            },
            DisputeError::NoteRequired { dispute: 7 },
        ]
    }

    #[test]
    fn english_labels_say_what_the_library_says() {
        let english = Worded::new(Lang::En, None);
        for e in every_worded_refusal() {
            assert_eq!(english.message(&e), Some(e.to_string()));
        }
        // The command line names the option the user typed (`commands::errors::words`).
        let unchanged = DisputeError::NothingChanged {
            evaluation: 4,
            dispute: 7,
        };
        assert_eq!(
            english.message(&unchanged).unwrap(),
            "--partial leaves every answer of evaluation 4 as it is"
        );
    }

    #[test]
    fn spanish_labels_exist_for_every_worded_refusal_and_its_hint() {
        let spanish = Worded::new(Lang::Es, None);
        let english = Worded::new(Lang::En, None);
        for e in every_worded_refusal() {
            let (message, hint) = (spanish.message(&e).unwrap(), spanish.hint(&e));
            assert!(!message.contains("m_") && !message.contains('{'), "{message}");
            assert!(!hint.starts_with("h_") && !hint.contains('{'), "{hint}");
            assert_ne!(message, english.message(&e).unwrap());
            assert_ne!(hint, english.hint(&e));
        }
        let closed = &every_worded_refusal()[8];
        assert!(spanish.message(closed).unwrap().contains("terminó el 20/11/2026"));
    }
}
