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

pub fn run(ctx: &Context, expect_head: Option<&str>) -> Result<Output> {
    let expected = match expect_head {
        None => None,
        Some(text) => Some(crate::store::key::parse_head(text).ok_or_else(|| {
            UserError::new(
                format!("--expect-head {text} is not SEQ:HASH"),
                "give the line `qaudit log head` printed, e.g. --expect-head 1520:9f2c... (64 hex digits)",
            )
        })?),
    };
    let store = match ctx.open() {
        Ok(store) => store,
        Err(e) => match crate::commands::errors::plain_fault(&e) {
            // A file SQLite cannot read is a finding, not a failure of verify.
            Some(fault) if fault.message.contains("damaged") => {
                return Err(found(
                    ctx.global.db.display().to_string(),
                    vec![finding("sqlite", "the file", fault.message)],
                ));
            }
            _ => return Err(e),
        },
    };
    let mut findings = Vec::new();
    let mut summary = vec![("Store", store.path().display().to_string())];
    let checked = check_all(&store, expected.as_ref(), &mut findings, &mut summary);
    if let Err(e) = checked {
        match crate::commands::errors::plain_fault(&e) {
            Some(fault) => findings.push(finding("sqlite", "the file", fault.message)),
            None => return Err(e),
        }
    }
    if findings.is_empty() {
        let mut out = Output::new(&serde_json::json!({ "ok": true, "keyed": store.has_key() })).fields(summary);
        if !store.has_key() {
            out = out.line(format!(
                "The store's key is not here ({}): the log's links were checked, its keyed hashes and the records' digests were not.",
                store.key_path().display()
            ));
        }
        return Ok(out.line("No problems found."));
    }
    Err(found(store.path().display().to_string(), findings))
}

/// Every check, adding what it found to `findings` and a line per check to `summary`. SQLite's
/// own checks run on a second connection beside the others (they read the whole file and
/// depend on nothing else); their findings come first, as they always have.
fn check_all(
    store: &crate::store::Store,
    expected: Option<&(i64, String)>,
    findings: &mut Vec<Finding>,
    summary: &mut Vec<(&'static str, String)>,
) -> Result<()> {
    summary.push(("SQLite", "integrity and foreign keys checked".to_string()));
    let mut rest = Vec::new();
    let (sqlite, checked) = std::thread::scope(|scope| {
        let side = store.reader().map(|reader| scope.spawn(move || reader.sqlite_checks()));
        let checked = check_records(store, expected, &mut rest, summary);
        let sqlite = match side {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("SQLite's checks stopped unexpectedly"))),
            None => store.sqlite_checks(),
        };
        (sqlite, checked)
    });
    let failed = match sqlite {
        Ok(found) => {
            findings.extend(found);
            None
        }
        Err(e) => Some(e),
    };
    findings.extend(rest);
    match (failed, checked) {
        (Some(e), _) | (None, Err(e)) => Err(e),
        (None, Ok(())) => Ok(()),
    }
}

/// The checks on the store's own connection: the chain, every record against the log, the
/// rubric texts, and every revision recomputed (read in the same pass as the records).
fn check_records(
    store: &crate::store::Store,
    expected: Option<&(i64, String)>,
    findings: &mut Vec<Finding>,
    summary: &mut Vec<(&'static str, String)>,
) -> Result<()> {
    let chain = store.check_chain(expected)?;
    findings.extend(chain.findings);
    if let Some(end) = chain.backup {
        summary.push((
            "Backup",
            format!(
                "This file ends with the entry of `qaudit backup` {}: it is that backup (the store has moved on to entry {}).",
                end.entry, end.store_head
            ),
        ));
    }
    let head = chain
        .head
        .map(|(s, h)| format!("{s}:{h}"))
        .unwrap_or_else(|| "none".into());
    summary.push((
        "Audit log",
        if chain.keyed {
            format!("{} entries, keyed chain checked, head {head}", chain.entries)
        } else {
            format!(
                "{} entries, links only (no key at {}), head {head}",
                chain.entries, chain.key_path
            )
        },
    ));
    if let Some((s, _)) = expected {
        summary.push(("Expected head", format!("entry {s} checked")));
    }

    let mut rubric_findings = Vec::new();
    let mut rubrics: Rubrics = HashMap::new();
    let texts = store.rubric_texts()?;
    for (id, version, sha, yaml) in &texts {
        let name = format!("rubric {id} version {version}");
        match load_str(&name, yaml) {
            Ok(loaded) => {
                if &loaded.sha256 != sha {
                    rubric_findings.push(finding(
                        "rubric",
                        &name,
                        "its text does not match its stored sha256: it was changed after import",
                    ));
                }
                rubrics.entry(id.clone()).or_default().insert(*version, loaded.rubric);
            }
            Err(d) => rubric_findings.push(finding(
                "rubric",
                &name,
                format!("its stored text no longer validates: {}", d[0].message),
            )),
        }
    }
    let mut evaluation_findings = Vec::new();
    let scan = store.record_findings(chain.latest, |rev| {
        check_revision(&rubrics, &rev, &mut evaluation_findings);
        Ok(())
    })?;
    findings.extend(scan.findings);
    summary.push((
        "Records",
        if chain.keyed {
            format!("{} compared with their audit entries' digests", scan.records)
        } else {
            format!("{} matched to audit entries (digests need the key)", scan.records)
        },
    ));
    if !scan.meta_covered {
        summary.push((
            "Settings",
            "not compared: this store's log does not record them yet (open it once, writable, with its key)"
                .to_string(),
        ));
    }
    findings.extend(rubric_findings);
    summary.push(("Rubrics", format!("{} versions re-hashed", texts.len())));
    findings.extend(evaluation_findings);
    summary.push((
        "Evaluations",
        format!("{} revisions recomputed from their answers", scan.revisions),
    ));
    Ok(())
}

/// The stored rubric versions that load: by id, then version.
type Rubrics = HashMap<String, HashMap<u32, Rubric>>;

/// The refusal listing every finding.
fn found(store: String, findings: Vec<Finding>) -> anyhow::Error {
    let details: Vec<String> = findings
        .iter()
        .map(|f| format!("  {}: {}: {}", f.check, f.entity, f.problem))
        .collect();
    UserError::new(
        format!("verify found {} problem(s) in {store}", findings.len()),
        "restore the last good backup (`qaudit verify --db BACKUP` first), and find out who changed the file outside qaudit",
    )
    .with_details(details)
    .into()
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
fn check_revision(rubrics: &Rubrics, rev: &StoredRevision, out: &mut Vec<Finding>) {
    let name = format!("evaluation {} revision {}", rev.evaluation, rev.revision);
    if rev.row_matches == Some(false) {
        out.push(finding(
            "evaluation",
            &format!("evaluation {}", rev.evaluation),
            "its stored result differs from its current revision",
        ));
    }
    let Some(rubric) = rubrics.get(&rev.rubric).and_then(|v| v.get(&rev.version)) else {
        out.push(finding(
            "evaluation",
            &name,
            format!("its rubric {} version {} is missing", rev.rubric, rev.version),
        ));
        return;
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
        return;
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
}
