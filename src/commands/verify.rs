//! `qaudit verify`: proves the store is whole and unaltered, or names what is not.

use super::Context;
use crate::error::UserError;
use crate::output::Output;
use crate::rubric::{Answer, Rubric, load_str, score_partial};
use crate::store::integrity::{Finding, StoredRevision};
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};

/// Scores that differ by less than this are equal (they are recomputed in the same way; the
/// margin only absorbs floating-point noise).
const TOLERANCE: f64 = 1e-9;

pub fn run(ctx: &Context) -> Result<Output> {
    let store = ctx.open()?;
    let mut findings = store.sqlite_checks()?;
    let (entries, chain) = store.audit_chain_findings()?;
    findings.extend(chain);

    let mut rubrics: HashMap<(String, u32), Rubric> = HashMap::new();
    let texts = store.rubric_texts()?;
    for (id, version, sha, yaml) in &texts {
        let name = format!("rubric {id} version {version}");
        match load_str(&name, yaml) {
            Ok(loaded) => {
                if &loaded.sha256 != sha {
                    findings.push(finding(
                        "rubric",
                        &name,
                        "its text does not match its stored sha256: it was changed after import",
                    ));
                }
                rubrics.insert((id.clone(), *version), loaded.rubric);
            }
            Err(d) => findings.push(finding(
                "rubric",
                &name,
                format!("its stored text no longer validates: {}", d[0].message),
            )),
        }
    }
    let revisions = store.for_each_revision(|rev| {
        findings.extend(check_revision(&rubrics, &rev));
        Ok(())
    })?;

    let summary = vec![
        ("Store", store.path().display().to_string()),
        ("SQLite", "integrity and foreign keys checked".to_string()),
        ("Audit log", format!("{entries} entries, hash chain walked")),
        ("Rubrics", format!("{} versions re-hashed", texts.len())),
        (
            "Evaluations",
            format!("{revisions} revisions recomputed from their answers"),
        ),
    ];
    if findings.is_empty() {
        return Ok(
            Output::new(&serde_json::json!({ "ok": true, "audit_entries": entries, "revisions": revisions }))
                .fields(summary)
                .line("No problems found."),
        );
    }
    let details: Vec<String> = findings
        .iter()
        .map(|f| format!("  {}: {}: {}", f.check, f.entity, f.problem))
        .collect();
    Err(UserError::new(
        format!("verify found {} problem(s) in {}", findings.len(), store.path().display()),
        "restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit",
    )
    .with_details(details)
    .into())
}

fn finding(check: &str, entity: &str, problem: impl Into<String>) -> Finding {
    Finding {
        check: check.to_string(),
        entity: entity.to_string(),
        problem: problem.into(),
    }
}

fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > TOLERANCE
}

/// Recomputes one stored revision from its answers and the rubric version it was scored on.
fn check_revision(rubrics: &HashMap<(String, u32), Rubric>, rev: &StoredRevision) -> Vec<Finding> {
    let name = format!("evaluation {} revision {}", rev.evaluation, rev.revision);
    let mut out = Vec::new();
    if rev.row_matches == Some(false) {
        out.push(finding(
            "evaluation",
            &format!("evaluation {}", rev.evaluation),
            "its stored result differs from its current revision",
        ));
    }
    let Some(rubric) = rubrics.get(&(rev.rubric.clone(), rev.version)) else {
        out.push(finding(
            "evaluation",
            &name,
            format!("its rubric {} version {} is missing", rev.rubric, rev.version),
        ));
        return out;
    };
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    for (key, written, _, _) in &rev.answers {
        match rubric.criterion(key).map(|c| c.parse_answer(written)) {
            Some(Ok(a)) => {
                answers.insert(key.clone(), a);
            }
            Some(Err(e)) => out.push(finding("evaluation", &name, format!("stored answer is invalid: {e}"))),
            None => out.push(finding(
                "evaluation",
                &name,
                format!("stored answer for `{key}`, which is not in the rubric"),
            )),
        }
    }
    let Some(result) = score_partial(rubric, &answers) else {
        out.push(finding("evaluation", &name, "its answers leave nothing to score"));
        return out;
    };
    if differs(result.overall, rev.overall) {
        out.push(finding(
            "evaluation",
            &name,
            format!("stored overall {:.4}, recomputed {:.4}", rev.overall, result.overall),
        ));
    }
    if result.passed != rev.passed {
        out.push(finding(
            "evaluation",
            &name,
            format!("stored pass/fail {}, recomputed {}", rev.passed, result.passed),
        ));
    }
    if result.critical_failures.is_empty() == rev.critical_failed {
        out.push(finding(
            "evaluation",
            &name,
            format!(
                "stored critical failure {}, recomputed {}",
                rev.critical_failed,
                !result.critical_failures.is_empty()
            ),
        ));
    }
    if result.band != rev.band {
        out.push(finding(
            "evaluation",
            &name,
            format!("stored band {:?}, recomputed {:?}", rev.band, result.band),
        ));
    }
    for (key, _, norm, failed) in &rev.answers {
        if let Some(c) = result.criteria.iter().find(|c| &c.key == key) {
            let same_norm = match (c.norm, norm) {
                (Some(a), Some(b)) => !differs(a, *b),
                (None, None) => true,
                _ => false,
            };
            if !same_norm || c.critical_failed != *failed {
                out.push(finding(
                    "evaluation",
                    &name,
                    format!("stored score of `{key}` differs from its answer"),
                ));
            }
        }
    }
    for (id, score, zeroed) in &rev.sections {
        let recomputed = result.sections.iter().find(|s| &s.id == id);
        let same = recomputed.is_some_and(|s| {
            s.zeroed == *zeroed
                && match (s.score, score) {
                    (Some(a), Some(b)) => !differs(a, *b),
                    (None, None) => true,
                    _ => false,
                }
        });
        if !same {
            out.push(finding(
                "evaluation",
                &name,
                format!("stored score of section `{id}` differs from its answers"),
            ));
        }
    }
    out
}
