//! `qaudit flags decide` and `qaudit flags decisions`: a lead's decisions on flags, with the
//! evidence they rested on. The rules (who, on what, superseding, who sees which) are
//! [`crate::decisions`]; this adapter reads the command line and shapes the output: a summary
//! or a table for people, `--format json` for everything, `--format csv` one row per decision.

use super::Context;
use crate::cli::{DecideArgs, DecisionsArgs, FlagsCommand};
use crate::dates;
use crate::decisions::{DecideRequest, DecisionQuery, list};
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Format, Output, Table};
use crate::store::Store;
use crate::store::decisions::StoredDecision;
use anyhow::Result;

pub fn run(ctx: &Context, cmd: FlagsCommand) -> Result<Output> {
    match cmd {
        FlagsCommand::Decide(args) => decide(ctx, args),
        FlagsCommand::Decisions(args) => decisions(ctx, &args),
    }
}

fn decide(ctx: &Context, args: DecideArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let lang = decide_lang(&store, &args)?;
    let as_of = dates::day_option("--as-of", args.as_of.as_deref())?.unwrap_or_else(dates::today);
    let actor = ctx.actor_in(&store)?;
    let req = DecideRequest {
        agent: args.agent,
        rule: args.rule,
        rubric: args.rubric,
        action: args.action,
        note: args.note,
        as_of,
        supersedes: args.supersedes,
    };
    let d = crate::decisions::decide(&mut store, &actor, &req)
        .map_err(|e| super::errors::decisions::in_language(e, lang))?;
    let l = Labels::of("decisions", lang);
    let day = |d: &str| dates::in_lang(d, lang).unwrap_or_else(|| d.to_string());
    let mut fields = vec![
        (l.get("t_decision"), d.id.to_string()),
        (l.get("t_agent"), format!("{} ({})", d.decision.agent, d.agent_name)),
        (
            l.get("t_flag"),
            fill!(
                l,
                "t_flag_value",
                rule = d.decision.rule,
                rubric = d.decision.rubric,
                kind = l.get(&format!("t_kind_{}", d.decision.kind))
            ),
        ),
        (l.get("t_action"), action(&d.decision.action, &l)),
        (
            l.get("t_window"),
            fill!(
                l,
                "t_window_value",
                from = day(&d.decision.window_from),
                to = day(&d.decision.window_to),
                as_of = day(&d.decision.as_of)
            ),
        ),
        (l.get("t_evidence"), evidence(&d, &l)),
        (l.get("t_evaluations"), ids(&d.decision.evaluations)),
        (l.get("t_note"), d.decision.note.clone()),
        (
            l.get("t_decided"),
            fill!(
                l,
                "t_decided_value",
                who = d.decided_by,
                at = dates::short_in(&d.decided_at, lang)
            ),
        ),
    ];
    if let Some(old) = d.decision.supersedes {
        fields.push((l.get("t_supersedes"), fill!(l, "t_supersedes_value", id = old)));
    }
    Ok(Output::new(&d).fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()))
}

/// The language of `flags decide`: `--lang`, else the language of the rubrics holding a rule of
/// that id (of `--rubric` when given), else English.
fn decide_lang(store: &Store, args: &DecideArgs) -> Result<Lang> {
    if let Some(lang) = args.lang {
        return Ok(lang);
    }
    let mut holding = Vec::new();
    for r in store.rubric_summaries()? {
        if args.rubric.as_deref().is_some_and(|b| b != r.id) {
            continue;
        }
        if store.rubric(&r.id, None)?.flags.iter().any(|f| f.id == args.rule) {
            holding.push(r.id);
        }
    }
    super::listing::lang_of(store, None, holding.iter().map(String::as_str))
}

fn decisions(ctx: &Context, args: &DecisionsArgs) -> Result<Output> {
    let store = ctx.open()?;
    let query = DecisionQuery {
        from: dates::day_option("--from", args.from.as_deref())?,
        to: dates::day_option("--to", args.to.as_deref())?,
        agent: args.agent.clone(),
        team: args.team.clone(),
        rule: args.rule.clone(),
    };
    if let (Some(f), Some(t)) = (query.from, query.to)
        && f > t
    {
        return crate::error::refuse(
            format!("--from {f} is after --to {t}"),
            "give the earlier day as --from and the later one as --to",
        );
    }
    let actor = ctx.actor_in(&store)?;
    let rows = list(&store, &actor, &query).map_err(|e| match args.lang {
        Some(lang) => super::errors::decisions::in_language(e, lang),
        None => e,
    })?;
    if ctx.global.format == Some(Format::Csv) {
        let mut t = Table::new(&list::COLUMNS);
        for d in &rows {
            t.row(list::row(d));
        }
        return Ok(Output::new(&rows).table(t));
    }
    let lang = super::listing::lang_of(&store, args.lang, rows.iter().map(|d| d.decision.rubric.as_str()))?;
    let l = Labels::of("decisions", lang);
    if rows.is_empty() {
        return Ok(Output::new(&rows).line(l.get("t_none")));
    }
    let headers = [
        "#",
        "t_col_as_of",
        "t_agent",
        "t_flag",
        "t_action",
        "t_col_n",
        "t_col_mean",
        "t_col_bound",
        "t_col_crit",
        "t_col_lead",
        "t_col_status",
        "t_note",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for d in &rows {
        let status = match (d.superseded_by, d.decision.supersedes) {
            (Some(by), _) => fill!(l, "t_superseded_by", id = by),
            (None, Some(old)) => fill!(l, "t_replaces", id = old),
            (None, None) => String::new(),
        };
        t.row(vec![
            d.id.to_string(),
            dates::in_lang(&d.decision.as_of, lang).unwrap_or_else(|| d.decision.as_of.clone()),
            d.decision.agent.clone(),
            format!(
                "{} ({})",
                d.decision.rule,
                l.get(&format!("t_kind_{}", d.decision.kind))
            ),
            action(&d.decision.action, &l),
            d.decision.n.to_string(),
            d.decision.mean.map(|m| l.score(m)).unwrap_or_default(),
            d.decision
                .bound
                .map(|b| crate::labels::number(lang, &format!("{b:.3}")))
                .unwrap_or_default(),
            d.decision.critical_failures.to_string(),
            d.decided_by.clone(),
            status,
            d.decision.note.clone(),
        ]);
    }
    Ok(Output::new(&rows).table(t))
}

/// An action as stored (`formal-review`): so in English, as the language says it otherwise.
fn action(stored: &str, l: &Labels) -> String {
    match l.lang() {
        Lang::En => stored.to_string(),
        _ => l.get(&format!("action_{stored}")),
    }
}

/// n, mean, bound and critical failures in one line.
fn evidence(d: &StoredDecision, l: &Labels) -> String {
    let mut parts = vec![fill!(l, "t_ev_n", n = d.decision.n)];
    if let Some(m) = d.decision.mean {
        parts.push(fill!(l, "t_ev_mean", mean = l.score(m)));
    }
    if let (Some(b), Some(c)) = (d.decision.bound, d.decision.bound_confidence) {
        let side = match d.decision.bound_side.as_deref() {
            Some(side @ ("lower" | "upper")) => l.get(&format!("t_side_{side}")),
            other => other.unwrap_or("").to_string(),
        };
        parts.push(fill!(
            l,
            "t_ev_bound",
            confidence = format!("{:.0}", c * 100.0),
            side = side,
            bound = crate::labels::number(l.lang(), &format!("{b:.3}"))
        ));
    }
    parts.push(fill!(l, "t_ev_critical", n = d.decision.critical_failures));
    parts.join(", ")
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}
