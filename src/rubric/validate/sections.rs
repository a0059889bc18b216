//! Sections and their criteria: ids, weights, the scale each criterion answers on, and the
//! critical criteria.

use super::checker::{Checker, position};
use super::suggest_hint;
use crate::rubric::model::*;
use crate::rubric::path::YamlPath;
use crate::rubric::raw::*;
use std::collections::HashSet;

pub(super) fn check_sections(c: &mut Checker, raw: &RawRubric, scales: &[Scale], pass_mark: f64) -> Vec<Section> {
    let path = YamlPath::root().key("sections");
    let Some(raw_sections) = &raw.sections else {
        c.key(
            &YamlPath::root().key("sections"),
            "the rubric has no `sections`",
            "add `sections:` with at least one section of criteria",
        );
        return Vec::new();
    };
    if raw_sections.is_empty() {
        c.value(
            &path,
            "`sections` is empty: the rubric scores nothing",
            "add at least one section with criteria",
        );
    }
    let declared: Vec<&str> = raw.scales.iter().flat_map(|m| m.keys().map(String::as_str)).collect();
    let mut seen = HashSet::new();
    let mut sections = Vec::new();
    for (i, s) in raw_sections.iter().enumerate() {
        let p = path.index(i);
        let what = match &s.id {
            Some(id) => format!("section `{id}`"),
            None => format!("section {}", i + 1),
        };
        let id = c.required(&s.id, &p, "id", &what).cloned().unwrap_or_default();
        if s.id.is_some() {
            c.id(&id, &p.key("id"), true, &mut seen, "section");
        }
        let title = c.required(&s.title, &p, "title", &what).cloned().unwrap_or_default();
        let weight = c.weight(s.weight, &p.key("weight"));
        let target = match s.target {
            Some(t) => {
                c.within(t, &p.key("target"), 0.0, 100.0);
                t
            }
            None => pass_mark,
        };
        let mut criteria = Vec::new();
        match &s.criteria {
            None => c.key(
                &p.key("criteria"),
                format!("{what} has no `criteria`"),
                format!("add `criteria:` with at least one criterion to {what}"),
            ),
            Some(list) if list.is_empty() => c.value(
                &p.key("criteria"),
                format!("{what} has no criteria"),
                format!("add at least one criterion to {what}, or remove the section"),
            ),
            Some(list) => {
                let mut seen_c = HashSet::new();
                for (j, rc) in list.iter().enumerate() {
                    let cp = p.key("criteria").index(j);
                    if let Some(cr) =
                        check_criterion(c, rc, &cp, &id, scales, raw.scales.is_none(), &declared, &mut seen_c)
                    {
                        criteria.push(cr);
                    }
                }
            }
        }
        sections.push(Section {
            id,
            title,
            weight,
            target,
            criteria,
        });
    }
    sections
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_criterion(
    c: &mut Checker,
    rc: &RawCriterion,
    p: &YamlPath,
    section_id: &str,
    scales: &[Scale],
    raw_scales_missing: bool,
    declared: &[&str],
    seen: &mut HashSet<String>,
) -> Option<Criterion> {
    let what = match &rc.id {
        Some(id) => format!("criterion `{section_id}.{id}`"),
        None => format!("criterion {} of section `{section_id}`", position(p)),
    };
    let id = c.required(&rc.id, p, "id", &what).cloned();
    if let Some(id) = &id {
        c.id(id, &p.key("id"), true, seen, "criterion");
    }
    let text = c.required(&rc.text, p, "text", &what).cloned();
    let employee_text = rc.employee_text.as_ref().and_then(|t| {
        if t.trim().is_empty() {
            c.value(
                &p.key("employee_text"),
                format!("{what} has an empty `employee_text`"),
                "write the criterion as the employee's sheet should read it, or remove `employee_text`",
            );
            None
        } else {
            Some(t.trim().to_string())
        }
    });
    let scale = match c.required(&rc.scale, p, "scale", &what) {
        Some(name) => match scales.iter().find(|s| &s.name == name) {
            Some(s) => Some(s.clone()),
            // A declared scale with problems of its own, or no `scales` at all: reported already.
            None if declared.contains(&name.as_str()) || raw_scales_missing => None,
            None => {
                c.value(
                    &p.key("scale"),
                    format!("{what} uses scale `{name}`, which `scales` does not declare"),
                    suggest_hint(
                        name,
                        declared,
                        &format!(
                            "declare `{name}` under `scales`, or use one of: {}",
                            declared.join(", ")
                        ),
                    ),
                );
                None
            }
        },
        None => None,
    };
    let weight = c.weight(rc.weight, &p.key("weight"));
    let critical = rc.critical.unwrap_or(false);
    let fail_below = match (critical, rc.fail_below) {
        (false, Some(_)) => {
            c.key(
                &p.key("fail_below"),
                format!("{what} has `fail_below` but is not critical"),
                "add `critical: true`, or remove `fail_below`",
            );
            None
        }
        // The author wrote `critical: true` and meant "a bad answer fails": the scale's default.
        (true, None) => scale.as_ref().map(|s| s.kind.default_fail_below()),
        (true, Some(f)) => {
            if !f.is_finite() || f <= 0.0 || f > 1.0 {
                c.value(
                    &p.key("fail_below"),
                    format!("{what} has `fail_below: {f}`, outside (0, 1]: it could never fail"),
                    "give a normalised score above 0 and at most 1, e.g. 0.5",
                );
            }
            Some(f)
        }
        (false, None) => None,
    };
    let comment_required_below = rc.comment_required_below.and_then(|f| {
        if !f.is_finite() || f <= 0.0 || f > 1.0 {
            c.value(
                &p.key("comment_required_below"),
                format!("{what} has `comment_required_below: {f}`, outside (0, 1]"),
                "give a normalised score above 0 and at most 1, e.g. 0.5",
            );
            None
        } else {
            Some(f)
        }
    });
    let kpi = rc.kpi.as_ref().and_then(|k| {
        c.word(
            k,
            &p.key("kpi"),
            &[("resolution", Kpi::Resolution), ("first_contact", Kpi::FirstContact)],
        )
    });
    let (id, text, scale) = (id?, text?, scale?);
    Some(Criterion {
        key: format!("{section_id}.{id}"),
        id,
        text,
        employee_text,
        scale,
        weight,
        na: rc.na.unwrap_or(false),
        critical,
        fail_below,
        comment_required_below,
        kpi,
        guidance: rc.guidance.clone(),
        coaching: rc.coaching.clone(),
    })
}
