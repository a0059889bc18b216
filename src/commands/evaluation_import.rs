//! `qaudit evaluation import CSV`: evaluations kept in spreadsheets before qaudit, one row per
//! criterion (long format), each evaluation validated exactly like `score`.

use super::Context;
use crate::cli::ImportOptions;
use crate::csv_input::{Fields, Others, Problems, Record, TimeRules};
use crate::dates;
use crate::error::UserError;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::rubric::sheet::{Checked, Sheet};
use crate::rubric::{Rubric, ScoreResult, Subject};
use crate::scoring::{self, Ineligible, check, compute};
use crate::store::Store;
use crate::store::evaluations::{NewEvaluation, Status, SubjectRef};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

const FIELDS: Fields = Fields {
    required: &[
        "evaluation",
        "subject",
        "evaluator",
        "rubric",
        "scored_at",
        "criterion",
        "value",
    ],
    optional: &["agent", "comment", "overall_comment"],
    others: Others::Refuse,
    mappable: false,
};

/// The rows of one evaluation, as read.
struct Group {
    first_line: u64,
    subject: String,
    agent: Option<String>,
    evaluator: String,
    rubric: String,
    scored_at: String,
    sheet: Sheet,
}

/// One evaluation ready to be written.
struct Ready {
    external_ref: String,
    /// The subject as the file names it.
    label: String,
    new: NewEvaluation,
    result: ScoreResult,
    checked: Checked,
}

#[derive(Serialize)]
struct ImportSummary {
    file: String,
    imported: usize,
    already_imported: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

pub fn run(ctx: &Context, file: &Path, options: &ImportOptions) -> Result<Output> {
    let options = super::import_options::prepare(options)?;
    let mut store = ctx.open()?;
    // History decides bonuses as much as new scores do: only a lead brings it in, and the
    // import records who (each revision's author and the audit entry).
    let lead = ctx.require_role(&store, Role::Lead, "import evaluations")?;
    let (mut input, cols) = options.open(file, &FIELDS)?;
    let name = input.name().to_string();
    let mut problems = Problems::new(&name);
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let col = |f: &str| cols.index(f);
    while let Some(record) = input.next_record()? {
        let row = match record {
            Record::Row(row) => row,
            Record::Ragged(row) => {
                problems.add(row.line, &input.ragged_reason(&row));
                continue;
            }
        };
        let Some(reference) = row.text(col("evaluation")).map(str::to_string) else {
            problems.add(
                row.line,
                "the evaluation column is empty; rows of one evaluation share a reference",
            );
            continue;
        };
        let Some(criterion) = row.text(col("criterion")).map(str::to_string) else {
            problems.add(row.line, "the criterion column is empty");
            continue;
        };
        let fields = [
            row.text(col("subject")).unwrap_or_default().to_string(),
            row.text(col("evaluator")).unwrap_or_default().to_string(),
            row.text(col("rubric")).unwrap_or_default().to_string(),
            row.text(col("scored_at")).unwrap_or_default().to_string(),
        ];
        let agent = row.text(col("agent")).map(str::to_string);
        let group = groups.entry(reference.clone()).or_insert_with(|| Group {
            first_line: row.line,
            subject: fields[0].clone(),
            evaluator: fields[1].clone(),
            rubric: fields[2].clone(),
            scored_at: fields[3].clone(),
            agent: agent.clone(),
            sheet: Sheet::default(),
        });
        let same = [&group.subject, &group.evaluator, &group.rubric, &group.scored_at];
        if same.iter().zip(&fields).any(|(a, b)| *a != b) || group.agent != agent {
            problems.add(
                row.line,
                &format!(
                    "evaluation `{reference}` has other subject, agent, evaluator, rubric or scored_at than on line {}",
                    group.first_line
                ),
            );
            continue;
        }
        let origin = format!("{name}:{}", row.line);
        if group.sheet.answers.contains_key(&criterion) {
            problems.add(
                row.line,
                &format!("evaluation `{reference}` answers `{criterion}` twice"),
            );
            continue;
        }
        group
            .sheet
            .answers
            .insert(criterion.clone(), row.get(col("value")).trim().to_string());
        if let Some(c) = row.text(col("comment")) {
            group.sheet.comments.insert(criterion.clone(), c.to_string());
        }
        if let Some(c) = row.text(col("overall_comment")) {
            group.sheet.comment = Some(c.to_string());
        }
        group.sheet.origin.insert(criterion, origin);
    }

    let mut ready = Vec::new();
    let mut already = 0;
    let mut rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
    for (reference, group) in &groups {
        if store.external_ref_exists(reference)? {
            already += 1;
            continue;
        }
        match prepare(&store, &mut rubrics, reference, group, &options.times) {
            Ok(r) => ready.push(r),
            Err(e) => match super::errors::for_cli(e).downcast::<UserError>() {
                Ok(user) => {
                    let mut reason = format!("evaluation `{reference}`: {}", user.message);
                    for d in &user.details {
                        reason.push_str(&format!("; {}", d.trim()));
                    }
                    problems.add(group.first_line, &reason);
                }
                Err(other) => return Err(other),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error("fix the rows listed above and import the file again; nothing was imported"));
    }
    let imported = ready.len();
    store.write_or_rehearse(&lead.id, options.dry_run, |tx| {
        for r in &ready {
            let id = tx.insert_evaluation(&r.new, &r.result, &r.checked)?;
            // Counted once per subject (issue 15): an imported score of a contact that another
            // evaluation already counts for becomes a second opinion.
            if r.new.status == crate::store::evaluations::Status::Submitted {
                tx.settle_counted(r.new.subject, &format!("evaluation {id} imported"))?;
            }
            // An imported score closes the interaction's open sample items, as `score` does.
            if let SubjectRef::Interaction(interaction) = r.new.subject {
                tx.mark_sampled(interaction, &r.new.evaluator, id)?;
            }
        }
        tx.audit(
            "evaluation.import",
            &format!("import:{}", file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()),
            &serde_json::json!({ "imported_by": lead.id, "imported": imported, "already_imported": already, "references": ready.iter().map(|r| &r.external_ref).collect::<Vec<_>>() }),
        )
    })?;
    let summary = ImportSummary {
        file: name.clone(),
        imported,
        already_imported: already,
        dry_run: options.dry_run,
    };
    let mut table = Table::new(&["reference", "subject", "rubric", "overall"]);
    for r in &ready {
        table.row(vec![
            r.external_ref.clone(),
            r.label.clone(),
            format!("{} v{}", r.new.rubric_id, r.new.rubric_version),
            crate::output::score(r.result.overall),
        ]);
    }
    let line = if options.dry_run {
        format!(
            "{name}: {imported} evaluation(s) would be imported, {already} already imported (--dry-run: nothing was written)."
        )
    } else {
        format!("{name}: {imported} evaluation(s) imported, {already} already imported.")
    };
    let out = Output::new(&summary).line(line);
    Ok(if imported > 0 { out.table(table) } else { out })
}

/// Validates one evaluation's rows like `score` does, without writing anything.
fn prepare(
    store: &Store,
    rubrics: &mut BTreeMap<String, Rubric>,
    reference: &str,
    g: &Group,
    times: &TimeRules,
) -> Result<Ready> {
    let rubric = match rubrics.get(&g.rubric) {
        Some(r) => r.clone(),
        None => {
            let (id, version) = match g.rubric.split_once('@') {
                Some((id, v)) => (
                    id,
                    Some(v.parse::<u32>().map_err(|_| {
                        UserError::new(
                            format!("rubric `{}`: `{v}` is not a version number", g.rubric),
                            "write RUBRIC or RUBRIC@VERSION, e.g. call-quality@1",
                        )
                    })?),
                ),
                None => (g.rubric.as_str(), None),
            };
            let r = store.rubric(id, version)?;
            rubrics.insert(g.rubric.clone(), r.clone());
            r
        }
    };
    let scored_at = times.parse(&g.scored_at).map_err(|e| {
        UserError::new(
            format!("scored_at {e}"),
            "write RFC 3339 or YYYY-MM-DD HH:MM, or give the file's own format with --date-format",
        )
    })?;
    let (subject, agent, location, occurred_at, role) = match g.subject.strip_prefix("visit:") {
        Some(n) => {
            let id: i64 = n.parse().map_err(|_| {
                UserError::new(
                    format!("subject `{}` is not visit:NUMBER", g.subject),
                    "write visit subjects as visit:12",
                )
            })?;
            let visit = store.visit(id)?.ok_or_else(|| {
                UserError::new(format!("no visit {id}"), "log the visit first with `qaudit visit log`")
            })?;
            scoring::fits_subject(&rubric, Subject::Visit)
                .map_err(|e| UserError::new(e.to_string(), "use a visit rubric for visit subjects"))?;
            let at = visit.visited_at.clone().unwrap_or_else(|| dates::store_time(scored_at));
            (
                SubjectRef::Visit(id),
                g.agent.clone().or(visit.staff_agent.clone()),
                Some(visit.location.clone()),
                at,
                Role::Shopper,
            )
        }
        None => {
            let i = store.interaction(&g.subject)?.ok_or_else(|| {
                UserError::new(
                    format!("no interaction `{}`", g.subject),
                    "import the interactions first with `qaudit interaction import`",
                )
            })?;
            if let Some(reason) = &i.withdraw_reason {
                return Err(UserError::new(
                    format!("interaction `{}` was withdrawn ({reason})", g.subject),
                    "leave its rows out: a withdrawn interaction is no longer scored",
                )
                .into());
            }
            // The import names the interaction by its id alone, as its rows do.
            scoring::fits_interaction(&rubric, &i).map_err(|e| match e {
                Ineligible::WrongChannel {
                    rubric,
                    channels,
                    interaction,
                    channel,
                } => UserError::new(
                    format!(
                        "rubric {rubric} is for {}; {interaction} is a {channel}",
                        channels.join(", ")
                    ),
                    "use a rubric for that channel",
                ),
                other => UserError::new(other.to_string(), "use an interaction rubric"),
            })?;
            if let Some(a) = &g.agent
                && a != &i.agent
            {
                return Err(UserError::new(
                    format!("agent `{a}` did not handle {} (its agent is {})", i.id, i.agent),
                    "correct the agent column or leave it empty",
                )
                .into());
            }
            (
                SubjectRef::Interaction(i.rowid),
                Some(i.agent.clone()),
                None,
                i.occurred_at.clone(),
                Role::Evaluator,
            )
        }
    };
    let evaluator = store.staff_member(&g.evaluator)?.ok_or_else(|| {
        UserError::new(
            format!("evaluator `{}` is not a staff member", g.evaluator),
            "add them first with `qaudit staff add`",
        )
    })?;
    if !evaluator.has(role) {
        return Err(UserError::new(
            format!("`{}` does not hold the {} role", evaluator.id, role.as_str()),
            "add the role with `qaudit staff add`",
        )
        .into());
    }
    let checked = check(&rubric, &g.sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    Ok(Ready {
        external_ref: reference.to_string(),
        label: g.subject.clone(),
        new: NewEvaluation {
            subject,
            rubric_id: rubric.id.clone(),
            rubric_version: rubric.version,
            evaluator: evaluator.id.clone(),
            agent,
            location,
            occurred_at,
            status: Status::Submitted,
            calibration: None,
            external_ref: Some(reference.to_string()),
            scored_at: dates::store_time(scored_at),
        },
        result,
        checked,
    })
}
