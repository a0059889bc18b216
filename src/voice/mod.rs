//! The customer's voice beside the QA score (issue 19): the typed values an export or a survey
//! carries (CSAT, NPS, complaints, response times), the scrubbing of survey verbatims, business
//! hours and response targets. The statistics over them live in `stats`; the storage in
//! `store::voice`.

pub mod extra;
pub mod hours;
pub mod kpi;
pub mod scrub;
pub mod target;
pub mod values;
