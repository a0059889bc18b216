//! Agents (whose work is scored), staff (who use qaudit, with roles) and locations.

use super::Store;
use crate::cli::Role;
use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// A person whose work is scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub location: Option<String>,
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
}

/// The role as stored.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Evaluator => "evaluator",
        Role::Shopper => "shopper",
        Role::Lead => "lead",
    }
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
        Ok(self
            .conn()
            .query_row("SELECT id, name, team, location FROM agents WHERE id = ?1", [id], |r| {
                Ok(Agent {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    team: r.get(2)?,
                    location: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// One staff member by id, with their roles.
    pub fn staff_member(&self, id: &str) -> Result<Option<StaffMember>> {
        let Some(name) = self
            .conn()
            .query_row("SELECT name FROM staff WHERE id = ?1", [id], |r| r.get::<_, String>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = self
            .conn()
            .prepare("SELECT role FROM staff_roles WHERE staff_id = ?1 ORDER BY role")?;
        let roles = stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .iter()
            .filter_map(|r| role_from(r))
            .collect();
        Ok(Some(StaffMember {
            id: id.to_string(),
            name,
            roles,
        }))
    }

    /// One location by id.
    pub fn location(&self, id: &str) -> Result<Option<Location>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, name, region, address FROM locations WHERE id = ?1",
                [id],
                |r| {
                    Ok(Location {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        region: r.get(2)?,
                        address: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }
}
