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

enum Writer {
    Csv(Box<csv::Writer<Box<dyn Write>>>),
    Json { out: BufWriter<Box<dyn Write>>, rows: u64 },
}

/// An export being written.
pub struct Sink {
    /// Each header as a JSON key with its colon (`"overall":`), made once.
    keys: Vec<Vec<u8>>,
    writer: Writer,
    temp: Option<(PathBuf, PathBuf)>,
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
        let writer = match kind {
            Kind::Csv => {
                let mut w = csv_cells::writer(target);
                csv_cells::write_row(&mut w, &headers).map_err(csv_error)?;
                Writer::Csv(Box::new(w))
            }
            Kind::Json => {
                let mut out = BufWriter::with_capacity(1 << 16, target);
                out.write_all(b"[")?;
                Writer::Json { out, rows: 0 }
            }
        };
        let keys = headers
            .iter()
            .map(|h| {
                let mut key = serde_json::to_vec(h).unwrap_or_default();
                key.push(b':');
                key
            })
            .collect();
        Ok(Sink {
            keys,
            writer,
            temp,
            scratch: String::new(),
        })
    }

    /// Writes one row, its cells in the order of the headers.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        use std::fmt::Write as _;
        match &mut self.writer {
            Writer::Csv(w) => {
                for cell in cells {
                    let scratch = &mut self.scratch;
                    scratch.clear();
                    let text: &str = match cell {
                        Cell::Text(t) => t.unwrap_or(""),
                        Cell::Int(Some(i)) => {
                            let _ = write!(scratch, "{i}");
                            scratch
                        }
                        Cell::Num(Some(n)) if n.is_finite() => {
                            let _ = write!(scratch, "{n}");
                            scratch
                        }
                        Cell::Int(None) | Cell::Num(_) => "",
                        Cell::Bool(b) => {
                            if *b {
                                "true"
                            } else {
                                "false"
                            }
                        }
                    };
                    w.write_field(csv_cells::neutralise(text).as_bytes())
                        .map_err(csv_error)?;
                }
                w.write_record(None::<&[u8]>).map_err(csv_error)?;
            }
            Writer::Json { out, rows } => {
                out.write_all(if *rows == 0 { b"\n{" } else { b",\n{" })?;
                for (i, (key, cell)) in self.keys.iter().zip(cells).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(key)?;
                    let written = match cell {
                        Cell::Text(Some(t)) => serde_json::to_writer(&mut *out, t),
                        Cell::Int(Some(n)) => serde_json::to_writer(&mut *out, n),
                        Cell::Num(Some(n)) if n.is_finite() => serde_json::to_writer(&mut *out, n),
                        Cell::Bool(b) => serde_json::to_writer(&mut *out, b),
                        _ => serde_json::to_writer(&mut *out, &()),
                    };
                    written.map_err(std::io::Error::from)?;
                }
                out.write_all(b"}")?;
                *rows += 1;
            }
        }
        Ok(())
    }

    /// Ends the export: flushes it and moves the file into place.
    pub fn finish(mut self) -> Result<Option<PathBuf>> {
        match &mut self.writer {
            Writer::Csv(w) => w.flush()?,
            Writer::Json { out, rows } => {
                out.write_all(if *rows == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
            }
        }
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

/// A CSV error as the I/O error it usually is, so that a closed pipe (`| head`) ends the
/// export quietly instead of looking like a bug.
fn csv_error(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("cannot write CSV: {other:?}"),
    }
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
