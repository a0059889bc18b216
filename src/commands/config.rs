//! `qaudit config set | get | list`: the store's settings (rules in [`crate::settings`]).

use super::Context;
use crate::cli::ConfigCommand;
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::settings::{self, SettingError};
use anyhow::Result;
use serde::Serialize;

pub fn run(ctx: &Context, cmd: ConfigCommand) -> Result<Output> {
    match cmd {
        ConfigCommand::Set { key, value } => set(ctx, &key, &value),
        ConfigCommand::Get { key } => get(ctx, &key),
        ConfigCommand::List => list(ctx),
    }
}

/// A setting as JSON shows it.
#[derive(Serialize)]
struct Shown {
    key: String,
    value: String,
    default: &'static str,
    set: bool,
}

fn refused(e: SettingError) -> anyhow::Error {
    let hint = hint(&e);
    UserError::new(e.to_string(), hint).into()
}

/// What to do instead, in commands.
fn hint(e: &SettingError) -> String {
    match e {
        SettingError::UnknownKey(_) => format!(
            "the settings are: {} (`qaudit config list` shows them)",
            settings::SETTINGS.iter().map(|s| s.key).collect::<Vec<_>>().join(", ")
        ),
        SettingError::BadValue { key: "business-hours", .. } => {
            "write the days and hours, e.g. `qaudit config set business-hours \"Mon-Fri 09:00-18:00\"` (or \"Mon-Fri 09:00-18:00, Sat 10:00-14:00\")".into()
        }
        SettingError::BadValue {
            key: settings::RESPONSE_FAMILY,
            ..
        } => "write a span, e.g. `qaudit config set target.response.email 24h` (30m, 1h30m, 2d)".into(),
        SettingError::BadValue {
            key: settings::ESCALATION,
            ..
        } => "write a span, e.g. `qaudit config set target.escalation 4h` (30m, 1h30m, 2d)".into(),
        SettingError::BadValue { .. } => {
            "time zones are IANA names, e.g. `qaudit config set timezone Europe/Madrid` (UTC is the default)".into()
        }
    }
}

fn set(ctx: &Context, key: &str, value: &str) -> Result<Output> {
    let (key, value) = settings::normalize(key, value).map_err(refused)?;
    let mut store = ctx.open()?;
    // Settings change what everyone reads: a lead's work once the store has a lead.
    let actor = if store.has_lead()? {
        ctx.require_role(&store, Role::Lead, "change the store's settings")?.id
    } else {
        ctx.writer(&store)?
    };
    let before = store.setting(&key)?;
    if before.as_deref() != Some(value.as_str()) {
        store.write(&actor, |tx| tx.set_setting(&key, &value))?;
    }
    let was =
        before.unwrap_or_else(|| format!("{} (default)", settings::find(&key).map(|s| s.0.default).unwrap_or("")));
    Ok(
        Output::new(&serde_json::json!({ "key": key, "value": value, "before": was }))
            .line(format!("{key} = {value} (was {was})")),
    )
}

fn get(ctx: &Context, key: &str) -> Result<Output> {
    let (setting, key) = settings::find(key).map_err(refused)?;
    let store = ctx.open()?;
    let stored = store.setting(&key)?;
    let shown = Shown {
        key,
        value: stored.clone().unwrap_or_else(|| setting.default.to_string()),
        default: setting.default,
        set: stored.is_some(),
    };
    let line = shown.value.clone();
    Ok(Output::new(&shown).line(line))
}

fn list(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let mut t = Table::new(&["setting", "value", "meaning"]);
    let mut shown = Vec::new();
    for (s, key, value, set) in store.settings()? {
        let v = if set {
            value.clone()
        } else {
            format!("{value} (default)")
        };
        t.row(vec![key.clone(), v, s.help.to_string()]);
        shown.push(Shown {
            key,
            value,
            default: s.default,
            set,
        });
    }
    Ok(Output::new(&shown).table(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_say_which_command_helps() {
        let bad = settings::normalize("timezone", "Madrid").unwrap_err();
        assert!(hint(&bad).contains("qaudit config set timezone Europe/Madrid"));
        let unknown = settings::normalize("colour", "red").unwrap_err();
        assert!(
            hint(&unknown).starts_with(
                "the settings are: timezone, business-hours, target.response.CHANNEL, target.escalation ("
            )
        );
    }
}
