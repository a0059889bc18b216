//! The rules of an agent or location import, without the command line: which columns a file
//! has, why a row is bad, what an absent column keeps, and that any bad row refuses the whole
//! file. The CLI (`agent import`, `location import`) and the web API both run a file through
//! [`import`] inside a transaction; the front end words the refusal and its hint.

use super::{Columns, CsvInput, Fields, Others, Problems, Row};
use crate::dates;
use crate::store::Tx;
use crate::store::people::{Agent, Location, Saved, id_problem};
use crate::visits::days::OpenDays;
use anyhow::Result;
use std::collections::HashMap;
use std::fmt;

/// Why one row of an agent or location file is bad. `Display` is the reason as the file's
/// problems list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The id column is blank.
    EmptyId { field: &'static str },
    /// The id is no valid id.
    BadId {
        field: &'static str,
        id: String,
        problem: String,
    },
    /// The id appeared on an earlier line of the file.
    Repeated {
        field: &'static str,
        id: String,
        first_line: u64,
    },
    /// The name is blank.
    EmptyName,
    /// The name is no acceptable name.
    BadName(String),
    /// An agent's location is not in the store.
    UnknownLocation(String),
    /// `open_days` is no list of days.
    OpenDays(String),
    /// `timezone` is no IANA time zone.
    Timezone(String),
    /// `hired_on` is no day.
    HiredOn(String),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyId { field } => write!(f, "{field} is empty"),
            Self::BadId { field, id, problem } => write!(f, "{field} {id:?} {problem}"),
            Self::Repeated { field, id, first_line } => {
                write!(
                    f,
                    "{field} {id:?} already appears on line {first_line}; each id may appear once"
                )
            }
            Self::EmptyName => write!(f, "name is empty"),
            Self::BadName(problem) => write!(f, "name {problem}"),
            Self::UnknownLocation(l) => write!(f, "location {l:?} is not in the store"),
            Self::OpenDays(e) => write!(f, "open_days: {e}"),
            Self::Timezone(e) => write!(f, "timezone: {e}"),
            Self::HiredOn(e) => write!(f, "hired_on: {e}"),
        }
    }
}

/// A kind of record imported from CSV by [`import`].
pub trait RecordFile {
    type Record;
    /// Its columns; the first required one is the id.
    const FIELDS: Fields<'static>;

    /// Reads one row whose id is already checked: the record to store (absent optional columns
    /// keep the stored values), or why the row is bad.
    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Self::Record, RowProblem>>;

    /// Stores one record (audited), saying whether it was added, updated or unchanged.
    fn save(&self, tx: &mut Tx<'_>, record: &Self::Record, source: &str) -> Result<Saved>;
}

/// What an import stored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What [`import`] did: the counts and the first records as stored (in file order).
#[derive(Debug)]
pub struct Imported<R> {
    pub counts: Counts,
    pub first: Vec<R>,
}

/// Imports the rows of `input` in the transaction `tx`: every row is checked (and every bad row
/// listed, an id repeated in the file naming both lines). Any bad row makes it the [`Problems`]
/// of the file: the caller refuses the import and rolls the transaction back (rows before the
/// first bad one may have been saved in it). Unchanged rows write nothing. `keep` is how many
/// records [`Imported::first`] holds.
pub fn import<F: RecordFile>(
    tx: &mut Tx<'_>,
    input: &mut CsvInput,
    cols: &Columns,
    kind: &F,
    keep: usize,
) -> Result<Result<Imported<F::Record>, Problems>> {
    let id_field = F::FIELDS.required[0];
    let mut imported = Imported {
        counts: Counts::default(),
        first: Vec::new(),
    };
    let mut problems = Problems::new(input.name());
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = input.next_row(&mut problems)? {
        let id = row.get(cols.index(id_field)).trim();
        let checked = match (id_problem(id), seen.get(id)) {
            (Some(_), _) if id.is_empty() => Err(RowProblem::EmptyId { field: id_field }),
            (Some(problem), _) => Err(RowProblem::BadId {
                field: id_field,
                id: id.to_string(),
                problem: problem.to_string(),
            }),
            (None, Some(first)) => Err(RowProblem::Repeated {
                field: id_field,
                id: id.to_string(),
                first_line: *first,
            }),
            (None, None) => {
                seen.insert(id.to_string(), row.line);
                kind.parse(tx, &row, cols, id)?
            }
        };
        let record = match checked {
            Ok(record) => record,
            Err(problem) => {
                problems.add(row.line, &problem.to_string());
                continue;
            }
        };
        if !problems.is_empty() {
            // The import fails anyway; keep checking the rows, stop writing.
            continue;
        }
        let counts = &mut imported.counts;
        match kind.save(tx, &record, &format!("{}:{}", input.name(), row.line))? {
            Saved::Added => counts.added += 1,
            Saved::Updated => counts.updated += 1,
            Saved::Unchanged => counts.unchanged += 1,
        }
        if imported.first.len() < keep {
            imported.first.push(record);
        }
    }
    Ok(if problems.is_empty() {
        Ok(imported)
    } else {
        Err(problems)
    })
}

/// An optional column of an import: absent keeps `stored`, a blank cell clears it.
fn cell_or_kept(row: &Row, cols: &Columns, field: &str, stored: Option<&String>) -> Option<String> {
    if cols.has(field) {
        row.text(cols.index(field)).map(str::to_string)
    } else {
        stored.cloned()
    }
}

/// The `name` column, checked.
fn name_of<'r>(row: &'r Row, cols: &Columns) -> Result<&'r str, RowProblem> {
    let name = row.text(cols.index("name")).ok_or(RowProblem::EmptyName)?;
    match crate::text_rules::name_problem(name) {
        Some(problem) => Err(RowProblem::BadName(problem.to_string())),
        None => Ok(name),
    }
}

/// Opening days in their stored form (`Mon,Tue,...`), or why they are not days.
pub fn normal_days(text: Option<String>) -> Result<Option<String>, String> {
    text.map(|t| OpenDays::parse(&t).map(|d| d.label())).transpose()
}

/// A time zone name checked against the IANA database.
pub fn normal_zone(text: Option<String>) -> Result<Option<String>, String> {
    text.map(|t| dates::parse_tz(&t).map(|z| z.name().to_string()))
        .transpose()
}

/// A file of agents: `id`, `name`, optionally `team`, `location` (which must be stored) and
/// `hired_on` (a day, `YYYY-MM-DD`; importing the same id with it sets or corrects the hire date,
/// audited like every update; a blank cell clears it).
pub struct AgentFile;

impl RecordFile for AgentFile {
    type Record = Agent;
    const FIELDS: Fields<'static> = Fields {
        required: &["id", "name"],
        optional: &["team", "location", "hired_on"],
        others: Others::Refuse,
        mappable: true,
    };

    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Agent, RowProblem>> {
        let before = tx.agent(id)?;
        let name = match name_of(row, cols) {
            Ok(name) => name,
            Err(problem) => return Ok(Err(problem)),
        };
        let location = cell_or_kept(row, cols, "location", before.as_ref().and_then(|b| b.location.as_ref()));
        if cols.has("location")
            && let Some(l) = &location
            && tx.location(l)?.is_none()
        {
            return Ok(Err(RowProblem::UnknownLocation(l.clone())));
        }
        let hired_on = match cell_or_kept(row, cols, "hired_on", before.as_ref().and_then(|b| b.hired_on.as_ref())) {
            Some(text) if cols.has("hired_on") => match crate::tenure::parse_hire_date(&text, dates::today()) {
                Ok(day) => Some(day),
                Err(e) => return Ok(Err(RowProblem::HiredOn(e))),
            },
            kept => kept,
        };
        Ok(Ok(Agent {
            id: id.to_string(),
            name: name.to_string(),
            team: cell_or_kept(row, cols, "team", before.as_ref().and_then(|b| b.team.as_ref())),
            location,
            hired_on,
        }))
    }

    fn save(&self, tx: &mut Tx<'_>, record: &Agent, source: &str) -> Result<Saved> {
        tx.save_agent(record, source)
    }
}

/// A file of locations: `id`, `name`, optionally `region`, `address`, `open_days` and
/// `timezone` (both checked and stored in their normal form).
pub struct LocationFile;

impl RecordFile for LocationFile {
    type Record = Location;
    const FIELDS: Fields<'static> = Fields {
        required: &["id", "name"],
        optional: &["region", "address", "open_days", "timezone"],
        others: Others::Refuse,
        mappable: true,
    };

    fn parse(&self, tx: &Tx<'_>, row: &Row, cols: &Columns, id: &str) -> Result<Result<Location, RowProblem>> {
        let before = tx.location(id)?;
        let name = match name_of(row, cols) {
            Ok(name) => name,
            Err(problem) => return Ok(Err(problem)),
        };
        let kept = |field: &str, b: Option<&Option<String>>| cell_or_kept(row, cols, field, b.and_then(|v| v.as_ref()));
        let open_days = match normal_days(kept("open_days", before.as_ref().map(|b| &b.open_days))) {
            Ok(d) => d,
            Err(e) => return Ok(Err(RowProblem::OpenDays(e))),
        };
        let timezone = match normal_zone(kept("timezone", before.as_ref().map(|b| &b.timezone))) {
            Ok(z) => z,
            Err(e) => return Ok(Err(RowProblem::Timezone(e))),
        };
        Ok(Ok(Location {
            id: id.to_string(),
            name: name.to_string(),
            region: kept("region", before.as_ref().map(|b| &b.region)),
            address: kept("address", before.as_ref().map(|b| &b.address)),
            open_days,
            timezone,
        }))
    }

    fn save(&self, tx: &mut Tx<'_>, record: &Location, source: &str) -> Result<Saved> {
        tx.save_location(record, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_before() {
        let repeated = RowProblem::Repeated {
            field: "id",
            id: "a1".into(),
            first_line: 2,
        };
        assert_eq!(
            repeated.to_string(),
            "id \"a1\" already appears on line 2; each id may appear once"
        );
        assert_eq!(RowProblem::EmptyId { field: "id" }.to_string(), "id is empty");
        assert_eq!(
            RowProblem::UnknownLocation("mad-01".into()).to_string(),
            "location \"mad-01\" is not in the store"
        );
    }

    #[test]
    fn days_and_zones_are_stored_in_their_normal_form() {
        assert_eq!(normal_days(Some("Mon-Wed".into())), Ok(Some("Mon,Tue,Wed".into())));
        assert_eq!(normal_days(None), Ok(None));
        assert!(normal_days(Some("someday".into())).is_err());
        assert_eq!(
            normal_zone(Some("Europe/Madrid".into())),
            Ok(Some("Europe/Madrid".into()))
        );
        assert!(normal_zone(Some("Mars/Olympus".into())).is_err());
    }
}
