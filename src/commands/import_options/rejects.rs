//! The rejects file of an import with `--skip-invalid --rejects FILE` (interactions, surveys): the bad rows with the
//! original header plus `line` and `reason` columns, which only appears when the import is done.
//! It is the command line's (its messages name the flag); the core only judges the rows.

use crate::csv_input::{CsvInput, Row, key};
use crate::error::UserError;
use crate::output::csv_cells;
use anyhow::Result;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Bad rows written to a CSV file (`--skip-invalid --rejects FILE`): the original header plus
/// `line` (where the row was in the file) and `reason`, formula cells neutralised. The rows go to a temporary file next to
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
        let mut writer = csv_cells::writer(file);
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
        csv_cells::write_row(&mut writer, &first).map_err(|e| rejects.write_error(e))?;
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
            Some(w) => csv_cells::write_row(w, &fields),
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
