//! Hints for refused training sessions (issue 20, part 4).

use super::Hint;
use crate::coaching::training::TrainingError as E;

pub(super) fn training(e: &E) -> Hint {
    let hint = match e {
        E::NoPlan(_) => "`qaudit coach list` shows the saved plans; `qaudit coach plan AGENT --save` saves one".into(),
        E::UnknownCriterion { rubric, version, .. } => format!(
            "`qaudit rubric show {rubric} --version {version}` lists its criteria; give them as --criteria section.criterion[,...]"
        ),
        E::NoCriteria => "e.g. --criteria empathy.acknowledge,courtesy.greeting".into(),
        E::BadDay(_) => "e.g. --date 2026-11-20, --date yesterday or --date -7d".into(),
    };
    (hint, Vec::new())
}
