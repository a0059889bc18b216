//! The scoring core called directly: sheets, checks, scores and eligibility, without the binary.

use super::*;
use crate::rubric::load::load_str;

/// DESIGN.md section 3's worked example, for phone calls only.
const RUBRIC: &str = "\
id: worked
version: 3
title: Worked example
language: en
subject: interaction
channels: [phone]
pass_mark: 70
critical_policy: zero_overall
na_policy: exclude
scales:
  yes_no: { type: binary }
  five: { type: range, min: 1, max: 5 }
  met: { type: choice, options: { met: 1.0, partly: 0.5, not_met: 0.0 } }
sections:
  - id: a
    title: A
    weight: 2
    criteria:
      - { id: c1, text: One, scale: yes_no }
      - { id: c2, text: Two, scale: five, weight: 3 }
  - id: b
    title: B
    criteria:
      - { id: c3, text: Three, scale: met }
      - { id: c4, text: Four, scale: yes_no, na: true }
";

fn rubric() -> Rubric {
    load_str("worked.yaml", RUBRIC)
        .expect("the test rubric is valid")
        .rubric
}

fn interaction(agent: &str, channel: &str) -> Interaction {
    Interaction {
        rowid: 1,
        id: "CALL-1".into(),
        channel: channel.into(),
        agent: agent.into(),
        occurred_at: "2026-11-02T10:00:00Z".into(),
        duration_s: None,
        customer: None,
        extra: None,
        withdrawn_at: None,
        withdraw_reason: None,
        voice: Default::default(),
        origin: None,
    }
}

#[test]
fn the_worked_example_scores_70_83() {
    let sheet = parse_sheet(
        "a.yaml",
        "answers:\n  a.c1: yes\n  a.c2: 4\n  b.c3: partly\n  b.c4: na\n",
    )
    .unwrap();
    let checked = check(&rubric(), &sheet, true).unwrap();
    let result = compute(&rubric(), &checked, false).unwrap();
    assert!((result.overall - 70.833_333).abs() < 1e-5, "{}", result.overall);
    assert!(result.passed);
}

#[test]
fn answers_that_do_not_fit_name_each_problem() {
    let sheet = parse_sheet("a.yaml", "answers:\n  a.c1: maybe\n  a.zz: yes\n").unwrap();
    match check(&rubric(), &sheet, true).unwrap_err() {
        ScoringError::Misfit {
            rubric,
            version,
            problems,
        } => {
            assert_eq!((rubric.as_str(), version), ("worked", 3));
            assert!(problems.iter().any(|p| p.to_string().contains("a.zz")), "{problems:?}");
            assert!(problems.iter().any(|p| p.to_string().contains("maybe")), "{problems:?}");
        }
        other => panic!("not a misfit: {other:?}"),
    }
    assert!(matches!(
        parse_sheet("a.yaml", "answer:\n  a.c1: yes\n"),
        Err(SheetError::Invalid { .. })
    ));
}

#[test]
fn a_draft_of_only_na_has_nothing_to_score() {
    let sheet = parse_sheet("a.yaml", "answers:\n  b.c4: na\n").unwrap();
    let checked = check(&rubric(), &sheet, false).unwrap();
    assert_eq!(compute(&rubric(), &checked, true), Err(ScoringError::NothingApplicable));
    let draft = parse_sheet("a.yaml", "answers:\n  a.c1: no\n").unwrap();
    let checked = check(&rubric(), &draft, false).unwrap();
    assert!(compute(&rubric(), &checked, true).is_ok());
    assert!(
        matches!(compute(&rubric(), &checked, false), Err(ScoringError::Missing(k)) if k.contains(&"a.c2".to_string()))
    );
}

#[test]
fn nobody_scores_their_own_or_a_withdrawn_interaction() {
    assert!(may_score("eva", &interaction("ana", "phone")).is_ok());
    assert_eq!(
        may_score("ana", &interaction("ana", "phone")),
        Err(Ineligible::OwnInteraction {
            evaluator: "ana".into(),
            interaction: "CALL-1".into()
        })
    );
    let mut gone = interaction("ana", "phone");
    gone.withdraw_reason = Some("duplicate".into());
    assert!(matches!(may_score("eva", &gone), Err(Ineligible::Withdrawn { reason, .. }) if reason == "duplicate"));
}

#[test]
fn the_rubric_must_fit_the_subject_and_channel() {
    assert!(fits_interaction(&rubric(), &interaction("ana", "phone")).is_ok());
    let e = fits_interaction(&rubric(), &interaction("ana", "chat")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "rubric worked is for phone; interaction CALL-1 is a chat"
    );
    let e = fits_subject(&rubric(), Subject::Visit).unwrap_err();
    assert_eq!(e.to_string(), "rubric worked scores interactions, not visits");
}

#[test]
fn a_submitted_evaluation_is_amended_and_a_draft_continued() {
    assert_eq!(continues(None, "CALL-1", "worked"), Ok(None));
    assert_eq!(continues(Some((7, Status::Draft)), "CALL-1", "worked"), Ok(Some(7)));
    assert!(matches!(
        continues(Some((7, Status::Submitted)), "CALL-1", "worked"),
        Err(Ineligible::AlreadyScored { evaluation: 7, .. })
    ));
}

#[test]
fn already_counted_needs_a_second_opinion() {
    let free = Standing {
        counted_other: None,
        is_assignee: false,
        assignee_draft: None,
    };
    assert_eq!(second_opinion(&free, "CALL-1", "worked", false), Ok(false));
    assert!(matches!(
        second_opinion(&free, "CALL-1", "worked", true),
        Err(Ineligible::NotASecondOpinion { .. })
    ));
    let counted = Standing {
        counted_other: Some((4, "lea".into())),
        ..free.clone()
    };
    let e = second_opinion(&counted, "CALL-1", "worked", false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "lea's evaluation 4 already counts for interaction CALL-1; one evaluation counts per contact"
    );
    assert_eq!(second_opinion(&counted, "CALL-1", "worked", true), Ok(true));
    // The sample's assignee always counts, whoever scored first.
    let assignee = Standing {
        is_assignee: true,
        ..counted
    };
    assert_eq!(second_opinion(&assignee, "CALL-1", "worked", false), Ok(false));
    let drafted = Standing {
        assignee_draft: Some((5, "ed".into())),
        ..free
    };
    assert!(matches!(
        second_opinion(&drafted, "CALL-1", "worked", false),
        Err(Ineligible::CountedElsewhere { why, .. }) if why.to_string().contains("ed, who has an open draft")
    ));
}
