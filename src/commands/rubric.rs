//! `qaudit rubric list | show | validate | import`.

use super::Context;
use crate::cli::RubricCommand;
use crate::error::UserError;
use crate::fill;
use crate::labels::{Labels, number};
use crate::output::{Output, Table};
use crate::rubric::load::FORMAT_HINT;
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

/// The human view of a rubric, in its own language: settings, sections, criteria and scales;
/// JSON is the whole rubric. The words of the rubric file (`zero_overall`, ids) stay as written.
fn describe(r: &Rubric) -> Output {
    let l = Labels::of("terminal", r.language);
    let num = |v: f64| number(l.lang(), &trim(v));
    let channels = if r.channels.is_empty() {
        l.get("r_all_channels")
    } else {
        r.channels.iter().map(|c| l.channel(c)).collect::<Vec<_>>().join(", ")
    };
    let bands: Vec<String> = r.bands.iter().map(|b| format!("{} {}+", b.label, num(b.min))).collect();
    let mut fields = vec![
        (
            l.get("r_rubric"),
            fill!(l, "r_rubric_value", id = r.id, version = r.version),
        ),
        (l.get("r_title"), r.title.clone()),
        (
            l.get("r_scores"),
            format!(
                "{} ({})",
                l.get(&format!("r_subject_{}", r.subject.as_str())),
                if r.subject == crate::rubric::Subject::Visit {
                    l.get("r_store_visits")
                } else {
                    channels
                }
            ),
        ),
        (l.get("r_pass_mark"), l.score(r.pass_mark)),
        (
            l.get("r_critical"),
            fill!(
                l,
                "r_critical_value",
                policy = word(&r.critical_policy),
                effect = l.get(critical_effect(r))
            ),
        ),
        (l.get("r_na_answers"), word(&r.na_policy)),
        (l.get("r_disputes"), fill!(l, "r_disputes_value", days = r.dispute_days)),
    ];
    if !bands.is_empty() {
        fields.push((l.get("r_bands"), bands.join(", ")));
    }
    let headers = |keys: &[&str]| keys.iter().map(|k| l.get(k)).collect::<Vec<_>>();
    let table = |keys: &[&str], title: &str| {
        let h = headers(keys);
        Table::new(&h.iter().map(String::as_str).collect::<Vec<_>>()).titled(l.get(title))
    };
    let total_weight: f64 = r.sections.iter().map(|s| s.weight).sum();
    let mut sections = table(
        &[
            "r_col_section",
            "r_col_title",
            "r_col_weight",
            "r_col_share",
            "r_col_target",
            "r_col_criteria",
        ],
        "r_sections",
    );
    for s in &r.sections {
        sections.row(vec![
            s.id.clone(),
            s.title.clone(),
            num(s.weight),
            format!("{:.0}%", 100.0 * s.weight / total_weight),
            l.score(s.target),
            s.criteria.len().to_string(),
        ]);
    }
    let mut criteria = table(
        &[
            "col_criterion",
            "r_col_text",
            "r_col_scale",
            "r_col_weight",
            "r_col_notes",
        ],
        "r_criteria",
    );
    for c in r.criteria() {
        let mut notes = Vec::new();
        if c.critical {
            notes.push(fill!(l, "r_note_critical", value = num(c.fail_below.unwrap_or(1.0))));
        }
        if c.na {
            notes.push(l.get("r_note_na"));
        }
        if let Some(limit) = c.comment_required_below {
            notes.push(fill!(l, "r_note_comment", value = num(limit)));
        }
        criteria.row(vec![
            c.key.clone(),
            match &c.employee_text {
                Some(e) => fill!(l, "r_employee_sheet", text = c.text, employee = e),
                None => c.text.clone(),
            },
            c.scale.name.clone(),
            num(c.weight),
            notes.join("; "),
        ]);
    }
    let mut scales = table(&["r_col_scale", "r_col_type", "r_col_answers"], "r_scales");
    for s in &r.scales {
        let (kind, answers) = match &s.kind {
            ScaleKind::Binary => ("r_binary", l.get("r_binary_answers")),
            ScaleKind::Range { min, max, labels } => {
                let named: Vec<String> = labels.iter().map(|(v, label)| format!("{v} {label}")).collect();
                (
                    "r_range",
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
                "r_choice",
                options
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", num(*v)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        scales.row(vec![s.name.clone(), l.get(kind), answers]);
    }
    let mut out = Output::new(r)
        .fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .table(sections)
        .table(criteria)
        .table(scales);
    if !r.flags.is_empty() {
        let mut flags = table(&["r_col_flag", "r_col_kind", "r_col_rule"], "r_flags");
        for f in &r.flags {
            flags.row(vec![
                f.id.clone(),
                l.get(&format!("r_kind_{}", word(&f.kind))),
                flag_rule(f, &l),
            ]);
        }
        out = out.table(flags);
    }
    out
}

/// The label of what a failed critical criterion does under the rubric's policy.
fn critical_effect(r: &Rubric) -> &'static str {
    match r.critical_policy {
        crate::rubric::CriticalPolicy::ZeroOverall => "r_zero_overall",
        crate::rubric::CriticalPolicy::ZeroSection => "r_zero_section",
        crate::rubric::CriticalPolicy::FlagOnly => "r_flag_only",
    }
}

/// A flag rule in words: "30 days, at least 4 evaluations, average >= 92, no critical failures".
fn flag_rule(f: &crate::rubric::FlagRule, l: &Labels) -> String {
    let num = |v: f64| number(l.lang(), &trim(v));
    let mut parts = vec![fill!(l, "r_rule_days", n = f.window_days)];
    if let Some(scope) = &f.scope {
        parts.push(fill!(
            l,
            &format!("r_rule_scope_{}", scope.kind_name()),
            id = scope.id()
        ));
    }
    if let Some(n) = f.min_evaluations {
        parts.push(fill!(l, "r_rule_min", n = n));
    }
    let bound = |dir: &str| {
        f.confidence
            .map(|c| fill!(l, "r_rule_bound", dir = l.get(dir), pct = format!("{:.0}", c * 100.0)))
            .unwrap_or_default()
    };
    if let Some(v) = f.average_at_least {
        parts.push(fill!(l, "r_rule_at_least", value = num(v), bound = bound("r_lower")));
    }
    if let Some(v) = f.average_below {
        parts.push(fill!(l, "r_rule_below", value = num(v), bound = bound("r_upper")));
    }
    if let Some(n) = f.max_critical_failures {
        parts.push(if n == 0 {
            l.get("r_rule_no_critical")
        } else {
            fill!(l, "r_rule_max_critical", n = n)
        });
    }
    if let Some(n) = f.critical_failures_at_least {
        parts.push(fill!(l, "r_rule_critical_at_least", n = n));
    }
    let v = &f.voice;
    if let Some(t) = v.csat_below {
        parts.push(fill!(l, "r_rule_csat_below", value = num(t), bound = bound("r_upper")));
    }
    if let Some(t) = v.nps_below {
        parts.push(fill!(l, "r_rule_nps_below", value = num(t), bound = bound("r_upper")));
    }
    if let Some(t) = v.complaints_per_100_above {
        parts.push(fill!(
            l,
            "r_rule_complaints_above",
            value = num(t),
            bound = bound("r_lower")
        ));
    }
    for limit in &v.response_p90_above {
        let value = match &limit.channel {
            Some(channel) => format!("{} ({channel})", limit.written),
            None => limit.written.clone(),
        };
        parts.push(fill!(l, "r_rule_response_above", value = value));
    }
    if v.any() {
        parts.push(fill!(l, "r_rule_min_contacts", n = v.min_contacts()));
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

/// A diagnostic as the command line shows it: the format hint names the command that prints a
/// rubric.
fn diagnostic(d: &Diagnostic) -> String {
    if d.hint != FORMAT_HINT {
        return d.to_string();
    }
    Diagnostic {
        hint: "see the rubric format in the README or `qaudit rubric show call-quality --format json`".to_string(),
        ..d.clone()
    }
    .to_string()
}

/// The refusal for invalid files: every diagnostic of every file.
fn invalid(total: usize, bad: &[(String, Vec<Diagnostic>)], verb: &str) -> anyhow::Error {
    let problems: usize = bad.iter().map(|(_, d)| d.len()).sum();
    let details: Vec<String> = bad.iter().flat_map(|(_, d)| d.iter().map(diagnostic)).collect();
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
        // A `csat_below` must lie on this store's CSAT scale (checked in the write, so no
        // survey import changes the scale in between); one refusal imports nothing.
        let scale = tx.csat_scale()?.unwrap_or_default();
        for (file, l) in &ok {
            crate::flags::voice::check_csat_scale(l, file, scale)?;
        }
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
