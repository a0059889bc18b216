//! `qaudit staff add | list`: the people who use qaudit and their roles.

use super::shared::{change, require_id, require_name};
use crate::cli::StaffCommand;
use crate::commands::Context;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::store::people::{Saved, StaffMember};
use anyhow::Result;
use serde::Serialize;

pub fn run(ctx: &Context, cmd: StaffCommand) -> Result<Output> {
    match cmd {
        StaffCommand::Add { id, name, roles } => add(ctx, &id, &name, &roles),
        StaffCommand::List { role, lang } => list(ctx, role, &Labels::of("people", lang.unwrap_or(Lang::En))),
        StaffCommand::Reference { rubric, id } => reference(ctx, &rubric, &id),
    }
}

/// `staff reference RUBRIC ID`: the rubric's reference evaluator (issue 16), audited.
fn reference(ctx: &Context, rubric: &str, id: &str) -> Result<Output> {
    let mut store = ctx.open()?;
    let lead = ctx.require_role(&store, Role::Lead, "designate reference evaluators")?;
    store.rubric(rubric, None)?;
    match store.staff_member(id)? {
        Some(m) if m.has(Role::Evaluator) => {}
        Some(_) => {
            return crate::error::refuse(
                format!("`{id}` does not have the evaluator role, so cannot be the reference for {rubric}"),
                format!("add it with `qaudit staff add {id} --name NAME --role evaluator`"),
            );
        }
        None => {
            return crate::error::refuse(
                format!("no staff member `{id}`"),
                "`qaudit staff list --role evaluator` shows the evaluators",
            );
        }
    }
    store.write(&lead.id, |tx| tx.set_rubric_reference(rubric, id))?;
    Ok(Output::new(&serde_json::json!({ "rubric": rubric, "reference": id })).line(format!(
        "{id} is the reference evaluator of {rubric}: `qaudit report evaluators` compares the others with {id} on the contacts both scored."
    )))
}

/// A role as `l`'s language names it (`evaluador`); English, as typed.
fn role_word(l: &Labels, role: Role) -> String {
    l.get(&format!("role_{}", role.as_str()))
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

#[derive(Serialize)]
struct StaffSaved {
    result: Saved,
    staff: StaffMember,
}

fn add(ctx: &Context, id: &str, name: &str, roles: &[Role]) -> Result<Output> {
    require_id("staff id", id)?;
    let name = require_name("staff member's", name)?;
    let mut store = ctx.open()?;
    let (saved, before, member) = store.write(&ctx.staff_manager(&store)?, |tx| {
        let before = tx.staff_member(id)?;
        let (saved, member) = tx.save_staff(id, &name, roles, "staff add")?;
        Ok((saved, before, member))
    })?;
    let line = match (saved, &before) {
        (Saved::Added, _) | (_, None) => format!(
            "Added staff member {id}: {}, {}.",
            member.name,
            roles_text(&member.roles)
        ),
        (Saved::Updated, Some(b)) => {
            let added: Vec<Role> = member.roles.iter().copied().filter(|r| !b.has(*r)).collect();
            let mut changes: Vec<String> = change("name", Some(&b.name), Some(&member.name)).into_iter().collect();
            if !added.is_empty() {
                changes.push(format!(
                    "added role{} {} (now {})",
                    if added.len() == 1 { "" } else { "s" },
                    roles_text(&added),
                    roles_text(&member.roles)
                ));
            }
            format!("Updated staff member {id}: {}.", changes.join(", "))
        }
        (Saved::Unchanged, _) => format!(
            "Staff member {id} already has this name and these roles ({}); nothing changed.",
            roles_text(&member.roles)
        ),
    };
    Ok(Output::new(&StaffSaved {
        result: saved,
        staff: member,
    })
    .line(line))
}

/// The staff, worded in `l`'s language (`--lang`); a role as the language names it.
fn list(ctx: &Context, role: Option<Role>, l: &Labels) -> Result<Output> {
    let store = ctx.open()?;
    let staff = store.staff(role)?;
    if staff.is_empty() {
        let line = match role {
            Some(r) => fill!(l, "s_no_role", role = role_word(l, r), typed = r.as_str()),
            None => l.get("s_none"),
        };
        return Ok(Output::new(&staff).line(line));
    }
    let headers = ["a_col_id", "a_col_name", "s_col_roles"].map(|k| l.get(k));
    let mut table = Table::new(&headers.each_ref().map(String::as_str));
    for s in &staff {
        let roles: Vec<String> = s.roles.iter().map(|r| role_word(l, *r)).collect();
        table.row(vec![s.id.clone(), s.name.clone(), roles.join(", ")]);
    }
    Ok(Output::new(&staff).table(table))
}
