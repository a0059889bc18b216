//! The acting party of every core call that changes or reveals data (issue 13, pinned): who
//! acts, as what, and through which front end. The role and scope rules that both the command
//! line and the web apply live here once; a core function takes an [`Actor`] and asks it.
//!
//! Scope rule: a record the actor may not see is reported as *not found* by the caller, never
//! as "forbidden", so that its existence is not revealed (DESIGN.md, the server).

use crate::roles::Role;

/// Whether the actor is a staff member, an agent, or neither (a store still being set up, or a
/// name nobody registered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Staff,
    Agent,
    /// Known to neither table: may only act while the store has no lead (setting it up).
    Unregistered,
}

/// The front end the call came through; recorded so that the audit log can say how a change
/// was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Cli,
    Web,
    Api,
}

/// The acting party: its id (a staff id or an agent id), what it is, its roles (staff only),
/// the front end, and the operating-system user behind a CLI call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: ActorKind,
    pub roles: Vec<Role>,
    pub channel: Channel,
    pub os_user: Option<String>,
}

/// A refusal because of who acts (the core's error; the front end adds its hint).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// A staff member without the role the action needs.
    #[error("`{actor}` may not {what}: that needs the {} role", role.as_str())]
    MissingRole { actor: String, role: Role, what: String },
    /// Not a staff member at all (an agent, or nobody registered).
    #[error("`{actor}` is not a staff member, so may not {what}")]
    NotStaff { actor: String, role: Role, what: String },
    /// An agent or a shopper asking for a view of every agent's results (the team report).
    #[error("`{actor}` may not read {what}: it shows every agent's results, for leads and evaluators")]
    OthersResults { actor: String, what: String },
}

impl Actor {
    /// A staff member acting with `roles`.
    pub fn staff(id: impl Into<String>, roles: Vec<Role>, channel: Channel) -> Actor {
        Actor {
            id: id.into(),
            kind: ActorKind::Staff,
            roles,
            channel,
            os_user: None,
        }
    }

    /// An agent (agents hold no staff role).
    pub fn agent(id: impl Into<String>, channel: Channel) -> Actor {
        Actor {
            id: id.into(),
            kind: ActorKind::Agent,
            roles: Vec::new(),
            channel,
            os_user: None,
        }
    }

    /// Someone known to neither staff nor agents.
    pub fn unregistered(id: impl Into<String>, channel: Channel) -> Actor {
        Actor {
            id: id.into(),
            kind: ActorKind::Unregistered,
            roles: Vec::new(),
            channel,
            os_user: None,
        }
    }

    /// True when the actor holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.kind == ActorKind::Staff && self.roles.contains(&role)
    }

    /// True for a lead, who sees every record and settles disputes.
    pub fn is_lead(&self) -> bool {
        self.has(Role::Lead)
    }

    /// True when the actor is the agent `agent_id` (and not a staff member of the same name).
    pub fn is_agent(&self, agent_id: &str) -> bool {
        self.kind == ActorKind::Agent && self.id == agent_id
    }

    /// True when this actor is the person `id` (a staff id or an agent id).
    pub fn is(&self, id: &str) -> bool {
        self.id == id
    }

    /// Refuses unless the actor holds `role`; `what` completes "may not ..." ("score interactions").
    pub fn require(&self, role: Role, what: &str) -> Result<(), Denied> {
        if self.has(role) {
            return Ok(());
        }
        let (actor, what) = (self.id.clone(), what.to_string());
        Err(match self.kind {
            ActorKind::Staff => Denied::MissingRole { actor, role, what },
            ActorKind::Agent | ActorKind::Unregistered => Denied::NotStaff { actor, role, what },
        })
    }

    /// Views of every agent's results (the team report) are for leads and evaluators. An agent
    /// reads their own results only, a shopper none; someone registered as neither is the
    /// owner of the file at the command line, who reads what the file holds.
    pub fn may_read_everyones_results(&self) -> bool {
        match self.kind {
            ActorKind::Staff => self.has(Role::Lead) || self.has(Role::Evaluator),
            ActorKind::Agent => false,
            ActorKind::Unregistered => true,
        }
    }

    /// Refuses a view of every agent's results unless [`Actor::may_read_everyones_results`];
    /// `what` names the view ("the team report").
    pub fn require_everyones_results(&self, what: &str) -> Result<(), Denied> {
        if self.may_read_everyones_results() {
            return Ok(());
        }
        Err(Denied::OthersResults {
            actor: self.id.clone(),
            what: what.to_string(),
        })
    }

    /// Visits: a lead sees every visit, a shopper the visits they logged.
    pub fn may_see_visit(&self, shopper: Option<&str>) -> bool {
        self.is_lead() || (self.kind == ActorKind::Staff && shopper == Some(self.id.as_str()))
    }

    /// An evaluation is changed (amended, voided) by the evaluator who scored it or by a lead.
    pub fn may_change_evaluation(&self, evaluator: &str) -> bool {
        self.is_lead() || (self.kind == ActorKind::Staff && self.id == evaluator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_leads_evaluators_and_the_file_owner_read_everyones_results() {
        let read = |a: Actor| a.may_read_everyones_results();
        assert!(read(Actor::staff("lea", vec![Role::Lead], Channel::Cli)));
        assert!(read(Actor::staff("eva", vec![Role::Evaluator], Channel::Web)));
        assert!(read(Actor::unregistered("owner", Channel::Cli)));
        assert!(!read(Actor::staff("sam", vec![Role::Shopper], Channel::Cli)));
        assert!(!read(Actor::agent("a-1", Channel::Cli)));
        let refused = Actor::agent("a-1", Channel::Cli).require_everyones_results("the team report");
        assert!(matches!(refused, Err(Denied::OthersResults { .. })));
    }

    #[test]
    fn a_shopper_sees_their_own_visits_and_a_lead_all() {
        let sam = Actor::staff("sam", vec![Role::Shopper], Channel::Cli);
        let lea = Actor::staff("lea", vec![Role::Lead], Channel::Cli);
        assert!(sam.may_see_visit(Some("sam")));
        assert!(!sam.may_see_visit(Some("sol")));
        assert!(lea.may_see_visit(Some("sol")));
        assert!(
            !Actor::agent("sam", Channel::Cli).may_see_visit(Some("sam")),
            "an agent named like a shopper is not them"
        );
    }

    #[test]
    fn roles_are_required_by_kind() {
        let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
        assert!(eva.require(Role::Evaluator, "score").is_ok());
        assert!(matches!(
            eva.require(Role::Lead, "resolve disputes"),
            Err(Denied::MissingRole { .. })
        ));
        let agent = Actor::agent("eva2", Channel::Cli);
        let denied = agent.require(Role::Evaluator, "score interactions").unwrap_err();
        assert_eq!(
            denied.to_string(),
            "`eva2` is not a staff member, so may not score interactions"
        );
        assert!(!agent.has(Role::Lead));
    }

    #[test]
    fn only_the_evaluator_or_a_lead_changes_an_evaluation() {
        let eva = Actor::staff("eva", vec![Role::Evaluator], Channel::Cli);
        let tom = Actor::staff("tom", vec![Role::Evaluator], Channel::Cli);
        let lea = Actor::staff("lea", vec![Role::Lead], Channel::Cli);
        assert!(eva.may_change_evaluation("eva"));
        assert!(!tom.may_change_evaluation("eva"));
        assert!(lea.may_change_evaluation("eva"));
        assert!(!Actor::agent("eva", Channel::Cli).may_change_evaluation("eva"));
    }
}
