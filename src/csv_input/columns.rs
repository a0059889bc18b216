//! Which column of a file supplies which field of an import: the fields an import reads,
//! `--map` renames, `--default` values for columns a file lacks and `--value` translations of
//! a system's own words (`Teléfono` to `phone`).

use anyhow::Result;

/// The columns an import reads, by the names its documentation gives them.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// Columns every file must have.
    pub required: &'a [&'a str],
    /// Columns a file may have.
    pub optional: &'a [&'a str],
    /// What to do with any other column.
    pub others: Others,
    /// Whether the command takes `--map` (changes the hint for a missing column).
    pub mappable: bool,
}

impl Fields<'_> {
    /// Every field name, required ones first.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.required.iter().chain(self.optional.iter()).copied()
    }

    /// The field names, comma-separated, for messages.
    pub fn list(&self) -> String {
        self.all().collect::<Vec<_>>().join(", ")
    }
}

/// What an import does with columns it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// Refuse the file, naming the column.
    Refuse,
    /// Keep them (see [`Columns::others`]), for example as JSON next to the row.
    Keep,
}

/// One `--map "their column=our_field"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The column name in the file.
    pub theirs: String,
    /// The field it supplies.
    pub ours: String,
}

/// One `--value FIELD:FROM=TO`: the file's word `from` in `field` is read as `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueMap {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// One `--default FIELD=VALUE`: the value of `field` where the file has no such column, or
/// leaves its cell empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultValue {
    pub field: String,
    pub value: String,
}

/// How the columns of a file become fields: renames, translations and defaults, each naming a
/// field of the import's [`Fields`] (a front end reads them from its own options).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnSpec {
    pub renames: Vec<Rename>,
    pub values: Vec<ValueMap>,
    pub defaults: Vec<DefaultValue>,
}

/// How header names (and the words of value translations) compare: trimmed, case-insensitive.
pub fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Where each field is in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub(super) fields: Vec<(String, usize)>,
    pub(super) others: Vec<(String, usize)>,
}

impl Columns {
    /// The index of `field`'s column, if the file has it (required fields always have one).
    /// A field given by `--default` alone has an index past the header's columns, which the
    /// reader fills in every row.
    pub fn index(&self, field: &str) -> Option<usize> {
        self.fields.iter().find(|(f, _)| f == field).map(|(_, i)| *i)
    }

    /// Whether the file (or a `--default`) gives `field`.
    pub fn has(&self, field: &str) -> bool {
        self.index(field).is_some()
    }

    /// Columns that are no field (with [`Others::Keep`]): their header name and index, in file
    /// order.
    pub fn others(&self) -> &[(String, usize)] {
        &self.others
    }
}

/// What the reader does to every row once the columns are known: fills defaults and translates
/// values, by column index.
#[derive(Debug, Clone, Default)]
pub(super) struct RowRules {
    /// Values for columns past the header (fields given by `--default` only), in index order.
    pub appended: Vec<String>,
    /// Defaults for empty cells of columns the file has.
    pub blanks: Vec<(usize, String)>,
    /// `(column, lower-cased from, to)`.
    pub values: Vec<(usize, String, String)>,
}

impl RowRules {
    pub fn apply(&self, fields: &mut Vec<String>) {
        for (i, from, to) in &self.values {
            if let Some(cell) = fields.get_mut(*i)
                && key(cell) == *from
            {
                *cell = to.clone();
            }
        }
        for (i, value) in &self.blanks {
            if let Some(cell) = fields.get_mut(*i)
                && cell.trim().is_empty()
            {
                *cell = value.clone();
            }
        }
        fields.extend(self.appended.iter().cloned());
    }
}

/// Why the columns of a file do not give an import's fields. Each lists what the file has, so
/// that a person sees at once what to rename.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnsError {
    /// A rename reads a column the header lacks (`header`: its columns, quoted).
    #[error("{file} has no column {theirs:?}, which the rename {theirs}={ours} reads")]
    RenameAbsent {
        file: String,
        theirs: String,
        ours: String,
        header: String,
    },
    /// Required fields that no column (and no default) gives; `fields`: every field, listed.
    #[error("{file} has no {} column{}; its header is: {header}", quoted(.missing), if .missing.len() == 1 { "" } else { "s" })]
    Missing {
        file: String,
        missing: Vec<String>,
        header: String,
        fields: String,
        /// Whether the import reads renamed columns.
        mappable: bool,
    },
    /// A column that is no field, where the import refuses others.
    #[error("{file}: unknown column {column:?} (column {number}); the columns are: {fields}")]
    Unknown {
        file: String,
        column: String,
        number: usize,
        fields: String,
    },
}

/// `` `id`, `agent` ``.
fn quoted(names: &[String]) -> String {
    names.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
}

/// Finds the columns of `fields` in `header`, applying `spec`. A missing required column (that
/// no default gives), a rename of a column the header lacks, or (with [`Others::Refuse`]) an
/// unknown column is a [`ColumnsError`].
pub(super) fn find_columns(
    name: &str,
    header: &[String],
    fields: &Fields,
    spec: &ColumnSpec,
) -> Result<(Columns, RowRules)> {
    let header_list = || {
        header
            .iter()
            .map(|h| format!("{:?}", h.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_key: std::collections::HashMap<String, usize> =
        header.iter().enumerate().rev().map(|(i, h)| (key(h), i)).collect();
    let find = |name: &str| by_key.get(&key(name)).copied();
    let mut claimed: Vec<(String, usize)> = Vec::new();
    for r in &spec.renames {
        let Some(i) = find(&r.theirs) else {
            return Err(ColumnsError::RenameAbsent {
                file: name.to_string(),
                theirs: r.theirs.clone(),
                ours: r.ours.clone(),
                header: header_list(),
            }
            .into());
        };
        claimed.push((r.ours.clone(), i));
    }
    for field in fields.all() {
        if claimed.iter().any(|(f, _)| f == field) {
            continue;
        }
        // A column named like the field, unless a rename already reads it as another field.
        if let Some(i) = find(field)
            && !claimed.iter().any(|(_, j)| *j == i)
        {
            claimed.push((field.to_string(), i));
        }
    }
    let mut rules = RowRules::default();
    for d in &spec.defaults {
        match claimed.iter().find(|(f, _)| *f == d.field) {
            Some((_, i)) => rules.blanks.push((*i, d.value.clone())),
            None => {
                claimed.push((d.field.clone(), header.len() + rules.appended.len()));
                rules.appended.push(d.value.clone());
            }
        }
    }
    for v in &spec.values {
        if let Some((_, i)) = claimed.iter().find(|(f, _)| *f == v.field) {
            rules.values.push((*i, key(&v.from), v.to.clone()));
        }
    }
    let missing: Vec<&str> = fields
        .required
        .iter()
        .copied()
        .filter(|f| !claimed.iter().any(|(c, _)| c == f))
        .collect();
    if !missing.is_empty() {
        return Err(ColumnsError::Missing {
            file: name.to_string(),
            missing: missing.iter().map(|m| m.to_string()).collect(),
            header: header_list(),
            fields: fields.list(),
            mappable: fields.mappable,
        }
        .into());
    }
    let taken: std::collections::HashSet<usize> = claimed.iter().map(|(_, i)| *i).collect();
    let mut others = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if taken.contains(&i) {
            continue;
        }
        if fields.others == Others::Refuse {
            return Err(ColumnsError::Unknown {
                file: name.to_string(),
                column: h.trim().to_string(),
                number: i + 1,
                fields: fields.list(),
            }
            .into());
        }
        others.push((h.trim().to_string(), i));
    }
    // File order, so that rows and messages read like the file.
    claimed.sort_by_key(|(_, i)| *i);
    Ok((
        Columns {
            fields: claimed,
            others,
        },
        rules,
    ))
}
