//! Terminal tables through comfy-table, sized to fit an 80-column terminal when stdout is not
//! one (pipes, tests) and to the real width when it is.

use super::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy};

/// Renders a table as text. The first column (an id people copy into the next command) is never
/// wrapped; long text in the other columns wraps to keep the table within the terminal.
pub fn render_table(t: &Table) -> String {
    let mut table = Comfy::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(&t.headers);
    if !table.is_tty() {
        table.set_width(80);
    }
    for row in &t.rows {
        table.add_row(row);
    }
    if let Some(first) = table.column_mut(0) {
        first.set_constraint(ColumnConstraint::ContentWidth);
    }
    table.to_string()
}
