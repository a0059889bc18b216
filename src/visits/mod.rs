//! The rules of mystery-shopper visits that are not SQL: who sees and logs which visit
//! ([`access`]), a lead's review ([`review`]), which days a location opens ([`days`]), what a
//! photo says about when and where it was taken ([`photo`]), the reasons to doubt a visit
//! ([`checks`]) and safe file names for evidence written back out ([`names`]).

pub mod access;
pub mod checks;
pub mod days;
pub mod limits;
pub mod names;
pub mod photo;
pub mod plan;
pub mod review;
pub mod status;

mod error;
#[cfg(test)]
mod tests;

use crate::store::Store;
use anyhow::Result;
use checks::{Evidence, Thresholds, Verdict, VisitFacts};
pub use error::VisitError;
pub use limits::CheckArgs;
pub use status::VisitStatus;

/// The thresholds given on the command line, checked.
pub fn thresholds(args: &CheckArgs) -> Result<Thresholds> {
    let t = Thresholds {
        photo_hours: args.photo_hours,
        min_dwell_minutes: args.min_dwell,
        max_dwell_minutes: args.max_dwell,
        late_hours: args.late_hours,
    };
    let ok = |v: f64| v.is_finite() && v >= 0.0;
    if !(ok(t.photo_hours) && ok(t.min_dwell_minutes) && ok(t.max_dwell_minutes) && ok(t.late_hours))
        || t.min_dwell_minutes > t.max_dwell_minutes
    {
        return Err(VisitError::BadThresholds.into());
    }
    Ok(t)
}

/// The integrity verdict of one visit (a logged visit; `None` while planned).
pub fn verdict(store: &Store, id: i64, tz: chrono_tz::Tz, t: &Thresholds) -> Result<Option<Verdict>> {
    let Some(v) = store.visit(id)? else { return Ok(None) };
    let Some(visited) = v.visited_at.as_deref() else {
        return Ok(None);
    };
    let logged = store.visit_logged_at(id)?.unwrap_or_else(|| visited.to_string());
    let reused: Vec<Vec<i64>> = v
        .attachments
        .iter()
        .map(|a| store.visits_with_file(&a.sha256, id))
        .collect::<Result<_>>()?;
    // Evidence stored before media types and EXIF facts were recorded is read again here (and
    // not rewritten: the store keeps what was logged).
    let facts_of: Vec<(String, Option<String>)> = v
        .attachments
        .iter()
        .map(|a| match &a.media_type {
            Some(t) => Ok((t.clone(), a.taken_at.clone())),
            None => {
                let f = photo::facts(&store.attachment_content(a.id)?);
                Ok((f.media_type, f.taken_at))
            }
        })
        .collect::<Result<_>>()?;
    let facts = VisitFacts {
        visited_at: visited,
        departed_at: v.departed_at.as_deref(),
        logged_at: &logged,
        tz,
        evidence: v
            .attachments
            .iter()
            .zip(&reused)
            .zip(&facts_of)
            .map(|((a, also), (media_type, taken_at))| Evidence {
                name: &a.file_name,
                media_type,
                taken_at: taken_at.as_deref(),
                also_on: also,
            })
            .collect(),
    };
    Ok(Some(checks::check(&facts, t)))
}
