//! `qaudit flags`: every rubric's reward and discipline rules, checked for every agent, with the
//! evidence a lead can defend.
//!
//! - **Rules** come from each rubric's latest version. An agent is checked per rubric, against
//!   that rubric's rules, over its evaluations of any version of that rubric (a rubric that gains
//!   a criterion does not wipe an agent's history).
//! - **Windows** are `window_days` days ending at `--as-of` inclusive (default today, UTC), on
//!   the date of the work (`occurred_at`), not the date of scoring. See [`crate::flags`] for how
//!   each condition is checked (`min_evaluations` never fires on fewer; `confidence` compares
//!   the one-sided Student's t bound of the mean; critical failures come from each evaluation's
//!   current revision).
//! - **What counts**: the rows of the `counted_evaluations` view (submitted, not void, not
//!   calibration, visits only once approved), each with its latest revision.
//! - **Disputes.** An evaluation with an open dispute is left out. Its agent is listed as
//!   pending, with the flags that might change: those whose outcome differs if the disputes are
//!   rejected (the evaluations stand as scored) or accepted as proposed. A flag that fires now
//!   but might change names those disputes in its `pending_disputes`.
//! - **Output**: a table (and the pending list) for people; `--format json` for the whole
//!   evidence; `--format csv` for HR systems, one row per flag; `--output FILE` (or `--format
//!   md|html|txt`) renders `templates/flags.*` in the rubrics' language (Spanish only when every
//!   rubric in the result is Spanish) unless `--lang` says otherwise. A `.csv` output file gets
//!   the CSV.

use super::Context;
use crate::cli::FlagsArgs;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::flags::{self, Condition, Disputed, Outcome, Scored, Stake, Window, kind_name};
use crate::lang::Lang;
use crate::output::{Format, Output, Table, score};
use crate::report::render;
use crate::rubric::{FlagKind, FlagRule, Language, Rubric};
use crate::stats::MeanBound;
use crate::store::Store;
use crate::store::disputes::Proposal;
use crate::store::flags::FlagEvaluation;
use crate::store::people::Agent;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The whole result: what `--format json` prints and the templates render.
#[derive(Debug, Serialize)]
pub struct FlagsReport {
    /// The day every window ends.
    pub as_of: NaiveDate,
    pub agent: Option<String>,
    pub team: Option<String>,
    pub kind: Option<FlagKind>,
    /// Every rule checked.
    pub rules: Vec<RuleRef>,
    /// The flags that fire, rewards first, then by agent, rubric and rule order.
    pub flags: Vec<Fired>,
    /// Agents with evaluations under dispute inside a window.
    pub pending: Vec<Pending>,
}

/// A rule that was checked.
#[derive(Debug, Serialize)]
pub struct RuleRef {
    pub rubric: String,
    /// The rubric version the rule comes from (the latest).
    pub version: u32,
    pub flag: String,
    pub kind: FlagKind,
    pub window_days: u32,
    /// The conditions in words.
    pub rule: String,
    pub description: Option<String>,
}

/// A flag that fires, with its evidence.
#[derive(Debug, Serialize)]
pub struct Fired {
    pub agent: String,
    pub agent_name: String,
    pub team: Option<String>,
    pub rubric: String,
    pub rubric_version: u32,
    pub flag: String,
    pub kind: FlagKind,
    pub description: Option<String>,
    /// The conditions in words.
    pub rule: String,
    pub window: Window,
    pub n: usize,
    pub mean: Option<f64>,
    /// The confidence bound, when the rule asks for one.
    pub bound: Option<MeanBound>,
    /// The bound printed with enough decimals to show which side of the threshold it is.
    pub bound_shown: Option<String>,
    pub critical_failures: u32,
    /// The evaluations counted, oldest work first.
    pub evaluations: Vec<i64>,
    /// Every condition with the value it was checked against.
    pub conditions: Vec<Condition>,
    /// Open disputes that might withdraw this flag once resolved.
    pub pending_disputes: Vec<i64>,
}

/// An agent whose flags wait on disputes.
#[derive(Debug, Serialize)]
pub struct Pending {
    pub agent: String,
    pub agent_name: String,
    pub team: Option<String>,
    pub rubric: String,
    /// The disputed evaluations left out.
    pub disputes: Vec<PendingDispute>,
    /// The rules whose outcome might change when the disputes are resolved.
    pub flags: Vec<AtStake>,
}

/// One disputed evaluation left out.
#[derive(Debug, Serialize)]
pub struct PendingDispute {
    pub dispute: i64,
    pub evaluation: i64,
    /// The day of the work.
    pub date: NaiveDate,
}

/// A rule that might change, and how.
#[derive(Debug, Serialize)]
pub struct AtStake {
    pub flag: String,
    pub kind: FlagKind,
    #[serde(flatten)]
    pub stake: Stake,
    /// The same in words, e.g. "fires if rejected".
    pub change: String,
}

pub fn run(ctx: &Context, args: FlagsArgs) -> Result<Output> {
    let store = ctx.open()?;
    let as_of = match &args.as_of {
        Some(text) => dates::parse_day(text, dates::today()).map_err(|e| {
            UserError::new(
                format!("--as-of: {e}"),
                "give the day the windows end, e.g. --as-of 2026-11-30 (the last day of the month)",
            )
        })?,
        None => dates::today(),
    };
    let agents = agents(&store, args.agent.as_deref(), args.team.as_deref())?;
    let kind = args.kind;
    let (report, lang) = compute(&store, as_of, &agents, kind, &args)?;
    present(ctx, &args, &report, lang)
}

/// The flags firing for each agent (of `team`, or all) as of `as_of`: `rule-id (kind)` per
/// flag, for the team report's flags column.
pub fn fired_by_agent(store: &Store, as_of: NaiveDate, team: Option<&str>) -> Result<BTreeMap<String, Vec<String>>> {
    let agents = agents(store, None, team)?;
    let args = FlagsArgs {
        as_of: None,
        agent: None,
        team: team.map(str::to_string),
        kind: None,
        report: crate::report::ReportOptions {
            output: None,
            lang: None,
            templates: None,
        },
    };
    let (report, _) = compute(store, as_of, &agents, None, &args)?;
    let mut by_agent: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in report.flags {
        by_agent
            .entry(f.agent.clone())
            .or_default()
            .push(format!("{} ({})", f.flag, crate::flags::kind_name(f.kind)));
    }
    Ok(by_agent)
}

/// The agents to check, by id, after `--agent` and `--team`; unknown names are refused.
fn agents(store: &Store, agent: Option<&str>, team: Option<&str>) -> Result<BTreeMap<String, Agent>> {
    if let Some(team) = team
        && store.agents(Some(team))?.is_empty()
    {
        let mut teams: Vec<String> = store.agents(None)?.into_iter().filter_map(|a| a.team).collect();
        teams.sort();
        teams.dedup();
        return refuse(
            format!("no agent is in team `{team}`"),
            if teams.is_empty() {
                "no agent has a team yet; `qaudit agent add ID --name NAME --team TEAM` sets one".to_string()
            } else {
                format!("teams: {}", teams.join(", "))
            },
        );
    }
    if let Some(id) = agent {
        match store.agent(id)? {
            None => {
                let all: Vec<String> = store.agents(None)?.into_iter().map(|a| a.id).collect();
                let names: Vec<&str> = all.iter().map(String::as_str).collect();
                return refuse(
                    format!("no agent `{id}`"),
                    crate::rubric::validate::suggest_hint(id, &names, "`qaudit agent list` shows the agents"),
                );
            }
            Some(a) if team.is_some() && a.team.as_deref() != team => {
                return refuse(
                    format!(
                        "agent `{id}` is in team {}, not {}",
                        a.team.as_deref().unwrap_or("(none)"),
                        team.unwrap_or_default()
                    ),
                    "give --agent or --team, or both matching",
                );
            }
            Some(_) => {}
        }
    }
    Ok(store
        .agents(team)?
        .into_iter()
        .filter(|a| agent.is_none_or(|id| a.id == id))
        .map(|a| (a.id.clone(), a))
        .collect())
}

/// The conditions of a rule in words: "mean >= 92, at least 4 evaluations, ... in 30 days".
pub fn rule_text(rule: &FlagRule) -> String {
    let mut parts = Vec::new();
    let mean = |word: &str| match rule.confidence {
        Some(c) => format!("{:.0}% {word} bound of the mean", c * 100.0),
        None => "mean".to_string(),
    };
    // Thresholds as the rubric author wrote them: 92, 67.8.
    let num = |v: f64| format!("{v}");
    if let Some(v) = rule.average_at_least {
        parts.push(format!("{} >= {}", mean("lower"), num(v)));
    }
    if let Some(v) = rule.average_below {
        parts.push(format!("{} < {}", mean("upper"), num(v)));
    }
    if let Some(n) = rule.min_evaluations {
        parts.push(format!("at least {n} evaluations"));
    }
    match rule.max_critical_failures {
        Some(0) => parts.push("no critical failure".to_string()),
        Some(k) => parts.push(format!("at most {k} critical failures")),
        None => {}
    }
    if let Some(k) = rule.critical_failures_at_least {
        parts.push(format!("at least {k} critical failures"));
    }
    format!("{} in {} days", parts.join(", "), rule.window_days)
}

/// How a stake reads: "fires if rejected", "withdrawn if accepted", ...
fn change_text(s: &Stake) -> String {
    let mut parts = Vec::new();
    for (outcome, word) in [(s.if_rejected, "rejected"), (s.if_accepted, "accepted")] {
        if outcome != s.now {
            parts.push(if outcome {
                format!("fires if {word}")
            } else {
                format!("withdrawn if {word}")
            });
        }
    }
    parts.join(", ")
}

fn scored(row: &FlagEvaluation) -> Scored {
    Scored {
        id: row.id,
        day: super::dispute::day_of(&row.occurred_at).unwrap_or(NaiveDate::MIN),
        overall: row.overall,
        critical_failed: row.critical_failed,
    }
}

/// Rubric versions read once.
struct Rubrics<'a> {
    store: &'a Store,
    cache: HashMap<(String, u32), Rubric>,
}

impl Rubrics<'_> {
    fn get(&mut self, id: &str, version: u32) -> Result<&Rubric> {
        let key = (id.to_string(), version);
        if !self.cache.contains_key(&key) {
            let r = self.store.rubric(id, Some(version))?;
            self.cache.insert(key.clone(), r);
        }
        Ok(&self.cache[&key])
    }
}

/// The disputed evaluation as scored and as the agent proposed it.
fn disputed(
    store: &Store,
    rubrics: &mut Rubrics<'_>,
    row: &FlagEvaluation,
    dispute: i64,
    proposals: &str,
) -> Result<Disputed> {
    let as_scored = scored(row);
    let proposals: Vec<Proposal> = serde_json::from_str(proposals).unwrap_or_default();
    let mut as_proposed = as_scored;
    if !proposals.is_empty()
        && let Some(detail) = store.evaluation(row.id)?
    {
        let rubric = rubrics.get(&detail.summary.rubric, detail.summary.rubric_version)?;
        if let Some((overall, critical_failed)) = super::dispute::projected(rubric, &detail, &proposals) {
            as_proposed.overall = overall;
            as_proposed.critical_failed = critical_failed;
        }
    }
    Ok(Disputed {
        dispute,
        as_scored,
        as_proposed,
    })
}

fn compute(
    store: &Store,
    as_of: NaiveDate,
    agents: &BTreeMap<String, Agent>,
    kind: Option<FlagKind>,
    args: &FlagsArgs,
) -> Result<(FlagsReport, Lang)> {
    let mut rubrics = Rubrics {
        store,
        cache: HashMap::new(),
    };
    let mut rules_checked = Vec::new();
    // (kind order, agent, rubric, rule index) -> flag
    let mut fired: BTreeMap<(u8, String, String, usize), Fired> = BTreeMap::new();
    let mut pending = Vec::new();
    let mut languages = Vec::new();
    for summary in store.rubric_summaries()? {
        let rubric = store.rubric(&summary.id, None)?;
        let rules: Vec<&FlagRule> = rubric
            .flags
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .collect();
        let Some(longest) = rules.iter().map(|r| r.window_days).max() else {
            continue;
        };
        for rule in &rules {
            rules_checked.push(RuleRef {
                rubric: rubric.id.clone(),
                version: rubric.version,
                flag: rule.id.clone(),
                kind: rule.kind,
                window_days: rule.window_days,
                rule: rule_text(rule),
                description: rule.description.clone(),
            });
        }
        let span = Window::ending(as_of, longest);
        let (from, to) = dates::day_range(Some(span.from), Some(span.to));
        let rows = store.flag_evaluations(&rubric.id, &from.expect("a from day"), &to.expect("a to day"))?;
        let mut by_agent: BTreeMap<&str, Vec<&FlagEvaluation>> = BTreeMap::new();
        for row in &rows {
            if agents.contains_key(&row.agent) {
                by_agent.entry(row.agent.as_str()).or_default().push(row);
            }
        }
        let mut contributed = false;
        for (agent_id, rows) in by_agent {
            let agent = &agents[agent_id];
            let mut counted = Vec::new();
            let mut under_dispute = Vec::new();
            let mut left_out = Vec::new();
            for row in rows {
                match &row.open_dispute {
                    None => counted.push(scored(row)),
                    Some((dispute, proposals)) => {
                        under_dispute.push(disputed(store, &mut rubrics, row, *dispute, proposals)?);
                        left_out.push(PendingDispute {
                            dispute: *dispute,
                            evaluation: row.id,
                            date: scored(row).day,
                        });
                    }
                }
            }
            let mut at_stake = Vec::new();
            for (index, rule) in rules.iter().enumerate() {
                let outcome: Outcome = flags::evaluate(rule, as_of, &counted)?;
                let stake = flags::stake(rule, as_of, &counted, &under_dispute)?;
                if outcome.fired {
                    let order = match rule.kind {
                        FlagKind::Reward => 0,
                        FlagKind::Discipline => 1,
                    };
                    let pending_disputes = stake
                        .as_ref()
                        .filter(|s| s.might_change())
                        .map(|s| s.disputes.clone())
                        .unwrap_or_default();
                    fired.insert(
                        (order, agent.id.clone(), rubric.id.clone(), index),
                        Fired {
                            agent: agent.id.clone(),
                            agent_name: agent.name.clone(),
                            team: agent.team.clone(),
                            rubric: rubric.id.clone(),
                            rubric_version: rubric.version,
                            flag: rule.id.clone(),
                            kind: rule.kind,
                            description: rule.description.clone(),
                            rule: rule_text(rule),
                            window: outcome.window,
                            n: outcome.n,
                            mean: outcome.mean,
                            bound_shown: crate::flags::bound_shown(&outcome),
                            bound: outcome.bound,
                            critical_failures: outcome.critical_failures,
                            evaluations: outcome.evaluations,
                            conditions: outcome.conditions,
                            pending_disputes,
                        },
                    );
                    contributed = true;
                }
                if let Some(stake) = stake
                    && stake.might_change()
                {
                    at_stake.push(AtStake {
                        flag: rule.id.clone(),
                        kind: rule.kind,
                        change: change_text(&stake),
                        stake,
                    });
                }
            }
            if !left_out.is_empty() {
                contributed = true;
                pending.push(Pending {
                    agent: agent.id.clone(),
                    agent_name: agent.name.clone(),
                    team: agent.team.clone(),
                    rubric: rubric.id.clone(),
                    disputes: left_out,
                    flags: at_stake,
                });
            }
        }
        if contributed {
            languages.push(rubric.language);
        }
    }
    let lang = if !languages.is_empty() && languages.iter().all(|l| *l == Language::Es) {
        Lang::Es
    } else {
        Lang::En
    };
    Ok((
        FlagsReport {
            as_of,
            agent: args.agent.clone(),
            team: args.team.clone(),
            kind: args.kind,
            rules: rules_checked,
            flags: fired.into_values().collect(),
            pending,
        },
        lang,
    ))
}

/// A bound as the table shows it: `≤65.3 @90%` (the mean is at most 65.3 with 90% confidence),
/// with as many decimals as it takes to show the side of the threshold (`shown`).
fn bound_text(b: &MeanBound, shown: Option<&str>) -> String {
    let side = match b.side {
        crate::stats::Side::Upper => "≤",
        crate::stats::Side::Lower => "≥",
    };
    let value = shown.map(str::to_string).unwrap_or_else(|| score(b.bound));
    format!("{side}{value} @{:.0}%", b.confidence.level() * 100.0)
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// The report as the options ask: table, JSON, CSV (stdout or a .csv file), or a rendered file.
fn present(ctx: &Context, args: &FlagsArgs, report: &FlagsReport, lang: Lang) -> Result<Output> {
    let format = ctx.global.format;
    let output = args.report.output.as_deref();
    if let Some(path) = output {
        crate::output_guard::guard(path, "--output")?;
    }
    let csv_file = output
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if format == Some(Format::Csv) || (format.is_none() && csv_file) {
        let out = csv_output(report);
        return match output {
            None => Ok(out),
            Some(path) => {
                let mut bytes = Vec::new();
                out.write(Format::Csv, &mut bytes)?;
                crate::output_guard::write_file(path, &bytes, "--output")?;
                Ok(
                    Output::new(&serde_json::json!({ "written": path.display().to_string() }))
                        .fields(vec![("written", path.display().to_string())]),
                )
            }
        };
    }
    if output.is_some() || matches!(format, Some(Format::Md | Format::Html | Format::Txt)) {
        let format = format.filter(|f| *f != Format::Table);
        return render::emit(format, &args.report, "flags", lang, report);
    }
    Ok(table_output(report))
}

fn table_output(report: &FlagsReport) -> Output {
    let mut out = Output::new(report);
    if report.flags.is_empty() {
        out = out.line(format!(
            "No flag fires as of {} ({} rule(s) checked).",
            report.as_of,
            report.rules.len()
        ));
    }
    // One table per rubric and kind: flag ids are the rubric's own (two rubrics may share one),
    // and a lead reads who to reward apart from who needs a review.
    let mut groups: Vec<(&str, FlagKind)> = Vec::new();
    for f in &report.flags {
        if !groups.contains(&(f.rubric.as_str(), f.kind)) {
            groups.push((f.rubric.as_str(), f.kind));
        }
    }
    for (rubric, kind) in groups {
        let title = match kind {
            FlagKind::Reward => "Reward",
            FlagKind::Discipline => "Discipline",
        };
        let mut t = Table::new(&["agent", "flag", "n", "mean", "bound", "critical", "evaluations"])
            .titled(format!("{title} flags, {rubric}, as of {}", report.as_of));
        for f in report.flags.iter().filter(|f| f.rubric == rubric && f.kind == kind) {
            let mut flag = f.flag.clone();
            if !f.pending_disputes.is_empty() {
                flag.push_str(&format!(" (pending dispute {})", ids(&f.pending_disputes)));
            }
            t.row(vec![
                f.agent.clone(),
                flag,
                f.n.to_string(),
                f.mean.map(score).unwrap_or_default(),
                f.bound
                    .as_ref()
                    .map(|b| bound_text(b, f.bound_shown.as_deref()))
                    .unwrap_or_default(),
                f.critical_failures.to_string(),
                ids(&f.evaluations),
            ]);
        }
        out = out.table(t);
    }
    if !report.pending.is_empty() {
        let mut t = Table::new(&["agent", "rubric", "disputes", "flags that might change"])
            .titled("Pending: evaluations under dispute are left out until a lead resolves them");
        for p in &report.pending {
            let disputes = p
                .disputes
                .iter()
                .map(|d| format!("{} (evaluation {})", d.dispute, d.evaluation))
                .collect::<Vec<_>>()
                .join(", ");
            let flags = if p.flags.is_empty() {
                "none".to_string()
            } else {
                p.flags
                    .iter()
                    .map(|s| format!("{}: {}", s.flag, s.change))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            t.row(vec![p.agent.clone(), p.rubric.clone(), disputes, flags]);
        }
        out = out.table(t);
    }
    out
}

/// One row per flag, for HR systems. Scores with two decimals; ids separated by spaces.
fn csv_output(report: &FlagsReport) -> Output {
    let mut t = Table::new(&[
        "as_of",
        "agent",
        "agent_name",
        "team",
        "rubric",
        "rubric_version",
        "flag",
        "kind",
        "window_from",
        "window_to",
        "n",
        "mean",
        "bound",
        "bound_side",
        "confidence",
        "critical_failures",
        "evaluations",
        "pending_disputes",
        "rule",
    ]);
    let two = |v: f64| format!("{v:.2}");
    for f in &report.flags {
        let side = f.bound.as_ref().map(|b| match b.side {
            crate::stats::Side::Upper => "upper",
            crate::stats::Side::Lower => "lower",
        });
        t.row(vec![
            report.as_of.to_string(),
            f.agent.clone(),
            f.agent_name.clone(),
            f.team.clone().unwrap_or_default(),
            f.rubric.clone(),
            f.rubric_version.to_string(),
            f.flag.clone(),
            kind_name(f.kind).to_string(),
            f.window.from.to_string(),
            f.window.to.to_string(),
            f.n.to_string(),
            f.mean.map(two).unwrap_or_default(),
            f.bound.as_ref().map(|b| two(b.bound)).unwrap_or_default(),
            side.unwrap_or_default().to_string(),
            f.bound
                .as_ref()
                .map(|b| b.confidence.level().to_string())
                .unwrap_or_default(),
            f.critical_failures.to_string(),
            f.evaluations.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
            f.pending_disputes
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            f.rule.clone(),
        ]);
    }
    Output::new(report).table(t)
}
