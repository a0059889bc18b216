//! The rules of the survey imports, without the command line: a customer satisfaction survey
//! row (`survey import`) and a staff survey row (`agent survey import`), checked and converted,
//! or why the row is bad. Whether the interaction or agent exists is the store's to say; the
//! front end asks it and reports [`SurveyProblem::UnknownInteraction`] or
//! [`SurveyProblem::UnknownAgent`] for the row.

use super::{CellProblem, Columns, Fields, Others, Row, TimeRules};
use crate::dates;
use crate::voice::scrub::scrub;
use crate::voice::values::{self, CsatPlan};
use std::fmt;

/// The columns of `survey import`.
pub const SURVEY_FIELDS: Fields = Fields {
    required: &["interaction", "answered_at"],
    optional: &["csat", "nps", "verbatim"],
    others: Others::Refuse,
    mappable: true,
};

/// The columns of `agent survey import`.
pub const AGENT_SURVEY_FIELDS: Fields = Fields {
    required: &["agent", "answered_at", "score"],
    optional: &[],
    others: Others::Refuse,
    mappable: true,
};

/// Why one survey row is bad. `Display` is the reason without a front end's advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyProblem {
    Empty {
        field: &'static str,
    },
    /// Neither csat nor nps is given.
    NoAnswer,
    BadValue {
        field: &'static str,
        problem: CellProblem,
    },
    /// The interaction is not in the store.
    UnknownInteraction {
        id: String,
    },
    /// The interaction was withdrawn.
    Withdrawn {
        id: String,
    },
    /// The agent is not in the store.
    UnknownAgent {
        agent: String,
    },
    /// The same key appeared on an earlier line.
    Repeated {
        first_line: u64,
    },
}

impl fmt::Display for SurveyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { field } => write!(f, "{field} is empty"),
            Self::NoAnswer => write!(f, "neither csat nor nps is given"),
            Self::BadValue { field, problem } => write!(f, "{field} {problem}"),
            Self::UnknownInteraction { id } => write!(f, "interaction {id:?} is not in the store"),
            Self::Withdrawn { id } => write!(f, "interaction {id:?} was withdrawn"),
            Self::UnknownAgent { agent } => write!(f, "agent {agent:?} is not in the store"),
            Self::Repeated { first_line } => {
                write!(f, "the same answer is on line {first_line} already")
            }
        }
    }
}

/// A survey row, checked: the interaction still by the id it was imported with, the verbatim
/// scrubbed of customer identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub interaction: String,
    pub answered_at: String,
    pub csat: Option<i64>,
    pub nps: Option<i64>,
    pub verbatim: Option<String>,
}

fn required<'r>(row: &'r Row, cols: &Columns, field: &'static str) -> Result<&'r str, SurveyProblem> {
    row.text(cols.index(field)).ok_or(SurveyProblem::Empty { field })
}

fn answered_at(row: &Row, cols: &Columns, times: &TimeRules) -> Result<String, SurveyProblem> {
    let text = required(row, cols, "answered_at")?;
    times
        .parse(text)
        .map(dates::store_time)
        .map_err(|t| SurveyProblem::BadValue {
            field: "answered_at",
            problem: CellProblem::Time(t),
        })
}

/// Reads one `survey import` row.
pub fn survey_row(row: &Row, cols: &Columns, times: &TimeRules, csat: &CsatPlan) -> Result<SurveyRow, SurveyProblem> {
    let interaction = required(row, cols, "interaction")?.to_string();
    let answered_at = answered_at(row, cols, times)?;
    let bad = |field: &'static str| {
        move |problem: String| SurveyProblem::BadValue {
            field,
            problem: problem.into(),
        }
    };
    let csat = row
        .text(cols.index("csat"))
        .map(|t| csat.read(t))
        .transpose()
        .map_err(bad("csat"))?;
    let nps = row
        .text(cols.index("nps"))
        .map(values::nps)
        .transpose()
        .map_err(bad("nps"))?;
    if csat.is_none() && nps.is_none() {
        return Err(SurveyProblem::NoAnswer);
    }
    Ok(SurveyRow {
        interaction,
        answered_at,
        csat,
        nps,
        verbatim: row.text(cols.index("verbatim")).map(scrub),
    })
}

/// The declared scale of a staff survey, `MIN-MAX` (whole numbers, MIN < MAX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreScale {
    pub min: i64,
    pub max: i64,
}

impl ScoreScale {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let parsed = t
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
        match parsed {
            Some((min, max)) if min < max && min >= 0 && max <= 100 => Ok(Self { min, max }),
            _ => Err(format!(
                "`{text}` is not a scale; write MIN-MAX, e.g. 1-5, 1-10 or 0-10"
            )),
        }
    }
}

/// A staff survey row, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentSurveyRow {
    pub agent: String,
    pub answered_at: String,
    pub score: i64,
}

/// Reads one `agent survey import` row.
pub fn agent_survey_row(
    row: &Row,
    cols: &Columns,
    times: &TimeRules,
    scale: ScoreScale,
) -> Result<AgentSurveyRow, SurveyProblem> {
    let agent = required(row, cols, "agent")?.to_string();
    let answered_at = answered_at(row, cols, times)?;
    let text = required(row, cols, "score")?;
    let score = text
        .parse::<i64>()
        .ok()
        .filter(|s| (scale.min..=scale.max).contains(s))
        .ok_or_else(|| SurveyProblem::BadValue {
            field: "score",
            problem: format!("`{text}` is not a whole number from {} to {}", scale.min, scale.max).into(),
        })?;
    Ok(AgentSurveyRow {
        agent,
        answered_at,
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::values::CsatScale;

    fn cols(names: &[&str]) -> Columns {
        Columns {
            fields: names.iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect(),
            others: Vec::new(),
        }
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            line: 2,
            fields: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn survey_rows_are_checked_and_verbatims_scrubbed() {
        let c = cols(&["interaction", "answered_at", "csat", "nps", "verbatim"]);
        let t = TimeRules::default();
        let plan = CsatPlan::decide(None, CsatScale::OneToFive, false).unwrap();
        let ok = survey_row(
            &row(&["CALL-1", "2026-11-05 10:00", "4", "", "Escribidme a ana@correo.es"]),
            &c,
            &t,
            &plan,
        )
        .unwrap();
        assert_eq!((ok.csat, ok.nps), (Some(4), None));
        assert_eq!(ok.verbatim.as_deref(), Some("Escribidme a [email]"));
        let bad = |cells: &[&str]| survey_row(&row(cells), &c, &t, &plan).unwrap_err().to_string();
        assert_eq!(
            bad(&["CALL-1", "2026-11-05 10:00", "", "", "x"]),
            "neither csat nor nps is given"
        );
        assert_eq!(
            bad(&["CALL-1", "2026-11-05 10:00", "6", "", ""]),
            "csat 6 is outside the 1-5 scale"
        );
        assert_eq!(
            bad(&["CALL-1", "2026-11-05 10:00", "", "11", ""]),
            "nps 11 is outside 0-10"
        );
        assert_eq!(bad(&["", "2026-11-05 10:00", "3", "", ""]), "interaction is empty");
    }

    #[test]
    fn staff_scores_must_be_on_the_declared_scale() {
        let scale = ScoreScale::parse("1-10").unwrap();
        assert!(ScoreScale::parse("10-1").is_err());
        let c = cols(&["agent", "answered_at", "score"]);
        let t = TimeRules::default();
        let ok = agent_survey_row(&row(&["a-1", "2026-11-05", "7"]), &c, &t, scale).unwrap();
        assert_eq!(ok.score, 7);
        let e = agent_survey_row(&row(&["a-1", "2026-11-05", "0"]), &c, &t, scale).unwrap_err();
        assert_eq!(e.to_string(), "score `0` is not a whole number from 1 to 10");
    }
}
