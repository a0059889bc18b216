//! The one place where the library's typed errors become refusals for the command line: the
//! message is the library's, the `hint:` (which may name a command) is the CLI's own, so the web
//! and the API can give theirs for the same error.
//!
//! [`for_cli`] runs over every error a command returns (see `commands::run`) and over the errors
//! a command collects itself (the per-row problems of an import). Where a library message names
//! what the user gave in the library's words, the command line names its flag (`words`).

mod access;
mod calibration;
mod coaching;
pub mod dates;
pub use dates::weeks_given_as;
pub mod decisions;
pub mod disputes;
mod evaluations;
mod flags;
pub mod imports;
mod mystery;
mod practice;
mod reports;
mod sampling;
pub mod scoring;
mod store;
mod training;
pub mod visits;
mod words;

use crate::actor::Denied;
use crate::calibration::CalibrationError;
use crate::coaching::CoachingError;
use crate::coaching::training::TrainingError;
use crate::csv_input::evaluations::GroupError;
use crate::csv_input::interactions::ImportError;
use crate::csv_input::{ColumnsError, ReadError};
use crate::dates::BadDay;
use crate::decisions::DecisionError;
use crate::disputes::DisputeError;
use crate::error::UserError;
use crate::evaluations::EvaluationError;
use crate::flags::FlagsError;
use crate::mystery::MysteryError;
use crate::report::common::PeriodError;
use crate::report::render::RenderError;
use crate::sampling::SamplingError;
use crate::sampling::month_plan::VisitPlanError;
use crate::scoring::practice::PracticeError;
use crate::scoring::{Ineligible, ScoringError, SheetError};
use crate::visits::VisitError;

/// Turns a typed library error anywhere in the chain into a [`UserError`] with its CLI hint; the
/// message keeps every context added around it. Other errors pass unchanged.
pub fn for_cli(e: anyhow::Error) -> anyhow::Error {
    if e.chain().any(|c| c.is::<UserError>()) {
        return e;
    }
    let found = e.chain().find_map(|c| {
        c.downcast_ref::<SheetError>()
            .map(scoring::sheet)
            .or_else(|| c.downcast_ref::<ScoringError>().map(scoring::scoring))
            .or_else(|| c.downcast_ref::<Ineligible>().map(scoring::ineligible))
            .or_else(|| c.downcast_ref::<PracticeError>().map(practice::practice))
            .or_else(|| c.downcast_ref::<Denied>().map(access::denied))
            .or_else(|| c.downcast_ref::<crate::store::StoreError>().map(store::store))
            .or_else(|| c.downcast_ref::<EvaluationError>().map(evaluations::evaluation))
            .or_else(|| c.downcast_ref::<BadDay>().map(dates::bad_day))
            .or_else(|| c.downcast_ref::<PeriodError>().map(dates::period))
            .or_else(|| c.downcast_ref::<VisitError>().map(visits::visit))
            .or_else(|| c.downcast_ref::<MysteryError>().map(mystery::mystery))
            .or_else(|| c.downcast_ref::<DisputeError>().map(disputes::dispute))
            .or_else(|| c.downcast_ref::<FlagsError>().map(flags::flags))
            .or_else(|| c.downcast_ref::<DecisionError>().map(decisions::decision))
            .or_else(|| c.downcast_ref::<CalibrationError>().map(calibration::calibration))
            .or_else(|| c.downcast_ref::<SamplingError>().map(sampling::sampling))
            .or_else(|| c.downcast_ref::<VisitPlanError>().map(sampling::visit_plan))
            .or_else(|| c.downcast_ref::<CoachingError>().map(coaching::coaching))
            .or_else(|| c.downcast_ref::<TrainingError>().map(training::training))
            .or_else(|| c.downcast_ref::<ImportError>().map(imports::import))
            .or_else(|| c.downcast_ref::<GroupError>().map(imports::evaluation_group))
            .or_else(|| c.downcast_ref::<ColumnsError>().map(imports::columns))
            .or_else(|| c.downcast_ref::<ReadError>().map(imports::read))
            .or_else(|| c.downcast_ref::<RenderError>().map(reports::render))
    });
    match found {
        Some((hint, details)) => UserError::new(message(&e), hint).with_details(details).into(),
        None => e,
    }
}

/// The faults of the machine rather than of qaudit, said plainly (exit 1): a full disk, a
/// read-only store, a damaged file (the hint names the command that checks the store). `None` for anything else.
pub fn plain_fault(e: &anyhow::Error) -> Option<UserError> {
    use crate::store::Fault;
    let fault = crate::store::fault_of(e)?;
    let hint = match fault {
        Fault::DiskFull => "free some space where the store lives, then run the command again",
        Fault::ReadOnly => "write on a copy that may be written, or ask who owns the file for write access",
        Fault::Damaged => "run `qaudit verify` to see what is damaged, and restore the last good backup",
        Fault::Io => "check the disk and the file system, then run `qaudit verify`",
        Fault::CannotOpen => "check the path and its permissions",
    };
    Some(UserError::new(fault.to_string(), hint))
}

/// `e` with its contexts, as `{e:#}` writes it, each error in the command line's words
/// ([`words::for_cli`]) where it has its own.
fn message(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| words::for_cli(c).unwrap_or_else(|| c.to_string()))
        .collect::<Vec<_>>()
        .join(": ")
}

/// The hint and the detail lines of a refusal.
type Hint = (String, Vec<String>);
