//! Rubrics: the YAML format (`raw`), validation into domain types (`model`, `validate`), answers
//! and the scoring engine (`answer`, `score`), and the rubrics bundled with qaudit.

pub mod answer;
pub mod bundled;
mod fields;
pub mod load;
pub mod model;
pub mod path;
pub mod raw;
pub mod score;
pub mod sheet;
pub(crate) mod suggest;
mod threshold;
pub mod validate;
pub mod yaml_index;

pub use answer::Answer;
pub use load::{Diagnostic, LoadedRubric, load_str};
pub use model::*;
pub use score::{ScoreError, ScoreResult, below, meets, score, score_partial};
