//! Agents (whose work is scored), staff (who use qaudit, with roles) and locations.

use super::{Store, StoreError, Tx};
use crate::roles::Role;
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;
use std::collections::HashSet;

pub use crate::text_rules::{MAX_ID_CHARS, id_problem};

/// What saving a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Saved {
    /// It was not stored before.
    Added,
    /// It was stored with other details, now replaced.
    Updated,
    /// It was stored exactly so; nothing was written.
    Unchanged,
}

/// A person whose work is scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub location: Option<String>,
    /// The day they were hired, `YYYY-MM-DD` (`crate::tenure` counts weeks of tenure from it);
    /// `None` when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hired_on: Option<String>,
}

/// A person who uses qaudit, with the roles that decide what they may do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl StaffMember {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A store or branch that mystery shoppers visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub address: Option<String>,
    /// The days it opens, as `Mon,Tue,Wed,Thu,Fri,Sat`; `None` is every day.
    pub open_days: Option<String>,
    /// Its IANA time zone (visit and photo times are read in it); `None` is UTC.
    pub timezone: Option<String>,
}

fn role_from(name: &str) -> Option<Role> {
    match name {
        "evaluator" => Some(Role::Evaluator),
        "shopper" => Some(Role::Shopper),
        "lead" => Some(Role::Lead),
        _ => None,
    }
}

impl Store {
    /// One agent by id.
    pub fn agent(&self, id: &str) -> Result<Option<Agent>> {
        agent(self.conn(), id)
    }

    /// One staff member by id, with their roles.
    pub fn staff_member(&self, id: &str) -> Result<Option<StaffMember>> {
        staff_member(self.conn(), id)
    }

    /// One location by id.
    pub fn location(&self, id: &str) -> Result<Option<Location>> {
        location(self.conn(), id)
    }

    /// Whether any staff member holds the lead role.
    pub fn has_lead(&self) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM staff_roles WHERE role = 'lead')",
            [],
            |r| r.get(0),
        )?)
    }

    /// The store's own guard on who a write is recorded as: printable text, and once the
    /// store has a lead (until then it is being set up), a staff member or an agent (commands
    /// decide what an agent may do).
    pub(crate) fn check_actor(&self, actor: &str) -> Result<()> {
        if let Some(problem) = id_problem(actor) {
            return Err(StoreError::BadActor {
                actor: actor.to_string(),
                problem: problem.to_string(),
            }
            .into());
        }
        let known: bool = self.conn().query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM staff_roles WHERE role = 'lead') OR EXISTS (SELECT 1 FROM staff WHERE id = ?1)
                 OR EXISTS (SELECT 1 FROM agents WHERE id = ?1)",
            [actor],
            |r| r.get(0),
        )?;
        if !known {
            return Err(StoreError::UnknownActor {
                actor: actor.to_string(),
            }
            .into());
        }
        Ok(())
    }

    /// Every agent, or those of one team, by id.
    pub fn agents(&self, team: Option<&str>) -> Result<Vec<Agent>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, team, location, hired_on FROM agents WHERE ?1 IS NULL OR team = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([team], agent_from_row)?;
        let all: Vec<Agent> = rows.collect::<rusqlite::Result<_>>()?;
        // The reserved agent of mystery contacts whose answering agent is not known is no one:
        // lists, samples and teams leave it out (it is still found by its id).
        Ok(all
            .into_iter()
            .filter(|a| a.id != super::mystery::UNKNOWN_AGENT)
            .collect())
    }

    /// Every staff member with their roles, or those holding `role`, by id.
    pub fn staff(&self, role: Option<Role>) -> Result<Vec<StaffMember>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.id, s.name, group_concat(r.role) FROM staff s
             LEFT JOIN staff_roles r ON r.staff_id = s.id
             GROUP BY s.id
             HAVING ?1 IS NULL OR sum(r.role = ?1) > 0
             ORDER BY s.id",
        )?;
        let rows = stmt.query_map([role.map(Role::as_str)], |r| {
            let roles: Option<String> = r.get(2)?;
            Ok(StaffMember {
                id: r.get(0)?,
                name: r.get(1)?,
                roles: roles_from(roles.as_deref().unwrap_or("").split(',')),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every location, or those of one region, by id.
    pub fn locations(&self, region: Option<&str>) -> Result<Vec<Location>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, region, address, open_days, timezone FROM locations WHERE ?1 IS NULL OR region = ?1 ORDER BY id")?;
        let rows = stmt.query_map([region], location_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// One agent by id, as this transaction sees it.
    pub fn agent(&self, id: &str) -> Result<Option<Agent>> {
        agent(self.conn(), id)
    }

    /// One location by id, as this transaction sees it.
    pub fn location(&self, id: &str) -> Result<Option<Location>> {
        location(self.conn(), id)
    }

    /// One staff member by id, as this transaction sees it.
    pub fn staff_member(&self, id: &str) -> Result<Option<StaffMember>> {
        staff_member(self.conn(), id)
    }

    /// The ids of every agent (for checking an import's rows without a query per row).
    pub fn agent_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn().prepare("SELECT id FROM agents")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds `agent`, or replaces the stored name, team, location and hire date of the agent with
    /// its id.
    /// Audited as `agent.add` or `agent.update` with `source` (where the details came from, e.g.
    /// `agents.csv:4`); an agent stored exactly so is left alone and not audited. The caller
    /// checks the id, the name and that the location exists.
    pub fn save_agent(&mut self, agent: &Agent, source: &str) -> Result<Saved> {
        check_text("agent", &agent.id, &agent.name)?;
        let before = self.agent(&agent.id)?;
        let saved = match &before {
            Some(b) if b == agent => return Ok(Saved::Unchanged),
            Some(_) => {
                self.conn().execute(
                    "UPDATE agents SET name = ?2, team = ?3, location = ?4, hired_on = ?5 WHERE id = ?1",
                    params![agent.id, agent.name, agent.team, agent.location, agent.hired_on],
                )?;
                Saved::Updated
            }
            None => {
                self.conn().execute(
                    "INSERT INTO agents (id, name, team, location, hired_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        agent.id,
                        agent.name,
                        agent.team,
                        agent.location,
                        agent.hired_on,
                        super::audit::now()
                    ],
                )?;
                Saved::Added
            }
        };
        self.audit_saved("agent", &agent.id, saved, before.as_ref(), agent, source)?;
        Ok(saved)
    }

    /// Adds `location`, or replaces the stored name, region and address of the location with its
    /// id; audited like [`Tx::save_agent`].
    pub fn save_location(&mut self, location: &Location, source: &str) -> Result<Saved> {
        check_text("location", &location.id, &location.name)?;
        let before = self.location(&location.id)?;
        let saved = match &before {
            Some(b) if b == location => return Ok(Saved::Unchanged),
            Some(_) => {
                self.conn().execute(
                    "UPDATE locations SET name = ?2, region = ?3, address = ?4, open_days = ?5, timezone = ?6 WHERE id = ?1",
                    params![
                        location.id,
                        location.name,
                        location.region,
                        location.address,
                        location.open_days,
                        location.timezone
                    ],
                )?;
                Saved::Updated
            }
            None => {
                self.conn().execute(
                    "INSERT INTO locations (id, name, region, address, open_days, timezone, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        location.id,
                        location.name,
                        location.region,
                        location.address,
                        location.open_days,
                        location.timezone,
                        super::audit::now()
                    ],
                )?;
                Saved::Added
            }
        };
        self.audit_saved("location", &location.id, saved, before.as_ref(), location, source)?;
        Ok(saved)
    }

    /// Adds a staff member with `roles`, or renames an existing one and adds `roles` to the roles
    /// they hold (roles are never taken away here). Audited as `staff.add` or `staff.update`;
    /// nothing is written when nothing changes. Returns the member as stored afterwards.
    pub fn save_staff(&mut self, id: &str, name: &str, roles: &[Role], source: &str) -> Result<(Saved, StaffMember)> {
        check_text("staff", id, name)?;
        let before = staff_member(self.conn(), id)?;
        let mut after = before.clone().unwrap_or(StaffMember {
            id: id.to_string(),
            name: name.to_string(),
            roles: Vec::new(),
        });
        after.name = name.to_string();
        for role in roles {
            if !after.roles.contains(role) {
                after.roles.push(*role);
            }
        }
        after.roles.sort_by_key(|r| r.as_str());
        let saved = match &before {
            Some(b) if *b == after => return Ok((Saved::Unchanged, after)),
            Some(b) => {
                if b.name != after.name {
                    self.conn()
                        .execute("UPDATE staff SET name = ?2 WHERE id = ?1", params![id, name])?;
                }
                Saved::Updated
            }
            None => {
                self.conn().execute(
                    "INSERT INTO staff (id, name, created_at) VALUES (?1, ?2, ?3)",
                    params![id, name, super::audit::now()],
                )?;
                Saved::Added
            }
        };
        // Roles live in a table without rowids, which the update hook does not see.
        self.touch("staff", vec![rusqlite::types::Value::Text(id.to_string())])?;
        for role in &after.roles {
            self.conn().execute(
                "INSERT OR IGNORE INTO staff_roles (staff_id, role) VALUES (?1, ?2)",
                params![id, role.as_str()],
            )?;
        }
        self.audit_saved("staff", id, saved, before.as_ref(), &after, source)?;
        Ok((saved, after))
    }

    /// The audit entry of a save: the new record, and for an update the record before it.
    fn audit_saved<T: Serialize>(
        &mut self,
        kind: &str,
        id: &str,
        saved: Saved,
        before: Option<&T>,
        after: &T,
        source: &str,
    ) -> Result<()> {
        let (action, change) = match saved {
            Saved::Added => ("add", json!({ "record": after, "source": source })),
            _ => ("update", json!({ "before": before, "after": after, "source": source })),
        };
        self.audit(&format!("{kind}.{action}"), &format!("{kind}:{id}"), &change)
    }
}

/// The store's own guard on ids and names, whatever the command checked before (an id or a
/// name with a control character must never be stored: it would reach terminals and logs).
fn check_text(what: &'static str, id: &str, name: &str) -> Result<()> {
    if let Some(problem) = id_problem(id) {
        return Err(StoreError::BadId {
            what,
            id: id.to_string(),
            problem: problem.to_string(),
        }
        .into());
    }
    if let Some(problem) = crate::text_rules::name_problem(name) {
        return Err(StoreError::BadName {
            what,
            id: id.to_string(),
            problem: problem.to_string(),
        }
        .into());
    }
    Ok(())
}

fn agent_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        team: r.get(2)?,
        location: r.get(3)?,
        hired_on: r.get(4)?,
    })
}

fn location_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Location> {
    Ok(Location {
        id: r.get(0)?,
        name: r.get(1)?,
        region: r.get(2)?,
        address: r.get(3)?,
        open_days: r.get(4)?,
        timezone: r.get(5)?,
    })
}

/// Roles from their stored names, in a stable order.
fn roles_from<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Role> {
    let mut roles: Vec<Role> = names.filter_map(role_from).collect();
    roles.sort_by_key(|r| r.as_str());
    roles.dedup();
    roles
}

fn agent(conn: &Connection, id: &str) -> Result<Option<Agent>> {
    Ok(conn
        .query_row(
            "SELECT id, name, team, location, hired_on FROM agents WHERE id = ?1",
            [id],
            agent_from_row,
        )
        .optional()?)
}

fn staff_member(conn: &Connection, id: &str) -> Result<Option<StaffMember>> {
    let Some(name) = conn
        .query_row("SELECT name FROM staff WHERE id = ?1", [id], |r| r.get::<_, String>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT role FROM staff_roles WHERE staff_id = ?1")?;
    let names = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(StaffMember {
        id: id.to_string(),
        name,
        roles: roles_from(names.iter().map(String::as_str)),
    }))
}

fn location(conn: &Connection, id: &str) -> Result<Option<Location>> {
    Ok(conn
        .query_row(
            "SELECT id, name, region, address, open_days, timezone FROM locations WHERE id = ?1",
            [id],
            location_from_row,
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_people_can_type() {
        for ok in ["a-017", "lucía.pérez", "Tienda 12", "店-1", &"x".repeat(100)] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        assert!(id_problem("").unwrap().contains("empty"));
        assert!(id_problem(" a").unwrap().contains("spaces"));
        assert!(id_problem("a\t").unwrap().contains("spaces"));
        assert!(id_problem("a\tb").unwrap().contains("control"));
        assert!(id_problem(&"x".repeat(101)).unwrap().contains("101 characters"));
    }

    #[test]
    fn saving_people_is_audited_once_per_change() {
        let mut store = crate::store::open_in_memory().unwrap();
        let agent = Agent {
            id: "a-1".into(),
            name: "Ana".into(),
            team: Some("north".into()),
            location: None,
            hired_on: None,
        };
        let outcomes = store
            .write("tester", |tx| {
                let first = tx.save_agent(&agent, "test")?;
                let again = tx.save_agent(&agent, "test")?;
                let moved = tx.save_agent(
                    &Agent {
                        team: Some("south".into()),
                        ..agent.clone()
                    },
                    "test",
                )?;
                let (staff, member) = tx.save_staff("marta", "Marta", &[Role::Lead], "test")?;
                let (more, member2) = tx.save_staff("marta", "Marta", &[Role::Evaluator, Role::Lead], "test")?;
                let (same, _) = tx.save_staff("marta", "Marta", &[Role::Lead], "test")?;
                assert_eq!(member.roles, vec![Role::Lead]);
                assert_eq!(member2.roles, vec![Role::Evaluator, Role::Lead]);
                Ok(vec![first, again, moved, staff, more, same])
            })
            .unwrap();
        use Saved::*;
        assert_eq!(outcomes, vec![Added, Unchanged, Updated, Added, Updated, Unchanged]);
        let actions: Vec<String> = store.audit_entries().unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions, vec!["agent.add", "agent.update", "staff.add", "staff.update"]);
        assert_eq!(store.agents(Some("south")).unwrap().len(), 1);
        assert_eq!(store.staff(Some(Role::Evaluator)).unwrap().len(), 1);
        assert_eq!(store.staff(Some(Role::Shopper)).unwrap().len(), 0);
        assert_eq!(store.staff(None).unwrap()[0].roles, vec![Role::Evaluator, Role::Lead]);
    }
}
