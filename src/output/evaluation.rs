//! How an evaluation's result reads in the terminal: after `score`, `visit log`, `evaluation
//! show` and `evaluation amend`.

use super::style::{Tone, paint};
use super::{Output, Table, score};
use crate::rubric::Rubric;
use crate::store::evaluations::{Detail, Revision};

/// The result block: overall, band, pass/fail, critical failures first and plainly, then a
/// table of sections.
pub fn result_blocks(out: Output, rubric: &Rubric, detail: &Detail) -> Output {
    let s = &detail.summary;
    let rev = detail.current();
    let verdict = if rev.passed {
        format!("{} (pass mark {})", paint("PASS", Tone::Good), score(rubric.pass_mark))
    } else {
        format!("{} (pass mark {})", paint("FAIL", Tone::Bad), score(rubric.pass_mark))
    };
    let failed: Vec<&str> = rev
        .answers
        .iter()
        .filter(|a| a.critical_failed)
        .map(|a| a.key.as_str())
        .collect();
    let who = match (&s.agent, &s.location) {
        (Some(a), _) => format!("agent {a}"),
        (None, Some(l)) => format!("location {l}"),
        _ => "no agent".to_string(),
    };
    let mut fields = vec![
        (
            "Evaluation",
            format!("{} ({}, revision {})", s.id, s.status.as_str(), s.revision),
        ),
        ("Subject", format!("{} ({who})", s.subject)),
        ("Rubric", format!("{} version {}", s.rubric, s.rubric_version)),
        ("Evaluator", s.evaluator.clone()),
        (
            "Overall",
            format!("{}  {}", score(rev.overall), rev.band.clone().unwrap_or_default())
                .trim_end()
                .to_string(),
        ),
        ("Result", verdict),
    ];
    if !failed.is_empty() {
        fields.insert(
            4,
            ("CRITICAL", paint(&format!("failed: {}", failed.join(", ")), Tone::Bad)),
        );
    }
    out.fields(fields).table(sections_table(rubric, rev))
}

/// Section scores of one revision, with their weights.
pub fn sections_table(rubric: &Rubric, rev: &Revision) -> Table {
    let mut t = Table::new(&["section", "title", "weight", "score"]);
    for section in &rubric.sections {
        let scored = rev.sections.iter().find(|(id, _, _)| *id == section.id);
        let shown = match scored {
            Some((_, Some(v), true)) => format!("{} (critical)", score(*v)),
            Some((_, Some(v), false)) => score(*v),
            _ => "n/a".to_string(),
        };
        let weight = if section.weight.fract() == 0.0 {
            format!("{:.0}", section.weight)
        } else {
            section.weight.to_string()
        };
        t.row(vec![section.id.clone(), section.title.clone(), weight, shown]);
    }
    t
}
