//! `ImportOptions` (the flags every CSV import takes) turned into what the shared reader and
//! the row checks need, with the hints a person needs when a flag is wrong.

mod column_flags;
pub mod csat;
pub mod rejects;

use crate::cli::ImportOptions;
use crate::csv_input::{Columns, CsvInput, Fields, ReadOptions, TimeRules, decode};
use crate::dates;
use crate::error::UserError;
use anyhow::Result;
use chrono::format::{Item, StrftimeItems};
use std::path::Path;

/// The checked options of one import.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub read: ReadOptions,
    pub times: TimeRules,
    pub dry_run: bool,
    maps: Vec<String>,
    values: Vec<String>,
    defaults: Vec<String>,
}

/// Checks the flags (a bad one is a user error before any file is read).
pub fn prepare(o: &ImportOptions) -> Result<Prepared> {
    let delimiter = o
        .delimiter
        .as_deref()
        .map(decode::parse_delimiter)
        .transpose()
        .map_err(|m| {
            UserError::new(
                format!("--delimiter {m}; write e.g. --delimiter \";\" or --delimiter tab"),
                "the delimiter is detected from the header when --delimiter is left out",
            )
        })?;
    if let Some(f) = &o.date_format
        && (f.trim().is_empty() || StrftimeItems::new(f).any(|i| matches!(i, Item::Error)))
    {
        return crate::error::refuse(
            format!("--date-format {f:?} is not a strftime format"),
            "write e.g. --date-format \"%d/%m/%Y %H:%M\" (%d day, %m month, %Y year, %H hour, %M minute, %S second)",
        );
    }
    let tz = match &o.timezone {
        None => dates::zone(),
        Some(name) => dates::parse_tz(name).map_err(|m| {
            UserError::new(
                format!("--timezone: {m}"),
                "time zones are IANA names such as Europe/Madrid or America/Mexico_City; the default is the store's (`qaudit config get timezone`)",
            )
        })?,
    };
    let day = |flag: &str, text: &Option<String>, default: chrono::NaiveDate| -> Result<chrono::NaiveDate> {
        match text {
            None => Ok(default),
            Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| {
                UserError::new(
                    format!("--{flag} {t:?} is not a day"),
                    "write YYYY-MM-DD, e.g. 1995-01-01",
                )
                .into()
            }),
        }
    };
    let earliest = day("earliest", &o.earliest, crate::csv_input::values::default_earliest())?;
    let latest = day("latest", &o.latest, crate::csv_input::values::default_latest())?;
    if earliest > latest {
        return crate::error::refuse(
            format!("--earliest {earliest} is after --latest {latest}"),
            "give the earlier day as --earliest",
        );
    }
    Ok(Prepared {
        read: ReadOptions {
            delimiter,
            encoding: o.encoding,
        },
        times: TimeRules {
            format: o.date_format.clone(),
            tz,
            ambiguous: o.ambiguous,
            earliest,
            latest,
            now: chrono::Utc::now(),
        },
        dry_run: o.dry_run,
        maps: o.maps.clone(),
        values: o.values.clone(),
        defaults: o.defaults.clone(),
    })
}

impl Prepared {
    /// Opens `path` and finds the columns of `fields`.
    pub fn open(&self, path: &Path, fields: &Fields) -> Result<(CsvInput, Columns)> {
        let spec = column_flags::column_spec(&self.maps, &self.values, &self.defaults, fields)?;
        let mut input = CsvInput::open(path, &self.read)?;
        let cols = input.columns(fields, &spec)?;
        Ok((input, cols))
    }
}
