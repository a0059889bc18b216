//! The schema, as an ordered, append-only list of migrations.
//!
//! Migration N brings a store from `user_version` N-1 to N. Never edit or reorder an entry that
//! has shipped: add a new one at the end. Each runs in its own transaction.
//!
//! `meta` rows are records (`store::records`): a row a new migration adds to a store whose log
//! already records `meta` is named by `verify` until an audited fixup (`store::fixups`)
//! touches it.

/// Every migration, oldest first.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/01_rubrics_audit_meta.sql"),
    include_str!("migrations/02_people_subjects_evaluations.sql"),
    include_str!("migrations/03_work_queues_disputes_coaching_calibration.sql"),
    include_str!("migrations/04_interaction_history.sql"),
    include_str!("migrations/05_visit_reviews.sql"),
    include_str!("migrations/06_evaluator_reliability.sql"),
    include_str!("migrations/07_coaching_comments.sql"),
    include_str!("migrations/08_keyed_audit_log.sql"),
    include_str!("migrations/09_practice_and_mystery_subjects.sql"),
    include_str!("migrations/10_flag_decisions.sql"),
    include_str!("migrations/11_training_sessions.sql"),
    include_str!("migrations/12_hire_dates.sql"),
    include_str!("migrations/13_mystery_contacts.sql"),
    include_str!("migrations/14_customer_voice.sql"),
];

/// The schema version this binary writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
