//! Reports: data is computed first (plain serialisable structs, in each report's own module),
//! then rendered through minijinja templates (`templates/`, embedded in the binary) to
//! Markdown, self-contained HTML or plain text; `--format json` gives the data itself.

pub mod coaching;
pub mod common;
pub mod criteria;
pub mod csv_table;
pub mod evaluator_reliability;
pub mod evaluators;
pub mod feedback;
pub mod locations;
pub mod options;
pub mod ramp_up;
pub mod render;
pub mod svg;
pub mod svg_lines;
pub mod team;
pub mod training;
pub mod validity;
pub mod visit;
pub mod voice;

pub use options::ReportOptions;
pub use render::{Renderer, ReportFormat};
