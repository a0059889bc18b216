//! The feedback sheet: one evaluation as the agent reads it.
//!
//! Order of the sheet: who, what, when and with which rubric; the result (overall, band, pass or
//! fail); critical failures first and plainly, with what they did to the score; every section
//! with its criteria, answers and comments; strengths; the criteria to work on with the rubric's
//! coaching text; the evaluator's comment; how and until when to dispute it or, once a lead has
//! decided a dispute, the decision and the lead's note, also beside each criterion it contested.
//!
//! Strengths are the criteria answered at full marks, the heaviest first (by their weight in the
//! whole rubric), at most [`STRENGTHS`]. The criteria to work on are those below full marks:
//! failed critical criteria first, then by what they cost the overall score (weight in the
//! rubric times the marks missed), at most [`TO_WORK_ON`]. N/A answers are neither.

use super::common::{Named, RubricRef, weight_share};
use crate::lang::Lang;
use crate::rubric::{CriticalPolicy, NaPolicy, Rubric, ScaleKind};
use crate::store::disputes::{Dispute, DisputeStatus};
use crate::store::evaluations::Detail;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// At most this many strengths are listed.
pub const STRENGTHS: usize = 3;
/// At most this many criteria to work on are listed.
pub const TO_WORK_ON: usize = 3;

/// Everything the feedback sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    pub evaluation: i64,
    pub revision: u32,
    /// Why the current revision was made, when the evaluation was amended.
    pub amended: Option<String>,
    /// Scored as practice (issue 20): training, counted in no report, flag or sample.
    pub practice: bool,
    pub agent: Option<Named>,
    pub location: Option<Named>,
    pub evaluator: Named,
    pub subject: Subject,
    /// When it was scored, `YYYY-MM-DD HH:MM` in [`Feedback::timezone`].
    pub scored_at: String,
    /// The zone the sheet's times are in: the store's (`qaudit config set timezone`).
    pub timezone: String,
    pub rubric: RubricRef,
    pub overall: f64,
    pub band: Option<String>,
    pub passed: bool,
    pub pass_mark: f64,
    /// `zero_overall`, `zero_section` or `flag_only`: what a critical failure does.
    pub critical_policy: CriticalPolicy,
    pub critical_failures: Vec<Item>,
    pub sections: Vec<SectionView>,
    pub strengths: Vec<Item>,
    pub to_work_on: Vec<Item>,
    pub comment: Option<String>,
    pub dispute: DisputeInfo,
    /// When the agent acknowledged it.
    pub acknowledged_at: Option<String>,
    /// The customer-voice context: the agent's own figures and their team's over the
    /// [`super::common::DEFAULT_DAYS`] days ending on the day of the work (`report::voice`),
    /// absent when no contact of them carries a voice figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<super::voice::VoiceSection>,
}

/// What was scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    /// `interaction` or `visit`.
    pub kind: String,
    /// The interaction's id (`CALL-1042`) or `visit 14`.
    pub id: String,
    pub channel: Option<String>,
    /// When the work happened, `YYYY-MM-DD HH:MM` (UTC).
    pub occurred_at: String,
    pub duration_s: Option<i64>,
}

/// One criterion as answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub key: String,
    pub section: String,
    pub text: String,
    /// The answer as stored (`yes`, `4`, `partly`, `na`).
    pub answer: String,
    /// The answer as people read it, in the report's language (`yes`, `4/5 (Good)`, `n/a`).
    pub shown: String,
    /// 0..100; `None` when N/A and left out.
    pub score: Option<f64>,
    pub critical: bool,
    pub critical_failed: bool,
    pub comment: Option<String>,
    pub coaching: Option<String>,
    /// The criterion's share of the whole rubric's weight (0..1).
    pub weight_share: f64,
    /// The decided dispute that contested or changed this criterion.
    pub dispute: Option<Mark>,
}

/// A section with its criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub weight: f64,
    /// 0..100; `None` when every criterion was N/A (under `na_policy: exclude`).
    pub score: Option<f64>,
    /// Every criterion was answered N/A: under `na_policy: exclude` the score is `None` (shown
    /// as N/A and left out of the overall); under `na_policy: pass` the score is shown, marked.
    pub all_na: bool,
    /// The title as charts label it: marked when every criterion was N/A.
    pub chart_label: String,
    pub target: f64,
    pub below_target: bool,
    /// Set to 0 by a failed critical criterion (`critical_policy: zero_section`).
    pub zeroed: bool,
    pub criteria: Vec<Item>,
}

/// How to dispute the evaluation and until when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisputeInfo {
    /// The rubric's `dispute_days`.
    pub days: u32,
    /// The last day a dispute can be opened: the day it was scored plus `days`.
    pub last_day: String,
    /// Whether that day is today or later.
    pub open: bool,
    /// Days left from today (0 on the last day).
    pub days_left: i64,
    /// The dispute already open on it, if any.
    pub under_dispute: Option<OpenDispute>,
    /// Disputes a lead decided, oldest first; once there is one the sheet stops inviting more.
    pub decided: Vec<Decided>,
}

/// A dispute a lead has decided, as the agent reads it: the outcome, the lead's note and the
/// answers it changed, so the agent sees why each contested point was kept or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decided {
    pub id: i64,
    /// `accepted`, `partial` or `rejected`.
    pub outcome: String,
    pub resolved_by: String,
    pub resolved_at: String,
    pub note: String,
    /// The criteria the agent contested.
    pub contested: Vec<String>,
    /// The answers the decision changed (none when rejected).
    pub changes: Vec<Change>,
}

/// One answer a dispute's decision changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub key: String,
    pub text: String,
    pub from: String,
    pub to: String,
}

/// The decided dispute beside a criterion it contested or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    pub id: i64,
    pub outcome: String,
    pub note: String,
    /// The answer before the decision, when the decision changed it.
    pub from: Option<String>,
}

/// A dispute already open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenDispute {
    pub id: i64,
    pub opened_at: String,
}

/// What the sheet is built from, gathered by the command.
pub struct Input<'a> {
    pub detail: &'a Detail,
    pub rubric: &'a Rubric,
    pub agent: Option<Named>,
    pub location: Option<Named>,
    pub evaluator: Named,
    /// `interaction` or `visit`.
    pub subject_kind: &'static str,
    pub channel: Option<String>,
    pub duration_s: Option<i64>,
    pub under_dispute: Option<OpenDispute>,
    /// The evaluation's resolved disputes, oldest first.
    pub decided: &'a [Dispute],
}

/// Builds the sheet; `today` decides whether the dispute window is still open.
pub fn build(input: Input<'_>, lang: Lang, today: NaiveDate) -> Feedback {
    let d = input.detail;
    let s = &d.summary;
    let rev = d.current();
    let rubric = input.rubric;
    let mut sections = Vec::new();
    let mut all: Vec<Item> = Vec::new();
    for section in &rubric.sections {
        let mut criteria = Vec::new();
        for c in &section.criteria {
            let Some(a) = rev.answers.iter().find(|a| a.key == c.key) else {
                continue;
            };
            let item = Item {
                key: c.key.clone(),
                section: section.title.clone(),
                text: c.employee_wording().to_string(),
                answer: a.answer.clone(),
                shown: shown_answer(rubric, &c.key, &a.answer, lang),
                score: if a.answer == "na" {
                    None
                } else {
                    a.norm.map(|n| n * 100.0)
                },
                critical: c.critical,
                critical_failed: a.critical_failed,
                comment: a.comment.clone(),
                coaching: c.coaching.clone(),
                weight_share: weight_share(rubric, &c.key),
                dispute: None,
            };
            all.push(item.clone());
            criteria.push(item);
        }
        let scored = rev.sections.iter().find(|(id, _, _)| *id == section.id);
        let all_na = !criteria.is_empty() && criteria.iter().all(|i: &Item| i.answer == "na");
        let score = match rubric.na_policy {
            NaPolicy::Exclude if all_na => None,
            _ => scored.and_then(|(_, v, _)| *v),
        };
        let na_mark = match lang {
            Lang::Es => "todo N/A",
            Lang::En => "all N/A",
        };
        sections.push(SectionView {
            id: section.id.clone(),
            title: section.title.clone(),
            weight: section.weight,
            score,
            all_na,
            chart_label: if all_na {
                format!("{} ({na_mark})", section.title)
            } else {
                section.title.clone()
            },
            target: section.target,
            below_target: !all_na && score.is_some_and(|v| crate::rubric::below(v, section.target)),
            zeroed: scored.is_some_and(|(_, _, z)| *z),
            criteria,
        });
    }
    let decided = decided_disputes(d, rubric, input.decided, lang);
    for item in sections
        .iter_mut()
        .flat_map(|s| s.criteria.iter_mut())
        .chain(all.iter_mut())
    {
        item.dispute = mark(&decided, &item.key);
    }
    let critical_failures: Vec<Item> = all.iter().filter(|i| i.critical_failed).cloned().collect();
    let mut strengths: Vec<Item> = all
        .iter()
        .filter(|i| i.score.is_some_and(|v| crate::rubric::meets(v, 100.0)))
        .cloned()
        .collect();
    strengths.sort_by(|a, b| b.weight_share.total_cmp(&a.weight_share));
    strengths.truncate(STRENGTHS);
    let cost = |i: &Item| i.weight_share * (100.0 - i.score.unwrap_or(100.0));
    let mut to_work_on: Vec<Item> = all
        .iter()
        .filter(|i| i.score.is_some_and(|v| crate::rubric::below(v, 100.0)))
        .cloned()
        .collect();
    to_work_on.sort_by(|a, b| {
        b.critical_failed
            .cmp(&a.critical_failed)
            .then(cost(b).total_cmp(&cost(a)))
    });
    to_work_on.truncate(TO_WORK_ON);

    let scored_day = day_of(&s.scored_at).unwrap_or(today);
    let last_day = scored_day + Duration::days(i64::from(rubric.dispute_days));
    Feedback {
        evaluation: s.id,
        revision: s.revision,
        amended: (d.revisions.len() > 1).then(|| rev.reason.clone().unwrap_or_default()),
        practice: s.practice,
        agent: input.agent,
        location: input.location,
        evaluator: input.evaluator,
        subject: Subject {
            kind: input.subject_kind.to_string(),
            id: s.subject.clone(),
            channel: input.channel,
            occurred_at: crate::dates::local(&s.occurred_at),
            duration_s: input.duration_s,
        },
        scored_at: crate::dates::local(&s.scored_at),
        timezone: crate::dates::zone().name().to_string(),
        rubric: RubricRef::of(rubric),
        overall: rev.overall,
        band: rev.band.clone(),
        passed: rev.passed,
        pass_mark: rubric.pass_mark,
        critical_policy: rubric.critical_policy,
        critical_failures,
        sections,
        strengths,
        to_work_on,
        comment: rev.comment.clone().filter(|c| !c.trim().is_empty()),
        dispute: DisputeInfo {
            days: rubric.dispute_days,
            last_day: last_day.to_string(),
            open: today <= last_day,
            days_left: (last_day - today).num_days().max(0),
            under_dispute: input.under_dispute,
            decided,
        },
        acknowledged_at: s.acknowledged_at.as_deref().map(crate::dates::short),
        voice: None,
    }
}

/// The decided disputes with the answers each changed: the difference between the revision the
/// decision wrote and the one before it.
fn decided_disputes(d: &Detail, rubric: &Rubric, disputes: &[Dispute], lang: Lang) -> Vec<Decided> {
    let answers = |revision: u32| d.revisions.iter().find(|r| r.revision == revision).map(|r| &r.answers);
    disputes
        .iter()
        .filter(|x| x.status != DisputeStatus::Open)
        .map(|x| {
            let changes = match x.revision_after.filter(|_| x.status != DisputeStatus::Rejected) {
                Some(after) => match (answers(after.saturating_sub(1)), answers(after)) {
                    (Some(old), Some(new)) => new
                        .iter()
                        .filter_map(|a| {
                            let before = old.iter().find(|b| b.key == a.key)?;
                            (before.answer != a.answer).then(|| Change {
                                key: a.key.clone(),
                                text: rubric
                                    .criterion(&a.key)
                                    .map(|c| c.employee_wording().to_string())
                                    .unwrap_or_else(|| a.key.clone()),
                                from: shown_answer(rubric, &a.key, &before.answer, lang),
                                to: shown_answer(rubric, &a.key, &a.answer, lang),
                            })
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            Decided {
                id: x.id,
                outcome: x.status.as_str().to_string(),
                resolved_by: x.resolved_by.clone().unwrap_or_default(),
                resolved_at: x.resolved_at.as_deref().map(crate::dates::short).unwrap_or_default(),
                note: x.resolution_note.clone().unwrap_or_default(),
                contested: x.proposals.iter().map(|p| p.criterion.clone()).collect(),
                changes,
            }
        })
        .collect()
}

/// The latest decided dispute that changed or contested `key`.
fn mark(decided: &[Decided], key: &str) -> Option<Mark> {
    decided.iter().rev().find_map(|d| {
        let change = d.changes.iter().find(|c| c.key == key);
        (change.is_some() || d.contested.iter().any(|k| k == key)).then(|| Mark {
            id: d.id,
            outcome: d.outcome.clone(),
            note: d.note.clone(),
            from: change.map(|c| c.from.clone()),
        })
    })
}

/// The day of a stored time in the store's zone (or the day written at its start).
pub fn day_of(stored: &str) -> Option<NaiveDate> {
    crate::dates::day_of(stored).or_else(|| NaiveDate::parse_from_str(stored.get(..10)?, "%Y-%m-%d").ok())
}

/// An answer as people read it: `yes`/`sí`, `4/5 (Good)`, an option's name with spaces, `n/a`.
pub fn shown_answer(rubric: &Rubric, key: &str, answer: &str, lang: Lang) -> String {
    let es = lang == Lang::Es;
    match answer {
        "na" => return "n/a".into(),
        "yes" => return if es { "sí".into() } else { "yes".into() },
        "no" => return "no".into(),
        _ => {}
    }
    let Some(c) = rubric.criterion(key) else {
        return answer.to_string();
    };
    match &c.scale.kind {
        ScaleKind::Range { max, labels, .. } => {
            let label = answer
                .parse::<i64>()
                .ok()
                .and_then(|v| labels.iter().find(|(l, _)| *l == v))
                .map(|(_, text)| format!(" ({text})"))
                .unwrap_or_default();
            format!("{answer}/{max}{label}")
        }
        ScaleKind::Choice { .. } | ScaleKind::Binary => answer.replace('_', " "),
    }
}
