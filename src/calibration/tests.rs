//! The session rules called directly, without the binary: who may score what, what the receipt
//! reveals, closing, progress, and a visit scored in a session.

use super::visit::{confirm_day, confirm_location, visit_at};
use super::*;
use crate::actor::{Actor, Channel, Denied};
use crate::roles::Role;
use crate::store::calibration::{Scoring, Session, SessionStatus, SessionSubject};
use crate::store::evaluations::{Status, SubjectRef};
use crate::store::visits::Visit;

fn subject(position: u32, subject: SubjectRef, location: Option<&str>) -> SessionSubject {
    let (kind, name, spec) = match subject {
        SubjectRef::Interaction(id) => ("interaction", format!("CALL-{id}"), format!("interaction:CALL-{id}")),
        SubjectRef::Visit(id) => ("visit", format!("visit {id}"), format!("visit:{id}")),
    };
    SessionSubject {
        position,
        subject,
        kind: kind.into(),
        name,
        spec,
        agent: None,
        location: location.map(str::to_string),
        occurred_at: None,
    }
}

/// Session 7: rubric call-quality version 2, subjects CALL-1 and CALL-2, participants eva and tom.
fn session(status: SessionStatus) -> Session {
    Session {
        id: 7,
        rubric: "call-quality".into(),
        rubric_version: 2,
        reference: None,
        tolerance: 5.0,
        status,
        created_by: "lea".into(),
        created_at: "2026-11-30T09:00:00Z".into(),
        closed_by: None,
        closed_at: None,
        subjects: vec![
            subject(1, SubjectRef::Interaction(1), None),
            subject(2, SubjectRef::Interaction(2), None),
        ],
        participants: vec!["eva".into(), "tom".into()],
    }
}

fn evaluator(id: &str) -> Actor {
    Actor::staff(id, vec![Role::Evaluator], Channel::Cli)
}

fn request(subject: SubjectRef, rubric: &str) -> ScoringRequest<'_> {
    ScoringRequest {
        session: 7,
        subject,
        subject_name: "CALL-1",
        rubric,
    }
}

fn attempt(
    actor: &Actor,
    req: &ScoringRequest<'_>,
    existing: Option<(i64, Status)>,
) -> Result<Participation, CalibrationError> {
    participation(actor, req, Some(session(SessionStatus::Open)), existing)
}

#[test]
fn a_participant_scores_a_subject_of_an_open_session() {
    let p = attempt(
        &evaluator("eva"),
        &request(SubjectRef::Interaction(1), "call-quality"),
        None,
    )
    .unwrap();
    assert_eq!((p.session.id, p.draft), (7, None));
}

#[test]
fn a_draft_is_completed_and_a_submitted_score_is_not_scored_again() {
    let req = request(SubjectRef::Interaction(1), "call-quality");
    let eva = evaluator("eva");
    assert_eq!(attempt(&eva, &req, Some((31, Status::Draft))).unwrap().draft, Some(31));
    let refused = attempt(&eva, &req, Some((32, Status::Submitted))).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "you already scored CALL-1 in calibration session 7 (evaluation 32)"
    );
}

#[test]
fn a_closed_or_missing_session_takes_no_scores() {
    let req = request(SubjectRef::Interaction(1), "call-quality");
    let eva = evaluator("eva");
    let closed = participation(&eva, &req, Some(session(SessionStatus::Closed)), None).unwrap_err();
    assert_eq!(closed, CalibrationError::Closed { id: 7 });
    let missing = participation(&eva, &req, None, None).unwrap_err();
    assert_eq!(missing.to_string(), "no calibration session 7");
}

#[test]
fn only_participants_score_and_the_refusal_lists_them() {
    let refused = attempt(
        &evaluator("ed"),
        &request(SubjectRef::Interaction(1), "call-quality"),
        None,
    )
    .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "`ed` is not a participant of calibration session 7"
    );
    assert!(
        matches!(&refused, CalibrationError::NotParticipant { participants, .. } if participants == &["eva", "tom"])
    );
}

#[test]
fn only_the_session_s_subjects_with_its_rubric() {
    let eva = evaluator("eva");
    let other = attempt(&eva, &request(SubjectRef::Interaction(3), "call-quality"), None).unwrap_err();
    assert!(
        matches!(&other, CalibrationError::NotASubject { subjects, .. } if subjects == &["interaction:CALL-1", "interaction:CALL-2"])
    );
    let rubric = attempt(&eva, &request(SubjectRef::Interaction(1), "chat-quality"), None).unwrap_err();
    assert_eq!(
        rubric.to_string(),
        "calibration session 7 scores with rubric call-quality (version 2), not chat-quality"
    );
}

#[test]
fn the_role_is_checked_first_and_follows_the_subject() {
    // An agent named like a participant is refused before the session is even looked at.
    let agent = Actor::agent("eva", Channel::Web);
    let refused = participation(&agent, &request(SubjectRef::Interaction(1), "x"), None, None).unwrap_err();
    assert!(matches!(refused, CalibrationError::Denied(Denied::NotStaff { .. })));
    // Visits are scored by shoppers: an evaluator participant may not score one.
    let visit = request(SubjectRef::Visit(4), "call-quality");
    let refused = attempt(&evaluator("eva"), &visit, None).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "`eva` may not score visits: that needs the shopper role"
    );
}

#[test]
fn the_receipt_reveals_no_score() {
    let p = attempt(
        &evaluator("eva"),
        &request(SubjectRef::Interaction(1), "call-quality"),
        None,
    )
    .unwrap();
    let receipt = p.receipt(40, "CALL-1", false);
    assert_eq!(
        serde_json::to_string(&receipt).unwrap(),
        r#"{"calibration":7,"evaluation":40,"sealed":true,"status":"submitted","subject":"CALL-1"}"#
    );
    assert_eq!(p.receipt(41, "CALL-1", true).status, Status::Draft);
    assert_eq!((receipt.rubric.as_str(), receipt.rubric_version), ("call-quality", 2));
}

#[test]
fn only_a_lead_closes_an_open_session() {
    let lea = Actor::staff("lea", vec![Role::Lead], Channel::Cli);
    assert!(matches!(
        may_close(&evaluator("eva"), 7, Some(session(SessionStatus::Open))),
        Err(CalibrationError::Denied(Denied::MissingRole { role: Role::Lead, .. }))
    ));
    assert_eq!(may_close(&lea, 7, None), Err(CalibrationError::NoSession { id: 7 }));
    assert_eq!(
        may_close(&lea, 7, Some(session(SessionStatus::Closed))),
        Err(CalibrationError::AlreadyClosed { id: 7 })
    );
    assert_eq!(may_close(&lea, 7, Some(session(SessionStatus::Open))).unwrap().id, 7);
    assert!(may_start(&evaluator("eva")).is_err());
    assert!(may_start(&lea).is_ok());
}

#[test]
fn progress_counts_submitted_and_drafts_against_subjects_times_participants() {
    let scoring = |evaluation, participant: &str, status| Scoring {
        evaluation,
        participant: participant.into(),
        position: 1,
        status,
        scored_at: String::new(),
    };
    let p = progress(
        &session(SessionStatus::Open),
        &[scoring(1, "eva", Status::Submitted), scoring(2, "tom", Status::Draft)],
    );
    assert_eq!(
        p,
        Progress {
            expected: 4,
            submitted: 1,
            drafts: 1
        }
    );
    assert_eq!(p.missing(), 3);
}

fn logged(id: i64, location: &str, visited_at: Option<&str>) -> Visit {
    Visit {
        id,
        location: location.into(),
        shopper: Some("sam".into()),
        staff_agent: Some("a-1".into()),
        status: "complete".into(),
        planned_for: None,
        plan: None,
        visited_at: visited_at.map(str::to_string),
        departed_at: None,
        wait_minutes: None,
        narrative: None,
        review_note: None,
        reviewed_by: None,
        evaluation: None,
        overall: None,
        attachments: Vec::new(),
    }
}

#[test]
fn the_visit_at_a_location_must_be_the_only_one_there() {
    let mut s = session(SessionStatus::Open);
    s.subjects = vec![
        subject(1, SubjectRef::Visit(4), Some("mad-01")),
        subject(2, SubjectRef::Visit(5), Some("bcn-02")),
        subject(3, SubjectRef::Visit(6), Some("bcn-02")),
    ];
    assert_eq!(visit_at(&s, "mad-01"), Ok(4));
    let refused = visit_at(&s, "bcn-02").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "say which visit of calibration session 7 you score at bcn-02"
    );
    assert!(visit_at(&s, "sev-03").is_err(), "no visit there at all");
}

#[test]
fn a_calibration_visit_is_checked_against_its_location_and_local_day() {
    let v = logged(4, "mad-01", Some("2026-11-20T23:30:00Z"));
    assert!(confirm_location(&v, "mad-01").is_ok());
    assert_eq!(
        confirm_location(&v, "bcn-02").unwrap_err().to_string(),
        "visit 4 was at mad-01, not bcn-02"
    );
    let madrid: chrono_tz::Tz = "Europe/Madrid".parse().unwrap();
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc();
    // 23:30 UTC is 00:30 the next day in Madrid.
    assert!(confirm_day(&v, at("2026-11-21T10:00:00Z"), "2026-11-21", madrid).is_ok());
    assert_eq!(
        confirm_day(&v, at("2026-11-20T10:00:00Z"), "2026-11-20", madrid)
            .unwrap_err()
            .to_string(),
        "visit 4 was on 2026-11-21, not on the day given (2026-11-20)"
    );
    assert!(confirm_day(&v, at("2026-11-20T10:00:00Z"), "x", chrono_tz::UTC).is_ok());
    assert!(
        confirm_day(&logged(5, "mad-01", None), at("2030-01-01T00:00:00Z"), "x", madrid).is_ok(),
        "a visit without a logged time is not checked"
    );
}

#[test]
fn the_report_input_lines_each_participant_up_with_their_submitted_score() {
    let rubric = crate::rubric::load_str(
        "t.yaml",
        "id: call-quality\nversion: 2\ntitle: T\nlanguage: en\nsubject: interaction\npass_mark: 80\n\
         critical_policy: flag_only\nna_policy: exclude\nscales:\n  yn: { type: binary }\n\
         sections:\n  - id: a\n    title: A\n    criteria:\n      - { id: greet, text: G, scale: yn }\n",
    )
    .unwrap_or_else(|d| panic!("{}", d[0].message))
    .rubric;
    let mut s = session(SessionStatus::Closed);
    s.subjects[0].agent = Some("a-1".into());
    let scores = [crate::store::calibration::ScoredEvaluation {
        evaluation: 9,
        participant: "tom".into(),
        position: 1,
        overall: 75.0,
        answers: vec![("a.greet".into(), "no".into())],
    }];
    let input = session::report_input(&s, &scores, &rubric, None, 3);
    assert_eq!(input.subjects.len(), 2);
    assert_eq!(input.subjects[0].agent.as_deref(), Some("a-1"));
    // In the order of the participants: eva did not submit, tom did.
    let first = &input.subjects[0].scores;
    assert!(first[0].is_none());
    let tom = first[1].as_ref().expect("tom's score");
    assert_eq!((tom.evaluation, tom.overall), (9, 75.0));
    assert_eq!(tom.answers.get("a.greet").map(String::as_str), Some("no"));
    assert!(input.subjects[1].scores.iter().all(Option::is_none));
    assert_eq!((input.header.id, input.seed), (7, 3));
}
