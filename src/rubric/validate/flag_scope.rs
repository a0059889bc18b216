//! The scope of a flag rule (issue 20): `section: ID` or `criterion: SECTION.CRITERION` makes
//! the rule's averages read that section's score, or that criterion's normalised score x 100,
//! instead of the overall score.
//!
//! Refused, each at its own place: an unknown section or criterion (with the closest known name
//! suggested), both fields on one rule (a rule reads one measure), and a critical-failure field
//! on a scope that holds no critical criterion. On a scope that does hold one, the critical
//! fields count the evaluations in which a critical criterion *of that scope* failed; on a
//! scope without one they could only ever count zero, so `max_critical_failures` would be
//! always met and `critical_failures_at_least` never: a rule that says nothing, refused.

use super::checker::Checker;
use super::suggest_hint;
use crate::rubric::model::FlagScope;
use crate::rubric::path::YamlPath;
use crate::rubric::raw::{RawFlag, RawRubric};

/// The scope of rule `f` at `p`, or `None` for an overall rule (or one refused here).
pub(super) fn check_scope(
    c: &mut Checker,
    raw: &RawRubric,
    f: &RawFlag,
    p: &YamlPath,
    what: &str,
) -> Option<FlagScope> {
    let sections: Vec<_> = raw.sections.iter().flatten().collect();
    let section_ids: Vec<&str> = sections.iter().filter_map(|s| s.id.as_deref()).collect();
    // (key, critical) of every criterion the file names.
    let criteria: Vec<(String, bool)> = sections
        .iter()
        .filter_map(|s| Some((s.id.as_deref()?, s.criteria.as_ref()?)))
        .flat_map(|(sid, cs)| {
            cs.iter()
                .filter_map(move |cr| Some((format!("{sid}.{}", cr.id.as_deref()?), cr.critical == Some(true))))
        })
        .collect();
    let keys: Vec<&str> = criteria.iter().map(|(k, _)| k.as_str()).collect();
    let scope = match (&f.section, &f.criterion) {
        (None, None) => return None,
        (Some(s), Some(cr)) => {
            c.key(
                &p.key("criterion"),
                format!("{what} names both `section: {s}` and `criterion: {cr}`; a rule reads one measure"),
                "keep `section` to reward or flag the whole section, or `criterion` for one criterion",
            );
            return None;
        }
        (Some(s), None) => {
            if !section_ids.contains(&s.as_str()) {
                c.value(
                    &p.key("section"),
                    format!("{what} names `section: {s}`, which is not a section of this rubric"),
                    suggest_hint(s, &section_ids, &format!("use one of: {}", section_ids.join(", "))),
                );
                return None;
            }
            FlagScope::Section(s.clone())
        }
        (None, Some(cr)) => {
            if !keys.contains(&cr.as_str()) {
                let fallback = if cr.contains('.') {
                    "name a criterion as `section.criterion`, as answers files do".to_string()
                } else {
                    format!(
                        "a criterion is named `section.criterion`, e.g. `{}`",
                        keys.first().unwrap_or(&"empathy.acknowledge")
                    )
                };
                c.value(
                    &p.key("criterion"),
                    format!("{what} names `criterion: {cr}`, which is not a criterion of this rubric"),
                    suggest_hint(cr, &keys, &fallback),
                );
                return None;
            }
            FlagScope::Criterion(cr.clone())
        }
    };
    let critical_inside = criteria.iter().any(|(key, critical)| {
        *critical
            && match &scope {
                FlagScope::Section(s) => key.split_once('.').is_some_and(|(sid, _)| sid == s),
                FlagScope::Criterion(k) => key == k,
            }
    });
    if !critical_inside {
        for (field, set) in [
            ("max_critical_failures", f.max_critical_failures.is_some()),
            ("critical_failures_at_least", f.critical_failures_at_least.is_some()),
        ] {
            if set {
                c.key(
                    &p.key(field),
                    format!(
                        "{what} has `{field}` but its {} `{}` holds no critical criterion, so it can never fail one",
                        scope.kind_name(),
                        scope.id()
                    ),
                    format!(
                        "remove `{field}`, or put it on a rule without `{}` to count critical failures of the whole evaluation",
                        scope.kind_name()
                    ),
                );
            }
        }
    }
    Some(scope)
}
