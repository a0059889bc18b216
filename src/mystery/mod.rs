//! Mystery contacts (issue 20, part 6): a mystery shopper's test call, email, chat or social
//! message to the contact centre, scored with an interaction rubric, with the time it took to be
//! answered. The rules that are not SQL live here: which channels there are, how the time to
//! answer is measured and refused ([`answer_time`]), which rubric fits ([`fits`]), who sees which
//! contact ([`ContactSight`]) and the report by channel ([`report`]).
//!
//! A mystery contact is stored as an interaction with origin `mystery` (so it is never sampled,
//! counted as a contact, or scored in the team report and flags) plus a `mystery_contacts` row
//! (`store::mystery`); it is reported only with the mystery-shopping results (`report mystery`).

pub mod report;
#[cfg(test)]
mod tests;

use crate::actor::{Actor, ActorKind, Channel as Front};
use crate::rubric::{Rubric, Subject};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The channel a shopper contacted the centre through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactChannel {
    Phone,
    Email,
    Chat,
    Social,
}

impl ContactChannel {
    /// Every channel, in the order reports list them.
    pub const ALL: [ContactChannel; 4] = [
        ContactChannel::Phone,
        ContactChannel::Email,
        ContactChannel::Chat,
        ContactChannel::Social,
    ];

    /// The name the store and the rubrics' `channels` use.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::Email => "email",
            ContactChannel::Chat => "chat",
            ContactChannel::Social => "social",
        }
    }

    /// The channel the store names `text`, if it is one.
    pub fn parse(text: &str) -> Option<ContactChannel> {
        ContactChannel::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Whether its time to answer reads in hours: an email is answered in hours of the clock
    /// (wall-clock time, nights and weekends included), a call, chat or message in seconds
    /// and minutes.
    pub fn answered_in_hours(self) -> bool {
        self == ContactChannel::Email
    }
}

/// A refusal by the mystery-contact rules; the front end adds its hint
/// (`commands::errors::mystery` for the CLI).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MysteryError {
    /// Answered before it was started.
    #[error("the contact was answered ({answered}) before it was started ({started})")]
    AnsweredBeforeStarted { started: String, answered: String },
    /// Started in the future.
    #[error("the contact starts in the future ({started})")]
    InTheFuture { started: String },
    /// A rubric that scores visits, not contacts.
    #[error("rubric {rubric} scores visits, not contacts")]
    VisitRubric { rubric: String },
    /// A rubric for other channels.
    #[error("rubric {rubric} is for {}, not for {channel}", channels.join(", "))]
    WrongChannel {
        rubric: String,
        channels: Vec<String>,
        channel: String,
    },
    /// No agent of that id.
    #[error("no agent `{agent}` in the store")]
    NoAgent { agent: String },
    /// The shopper named themselves as the agent who answered.
    #[error("`{shopper}` cannot be both the shopper and the agent who answered")]
    OwnContact { shopper: String },
    /// No such contact, or one the actor may not see (its existence is not revealed).
    #[error("no mystery contact {id}")]
    NotFound { id: i64 },
    /// No rubric given, and no stored interaction rubric is for the channel.
    #[error("no stored interaction rubric is for {channel}")]
    NoRubric { channel: String },
    /// No rubric given, and several stored rubrics are for the channel.
    #[error("several rubrics are for {channel}: {}", rubrics.join(", "))]
    SeveralRubrics { channel: String, rubrics: Vec<String> },
}

/// The rubric a contact is scored with when none is named: the one stored interaction rubric
/// that names the channel among its `channels`. `candidates` are the latest stored versions.
pub fn default_rubric(candidates: &[Rubric], channel: ContactChannel) -> Result<&Rubric, MysteryError> {
    let fitting: Vec<&Rubric> = candidates
        .iter()
        .filter(|r| r.subject == Subject::Interaction && r.channels.iter().any(|c| c == channel.as_str()))
        .collect();
    match fitting.as_slice() {
        [one] => Ok(one),
        [] => Err(MysteryError::NoRubric {
            channel: channel.as_str().to_string(),
        }),
        many => Err(MysteryError::SeveralRubrics {
            channel: channel.as_str().to_string(),
            rubrics: many.iter().map(|r| r.id.clone()).collect(),
        }),
    }
}

/// The time to answer in whole seconds: `answered - started`, wall-clock (for an email that is
/// hours of the clock, not working hours). Refused when answered before started; a contact that
/// starts more than an hour from now (clock skew allowed) is refused as in the future, like a
/// visit logged before it happened.
pub fn answer_time(started: DateTime<Utc>, answered: DateTime<Utc>, now: DateTime<Utc>) -> Result<i64, MysteryError> {
    if answered < started {
        return Err(MysteryError::AnsweredBeforeStarted {
            started: crate::dates::store_time(started),
            answered: crate::dates::store_time(answered),
        });
    }
    if started > now + chrono::Duration::hours(1) {
        return Err(MysteryError::InTheFuture {
            started: crate::dates::store_time(started),
        });
    }
    Ok((answered - started).num_seconds())
}

/// The rubric scores interactions, and the channel is one of its `channels` (when it names any).
pub fn fits(rubric: &Rubric, channel: ContactChannel) -> Result<(), MysteryError> {
    if rubric.subject != Subject::Interaction {
        return Err(MysteryError::VisitRubric {
            rubric: rubric.id.clone(),
        });
    }
    if !rubric.channels.is_empty() && !rubric.channels.iter().any(|c| c == channel.as_str()) {
        return Err(MysteryError::WrongChannel {
            rubric: rubric.id.clone(),
            channels: rubric.channels.clone(),
            channel: channel.as_str().to_string(),
        });
    }
    Ok(())
}

/// The agent named may answer this shopper's contact: it exists and is not the shopper.
pub fn check_agent(shopper: &str, agent: &str, exists: bool) -> Result<(), MysteryError> {
    if agent == shopper {
        return Err(MysteryError::OwnContact {
            shopper: shopper.to_string(),
        });
    }
    if !exists {
        return Err(MysteryError::NoAgent {
            agent: agent.to_string(),
        });
    }
    Ok(())
}

/// Who sees which mystery contact, decided like visits: a lead sees every one, a shopper (any
/// staff member without the lead role) the ones they logged, an agent the ones that name them
/// as the agent who answered, without the shopper's name (shoppers stay anonymous to the people
/// they test). Someone registered as neither sees every one on the command line (they hold the
/// store file), nothing through the web or the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactSight {
    Everything,
    Shopper(String),
    Agent(String),
    Nothing,
}

impl ContactSight {
    pub fn of(actor: &Actor) -> ContactSight {
        match actor.kind {
            ActorKind::Staff if actor.is_lead() => ContactSight::Everything,
            ActorKind::Staff => ContactSight::Shopper(actor.id.clone()),
            ActorKind::Agent => ContactSight::Agent(actor.id.clone()),
            ActorKind::Unregistered if actor.channel == Front::Cli => ContactSight::Everything,
            ActorKind::Unregistered => ContactSight::Nothing,
        }
    }

    /// Whether this sight shows a contact logged by `shopper` and answered by `agent`.
    pub fn sees(&self, shopper: &str, agent: Option<&str>) -> bool {
        match self {
            ContactSight::Everything => true,
            ContactSight::Shopper(id) => id == shopper,
            ContactSight::Agent(id) => agent == Some(id.as_str()),
            ContactSight::Nothing => false,
        }
    }

    /// Whether this sight shows who the shopper was (not to the agent tested).
    pub fn sees_shopper(&self) -> bool {
        !matches!(self, ContactSight::Agent(_))
    }
}
