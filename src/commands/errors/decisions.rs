//! Hints for refused decisions on flags, and the whole refusal in Spanish for a Spanish team.

use super::Hint;
use crate::decisions::{Action, DecisionError as E};
use crate::error::UserError;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::rubric::FlagKind;
use crate::rubric::suggest::closest;
use crate::rubric::validate::suggest_hint;

pub(super) fn decision(e: &E) -> Hint {
    let hint = match e {
        E::EmptyNote => "say why in --note, e.g. --note \"Four excellent calls; bonus per the Q4 policy\"".into(),
        E::UnknownRule { rule, known } if known.is_empty() => {
            format!("no rubric has flag rules yet, so `{rule}` cannot fire; rules live under `flags:` in a rubric")
        }
        E::UnknownRule { rule, known } => {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            suggest_hint(rule, &names, &format!("the rules: {}", known.join(", ")))
        }
        E::AmbiguousRule { rubrics, .. } => format!("name the rubric with --rubric ({})", rubrics.join(" or ")),
        E::NotFiring { agent, as_of, .. } => format!(
            "a decision answers a flag that fires: `qaudit flags --agent {agent} --as-of {as_of}` shows what fires and why"
        ),
        E::WrongAction { kind, .. } => {
            let fitting: Vec<&str> = Action::ALL
                .into_iter()
                .filter(|a| a.fits(*kind))
                .map(Action::as_str)
                .collect();
            format!("actions for this flag: {}", fitting.join(", "))
        }
        E::AlreadyDecided { existing, .. } | E::AlreadyDecidedOnDays { existing, .. } => format!(
            "history is amended, never rewritten: record the new decision with --supersedes {existing} and say why in --note"
        ),
        E::NoSuchDecision { agent, rule, .. } => {
            format!("`qaudit flags decisions --agent {agent} --rule {rule}` lists the decisions it may supersede")
        }
        E::AlreadySuperseded { by, .. } => format!("supersede the standing decision instead: --supersedes {by}"),
        E::NotAllowed { .. } => {
            "act as a lead with --as LEAD_ID, or as the agent (--as AGENT_ID) to see your own decisions".into()
        }
    };
    (hint, Vec::new())
}

/// A refused decision in `lang` (issue 15: a Spanish team's lead reads why in Spanish): a
/// [`E`] anywhere in the chain becomes a message and hint from
/// `templates/labels/decision_refusals.yaml`; English, and anything else, pass unchanged to
/// [`super::for_cli`], which gives the library's message and the hint above.
pub fn in_language(e: anyhow::Error, lang: Lang) -> anyhow::Error {
    if lang == Lang::En || e.chain().any(|c| c.is::<UserError>()) {
        return e;
    }
    match e.chain().find_map(|c| c.downcast_ref::<E>()) {
        Some(d) => {
            let l = Labels::of("decision_refusals", lang);
            let (message, hint) = worded(d, &l);
            UserError::new(message, hint).into()
        }
        None => e,
    }
}

/// The message and hint of `e` in the labels' language.
fn worded(e: &E, l: &Labels) -> (String, String) {
    let day = |d: &dyn std::fmt::Display| {
        let text = d.to_string();
        crate::dates::in_lang(&text, l.lang()).unwrap_or(text)
    };
    let kind = |k: FlagKind| l.get(&format!("kind_{}", crate::flags::kind_name(k)));
    let actions = Labels::of("decisions", l.lang());
    // A stored action (`formal-review`) as the language says it.
    let said = |action: &str| match l.lang() {
        Lang::En => action.to_string(),
        _ => actions.get(&format!("action_{action}")),
    };
    match e {
        E::EmptyNote => (l.get("m_empty_note"), l.get("h_empty_note")),
        E::UnknownRule { rule, known } => {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            let hint = match closest(rule, &names) {
                _ if known.is_empty() => fill!(l, "h_no_rules", rule = rule),
                Some(best) => fill!(l, "h_did_you_mean", name = best),
                None => fill!(l, "h_rules", rules = known.join(", ")),
            };
            (fill!(l, "m_unknown_rule", rule = rule), hint)
        }
        E::AmbiguousRule { rule, rubrics } => (
            fill!(l, "m_ambiguous_rule", rule = rule, rubrics = rubrics.join(", ")),
            fill!(l, "h_ambiguous_rule", rubrics = rubrics.join(&l.get("or"))),
        ),
        E::NotFiring {
            agent,
            rubric,
            rule,
            as_of,
        } => (
            fill!(
                l,
                "m_not_firing",
                rule = rule,
                rubric = rubric,
                agent = agent,
                as_of = day(as_of)
            ),
            fill!(l, "h_not_firing", agent = agent, as_of = as_of),
        ),
        E::WrongAction { action, kind: k } => {
            // The action as the language says it, with the value `--action` takes.
            let named = |a: Action| format!("{} ({})", actions.get(&format!("action_{}", a.as_str())), a.as_str());
            let fitting: Vec<String> = Action::ALL.into_iter().filter(|a| a.fits(*k)).map(named).collect();
            (
                fill!(l, "m_wrong_action", action = action.as_str(), kind = kind(*k)),
                fill!(l, "h_wrong_action", actions = fitting.join(", ")),
            )
        }
        E::AlreadyDecided {
            existing,
            action,
            lead,
            as_of,
        } => (
            fill!(
                l,
                "m_already_decided",
                existing = existing,
                action = said(action),
                lead = lead,
                as_of = day(as_of)
            ),
            fill!(l, "h_already_decided", existing = existing),
        ),
        E::AlreadyDecidedOnDays {
            existing,
            action,
            lead,
            as_of,
            window,
        } => (
            fill!(
                l,
                "m_already_decided_on_days",
                existing = existing,
                action = said(action),
                lead = lead,
                as_of = day(as_of),
                from = day(&window.0),
                to = day(&window.1)
            ),
            fill!(l, "h_already_decided", existing = existing),
        ),
        E::NoSuchDecision { id, agent, rule } => (
            fill!(l, "m_no_such_decision", id = id, rule = rule, agent = agent),
            fill!(l, "h_no_such_decision", agent = agent, rule = rule),
        ),
        E::AlreadySuperseded { id, by } => (
            fill!(l, "m_already_superseded", id = id, by = by),
            fill!(l, "h_already_superseded", by = by),
        ),
        E::NotAllowed { actor } => (fill!(l, "m_not_allowed", actor = actor), l.get("h_not_allowed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_labels_say_what_the_library_and_its_hints_say() {
        let english = Labels::of("decision_refusals", Lang::En);
        let refusals = [
            E::EmptyNote,
            E::UnknownRule {
                rule: "x".into(),
                known: vec![],
            },
            E::AmbiguousRule {
                rule: "x".into(),
                rubrics: vec!["a".into(), "b".into()],
            },
            E::NotFiring {
                agent: "a-1".into(),
                rubric: "r".into(),
                rule: "x".into(),
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            },
            E::AlreadyDecided {
                existing: 3,
                action: "bonus".into(),
                lead: "lea".into(),
                as_of: "2026-11-30".into(),
            },
            E::AlreadyDecidedOnDays {
                existing: 3,
                action: "bonus".into(),
                lead: "lea".into(),
                as_of: "2026-11-30".into(),
                window: Box::new(("2026-11-01".into(), "2026-11-30".into())),
            },
            E::NoSuchDecision {
                id: 3,
                agent: "a-1".into(),
                rule: "x".into(),
            },
            E::AlreadySuperseded { id: 3, by: 4 },
            E::NotAllowed { actor: "a-2".into() },
        ];
        for e in &refusals {
            assert_eq!(worded(e, &english), (e.to_string(), decision(e).0), "{e:?}");
            let (message, hint) = worded(e, &Labels::of("decision_refusals", Lang::Es));
            assert!(!message.contains('{') && !hint.contains('{'), "{message} / {hint}");
            assert_ne!(message, e.to_string());
        }
    }
}
