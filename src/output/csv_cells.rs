//! CSV cells that are safe to open in a spreadsheet. A text cell beginning with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
//! (`=HYPERLINK(...)` becomes a live link, `=cmd|...` once ran programs), so, as OWASP
//! recommends, such a cell is written with a `'` before it, which spreadsheets show as text.
//! Numbers (`-3.2`, `+5`) are left as they are, so they stay numbers. qaudit's CSV reader
//! removes the `'` again, so its own files import as they were stored.

use crate::csv_input::FORMULA_STARTS;
use std::borrow::Cow;
use std::io::Write;

/// `cell`, with a `'` before it when a spreadsheet would run it as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) && !is_number(cell) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A plain decimal number, as qaudit writes scores and deviations (not `-inf` or `-nan`,
/// which Rust would parse).
fn is_number(cell: &str) -> bool {
    cell.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && cell.chars().any(|c| c.is_ascii_digit())
        && cell.parse::<f64>().is_ok()
}

/// Writes one record, every cell neutralised.
pub fn write_row<W: Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    for cell in cells {
        w.write_field(neutralise(cell.as_ref()).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

/// A CSV writer as qaudit writes every CSV: comma-separated, and flexible, so that tables of
/// different widths may follow one another.
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().flexible(true).from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_quote_numbers_do_not() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://evil.example\",\"click\")"),
            "'=HYPERLINK(\"http://evil.example\",\"click\")"
        );
        for formula in ["+34 600", "-", "-x", "@SUM(A1)", "\tx", "\rx", "=1+1", "-inf", "-nan"] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-3.2", "+5", "-1e3", "81.2", "Ana", "", "a=b"] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn rows_are_written_neutralised() {
        let mut w = writer(Vec::new());
        write_row(&mut w, ["=x", "-3.2", "ok"]).unwrap();
        write_row(&mut w, ["a"]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'=x,-3.2,ok\na\n");
    }
}
