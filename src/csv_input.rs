//! Reading CSV files for imports (agents, locations, interactions, evaluations).
//!
//! The pieces every import needs, so that they all behave alike:
//!
//! - [`CsvInput::open`] opens a file with a clear error and reads its header (the first line
//!   must name the columns; a UTF-8 byte-order mark is ignored).
//! - [`CsvInput::columns`] finds the columns an import reads ([`Fields`]), matching header names
//!   trimmed and case-insensitively, applying `--map "their column=our_field"` renames
//!   ([`parse_renames`]), and refusing missing required columns with the header listed.
//! - [`CsvInput::next_record`] streams the rows one at a time with their 1-based line number in
//!   the file (a quoted field may span lines; the number is the line the row starts on). A row
//!   with another number of fields than the header is a [`Record::Ragged`] bad row, not an
//!   error; text that is not UTF-8 is an error for the whole file.
//! - [`Problems`] collects bad rows as `file:line: reason` and turns them into one refusal;
//!   [`Rejects`] writes them to a CSV file instead (`--skip-invalid --rejects FILE`), with the
//!   original header plus `line` and `reason` columns, and only appears when the import is done.
//!
//! Nothing here reads the whole file: rows are read as the import consumes them.

use crate::error::UserError;
use anyhow::Result;
use std::fs::File;
use std::path::{Path, PathBuf};

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

    fn list(&self) -> String {
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
        let (theirs, ours) = (theirs.trim(), ours.trim().to_lowercase());
        if theirs.is_empty() {
            return Err(UserError::new(
                format!("--map {map:?} names no column before `=`"),
                "write --map \"their column=our_field\", e.g. --map \"Agent ID=agent\"",
            )
            .into());
        }
        if !fields.all().any(|f| f == ours) {
            return Err(UserError::new(
                format!("--map {map:?}: `{ours}` is not a field this import reads"),
                format!("the fields are: {}", fields.list()),
            )
            .into());
        }
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

/// How header names compare: trimmed, case-insensitive.
fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Where each field is in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    fields: Vec<(String, usize)>,
    others: Vec<(String, usize)>,
}

impl Columns {
    /// The index of `field`'s column, if the file has it (required fields always have one).
    pub fn index(&self, field: &str) -> Option<usize> {
        self.fields.iter().find(|(f, _)| f == field).map(|(_, i)| *i)
    }

    /// Whether the file has a column for `field`.
    pub fn has(&self, field: &str) -> bool {
        self.index(field).is_some()
    }

    /// Columns that are no field (with [`Others::Keep`]): their header name and index, in file
    /// order.
    pub fn others(&self) -> &[(String, usize)] {
        &self.others
    }
}

/// One data row of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line of the file the row starts on.
    pub line: u64,
    /// Its fields as written.
    pub fields: Vec<String>,
}

impl Row {
    /// The field at `index`, or `""` when the file has no such column.
    pub fn get(&self, index: Option<usize>) -> &str {
        index.and_then(|i| self.fields.get(i)).map_or("", String::as_str)
    }

    /// The field at `index`, trimmed; `None` when absent or blank.
    pub fn text(&self, index: Option<usize>) -> Option<&str> {
        Some(self.get(index).trim()).filter(|s| !s.is_empty())
    }
}

/// What [`CsvInput::next_record`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A row with one field per column of the header.
    Row(Row),
    /// A row with another number of fields: a bad row. [`CsvInput::ragged_reason`] says why.
    Ragged(Row),
}

/// An open CSV file whose header has been read.
pub struct CsvInput {
    name: String,
    reader: csv::Reader<File>,
    header: Vec<String>,
    size: u64,
    record: csv::ByteRecord,
}

impl CsvInput {
    /// Opens `path` and reads its header. A missing or unreadable file, an empty file, a header
    /// that is not UTF-8 or that has an unnamed or repeated column is a user error.
    pub fn open(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(UserError::new(
                format!("{name} is a directory, not a CSV file"),
                "give the path of a .csv file",
            )
            .into());
        }
        let file = File::open(path).map_err(|e| {
            UserError::new(
                format!("cannot read {name}: {e}"),
                "check the file name and that you may read it",
            )
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let file = refuse_utf16(file, &name)?;
        let reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(file);
        let mut input = CsvInput {
            name,
            reader,
            header: Vec::new(),
            size,
            record: csv::ByteRecord::new(),
        };
        let raw = match input.reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(input.read_error(e)),
        };
        let line = raw.position().map_or(1, |p| p.line());
        if raw.is_empty() || (raw.len() == 1 && raw[0].iter().all(u8::is_ascii_whitespace)) {
            return Err(UserError::new(
                format!("{} is empty", input.name),
                "the first line must name the columns, e.g. id,name",
            )
            .into());
        }
        input.header = input.strings(&raw, line)?;
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, h) in input.header.iter().enumerate() {
            if h.trim().is_empty() {
                return Err(UserError::new(
                    format!("{}:{line}: column {} has no name in the header", input.name, i + 1),
                    "name the column in the first line, or remove it",
                )
                .into());
            }
            if let Some((_, j)) = seen.iter().find(|(k, _)| *k == key(h)) {
                return Err(UserError::new(
                    format!(
                        "{}:{line}: column {:?} appears twice in the header (columns {} and {})",
                        input.name,
                        h.trim(),
                        j + 1,
                        i + 1
                    ),
                    "give each column its own name",
                )
                .into());
            }
            seen.push((key(h), i));
        }
        Ok(input)
    }

    /// The file name as given, for messages (`calls.csv:12: ...`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The header as written.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The file's size in bytes (for progress).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// How far into the file reading has come, in bytes (for progress).
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The header, quoted, for messages.
    fn header_list(&self) -> String {
        self.header
            .iter()
            .map(|h| format!("{:?}", h.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Finds the columns of `fields`, applying `renames`. A missing required column, a rename
    /// of a column the header lacks, or (with [`Others::Refuse`]) an unknown column is a user
    /// error that lists the header.
    pub fn columns(&self, fields: &Fields, renames: &[Rename]) -> Result<Columns> {
        let find = |name: &str| self.header.iter().position(|h| key(h) == key(name));
        let mut claimed: Vec<(String, usize)> = Vec::new();
        for r in renames {
            let Some(i) = find(&r.theirs) else {
                return Err(UserError::new(
                    format!(
                        "--map {:?}: {} has no column {:?}",
                        format!("{}={}", r.theirs, r.ours),
                        self.name,
                        r.theirs
                    ),
                    format!("the header is: {}", self.header_list()),
                )
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
        let missing: Vec<&str> = fields
            .required
            .iter()
            .copied()
            .filter(|f| !claimed.iter().any(|(c, _)| c == f))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            let hint = if fields.mappable {
                format!(
                    "name the columns {} in the first line, or read yours with --map \"their column={}\"",
                    fields.list(),
                    missing[0]
                )
            } else {
                format!("the first line must name the columns: {}", fields.list())
            };
            return Err(UserError::new(
                format!(
                    "{} has no {} column{}; its header is: {}",
                    self.name,
                    names.join(", "),
                    if missing.len() == 1 { "" } else { "s" },
                    self.header_list()
                ),
                hint,
            )
            .into());
        }
        let mut others = Vec::new();
        for (i, h) in self.header.iter().enumerate() {
            if claimed.iter().any(|(_, j)| *j == i) {
                continue;
            }
            if fields.others == Others::Refuse {
                return Err(UserError::new(
                    format!(
                        "{}: unknown column {:?} (column {}); the columns are: {}",
                        self.name,
                        h.trim(),
                        i + 1,
                        fields.list()
                    ),
                    "remove that column, or rename it to one of the columns listed",
                )
                .into());
            }
            others.push((h.trim().to_string(), i));
        }
        // File order, so that rows and messages read like the file.
        claimed.sort_by_key(|(_, i)| *i);
        Ok(Columns {
            fields: claimed,
            others,
        })
    }

    /// The next row, or `None` at the end of the file. Text that is not UTF-8 and read failures
    /// are errors for the whole file; a row with the wrong number of fields is
    /// [`Record::Ragged`].
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let mut record = std::mem::take(&mut self.record);
        let read = self.reader.read_byte_record(&mut record);
        let line = record.position().map_or(0, |p| p.line());
        let outcome = match read {
            Ok(false) => Ok(None),
            Ok(true) => self
                .strings(&record, line)
                .map(|fields| Some(Record::Row(Row { line, fields }))),
            Err(e) if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) => self
                .strings(&record, line)
                .map(|fields| Some(Record::Ragged(Row { line, fields }))),
            Err(e) => Err(self.read_error(e)),
        };
        self.record = record;
        outcome
    }

    /// Why a [`Record::Ragged`] row is bad.
    pub fn ragged_reason(&self, row: &Row) -> String {
        let n = row.fields.len();
        let expected = self.header.len();
        let mut reason = format!(
            "{n} field{} where the header has {expected}",
            if n == 1 { "" } else { "s" }
        );
        if n > expected {
            let beyond: Vec<String> = row.fields[expected..].iter().map(|f| format!("{f:?}")).collect();
            reason.push_str(&format!(" (beyond the header: {})", beyond.join(", ")));
        } else {
            reason.push_str(" (a missing comma, or a comma inside a value that needs quotes?)");
        }
        reason
    }

    /// The fields of a record as text, or a user error naming the line that is not UTF-8.
    fn strings(&self, record: &csv::ByteRecord, line: u64) -> Result<Vec<String>> {
        record
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                String::from_utf8(bytes.to_vec()).map_err(|e| {
                    let bad = bytes.get(e.utf8_error().valid_up_to()).copied().unwrap_or(0);
                    UserError::new(
                        format!(
                            "{}:{line}: not UTF-8 text (byte 0x{bad:02X} in field {}); the file is probably in another encoding such as Windows-1252 or Latin-1",
                            self.name,
                            i + 1
                        ),
                        format!(
                            "save the file as \"CSV UTF-8\" in your spreadsheet, or convert it: iconv -f WINDOWS-1252 -t UTF-8 {} > utf8.csv",
                            self.name
                        ),
                    )
                    .into()
                })
            })
            .collect()
    }

    fn read_error(&self, e: csv::Error) -> anyhow::Error {
        let line = e.position().map(|p| format!(":{}", p.line())).unwrap_or_default();
        UserError::new(
            format!("cannot read {}{line}: {e}", self.name),
            "check that the file is a CSV file you may read",
        )
        .into()
    }
}

/// Spreadsheets save "Unicode text" as UTF-16, which reads as garbage rather than as CSV:
/// refuses such a file by its byte-order mark, and hands the file back rewound otherwise.
fn refuse_utf16(mut file: File, name: &str) -> Result<File> {
    use std::io::{Read, Seek, SeekFrom};
    let mut start = [0u8; 2];
    let n = file.read(&mut start).unwrap_or(0);
    if n == 2 && (start == [0xFF, 0xFE] || start == [0xFE, 0xFF]) {
        return Err(UserError::new(
            format!("{name} is UTF-16 text, not UTF-8"),
            "save the file as \"CSV UTF-8\" in your spreadsheet, or convert it: iconv -f UTF-16 -t UTF-8",
        )
        .into());
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| {
        UserError::new(
            format!("cannot read {name}: {e}"),
            "check that the file is a CSV file you may read",
        )
    })?;
    Ok(file)
}

/// How many bad rows a refusal lists before summing up the rest.
const SHOWN: usize = 10;

/// Bad rows found while checking a file, reported together as one refusal.
#[derive(Debug)]
pub struct Problems {
    file: String,
    count: usize,
    shown: Vec<String>,
    notes: Vec<String>,
}

impl Problems {
    /// No problems yet in `file` (its name as messages show it).
    pub fn new(file: &str) -> Self {
        Problems {
            file: file.to_string(),
            count: 0,
            shown: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a line to the refusal, after the bad rows (something else found in the file).
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    /// Records a bad row.
    pub fn add(&mut self, line: u64, reason: &str) {
        self.count += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(format!("{}:{line}: {reason}", self.file));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// How many bad rows were recorded.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The refusal: the first bad row as the message, the next ones (up to ten in all) as
    /// details, then how many there were and that nothing was imported.
    pub fn into_error(self, hint: impl Into<String>) -> anyhow::Error {
        let mut lines = self.shown.into_iter();
        let message = lines.next().unwrap_or_else(|| format!("{}: bad rows", self.file));
        let mut details: Vec<String> = lines.collect();
        let listed = details.len() + 1;
        if self.count > listed {
            details.push(format!("... and {} more bad rows", self.count - listed));
        }
        details.extend(self.notes);
        details.push(format!(
            "nothing was imported ({} bad row{})",
            self.count,
            if self.count == 1 { "" } else { "s" }
        ));
        UserError::new(message, hint).with_details(details).into()
    }
}

/// Bad rows written to a CSV file (`--skip-invalid --rejects FILE`): the original header plus
/// `line` (where the row was in the file) and `reason`. The rows go to a temporary file next to
/// `FILE`, which replaces `FILE` only on [`Rejects::finish`]; dropped unfinished (the import
/// failed), the temporary file is removed and `FILE` is untouched.
pub struct Rejects {
    path: PathBuf,
    temp: PathBuf,
    writer: Option<csv::Writer<File>>,
    width: usize,
    count: usize,
}

impl Rejects {
    /// Prepares `path` for the bad rows of `input`. Refuses to overwrite the input itself.
    pub fn create(path: &Path, input: &CsvInput, input_path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        crate::output_guard::guard(path, "--rejects")?;
        if same_file(path, input_path) {
            return Err(UserError::new(
                format!("--rejects {display} is the file being imported"),
                "write the rejected rows to another file, e.g. --rejects rejects.csv",
            )
            .into());
        }
        if path.is_dir() {
            return Err(UserError::new(
                format!("--rejects {display} is a directory"),
                "give the path of a file to write, e.g. --rejects rejects.csv",
            )
            .into());
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{file_name}.qaudit-partial"));
        let file = File::create(&temp).map_err(|e| {
            UserError::new(
                format!("cannot write --rejects {display}: {e}"),
                "check that its folder exists and that you may write there",
            )
        })?;
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
        let header = input.header();
        let taken = |name: &str| header.iter().any(|h| key(h) == name);
        let (line, reason) = if taken("line") || taken("reason") {
            ("qaudit_line", "qaudit_reason")
        } else {
            ("line", "reason")
        };
        let mut first: Vec<&str> = header.iter().map(String::as_str).collect();
        first.extend([line, reason]);
        let mut rejects = Rejects {
            path: path.to_path_buf(),
            temp,
            writer: None,
            width: header.len(),
            count: 0,
        };
        writer.write_record(&first).map_err(|e| rejects.write_error(e))?;
        rejects.writer = Some(writer);
        Ok(rejects)
    }

    /// Writes one bad row: its fields (padded to the header's width), its line and the reason.
    pub fn write(&mut self, row: &Row, reason: &str) -> Result<()> {
        let mut fields: Vec<&str> = row.fields.iter().map(String::as_str).take(self.width).collect();
        fields.resize(self.width, "");
        let line = row.line.to_string();
        fields.extend([line.as_str(), reason]);
        let result = match self.writer.as_mut() {
            Some(w) => w.write_record(&fields),
            None => Ok(()),
        };
        result.map_err(|e| self.write_error(e))?;
        self.count += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The file the rows end up in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the rows to the temporary file (call before committing the import).
    pub fn flush(&mut self) -> Result<()> {
        let result = match self.writer.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        };
        result.map_err(|e| self.write_error(e.into()))
    }

    /// Moves the rows into place: the import is done.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.writer = None;
        std::fs::rename(&self.temp, &self.path).map_err(|e| {
            UserError::new(
                format!("cannot write --rejects {}: {e}", self.path.display()),
                format!(
                    "the import itself is stored; the rejected rows are in {}",
                    self.temp.display()
                ),
            )
        })?;
        Ok(())
    }

    fn write_error(&self, e: csv::Error) -> anyhow::Error {
        UserError::new(
            format!("cannot write --rejects {}: {e}", self.path.display()),
            "check the disk space and that you may write there",
        )
        .into()
    }
}

impl Drop for Rejects {
    fn drop(&mut self) {
        if self.writer.is_some() {
            self.writer = None;
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(parent.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: Fields = Fields {
        required: &["id", "agent"],
        optional: &["customer"],
        others: Others::Keep,
        mappable: true,
    };

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn user_message(e: anyhow::Error) -> String {
        e.downcast_ref::<UserError>().expect("a user error").message.clone()
    }

    #[test]
    fn rows_come_with_their_line_numbers() {
        let (_d, p) = file("\u{feff}ID, Agent ,note\n1,a,\"two\nlines\"\n2,b,x\n3,c\n4,d,y\n");
        let mut input = CsvInput::open(&p).unwrap();
        let cols = input.columns(&FIELDS, &[]).unwrap();
        assert_eq!(cols.index("id"), Some(0));
        assert_eq!(cols.index("agent"), Some(1));
        assert_eq!(cols.index("customer"), None);
        assert_eq!(cols.others(), &[("note".to_string(), 2)]);
        let mut seen = Vec::new();
        while let Some(r) = input.next_record().unwrap() {
            match r {
                Record::Row(row) => seen.push((row.line, row.get(cols.index("id")).to_string(), true)),
                Record::Ragged(row) => {
                    assert!(input.ragged_reason(&row).starts_with("2 fields where the header has 3"));
                    seen.push((row.line, row.fields[0].clone(), false))
                }
            }
        }
        assert_eq!(
            seen,
            vec![
                (2, "1".into(), true),
                (4, "2".into(), true),
                (5, "3".into(), false),
                (6, "4".into(), true)
            ]
        );
    }

    #[test]
    fn renames_and_missing_columns() {
        let (_d, p) = file("Interaction ID,Agent Name,agent\n1,x,y\n");
        let input = CsvInput::open(&p).unwrap();
        let renames = parse_renames(&["Interaction ID=id".into(), "agent name=AGENT".into()], &FIELDS).unwrap();
        let cols = input.columns(&FIELDS, &renames).unwrap();
        assert_eq!(cols.index("id"), Some(0));
        assert_eq!(cols.index("agent"), Some(1));
        // The file's own `agent` column is read as another column.
        assert_eq!(cols.others(), &[("agent".to_string(), 2)]);

        let missing = user_message(input.columns(&FIELDS, &[]).unwrap_err());
        assert!(missing.contains("no `id` column"), "{missing}");
        assert!(
            missing.contains("\"Interaction ID\", \"Agent Name\", \"agent\""),
            "{missing}"
        );

        let unknown = parse_renames(&["Interaction ID=ident".into()], &FIELDS).unwrap_err();
        assert!(user_message(unknown).contains("`ident` is not a field"));
        let absent = parse_renames(&["Call=id".into()], &FIELDS).unwrap();
        assert!(user_message(input.columns(&FIELDS, &absent).unwrap_err()).contains("has no column \"Call\""));
        assert!(parse_renames(&["a=id".into(), "b=id".into()], &FIELDS).is_err());
        assert!(parse_renames(&["no equals".into()], &FIELDS).is_err());
    }

    #[test]
    fn refused_headers() {
        let (_d, p) = file("");
        assert!(user_message(CsvInput::open(&p).err().unwrap()).contains("is empty"));
        let (_d, p) = file("id,Id\n");
        assert!(user_message(CsvInput::open(&p).err().unwrap()).contains("appears twice"));
        let (_d, p) = file("id,,agent\n");
        assert!(user_message(CsvInput::open(&p).err().unwrap()).contains("column 2 has no name"));
        let (_d, p) = file("\u{feff}id");
        let utf16: Vec<u8> = "\u{feff}id".encode_utf16().flat_map(u16::to_le_bytes).collect();
        std::fs::write(&p, utf16).unwrap();
        assert!(user_message(CsvInput::open(&p).err().unwrap()).contains("is UTF-16 text"));
        let (_d, p) = file("id,agent,extra\n1,2,3\n");
        let strict = Fields {
            others: Others::Refuse,
            ..FIELDS
        };
        let msg = user_message(CsvInput::open(&p).unwrap().columns(&strict, &[]).unwrap_err());
        assert!(msg.contains("unknown column \"extra\" (column 3)"), "{msg}");
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin1.csv");
        std::fs::write(&p, b"id,agent\n1,Luc\xeda\n").unwrap();
        let mut input = CsvInput::open(&p).unwrap();
        let msg = user_message(input.next_record().unwrap_err());
        assert!(msg.contains("latin1.csv:2: not UTF-8"), "{msg}");
    }

    #[test]
    fn problems_list_ten_then_count() {
        let mut p = Problems::new("f.csv");
        for line in 2..20 {
            p.add(line, "bad");
        }
        let e = p.into_error("fix it");
        let user = e.downcast_ref::<UserError>().unwrap();
        assert_eq!(user.message, "f.csv:2: bad");
        assert_eq!(user.details.len(), 11);
        assert_eq!(user.details[9], "... and 8 more bad rows");
        assert_eq!(user.details[10], "nothing was imported (18 bad rows)");
    }
}
