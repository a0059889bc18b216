//! `qaudit demo`: build a realistic store and show what qaudit does with it.

use super::Context;
use crate::cli::{Cli, DemoArgs, Global};
use crate::demo::{self, DemoOptions};
use crate::error::refuse;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::Output;
use crate::rubric::bundled::store_bundled;
use crate::store::evaluations::{Filter, Status};
use crate::store::{self, OpenMode, Store};
use crate::temp_files::TempFile;
use anyhow::Result;
use clap::Parser;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Context, args: &DemoArgs) -> Result<Output> {
    let path = &ctx.global.db;
    if path.exists() {
        let existing = store::open(path, OpenMode::Existing)?;
        if !only_demo_work(&existing)? {
            return refuse(
                format!(
                    "{} holds work that is not the demo's; the demo will not replace it",
                    path.display()
                ),
                "build the demo in its own file: `qaudit demo --db demo.db`",
            );
        }
    }
    // The demo is built in a temporary file beside the store and renamed into place at the
    // end: an interrupted demo leaves no half-built store behind.
    let temp = TempFile::beside(path);
    let global = Global {
        db: temp.path().to_path_buf(),
        actor: ctx.global.actor.clone(),
        format: ctx.global.format,
        quiet: ctx.global.quiet,
    };
    let built = Context { global };
    let out = build(&built, ctx, args)?;
    if path.exists() {
        let l = Labels::of("demo", args.lang.unwrap_or(Lang::En));
        ctx.notice(&fill!(l, "replacing", path = path.display()));
        remove_store(path)?;
    }
    temp.keep(path).map_err(|e| {
        crate::error::UserError::new(
            format!("cannot write the demo store {}: {e}", path.display()),
            "check that you may write there",
        )
    })?;
    Ok(out)
}

/// Whether a store holds nothing but what a demo wrote: no records at all, or a demo store
/// whose log ends where the demo ended it (`demo_head`), so nobody has worked in it since.
fn only_demo_work(store: &Store) -> Result<bool> {
    let last = store.log_head()?.map(|(s, _)| s.to_string());
    match store.meta("demo_head")? {
        Some(head) => Ok(last.as_deref() == Some(head.as_str())),
        None => Ok(store.meta("demo_seed")?.is_none() && !store.has_records()?),
    }
}

/// Builds the demo into the store of `built` (the temporary file); `ctx` is the run's own
/// context, whose store path names the files written beside it.
fn build(built: &Context, ctx: &Context, args: &DemoArgs) -> Result<Output> {
    let path = &ctx.global.db;
    let mut store = store::open(&built.global.db, OpenMode::Create)?;
    store.ensure_key(&ctx.actor())?;
    // The demo's lead, `lea`, sets the store up and imports the work (the store has no lead
    // until the demo makes her one, so this needs nobody's permission).
    let actor = "lea".to_string();
    store.write(&actor, |tx| store_bundled(tx).map(|_| ()))?;
    let opts = DemoOptions {
        seed: args.seed,
        agents: args.agents,
        interactions: args.interactions,
        evaluations: args.evaluations,
        visits: args.visits,
        until: chrono::Utc::now(),
    };
    let bar = (std::io::stderr().is_terminal() && !ctx.global.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(opts.interactions as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} interactions ({eta} left)")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message("building the demo");
        bar
    });
    let summary = demo::build(&mut store, &actor, &opts, &|done| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    drop(store);
    let shown = show(built, ctx, args)?;
    // The log's last entry is the demo's: a later `demo` may replace this store only while
    // nobody has written to it since.
    let mut store = built.open()?;
    let head = store.log_head()?.map(|(s, _)| s + 1).unwrap_or(1);
    store.write("lea", |tx| tx.set_meta("demo_head", &head.to_string()))?;
    drop(store);
    let db = path.display().to_string();
    let l = Labels::of("demo", args.lang.unwrap_or(Lang::En));
    let fields = [
        (l.get("store"), db.clone()),
        (l.get("seed"), summary.seed.to_string()),
        (
            l.get("people"),
            fill!(
                l,
                "people_value",
                agents = summary.agents,
                staff = summary.staff,
                locations = summary.locations
            ),
        ),
        (
            l.get("work"),
            fill!(
                l,
                "work_value",
                interactions = summary.interactions,
                evaluations = summary.evaluations,
                visits = summary.visits
            ),
        ),
    ];
    let mut out = Output::new(&summary)
        .fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .line(fill!(
            l,
            "also",
            sample = shown.sample,
            calibration = shown.calibration,
            disputes = shown.disputes,
            plan = shown.plan
        ));
    out.blocks.extend(shown.team.blocks);
    out = out.line(l.get("written"));
    for file in &shown.files {
        out = out.line(format!("  {}", file.display()));
    }
    if args.open {
        for file in &shown.files {
            open_in_browser(file);
        }
    }
    let hint = if db == "qaudit.db" {
        String::new()
    } else {
        format!(" --db {db}")
    };
    // In Spanish, the commands that show the Spanish team in Spanish.
    let (lang, agent) = match args.lang {
        Some(Lang::Es) => (" --lang es", shown.coached.as_str()),
        _ => ("", "a-001"),
    };
    Ok(out
        .line(l.get("try_next"))
        .line(format!("  qaudit status{hint}{lang}"))
        .line(format!(
            "  qaudit evaluation list{hint} --agent {agent} --limit 5{lang}"
        ))
        .line(format!("  qaudit flags{hint}{lang}"))
        .line(format!("  qaudit calibrate report {}{hint}{lang}", shown.calibration)))
}

/// What the demo did with the store after building it.
struct Shown {
    sample: i64,
    calibration: i64,
    disputes: usize,
    plan: i64,
    /// The agent of the featured feedback sheet and the coaching plan.
    coached: String,
    team: Output,
    files: Vec<PathBuf>,
}

/// Runs a qaudit command line against the demo store, acting as `actor`: the demo uses the
/// store through the same commands a team types.
fn qaudit(ctx: &Context, actor: &str, args: &[&str]) -> Result<Output> {
    let mut line: Vec<std::ffi::OsString> =
        vec!["qaudit".into(), "--db".into(), ctx.global.db.clone().into_os_string()];
    line.extend(["--as", actor, "--quiet"].iter().map(Into::into));
    line.extend(args.iter().map(Into::into));
    let cli = Cli::try_parse_from(line).map_err(|e| anyhow::anyhow!("the demo built a bad command line: {e}"))?;
    Ok(super::run(cli)?.unwrap_or_else(|| Output::new(&serde_json::Value::Null)))
}

/// Uses the store the way a team would, through the commands themselves: a lead draws this
/// week's sample, three evaluators calibrate on three calls with the lead as reference, agents
/// dispute a few points and a lead settles one, a coaching plan is saved; then the team report,
/// and three HTML reports next to the store.
fn show(ctx: &Context, named: &Context, args: &DemoArgs) -> Result<Shown> {
    let store = ctx.open()?;
    let seed = args.seed;
    let seed_text = seed.to_string();
    let mut draw = vec![
        "sample",
        "draw",
        "--from",
        "-6d",
        "--to",
        "today",
        "--team",
        "norte",
        "--per-agent",
        "2",
    ];
    draw.extend(["--evaluators", "eva,jorge,priya,tom", "--seed", &seed_text]);
    if args.evaluations >= args.interactions {
        // Every interaction is scored (the benchmark's store): draw for a second opinion.
        draw.push("--include-evaluated");
    }
    let sample = first_number(&qaudit(ctx, "lea", &draw)?)?;

    // Calibration: the three newest scored calls of the English-speaking team.
    let calls: Vec<String> = store
        .evaluations(&Filter {
            rubric: Some("call-quality".into()),
            limit: 3,
            ..Filter::default()
        })?
        .into_iter()
        .map(|e| e.subject)
        .collect();
    let rubric = store.rubric("call-quality", None)?;
    let participants = [("lea", 0.0), ("eva", 0.0), ("jorge", 0.08), ("priya", -0.07)];
    let mut new_session = vec![
        "calibrate",
        "new",
        "--rubric",
        "call-quality",
        "--evaluators",
        "lea,eva,jorge,priya",
        "--reference",
        "lea",
    ];
    let subjects: Vec<String> = calls.iter().map(|c| format!("interaction:{c}")).collect();
    for s in &subjects {
        new_session.extend(["--subject", s.as_str()]);
    }
    let calibration = first_number(&qaudit(ctx, "lea", &new_session)?)?;
    let session = calibration.to_string();
    for (i, call) in calls.iter().enumerate() {
        for (j, (who, leniency)) in participants.iter().enumerate() {
            // Everyone sees the same call; they differ by leniency and a little noise.
            let (sets, notes) =
                crate::demo::answer_arguments(seed * 1000 + i as u64 * 10 + j as u64 % 2, &rubric, 0.8 + leniency);
            let mut score = vec![
                "score",
                "--interaction",
                call.as_str(),
                "--rubric",
                "call-quality",
                "--calibration",
                &session,
            ];
            for set in &sets {
                score.extend(["--set", set.as_str()]);
            }
            for note in &notes {
                score.extend(["--comment-on", note.as_str()]);
            }
            qaudit(ctx, who, &score)?;
        }
    }
    qaudit(ctx, "lea", &["calibrate", "close", &session])?;

    // Disputes: three agents contest the lowest-scored criterion of their newest evaluation.
    let mut disputes = 0;
    let spanish_rubrics: Vec<String> = store
        .rubric_summaries()?
        .into_iter()
        .filter(|r| r.language == "es")
        .map(|r| r.id)
        .collect();
    let recent = store.evaluations(&Filter {
        limit: 40,
        status: Some(Status::Submitted),
        ..Filter::default()
    })?;
    let mut disputed_agents = Vec::new();
    for e in recent.iter().filter(|e| e.calibration.is_none()) {
        let Some(agent) = e.agent.clone() else { continue };
        if disputed_agents.contains(&agent) || disputes == 3 {
            continue;
        }
        let Some(detail) = store.evaluation(e.id)? else {
            continue;
        };
        let rubric = store.rubric(&e.rubric, Some(e.rubric_version))?;
        let low = detail.current().answers.iter().filter_map(|a| {
            let c = rubric.criterion(&a.key)?;
            (a.norm.is_some_and(|n| n < 1.0) && !c.critical).then(|| (a.norm.unwrap_or(1.0), c))
        });
        let Some((_, criterion)) = low.min_by(|a, b| a.0.total_cmp(&b.0)) else {
            continue;
        };
        let best = match &criterion.scale.kind {
            crate::rubric::ScaleKind::Binary => "yes".to_string(),
            crate::rubric::ScaleKind::Range { max, .. } => max.to_string(),
            crate::rubric::ScaleKind::Choice { options } => options
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|o| o.0.clone())
                .unwrap_or_default(),
        };
        let id = e.id.to_string();
        // Written in the rubric's language, as the agent of a Spanish team would write it.
        let reason = match rubric.language {
            Lang::Es => "Lo hice; por favor, vuelva a escuchar la grabación.",
            Lang::En => "I did this; please listen to the recording again.",
        };
        let open = [
            "dispute",
            "open",
            id.as_str(),
            "--criterion",
            criterion.key.as_str(),
            "--proposed",
            best.as_str(),
            "--reason",
            reason,
        ];
        if qaudit(ctx, &agent, &open).is_ok() {
            disputes += 1;
            disputed_agents.push(agent);
        }
    }
    if let Some(first) = store.disputes(true)?.first() {
        // A lead who did not score the evaluation settles it, in its rubric's language.
        let scored_by = store
            .evaluation(first.evaluation)?
            .map(|d| d.summary.evaluator)
            .unwrap_or_default();
        let note = match store.rubric(&first.rubric, Some(first.rubric_version))?.language {
            Lang::Es => "Confirmado en la grabación.",
            Lang::En => "Confirmed on the recording.",
        };
        let resolver = if scored_by == "lea" { "mario" } else { "lea" };
        qaudit(
            ctx,
            resolver,
            &["dispute", "resolve", &first.id.to_string(), "--accept", "--note", note],
        )?;
    }

    // Agents read most of their feedback: two in three of the latest evaluations are acknowledged.
    for (i, e) in store
        .evaluations(&Filter {
            limit: 150,
            status: Some(Status::Submitted),
            ..Filter::default()
        })?
        .iter()
        .enumerate()
    {
        if let (Some(agent), None, true) = (&e.agent, e.calibration, i % 3 != 0) {
            qaudit(ctx, agent, &["evaluation", "ack", &e.id.to_string()])?;
        }
    }

    // Reports: the team in the terminal; a feedback sheet, a coaching plan and the location
    // league table as HTML next to the store.
    let dir = named
        .global
        .db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let stem = named
        .global
        .db
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("qaudit")
        .to_string();
    let file = |name: &str| dir.join(format!("{stem}-{name}.html"));
    // In Spanish the featured evaluation is the Spanish team's, so that its sheet and its agent's
    // coaching plan read in Spanish from the rubric down.
    let spanish = args.lang == Some(Lang::Es);
    let scored: Vec<_> = recent
        .iter()
        .filter(|e| e.calibration.is_none())
        .filter(|e| !spanish || spanish_rubrics.contains(&e.rubric))
        .collect();
    let featured = scored
        .iter()
        .find(|e| e.critical_failed)
        .or_else(|| scored.iter().find(|e| !e.passed))
        .or(scored.first())
        .map(|e| (e.id, e.agent.clone().unwrap_or_else(|| "a-001".into())));
    let (evaluation, coached) = featured.unwrap_or((1, "a-001".into()));
    let files = vec![file("feedback"), file("coaching-plan"), file("locations")];
    let path = |p: &PathBuf| p.display().to_string();
    let in_lang = |mut line: Vec<String>| -> Vec<String> {
        if spanish {
            line.extend(["--lang".to_string(), "es".to_string()]);
        }
        line
    };
    let run = |line: Vec<String>| -> Result<Output> {
        let refs: Vec<&str> = line.iter().map(String::as_str).collect();
        qaudit(ctx, "lea", &refs)
    };
    let words = |w: &[&str]| -> Vec<String> { w.iter().map(|s| s.to_string()).collect() };
    run(in_lang(words(&[
        "report",
        "feedback",
        &evaluation.to_string(),
        "--output",
        &path(&files[0]),
    ])))?;
    run(in_lang(words(&[
        "coach",
        "plan",
        &coached,
        "--save",
        "--output",
        &path(&files[1]),
    ])))?;
    let plans = qaudit(ctx, "lea", &["coach", "list", "--agent", &coached])?;
    let plan = plans
        .json
        .as_array()
        .and_then(|p| p.first())
        .and_then(|p| p.get("id"))
        .and_then(|id| id.as_i64())
        .unwrap_or(0);
    run(in_lang(words(&[
        "report",
        "locations",
        "--from",
        "-120d",
        "--output",
        &path(&files[2]),
    ])))?;
    // The team report of the Spanish team's rubric, in Spanish; by default as a lead reads it.
    let team = match spanish_rubrics
        .iter()
        .find(|r| spanish && scored.iter().any(|e| &e.rubric == *r))
    {
        Some(rubric) => run(in_lang(words(&["report", "team", "--rubric", rubric])))?,
        None => qaudit(ctx, "lea", &["report", "team"])?,
    };
    Ok(Shown {
        sample,
        calibration,
        disputes,
        plan,
        coached,
        team,
        files,
    })
}

/// The number a command's JSON result leads with (`id` at the top level or one level down).
fn first_number(out: &Output) -> Result<i64> {
    let json = &out.json;
    let found = ["id", "sample", "session", "plan"].iter().find_map(|key| {
        let v = json.get(key)?;
        v.as_i64().or_else(|| v.get("id").and_then(|id| id.as_i64()))
    });
    found.ok_or_else(|| anyhow::anyhow!("the demo could not read an id from {json}"))
}

/// Opens a file with the desktop's default program, if there is one; failing that, says nothing
/// (the paths are printed anyway).
fn open_in_browser(file: &Path) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let _ = std::process::Command::new(opener)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Deletes a store file with its WAL and shared-memory companions.
fn remove_store(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return refuse(
                    format!("cannot replace {}: {e}", path.display()),
                    "check that you may write there",
                );
            }
        }
    }
    Ok(())
}
