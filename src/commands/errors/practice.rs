//! Hints for refused practice scorings (issue 20, part 4).

use super::Hint;
use crate::scoring::practice::PracticeError as E;

pub(super) fn practice(e: &E) -> Hint {
    let hint = match e {
        E::WithCalibration { session } => format!(
            "score the session without practice (drop --practice, or `practice: true` from the answers file): `qaudit score --calibration {session} ...`; practice is scored on its own with --practice"
        ),
        E::WithSecondOpinion => {
            "drop --second-opinion: a practice evaluation is kept apart from the contact's counted evaluation anyway"
                .into()
        }
        E::SimulatedNotPractice => {
            "add --practice, e.g. `qaudit score --practice --agent a-017 --channel phone --rubric call-quality`".into()
        }
        E::NoSubject | E::Incomplete => {
            "give --interaction ID, or --practice --agent ID --channel phone|chat|email|social for a role-play".into()
        }
        E::NoAgent(_) => "`qaudit agent list` shows agent ids".into(),
    };
    (hint, Vec::new())
}
