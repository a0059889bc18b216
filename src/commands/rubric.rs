//! `qaudit rubric list | show | validate | import`.

use super::Context;
use crate::cli::RubricCommand;
use crate::error::UserError;
use crate::output::{Output, Table, score};
use crate::rubric::{Diagnostic, LoadedRubric, Rubric, ScaleKind, load_str};
use crate::store::rubrics::StoreOutcome;
use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Context, cmd: RubricCommand) -> Result<Output> {
    match cmd {
        RubricCommand::List => list(ctx),
        RubricCommand::Show { id, version } => show(ctx, &id, version),
        RubricCommand::Validate { files } => validate(&files),
        RubricCommand::Import { files } => import(ctx, &files),
    }
}

fn list(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let rubrics = store.rubric_summaries()?;
    let mut table = Table::new(&["id", "version", "title", "subject", "lang", "loaded"]);
    for r in &rubrics {
        let version = if r.versions > 1 {
            format!("{} (of {})", r.version, r.versions)
        } else {
            r.version.to_string()
        };
        table.row(vec![
            r.id.clone(),
            version,
            r.title.clone(),
            r.subject.clone(),
            r.language.clone(),
            r.loaded_at.get(..10).unwrap_or(&r.loaded_at).to_string(),
        ]);
    }
    let out = Output::new(&rubrics);
    Ok(if rubrics.is_empty() {
        out.line("No rubrics stored. Run `qaudit init` to load the bundled ones, or `qaudit rubric import FILE`.")
    } else {
        out.table(table)
    })
}

fn show(ctx: &Context, id: &str, version: Option<u32>) -> Result<Output> {
    let store = ctx.open()?;
    let rubric = store.rubric(id, version)?;
    Ok(describe(&rubric))
}

/// The human view of a rubric: settings, sections, criteria and scales; JSON is the whole rubric.
fn describe(r: &Rubric) -> Output {
    let channels = if r.channels.is_empty() {
        "all".to_string()
    } else {
        r.channels.join(", ")
    };
    let bands: Vec<String> = r.bands.iter().map(|b| format!("{} {}+", b.label, b.min)).collect();
    let mut fields = vec![
        ("Rubric", format!("{} version {}", r.id, r.version)),
        ("Title", r.title.clone()),
        (
            "Scores",
            format!(
                "{}s ({})",
                r.subject.as_str(),
                if r.subject == crate::rubric::Subject::Visit {
                    "store visits".to_string()
                } else {
                    channels
                }
            ),
        ),
        ("Pass mark", score(r.pass_mark)),
        (
            "Critical",
            format!(
                "{} (a failed critical criterion {})",
                word(&r.critical_policy),
                critical_effect(r)
            ),
        ),
        ("N/A answers", word(&r.na_policy)),
        ("Disputes", format!("within {} days", r.dispute_days)),
    ];
    if !bands.is_empty() {
        fields.push(("Bands", bands.join(", ")));
    }
    let total_weight: f64 = r.sections.iter().map(|s| s.weight).sum();
    let mut sections = Table::new(&["section", "title", "weight", "share", "target", "criteria"]).titled("Sections");
    for s in &r.sections {
        sections.row(vec![
            s.id.clone(),
            s.title.clone(),
            trim(s.weight),
            format!("{:.0}%", 100.0 * s.weight / total_weight),
            score(s.target),
            s.criteria.len().to_string(),
        ]);
    }
    let mut criteria = Table::new(&["criterion", "text", "scale", "weight", "notes"]).titled("Criteria");
    for c in r.criteria() {
        let mut notes = Vec::new();
        if c.critical {
            notes.push(format!("critical <{}", trim(c.fail_below.unwrap_or(1.0))));
        }
        if c.na {
            notes.push("N/A ok".to_string());
        }
        if let Some(limit) = c.comment_required_below {
            notes.push(format!("comment <{}", trim(limit)));
        }
        criteria.row(vec![
            c.key.clone(),
            match &c.employee_text {
                Some(e) => format!("{} (employee's sheet: {e})", c.text),
                None => c.text.clone(),
            },
            c.scale.name.clone(),
            trim(c.weight),
            notes.join("; "),
        ]);
    }
    let mut scales = Table::new(&["scale", "type", "answers"]).titled("Scales");
    for s in &r.scales {
        let (kind, answers) = match &s.kind {
            ScaleKind::Binary => ("binary", "yes = 1, no = 0".to_string()),
            ScaleKind::Range { min, max, labels } => {
                let named: Vec<String> = labels.iter().map(|(v, l)| format!("{v} {l}")).collect();
                (
                    "range",
                    format!(
                        "{min}..{max}{}",
                        if named.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", named.join(", "))
                        }
                    ),
                )
            }
            ScaleKind::Choice { options } => (
                "choice",
                options
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", trim(*v)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        scales.row(vec![s.name.clone(), kind.to_string(), answers]);
    }
    let mut out = Output::new(r)
        .fields(fields)
        .table(sections)
        .table(criteria)
        .table(scales);
    if !r.flags.is_empty() {
        let mut flags = Table::new(&["flag", "kind", "rule"]).titled("Flags");
        for f in &r.flags {
            flags.row(vec![f.id.clone(), word(&f.kind), flag_rule(f)]);
        }
        out = out.table(flags);
    }
    out
}

fn critical_effect(r: &Rubric) -> &'static str {
    match r.critical_policy {
        crate::rubric::CriticalPolicy::ZeroOverall => "sets the overall score to 0",
        crate::rubric::CriticalPolicy::ZeroSection => "sets its section to 0",
        crate::rubric::CriticalPolicy::FlagOnly => "is flagged but does not change the score",
    }
}

/// A flag rule in words: "30 days, at least 4 evaluations, average >= 92, no critical failures".
fn flag_rule(f: &crate::rubric::FlagRule) -> String {
    let mut parts = vec![format!("{} days", f.window_days)];
    if let Some(n) = f.min_evaluations {
        parts.push(format!("at least {n} evaluations"));
    }
    let bound = |dir: &str| {
        f.confidence
            .map(|c| format!(" ({dir} bound at {:.0}% confidence)", c * 100.0))
            .unwrap_or_default()
    };
    if let Some(v) = f.average_at_least {
        parts.push(format!("average >= {}{}", trim(v), bound("lower")));
    }
    if let Some(v) = f.average_below {
        parts.push(format!("average < {}{}", trim(v), bound("upper")));
    }
    if let Some(n) = f.max_critical_failures {
        parts.push(if n == 0 {
            "no critical failures".to_string()
        } else {
            format!("at most {n} critical failures")
        });
    }
    if let Some(n) = f.critical_failures_at_least {
        parts.push(format!("{n}+ critical failures"));
    }
    parts.join(", ")
}

/// An enum as the word the rubric file uses for it (`zero_overall`, `reward`).
fn word(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A number without a trailing `.0`.
fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Reads a rubric file: its text, or a user error naming the file.
fn read(path: &Path) -> Result<String> {
    let limit = crate::rubric::load::MAX_RUBRIC_BYTES as u64;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > limit
    {
        return Err(UserError::new(
            format!(
                "{} is {} bytes; rubric files are limited to {limit} bytes",
                path.display(),
                meta.len()
            ),
            "a rubric is a scorecard of a few dozen criteria; check that this is the right file",
        )
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| {
        UserError::new(
            format!("cannot read {}: {e}", path.display()),
            "check the file name and that you may read it",
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        UserError::new(
            format!(
                "{} is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
            "save the rubric as UTF-8",
        )
        .into()
    })
}

/// Rubric files that validated, by file name.
type Valid = Vec<(String, LoadedRubric)>;
/// Rubric files that did not, with every problem found.
type Invalid = Vec<(String, Vec<Diagnostic>)>;

/// Loads every file, keeping the rubrics that validate and every diagnostic of those that do not.
fn load_all(files: &[PathBuf]) -> Result<(Valid, Invalid)> {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for f in files {
        let name = f.display().to_string();
        let text = read(f)?;
        match load_str(&name, &text) {
            Ok(l) => ok.push((name, l)),
            Err(d) => bad.push((name, d)),
        }
    }
    Ok((ok, bad))
}

/// The refusal for invalid files: every diagnostic of every file.
fn invalid(total: usize, bad: &[(String, Vec<Diagnostic>)], verb: &str) -> anyhow::Error {
    let problems: usize = bad.iter().map(|(_, d)| d.len()).sum();
    let details: Vec<String> = bad.iter().flat_map(|(_, d)| d.iter().map(|x| x.to_string())).collect();
    UserError::new(
        format!(
            "{} of {total} rubric file(s) invalid ({problems} problem(s)){verb}",
            bad.len()
        ),
        "fix the problems listed above; `qaudit rubric validate FILE` checks a file without a store",
    )
    .with_details(details)
    .into()
}

#[derive(Serialize)]
struct Validated {
    file: String,
    id: String,
    version: u32,
    sections: usize,
    criteria: usize,
    sha256: String,
}

fn validate(files: &[PathBuf]) -> Result<Output> {
    let (ok, bad) = load_all(files)?;
    if !bad.is_empty() {
        return Err(invalid(files.len(), &bad, ""));
    }
    let validated: Vec<Validated> = ok
        .iter()
        .map(|(file, l)| Validated {
            file: file.clone(),
            id: l.rubric.id.clone(),
            version: l.rubric.version,
            sections: l.rubric.sections.len(),
            criteria: l.rubric.criteria().count(),
            sha256: l.sha256.clone(),
        })
        .collect();
    let mut out = Output::new(&validated);
    for v in &validated {
        out = out.line(format!(
            "ok  {}: {} version {}, {} sections, {} criteria",
            v.file, v.id, v.version, v.sections, v.criteria
        ));
    }
    Ok(out)
}

#[derive(Serialize)]
struct Imported {
    file: String,
    id: String,
    version: u32,
    outcome: StoreOutcome,
}

fn import(ctx: &Context, files: &[PathBuf]) -> Result<Output> {
    let mut store = ctx.open()?;
    let (ok, bad) = load_all(files)?;
    if !bad.is_empty() {
        return Err(invalid(files.len(), &bad, "; nothing imported"));
    }
    let imported = store.write(&ctx.writer(&store)?, |tx| {
        ok.iter()
            .map(|(file, l)| {
                let outcome = tx.store_rubric(l, file)?;
                Ok(Imported {
                    file: file.clone(),
                    id: l.rubric.id.clone(),
                    version: l.rubric.version,
                    outcome,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut table = Table::new(&["file", "rubric", "version", "result"]);
    for i in &imported {
        let result = match i.outcome {
            StoreOutcome::Stored => "stored as a new version",
            StoreOutcome::Unchanged => "unchanged (already stored)",
        };
        table.row(vec![
            i.file.clone(),
            i.id.clone(),
            i.version.to_string(),
            result.to_string(),
        ]);
    }
    Ok(Output::new(&imported).table(table))
}
