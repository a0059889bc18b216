//! How scoring in a calibration session reads in the terminal, after `score --calibration` and
//! `visit log --calibration`: the receipt, never the score (the core decides what it holds).

use crate::calibration::Receipt;
use crate::output::Output;
use crate::store::evaluations::Status;

/// The receipt as printed; `again` is the command that finishes a draft.
pub fn sealed(receipt: &Receipt, again: &str) -> Output {
    let status = receipt.status.as_str();
    let out = Output::new(receipt).fields(vec![
        (
            "Evaluation",
            format!(
                "{} ({status}, calibration session {})",
                receipt.evaluation, receipt.calibration
            ),
        ),
        ("Subject", receipt.subject.clone()),
        (
            "Rubric",
            format!("{} version {}", receipt.rubric, receipt.rubric_version),
        ),
    ]);
    if receipt.status == Status::Draft {
        out.line(format!("Saved as a draft. Finish it with `{again}`."))
    } else {
        out.line(format!(
            "Recorded. Scores stay sealed, from everyone, until a lead closes the session; `qaudit calibrate status {}` shows who has scored.",
            receipt.calibration
        ))
    }
}
