//! Running a draw against the store: per agent the candidates in stable order and the agent's
//! own stream ([`super::draw_agent`]), then the assignment of evaluators and the double-scoring
//! items; recording it (a lead's act); and running a recorded draw again to verify it, against
//! the interactions as they stood at the draw (a lead's later corrections undone, and named).

use super::error::SamplingError;
use super::new_hires::{self, InScope, NewHireQuota};
use super::params::{self, AgentOutcome, DrawParams, DrawRequest, RubricRef};
use super::since::{ItemChange, item_changes};
use super::{ALGORITHM, Assignment, EvaluatorShare, Stratify, agent_rng, assign, double, draw_agent, os_seed};
use crate::actor::Actor;
use crate::dates;
use crate::roles::Role;
use crate::store::Store;
use crate::store::samples::{Brief, DrawScope, NewSample, SampleRecord, Watermark};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

/// The result of running a draw.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// In position order: the interaction and its evaluator.
    pub items: Vec<(Brief, String)>,
    /// The double-scoring items: the interaction and its second evaluator.
    pub doubles: Vec<(Brief, String)>,
    pub agents: Vec<AgentOutcome>,
    pub assignment: Assignment,
}

/// How a draw picks and assigns, beside the scope and the agents.
#[derive(Debug, Clone, Copy)]
pub struct DrawPlan<'a> {
    pub per_agent: u32,
    pub stratify: bool,
    pub seed: u64,
    pub evaluators: &'a [EvaluatorShare],
    /// `--double PERCENT`.
    pub double: Option<u32>,
    /// New hires' heavier quota, for the agents in scope marked as new hires.
    pub new_hire: Option<NewHireQuota>,
}

/// Runs a draw: per agent (in the order given), the candidates from the store in stable order,
/// then [`draw_agent`] with the agent's own stream and their quota (a new hire's under
/// `--new-hire-weeks`); then the assignment. Only one agent's
/// candidates (their store numbers, and channels when stratifying) are in memory at a time.
pub fn execute(store: &Store, scope: &DrawScope, agents: &[InScope], plan: &DrawPlan<'_>) -> Result<Drawn> {
    let DrawPlan {
        per_agent,
        stratify,
        seed,
        evaluators,
        double,
        new_hire,
    } = *plan;
    let mut candidates = store.candidates(scope, stratify)?;
    let (mut rowids, mut channels) = (Vec::new(), Vec::new());
    let mut chosen = Vec::new();
    let mut outcomes = Vec::with_capacity(agents.len());
    for in_scope in agents {
        let agent = &in_scope.agent;
        candidates.of_agent(agent, &mut rowids, &mut channels)?;
        let names: Vec<&str> = if stratify {
            channels.iter().map(|&c| candidates.channel(c)).collect()
        } else {
            vec![""; rowids.len()]
        };
        let mut rng = agent_rng(seed, agent);
        let quota = new_hires::quota_of(in_scope.new_hire, per_agent, new_hire);
        let picked = draw_agent(&mut rng, &names, quota as usize, stratify);
        outcomes.push(AgentOutcome {
            agent: agent.clone(),
            available: rowids.len() as u64,
            drawn: picked.len() as u64,
            new_hire: in_scope.new_hire,
            hired_on: in_scope.hired_on.clone(),
        });
        chosen.extend(picked.into_iter().map(|i| rowids[i]));
    }
    drop(candidates);
    let restored = &scope.population.restored;
    let mut briefs = store.briefs(&chosen)?;
    for b in &mut briefs {
        if let Some(r) = restored.get(&b.rowid) {
            *b = r.brief.clone();
        }
    }
    let mut excluded = Vec::with_capacity(briefs.len());
    for b in &briefs {
        let already = match restored.get(&b.rowid) {
            Some(r) if scope.include_evaluated => r.evaluated_by.clone(),
            _ if scope.include_evaluated => store.evaluators_of(b.rowid, scope.as_of.evaluation)?,
            _ => Vec::new(),
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
    let assignment = assign(&excluded, &shares).map_err(|item| SamplingError::NoEvaluatorFor {
        interaction: briefs[item].interaction.clone(),
        agent: briefs[item].agent.clone(),
        evaluators: evaluators.iter().map(|e| e.id.clone()).collect(),
    })?;
    let doubles = double::assign_doubles(
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

/// A draw made: the sample's number (none for a dry run), its parameters and its items.
#[derive(Debug, Clone)]
pub struct Sampled {
    pub sample: Option<i64>,
    pub params: DrawParams,
    pub drawn: Drawn,
}

/// Checks the request against the store, draws, and (unless a dry run, which anyone may make)
/// records the sample as `actor`, who must be a lead. Refused when the store changed between
/// the draw and the recording.
pub fn draw(store: &mut Store, actor: &Actor, req: &DrawRequest, today: NaiveDate) -> Result<Sampled> {
    if !req.dry_run {
        actor.require(Role::Lead, "draw samples")?;
    }
    let (first, last) = params::period(req, today)?;
    if req.per_agent == 0 {
        return Err(SamplingError::NothingPerAgent.into());
    }
    let new_hire = req.new_hire.map(|q| q.check(req.per_agent)).transpose()?;
    let rubric = match &req.rubric {
        Some(id) => Some(store.rubric(id, None)?),
        None => None,
    };
    if let Some(r) = &rubric {
        params::fits_sample(r)?;
    }
    let channels = params::channels(store, &req.channels, rubric.as_ref())?;
    let agents = new_hires::in_scope(
        store,
        &params::agents(store, req.team.as_deref(), &req.agents)?,
        new_hire,
        first,
        last,
    )?;
    let evaluators = params::evaluators(store, req.evaluators.as_deref())?;
    let (seed, seed_chosen) = match req.seed {
        Some(s) => (s, false),
        None => (os_seed(), true),
    };
    let (from, to) = dates::day_range(Some(first), Some(last));
    let scope = DrawScope {
        from: from.expect("a day was given"),
        to: to.expect("a day was given"),
        channels: channels.clone(),
        include_evaluated: req.include_evaluated,
        as_of: store.watermark()?,
        population: store.population_now()?,
    };
    let stratify = req.stratify == Some(Stratify::Channel);
    let state = store.draw_state()?;
    params::double_fits(req.double, &evaluators)?;
    let drawn = execute(
        store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: req.per_agent,
            stratify,
            seed,
            evaluators: &evaluators,
            double: req.double,
            new_hire,
        },
    )?;
    if drawn.items.is_empty() {
        return Err(SamplingError::NothingDrawn {
            include_evaluated: req.include_evaluated,
            from: first.to_string(),
            to: last.to_string(),
            agents: agents.len(),
            channels,
        }
        .into());
    }
    let params = DrawParams {
        algorithm: ALGORITHM.to_string(),
        from: first.to_string(),
        to: last.to_string(),
        per_agent: req.per_agent,
        channels,
        team: req.team.clone(),
        agent_filter: req.agents.clone(),
        rubric: rubric.as_ref().map(|r| RubricRef {
            id: r.id.clone(),
            version: r.version,
        }),
        balanced: evaluators.iter().all(|e| e.share == evaluators[0].share),
        evaluators,
        stratify: stratify.then(|| "channel".to_string()),
        include_evaluated: req.include_evaluated,
        double: req.double,
        new_hire,
        seed,
        seed_chosen,
        as_of: scope.as_of,
        agents: drawn.agents.clone(),
    };
    let sample = if req.dry_run {
        None
    } else {
        let new = NewSample {
            seed,
            params: serde_json::to_value(&params)?,
            period_from: params.from.clone(),
            period_to: params.to.clone(),
            rubric: params.rubric.as_ref().map(|r| r.id.clone()),
            items: drawn.items.clone(),
        };
        Some(store.write(&actor.id, |tx| {
            // The draw read the store outside this transaction: if someone scored or drew
            // meanwhile, an item could be scored already or be in their sample too.
            if tx.draw_state()? != state {
                return Err(SamplingError::StoreChanged.into());
            }
            let id = tx.insert_sample(&new)?;
            tx.insert_doubles(id, &drawn.doubles)?;
            Ok(id)
        })?)
    };
    Ok(Sampled { sample, params, drawn })
}

/// The recorded sample `id`, and its parameters when this release can re-draw from them.
pub fn find_sample(store: &Store, id: i64) -> Result<(SampleRecord, Option<DrawParams>)> {
    let record = store.sample(id)?.ok_or(SamplingError::NoSample(id))?;
    let params = serde_json::from_value(record.params.clone()).ok();
    Ok((record, params))
}

/// A recorded draw run again with the same outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verified {
    /// The changes made since the draw to its items (`interaction amend | withdraw`): the check
    /// drew from the values before them.
    pub changed_since: Vec<ItemChange>,
}

/// Runs the recorded draw of sample `id` again as of its watermark, with the interactions as
/// they stood at the draw; refused, listing the differences, when it does not give the
/// recorded items, evaluators and double-scoring items.
pub fn verify(store: &Store, id: i64, p: Option<&DrawParams>, record: &SampleRecord) -> Result<Verified> {
    let p = p.ok_or(SamplingError::UnreadableParameters(id))?;
    if p.algorithm != ALGORITHM {
        return Err(SamplingError::OtherAlgorithm {
            id,
            algorithm: p.algorithm.clone(),
        }
        .into());
    }
    if record.summary.seed != p.seed {
        return Err(SamplingError::OtherSeed {
            id,
            recorded: record.summary.seed,
            params: p.seed,
        }
        .into());
    }
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (Some(from), Some(to)) = dates::day_range(day(&p.from), day(&p.to)) else {
        return Err(SamplingError::BadPeriod {
            id,
            from: p.from.clone(),
            to: p.to.clone(),
        }
        .into());
    };
    let scope = DrawScope {
        from,
        to,
        channels: p.channels.clone(),
        include_evaluated: p.include_evaluated,
        as_of: Watermark {
            before_sample: id,
            ..p.as_of
        },
        population: store.population_at(id, p.as_of.evaluation)?,
    };
    // Who was a new hire is as recorded at the draw, whatever the hire dates say now.
    let agents: Vec<InScope> = p
        .agents
        .iter()
        .map(|a| InScope {
            agent: a.agent.clone(),
            hired_on: a.hired_on.clone(),
            new_hire: a.new_hire,
        })
        .collect();
    let again = execute(
        store,
        &scope,
        &agents,
        &DrawPlan {
            per_agent: p.per_agent,
            stratify: p.stratify.is_some(),
            seed: p.seed,
            evaluators: &p.evaluators,
            double: p.double,
            new_hire: p.new_hire,
        },
    )?;
    let recorded: Vec<(&str, &str)> = record
        .items
        .iter()
        .map(|i| (i.interaction.interaction.as_str(), i.evaluator.as_str()))
        .collect();
    let redrawn: Vec<(&str, &str)> = again
        .items
        .iter()
        .map(|(b, e)| (b.interaction.as_str(), e.as_str()))
        .collect();
    // The double-scoring items (`--double`) are re-drawn too, as a set of (interaction, second
    // evaluator).
    let mut doubles_recorded: Vec<(String, String)> = store
        .doubles(id)?
        .into_iter()
        .map(|d| (d.interaction, d.evaluator))
        .collect();
    let mut doubles_redrawn: Vec<(String, String)> = again
        .doubles
        .iter()
        .map(|(b, e)| (b.interaction.clone(), e.clone()))
        .collect();
    doubles_recorded.sort();
    doubles_redrawn.sort();
    if doubles_recorded != doubles_redrawn {
        return Err(SamplingError::OtherDoubles {
            id,
            seed: p.seed,
            recorded: doubles_recorded.len(),
            redrawn: doubles_redrawn.len(),
        }
        .into());
    }
    let differences = differences(&recorded, &redrawn);
    if differences.is_empty() {
        return Ok(Verified {
            changed_since: item_changes(record, &scope.population),
        });
    }
    Err(SamplingError::NotReproduced {
        id,
        seed: p.seed,
        differences,
    }
    .into())
}

/// One line per interaction recorded and drawn again differently, as `(interaction, evaluator)`
/// lists in position order; the same interactions in another order is one difference too.
fn differences(recorded: &[(&str, &str)], redrawn: &[(&str, &str)]) -> Vec<String> {
    if recorded == redrawn {
        return Vec::new();
    }
    let mut details = Vec::new();
    let find = |list: &[(&str, &str)], x: &str| list.iter().find(|(i, _)| *i == x).map(|(_, e)| e.to_string());
    for (i, e) in recorded {
        match find(redrawn, i) {
            None => details.push(format!("  {i}: recorded (for {e}), not drawn again")),
            Some(e2) if e2 != *e => details.push(format!("  {i}: recorded for {e}, drawn again for {e2}")),
            _ => {}
        }
    }
    for (i, e) in redrawn {
        if find(recorded, i).is_none() {
            details.push(format!("  {i}: drawn again (for {e}), not recorded"));
        }
    }
    if details.is_empty() {
        details.push("  the same interactions, in another order".to_string());
    }
    details
}
