//! Reasons to doubt a visit, the way field-work platforms check their shoppers: the same photo
//! on two visits, a photo taken far from the visit, impossible or implausible times, and a visit
//! logged long after it happened.
//!
//! Every check ends in a finding with a reason, never a silent pass: a visit whose photos carry
//! no EXIF time is `unverifiable`, not `verified`. A visit is `doubtful` when any finding is,
//! else `unverifiable` when any finding is, else `verified`. The thresholds are
//! [`Thresholds::default`] and can be changed per command (`--photo-hours`, `--min-dwell`,
//! `--max-dwell`, `--late-hours`).

use crate::dates;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// The limits the checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// A photo taken more than this many hours before arrival or after departure is doubtful.
    pub photo_hours: f64,
    /// A dwell (arrival to departure) shorter than this many minutes is implausible.
    pub min_dwell_minutes: f64,
    /// A dwell longer than this many minutes is implausible.
    pub max_dwell_minutes: f64,
    /// A visit first logged more than this many hours after the shopper left is late.
    pub late_hours: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            photo_hours: 2.0,
            min_dwell_minutes: 3.0,
            max_dwell_minutes: 240.0,
            late_hours: 72.0,
        }
    }
}

/// The outcome of one check, or of a whole visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Verified,
    Unverifiable,
    Doubtful,
}

impl Outcome {
    pub fn label(self, es: bool) -> &'static str {
        match (self, es) {
            (Outcome::Verified, false) => "verified",
            (Outcome::Unverifiable, false) => "unverifiable",
            (Outcome::Doubtful, false) => "doubtful",
            (Outcome::Verified, true) => "verificada",
            (Outcome::Unverifiable, true) => "no verificable",
            (Outcome::Doubtful, true) => "dudosa",
        }
    }
}

/// One check's finding, with its reason in English and Spanish.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `times`, `dwell`, `logged`, `photo_time` or `photo_reused`.
    pub check: &'static str,
    pub outcome: Outcome,
    pub reason: String,
    pub reason_es: String,
}

/// A visit's findings and its overall outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub outcome: Outcome,
    pub findings: Vec<Finding>,
}

/// An evidence file as the checks see it.
pub struct Evidence<'a> {
    pub name: &'a str,
    pub media_type: &'a str,
    /// The EXIF time as stored by [`super::photo::facts`].
    pub taken_at: Option<&'a str>,
    /// Other visits holding a file with the same sha256.
    pub also_on: &'a [i64],
}

/// What the checks read about one visit.
pub struct VisitFacts<'a> {
    /// Stored times (UTC).
    pub visited_at: &'a str,
    pub departed_at: Option<&'a str>,
    /// When the shopper first logged it.
    pub logged_at: &'a str,
    /// The location's time zone, in which EXIF times without an offset are read.
    pub tz: Tz,
    pub evidence: Vec<Evidence<'a>>,
}

fn parse(stored: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stored).ok().map(|t| t.with_timezone(&Utc))
}

fn hours(d: Duration) -> f64 {
    d.num_seconds() as f64 / 3600.0
}

fn finding(check: &'static str, outcome: Outcome, reason: String, reason_es: String) -> Finding {
    Finding {
        check,
        outcome,
        reason,
        reason_es,
    }
}

/// Runs every check on one visit.
pub fn check(v: &VisitFacts<'_>, t: &Thresholds) -> Verdict {
    use Outcome::*;
    let mut out = Vec::new();
    let arrived = parse(v.visited_at);
    let departed = v.departed_at.and_then(parse);
    match (arrived, departed) {
        (Some(a), Some(d)) if d < a => out.push(finding(
            "times",
            Doubtful,
            "departure is before arrival".into(),
            "la salida es anterior a la llegada".into(),
        )),
        (Some(a), Some(d)) => {
            let minutes = (d - a).num_seconds() as f64 / 60.0;
            if minutes < t.min_dwell_minutes {
                out.push(finding(
                    "dwell",
                    Doubtful,
                    format!(
                        "stayed {minutes:.0} min, under the {:.0} min a visit takes",
                        t.min_dwell_minutes
                    ),
                    format!(
                        "estancia de {minutes:.0} min, menos de los {:.0} min de una visita",
                        t.min_dwell_minutes
                    ),
                ));
            } else if minutes > t.max_dwell_minutes {
                out.push(finding(
                    "dwell",
                    Doubtful,
                    format!("stayed {minutes:.0} min, over the {:.0} min limit", t.max_dwell_minutes),
                    format!(
                        "estancia de {minutes:.0} min, más del límite de {:.0} min",
                        t.max_dwell_minutes
                    ),
                ));
            } else {
                out.push(finding(
                    "dwell",
                    Verified,
                    format!("stayed {minutes:.0} min"),
                    format!("estancia de {minutes:.0} min"),
                ));
            }
        }
        _ => out.push(finding(
            "dwell",
            Unverifiable,
            "no departure time: the dwell cannot be checked".into(),
            "sin hora de salida: no se puede comprobar la estancia".into(),
        )),
    }
    let end = departed.filter(|d| arrived.is_none_or(|a| *d >= a)).or(arrived);
    if let (Some(end), Some(logged)) = (end, parse(v.logged_at)) {
        let late = hours(logged - end);
        if late > t.late_hours {
            out.push(finding(
                "logged",
                Doubtful,
                format!("logged {late:.0} h after the visit (limit {:.0} h)", t.late_hours),
                format!(
                    "registrada {late:.0} h después de la visita (límite {:.0} h)",
                    t.late_hours
                ),
            ));
        } else {
            out.push(finding(
                "logged",
                Verified,
                format!("logged {late:.0} h after the visit"),
                format!("registrada {late:.0} h después de la visita",),
            ));
        }
    }
    let photos: Vec<&Evidence<'_>> = v
        .evidence
        .iter()
        .filter(|e| e.media_type.starts_with("image/"))
        .collect();
    if photos.is_empty() {
        out.push(finding(
            "photo_time",
            Unverifiable,
            "no photo: nothing shows when the shopper was there".into(),
            "sin fotos: nada muestra cuándo estuvo el comprador".into(),
        ));
    }
    for p in &photos {
        let taken = p.taken_at.and_then(|s| dates::parse_time(s, v.tz).ok());
        match (taken, arrived) {
            (None, _) | (_, None) => out.push(finding(
                "photo_time",
                Unverifiable,
                format!("{}: no EXIF time", p.name),
                format!("{}: sin hora EXIF", p.name),
            )),
            (Some(when), Some(a)) => {
                let end = end.unwrap_or(a);
                let off = if when < a {
                    hours(a - when)
                } else if when > end {
                    hours(when - end)
                } else {
                    0.0
                };
                let local = when.with_timezone(&v.tz).format("%Y-%m-%d %H:%M");
                if off > t.photo_hours {
                    out.push(finding(
                        "photo_time",
                        Doubtful,
                        format!(
                            "{}: taken {local} ({}), {} from the visit (limit {:.0} h)",
                            p.name,
                            v.tz,
                            span(off, false),
                            t.photo_hours
                        ),
                        format!(
                            "{}: tomada el {local} ({}), a {} de la visita (límite {:.0} h)",
                            p.name,
                            v.tz,
                            span(off, true),
                            t.photo_hours
                        ),
                    ));
                } else {
                    out.push(finding(
                        "photo_time",
                        Verified,
                        format!("{}: taken {local} ({}), during the visit", p.name, v.tz),
                        format!("{}: tomada el {local} ({}), durante la visita", p.name, v.tz),
                    ));
                }
            }
        }
    }
    for e in &v.evidence {
        if !e.also_on.is_empty() {
            let list = e.also_on.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            out.push(finding(
                "photo_reused",
                Doubtful,
                format!("{}: the same file (sha256) is on visit {list}", e.name),
                format!("{}: el mismo archivo (sha256) está en la visita {list}", e.name),
            ));
        }
    }
    let outcome = out.iter().map(|f| f.outcome).max().unwrap_or(Unverifiable);
    Verdict { outcome, findings: out }
}

/// `5 h` or `7.0 days`.
fn span(hours: f64, es: bool) -> String {
    if hours < 48.0 {
        format!("{hours:.1} h")
    } else if es {
        format!("{:.1} días", hours / 24.0)
    } else {
        format!("{:.1} days", hours / 24.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        visited: &'a str,
        departed: Option<&'a str>,
        logged: &'a str,
        evidence: Vec<Evidence<'a>>,
    ) -> VisitFacts<'a> {
        VisitFacts {
            visited_at: visited,
            departed_at: departed,
            logged_at: logged,
            tz: chrono_tz::Europe::Madrid,
            evidence,
        }
    }

    fn photo<'a>(taken: Option<&'a str>, also_on: &'a [i64]) -> Evidence<'a> {
        Evidence {
            name: "p.jpg",
            media_type: "image/jpeg",
            taken_at: taken,
            also_on,
        }
    }

    #[test]
    fn a_clean_visit_is_verified() {
        // 11:05 to 11:40 Madrid time is 10:05 to 10:40 UTC; the photo at 11:20 local.
        let v = facts(
            "2026-11-20T10:05:00Z",
            Some("2026-11-20T10:40:00Z"),
            "2026-11-20T12:00:00Z",
            vec![photo(Some("2026-11-20T11:20:00"), &[])],
        );
        let verdict = check(&v, &Thresholds::default());
        assert_eq!(verdict.outcome, Outcome::Verified, "{verdict:#?}");
        assert_eq!(verdict.findings.len(), 3);
    }

    #[test]
    fn every_doubt_has_its_reason() {
        let t = Thresholds::default();
        let off = facts(
            "2026-11-20T10:05:00Z",
            Some("2026-11-20T10:07:00Z"),
            "2026-11-25T10:00:00Z",
            vec![photo(Some("2026-11-13T11:20:00"), &[4])],
        );
        let v = check(&off, &t);
        assert_eq!(v.outcome, Outcome::Doubtful);
        let checks: Vec<(&str, Outcome)> = v.findings.iter().map(|f| (f.check, f.outcome)).collect();
        assert_eq!(
            checks,
            [
                ("dwell", Outcome::Doubtful),
                ("logged", Outcome::Doubtful),
                ("photo_time", Outcome::Doubtful),
                ("photo_reused", Outcome::Doubtful)
            ]
        );
        assert!(v.findings[2].reason.contains("7.0 days"), "{}", v.findings[2].reason);
        assert!(v.findings[3].reason.contains("visit 4"));
        let backwards = facts(
            "2026-11-20T10:05:00Z",
            Some("2026-11-20T09:00:00Z"),
            "2026-11-20T12:00:00Z",
            vec![],
        );
        assert_eq!(check(&backwards, &t).findings[0].reason, "departure is before arrival");
        // Just inside the photo limit (2 h after departure) is fine; the camera's own offset wins.
        let edge = facts(
            "2026-11-20T10:05:00Z",
            Some("2026-11-20T10:40:00Z"),
            "2026-11-20T12:00:00Z",
            vec![photo(Some("2026-11-20T12:40:00+00:00"), &[])],
        );
        assert_eq!(check(&edge, &t).outcome, Outcome::Verified);
    }

    #[test]
    fn missing_facts_are_unverifiable_never_verified() {
        let v = facts(
            "2026-11-20T10:05:00Z",
            None,
            "2026-11-20T12:00:00Z",
            vec![photo(None, &[])],
        );
        let verdict = check(&v, &Thresholds::default());
        assert_eq!(verdict.outcome, Outcome::Unverifiable);
        assert!(verdict.findings.iter().any(|f| f.reason == "p.jpg: no EXIF time"));
        let none = facts(
            "2026-11-20T10:05:00Z",
            Some("2026-11-20T10:40:00Z"),
            "2026-11-20T12:00:00Z",
            vec![],
        );
        assert_eq!(check(&none, &Thresholds::default()).outcome, Outcome::Unverifiable);
    }
}
