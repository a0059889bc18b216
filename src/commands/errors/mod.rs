//! The one place where the library's typed errors become refusals for the command line: the
//! message is the library's, the `hint:` (which may name a command) is the CLI's own, so the web
//! and the API can give theirs for the same error.
//!
//! [`for_cli`] runs over every error a command returns (see `commands::run`) and over the errors
//! a command collects itself (the per-row problems of an import).

mod access;
mod calibration;
mod coaching;
mod dates;
mod disputes;
mod evaluations;
mod flags;
pub mod imports;
mod sampling;
pub mod scoring;
mod store;
mod visits;

use crate::actor::Denied;
use crate::calibration::CalibrationError;
use crate::coaching::CoachingError;
use crate::csv_input::evaluations::GroupError;
use crate::csv_input::interactions::ImportError;
use crate::dates::BadDay;
use crate::disputes::DisputeError;
use crate::error::UserError;
use crate::evaluations::EvaluationError;
use crate::flags::FlagsError;
use crate::sampling::SamplingError;
use crate::sampling::month_plan::VisitPlanError;
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
            .or_else(|| c.downcast_ref::<Denied>().map(access::denied))
            .or_else(|| c.downcast_ref::<crate::store::StoreError>().map(store::store))
            .or_else(|| c.downcast_ref::<EvaluationError>().map(evaluations::evaluation))
            .or_else(|| c.downcast_ref::<BadDay>().map(dates::bad_day))
            .or_else(|| c.downcast_ref::<VisitError>().map(visits::visit))
            .or_else(|| c.downcast_ref::<DisputeError>().map(disputes::dispute))
            .or_else(|| c.downcast_ref::<FlagsError>().map(flags::flags))
            .or_else(|| c.downcast_ref::<CalibrationError>().map(calibration::calibration))
            .or_else(|| c.downcast_ref::<SamplingError>().map(sampling::sampling))
            .or_else(|| c.downcast_ref::<VisitPlanError>().map(sampling::visit_plan))
            .or_else(|| c.downcast_ref::<CoachingError>().map(coaching::coaching))
            .or_else(|| c.downcast_ref::<ImportError>().map(imports::import))
            .or_else(|| c.downcast_ref::<GroupError>().map(imports::evaluation_group))
    });
    match found {
        Some((hint, details)) => UserError::new(format!("{e:#}"), hint).with_details(details).into(),
        None => e,
    }
}

/// The hint and the detail lines of a refusal.
type Hint = (String, Vec<String>);
