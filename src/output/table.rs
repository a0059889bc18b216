//! Terminal tables through comfy-table, in a light style (a rule under the header, two spaces
//! between columns, no boxes). The width is `COLUMNS` when set, else the terminal's when stdout
//! is one, else 80, so pipes and tests see stable output (issue 15 item 9).

use super::Table;
use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy, Width};
use comfy_table::{ContentLineStyle, LineStyle, TableStyle};

/// A rule under the header and nothing else.
const LIGHT: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .content_lines(ContentLineStyle::none());

/// The width of the terminal lines qaudit writes: `COLUMNS` (a positive number) when set, else
/// the terminal's when stdout is one, else 80.
pub fn line_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c >= 20);
    columns.or_else(|| Comfy::new().width()).map_or(80, usize::from)
}

/// Headers up to this long are kept on one line.
const SHORT_HEADER: usize = 12;

/// The widest line of a column's cells (`whole`), or its longest word: the narrowest the column
/// may be without cutting a word. A long header never widens a column beyond its longest word:
/// it may wrap where a value (a date with its time, a score with its result) should not.
fn cell_width(t: &Table, index: usize, whole: bool) -> usize {
    let words = |cell: &String| cell.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    let lines = |cell: &String| cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let header = t.headers.get(index).map_or(0, |h| {
        if index == 0 || lines(h) <= SHORT_HEADER {
            lines(h)
        } else {
            words(h)
        }
    });
    let body = t
        .rows
        .iter()
        .filter_map(|row| row.get(index))
        .map(|cell| if whole { lines(cell) } else { words(cell) });
    body.max().unwrap_or(0).max(header)
}

/// Column widths within `budget`: every column as wide as its content when that fits; else each
/// at least its longest word, the narrow columns (numbers, dates, short ids) kept whole first,
/// and the room left shared by the long-text columns in proportion to what each still wants.
/// When even the longest words do not fit, the table is wider than the budget: a wrapped line in
/// the terminal is better than a cut id.
fn column_widths(natural: &[usize], narrowest: &[usize], budget: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= budget {
        return natural.to_vec();
    }
    let mut widths = narrowest.to_vec();
    let mut by_width: Vec<usize> = (0..natural.len()).collect();
    by_width.sort_by_key(|&i| natural[i]);
    for i in by_width {
        let grown = widths.iter().sum::<usize>() - widths[i] + natural[i];
        if grown <= budget {
            widths[i] = natural[i];
        }
    }
    let spare = budget.saturating_sub(widths.iter().sum());
    let wanted: Vec<usize> = natural.iter().zip(&widths).map(|(n, w)| n - w).collect();
    let total_wanted = wanted.iter().sum::<usize>().max(1);
    widths
        .iter()
        .zip(&wanted)
        .map(|(w, more)| w + more * spare / total_wanted)
        .collect()
}

/// Renders a table as text. The first column (an id people copy into the next command) is never
/// wrapped; text in the other columns wraps between words to keep the table within the width,
/// and no column is narrower than its longest word, so an id or a criterion key is never cut.
pub fn render_table(t: &Table) -> String {
    let mut table = Comfy::new();
    table
        .load_style(LIGHT)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(&t.headers);
    for row in &t.rows {
        table.add_row(row);
    }
    let natural: Vec<usize> = (0..table.column_count()).map(|i| cell_width(t, i, true)).collect();
    let narrowest: Vec<usize> = (0..natural.len()).map(|i| cell_width(t, i, i == 0)).collect();
    // Each column has one space of padding on its right and one space of separator before the
    // next column (the light style's vertical line is a space).
    let padding = 1;
    let separators = natural.len().saturating_sub(1);
    let budget = line_width().saturating_sub(natural.len() * padding + separators);
    for (column, width) in table.column_iter_mut().zip(column_widths(&natural, &narrowest, budget)) {
        column.set_padding((0, padding as u16));
        let width = (width + padding).min(usize::from(u16::MAX)) as u16;
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
    }
    // Trailing padding is invisible; keep lines clean for diffs and snapshots.
    table
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn content_that_fits_is_kept_as_it_is() {
        assert_eq!(column_widths(&[3, 10, 20], &[3, 4, 6], 40), vec![3, 10, 20]);
    }

    #[test]
    fn short_columns_stay_whole_and_long_text_wraps() {
        // 8 + 30 + 40 > 60: the id and the short column keep their width, the text takes the rest.
        assert_eq!(column_widths(&[8, 30, 40], &[8, 10, 12], 60), vec![8, 30, 22]);
    }

    #[test]
    fn no_column_is_narrower_than_its_longest_word() {
        assert_eq!(column_widths(&[20, 30], &[18, 25], 30), vec![18, 25]);
    }
}
