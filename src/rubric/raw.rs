//! Serde types that mirror the rubric YAML exactly (DESIGN.md section 2).
//!
//! Every field is optional and every enumeration is a plain string here, so that a file with
//! several mistakes still deserialises and validation (`validate.rs`) can report all of them at
//! once, each at its own line. Unknown fields are not rejected by serde: the loader collects
//! them with `serde_ignored` and suggests the closest known name.

use serde::Deserialize;
use std::collections::BTreeMap;

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
    pub id: Option<String>,
    pub title: Option<String>,
    pub weight: Option<f64>,
    pub target: Option<f64>,
    pub criteria: Option<Vec<RawCriterion>>,
}

/// One entry of a section's `criteria`.
#[derive(Debug, Deserialize)]
pub struct RawCriterion {
    pub id: Option<String>,
    pub text: Option<String>,
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
}
