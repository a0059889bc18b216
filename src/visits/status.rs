//! Where a visit is in its review: planned, complete (logged), approved or returned to the
//! shopper. `visit list --status` filters by it, hence the clap derive.

/// Where a visit is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VisitStatus {
    Planned,
    Complete,
    Approved,
    Returned,
}
