//! Who may see which evaluation: the one rule behind `evaluation list`, `evaluation show`,
//! `report feedback` and the evaluation exports (issues 13, 15 and 16).
//!
//! Double scoring is worth something only when it is blind: a second evaluator (a
//! double-scoring assignee, a `--second-opinion`, a calibration participant) who could read the
//! first evaluation before scoring would measure how well they copy, not how well they agree.
//! So staff without the lead role see another evaluator's evaluation of a subject only once
//! they have submitted their own of that subject; until then it is "not found", as a 404 would
//! be, so that not even its score leaks. Leads settle disputes and see everything; an agent sees
//! the evaluations of their own work that count, never a second opinion.
//!
//! The rule is decided here, from the acting [`Actor`] and their roles, into a [`Sight`]; the
//! store reads a `Sight` as one SQL condition (`store::visibility`), so that a list's limit, a
//! `show` and a streamed export all apply exactly the same rule.

use crate::actor::{Actor, ActorKind, Channel};

/// What an actor may see of the evaluations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Sight {
    /// Every evaluation: a lead; or someone registered as neither staff nor agent on the
    /// command line, who holds the store file itself (setting a store up, a script reading
    /// it), so that hiding rows there would protect nothing. Also what the store's own
    /// builders read (the demo), hence the default.
    #[default]
    Everything,
    /// Staff without the lead role: every evaluation they scored themselves (drafts included),
    /// and another evaluator's evaluation of a subject (interaction or visit) only while they
    /// have a submitted evaluation of that same subject, whatever its rubric.
    Blind { evaluator: String },
    /// An agent: the evaluations of their own work that count (submitted, outside calibration,
    /// not a second opinion, a visit approved), and their submitted practice evaluations, which
    /// are shown as practice (their training record).
    OwnCounted { agent: String },
    /// Nothing: someone registered as neither staff nor agent, through the web or the API.
    Nothing,
}

impl Sight {
    /// The sight of `actor`, by what they are and the roles they hold.
    pub fn of(actor: &Actor) -> Sight {
        match actor.kind {
            ActorKind::Staff if actor.is_lead() => Sight::Everything,
            ActorKind::Staff => Sight::Blind {
                evaluator: actor.id.clone(),
            },
            ActorKind::Agent => Sight::OwnCounted {
                agent: actor.id.clone(),
            },
            ActorKind::Unregistered if actor.channel == Channel::Cli => Sight::Everything,
            ActorKind::Unregistered => Sight::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Role;

    #[test]
    fn the_sight_follows_the_actor_and_the_lead_role() {
        let staff = |roles| Actor::staff("eva", roles, Channel::Cli);
        assert_eq!(Sight::of(&staff(vec![Role::Lead])), Sight::Everything);
        assert_eq!(
            Sight::of(&staff(vec![Role::Evaluator, Role::Lead])),
            Sight::Everything,
            "the lead role is enough"
        );
        let blind = Sight::Blind {
            evaluator: "eva".into(),
        };
        assert_eq!(Sight::of(&staff(vec![Role::Evaluator])), blind);
        assert_eq!(Sight::of(&staff(vec![Role::Shopper])), blind);
        assert_eq!(
            Sight::of(&Actor::agent("a-1", Channel::Web)),
            Sight::OwnCounted { agent: "a-1".into() }
        );
        assert_eq!(Sight::of(&Actor::unregistered("x", Channel::Cli)), Sight::Everything);
        assert_eq!(Sight::of(&Actor::unregistered("x", Channel::Api)), Sight::Nothing);
    }
}
