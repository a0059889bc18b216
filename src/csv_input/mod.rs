//! Reading CSV files for imports (agents, locations, interactions, evaluations), as spreadsheets
//! and contact-centre systems write them.
//!
//! The pieces every import needs, so that they all behave alike:
//!
//! - [`CsvInput::open`] opens a file with a clear error, decodes it ([`decode`]: UTF-8 and
//!   byte-order marks detected, `--encoding` for the rest), finds its delimiter (`,` `;` tab
//!   `|`, from the header, or `--delimiter`) and reads its header (the first line must name the
//!   columns). Width and cell size are bounded ([`MAX_COLUMNS`], [`MAX_CELL`]) so that a broken
//!   file is refused at once, in time linear in its size.
//! - [`CsvInput::columns`] finds the columns an import reads ([`Fields`]), matching header names
//!   trimmed and case-insensitively, applying `--map`, `--default` and `--value`
//!   ([`ColumnSpec`]), and refusing missing required columns with the header listed.
//! - [`CsvInput::next_record`] streams the rows one at a time with their 1-based line number in
//!   the file (a quoted field may span lines; the number is the line the row starts on). A row
//!   with another number of fields than the header is a [`Record::Ragged`] bad row, not an
//!   error; text that is not UTF-8 is an error for the whole file. A `'` that qaudit's CSV
//!   writer put before a formula cell is removed ([`unneutralise`]).
//! - [`Problems`] collects bad rows ([`problems`]); [`TimeRules`] and
//!   [`parse_duration`] read times and durations with their plausibility rules ([`values`]).
//!
//! Nothing here reads the whole file: rows are read as the import consumes them.

mod columns;
pub mod decode;
pub mod evaluations;
pub mod interactions;
pub mod people;
mod problems;
mod read_error;
pub mod surveys;
mod time_problem;
pub mod values;
pub mod voice;

pub use columns::{ColumnSpec, Columns, ColumnsError, DefaultValue, Fields, Others, Rename, ValueMap, key};
pub use decode::TextEncoding;
pub use problems::Problems;
pub use read_error::ReadError;
pub use values::{
    Ambiguous, CellProblem, FORMULA_STARTS, MAX_DURATION_S, TimeProblem, TimeRules, parse_duration, unneutralise,
};

use crate::error::UserError;
use anyhow::Result;
use columns::RowRules;
use decode::Decoded;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// The most columns a file may have: far more than any export, few enough that a file of a
/// hundred thousand columns (a broken export, or a hostile one) is refused at once.
pub const MAX_COLUMNS: usize = 1_000;

/// The largest cell, in bytes (after decoding): room for a long transcript, not for a file
/// swallowed by an unclosed quote.
pub const MAX_CELL: usize = 1 << 20;

/// How a file is read, whatever is imported from it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// `--delimiter`; detected from the header when `None`.
    pub delimiter: Option<u8>,
    /// `--encoding`; UTF-8 (or what a byte-order mark says) when `None`.
    pub encoding: Option<TextEncoding>,
}

/// One data row of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line of the file the row starts on.
    pub line: u64,
    /// Its fields as written (with `--value` and `--default` applied, and the values of fields
    /// that only `--default` gives after the header's columns).
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

/// The bytes of a file as the CSV parser reads them: the decoded header line (read first, to
/// find the delimiter), then the rest.
type Source = std::io::Chain<std::io::Cursor<Vec<u8>>, BufReader<Decoded<File>>>;

/// An open CSV file whose header has been read.
pub struct CsvInput {
    name: String,
    reader: csv::Reader<Source>,
    header: Vec<String>,
    size: u64,
    record: csv::ByteRecord,
    delimiter: u8,
    encoding: &'static str,
    rules: RowRules,
}

impl CsvInput {
    /// Opens `path` and reads its header. A missing or unreadable file, an empty file, a header
    /// that is not UTF-8, too wide, or that has an unnamed or repeated column is a user error.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<Self> {
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(UserError::new(
                format!("{name} is a directory, not a CSV file"),
                "give the path of a .csv file",
            )
            .into());
        }
        let unreadable = |e: std::io::Error| -> anyhow::Error {
            UserError::new(
                format!("cannot read {name}: {e}"),
                "check the file name and that you may read it",
            )
            .into()
        };
        let file = File::open(path).map_err(unreadable)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let decoded = Decoded::new(file, options.encoding).map_err(unreadable)?;
        let encoding = decoded.label;
        let mut text = BufReader::new(decoded);
        let first = header_line(&mut text, &name)?;
        let delimiter = options.delimiter.unwrap_or_else(|| decode::detect_delimiter(&first));
        let reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(delimiter)
            .from_reader(std::io::Cursor::new(first).chain(text));
        let mut input = CsvInput {
            name,
            reader,
            header: Vec::new(),
            size,
            record: csv::ByteRecord::new(),
            delimiter,
            encoding,
            rules: RowRules::default(),
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
        if raw.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns {
                file: input.name.clone(),
                line,
                columns: raw.len(),
            }
            .into());
        }
        input.header = input.strings(&raw, line)?;
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, h) in input.header.iter().enumerate() {
            if h.trim().is_empty() {
                return Err(UserError::new(
                    format!("{}:{line}: column {} has no name in the header", input.name, i + 1),
                    "name the column in the first line, or remove it",
                )
                .into());
            }
            if let Some(j) = seen.get(&key(h)) {
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
            seen.insert(key(h), i);
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

    /// The delimiter the file is read with (given or detected).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The encoding the file is read in (given, or from its byte-order mark).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Whether decimals in this file may be written with a comma: where `;` separates the
    /// cells, as European spreadsheets write CSV.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }

    /// How far into the file reading has come, in bytes (for progress).
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Finds the columns of `fields` as `spec` says, and from now on applies its defaults and
    /// value translations to every row read. A missing required column, a rename of a column
    /// the header lacks, or (with [`Others::Refuse`]) an unknown column is a user error that
    /// lists the header.
    pub fn columns(&mut self, fields: &Fields, spec: &ColumnSpec) -> Result<Columns> {
        let (cols, rules) = columns::find_columns(&self.name, &self.header, fields, spec)?;
        self.rules = rules;
        Ok(cols)
    }

    /// The next row, or `None` at the end of the file. Text that is not UTF-8, a cell over
    /// [`MAX_CELL`] and read failures are errors for the whole file; a row with the wrong
    /// number of fields is [`Record::Ragged`].
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let mut record = std::mem::take(&mut self.record);
        let read = self.reader.read_byte_record(&mut record);
        let line = record.position().map_or(0, |p| p.line());
        let outcome = match read {
            Ok(false) => Ok(None),
            Ok(true) => self.strings(&record, line).map(|mut fields| {
                self.rules.apply(&mut fields);
                Some(Record::Row(Row { line, fields }))
            }),
            Err(e) if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) => self
                .strings(&record, line)
                .map(|fields| Some(Record::Ragged(Row { line, fields }))),
            Err(e) => Err(self.read_error(e)),
        };
        self.record = record;
        outcome
    }

    /// The next well-formed row, or `None` at the end of the file: a [`Record::Ragged`] row is
    /// recorded in `problems` (with its line) and skipped, as every import that reports its
    /// bad rows together does.
    pub fn next_row(&mut self, problems: &mut Problems) -> Result<Option<Row>> {
        while let Some(record) = self.next_record()? {
            match record {
                Record::Row(row) => return Ok(Some(row)),
                Record::Ragged(row) => problems.add(row.line, &self.ragged_reason(&row)),
            }
        }
        Ok(None)
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
            let beyond: Vec<String> = row.fields[expected..]
                .iter()
                .take(5)
                .map(|f| format!("{f:?}"))
                .collect();
            let more = if n - expected > 5 { ", ..." } else { "" };
            reason.push_str(&format!(" (beyond the header: {}{more})", beyond.join(", ")));
        } else {
            let sep = match self.delimiter {
                b'\t' => "tab".to_string(),
                d => format!("`{}`", d as char),
            };
            reason.push_str(&format!(
                " (a missing {sep}, or a {sep} inside a value that needs quotes?)"
            ));
        }
        reason
    }

    /// The fields of a record as text, or a user error naming the line that is not UTF-8 or
    /// whose cell is too large.
    fn strings(&self, record: &csv::ByteRecord, line: u64) -> Result<Vec<String>> {
        record
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                if bytes.len() > MAX_CELL {
                    return Err(UserError::new(
                        format!(
                            "{}:{line}: field {} is {} bytes long; qaudit reads cells of at most {} KiB",
                            self.name,
                            i + 1,
                            bytes.len(),
                            MAX_CELL / 1024
                        ),
                        "look for a quote (\") that is never closed before that line",
                    )
                    .into());
                }
                let mut text = String::from_utf8(bytes.to_vec()).map_err(|e| ReadError::NotUtf8 {
                    file: self.name.clone(),
                    line,
                    byte: bytes.get(e.utf8_error().valid_up_to()).copied().unwrap_or(0),
                    field: i + 1,
                })?;
                unneutralise(&mut text);
                Ok(text)
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

/// The longest header line read to find the delimiter.
const MAX_HEADER: usize = MAX_COLUMNS * 256;

/// The first line of `text` (with its newline), for delimiter detection; the CSV parser reads
/// it again. A header line longer than [`MAX_HEADER`] is refused.
fn header_line<R: std::io::BufRead>(text: &mut R, name: &str) -> Result<Vec<u8>> {
    use std::io::BufRead;
    let mut line = Vec::new();
    let mut limited = Read::take(&mut *text, MAX_HEADER as u64 + 1);
    let read = limited.read_until(b'\n', &mut line).map_err(|e| {
        UserError::new(
            format!("cannot read {name}: {e}"),
            "check the file name and that you may read it",
        )
    })?;
    if read > MAX_HEADER {
        return Err(ReadError::HeaderTooLong { file: name.to_string() }.into());
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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

    fn open(p: &Path) -> Result<CsvInput> {
        CsvInput::open(p, &ReadOptions::default())
    }

    fn user_message(e: anyhow::Error) -> String {
        match e.downcast_ref::<UserError>() {
            Some(user) => user.message.clone(),
            None => e.to_string(),
        }
    }

    /// Renames as a front end gives them (`their column=our_field`).
    fn renames(maps: &[&str]) -> ColumnSpec {
        let renames = maps
            .iter()
            .filter_map(|m| m.rsplit_once('='))
            .map(|(theirs, ours)| Rename {
                theirs: theirs.trim().to_string(),
                ours: ours.trim().to_lowercase(),
            })
            .collect();
        ColumnSpec {
            renames,
            ..ColumnSpec::default()
        }
    }

    fn rows(input: &mut CsvInput) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        while let Some(Record::Row(row)) = input.next_record().unwrap() {
            out.push(row.fields);
        }
        out
    }

    #[test]
    fn rows_come_with_their_line_numbers() {
        let (_d, p) = file("\u{feff}ID, Agent ,note\n1,a,\"two\nlines\"\n2,b,x\n3,c\n4,d,y\n");
        let mut input = open(&p).unwrap();
        let cols = input.columns(&FIELDS, &ColumnSpec::default()).unwrap();
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
        let mut input = open(&p).unwrap();
        let spec = renames(&["Interaction ID=id", "agent name=AGENT"]);
        let cols = input.columns(&FIELDS, &spec).unwrap();
        assert_eq!(cols.index("id"), Some(0));
        assert_eq!(cols.index("agent"), Some(1));
        // The file's own `agent` column is read as another column.
        assert_eq!(cols.others(), &[("agent".to_string(), 2)]);

        let missing = user_message(input.columns(&FIELDS, &ColumnSpec::default()).unwrap_err());
        assert!(missing.contains("no `id` column"), "{missing}");
        assert!(
            missing.contains("\"Interaction ID\", \"Agent Name\", \"agent\""),
            "{missing}"
        );

        let absent = renames(&["Call=id"]);
        assert!(user_message(input.columns(&FIELDS, &absent).unwrap_err()).contains("has no column \"Call\""));
    }

    #[test]
    fn defaults_and_values() {
        let (_d, p) = file("id;Customer\n1;=SUM(A1)\n2;'=SUM(A1)\n3;\n");
        let mut input = open(&p).unwrap();
        assert_eq!(input.delimiter(), b';');
        let value = |field: &str, from: &str, to: &str| ValueMap {
            field: field.into(),
            from: from.into(),
            to: to.into(),
        };
        let default = |field: &str, value: &str| DefaultValue {
            field: field.into(),
            value: value.into(),
        };
        let spec = ColumnSpec {
            renames: Vec::new(),
            values: vec![value("agent", "Ana García", "a-1"), value("customer", "x,y", "z")],
            defaults: vec![default("agent", "Ana García"), default("customer", "none")],
        };
        let cols = input.columns(&FIELDS, &spec).unwrap();
        assert_eq!(cols.index("agent"), Some(2), "past the header");
        assert_eq!(
            rows(&mut input),
            vec![
                vec!["1", "=SUM(A1)", "Ana García"],
                vec!["2", "=SUM(A1)", "Ana García"],
                vec!["3", "none", "Ana García"],
            ]
        );
        // Values translate after defaults are known: the default itself is not translated,
        // but a cell is.
        let (_d, p) = file("id,agent\n1, ana garcía \n");
        let mut input = open(&p).unwrap();
        input.columns(&FIELDS, &spec).unwrap();
        assert_eq!(rows(&mut input), vec![vec!["1", "a-1", "none"]]);
    }

    #[test]
    fn encodings_and_delimiters() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("es.csv");
        std::fs::write(&p, b"id\tagent\n1\tLuc\xeda\n").unwrap();
        let options = ReadOptions {
            delimiter: None,
            encoding: Some(TextEncoding::Windows1252),
        };
        let mut input = CsvInput::open(&p, &options).unwrap();
        assert_eq!((input.delimiter(), input.encoding()), (b'\t', "windows-1252"));
        input.columns(&FIELDS, &ColumnSpec::default()).unwrap();
        assert_eq!(rows(&mut input), vec![vec!["1", "Lucía"]]);
        let utf16: Vec<u8> = "\u{feff}id|agent\r\n1|Lucía\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(&p, utf16).unwrap();
        let mut input = open(&p).unwrap();
        assert_eq!(input.delimiter(), b'|');
        input.columns(&FIELDS, &ColumnSpec::default()).unwrap();
        assert_eq!(rows(&mut input), vec![vec!["1", "Lucía"]]);
    }

    #[test]
    fn refused_headers() {
        let (_d, p) = file("");
        assert!(user_message(open(&p).err().unwrap()).contains("is empty"));
        let (_d, p) = file("id,Id\n");
        assert!(user_message(open(&p).err().unwrap()).contains("appears twice"));
        let (_d, p) = file("id,,agent\n");
        assert!(user_message(open(&p).err().unwrap()).contains("column 2 has no name"));
        let (_d, p) = file("id,agent,extra\n1,2,3\n");
        let strict = Fields {
            others: Others::Refuse,
            ..FIELDS
        };
        let msg = user_message(open(&p).unwrap().columns(&strict, &ColumnSpec::default()).unwrap_err());
        assert!(msg.contains("unknown column \"extra\" (column 3)"), "{msg}");
    }

    #[test]
    fn width_and_cells_are_bounded_in_linear_time() {
        let wide: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
        let (_d, p) = file(&format!("{}\n", wide.join(",")));
        let started = std::time::Instant::now();
        let msg = user_message(open(&p).err().unwrap());
        assert!(msg.contains("at most 1000"), "{msg}");
        assert!(started.elapsed().as_secs() < 5);
        let (_d, p) = file(&format!("id,agent\n1,\"{}\n", "x".repeat(MAX_CELL + 10)));
        let mut input = open(&p).unwrap();
        let msg = user_message(input.next_record().unwrap_err());
        assert!(msg.contains("in.csv:2: field 2 is"), "{msg}");
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin1.csv");
        std::fs::write(&p, b"id,agent\n1,Luc\xeda\n").unwrap();
        let mut input = open(&p).unwrap();
        let e = input.next_record().unwrap_err();
        assert!(
            matches!(
                e.downcast_ref::<ReadError>(),
                Some(ReadError::NotUtf8 {
                    line: 2,
                    byte: 0xED,
                    field: 2,
                    ..
                })
            ),
            "{e}"
        );
        assert!(user_message(e).contains("latin1.csv:2: not UTF-8"));
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
