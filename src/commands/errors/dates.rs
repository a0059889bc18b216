//! Hints for days given on the command line that do not read as days.

use super::Hint;
use crate::dates::BadDay;

pub(super) fn bad_day(_: &BadDay) -> Hint {
    ("e.g. --from 2026-11-01 --to today".into(), Vec::new())
}
