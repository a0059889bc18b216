//! Hints for reports that cannot be rendered through the user's own templates.

use super::Hint;
use crate::report::render::RenderError;

pub(super) fn render(e: &RenderError) -> Hint {
    let hint = match e {
        RenderError::NotAFolder { .. } => {
            "give a folder holding templates named like the built-in ones, e.g. feedback.html"
        }
        RenderError::Template { .. } => {
            "check the template against the report's data: `--format json` shows every field, under `data`"
        }
    };
    (hint.to_string(), Vec::new())
}
