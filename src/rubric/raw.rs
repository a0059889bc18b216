//! Serde types that mirror the rubric YAML exactly (DESIGN.md section 2).
//!
//! Every field is optional and every enumeration is a plain string here, so that a file with
//! several mistakes still deserialises and validation (`validate.rs`) can report all of them at
//! once, each at its own line. Unknown fields are not rejected by serde: the loader collects
//! them with `serde_ignored` and suggests the closest known name.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Reads an id written as a plain scalar: `id: 1` is the id "1", as a rubric author means it.
fn scalar_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::Null => Ok(None),
        serde_yaml::Value::String(s) => Ok(Some(s)),
        serde_yaml::Value::Number(n) => Ok(Some(n.to_string())),
        serde_yaml::Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(D::Error::custom("invalid type: a list or mapping, expected an id")),
    }
}

/// The whole rubric file.
#[derive(Debug, Deserialize)]
pub struct RawRubric {
    pub id: Option<String>,
    pub version: Option<i64>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub subject: Option<String>,
    pub channels: Option<Vec<String>>,
    pub pass_mark: Option<f64>,
    pub critical_policy: Option<String>,
    pub na_policy: Option<String>,
    pub dispute_days: Option<i64>,
    pub bands: Option<Vec<RawBand>>,
    pub scales: Option<BTreeMap<String, RawScale>>,
    pub sections: Option<Vec<RawSection>>,
    pub flags: Option<Vec<RawFlag>>,
}

/// One entry of `bands`.
#[derive(Debug, Deserialize)]
pub struct RawBand {
    pub min: Option<f64>,
    pub label: Option<String>,
}

/// One entry of `scales`; which fields apply depends on `type`.
#[derive(Debug, Deserialize)]
pub struct RawScale {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub labels: Option<BTreeMap<i64, String>>,
    /// Kept in file order: the order of options is the order a prompt offers them.
    pub options: Option<serde_yaml::Mapping>,
}

/// One entry of `sections`.
#[derive(Debug, Deserialize)]
pub struct RawSection {
    #[serde(default, deserialize_with = "scalar_id")]
    pub id: Option<String>,
    pub title: Option<String>,
    pub weight: Option<f64>,
    pub target: Option<f64>,
    pub criteria: Option<Vec<RawCriterion>>,
}

/// One entry of a section's `criteria`.
#[derive(Debug, Deserialize)]
pub struct RawCriterion {
    #[serde(default, deserialize_with = "scalar_id")]
    pub id: Option<String>,
    pub text: Option<String>,
    pub employee_text: Option<String>,
    pub scale: Option<String>,
    pub weight: Option<f64>,
    pub na: Option<bool>,
    pub critical: Option<bool>,
    pub fail_below: Option<f64>,
    pub comment_required_below: Option<f64>,
    pub kpi: Option<String>,
    pub guidance: Option<String>,
    pub coaching: Option<String>,
}

/// One entry of `flags` (DESIGN.md section 5).
#[derive(Debug, Deserialize)]
pub struct RawFlag {
    #[serde(default, deserialize_with = "scalar_id")]
    pub id: Option<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
    pub window_days: Option<i64>,
    pub min_evaluations: Option<i64>,
    pub average_at_least: Option<f64>,
    pub average_below: Option<f64>,
    pub max_critical_failures: Option<i64>,
    pub critical_failures_at_least: Option<i64>,
    pub confidence: Option<f64>,
    /// A section id: the averages read that section's score.
    #[serde(default, deserialize_with = "scalar_id")]
    pub section: Option<String>,
    /// A `section.criterion` key: the averages read that criterion's normalised score x 100.
    pub criterion: Option<String>,
    /// Customer-voice conditions (issue 19): thresholds on CSAT, NPS and complaints per 100.
    pub csat_below: Option<f64>,
    pub nps_below: Option<f64>,
    pub complaints_per_100_above: Option<f64>,
    /// A span (`24h`) for every channel, or a mapping of channel to span.
    pub response_p90_above: Option<serde_yaml::Value>,
    pub min_contacts: Option<i64>,
}
