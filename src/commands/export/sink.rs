//! Where an export's rows go: CSV (formula cells neutralised) or a JSON array, to stdout or to
//! a file that replaces `--output` only once the export is complete (a failed or interrupted
//! export leaves no half file and removes its temporary one).

use crate::error::UserError;
use crate::output::csv_cells;
use crate::store::exports::Field;
use anyhow::Result;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A cell of an export, borrowed from the row being written, and typed so JSON keeps numbers
/// as numbers and CSV writes them plainly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    Num(Option<f64>),
    Bool(bool),
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Some(s))
    }

    pub fn opt(s: &'a Option<String>) -> Cell<'a> {
        Cell::Text(s.as_deref())
    }

    /// A value read from the store as it is.
    pub fn of(v: &'a Field) -> Cell<'a> {
        match v {
            Field::Null => Cell::Text(None),
            Field::Int(i) => Cell::Int(Some(*i)),
            Field::Real(r) => Cell::Num(Some(*r)),
            Field::Text(t) => Cell::Text(Some(t)),
        }
    }
}

/// The format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Json,
}

/// Cells encoded once and written on many rows: an evaluation's columns before each of its
/// answers, a criterion's section and weights. A million-evaluation export of scores writes
/// 24 million rows, most of whose cells repeat; encoding them once saves most of the work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Encoded {
    bytes: Vec<u8>,
    /// The columns it holds.
    columns: usize,
}

/// A run of a row's columns: encoded before, or cells to encode now.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Encoded(&'a Encoded),
    Cells(&'a [Cell<'a>]),
}

/// An export being written. Rows are encoded into one reused buffer and written to a
/// `BufWriter`: no allocation per row or cell.
pub struct Sink {
    kind: Kind,
    /// Each header as a JSON key with its colon (`"overall":`), made once.
    keys: Vec<Vec<u8>>,
    out: BufWriter<Box<dyn Write>>,
    rows: u64,
    temp: Option<(PathBuf, PathBuf)>,
    /// The row being encoded.
    line: Vec<u8>,
    /// Reused to format numbers without allocating per cell.
    scratch: String,
}

impl Sink {
    /// Starts an export with these columns, to `output` or stdout. `store` is refused as a
    /// target (with its `-wal` and `-shm` files).
    pub fn create(kind: Kind, headers: Vec<String>, output: Option<&Path>, store: &Path) -> Result<Self> {
        let (target, temp): (Box<dyn Write>, _) = match output {
            None => (Box::new(std::io::stdout().lock()), None),
            Some(path) => {
                crate::output_guard::refuse_store_path(store, path, "--output")?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let temp = path.with_file_name(format!(".{name}.qaudit-partial"));
                let file = File::create(&temp).map_err(|e| {
                    UserError::new(
                        format!("cannot write {}: {e}", path.display()),
                        "check that the folder exists and that you may write there",
                    )
                })?;
                (Box::new(file), Some((temp, path.to_path_buf())))
            }
        };
        let mut out = BufWriter::with_capacity(1 << 16, target);
        match kind {
            Kind::Csv => {
                let mut line = Vec::new();
                for (i, h) in headers.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    csv_text(&mut line, h);
                }
                line.push(b'\n');
                out.write_all(&line)?;
            }
            Kind::Json => out.write_all(b"[")?,
        }
        let keys = headers
            .iter()
            .map(|h| {
                let mut key = serde_json::to_vec(h).unwrap_or_default();
                key.push(b':');
                key
            })
            .collect();
        Ok(Sink {
            kind,
            keys,
            out,
            rows: 0,
            temp,
            line: Vec::new(),
            scratch: String::new(),
        })
    }

    /// Writes one row, its cells in the order of the headers.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.row_of(&[Part::Cells(cells)])
    }

    /// Encodes `cells`, the columns from number `first` on, into `into` for [`Sink::row_of`].
    pub fn encode(&mut self, first: usize, cells: &[Cell<'_>], into: &mut Encoded) {
        into.bytes.clear();
        into.columns = cells.len();
        self.cells(first, cells, &mut into.bytes);
    }

    /// Writes one row made of runs of its columns, in the order of the headers.
    pub fn row_of(&mut self, parts: &[Part<'_>]) -> Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        if self.kind == Kind::Json {
            line.extend_from_slice(if self.rows == 0 { b"\n{" } else { b",\n{" });
        }
        let mut column = 0;
        for part in parts {
            if column > 0 {
                line.push(b',');
            }
            match part {
                Part::Encoded(e) => {
                    line.extend_from_slice(&e.bytes);
                    column += e.columns;
                }
                Part::Cells(cells) => {
                    self.cells(column, cells, &mut line);
                    column += cells.len();
                }
            }
        }
        line.extend_from_slice(if self.kind == Kind::Json { b"}" } else { b"\n" });
        let written = self.out.write_all(&line);
        self.line = line;
        written?;
        self.rows += 1;
        Ok(())
    }

    /// Appends `cells` (the columns from number `first` on) to `line`, separated by commas.
    fn cells(&mut self, first: usize, cells: &[Cell<'_>], line: &mut Vec<u8>) {
        use std::fmt::Write as _;
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            match self.kind {
                Kind::Csv => match cell {
                    Cell::Text(t) => csv_text(line, t.unwrap_or("")),
                    // Numbers go as they are: a spreadsheet reads `-3` as a number, not a formula.
                    Cell::Int(Some(n)) => {
                        self.scratch.clear();
                        let _ = write!(self.scratch, "{n}");
                        line.extend_from_slice(self.scratch.as_bytes());
                    }
                    Cell::Num(Some(n)) if n.is_finite() => number(line, *n, &mut self.scratch),
                    Cell::Int(None) | Cell::Num(_) => {}
                    Cell::Bool(b) => line.extend_from_slice(if *b { b"true" } else { b"false" }),
                },
                Kind::Json => {
                    if let Some(key) = self.keys.get(first + i) {
                        line.extend_from_slice(key);
                    }
                    // Writing to a Vec cannot fail.
                    let _ = match cell {
                        Cell::Text(Some(t)) => serde_json::to_writer(&mut *line, t),
                        Cell::Int(Some(n)) => serde_json::to_writer(&mut *line, n),
                        Cell::Num(Some(n)) if n.is_finite() => serde_json::to_writer(&mut *line, n),
                        Cell::Bool(b) => serde_json::to_writer(&mut *line, b),
                        _ => serde_json::to_writer(&mut *line, &()),
                    };
                }
            }
        }
    }

    /// Ends the export: flushes it and moves the file into place.
    pub fn finish(mut self) -> Result<Option<PathBuf>> {
        if self.kind == Kind::Json {
            self.out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        let Some((temp, path)) = self.temp.take() else {
            return Ok(None);
        };
        std::fs::rename(&temp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            UserError::new(
                format!("cannot write {}: {e}", path.display()),
                "check that you may write there",
            )
        })?;
        Ok(Some(path))
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((temp, _)) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A text field as the `csv` crate writes it (quoted when it holds a comma, a quote or a line
/// break, quotes doubled), neutralised first ([`csv_cells::neutralise`]).
fn csv_text(line: &mut Vec<u8>, text: &str) {
    let text = csv_cells::neutralise(text);
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        line.extend_from_slice(bytes);
        return;
    }
    line.push(b'"');
    for &b in bytes {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// A finite number as Rust prints it (`1`, `0.5`, `-3.25`), whole numbers without the float
/// formatter: most norms and weights are 0 or 1.
fn number(line: &mut Vec<u8>, n: f64, scratch: &mut String) {
    use std::fmt::Write as _;
    scratch.clear();
    if n.fract() == 0.0 && n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative()) {
        let _ = write!(scratch, "{}", n as i64);
    } else {
        let _ = write!(scratch, "{n}");
    }
    line.extend_from_slice(scratch.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(kind: Kind) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let mut sink = Sink::create(
            kind,
            vec!["name".into(), "n".into(), "score".into(), "ok".into()],
            Some(&path),
            &dir.path().join("store.db"),
        )
        .unwrap();
        sink.row(&[
            Cell::text("=SUM(A1)"),
            Cell::Int(Some(-3)),
            Cell::Num(Some(-3.25)),
            Cell::Bool(true),
        ])
        .unwrap();
        sink.row(&[
            Cell::Text(None),
            Cell::Int(None),
            Cell::Num(Some(f64::NAN)),
            Cell::Bool(false),
        ])
        .unwrap();
        assert!(!path.exists(), "written only once complete");
        sink.finish().unwrap();
        assert!(!dir.path().join(".out.qaudit-partial").exists());
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn csv_neutralises_text_and_keeps_numbers() {
        assert_eq!(
            written(Kind::Csv),
            "name,n,score,ok\n'=SUM(A1),-3,-3.25,true\n,,,false\n"
        );
    }

    #[test]
    fn json_keeps_types_and_text_as_it_is() {
        let v: serde_json::Value = serde_json::from_str(&written(Kind::Json)).unwrap();
        assert_eq!(
            v,
            serde_json::json!([
                {"name": "=SUM(A1)", "n": -3, "score": -3.25, "ok": true},
                {"name": null, "n": null, "score": null, "ok": false}
            ])
        );
    }

    #[test]
    fn csv_text_is_quoted_as_the_csv_crate_quotes_it() {
        let cells = [
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "=1+2",
            "-x",
            "",
            "ñandú, sí",
        ];
        let mut ours = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                ours.push(b',');
            }
            csv_text(&mut ours, c);
        }
        ours.push(b'\n');
        let mut theirs = csv_cells::writer(Vec::new());
        csv_cells::write_row(&mut theirs, cells).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }

    #[test]
    fn numbers_are_written_as_rust_displays_them() {
        for n in [0.0, -0.0, 1.0, -3.0, 0.5, 2.0 / 3.0, 1e15, 1e16, -1e20, 123456.789] {
            let (mut line, mut scratch) = (Vec::new(), String::new());
            number(&mut line, n, &mut scratch);
            assert_eq!(String::from_utf8(line).unwrap(), format!("{n}"), "{n}");
        }
    }

    #[test]
    fn encoded_runs_write_what_the_cells_would() {
        for kind in [Kind::Csv, Kind::Json] {
            let dir = tempfile::tempdir().unwrap();
            let (a, b) = (dir.path().join("a"), dir.path().join("b"));
            let headers = || vec!["id".to_string(), "name".into(), "score".into(), "note".into()];
            let store = dir.path().join("s.db");
            let cells = [
                Cell::Int(Some(7)),
                Cell::text("=x, \"y\""),
                Cell::Num(Some(0.25)),
                Cell::Text(None),
            ];
            let mut plain = Sink::create(kind, headers(), Some(&a), &store).unwrap();
            plain.row(&cells).unwrap();
            plain.row(&cells).unwrap();
            plain.finish().unwrap();
            let mut runs = Sink::create(kind, headers(), Some(&b), &store).unwrap();
            let (mut head, mut mid) = (Encoded::default(), Encoded::default());
            runs.encode(0, &cells[..1], &mut head);
            runs.encode(1, &cells[1..3], &mut mid);
            for _ in 0..2 {
                runs.row_of(&[Part::Encoded(&head), Part::Encoded(&mid), Part::Cells(&cells[3..])])
                    .unwrap();
            }
            runs.finish().unwrap();
            assert_eq!(
                std::fs::read_to_string(&a).unwrap(),
                std::fs::read_to_string(&b).unwrap()
            );
        }
    }

    #[test]
    fn an_unfinished_export_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let sink = Sink::create(Kind::Csv, vec!["a".into()], Some(&path), &dir.path().join("s.db")).unwrap();
        drop(sink);
        assert!(!path.exists());
        assert!(!dir.path().join(".out.csv.qaudit-partial").exists());
        let store = dir.path().join("s.db");
        std::fs::write(&store, b"x").unwrap();
        assert!(Sink::create(Kind::Csv, vec![], Some(&store), &store).is_err());
    }
}
