//! Why a flags check cannot run. Its own module, below every other, so that the store reads
//! (`gather`) and the voice checks (`voice`) raise it without importing the module that
//! re-exports them.

/// Why the agents asked for cannot be checked (the CLI adds the hint, `commands::errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagsError {
    /// No agent the actor may see is in this team; `teams` are those that exist (in scope).
    #[error("no agent is in team `{team}`")]
    NoTeam { team: String, teams: Vec<String> },
    /// No agent of that id (in scope); `known` are the ids that exist, for a suggestion.
    #[error("no agent `{id}`")]
    NoAgent { id: String, known: Vec<String> },
    /// The agent is not in the team also asked for.
    #[error("agent `{agent}` is in team {}, not {asked}", team.as_deref().unwrap_or("(none)"))]
    OtherTeam {
        agent: String,
        team: Option<String>,
        asked: String,
    },
    /// The day the windows end is no day (a front end names its own flag or parameter).
    #[error("the day the windows end: {problem}")]
    BadAsOf { problem: String },
    /// A rule's `csat_below` lies outside the store's CSAT scale; `at` is `file:line:col`.
    #[error(
        "{at}: flag `{rule}` of rubric `{rubric}` has `csat_below: {threshold}`, outside this store's CSAT scale {scale}"
    )]
    CsatOffScale {
        at: String,
        rubric: String,
        rule: String,
        threshold: String,
        scale: String,
    },
}
