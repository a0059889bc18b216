//! The languages reports are written in. A report takes `--lang`, hence the clap derive.

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
}
