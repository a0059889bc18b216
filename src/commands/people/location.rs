//! `qaudit location add | list | import`: the stores and branches mystery shoppers visit, with
//! the days they open and their time zone.

use super::shared::{Shown, change, details, given_or_kept, import_records, require_id, require_name};
use crate::cli::LocationCommand;
use crate::commands::Context;
use crate::csv_input::people::{LocationFile, normal_days, normal_zone};
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::store::people::{Location, Saved};
use anyhow::Result;
use serde::Serialize;

pub fn run(ctx: &Context, cmd: LocationCommand) -> Result<Output> {
    match cmd {
        LocationCommand::Add {
            id,
            name,
            region,
            address,
            open_days,
            timezone,
        } => add(
            ctx,
            &id,
            &name,
            Given {
                region: region.as_deref(),
                address: address.as_deref(),
                open_days: open_days.as_deref(),
                timezone: timezone.as_deref(),
            },
        ),
        LocationCommand::List { region } => list(ctx, region.as_deref()),
        LocationCommand::Import { file, options } => import_records(
            ctx,
            &file,
            &options,
            &LocationFile,
            "fix the rows listed and import the file again",
        ),
    }
}

/// The optional details `location add` was given.
struct Given<'a> {
    region: Option<&'a str>,
    address: Option<&'a str>,
    open_days: Option<&'a str>,
    timezone: Option<&'a str>,
}

#[derive(Serialize)]
struct LocationSaved {
    result: Saved,
    location: Location,
}

fn add(ctx: &Context, id: &str, name: &str, given: Given<'_>) -> Result<Output> {
    require_id("location id", id)?;
    let name = require_name("location", name)?;
    let mut store = ctx.open()?;
    let (saved, before, location) = store.write(&ctx.writer(&store)?, |tx| {
        let before = tx.location(id)?;
        let kept = |g: Option<&str>, b: Option<&Option<String>>| given_or_kept(g, b.and_then(|v| v.as_ref()));
        let open_days = normal_days(kept(given.open_days, before.as_ref().map(|b| &b.open_days))).map_err(|e| {
            UserError::new(
                format!("--open-days: {e}"),
                "e.g. --open-days Mon-Sat or --open-days Mon-Fri,Sun",
            )
        })?;
        let timezone = normal_zone(kept(given.timezone, before.as_ref().map(|b| &b.timezone)))
            .map_err(|e| UserError::new(format!("--timezone: {e}"), "e.g. --timezone Europe/Madrid"))?;
        let location = Location {
            id: id.to_string(),
            name: name.clone(),
            region: kept(given.region, before.as_ref().map(|b| &b.region)),
            address: kept(given.address, before.as_ref().map(|b| &b.address)),
            open_days,
            timezone,
        };
        let saved = tx.save_location(&location, "location add")?;
        Ok((saved, before, location))
    })?;
    let line = match (saved, &before) {
        (Saved::Added, _) | (_, None) => format!(
            "Added location {id}: {}.",
            details(
                &location.name,
                &[
                    ("region", &location.region),
                    ("address", &location.address),
                    ("open", &location.open_days),
                    ("time zone", &location.timezone)
                ]
            )
        ),
        (Saved::Updated, Some(b)) => {
            let changes: Vec<String> = [
                change("name", Some(&b.name), Some(&location.name)),
                change("region", b.region.as_deref(), location.region.as_deref()),
                change("address", b.address.as_deref(), location.address.as_deref()),
                change("open days", b.open_days.as_deref(), location.open_days.as_deref()),
                change("time zone", b.timezone.as_deref(), location.timezone.as_deref()),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!("Updated location {id}: {}.", changes.join(", "))
        }
        (Saved::Unchanged, _) => format!("Location {id} is already stored with these details; nothing changed."),
    };
    Ok(Output::new(&LocationSaved {
        result: saved,
        location,
    })
    .line(line))
}

fn list(ctx: &Context, region: Option<&str>) -> Result<Output> {
    let store = ctx.open()?;
    let locations = store.locations(region)?;
    if locations.is_empty() {
        let line = match region {
            Some(r) => format!("No locations in region `{r}`. `qaudit location list` shows every region."),
            None => "No locations yet. Add one with `qaudit location add ID --name NAME`, or import a file with `qaudit location import stores.csv`.".to_string(),
        };
        return Ok(Output::new(&locations).line(line));
    }
    // Empty cells: open every day, times in UTC.
    let mut table = Table::new(&["id", "name", "region", "address", "open", "time zone"]);
    for l in &locations {
        table.row(vec![
            l.id.clone(),
            l.name.clone(),
            l.region.clone().unwrap_or_default(),
            l.address.clone().unwrap_or_default(),
            l.open_days.clone().unwrap_or_default(),
            l.timezone.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&locations).table(table))
}

impl Shown for LocationFile {
    const SHOWN: &'static [&'static str] = &["id", "name", "region", "address"];

    fn cells(&self, l: &Location) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![l.id.clone(), l.name.clone(), opt(&l.region), opt(&l.address)]
    }
}
