//! The column options every CSV import takes (`--map`, `--value`, `--default`), read from their
//! command-line syntax into the core's [`ColumnSpec`], with the hints a person needs when one
//! is wrong.

use crate::csv_input::{ColumnSpec, DefaultValue, Fields, Rename, ValueMap, key};
use crate::error::UserError;
use anyhow::Result;

/// The column options `--map`, `--value` and `--default` for an import reading `fields`. Each option is
/// one value (they are repeated, never split on commas, since values may hold commas).
pub fn column_spec(maps: &[String], values: &[String], defaults: &[String], fields: &Fields) -> Result<ColumnSpec> {
    let renames = parse_renames(maps, fields)?;
    let mut spec = ColumnSpec {
        renames,
        ..ColumnSpec::default()
    };
    for given in values {
        let hint = "write --value FIELD:FROM=TO, e.g. --value \"channel:Teléfono=phone\"";
        let Some((field, rest)) = given.split_once(':') else {
            return Err(UserError::new(format!("--value {given:?} has no `:`"), hint).into());
        };
        let Some((from, to)) = rest.rsplit_once('=') else {
            return Err(UserError::new(format!("--value {given:?} has no `=`"), hint).into());
        };
        let field = check_field(fields, "--value", given, field, "channel:Teléfono=phone")?;
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() {
            return Err(UserError::new(format!("--value {given:?} names no value before `=`"), hint).into());
        }
        if spec
            .values
            .iter()
            .any(|v| v.field == field && key(&v.from) == key(from))
        {
            return Err(UserError::new(
                format!("--value gives `{field}` value {from:?} twice"),
                "translate each value once",
            )
            .into());
        }
        spec.values.push(ValueMap {
            field,
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    for given in defaults {
        let Some((field, value)) = given.split_once('=') else {
            return Err(UserError::new(
                format!("--default {given:?} has no `=`"),
                "write --default FIELD=VALUE, e.g. --default channel=phone",
            )
            .into());
        };
        let field = check_field(fields, "--default", given, field, "channel=phone")?;
        if spec.defaults.iter().any(|d| d.field == field) {
            return Err(UserError::new(
                format!("--default gives `{field}` twice"),
                "give each field one default",
            )
            .into());
        }
        spec.defaults.push(DefaultValue {
            field,
            value: value.trim().to_string(),
        });
    }
    Ok(spec)
}

/// Parses `--map` values: `their column=our_field`, split at the last `=` (so a column name may
/// contain `=`). `our_field` must be one of `fields`; a field may be mapped once.
pub fn parse_renames(maps: &[String], fields: &Fields) -> Result<Vec<Rename>> {
    let mut renames: Vec<Rename> = Vec::new();
    for map in maps {
        let Some((theirs, ours)) = map.rsplit_once('=') else {
            return Err(UserError::new(
                format!("--map {map:?} has no `=`"),
                "write --map \"their column=our_field\", e.g. --map \"Agent ID=agent\"",
            )
            .into());
        };
        let theirs = theirs.trim();
        if theirs.is_empty() {
            return Err(UserError::new(
                format!("--map {map:?} names no column before `=`"),
                "write --map \"their column=our_field\", e.g. --map \"Agent ID=agent\"",
            )
            .into());
        }
        let ours = check_field(fields, "--map", map, ours, "Agent ID=agent")?;
        if let Some(earlier) = renames.iter().find(|r| r.ours == ours) {
            return Err(UserError::new(
                format!(
                    "--map gives `{ours}` twice (from {:?} and from {theirs:?})",
                    earlier.theirs
                ),
                "map each field from one column",
            )
            .into());
        }
        if let Some(earlier) = renames.iter().find(|r| key(&r.theirs) == key(theirs)) {
            return Err(UserError::new(
                format!(
                    "--map reads column {theirs:?} twice (as `{}` and as `{ours}`)",
                    earlier.ours
                ),
                "map each column to one field",
            )
            .into());
        }
        renames.push(Rename {
            theirs: theirs.to_string(),
            ours,
        });
    }
    Ok(renames)
}

fn check_field(fields: &Fields, flag: &str, given: &str, field: &str, example: &str) -> Result<String> {
    let field = field.trim().to_lowercase();
    if fields.all().any(|f| f == field) {
        return Ok(field);
    }
    Err(UserError::new(
        format!("{flag} {given:?}: `{field}` is not a field this import reads"),
        format!("the fields are: {}; e.g. {flag} \"{example}\"", fields.list()),
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_input::Others;

    const FIELDS: Fields = Fields {
        required: &["id", "agent"],
        optional: &["customer"],
        others: Others::Keep,
        mappable: true,
    };

    fn spec(maps: &[&str], values: &[&str], defaults: &[&str]) -> Result<ColumnSpec> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        column_spec(&owned(maps), &owned(values), &owned(defaults), &FIELDS)
    }

    fn message(e: anyhow::Error) -> String {
        e.downcast_ref::<UserError>().expect("a user error").message.clone()
    }

    #[test]
    fn the_flags_become_the_column_spec() {
        let s = spec(
            &["Interaction ID=id", "agent name=AGENT"],
            &["agent:Ana García=a-1", "customer:x,y=z"],
            &["customer=none"],
        )
        .unwrap();
        assert_eq!(s.renames[1].ours, "agent");
        assert_eq!((s.values[1].from.as_str(), s.values[1].to.as_str()), ("x,y", "z"));
        assert_eq!(s.defaults[0].value, "none");
    }

    #[test]
    fn each_bad_flag_is_named() {
        let bad = message(spec(&["Interaction ID=ident"], &[], &[]).unwrap_err());
        assert!(bad.contains("`ident` is not a field"), "{bad}");
        assert!(spec(&["a=id", "b=id"], &[], &[]).is_err());
        assert!(spec(&["no equals"], &[], &[]).is_err());
        let bad = message(spec(&[], &["nofield:a=b"], &[]).unwrap_err());
        assert!(bad.starts_with("--value \"nofield:a=b\""), "{bad}");
        assert!(spec(&[], &["agent=b"], &[]).is_err());
        assert!(spec(&[], &[], &["agent"]).is_err());
    }
}
