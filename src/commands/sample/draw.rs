//! `qaudit sample draw`: gather the scope from the store, run the seeded draw and record it.

use super::{AgentOutcome, DrawParams, RubricRef, Short, occurred, parameter_fields, shortfall, shortfall_table};
use crate::cli::SampleDrawArgs;
use crate::commands::Context;
use crate::dates;
use crate::error::{UserError, refuse};
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::rubric::Subject;
use crate::sampling::Stratify;
use crate::sampling::{self, ALGORITHM, EvaluatorShare};
use crate::store::Store;
use crate::store::samples::{Brief, DrawScope, NewSample};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

/// The result of running a draw.
pub(super) struct Drawn {
    /// In position order: the interaction and its evaluator.
    pub(super) items: Vec<(Brief, String)>,
    /// The double-scoring items: the interaction and its second evaluator.
    pub(super) doubles: Vec<(Brief, String)>,
    pub(super) agents: Vec<AgentOutcome>,
    assignment: sampling::Assignment,
}

/// How a draw picks and assigns, beside the scope and the agents.
pub(super) struct DrawPlan<'a> {
    pub(super) per_agent: u32,
    pub(super) stratify: bool,
    pub(super) seed: u64,
    pub(super) evaluators: &'a [EvaluatorShare],
    /// `--double PERCENT`.
    pub(super) double: Option<u32>,
}

/// Runs a draw: per agent (in the order given), the candidates from the store in stable order,
/// then [`sampling::draw_agent`] with the agent's own stream; then the assignment. Only one
/// agent's candidates (their store numbers, and channels when stratifying) are in memory at a
/// time.
pub(super) fn execute(store: &Store, scope: &DrawScope, agents: &[String], plan: &DrawPlan<'_>) -> Result<Drawn> {
    let DrawPlan {
        per_agent,
        stratify,
        seed,
        evaluators,
        double,
    } = *plan;
    let mut candidates = store.candidates(scope, stratify)?;
    let (mut rowids, mut channels) = (Vec::new(), Vec::new());
    let mut chosen = Vec::new();
    let mut outcomes = Vec::with_capacity(agents.len());
    for agent in agents {
        candidates.of_agent(agent, &mut rowids, &mut channels)?;
        let names: Vec<&str> = if stratify {
            channels.iter().map(|&c| candidates.channel(c)).collect()
        } else {
            vec![""; rowids.len()]
        };
        let mut rng = sampling::agent_rng(seed, agent);
        let picked = sampling::draw_agent(&mut rng, &names, per_agent as usize, stratify);
        outcomes.push(AgentOutcome {
            agent: agent.clone(),
            available: rowids.len() as u64,
            drawn: picked.len() as u64,
        });
        chosen.extend(picked.into_iter().map(|i| rowids[i]));
    }
    drop(candidates);
    let briefs = store.briefs(&chosen)?;
    let mut excluded = Vec::with_capacity(briefs.len());
    for b in &briefs {
        let already = if scope.include_evaluated {
            store.evaluators_of(b.rowid, scope.as_of.evaluation)?
        } else {
            Vec::new()
        };
        let out: Vec<usize> = evaluators
            .iter()
            .enumerate()
            .filter(|(_, e)| e.id == b.agent || already.contains(&e.id))
            .map(|(i, _)| i)
            .collect();
        excluded.push(out);
    }
    let shares: Vec<u32> = evaluators.iter().map(|e| e.share).collect();
    let assignment = sampling::assign(&excluded, &shares).map_err(|item| {
        let b = &briefs[item];
        let names: Vec<&str> = evaluators.iter().map(|e| e.id.as_str()).collect();
        UserError::new(
            format!(
                "no evaluator may score interaction {} of agent {}: the evaluators ({}) are its agent or already scored it",
                b.interaction,
                b.agent,
                names.join(", ")
            ),
            "add another evaluator with --evaluators, or leave that agent out with --agent",
        )
    })?;
    let doubles = sampling::double::assign_doubles(
        seed,
        double.unwrap_or(0),
        &assignment.evaluator_of,
        &excluded,
        evaluators.len(),
    )
    .into_iter()
    .map(|(item, e)| (briefs[item].clone(), evaluators[e].id.clone()))
    .collect();
    let items = briefs
        .into_iter()
        .zip(&assignment.evaluator_of)
        .map(|(b, &e)| (b, evaluators[e].id.clone()))
        .collect();
    Ok(Drawn {
        items,
        doubles,
        agents: outcomes,
        assignment,
    })
}

fn parse_day(flag: &str, text: &str) -> Result<NaiveDate> {
    dates::parse_day(text, dates::today())
        .map_err(|m| UserError::new(format!("--{flag} {text:?} is not a day"), m).into())
}

pub(super) fn draw(ctx: &Context, args: &SampleDrawArgs) -> Result<Output> {
    let mut store = ctx.open()?;
    let actor = if args.dry_run {
        ctx.actor()
    } else {
        ctx.require_role(&store, Role::Lead, "draw samples")?.id
    };
    let (first, last) = (parse_day("from", &args.from)?, parse_day("to", &args.to)?);
    if first > last {
        return refuse(
            format!("--from {first} is after --to {last}"),
            "give the first day of the period with --from and the last with --to",
        );
    }
    if args.per_agent == 0 {
        return refuse(
            "--per-agent 0 draws nothing",
            "give how many interactions to draw for each agent, e.g. --per-agent 4",
        );
    }
    let rubric = match &args.rubric {
        Some(id) => Some(store.rubric(id, None)?),
        None => None,
    };
    if let Some(r) = &rubric
        && r.subject != Subject::Interaction
    {
        return refuse(
            format!("rubric {} scores visits, not interactions", r.id),
            "draw samples for an interaction rubric such as call-quality; visits are planned with `qaudit visit plan`",
        );
    }
    let channels = channels(&store, args, rubric.as_ref())?;
    let agents = agents(&store, args)?;
    let evaluators = evaluators(&store, args.evaluators.as_deref())?;
    let (seed, seed_chosen) = match args.seed {
        Some(s) => (s, false),
        None => (sampling::os_seed(), true),
    };
    let (from, to) = dates::day_range(Some(first), Some(last));
    let scope = DrawScope {
        from: from.expect("a day was given"),
        to: to.expect("a day was given"),
        channels: channels.clone(),
        include_evaluated: args.include_evaluated,
        as_of: store.watermark()?,
    };
    let stratify = args.stratify == Some(Stratify::Channel);
    let state = store.draw_state()?;
    if args.double.is_some_and(|p| p > 0) && evaluators.len() < 2 {
        return refuse(
            "--double needs at least two evaluators: the second opinion comes from someone else",
            "name two or more with --evaluators, e.g. --evaluators eva,tom --double 10",
        );
    }
    let drawn = execute(
        &store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: args.per_agent,
            stratify,
            seed,
            evaluators: &evaluators,
            double: args.double,
        },
    )?;
    if drawn.items.is_empty() {
        let what = if args.include_evaluated {
            "no interactions"
        } else {
            "no interactions that are not yet evaluated"
        };
        return refuse(
            format!(
                "{what} in {first} to {last} for the {} agent(s) in scope{}; nothing was drawn",
                agents.len(),
                if channels.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", channels.join(", "))
                }
            ),
            "widen the period or the filters; interactions already in an open sample are not drawn again (`qaudit queue` lists them)",
        );
    }
    let params = DrawParams {
        algorithm: ALGORITHM.to_string(),
        from: first.to_string(),
        to: last.to_string(),
        per_agent: args.per_agent,
        channels,
        team: args.team.clone(),
        agent_filter: args.agents.clone(),
        rubric: rubric.as_ref().map(|r| RubricRef {
            id: r.id.clone(),
            version: r.version,
        }),
        balanced: evaluators.iter().all(|e| e.share == evaluators[0].share),
        evaluators,
        stratify: stratify.then(|| "channel".to_string()),
        include_evaluated: args.include_evaluated,
        double: args.double,
        seed,
        seed_chosen,
        as_of: scope.as_of,
        agents: drawn.agents.clone(),
    };
    let params_json = serde_json::to_value(&params)?;
    let sample = if args.dry_run {
        None
    } else {
        let new = NewSample {
            seed,
            params: params_json,
            period_from: params.from.clone(),
            period_to: params.to.clone(),
            rubric: params.rubric.as_ref().map(|r| r.id.clone()),
            items: drawn.items.clone(),
        };
        Some(store.write(&actor, |tx| {
            // The draw read the store outside this transaction: if someone scored or drew
            // meanwhile, an item could be scored already or be in their sample too.
            if tx.draw_state()? != state {
                return refuse(
                    "the store changed while the sample was drawn (an evaluation or a sample was added); nothing was recorded",
                    "run the same command again",
                );
            }
            let id = tx.insert_sample(&new)?;
            tx.insert_doubles(id, &drawn.doubles)?;
            Ok(id)
        })?)
    };
    if seed_chosen {
        ctx.notice(&format!(
            "Seed {seed} was chosen at random; it is recorded, and --seed {seed} repeats this draw."
        ));
    }
    if !drawn.assignment.on_target() {
        ctx.notice(
            "The evaluators' shares could not be met exactly: some evaluators are also agents in this sample, and nobody scores their own work.",
        );
    }
    Ok(draw_output(sample, &params, &drawn))
}

/// The channels to draw from: --channel (each known, and covered by the rubric if one is given),
/// else the rubric's channels, else every channel.
fn channels(store: &Store, args: &SampleDrawArgs, rubric: Option<&crate::rubric::Rubric>) -> Result<Vec<String>> {
    let asked: BTreeSet<String> = args.channels.iter().map(|c| c.trim().to_string()).collect();
    if asked.is_empty() {
        let mut from_rubric: Vec<String> = rubric.map(|r| r.channels.clone()).unwrap_or_default();
        from_rubric.sort();
        from_rubric.dedup();
        return Ok(from_rubric);
    }
    if let Some(r) = rubric
        && !r.channels.is_empty()
        && let Some(c) = asked.iter().find(|c| !r.channels.contains(c))
    {
        return refuse(
            format!("rubric {} is for {}, not {c}", r.id, r.channels.join(", ")),
            "draw only the channels the rubric scores, or choose another rubric (`qaudit rubric list`)",
        );
    }
    for c in &asked {
        if store.has_channel(c)? {
            continue;
        }
        let known = store.channels()?;
        return refuse(
            format!("no interaction in the store has channel `{c}`"),
            if known.is_empty() {
                "import interactions first with `qaudit interaction import FILE.csv`".to_string()
            } else {
                format!("channels in the store: {}", known.join(", "))
            },
        );
    }
    Ok(asked.into_iter().collect())
}

/// The agents in scope, by id: --agent (each must exist, and be in --team if given), else the
/// team's, else everyone.
fn agents(store: &Store, args: &SampleDrawArgs) -> Result<Vec<String>> {
    if let Some(team) = &args.team
        && store.agents(Some(team))?.is_empty()
    {
        return refuse(
            format!("no agents in team `{team}`"),
            "`qaudit agent list` shows the agents and their teams",
        );
    }
    if args.agents.is_empty() {
        let all = store.agents(args.team.as_deref())?;
        if all.is_empty() {
            return refuse(
                "there are no agents in the store",
                "add agents with `qaudit agent add` or `qaudit agent import FILE.csv`",
            );
        }
        return Ok(all.into_iter().map(|a| a.id).collect());
    }
    let mut ids = BTreeSet::new();
    for id in &args.agents {
        let Some(agent) = store.agent(id)? else {
            return refuse(
                format!("no agent `{id}` in the store"),
                "`qaudit agent list` shows the agents",
            );
        };
        if let Some(team) = &args.team
            && agent.team.as_deref() != Some(team.as_str())
        {
            return refuse(
                format!("agent {id} is not in team {team}"),
                "leave out --team, or name only agents of that team",
            );
        }
        ids.insert(agent.id);
    }
    Ok(ids.into_iter().collect())
}

/// The evaluators and their shares: --evaluators (each a staff member with the evaluator role),
/// else every evaluator, equally.
fn evaluators(store: &Store, text: Option<&str>) -> Result<Vec<EvaluatorShare>> {
    let Some(text) = text else {
        let all = store.staff(Some(Role::Evaluator))?;
        if all.is_empty() {
            return refuse(
                "there are no evaluators to assign the sample to",
                "add one with `qaudit staff add ID --name NAME --role evaluator`",
            );
        }
        return Ok(all.into_iter().map(|s| EvaluatorShare { id: s.id, share: 1 }).collect());
    };
    let list = sampling::parse_evaluators(text).map_err(|m| {
        UserError::new(
            format!("--evaluators: {m}"),
            "write --evaluators eva,lea for equal shares or --evaluators eva:60,lea:40",
        )
    })?;
    for e in &list {
        match store.staff_member(&e.id)? {
            Some(member) if member.has(Role::Evaluator) => {}
            Some(_) => {
                return refuse(
                    format!("`{}` does not have the evaluator role", e.id),
                    format!(
                        "a lead can add it with `qaudit staff add {} --name NAME --role evaluator`",
                        e.id
                    ),
                );
            }
            None => {
                return refuse(
                    format!("`{}` is not a staff member", e.id),
                    "`qaudit staff list --role evaluator` shows the evaluators",
                );
            }
        }
    }
    Ok(list)
}

/// What a sample's items look like in JSON.
#[derive(Serialize)]
struct ItemOut<'a> {
    position: usize,
    #[serde(flatten)]
    interaction: &'a Brief,
    evaluator: &'a str,
}

#[derive(Serialize)]
struct EvaluatorLoad<'a> {
    evaluator: &'a str,
    share: u32,
    target: u64,
    assigned: u64,
}

#[derive(Serialize)]
struct DrawOut<'a> {
    /// The sample number; none for a dry run.
    sample: Option<i64>,
    dry_run: bool,
    params: &'a DrawParams,
    evaluators: Vec<EvaluatorLoad<'a>>,
    shortfall: Vec<Short<'a>>,
    items: Vec<ItemOut<'a>>,
}

fn draw_output(sample: Option<i64>, params: &DrawParams, drawn: &Drawn) -> Output {
    let a = &drawn.assignment;
    let loads: Vec<EvaluatorLoad> = params
        .evaluators
        .iter()
        .enumerate()
        .map(|(i, e)| EvaluatorLoad {
            evaluator: &e.id,
            share: e.share,
            target: a.targets[i],
            assigned: a.counts[i],
        })
        .collect();
    let available: u64 = params.agents.iter().map(|a| a.available).sum();
    let mut fields = vec![(
        "Sample",
        sample.map_or("not recorded (--dry-run)".to_string(), |id| id.to_string()),
    )];
    fields.extend(parameter_fields(params));
    fields.push((
        "Drawn",
        format!(
            "{} of {} candidate(s), {} agent(s)",
            drawn.items.len(),
            available,
            params.agents.len()
        ),
    ));
    fields.push((
        "Assigned",
        loads
            .iter()
            .map(|l| format!("{} {}", l.evaluator, l.assigned))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let mut t = Table::new(&["#", "interaction", "channel", "agent", "occurred", "evaluator"]);
    for (i, (b, e)) in drawn.items.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            b.interaction.clone(),
            b.channel.clone(),
            b.agent.clone(),
            occurred(b),
            e.clone(),
        ]);
    }
    let data = DrawOut {
        sample,
        dry_run: sample.is_none(),
        params,
        evaluators: loads,
        shortfall: shortfall(params),
        items: drawn
            .items
            .iter()
            .enumerate()
            .map(|(i, (b, e))| ItemOut {
                position: i + 1,
                interaction: b,
                evaluator: e,
            })
            .collect(),
    };
    let mut out = Output::new(&data).fields(fields).table(t);
    if let Some(short) = shortfall_table(params) {
        out = out.table(short);
    }
    match sample {
        Some(id) => out
            .line(format!(
                "Each evaluator sees their items with `qaudit queue --evaluator NAME`; `qaudit sample show {id}` shows progress."
            ))
            .line(format!(
                "Anyone can re-run this draw: `qaudit sample show {id} --verify`, or --seed {} with the same parameters.",
                params.seed
            )),
        None => out.line("Dry run: nothing was recorded. Run it again without --dry-run to record the sample."),
    }
}
