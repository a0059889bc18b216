//! Practice (issue 20, part 4): an evaluation scored as training, of a real contact used in
//! training (a recording) or of a simulated contact (a role-play), that never counts in
//! reports, flags, samples or calibration, and never takes a contact's "counted" place.
//!
//! Practice is scored like anything else (the same rubric rules, an evaluator, shopper or lead);
//! what differs is where it is shown: marked "practice" on the sheet and in `evaluation list`,
//! and as training evidence in `coach review`. The store keeps it apart (`evaluations.practice`,
//! `interactions.origin = 'practice'`, left out by `counted_evaluations`, the counting rule and
//! the sample draws).

use crate::store::interactions::Interaction;
use serde::Serialize;
use thiserror::Error;

/// The origin an interaction made for practice carries in the store.
pub const ORIGIN: &str = "practice";

/// The channel of a simulated contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Chat,
    Email,
    Social,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }
}

/// What a scoring asked for, as far as practice goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Asked {
    /// `--practice`, or `practice: true` in the answers file.
    pub practice: bool,
    pub calibration: bool,
    pub second_opinion: bool,
    /// A simulated contact was described (`--agent`, `--channel`) instead of a real one named.
    pub simulated: bool,
}

/// A practice scoring that cannot be done as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PracticeError {
    /// Practice never counts in calibration: a calibration scoring cannot be practice.
    #[error(
        "a practice evaluation cannot be part of calibration session {session}: practice never counts in calibration"
    )]
    WithCalibration { session: i64 },
    /// A second opinion feeds the evaluator-agreement figures; practice feeds none.
    #[error("a practice evaluation is not a second opinion")]
    WithSecondOpinion,
    /// A simulated contact was described without asking for practice.
    #[error("an agent and a channel describe a simulated contact, which is scored only as practice")]
    SimulatedNotPractice,
    /// Neither a contact named nor a simulated one described.
    #[error("nothing to score: no interaction named and no simulated contact described")]
    NoSubject,
    /// A simulated contact needs its agent and its channel.
    #[error("a simulated contact needs both its agent and its channel")]
    Incomplete,
    /// The agent named for the simulated contact is not known.
    #[error("no agent `{0}`")]
    NoAgent(String),
}

/// Whether the scoring is practice, refusing what practice cannot be: practice when asked, or
/// when the interaction itself was made for practice (a draft of it is completed as practice).
pub fn decide(
    asked: Asked,
    calibration: Option<i64>,
    interaction: Option<&Interaction>,
) -> Result<bool, PracticeError> {
    let made_for_practice = interaction.is_some_and(is_practice_contact);
    let practice = asked.practice || made_for_practice;
    if asked.simulated && !asked.practice {
        return Err(PracticeError::SimulatedNotPractice);
    }
    if practice {
        if let Some(session) = calibration {
            return Err(PracticeError::WithCalibration { session });
        }
        if asked.second_opinion {
            return Err(PracticeError::WithSecondOpinion);
        }
    }
    Ok(practice)
}

/// Whether the interaction is a simulated contact made for practice.
pub fn is_practice_contact(interaction: &Interaction) -> bool {
    interaction.origin.as_deref() == Some(ORIGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(origin: Option<&str>) -> Interaction {
        Interaction {
            rowid: 1,
            id: "x".into(),
            channel: "phone".into(),
            agent: "a-1".into(),
            occurred_at: "2026-11-02T10:00:00Z".into(),
            duration_s: None,
            customer: None,
            extra: None,
            withdrawn_at: None,
            withdraw_reason: None,
            origin: origin.map(str::to_string),
            voice: Default::default(),
        }
    }

    #[test]
    fn practice_with_calibration_or_a_second_opinion_is_refused() {
        let asked = Asked {
            practice: true,
            ..Asked::default()
        };
        assert_eq!(
            decide(asked, Some(3), None),
            Err(PracticeError::WithCalibration { session: 3 })
        );
        let asked = Asked {
            second_opinion: true,
            ..asked
        };
        assert_eq!(decide(asked, None, None), Err(PracticeError::WithSecondOpinion));
    }

    #[test]
    fn a_practice_contact_is_always_scored_as_practice() {
        let c = contact(Some(ORIGIN));
        assert_eq!(decide(Asked::default(), None, Some(&c)), Ok(true));
        assert_eq!(decide(Asked::default(), None, Some(&contact(None))), Ok(false));
        assert_eq!(
            decide(Asked::default(), Some(1), Some(&c)),
            Err(PracticeError::WithCalibration { session: 1 })
        );
    }

    #[test]
    fn a_simulated_contact_needs_practice() {
        let asked = Asked {
            simulated: true,
            ..Asked::default()
        };
        assert_eq!(decide(asked, None, None), Err(PracticeError::SimulatedNotPractice));
    }
}
