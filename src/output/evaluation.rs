//! How an evaluation's result reads in the terminal: after `score`, `visit log`, `evaluation
//! show` and `evaluation amend`, in the rubric's language (`templates/labels/scoring.yaml`).

use super::style::{Tone, paint};
use super::{Output, Table};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::{Rubric, Subject};
use crate::store::evaluations::{Detail, Revision};

/// The result block: overall, band, pass/fail, critical failures first and plainly, then a
/// table of sections; labels, statuses and decimals in `lang`.
pub fn result_blocks(out: Output, rubric: &Rubric, detail: &Detail, lang: Lang) -> Output {
    let l = Labels::of("scoring", lang);
    let s = &detail.summary;
    let rev = detail.current();
    let verdict = if rev.passed {
        paint(&l.get("passed"), Tone::Good)
    } else {
        paint(&l.get("failed"), Tone::Bad)
    };
    let verdict = fill!(l, "verdict", verdict = verdict, mark = l.score(rubric.pass_mark));
    let failed: Vec<&str> = rev
        .answers
        .iter()
        .filter(|a| a.critical_failed)
        .map(|a| a.key.as_str())
        .collect();
    let who = match (&s.agent, &s.location) {
        (Some(a), _) => fill!(l, "of_agent", id = a),
        (None, Some(loc)) => fill!(l, "of_location", id = loc),
        _ => l.get("no_agent"),
    };
    let status = l.get(&format!("status_{}", s.status.as_str()));
    // Practice (issue 20) is marked wherever the evaluation is shown.
    let status = if s.practice {
        format!("{status}, {}", l.get("status_practice"))
    } else {
        status
    };
    let mut fields = vec![
        (
            l.get("evaluation"),
            fill!(l, "evaluation_line", id = s.id, status = status, revision = s.revision),
        ),
        (
            l.get("subject"),
            format!("{} ({who})", subject_name(rubric, &s.subject, &l)),
        ),
        (
            l.get("rubric"),
            fill!(l, "rubric_version", rubric = s.rubric, version = s.rubric_version),
        ),
        (l.get("evaluator"), s.evaluator.clone()),
        (
            l.get("overall"),
            format!("{}  {}", l.score(rev.overall), rev.band.clone().unwrap_or_default())
                .trim_end()
                .to_string(),
        ),
        (l.get("result"), verdict),
    ];
    if !failed.is_empty() {
        fields.insert(
            4,
            (
                l.get("critical_field"),
                paint(&fill!(l, "critical_failed", keys = failed.join(", ")), Tone::Bad),
            ),
        );
    }
    out.fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .table(sections_table(rubric, rev, &l))
}

/// The subject as people read it: an interaction's id, `visita 8` for a visit in Spanish.
fn subject_name(rubric: &Rubric, subject: &str, l: &Labels) -> String {
    match rubric.subject {
        Subject::Interaction => subject.to_string(),
        Subject::Visit => fill!(l, "visit_subject", id = subject.trim_start_matches("visit ")),
    }
}

/// Section scores of one revision, with their weights.
fn sections_table(rubric: &Rubric, rev: &Revision, l: &Labels) -> Table {
    let headers = ["col_section", "col_title", "col_weight", "col_score"].map(|k| l.get(k));
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for section in &rubric.sections {
        let scored = rev.sections.iter().find(|(id, _, _)| *id == section.id);
        let shown = match scored {
            Some((_, Some(v), true)) => format!("{} {}", l.score(*v), l.get("critical_mark")),
            Some((_, Some(v), false)) => l.score(*v),
            _ => l.get("not_applicable"),
        };
        let weight = if section.weight.fract() == 0.0 {
            format!("{:.0}", section.weight)
        } else {
            crate::labels::number(l.lang(), &section.weight.to_string())
        };
        t.row(vec![section.id.clone(), section.title.clone(), weight, shown]);
    }
    t
}
