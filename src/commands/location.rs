//! `qaudit location add | list | import`: the stores and branches mystery shoppers visit.

use super::Context;
use super::agent::{
    RecordFile, cell_or_kept, change, details, given_or_kept, import_records, require_id, require_name,
};
use crate::cli::LocationCommand;
use crate::csv_input::{Columns, Fields, Others, Row};
use crate::output::{Output, Table};
use crate::store::Tx;
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
        } => add(ctx, &id, &name, region.as_deref(), address.as_deref()),
        LocationCommand::List { region } => list(ctx, region.as_deref()),
        LocationCommand::Import { file } => import_records(
            ctx,
            &file,
            &LocationFile,
            "fix the rows listed and import the file again",
        ),
    }
}

#[derive(Serialize)]
struct LocationSaved {
    result: Saved,
    location: Location,
}

fn add(ctx: &Context, id: &str, name: &str, region: Option<&str>, address: Option<&str>) -> Result<Output> {
    require_id("location id", id)?;
    let name = require_name("location", name)?;
    let mut store = ctx.open()?;
    let (saved, before, location) = store.write(&ctx.writer(&store)?, |tx| {
        let before = tx.location(id)?;
        let location = Location {
            id: id.to_string(),
            name: name.clone(),
            region: given_or_kept(region, before.as_ref().and_then(|b| b.region.as_ref())),
            address: given_or_kept(address, before.as_ref().and_then(|b| b.address.as_ref())),
        };
        let saved = tx.save_location(&location, "location add")?;
        Ok((saved, before, location))
    })?;
    let line = match (saved, &before) {
        (Saved::Added, _) | (_, None) => format!(
            "Added location {id}: {}.",
            details(
                &location.name,
                &[("region", &location.region), ("address", &location.address)]
            )
        ),
        (Saved::Updated, Some(b)) => {
            let changes: Vec<String> = [
                change("name", Some(&b.name), Some(&location.name)),
                change("region", b.region.as_deref(), location.region.as_deref()),
                change("address", b.address.as_deref(), location.address.as_deref()),
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
    let mut table = Table::new(&["id", "name", "region", "address"]);
    for l in &locations {
        table.row(vec![
            l.id.clone(),
            l.name.clone(),
            l.region.clone().unwrap_or_default(),
            l.address.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output::new(&locations).table(table))
}

struct LocationFile;

impl RecordFile for LocationFile {
    type Record = Location;
    const FIELDS: Fields<'static> = Fields {
        required: &["id", "name"],
        optional: &["region", "address"],
        others: Others::Refuse,
        mappable: false,
    };

    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Location, String>> {
        let before = tx.location(id)?;
        let Some(name) = row.text(cols.index("name")) else {
            return Ok(Err("name is empty".to_string()));
        };
        if let Some(problem) = crate::text_rules::name_problem(name) {
            return Ok(Err(format!("name {problem}")));
        }
        Ok(Ok(Location {
            id: id.to_string(),
            name: name.to_string(),
            region: cell_or_kept(row, cols, "region", before.as_ref().and_then(|b| b.region.as_ref())),
            address: cell_or_kept(row, cols, "address", before.as_ref().and_then(|b| b.address.as_ref())),
        }))
    }

    fn save(&self, tx: &mut Tx<'_>, record: &Location, source: &str) -> Result<Saved> {
        tx.save_location(record, source)
    }
}
