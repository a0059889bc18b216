//! Hints for days given on the command line that do not read as days.

use super::Hint;
use crate::dates::BadDay;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::report::common::PeriodError;

pub(super) fn bad_day(_: &BadDay) -> Hint {
    ("e.g. --from 2026-11-01 --to today".into(), Vec::new())
}

/// A report's or a plan's period: the hint names the flags that give its ends.
pub(super) fn period(e: &PeriodError) -> Hint {
    let hint = match e {
        PeriodError::BadFrom { .. } | PeriodError::BadTo { .. } => "e.g. --from 2026-11-01 --to 2026-11-30",
        PeriodError::Reversed { .. } => "give the first day of the period with --from and the last with --to",
    };
    (hint.into(), Vec::new())
}

/// New-hire weeks that cannot be meant, refused in the words of the option `flag` that gave
/// them (`--weeks`, `--new-hire-weeks`); the hint gives the range and an example.
pub fn weeks_given_as(flag: &str, e: &crate::tenure::WeeksError) -> anyhow::Error {
    let hint = format!(
        "give the weeks of tenure that count as a new hire's, 1 to {}, e.g. {flag} {}",
        crate::tenure::MAX_NEW_HIRE_WEEKS,
        crate::tenure::DEFAULT_NEW_HIRE_WEEKS
    );
    crate::error::UserError::new(super::words::weeks(flag, e), hint).into()
}

/// A moment given with option `flag` that does not read (or cannot be meant), refused in
/// `lang` (labels `t_time_*` of `common.yaml`); English keeps the error's own words. The hint
/// gives `example` (`--visited-at "2026-11-20 11:05"`), which is typed as it is in every language.
pub fn time_given_as(flag: &str, e: &crate::dates::TimeError, lang: Lang, example: &str) -> anyhow::Error {
    use crate::dates::TimeError;
    let l = Labels::of("common", lang);
    let message = match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (_, TimeError::Unreadable { text }) => fill!(l, "t_time_unreadable", text = text),
        (_, TimeError::Skipped { text, zone }) => fill!(l, "t_time_skipped", text = text, zone = zone),
        (_, TimeError::Implausible { text, day, first, last }) => fill!(
            l,
            "t_time_implausible",
            text = text,
            day = crate::dates::in_lang(&day.to_string(), lang).unwrap_or_else(|| day.to_string()),
            first = first,
            last = last
        ),
    };
    crate::error::UserError::new(format!("{flag}: {message}"), fill!(l, "t_time_hint", example = example)).into()
}
