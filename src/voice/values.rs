//! The customer-voice values of one contact, as typed values: which words and numbers each
//! field takes, and why a cell is refused. Import front ends (`csv_input::voice`) call these
//! per cell; the messages name the value, not the flags (the adapter adds those).

/// What one contact's export says of the customer's voice; every field is optional (`None`:
/// the export does not say). Times are as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContactVoice {
    /// On the store's CSAT scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_s: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopened: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_opened_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_closed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalated_at: Option<String>,
    /// The contact reason, as the export names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The scale a CSAT answer is given on: one type for the import and the statistics.
pub use crate::stats::voice::CsatScale;

/// How the CSAT values of one import reach the store: as written, or carried from the file's
/// scale to the store's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsatPlan {
    /// The scale the file's values are written on.
    pub file: CsatScale,
    /// The scale the store keeps (the file's when the store has none yet).
    pub store: CsatScale,
}

/// A file declared on another scale than the store keeps, without `--rescale`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the store keeps CSAT on the {store} scale; this file is declared {file}")]
pub struct ScaleMismatch {
    pub store: CsatScale,
    pub file: CsatScale,
}

impl CsatPlan {
    /// Decides how values on `file` are stored in a store keeping `stored` (none yet: the file's
    /// scale becomes the store's). A different scale is refused unless `rescale`.
    pub fn decide(stored: Option<CsatScale>, file: CsatScale, rescale: bool) -> Result<Self, ScaleMismatch> {
        match stored {
            None => Ok(Self { file, store: file }),
            Some(store) if store == file || rescale => Ok(Self { file, store }),
            Some(store) => Err(ScaleMismatch { store, file }),
        }
    }

    /// One CSAT cell: an integer on the file's scale, stored on the store's.
    pub fn read(&self, text: &str) -> Result<i64, String> {
        let v = integer(text).ok_or_else(|| format!("`{}` is not a whole number", text.trim()))?;
        if !(1..=i64::from(self.file.max())).contains(&v) {
            return Err(format!("{v} is outside the {} scale", self.file));
        }
        Ok(self.file.rescale(v, self.store))
    }
}

/// An NPS answer: a whole number from 0 to 10.
pub fn nps(text: &str) -> Result<i64, String> {
    let v = integer(text).ok_or_else(|| format!("`{}` is not a whole number from 0 to 10", text.trim()))?;
    if !(0..=10).contains(&v) {
        return Err(format!("{v} is outside 0-10"));
    }
    Ok(v)
}

/// A yes/no cell, in English or Spanish: yes, y, true, 1, sí, si / no, n, false, 0.
pub fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "sí" | "si" | "s" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!(
            "`{}` is not yes or no (yes/no, true/false, 1/0, sí/no)",
            text.trim()
        )),
    }
}

/// A complaint cell: yes or no, or the complaint's reason (any other text, which means yes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub complaint: bool,
    pub reason: Option<String>,
}

pub fn complaint(text: &str) -> Complaint {
    match boolean(text) {
        Ok(complaint) => Complaint {
            complaint,
            reason: None,
        },
        Err(_) => Complaint {
            complaint: true,
            reason: Some(text.trim().to_string()),
        },
    }
}

/// The longest response time taken: 400 days (an email answered after a year is a data error).
pub const MAX_RESPONSE_S: i64 = 400 * 86_400;

/// A response time: seconds (`95`), `mm:ss`/`hh:mm:ss`, or a span like `4m`, `2h`, `1h30m`,
/// `3d` (s, m, h, d units). Refused over [`MAX_RESPONSE_S`].
pub fn response_seconds(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let seconds = if t.contains(':') { clock(t) } else { span(t) };
    let s = seconds
        .ok_or_else(|| format!("`{t}` is not a time span; write seconds (95), mm:ss (1:35) or 4m, 2h, 1h30m, 3d"))?;
    if s > MAX_RESPONSE_S {
        return Err(format!("`{t}` is over 400 days; is it in milliseconds?"));
    }
    Ok(s)
}

/// `95`, `4m`, `2h`, `1h30m`, `3d`, `90s`: whole numbers with units, largest first.
pub fn span(t: &str) -> Option<i64> {
    let t = t.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().ok();
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut last_unit = i64::MAX;
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        if digits.is_empty() || unit >= last_unit {
            return None;
        }
        let n: i64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
        last_unit = unit;
    }
    digits.is_empty().then_some(total)
}

/// `mm:ss` or `hh:mm:ss` (hours unbounded).
fn clock(t: &str) -> Option<i64> {
    let parts: Vec<&str> = t.split(':').collect();
    let n =
        |p: &str| -> Option<i64> { (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse().ok())? };
    match parts.as_slice() {
        [m, s] => Some(n(m)? * 60 + n(s).filter(|s| *s < 60)?),
        [h, m, s] => Some(n(h)? * 3600 + n(m).filter(|m| *m < 60)? * 60 + n(s).filter(|s| *s < 60)?),
        _ => None,
    }
}

/// A whole number (a trailing `.0` or `,0` as spreadsheets write them is allowed).
fn integer(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_suffix(".0").or_else(|| t.strip_suffix(",0")).unwrap_or(t);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 6 {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_is_read_on_the_files_scale_and_kept_on_the_stores() {
        let same = CsatPlan::decide(None, CsatScale::OneToFive, false).unwrap();
        assert_eq!(same.read(" 4 "), Ok(4));
        assert!(same.read("6").unwrap_err().contains("outside the 1-5 scale"));
        assert!(same.read("0").is_err());
        assert!(same.read("4.5").is_err());
        let refused = CsatPlan::decide(Some(CsatScale::OneToFive), CsatScale::OneToTen, false);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "the store keeps CSAT on the 1-5 scale; this file is declared 1-10"
        );
        let carried = CsatPlan::decide(Some(CsatScale::OneToFive), CsatScale::OneToTen, true).unwrap();
        let read: Vec<i64> = (1..=10).map(|v| carried.read(&v.to_string()).unwrap()).collect();
        assert_eq!(read, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(CsatScale::OneToFive.rescale(4, CsatScale::OneToTen), 8);
        assert_eq!(CsatScale::parse("1 – 10"), Ok(CsatScale::OneToTen));
        assert!(CsatScale::parse("0-10").is_err());
    }

    #[test]
    fn nps_booleans_and_complaints() {
        assert_eq!(nps("10"), Ok(10));
        assert_eq!(nps("0"), Ok(0));
        assert!(nps("11").unwrap_err().contains("outside 0-10"));
        assert!(nps("-1").is_err());
        assert_eq!(boolean("Sí"), Ok(true));
        assert_eq!(boolean("FALSE"), Ok(false));
        assert!(boolean("maybe").is_err());
        assert!(!complaint("no").complaint);
        let c = complaint(" Cobro duplicado ");
        assert!(c.complaint);
        assert_eq!(c.reason.as_deref(), Some("Cobro duplicado"));
    }

    #[test]
    fn response_times_take_seconds_clocks_and_spans() {
        assert_eq!(response_seconds("95"), Ok(95));
        assert_eq!(response_seconds("1:35"), Ok(95));
        assert_eq!(response_seconds("26:00:00"), Ok(93_600));
        assert_eq!(response_seconds("4m"), Ok(240));
        assert_eq!(response_seconds("2h"), Ok(7_200));
        assert_eq!(response_seconds("1h30m"), Ok(5_400));
        assert_eq!(response_seconds("3d"), Ok(259_200));
        for bad in ["", "4x", "m", "30m1h", "1:75", "-5", "401d"] {
            assert!(response_seconds(bad).is_err(), "{bad}");
        }
    }
}
