//! `qaudit calibrate agreement FILE`: Krippendorff's alpha over any ratings file.

use super::list;
use super::stats_error;
use crate::calibration::scales::IntervalText;
use crate::calibration::{self};
use crate::csv_input::{CsvInput, Record};
use crate::error::{UserError, refuse};
use crate::output::Output;
use crate::stats::Metric;
use anyhow::Result;
use std::path::Path;

/// Bad cells listed in one refusal before the rest are counted.
const SHOWN_PROBLEMS: usize = 10;

pub(super) fn agreement(file: &Path, metric: Metric, seed: u64) -> Result<Output> {
    let mut input = CsvInput::open(file, &Default::default())?;
    let name = input.name().to_string();
    let raters: Vec<String> = input.header().iter().map(|h| h.trim().to_string()).collect();
    let mut units: Vec<Vec<Option<f64>>> = Vec::new();
    // Every bad cell is counted; the first few are listed.
    let mut problems: Vec<String> = Vec::new();
    let mut bad = 0usize;
    let mut problem = |text: String| {
        bad += 1;
        if problems.len() < SHOWN_PROBLEMS {
            problems.push(text);
        }
    };
    while let Some(record) = input.next_record()? {
        let row = match record {
            Record::Row(row) => row,
            Record::Ragged(row) => {
                problem(format!("{name}:{}: {}", row.line, input.ragged_reason(&row)));
                continue;
            }
        };
        let mut unit = Vec::with_capacity(raters.len());
        for (cell, rater) in row.fields.iter().zip(&raters) {
            let text = cell.trim();
            if text.is_empty() {
                unit.push(None);
                continue;
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && metric == Metric::Ratio && v < 0.0 => problem(format!(
                    "{name}:{}: {rater}'s rating {text} is negative, and the ratio metric needs values of zero or more",
                    row.line
                )),
                Ok(v) if v.is_finite() => unit.push(Some(v)),
                _ => problem(format!(
                    "{name}:{}: {rater}'s rating {text:?} is not a number",
                    row.line
                )),
            }
        }
        units.push(unit);
    }
    if bad > 0 {
        let mut lines = problems.into_iter();
        let message = lines.next().unwrap_or_default();
        let mut details: Vec<String> = lines.collect();
        if bad > SHOWN_PROBLEMS {
            details.push(format!("... and {} more", bad - SHOWN_PROBLEMS));
        }
        return Err(UserError::new(
            message,
            "each row is one unit with one cell per rater named in the first line: a number (3, 4.5), or an empty cell for a missing rating",
        )
        .with_details(details)
        .into());
    }
    if units.is_empty() {
        return refuse(
            format!("{name} has no ratings: only the header line"),
            "after the first line (the raters' names), give one row per unit with one rating per rater",
        );
    }
    let data = calibration::agreement_report(&name, raters, &units, metric, seed).map_err(stats_error)?;
    Ok(agreement_output(&data))
}

/// The human form of an agreement report (JSON carries the data whole).
fn agreement_output(d: &calibration::AgreementReport) -> Output {
    let a = &d.alpha;
    let metric = serde_json::to_value(a.metric)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut fields = vec![
        ("File", d.file.clone()),
        ("Raters", format!("{} ({})", d.raters.len(), list(&d.raters))),
        (
            "Units",
            format!(
                "{} ({} rated by two or more raters, {} values in them; {} rated by every rater)",
                d.units, a.pairable_units, a.pairable_values, d.complete_units
            ),
        ),
        ("Metric", metric),
    ];
    let alpha = match (&a.stat.reason, &a.interval) {
        (Some(reason), _) => reason.clone(),
        (None, Some(ci)) => interval_words(
            &a.stat.text,
            "alpha",
            &Shown {
                text: &ci.text,
                method: ci.method,
                n: ci.n,
                resamples: ci.resamples,
                seed: ci.seed,
                stable: ci.stable,
                mc_error: ci.mc_error,
                decimals: ci.decimals,
                excludes_estimate: ci.excludes_estimate,
            },
        ),
        (None, None) => a.stat.text.clone(),
    };
    fields.push(("Krippendorff's alpha", alpha));
    fields.push((
        if d.ac.name == "AC1" { "Gwet's AC1" } else { "Gwet's AC2" },
        match &d.ac.interval {
            Some(i) => interval_words(&d.ac.text, &d.ac.name, &Shown::of(i)),
            None => format!("{}  (n = {})", d.ac.text, d.ac.n),
        },
    ));
    match (&d.icc.absolute_agreement, &d.icc.consistency, &d.icc.not_computed) {
        (Some(icc2), Some(icc3), _) => {
            let shown = |s: &calibration::Stat| s.reason.clone().unwrap_or_else(|| s.text.clone());
            let interval = d.icc_reading.as_ref().and_then(|r| r.coefficient.interval.as_ref());
            let interval = match (interval, &icc2.reason) {
                (Some(i), None) => format!("; {}", interval_clause("ICC(2,1)", &Shown::of(i))),
                _ => String::new(),
            };
            fields.push((
                "ICC(2,1)",
                format!(
                    "{}  (absolute agreement, over {} units rated by every rater{interval})",
                    shown(icc2),
                    d.icc.subjects
                ),
            ));
            fields.push(("ICC(3,1)", format!("{}  (consistency)", shown(icc3))));
        }
        (_, _, Some(why)) => fields.push(("ICC(2,1), ICC(3,1)", why.clone())),
        _ => {}
    }
    Output::new(d).fields(fields).line(d.verdict.clone())
}

/// What an interval line says about its interval.
struct Shown<'a> {
    text: &'a str,
    method: &'a str,
    n: usize,
    resamples: usize,
    seed: u64,
    stable: bool,
    mc_error: f64,
    decimals: usize,
    excludes_estimate: bool,
}

impl<'a> Shown<'a> {
    fn of(i: &'a IntervalText) -> Shown<'a> {
        let r = &i.resampled;
        Shown {
            text: &i.text,
            method: i.method,
            n: r.n,
            resamples: r.resamples,
            seed: r.seed,
            stable: r.stable,
            mc_error: r.mc_error,
            decimals: r.decimals,
            excludes_estimate: r.excludes_estimate,
        }
    }
}

/// `0.743  (95% interval 0.61 to 0.85; ...)`: an estimate with its interval's clause.
fn interval_words(estimate: &str, name: &str, i: &Shown<'_>) -> String {
    format!("{estimate}  ({})", interval_clause(name, i))
}

/// `95% interval 0.61 to 0.85; percentile bootstrap, resampling units, n = 40; 32000
/// resamples, seed 1, Monte-Carlo error 0.0013, so the bounds are shown to 2 decimals`: every
/// interval with its n, its method, its resamples and whether its last digit can be trusted.
fn interval_clause(name: &str, i: &Shown<'_>) -> String {
    format!(
        "95% interval {}; {}, n = {}; {} resamples, seed {}, Monte-Carlo error {}{}",
        i.text,
        i.method,
        i.n,
        i.resamples,
        i.seed,
        if i.stable {
            "below 0.0005".to_string()
        } else {
            format!("{:.4}, so the bounds are shown to {} decimals", i.mc_error, i.decimals)
        },
        if i.excludes_estimate {
            format!("; this interval does not contain {name}, so it is not used")
        } else {
            String::new()
        }
    )
}
