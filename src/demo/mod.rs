//! The demo: a realistic store built from a seed, so a newcomer sees everything qaudit does,
//! and so the benchmark has a store of any size to measure.
//!
//! One pass over the interactions, in time order: each is inserted and, by selection sampling
//! (Knuth's algorithm S), chosen for evaluation with exactly the right probability to reach the
//! requested number of evaluations. Nothing is kept per interaction, so a million-row store is
//! built in bounded memory; writes are committed in batches.

mod answers;
mod cast;
mod voice;

use crate::rubric::{Rubric, score};
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use crate::store::interactions::NewInteraction;
use crate::store::people::{Agent, Location};
use crate::store::visits::{NewAttachment, VisitReport};
use crate::store::voice::{Inserted, NewSurvey};
use crate::store::{Store, Tx};
use answers::{Scoring, normal};
use anyhow::{Result, anyhow};
use cast::{LOCATIONS, Profile, STAFF, TEAMS};
use chrono::{DateTime, Duration, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// The size and seed of a demo.
#[derive(Debug, Clone, Serialize)]
pub struct DemoOptions {
    pub seed: u64,
    pub agents: usize,
    pub interactions: usize,
    pub evaluations: usize,
    pub visits: usize,
    /// The last day of the demo's work; the demo covers the 120 days before it.
    pub until: DateTime<Utc>,
}

/// What a demo built.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub seed: u64,
    pub agents: usize,
    pub staff: usize,
    pub locations: usize,
    pub interactions: usize,
    pub evaluations: usize,
    pub visits: usize,
}

/// How many rows go into one transaction: large enough to be fast, small enough that a killed
/// demo loses little and memory stays flat.
const BATCH: usize = 5_000;
/// The days the demo spans.
const SPAN_DAYS: i64 = 120;

/// Builds the demo into an empty store. `progress` is told how many interactions are done.
pub fn build(store: &mut Store, actor: &str, opts: &DemoOptions, progress: &dyn Fn(u64)) -> Result<DemoSummary> {
    if opts.evaluations > opts.interactions {
        return Err(crate::error::UserError::new(
            format!(
                "{} evaluations cannot be drawn from {} interactions",
                opts.evaluations, opts.interactions
            ),
            "ask for at most as many evaluations as interactions",
        )
        .into());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let call_quality = store.rubric("call-quality", None)?;
    let calidad = store.rubric("calidad-contacto", None)?;
    let store_visit = store.rubric("store-visit", None)?;
    let visita = store.rubric("visita-tienda", None)?;
    let profiles = cast::agents(&mut rng, opts.agents.max(3), call_quality.sections.len());
    let pseudonyms = store.write(actor, |tx| {
        tx.set_meta("demo_seed", &opts.seed.to_string())?;
        tx.set_csat_scale(crate::voice::values::CsatScale::OneToFive)?;
        for s in &STAFF {
            tx.save_staff(s.id, s.name, s.roles, "demo")?;
        }
        for (id, name, region, address) in LOCATIONS {
            let location = Location {
                id: id.into(),
                name: name.into(),
                region: Some(region.into()),
                address: Some(address.into()),
                open_days: Some("Mon,Tue,Wed,Thu,Fri,Sat".into()),
                timezone: Some("Europe/Madrid".into()),
            };
            tx.save_location(&location, "demo")?;
        }
        for p in &profiles {
            let agent = Agent {
                id: p.id.clone(),
                name: p.name.clone(),
                team: Some(p.team.clone()),
                location: p.location.clone(),
                hired_on: None,
            };
            tx.save_agent(&agent, "demo")?;
        }
        tx.pseudonymiser()
    })?;
    let centre: Vec<&Profile> = profiles.iter().filter(|p| p.team != TEAMS[2]).collect();
    let evaluators: Vec<&cast::Staff> = STAFF
        .iter()
        .filter(|s| s.roles.contains(&crate::roles::Role::Evaluator))
        .collect();
    let start = opts.until - Duration::days(SPAN_DAYS);

    // The customer's voice draws from its own generator, so the rest of the demo is unchanged.
    let mut voice_rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x0076_6f69_6365);
    let mut remaining_picks = opts.evaluations;
    let mut evaluations = 0;
    let mut done = 0;
    while done < opts.interactions {
        let batch_end = (done + BATCH).min(opts.interactions);
        store.write(actor, |tx| {
            let imported_at = crate::store::audit::now();
            let mut batch_ids: Option<(i64, i64)> = None;
            let mut surveys = 0u64;
            for i in done..batch_end {
                let agent = centre[rng.random_range(0..centre.len())];
                let at = start + Duration::seconds((SPAN_DAYS * 86_400) * i as i64 / opts.interactions.max(1) as i64)
                    + Duration::seconds(rng.random_range(0..3_600));
                let (channel, duration) = match rng.random_range(0..10) {
                    0..5 => ("phone", 120 + rng.random_range(0..600)),
                    5..8 => ("chat", 240 + rng.random_range(0..900)),
                    _ => ("email", 0),
                };
                let customer = Some(pseudonyms.pseudonym(&format!("customer-{}", rng.random_range(0..opts.interactions.max(50) / 3 + 1))));
                let occurred_at = crate::dates::store_time(at);
                let months = (at - start).num_days() as f64 / 30.0;
                // Selection sampling: pick with probability (still needed) / (still to see). The
                // evaluation is answered before the contact is stored, so that the customer's
                // voice can follow its answers (`voice`).
                // Drawn for every contact, evaluated or not, before its answers.
                let felt = voice::felt(&mut voice_rng);
                let left = opts.interactions - i;
                let picked = if remaining_picks > 0 && rng.random_range(0..left) < remaining_picks {
                    remaining_picks -= 1;
                    let evaluator = evaluators[rng.random_range(0..evaluators.len())];
                    let rubric = if agent.team == TEAMS[1] { &calidad } else { &call_quality };
                    let scoring = Scoring {
                        quality: agent.base + agent.trend * months + evaluator.leniency,
                        weak: agent.weak,
                        strong: agent.strong,
                        felt,
                    };
                    let scored_at = (at + Duration::hours(rng.random_range(20..72))).min(Utc::now());
                    let sheet = answers::answer(&mut rng, rubric, &scoring);
                    Some((evaluator, rubric, scored_at, sheet))
                } else {
                    None
                };
                let (contact_voice, survey) = voice::contact(
                    &mut voice_rng,
                    agent.base + agent.trend * months,
                    felt,
                    channel,
                    at,
                    agent.team == TEAMS[1],
                );
                let interaction = NewInteraction {
                    id: format!("{}-{:07}", &channel[..1].to_uppercase(), i + 1),
                    channel: channel.into(),
                    agent: agent.id.clone(),
                    occurred_at,
                    duration_s: (duration > 0).then_some(duration),
                    customer,
                    extra: None,
                    voice: contact_voice,
                };
                let Some(rowid) = tx.insert_interaction(&interaction, &imported_at)? else { continue };
                if let Some(s) = survey {
                    let new = NewSurvey {
                        interaction: rowid,
                        answered_at: crate::dates::store_time(s.answered_at),
                        csat: Some(s.csat),
                        nps: Some(s.nps),
                        verbatim: s.verbatim.as_deref().map(crate::voice::scrub::scrub),
                    };
                    surveys += u64::from(tx.insert_survey(&new, &imported_at)? == Inserted::New);
                }
                if let Some((evaluator, rubric, scored_at, sheet)) = picked {
                    let id = record_sheet(tx, rubric, sheet, NewEvaluation {
                        subject: SubjectRef::Interaction(rowid),
                        rubric_id: rubric.id.clone(),
                        rubric_version: rubric.version,
                        evaluator: evaluator.id.to_string(),
                        agent: Some(agent.id.clone()),
                        location: None,
                        occurred_at: interaction.occurred_at.clone(),
                        status: Status::Submitted,
                        calibration: None,
                        external_ref: None,
                        scored_at: crate::dates::store_time(scored_at),
                        practice: false,
                    }, false)?;
                    batch_ids.get_or_insert((id, id)).1 = id;
                    evaluations += 1;
                }
            }
            tx.act_as(actor);
            tx.audit_interaction_import(
                "demo",
                &serde_json::json!({ "imported": batch_end - done, "first": done + 1, "last": batch_end, "seed": opts.seed }),
            )?;
            if surveys > 0 {
                tx.audit_survey_import("demo", &serde_json::json!({ "source": "demo", "imported": surveys, "seed": opts.seed }))?;
            }
            if let Some((first, last)) = batch_ids {
                tx.audit(
                    "evaluation.import",
                    &format!("evaluations:{first}-{last}"),
                    &serde_json::json!({ "source": "demo", "seed": opts.seed, "first": first, "last": last }),
                )?;
            }
            Ok(())
        })?;
        done = batch_end;
        progress(done as u64);
    }

    let visits = build_visits(store, actor, &mut rng, opts, &profiles, &store_visit, &visita)?;
    // A freshly filled store has no statistics for the query planner; gather them once so that
    // reports over a large demo pick their indexes well.
    store.analyze()?;
    Ok(DemoSummary {
        seed: opts.seed,
        agents: profiles.len(),
        staff: STAFF.len(),
        locations: LOCATIONS.len(),
        interactions: opts.interactions,
        evaluations,
        visits,
    })
}

/// Answers, scores and records one evaluation, as its evaluator. With `audit_each`, the
/// evaluation gets its own audit entry (as `score` gives it); without, the caller audits the
/// batch it belongs to once, which keeps a million-evaluation store to a sane size.
fn record(
    tx: &mut Tx<'_>,
    rng: &mut ChaCha8Rng,
    rubric: &Rubric,
    scoring: &Scoring,
    new: NewEvaluation,
    audit_each: bool,
) -> Result<i64> {
    let sheet = answers::answer(rng, rubric, scoring);
    record_sheet(tx, rubric, sheet, new, audit_each)
}

/// Scores and records one evaluation answered already, as its evaluator.
fn record_sheet(
    tx: &mut Tx<'_>,
    rubric: &Rubric,
    sheet: crate::rubric::sheet::Checked,
    new: NewEvaluation,
    audit_each: bool,
) -> Result<i64> {
    tx.act_as(&new.evaluator);
    let result = score(rubric, &sheet.answers).map_err(|e| anyhow!("demo answers do not score: {e:?}"))?;
    if audit_each {
        tx.insert_evaluation(&new, &result, &sheet)
    } else {
        tx.record_evaluation(&new, &result, &sheet)
    }
}

/// Mystery-shopper visits to every store: most approved by a lead, some waiting for review,
/// a few returned to the shopper.
fn build_visits(
    store: &mut Store,
    actor: &str,
    rng: &mut ChaCha8Rng,
    opts: &DemoOptions,
    profiles: &[Profile],
    english: &Rubric,
    spanish: &Rubric,
) -> Result<usize> {
    let shoppers: Vec<&cast::Staff> = STAFF
        .iter()
        .filter(|s| s.roles.contains(&crate::roles::Role::Shopper))
        .collect();
    let start = opts.until - Duration::days(SPAN_DAYS);
    let mut count = 0;
    for chunk in (0..opts.visits).collect::<Vec<_>>().chunks(BATCH) {
        store.write(actor, |tx| {
            for &i in chunk {
                let (location, _, region, _) = LOCATIONS[i % LOCATIONS.len()];
                let shopper = shoppers[(i / LOCATIONS.len() + i) % shoppers.len()];
                let staff_agent = profiles.iter().find(|p| p.location.as_deref() == Some(location));
                let at = start + Duration::minutes(rng.random_range(0..SPAN_DAYS * 24 * 60));
                let at = at
                    .date_naive()
                    .and_hms_opt(10 + rng.random_range(0..9), rng.random_range(0..60), 0)
                    .expect("valid time")
                    .and_utc();
                let rubric = if region == "este" { english } else { spanish };
                // A store's quality: its agent's, or an average store's.
                let (base, weak, strong) = staff_agent.map(|p| (p.base, p.weak, p.strong)).unwrap_or((0.8, 0, 1));
                let months = (at - start).num_days() as f64 / 30.0;
                let scoring = Scoring {
                    quality: base + 0.01 * months + shopper.leniency + 0.02 * normal(rng),
                    weak,
                    strong,
                    felt: 0.0,
                };
                let report = VisitReport {
                    location: location.to_string(),
                    shopper: shopper.id.to_string(),
                    staff_agent: staff_agent.map(|p| p.id.clone()),
                    visited_at: crate::dates::store_time(at),
                    departed_at: Some(crate::dates::store_time(
                        at + Duration::minutes(rng.random_range(8..35)),
                    )),
                    wait_minutes: Some(f64::from(rng.random_range(0..15u32))),
                    // In the language of the rubric the shopper scores with: a Spanish team
                    // reads its shoppers' accounts in Spanish.
                    narrative: Some(match rubric.language {
                        crate::lang::Lang::Es => format!(
                            "Visita {} a {location}: pregunté por un producto y pagué en caja.",
                            i + 1
                        ),
                        crate::lang::Lang::En => format!(
                            "Visit {} to {location}: asked about a product, then paid at the till.",
                            i + 1
                        ),
                    }),
                    logged_at: crate::dates::store_time((at + Duration::hours(3)).min(Utc::now())),
                };
                let receipt = format!("RECEIPT {location} {}\nTOTAL 24.90 EUR\n", report.visited_at).into_bytes();
                let attachment = NewAttachment {
                    file_name: format!("receipt-{}.txt", i + 1),
                    sha256: crate::rubric::load::hex(&<sha2::Sha256 as sha2::Digest>::digest(&receipt)),
                    media_type: "text/plain".to_string(),
                    taken_at: None,
                    gps: None,
                    content: receipt,
                };
                let logged = tx.log_visit(None, &report, std::slice::from_ref(&attachment))?;
                let visit = logged.visit;
                let evaluation = record(
                    tx,
                    rng,
                    rubric,
                    &scoring,
                    NewEvaluation {
                        subject: SubjectRef::Visit(visit),
                        rubric_id: rubric.id.clone(),
                        rubric_version: rubric.version,
                        evaluator: shopper.id.to_string(),
                        agent: report.staff_agent.clone(),
                        location: Some(location.to_string()),
                        occurred_at: report.visited_at.clone(),
                        status: Status::Submitted,
                        calibration: None,
                        external_ref: None,
                        scored_at: crate::dates::store_time((at + Duration::hours(3)).min(Utc::now())),
                        practice: false,
                    },
                    true,
                )?;
                tx.record_visit_revision(visit, logged.revision, &report, Some((evaluation, 1)))?;
                tx.act_as(if i % 2 == 0 { "lea" } else { "mario" });
                match rng.random_range(0..20) {
                    0 => tx.review_visit(
                        visit,
                        "returned",
                        Some("The receipt photo does not show the time; please add it."),
                        &Default::default(),
                    )?,
                    1 | 2 => {} // still waiting for a lead
                    _ => tx.review_visit(visit, "approved", None, &Default::default())?,
                }
                count += 1;
            }
            Ok(())
        })?;
    }
    Ok(count)
}

/// One person's answers to `rubric` as `--set KEY=VALUE` and `--comment-on KEY=TEXT` arguments, for
/// the demo's calibration session (which goes through `score` like a real one).
pub fn answer_arguments(seed: u64, rubric: &Rubric, quality: f64) -> (Vec<String>, Vec<String>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sheet = answers::answer(
        &mut rng,
        rubric,
        &Scoring {
            quality,
            weak: 1,
            strong: 3,
            felt: 0.0,
        },
    );
    let sets = sheet.answers.iter().map(|(k, a)| format!("{k}={a}")).collect();
    let notes = sheet.comments.iter().map(|(k, c)| format!("{k}={c}")).collect();
    (sets, notes)
}
