//! The visit report: one visit as a lead reviews it (or its shopper reads it), in one place:
//! where, who, when (in the location's time zone), dwell and wait, the narrative, the evidence
//! (photos inline in the printable report), every submission and review with its notes, the
//! scores, and, for leads only, the integrity findings and EXIF positions.

use super::common::Named;
use super::feedback::shown_answer;
use crate::lang::Lang;
use crate::rubric::{NaPolicy, Rubric};
use crate::store::evaluations::Detail;
use crate::store::visits::{AttachmentInfo, VisitDetail};
use crate::visits::checks::Verdict;
use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    pub visit: i64,
    pub status: String,
    pub location: Named,
    pub timezone: String,
    pub shopper: Option<Named>,
    pub staff_agent: Option<Named>,
    pub plan: Option<i64>,
    pub planned_for: Option<String>,
    /// Local times in the location's time zone, `YYYY-MM-DD HH:MM`.
    pub arrived: Option<String>,
    pub departed: Option<String>,
    pub dwell_minutes: Option<i64>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    pub evidence: Vec<EvidenceView>,
    pub submissions: Vec<SubmissionView>,
    pub reviews: Vec<ReviewView>,
    pub scores: Option<ScoresView>,
    /// Whether the reader is a lead (integrity findings and GPS are shown to leads only).
    pub lead: bool,
    pub integrity: Option<IntegrityView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub submission: Option<u32>,
    pub added_at: String,
    /// The EXIF time, as the camera wrote it.
    pub taken_at: Option<String>,
    /// Leads only.
    pub gps: Option<String>,
    pub removed: Option<String>,
    /// `data:` URI of a photo, for the printable report only.
    pub inline: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionView {
    pub submission: u32,
    pub by: String,
    pub at: String,
    pub staff_agent: Option<String>,
    pub arrived: String,
    pub departed: Option<String>,
    pub wait_minutes: Option<f64>,
    pub narrative: Option<String>,
    pub evaluation: Option<i64>,
    pub evaluation_revision: Option<u32>,
    pub overall: Option<f64>,
    pub answers: Vec<AnswerView>,
    /// The keys whose answers differ from the previous submission.
    pub changed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub key: String,
    pub text: String,
    pub answer: String,
    pub shown: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub status: String,
    pub by: String,
    pub at: String,
    pub submission: Option<u32>,
    pub note: Option<String>,
    pub comments: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoresView {
    pub evaluation: i64,
    pub rubric: String,
    pub overall: f64,
    pub band: Option<String>,
    pub passed: bool,
    pub sections: Vec<SectionScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionScore {
    pub title: String,
    pub score: Option<f64>,
    /// Every criterion answered N/A (under `na_policy: pass` the score is shown, marked).
    pub all_na: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntegrityView {
    pub outcome: String,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub check: String,
    pub outcome: String,
    pub reason: String,
}

/// What the report is built from.
pub struct Input<'a> {
    pub detail: &'a VisitDetail,
    pub location: Named,
    pub tz: Tz,
    pub shopper: Option<Named>,
    pub staff_agent: Option<Named>,
    pub evaluation: Option<&'a Detail>,
    pub rubric: Option<&'a Rubric>,
    pub lead: bool,
    pub verdict: Option<Verdict>,
    /// Photo bytes by attachment id, to inline (printable reports only).
    pub photos: BTreeMap<i64, Vec<u8>>,
}

/// A stored UTC time in the location's zone.
pub fn local(stored: &str, tz: Tz) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

fn minutes_between(a: &str, b: &str) -> Option<i64> {
    let a = DateTime::parse_from_rfc3339(a).ok()?;
    let b = DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_minutes())
}

pub fn build(input: Input<'_>, lang: Lang) -> VisitView {
    use base64::Engine;
    let es = lang == Lang::Es;
    let d = input.detail;
    let v = &d.visit;
    let tz = input.tz;
    let evidence = d
        .evidence
        .iter()
        .map(|a: &AttachmentInfo| EvidenceView {
            name: a.file_name.clone(),
            media_type: a
                .media_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: a.size,
            sha256: a.sha256.clone(),
            submission: a.revision,
            added_at: local(&a.added_at, tz),
            taken_at: a.taken_at.clone(),
            gps: a.gps.clone().filter(|_| input.lead),
            removed: a.removed.as_ref().map(|r| {
                let purged = if r.purged_at.is_some() {
                    if es { "; bytes purgados" } else { "; bytes purged" }
                } else {
                    ""
                };
                format!(
                    "{} {}, {}: {}{purged}",
                    r.by,
                    local(&r.at, tz),
                    if es { "motivo" } else { "reason" },
                    r.reason
                )
            }),
            inline: input.photos.get(&a.id).map(|bytes| {
                format!(
                    "data:{};base64,{}",
                    a.media_type.as_deref().unwrap_or("image/jpeg"),
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                )
            }),
        })
        .collect();
    let rubric = input.rubric;
    let answers_of = |rev: Option<&crate::store::evaluations::Revision>| -> Vec<AnswerView> {
        let (Some(rev), Some(rubric)) = (rev, rubric) else {
            return Vec::new();
        };
        rubric
            .criteria()
            .filter_map(|c| {
                let a = rev.answers.iter().find(|a| a.key == c.key)?;
                Some(AnswerView {
                    key: c.key.clone(),
                    text: c.text.clone(),
                    answer: a.answer.clone(),
                    shown: shown_answer(rubric, &c.key, &a.answer, lang),
                    comment: a.comment.clone(),
                })
            })
            .collect()
    };
    let mut submissions: Vec<SubmissionView> = Vec::new();
    for r in &d.revisions {
        let rev = input
            .evaluation
            .and_then(|e| e.revisions.iter().find(|x| Some(x.revision) == r.evaluation_revision));
        let answers = answers_of(rev);
        let changed = match submissions.last() {
            Some(prev) => answers
                .iter()
                .filter(|a| {
                    prev.answers
                        .iter()
                        .find(|p| p.key == a.key)
                        .is_none_or(|p| p.answer != a.answer)
                })
                .map(|a| a.key.clone())
                .collect(),
            None => Vec::new(),
        };
        submissions.push(SubmissionView {
            submission: r.revision,
            by: r.submitted_by.clone(),
            at: local(&r.submitted_at, tz),
            staff_agent: r.staff_agent.clone(),
            arrived: local(&r.visited_at, tz),
            departed: r.departed_at.as_deref().map(|t| local(t, tz)),
            wait_minutes: r.wait_minutes,
            narrative: r.narrative.clone(),
            evaluation: r.evaluation,
            evaluation_revision: r.evaluation_revision,
            overall: rev.map(|x| x.overall),
            answers,
            changed,
        });
    }
    let mut reviews: Vec<ReviewView> = d
        .reviews
        .iter()
        .map(|r| ReviewView {
            status: r.status.clone(),
            by: r.by.clone(),
            at: local(&r.at, tz),
            submission: r.revision,
            note: r.note.clone(),
            comments: r.comments.iter().map(|(k, t)| (k.clone(), t.clone())).collect(),
        })
        .collect();
    // A review made before reviews were kept one by one survives on the visit itself.
    if reviews.is_empty()
        && let (Some(by), "approved" | "returned") = (&v.reviewed_by, v.status.as_str())
    {
        reviews.push(ReviewView {
            status: v.status.clone(),
            by: by.clone(),
            at: String::new(),
            submission: None,
            note: v.review_note.clone(),
            comments: Vec::new(),
        });
    }
    let scores = match (input.evaluation, rubric) {
        (Some(e), Some(rubric)) => {
            let rev = e.current();
            Some(ScoresView {
                evaluation: e.summary.id,
                rubric: format!("{} v{}", rubric.id, rubric.version),
                overall: rev.overall,
                band: rev.band.clone(),
                passed: rev.passed,
                sections: rubric
                    .sections
                    .iter()
                    .map(|s| {
                        let all_na = s.criteria.iter().all(|c| {
                            rev.answers
                                .iter()
                                .find(|a| a.key == c.key)
                                .is_none_or(|a| a.answer == "na")
                        });
                        let score = rev
                            .sections
                            .iter()
                            .find(|(id, _, _)| *id == s.id)
                            .and_then(|(_, v, _)| *v);
                        SectionScore {
                            title: s.title.clone(),
                            score: if all_na && rubric.na_policy == NaPolicy::Exclude {
                                None
                            } else {
                                score
                            },
                            all_na,
                        }
                    })
                    .collect(),
            })
        }
        _ => None,
    };
    let integrity = input.verdict.filter(|_| input.lead).map(|verdict| IntegrityView {
        outcome: verdict.outcome.label(es).to_string(),
        findings: verdict
            .findings
            .into_iter()
            .map(|f| FindingView {
                check: f.check.to_string(),
                outcome: f.outcome.label(es).to_string(),
                reason: if es { f.reason_es } else { f.reason },
            })
            .collect(),
    });
    VisitView {
        visit: v.id,
        status: v.status.clone(),
        location: input.location,
        timezone: tz.name().to_string(),
        shopper: input.shopper,
        staff_agent: input.staff_agent,
        plan: v.plan,
        planned_for: v.planned_for.clone(),
        arrived: v.visited_at.as_deref().map(|t| local(t, tz)),
        departed: v.departed_at.as_deref().map(|t| local(t, tz)),
        dwell_minutes: match (&v.visited_at, &v.departed_at) {
            (Some(a), Some(b)) => minutes_between(a, b),
            _ => None,
        },
        wait_minutes: v.wait_minutes,
        narrative: v.narrative.clone(),
        evidence,
        submissions,
        reviews,
        scores,
        lead: input.lead,
        integrity,
    }
}
