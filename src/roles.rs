//! Staff roles: what a staff member may do in the store (DESIGN.md section 1). The command line
//! takes them as values (`staff add --role`), hence the clap derive on the domain type.

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Scores interactions.
    Evaluator,
    /// Logs mystery-shopper visits.
    Shopper,
    /// Reviews visits, resolves disputes, runs calibration.
    Lead,
}

impl Role {
    /// The role's word, as typed on the command line, stored, and shown in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Evaluator => "evaluator",
            Role::Shopper => "shopper",
            Role::Lead => "lead",
        }
    }
}
