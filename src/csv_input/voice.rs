//! The customer-voice columns of an interaction import (`csat`, `nps`, `complaint`,
//! `response_s`, `resolved`, `reopened`, `complaint_opened_at`, `complaint_closed_at`,
//! `escalated_at`, `reason`): each cell read by the rules of `voice::values`, a bad one named by
//! its column.

use super::{CellProblem, Columns, Row, TimeRules};
use crate::dates;
use crate::voice::values::{self, ContactVoice, CsatPlan};

/// The customer-voice columns, in the order the documentation lists them.
pub const VOICE_FIELDS: &[&str] = &[
    "csat",
    "nps",
    "complaint",
    "response_s",
    "resolved",
    "reopened",
    "complaint_opened_at",
    "complaint_closed_at",
    "escalated_at",
    "reason",
];

/// A bad customer-voice cell: its column and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceProblem {
    pub field: &'static str,
    pub problem: CellProblem,
}

/// Reads the customer-voice cells of `row`. `csat` is the plan of the import's CSAT scale.
pub fn read_voice(row: &Row, cols: &Columns, times: &TimeRules, csat: &CsatPlan) -> Result<ContactVoice, VoiceProblem> {
    let cell = |field: &str| row.text(cols.index(field));
    fn bad<P: Into<CellProblem>>(field: &'static str) -> impl Fn(P) -> VoiceProblem {
        move |problem| VoiceProblem {
            field,
            problem: problem.into(),
        }
    }
    let flag = |field: &'static str| cell(field).map(values::boolean).transpose().map_err(bad(field));
    let time = |field: &'static str| {
        cell(field)
            .map(|t| times.parse(t).map(dates::store_time))
            .transpose()
            .map_err(bad(field))
    };
    let complaint = cell("complaint").map(values::complaint);
    let voice = ContactVoice {
        csat: cell("csat").map(|t| csat.read(t)).transpose().map_err(bad("csat"))?,
        nps: cell("nps").map(values::nps).transpose().map_err(bad("nps"))?,
        complaint: complaint.as_ref().map(|c| c.complaint),
        complaint_reason: complaint.and_then(|c| c.reason),
        response_s: cell("response_s")
            .map(values::response_seconds)
            .transpose()
            .map_err(bad("response_s"))?,
        resolved: flag("resolved")?,
        reopened: flag("reopened")?,
        complaint_opened_at: time("complaint_opened_at")?,
        complaint_closed_at: time("complaint_closed_at")?,
        escalated_at: time("escalated_at")?,
        reason: cell("reason").map(|r| r.trim().to_string()),
    };
    // Store times are RFC 3339 in UTC, so they compare as text.
    if let (Some(opened), Some(closed)) = (&voice.complaint_opened_at, &voice.complaint_closed_at)
        && closed < opened
    {
        return Err(VoiceProblem {
            field: "complaint_closed_at",
            problem: format!("{closed} is before complaint_opened_at {opened}").into(),
        });
    }
    Ok(voice)
}
