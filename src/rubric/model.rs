//! Validated rubric: the domain types every other part of qaudit works with.
//!
//! A `Rubric` can only be built by `validate`, so code that holds one may rely on the rules of
//! DESIGN.md section 2: ids unique, scales resolved, weights positive, bands descending to 0.

use serde::Serialize;

use crate::lang::Lang;

/// What a rubric scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Interaction,
    Visit,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Interaction => "interaction",
            Subject::Visit => "visit",
        }
    }
}

/// What a failed critical criterion does to the score (DESIGN.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriticalPolicy {
    ZeroOverall,
    ZeroSection,
    FlagOnly,
}

/// How an N/A answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NaPolicy {
    /// Left out of the section's sums.
    Exclude,
    /// Counts as full marks.
    Pass,
}

/// A named score band such as "Meets standard" from `min` upwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub min: f64,
    pub label: String,
}

/// The kind of answer a criterion takes and how it normalises to 0..1.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ScaleKind {
    /// yes = 1, no = 0.
    Binary,
    /// Integers min..=max, normalised as (v - min) / (max - min).
    Range {
        min: i64,
        max: i64,
        labels: Vec<(i64, String)>,
    },
    /// Named options with values in 0..1, in file order.
    Choice { options: Vec<(String, f64)> },
}

/// What a critical criterion without `fail_below` fails below (the documented defaults).
pub const BINARY_FAIL_BELOW: f64 = 1.0;
/// The default `fail_below` of a critical criterion on a range or choice scale.
pub const GRADED_FAIL_BELOW: f64 = 0.5;

impl ScaleKind {
    /// The `fail_below` a critical criterion on this scale gets when the rubric gives none:
    /// any "no" fails a yes/no criterion; a graded answer fails below the middle of the scale.
    pub fn default_fail_below(&self) -> f64 {
        match self {
            ScaleKind::Binary => BINARY_FAIL_BELOW,
            ScaleKind::Range { .. } | ScaleKind::Choice { .. } => GRADED_FAIL_BELOW,
        }
    }
}

/// A scale as declared in the rubric's `scales`, with its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub name: String,
    #[serde(flatten)]
    pub kind: ScaleKind,
}

/// The key performance indicator a criterion feeds (a qaudit extension of the rubric format:
/// the team report counts resolution failures and first-contact resolution from these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    Resolution,
    FirstContact,
}

/// One scored criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub id: String,
    /// `section_id.criterion_id`, the name used in answers files and reports.
    pub key: String,
    /// The question as the evaluator or shopper answers it.
    pub text: String,
    /// The same criterion as the employee's feedback sheet words it, when `text` is written
    /// for the shopper ("Thanked you ..." reads "Thanked the customer ..."); `None` shows `text`.
    pub employee_text: Option<String>,
    pub scale: Scale,
    pub weight: f64,
    pub na: bool,
    pub critical: bool,
    pub fail_below: Option<f64>,
    pub comment_required_below: Option<f64>,
    pub kpi: Option<Kpi>,
    pub guidance: Option<String>,
    pub coaching: Option<String>,
}

/// A weighted group of criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub weight: f64,
    /// The coaching target; the rubric's pass mark when the file gives none.
    pub target: f64,
    pub criteria: Vec<Criterion>,
}

/// Reward or discipline (`flags --kind` takes it, hence the clap derive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FlagKind {
    Reward,
    Discipline,
}

/// A flag rule (DESIGN.md section 5); its conditions are ANDed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagRule {
    pub id: String,
    pub kind: FlagKind,
    pub description: Option<String>,
    pub window_days: u32,
    pub min_evaluations: Option<u32>,
    pub average_at_least: Option<f64>,
    pub average_below: Option<f64>,
    pub max_critical_failures: Option<u32>,
    pub critical_failures_at_least: Option<u32>,
    pub confidence: Option<f64>,
    /// What the averages measure: the overall score when `None`, else one section's score or
    /// one criterion's normalised score x 100 (issue 20). Left out of JSON when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<FlagScope>,
    /// Conditions on the customer's voice (issue 19), checked over the agent's contacts in the
    /// window; written flat in the rule and left out of JSON when the rule has none.
    #[serde(flatten)]
    pub voice: VoiceConditions,
}

/// The fewest contacts carrying a figure that a voice condition judges when the rule does not
/// say (`min_contacts`): the statistics' own minimum for customer-voice figures.
pub const DEFAULT_MIN_CONTACTS: u32 = crate::stats::voice::MIN_N as u32;

/// A rule's conditions on the customer's voice (issue 19, part 5): CSAT, NPS, complaints and
/// response times over the agent's real contacts in the window, evaluated or not. Each is a
/// condition ANDed with the others of the rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VoiceConditions {
    /// CSAT mean below this, on the store's CSAT scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat_below: Option<f64>,
    /// NPS (-100..100) below this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps_below: Option<f64>,
    /// Complaints per 100 contacts above this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaints_per_100_above: Option<f64>,
    /// 90th percentile of response times above a span: over every channel, or per channel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_p90_above: Vec<ResponseLimit>,
    /// The fewest contacts carrying a figure for its condition to fire; `None` means
    /// [`DEFAULT_MIN_CONTACTS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_contacts: Option<u32>,
}

impl VoiceConditions {
    /// Whether the rule has any condition on the customer's voice.
    pub fn any(&self) -> bool {
        self.csat_below.is_some()
            || self.nps_below.is_some()
            || self.complaints_per_100_above.is_some()
            || !self.response_p90_above.is_empty()
    }

    /// `min_contacts`, or its default.
    pub fn min_contacts(&self) -> u32 {
        self.min_contacts.unwrap_or(DEFAULT_MIN_CONTACTS)
    }
}

/// One `response_p90_above` limit: the 90th percentile of one channel's response times (or of
/// every channel's, pooled, when `channel` is `None`) must exceed `seconds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseLimit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The span in seconds, counted in business time when business hours are set.
    pub seconds: i64,
    /// The span as the rubric author wrote it (`24h`).
    pub written: String,
}

/// The part of an evaluation a scoped flag rule reads (`section: empathy` or
/// `criterion: empathy.acknowledge` on the rule).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum FlagScope {
    /// A section, by id: its section score (0..100).
    Section(String),
    /// A criterion, by `section.criterion` key: its normalised score x 100.
    Criterion(String),
}

impl FlagScope {
    /// The section id or criterion key.
    pub fn id(&self) -> &str {
        match self {
            FlagScope::Section(id) | FlagScope::Criterion(id) => id,
        }
    }

    /// `section` or `criterion`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            FlagScope::Section(_) => "section",
            FlagScope::Criterion(_) => "criterion",
        }
    }
}

/// A validated rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rubric {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub language: Lang,
    pub subject: Subject,
    pub channels: Vec<String>,
    pub pass_mark: f64,
    pub critical_policy: CriticalPolicy,
    pub na_policy: NaPolicy,
    /// Days after an evaluation during which the agent may dispute it.
    pub dispute_days: u32,
    pub bands: Vec<Band>,
    pub scales: Vec<Scale>,
    pub sections: Vec<Section>,
    pub flags: Vec<FlagRule>,
}

impl Criterion {
    /// The wording the employee's sheet shows.
    pub fn employee_wording(&self) -> &str {
        self.employee_text.as_deref().unwrap_or(&self.text)
    }
}

impl Rubric {
    /// All criteria in file order.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.sections.iter().flat_map(|s| s.criteria.iter())
    }

    /// The criterion with this `section.criterion` key.
    pub fn criterion(&self, key: &str) -> Option<&Criterion> {
        self.criteria().find(|c| c.key == key)
    }

    /// The label of the band an overall score falls in.
    pub fn band(&self, overall: f64) -> Option<&str> {
        self.bands
            .iter()
            .find(|b| super::threshold::meets(overall, b.min))
            .map(|b| b.label.as_str())
    }
}
