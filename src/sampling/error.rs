//! Why a draw, or the check of a recorded one, is refused. The messages say what is wrong in the
//! request's words (the period's first day, the interactions per agent); the hints, and the
//! wording that names a front end's own flags, are the front end's (`commands::errors` for the
//! CLI).

use thiserror::Error;

/// A refused draw or sample check.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SamplingError {
    /// A day of the period cannot be read; `field` is the request's (`from` or `to`), `why`
    /// says what a day looks like.
    #[error("the period's {} day {text:?} is not a day", if *field == "from" { "first" } else { "last" })]
    NotADay {
        field: &'static str,
        text: String,
        why: String,
    },
    #[error("the period's first day {from} is after its last day {to}")]
    PeriodReversed { from: String, to: String },
    #[error("0 interactions per agent draws nothing")]
    NothingPerAgent,
    /// The new-hire weeks are zero or absurd.
    #[error(transparent)]
    NewHireWeeks(crate::tenure::WeeksError),
    #[error("0 interactions per new hire draws nothing for new hires")]
    NewHireNothing,
    /// More than `max` ([`super::new_hires::MAX_NEW_HIRE_PER_AGENT`]) for one new hire.
    #[error("{per_agent} interactions per new hire is more than {max} interactions for one agent in one draw")]
    NewHireTooMany { per_agent: u32, max: u32 },
    /// The new hires' quota must be heavier than everyone's.
    #[error(
        "{per_agent} interactions per new hire is not more than the {normal} per agent: new hires would not be sampled more heavily"
    )]
    NewHireNotHeavier { per_agent: u32, normal: u32 },
    /// A new-hire quota was asked for, but no agent in scope has a hire date.
    #[error("none of the {agents} agent(s) in scope has a hire date, so nobody can be a new hire")]
    NoHireDates { agents: usize },
    /// A sample is scored with an interaction rubric.
    #[error("rubric {rubric} scores visits, not interactions")]
    VisitRubric { rubric: String },
    /// The channel asked for is one the rubric does not score.
    #[error("rubric {rubric} is for {}, not {channel}", channels.join(", "))]
    ChannelOutsideRubric {
        rubric: String,
        channels: Vec<String>,
        channel: String,
    },
    /// No interaction has this channel; `known` lists those that exist.
    #[error("no interaction in the store has channel `{channel}`")]
    UnknownChannel { channel: String, known: Vec<String> },
    #[error("no agents in team `{team}`")]
    EmptyTeam { team: String },
    #[error("there are no agents in the store")]
    NoAgents,
    #[error("no agent `{agent}` in the store")]
    UnknownAgent { agent: String },
    #[error("agent {agent} is not in team {team}")]
    NotInTeam { agent: String, team: String },
    #[error("there are no evaluators to assign the sample to")]
    NoEvaluators,
    /// The list of evaluators cannot be read; the text says why.
    #[error("the evaluators: {0}")]
    EvaluatorList(String),
    #[error("`{id}` does not have the evaluator role")]
    NotAnEvaluator { id: String },
    #[error("`{id}` is not a staff member")]
    NotStaff { id: String },
    /// Double scoring needs a second evaluator besides the first.
    #[error("double scoring needs at least two evaluators: the second opinion comes from someone else")]
    DoubleNeedsTwo,
    /// Every evaluator named is the item's agent or scored it already.
    #[error(
        "no evaluator may score interaction {interaction} of agent {agent}: the evaluators ({}) are its agent or already scored it",
        evaluators.join(", ")
    )]
    NoEvaluatorFor {
        interaction: String,
        agent: String,
        evaluators: Vec<String>,
    },
    /// Nothing to draw in the scope.
    #[error(
        "{} in {from} to {to} for the {agents} agent(s) in scope{}; nothing was drawn",
        if *include_evaluated { "no interactions" } else { "no interactions that are not yet evaluated" },
        if channels.is_empty() { String::new() } else { format!(" on {}", channels.join(", ")) }
    )]
    NothingDrawn {
        include_evaluated: bool,
        from: String,
        to: String,
        agents: usize,
        channels: Vec<String>,
    },
    /// An evaluation or a sample was added between reading the store and recording the draw.
    #[error("the store changed while the sample was drawn (an evaluation or a sample was added); nothing was recorded")]
    StoreChanged,
    #[error("no sample {0}")]
    NoSample(i64),
    /// The sample's parameters are not those this release re-draws from.
    #[error("sample {0} does not record the parameters this qaudit re-draws from")]
    UnreadableParameters(i64),
    #[error(
        "sample {id} was drawn with {algorithm}; this qaudit draws with {}",
        super::ALGORITHM
    )]
    OtherAlgorithm { id: i64, algorithm: String },
    /// The seed beside the sample differs from the one in its parameters, which the check
    /// draws with: one of them was edited.
    #[error("sample {id} records seed {recorded} but its parameters say seed {params}")]
    OtherSeed { id: i64, recorded: u64, params: u64 },
    #[error("sample {id} records a period that is not two days ({from} to {to})")]
    BadPeriod { id: i64, from: String, to: String },
    #[error(
        "sample {id} is not reproduced: drawing again from seed {seed} gives other double-scoring items ({recorded} recorded, {redrawn} re-drawn)"
    )]
    OtherDoubles {
        id: i64,
        seed: u64,
        recorded: usize,
        redrawn: usize,
    },
    /// Drawing again gives other items; `differences` has one line per interaction.
    #[error(
        "sample {id} is not reproduced: drawing again from seed {seed} gives {} difference(s)",
        differences.len()
    )]
    NotReproduced {
        id: i64,
        seed: u64,
        differences: Vec<String>,
    },
}
