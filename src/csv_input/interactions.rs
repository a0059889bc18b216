//! The rules of an interaction import, without the command line: which rows are good, why each
//! bad one is refused, which agents are unknown, and when the whole import is refused. The CLI
//! (`qaudit interaction import`) and the web API both stream a file through an [`ImportPlan`];
//! they write the accepted rows, and the bad ones to a rejects file or a list of problems. The
//! hints that name commands or flags are the front end's (`commands::errors::imports`).

use super::voice::{VoiceProblem, read_voice};
use super::{Columns, Fields, Others, Row, TimeProblem, TimeRules, parse_duration};
use crate::dates;
use crate::store::interactions::{NewInteraction, Pseudonymiser};
use crate::text_rules::id_problem;
use crate::voice::values::CsatPlan;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The columns an interaction import reads.
pub const FIELDS: Fields = Fields {
    required: &["id", "agent", "channel", "occurred_at"],
    optional: &[
        "duration_s",
        "customer",
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
    ],
    others: Others::Keep,
    mappable: true,
};

/// How many unknown agents a refusal names before counting the rest.
pub const UNKNOWN_SHOWN: usize = 10;

/// Why one row is bad. `Display` is the reason without a front end's advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A required field (`id`, `agent`, `channel`, `occurred_at`) is blank.
    Empty { field: &'static str },
    /// An id field that is no valid id.
    BadId {
        field: &'static str,
        value: String,
        problem: String,
    },
    /// The id appeared on an earlier line of the file (also when that row was itself bad).
    Repeated { id: String, first_line: u64 },
    /// A channel with characters other than a-z, 0-9, `_` and `-` (as written in the file).
    BadChannel { raw: String },
    /// `occurred_at` is no time, or an implausible one.
    BadTime(TimeProblem),
    /// `duration_s` is no duration, or too long.
    BadDuration(String),
    /// The agent is not in the store (a bad row only when bad rows are rejected one by one).
    UnknownAgent { agent: String },
    /// A customer-voice cell (`csat`, `nps`, ...) out of range or unreadable.
    Voice(VoiceProblem),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { field } => write!(f, "{field} is empty"),
            Self::BadId { field, value, problem } => write!(f, "{field} {value:?} {problem}"),
            Self::Repeated { id, first_line } => {
                write!(
                    f,
                    "id {id:?} is repeated (first on line {first_line}); each id may appear once"
                )
            }
            Self::BadChannel { raw } => {
                write!(
                    f,
                    "channel {raw:?} may only use a-z, 0-9, _ and - (e.g. phone, chat, email)"
                )
            }
            Self::BadTime(m) => write!(f, "occurred_at {m}"),
            Self::BadDuration(m) => write!(f, "duration_s {m}"),
            Self::UnknownAgent { agent } => write!(f, "agent {agent:?} is not in the store"),
            Self::Voice(VoiceProblem { field, problem }) => write!(f, "{field} {problem}"),
        }
    }
}

/// A whole import refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// Rows name agents the store does not hold, and agents are neither created nor rejected.
    #[error("{file}: {} not in the store: {}", agents_are(.agents.len()), listed(.agents, UNKNOWN_SHOWN))]
    UnknownAgents { file: String, agents: Vec<String> },
}

/// `1 agent is`, `3 agents are`.
pub fn agents_are(n: usize) -> String {
    format!("{n} agent{}", if n == 1 { " is" } else { "s are" })
}

/// `a, b, c and 4 more`.
pub fn listed(items: &[String], shown: usize) -> String {
    let mut text = items.iter().take(shown).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}

/// How each row is read into an interaction.
#[derive(Clone, Copy)]
pub struct RowRules<'a> {
    pub cols: &'a Columns,
    pub times: &'a TimeRules,
    /// Whether durations may be written with a decimal comma (the file is `;`-separated).
    pub decimal_comma: bool,
    /// `None` keeps customer identifiers as they are (`--keep-customer`).
    pub pseudonymiser: Option<&'a Pseudonymiser>,
    /// How CSAT cells are read (the file's declared scale) and stored (the store's).
    pub csat: &'a CsatPlan,
}

/// What to do with an unknown agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownAgents {
    /// Create it, named by its id.
    Create,
    /// Its rows are bad rows (bad rows are rejected one by one).
    Reject,
    /// Collect it; the import is refused at the end ([`ImportPlan::finish`]).
    Refuse,
}

/// The verdict on one row.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// A good row; `new_agent` says its agent is to be created first.
    Accept { row: Box<NewInteraction>, new_agent: bool },
    /// A bad row.
    Bad(RowProblem),
    /// The row's agent is unknown and will refuse the import; nothing to do with the row.
    Held,
}

/// The state of one import as its rows stream by: the file's ids (not its rows) and the line
/// each first appeared on, the known agents and the unknown ones.
pub struct ImportPlan<'a> {
    rules: RowRules<'a>,
    unknown_agents: UnknownAgents,
    seen: HashMap<String, u64>,
    known: HashSet<String>,
    unknown: Vec<String>,
}

impl<'a> ImportPlan<'a> {
    /// A plan over the agents the store holds.
    pub fn new(rules: RowRules<'a>, known_agents: HashSet<String>, unknown_agents: UnknownAgents) -> Self {
        Self {
            rules,
            unknown_agents,
            seen: HashMap::new(),
            known: known_agents,
            unknown: Vec::new(),
        }
    }

    /// Judges the next row of the file.
    pub fn judge(&mut self, row: &Row) -> Verdict {
        let parsed = id_field(row, self.rules.cols, "id").and_then(|id| {
            if let Some(first) = self.seen.get(&id) {
                return Err(RowProblem::Repeated { id, first_line: *first });
            }
            self.seen.insert(id.clone(), row.line);
            self.rules.parse(row, id)
        });
        let new = match parsed {
            Ok(new) => new,
            Err(problem) => return Verdict::Bad(problem),
        };
        if self.known.contains(&new.agent) {
            return Verdict::Accept {
                row: Box::new(new),
                new_agent: false,
            };
        }
        match self.unknown_agents {
            UnknownAgents::Create => {
                self.known.insert(new.agent.clone());
                Verdict::Accept {
                    row: Box::new(new),
                    new_agent: true,
                }
            }
            UnknownAgents::Reject => Verdict::Bad(RowProblem::UnknownAgent { agent: new.agent }),
            UnknownAgents::Refuse => {
                if !self.unknown.contains(&new.agent) {
                    self.unknown.push(new.agent);
                }
                Verdict::Held
            }
        }
    }

    /// The unknown agents held so far, in order of first appearance.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// After the last row: refuses the import when rows named unknown agents.
    pub fn finish(self, file: &str) -> Result<(), ImportError> {
        if self.unknown.is_empty() {
            return Ok(());
        }
        Err(ImportError::UnknownAgents {
            file: file.to_string(),
            agents: self.unknown,
        })
    }
}

impl RowRules<'_> {
    /// Checks and converts one row whose `id` is checked already, or says why it is bad.
    pub fn parse(&self, row: &Row, id: String) -> Result<NewInteraction, RowProblem> {
        let c = self.cols;
        let agent = id_field(row, c, "agent")?;
        let raw_channel = row.get(c.index("channel")).trim();
        let channel = raw_channel.to_lowercase();
        if channel.is_empty() {
            return Err(RowProblem::Empty { field: "channel" });
        }
        if !channel
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
        {
            return Err(RowProblem::BadChannel {
                raw: raw_channel.to_string(),
            });
        }
        let Some(when) = row.text(c.index("occurred_at")) else {
            return Err(RowProblem::Empty { field: "occurred_at" });
        };
        let occurred_at = dates::store_time(self.times.parse(when).map_err(RowProblem::BadTime)?);
        let duration_s = match row.text(c.index("duration_s")) {
            None => None,
            Some(d) => Some(parse_duration(d, self.decimal_comma).map_err(RowProblem::BadDuration)?),
        };
        let customer = row.text(c.index("customer")).map(|raw| match self.pseudonymiser {
            Some(p) => p.pseudonym(raw),
            None => raw.to_string(),
        });
        let extra = if c.others().is_empty() {
            None
        } else {
            let map: serde_json::Map<String, serde_json::Value> = c
                .others()
                .iter()
                .map(|(name, i)| (name.clone(), serde_json::Value::String(row.get(Some(*i)).to_string())))
                .collect();
            Some(serde_json::Value::Object(map).to_string())
        };
        let voice = read_voice(row, c, self.times, self.csat).map_err(RowProblem::Voice)?;
        Ok(NewInteraction {
            id,
            channel,
            agent,
            occurred_at,
            duration_s,
            customer,
            extra,
            voice,
        })
    }
}

/// An id column (`id`, `agent`), trimmed and checked.
fn id_field(row: &Row, cols: &Columns, field: &'static str) -> Result<String, RowProblem> {
    let value = row.get(cols.index(field)).trim();
    match id_problem(value) {
        None => Ok(value.to_string()),
        Some(_) if value.is_empty() => Err(RowProblem::Empty { field }),
        Some(problem) => Err(RowProblem::BadId {
            field,
            value: value.to_string(),
            problem: problem.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::values::CsatScale;

    const FIVE: CsatPlan = CsatPlan {
        file: CsatScale::OneToFive,
        store: CsatScale::OneToFive,
    };

    fn cols(others: &[(&str, usize)]) -> Columns {
        let names = ["id", "agent", "channel", "occurred_at", "duration_s", "customer"];
        Columns {
            fields: names.iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect(),
            others: others.iter().map(|(n, i)| (n.to_string(), *i)).collect(),
        }
    }

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            fields: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn plan<'a>(cols: &'a Columns, times: &'a TimeRules, unknown: UnknownAgents) -> ImportPlan<'a> {
        let rules = RowRules {
            cols,
            times,
            decimal_comma: true,
            pseudonymiser: None,
            csat: &FIVE,
        };
        ImportPlan::new(rules, HashSet::from(["a1".to_string()]), unknown)
    }

    #[test]
    fn a_good_row_is_trimmed_lower_cased_and_converted() {
        let (c, t) = (cols(&[("queue", 6)]), TimeRules::default());
        let mut p = plan(&c, &t, UnknownAgents::Refuse);
        let v = p.judge(&row(
            2,
            &[" i1 ", "a1", " Phone ", "2026-11-03 10:00:00", "1:30,5", "", "sales"],
        ));
        let Verdict::Accept { row: new, new_agent } = v else {
            panic!("{v:?}")
        };
        assert!(!new_agent);
        assert_eq!((new.id.as_str(), new.channel.as_str()), ("i1", "phone"));
        assert_eq!(new.duration_s, Some(91), "1:30,5 is 90.5 s, rounded");
        assert_eq!(new.customer, None);
        assert_eq!(new.extra.as_deref(), Some(r#"{"queue":"sales"}"#));
    }

    #[test]
    fn each_bad_field_has_its_reason() {
        let (c, t) = (cols(&[]), TimeRules::default());
        let mut p = plan(&c, &t, UnknownAgents::Refuse);
        let cases: [(&[&str], &str); 5] = [
            (&["", "a1", "phone", "2026-11-03 10:00"], "id is empty"),
            (&["i2", "a1", " ", "2026-11-03 10:00"], "channel is empty"),
            (
                &["i3", "a1", "Phone Line", "2026-11-03 10:00"],
                "channel \"Phone Line\" may only use",
            ),
            (&["i4", "a1", "chat", ""], "occurred_at is empty"),
            (&["i5", "a1", "chat", "2026-11-03 10:00", "forever"], "duration_s "),
        ];
        for (i, (cells, reason)) in cases.iter().enumerate() {
            let mut cells = cells.to_vec();
            cells.resize(6, "");
            match p.judge(&row(i as u64 + 2, &cells)) {
                Verdict::Bad(problem) => assert!(problem.to_string().starts_with(reason), "{problem}"),
                v => panic!("{cells:?}: {v:?}"),
            }
        }
    }

    #[test]
    fn a_repeated_id_names_its_first_line_even_when_that_row_was_bad() {
        let (c, t) = (cols(&[]), TimeRules::default());
        let mut p = plan(&c, &t, UnknownAgents::Refuse);
        assert!(matches!(
            p.judge(&row(2, &["i1", "a1", "", "", "", ""])),
            Verdict::Bad(_)
        ));
        let v = p.judge(&row(5, &["i1", "a1", "chat", "2026-11-03 10:00", "", ""]));
        assert_eq!(
            v,
            Verdict::Bad(RowProblem::Repeated {
                id: "i1".to_string(),
                first_line: 2
            })
        );
    }

    #[test]
    fn unknown_agents_are_created_once_rejected_or_held_to_refuse_the_import() {
        let (c, t) = (cols(&[]), TimeRules::default());
        let good = |id: &str, agent: &str| row(2, &[id, agent, "chat", "2026-11-03 10:00", "", ""]);

        let mut create = plan(&c, &t, UnknownAgents::Create);
        assert!(matches!(
            create.judge(&good("i1", "z9")),
            Verdict::Accept { new_agent: true, .. }
        ));
        assert!(matches!(
            create.judge(&good("i2", "z9")),
            Verdict::Accept { new_agent: false, .. }
        ));
        assert_eq!(create.finish("f.csv"), Ok(()));

        let mut reject = plan(&c, &t, UnknownAgents::Reject);
        let v = reject.judge(&good("i1", "z9"));
        assert_eq!(
            v,
            Verdict::Bad(RowProblem::UnknownAgent {
                agent: "z9".to_string()
            })
        );
        assert_eq!(reject.finish("f.csv"), Ok(()));

        let mut refuse = plan(&c, &t, UnknownAgents::Refuse);
        for (i, agent) in ["z9", "z8", "z9"].iter().enumerate() {
            assert_eq!(refuse.judge(&good(&format!("i{i}"), agent)), Verdict::Held);
        }
        let e = refuse.finish("f.csv").unwrap_err();
        assert_eq!(e.to_string(), "f.csv: 2 agents are not in the store: z9, z8");
    }

    #[test]
    fn customers_are_pseudonymised_unless_kept() {
        let (c, t) = (cols(&[]), TimeRules::default());
        let key = Pseudonymiser::new(b"secret").unwrap();
        let rules = RowRules {
            cols: &c,
            times: &t,
            decimal_comma: false,
            pseudonymiser: Some(&key),
            csat: &FIVE,
        };
        let r = row(2, &["i1", "a1", "chat", "2026-11-03 10:00", "", "cust-42"]);
        let new = rules.parse(&r, "i1".to_string()).unwrap();
        assert_eq!(new.customer, Some(key.pseudonym("cust-42")));
        assert_ne!(new.customer.as_deref(), Some("cust-42"));
        let kept = RowRules {
            pseudonymiser: None,
            ..rules
        }
        .parse(&r, "i1".to_string())
        .unwrap();
        assert_eq!(kept.customer.as_deref(), Some("cust-42"));
    }

    #[test]
    fn long_lists_are_cut() {
        let items: Vec<String> = (1..=12).map(|i| format!("a{i}")).collect();
        assert_eq!(listed(&items[..2], 10), "a1, a2");
        assert!(listed(&items, 10).ends_with("a10 and 2 more"));
        assert_eq!(agents_are(1), "1 agent is");
    }
}
