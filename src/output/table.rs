//! Terminal tables through comfy-table, in a light style (a rule under the header, two spaces
//! between columns, no boxes) that leaves room for content in an 80-column terminal. The width
//! is the terminal's when stdout is one, else 80, so pipes and tests see stable output.

use super::Table;
use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy};
use comfy_table::{ContentLineStyle, LineStyle, TableStyle};

/// A rule under the header and nothing else.
const LIGHT: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .content_lines(ContentLineStyle::none());

/// Renders a table as text. The first column (an id people copy into the next command) is never
/// wrapped; long text in the other columns wraps to keep the table within the width.
pub fn render_table(t: &Table) -> String {
    let mut table = Comfy::new();
    table
        .load_style(LIGHT)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(&t.headers);
    if !table.is_tty() {
        table.set_width(80);
    }
    for row in &t.rows {
        table.add_row(row);
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
    }
    if let Some(first) = table.column_mut(0) {
        first.set_constraint(ColumnConstraint::ContentWidth);
    }
    // Trailing padding is invisible; keep lines clean for diffs and snapshots.
    table
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
